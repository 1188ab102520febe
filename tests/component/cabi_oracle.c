/* cabi_oracle.c COMPONENT CORE [COMPONENT CORE...] - check our flattening
 * against wit-component's: CORE is the dummy core module that
 * `wasm-tools component embed --dummy-names legacy` made for a world and
 * COMPONENT is what `wasm-tools component new` made of it.  For every core
 * import (a lowered function) the core type must be
 * cabi_flatten_func(LOWER) of the component function it names; for every
 * export (a lifted function) cabi_flatten_func(LIFT); cabi_post_* takes the
 * flat lift results; resource intrinsics and destructors take i32s.
 * A small reader of the core type/import/function/export sections is
 * enough here (the real core decoder lives elsewhere). */
#include "cabi.h"
#include "ctypes.h"
#include "fileio.h"
#include "reader.h"
#include "vec.h"
#include "wcomp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct CoreSig {
    uint8_t p[64], r[8];
    uint32_t np, nr;
} CoreSig;

typedef struct CoreFunc {
    const char *module, *name; /* import: module + name; export: name */
    uint32_t mlen, nlen;
    uint32_t type;
    int is_import;
} CoreFunc;

typedef struct Core {
    VEC(CoreSig) types;
    VEC(CoreFunc) imports; /* func imports, in function index order */
    VEC(uint32_t) funcs;   /* type of each defined func */
    VEC(CoreFunc) exports; /* func exports */
} Core;

static int bad_core(const char *what)
{
    fprintf(stderr, "core reader: %s\n", what);
    return 1;
}

static int read_core(const uint8_t *p, const uint8_t *end, Core *c)
{
    p += 8;
    while (p < end) {
        uint8_t id;
        uint32_t size, n;
        if (rd_u8(&p, end, &id) || rd_uleb32(&p, end, &size) || size > (size_t)(end - p))
            return bad_core("section header");
        const uint8_t *send = p + size, *q = p;
        p = send;
        if (id != 1 && id != 2 && id != 3 && id != 7)
            continue;
        if (rd_uleb32(&q, send, &n))
            return bad_core("count");
        for (uint32_t i = 0; i < n; i++) {
            uint8_t b;
            if (id == 1) {
                CoreSig s = {0};
                if (rd_u8(&q, send, &b) || b != 0x60 || rd_uleb32(&q, send, &s.np) || s.np > 64)
                    return bad_core("func type");
                for (uint32_t k = 0; k < s.np; k++)
                    rd_u8(&q, send, &s.p[k]);
                if (rd_uleb32(&q, send, &s.nr) || s.nr > 8)
                    return bad_core("results");
                for (uint32_t k = 0; k < s.nr; k++)
                    rd_u8(&q, send, &s.r[k]);
                VEC_PUSH(&c->types, s);
            } else if (id == 2) {
                CoreFunc f = {0};
                f.is_import = 1;
                if (rd_name(&q, send, &f.module, &f.mlen) || rd_name(&q, send, &f.name, &f.nlen) ||
                    rd_u8(&q, send, &b))
                    return bad_core("import");
                if (b == 0) {
                    rd_uleb32(&q, send, &f.type);
                    VEC_PUSH(&c->imports, f);
                } else if (b == 2) { /* memory: limits */
                    uint8_t fl;
                    uint32_t v;
                    rd_u8(&q, send, &fl);
                    rd_uleb32(&q, send, &v);
                    if (fl & 1)
                        rd_uleb32(&q, send, &v);
                } else {
                    return bad_core("unexpected import kind");
                }
            } else if (id == 3) {
                uint32_t t;
                rd_uleb32(&q, send, &t);
                VEC_PUSH(&c->funcs, t);
            } else {
                CoreFunc f = {0};
                uint32_t idx;
                if (rd_name(&q, send, &f.name, &f.nlen) || rd_u8(&q, send, &b) || rd_uleb32(&q, send, &idx))
                    return bad_core("export");
                if (b != 0)
                    continue;
                f.type = idx < c->imports.len ? c->imports.data[idx].type
                                              : c->funcs.data[idx - c->imports.len];
                VEC_PUSH(&c->exports, f);
            }
        }
    }
    return 0;
}

static const CtExtern *find(const CtExtern *v, uint32_t n, const char *name, size_t len)
{
    for (uint32_t i = 0; i < n; i++)
        if (strlen(v[i].name) == len && !memcmp(v[i].name, name, len))
            return &v[i];
    return NULL;
}

/* The component function named by (interface, func), or NULL. */
static const CtType *component_func(const CtExtern *list, uint32_t n, const char *iface, size_t ilen,
                                    const char *fn, size_t flen)
{
    const CtExtern *x;
    if (!iface) {
        x = find(list, n, fn, flen);
    } else {
        const CtExtern *i = find(list, n, iface, ilen);
        x = i && i->kind == CT_EXT_INSTANCE ? find(i->type->exports, i->type->nexports, fn, flen) : NULL;
    }
    return x && x->kind == CT_EXT_FUNC ? x->type : NULL;
}

static uint8_t code(CabiFlat f)
{
    static const uint8_t codes[] = {0x7f, 0x7e, 0x7d, 0x7c};
    return codes[f];
}

static int same(const CoreSig *got, const uint8_t *p, uint32_t np, const uint8_t *r, uint32_t nr)
{
    return got->np == np && got->nr == nr && !memcmp(got->p, p, np) && !memcmp(got->r, r, nr);
}

static int check_sig(const char *what, const char *name, uint32_t nlen, const CoreSig *got,
                     const CtType *ft, CabiContext ctx, int post)
{
    CabiSig s;
    uint8_t p[32], r[2];
    if (cabi_flatten_func(ft, ctx, &s))
        return 1;
    uint32_t np = 0, nr = 0;
    if (post) { /* cabi_post_*: the flat results of the lift */
        for (uint32_t i = 0; i < s.nresults; i++)
            p[np++] = code(s.results[i]);
    } else {
        for (uint32_t i = 0; i < s.nparams; i++)
            p[np++] = code(s.params[i]);
        for (uint32_t i = 0; i < s.nresults; i++)
            r[nr++] = code(s.results[i]);
    }
    if (same(got, p, np, r, nr))
        return 0;
    fprintf(stderr, "%s '%.*s': core type (%u params, %u results) differs from ours (%u, %u)\n", what,
            (int)nlen, name, got->np, got->nr, np, nr);
    return 1;
}

static int starts(const char *s, uint32_t len, const char *prefix)
{
    size_t n = strlen(prefix);
    return len >= n && !memcmp(s, prefix, n);
}

static int check_pair(const char *comp_path, const char *core_path, int *checked)
{
    uint8_t *cd, *kd;
    size_t clen, klen;
    if (file_read(comp_path, &cd, &clen) || file_read(core_path, &kd, &klen))
        return bad_core("cannot read inputs");
    Arena a;
    arena_init(&a);
    WcComponent *wc;
    CtModel *m;
    CmError err;
    Core core = {0};
    int bad = 0;
    if (wcomp_decode(&a, cd, clen, &wc, &err) || ct_build(&a, wc, &m, &err) || read_core(kd, kd + klen, &core)) {
        fprintf(stderr, "%s: cannot read\n", comp_path);
        bad = 1;
        goto done;
    }
    static const uint8_t i32[] = {0x7f};
    for (size_t i = 0; i < core.imports.len; i++) {
        const CoreFunc *f = &core.imports.data[i];
        const CoreSig *sig = &core.types.data[f->type];
        if (starts(f->name, f->nlen, "[resource-")) {
            int drop = starts(f->name, f->nlen, "[resource-drop]");
            bad += !same(sig, i32, 1, i32, drop ? 0 : 1);
            (*checked)++;
            continue;
        }
        int root = f->mlen == 5 && !memcmp(f->module, "$root", 5);
        const CtType *ft = component_func(m->type->imports, m->type->nimports, root ? NULL : f->module,
                                          f->mlen, f->name, f->nlen);
        if (!ft) {
            fprintf(stderr, "%s: no component import for %.*s.%.*s\n", comp_path, (int)f->mlen, f->module,
                    (int)f->nlen, f->name);
            bad++;
            continue;
        }
        bad += check_sig("import", f->name, f->nlen, sig, ft, CABI_LOWER, 0);
        (*checked)++;
    }
    for (size_t i = 0; i < core.exports.len; i++) {
        const CoreFunc *f = &core.exports.data[i];
        const CoreSig *sig = &core.types.data[f->type];
        const char *name = f->name;
        uint32_t len = f->nlen;
        int post = starts(name, len, "cabi_post_");
        if (post)
            name += 10, len -= 10;
        if (starts(name, len, "cabi_") || starts(name, len, "_initialize"))
            continue;
        const char *hash = memchr(name, '#', len);
        if (hash && starts(hash + 1, (uint32_t)(name + len - hash - 1), "[dtor]")) {
            bad += !same(sig, i32, 1, i32, 0);
            (*checked)++;
            continue;
        }
        const CtType *ft = hash ? component_func(m->type->exports, m->type->nexports, name,
                                                 (size_t)(hash - name), hash + 1,
                                                 (size_t)(name + len - hash - 1))
                                : component_func(m->type->exports, m->type->nexports, NULL, 0, name, len);
        if (!ft) {
            fprintf(stderr, "%s: no component export for %.*s\n", comp_path, (int)f->nlen, f->name);
            bad++;
            continue;
        }
        bad += check_sig(post ? "post-return" : "export", f->name, f->nlen, sig, ft, CABI_LIFT, post);
        (*checked)++;
    }
done:
    VEC_FREE(&core.types);
    VEC_FREE(&core.imports);
    VEC_FREE(&core.funcs);
    VEC_FREE(&core.exports);
    arena_release(&a);
    free(cd);
    free(kd);
    return bad;
}

int main(int argc, char **argv)
{
    int bad = 0, checked = 0;
    for (int i = 1; i + 1 < argc; i += 2)
        bad += check_pair(argv[i], argv[i + 1], &checked);
    printf("%d core signatures checked, %d differ\n", checked, bad);
    return bad || checked < 100 ? 1 : 0;
}
