/* compnew.c - `witc component new`: the world of a core module, and how its
 * imports and exports map onto it (see compnew.h; the emission of the
 * component is compemit.c).
 *
 * Every `component-type*` custom section is decoded (wcomp + ctypes) and
 * turned into WIT (compdec); all of them, and those of the adapters, are
 * merged into one world `root:component/root`.  That world is encoded
 * again and decoded to a type model, so that every function's flat core
 * signature comes from cabi.h over the very types the component will have.
 */
#include "compnew_int.h"

#include "compdec.h"
#include "compwit.h"
#include "witenc.h"
#include "witint.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char CT_SECTION[] = "component-type";

int cn_fail(Cn *cn, CmErr code, const char *fmt, ...)
{
    if (!cn->rc) {
        cn->rc = code;
        va_list ap;
        va_start(ap, fmt);
        buf_str(cn->msg, "witc: error: ");
        buf_vprintf(cn->msg, fmt, ap);
        va_end(ap);
    }
    return 0;
}

static int is_ct_section(const WName *n)
{
    size_t l = sizeof CT_SECTION - 1;
    return n->len >= l && !memcmp(n->str, CT_SECTION, l) && (n->len == l || n->str[l] == ':');
}

CmErr compnew_embed(Arena *a, WModule *m, const uint8_t *p, size_t n)
{
    WCustom *c = ARENA_ARRAY(a, WCustom, (size_t)m->ncustoms + 1);
    if (!c || n > UINT32_MAX)
        return CM_E_OOM;
    if (m->ncustoms)
        memcpy(c, m->customs, m->ncustoms * sizeof *c);
    /* After the data section: the encoder writes it last, as wasm-tools does. */
    c[m->ncustoms] = (WCustom){.name = {CT_SECTION, sizeof CT_SECTION - 1},
                               .payload = {p, (uint32_t)n},
                               .after = WSEC_DATA};
    m->customs = c;
    m->ncustoms++;
    return CM_OK;
}

/* The world component type inside a component-type payload. */
static const CtType *payload_world(const CtModel *m)
{
    const CtType *ct = m->type;
    if (ct->nimports || ct->nexports != 1)
        return NULL;
    const CtExtern *x = &ct->exports[0];
    if (x->kind != CT_EXT_TYPE || !x->type || x->type->kind != CT_COMPONENT ||
        x->type->nexports != 1 || x->type->exports[0].kind != CT_EXT_COMPONENT)
        return NULL;
    return x->type->exports[0].type;
}

/* The `wit-component-encoding` byte of a payload (0 utf8 when absent). */
static uint8_t payload_encoding(const WcComponent *c)
{
    for (uint32_t i = 0; i < c->nsections; i++) {
        const WcSection *s = &c->sections[i];
        if (s->id == WC_SEC_CUSTOM && s->u.custom.name.len == 22 &&
            !memcmp(s->u.custom.name.s, "wit-component-encoding", 22) &&
            s->u.custom.data.len == 2)
            return s->u.custom.data.data[1];
    }
    return 0;
}

/* Merge the worlds of every component-type section of m into cn's world. */
static int read_worlds(Cn *cn, const WModule *m, const char *file, int *found)
{
    static const WitPkgName root = {"root", "component", NULL};
    for (uint32_t i = 0; i < m->ncustoms; i++) {
        const WCustom *cs = &m->customs[i];
        if (!is_ct_section(&cs->name))
            continue;
        *found = 1;
        WcComponent *c;
        CtModel *model;
        CmError e;
        CmErr rc = wcomp_decode(&cn->arena, cs->payload.data, cs->payload.len, &c, &e);
        if (!rc)
            rc = ct_build(&cn->arena, c, &model, &e);
        if (rc) {
            char line[400];
            /* offsets in the file, not in the payload */
            if (e.offset != CM_NO_OFFSET && m->bytes && cs->payload.data >= m->bytes &&
                cs->payload.data <= m->bytes + m->len)
                e.offset += (uint64_t)(cs->payload.data - m->bytes);
            err_format(&e, file, line, sizeof line);
            cn->rc = rc;
            buf_printf(cn->msg, "%s (in custom section '%.*s')", line, (int)cs->name.len,
                       cs->name.str);
            return 0;
        }
        const CtType *w = payload_world(model);
        if (!w)
            return cn_fail(cn, CM_E_UNSUPPORTED, "%s: custom section '%.*s' does not hold a world",
                           file, (int)cs->name.len, cs->name.str);
        cn->encoding = payload_encoding(c);
        char text[300];
        CompUses uses = {0};
        if (!compdec_uses_decls(&cn->arena, world_decls(c), world_ndecls(c), &uses))
            return cn_fail(cn, CM_E_OOM, "out of memory");
        if ((rc = compdec_world(&cn->r, w, &uses, &root, "root", 0, &cn->world, text, sizeof text)))
            return cn_fail(cn, rc, "%s: %s", file, text);
    }
    return 1;
}

/* Same semver track: equal major, and equal minor while major is 0. */
static int same_track(const char *a, const char *b)
{
    unsigned am = 0, an = 0, bm = 0, bn = 0;
    if (!a || !b || sscanf(a, "%u.%u", &am, &an) != 2 || sscanf(b, "%u.%u", &bm, &bn) != 2)
        return 0;
    return am == bm && (am != 0 || an == bn);
}

/* Imports of one interface at versions on the same semver track become
 * one import of the highest version (the lower ones are compatible). */
static void merge_versions(Cn *cn)
{
    WitResolve *r = &cn->r;
    WitItemList *l = &r->worlds[cn->world].imports;
    uint32_t k = 0;
    for (uint32_t i = 0; i < l->n; i++) {
        const WitWorldItem *it = &l->items[i];
        int drop = 0;
        if (it->kind == WIT_ITEM_IFACE && !it->key_name) {
            const WitIface *a = &r->ifaces[it->id];
            const WitPkgName *pa = &r->packages[a->package].name;
            for (uint32_t j = 0; j < l->n && !drop; j++) {
                const WitWorldItem *o = &l->items[j];
                if (j == i || o->kind != WIT_ITEM_IFACE || o->key_name)
                    continue;
                const WitIface *b = &r->ifaces[o->id];
                const WitPkgName *pb = &r->packages[b->package].name;
                if (strcmp(a->name, b->name) || strcmp(pa->ns, pb->ns) || strcmp(pa->name, pb->name) ||
                    !same_track(pa->version, pb->version))
                    continue;
                int c = wit_semver_cmp(pa->version, pb->version);
                drop = c < 0 || (c == 0 && j < i);
            }
        }
        if (!drop)
            l->items[k++] = *it;
    }
    l->n = k;
}

/* Encode the merged world and build its type model: cn->wct. */
static int world_model(Cn *cn)
{
    Buf b;
    buf_init(&b);
    CmError e;
    CmErr rc = witenc_world(&cn->r, cn->world, WITENC_UTF8, &b, &e);
    if (rc) {
        buf_release(&b);
        return cn_fail(cn, rc, "cannot encode the world: %s", e.detail);
    }
    uint8_t *copy = arena_memdup(&cn->arena, b.data, b.len);
    size_t len = b.len;
    buf_release(&b);
    WcComponent *c;
    CtModel *m;
    if (!copy)
        return cn_fail(cn, CM_E_OOM, "out of memory");
    if ((rc = wcomp_decode(&cn->arena, copy, len, &c, &e)) || (rc = ct_build(&cn->arena, c, &m, &e)))
        return cn_fail(cn, rc, "internal: the merged world does not decode: %s", e.detail);
    cn->wct = payload_world(m);
    return cn->wct ? 1 : cn_fail(cn, CM_E_UNSUPPORTED, "internal: no world");
}

static const CtExtern *find_ext(const CtExtern *x, uint32_t n, const char *name)
{
    for (uint32_t i = 0; i < n; i++)
        if (!strcmp(x[i].name, name))
            return &x[i];
    return NULL;
}

/* The model type of function `fname` of item `iname` (NULL: world level). */
const CtType *cn_func_type(const Cn *cn, int is_import, const char *iname, const char *fname)
{
    const CtType *w = cn->wct;
    const CtExtern *list = is_import ? w->imports : w->exports;
    uint32_t n = is_import ? w->nimports : w->nexports;
    if (!iname) {
        const CtExtern *x = find_ext(list, n, fname);
        return x && x->kind == CT_EXT_FUNC ? x->type : NULL;
    }
    const CtExtern *x = find_ext(list, n, iname);
    if (!x || x->kind != CT_EXT_INSTANCE)
        return NULL;
    x = find_ext(x->type->exports, x->type->nexports, fname);
    return x && x->kind == CT_EXT_FUNC ? x->type : NULL;
}

void cn_sig_text(Buf *b, const CabiFlat *p, uint32_t np, const CabiFlat *r, uint32_t nr)
{
    buf_byte(b, '(');
    for (uint32_t i = 0; i < np; i++)
        buf_printf(b, "%s%s", i ? ", " : "", cabi_flat_name(p[i]));
    buf_str(b, ") -> ");
    if (nr == 1) {
        buf_str(b, cabi_flat_name(r[0]));
        return;
    }
    buf_byte(b, '(');
    for (uint32_t i = 0; i < nr; i++)
        buf_printf(b, "%s%s", i ? ", " : "", cabi_flat_name(r[i]));
    buf_byte(b, ')');
}

static int flat_of(uint8_t vt, CabiFlat *out)
{
    switch (vt) {
    case WT_I32: *out = CABI_I32; return 1;
    case WT_I64: *out = CABI_I64; return 1;
    case WT_F32: *out = CABI_F32; return 1;
    case WT_F64: *out = CABI_F64; return 1;
    default: return 0;
    }
}

/* Compare a core function type with a flat signature; on a mismatch the
 * error names `what` and both signatures. */
int cn_check_sig(Cn *cn, const char *what, const WFuncType *ft, const CabiFlat *p, uint32_t np,
                 const CabiFlat *r, uint32_t nr)
{
    int same = ft->nparams == np && ft->nresults == nr;
    CabiFlat cp[64], cr[64];
    uint32_t ncp = 0, ncr = 0, ok = 1;
    for (uint32_t i = 0; i < ft->nparams && ncp < 64; i++)
        ok &= flat_of(ft->params[i], &cp[ncp++]);
    for (uint32_t i = 0; i < ft->nresults && ncr < 64; i++)
        ok &= flat_of(ft->results[i], &cr[ncr++]);
    for (uint32_t i = 0; same && i < np; i++)
        same = cp[i] == p[i];
    for (uint32_t i = 0; same && i < nr; i++)
        same = cr[i] == r[i];
    if (same && ok)
        return 1;
    Buf a, b;
    buf_init(&a);
    buf_init(&b);
    cn_sig_text(&a, cp, ncp, cr, ncr);
    cn_sig_text(&b, p, np, r, nr);
    cn_fail(cn, CM_E_UNSUPPORTED, "%s has core type %s, but the world expects %s", what,
            ok ? buf_cstr(&a) : "(a non-numeric type)", buf_cstr(&b));
    buf_release(&a);
    buf_release(&b);
    return 0;
}

/* The options a lift or lower of ft needs. */
static int mentions(const CtType *t, int strings_only)
{
    if (!t)
        return 0;
    switch (t->kind) {
    case CT_STRING: return 1;
    case CT_LIST: return !strings_only || mentions(t->elem, 1);
    case CT_RECORD: case CT_VARIANT:
        for (uint32_t i = 0; i < t->n; i++)
            if (mentions(t->fields[i].type, strings_only))
                return 1;
        return 0;
    case CT_TUPLE:
        for (uint32_t i = 0; i < t->n; i++)
            if (mentions(t->types[i], strings_only))
                return 1;
        return 0;
    case CT_OPTION: return mentions(t->elem, strings_only);
    case CT_RESULT: return mentions(t->elem, strings_only) || mentions(t->err, strings_only);
    default: return 0;
    }
}

void cn_opts(const CtType *ft, const CabiSig *sig, int lift, CnOpts *o)
{
    int pdata = 0, pstr = 0;
    for (uint32_t i = 0; i < ft->n; i++) {
        pdata |= mentions(ft->fields[i].type, 0);
        pstr |= mentions(ft->fields[i].type, 1);
    }
    int rdata = mentions(ft->result, 0), rstr = mentions(ft->result, 1);
    memset(o, 0, sizeof *o);
    o->memory = pdata || rdata || sig->params_indirect || sig->results_indirect;
    o->realloc = lift ? (pdata || sig->params_indirect) : rdata;
    o->utf8 = pstr || rstr;
}

/* The preview-1 adapter has no stack of its own until someone gives it one:
 * like wit-component, add a start function that takes 64 KiB from the
 * allocator it imports (`__main_module__` `cabi_realloc`) and sets the
 * stack pointer (global 0, as wasm-ld lays them out), guarded by the
 * adapter's allocation state (the global `get_allocation_state` reads). */
static int adapter_add_stack(Cn *cn, WModule *m)
{
    uint32_t get_state = WIT_NONE, realloc = WIT_NONE, state;
    for (uint32_t i = 0; m->names && i < m->names->nfuncs; i++)
        if (!strcmp(m->names->funcs[i].name.str, "get_allocation_state"))
            get_state = m->names->funcs[i].index;
    for (uint32_t i = 0, f = 0; i < m->nimports; i++) {
        if (m->imports[i].kind != WEXT_FUNC)
            continue;
        if (!strcmp(m->imports[i].module.str, "__main_module__") &&
            !strcmp(m->imports[i].field.str, "cabi_realloc"))
            realloc = f;
        f++;
    }
    if (m->has_start || get_state == WIT_NONE || realloc == WIT_NONE ||
        get_state < m->nfunc_imports || m->nglobals == 0)
        return 1;
    const WBody *gb = &m->bodies[get_state - m->nfunc_imports];
    if (gb->code.len < 3 || gb->code.data[0] != 0x23)
        return 1;
    state = 0; /* the index may be a padded LEB128 (a linker's relocation) */
    for (uint32_t i = 1, shift = 0; i < gb->code.len && i < 6; i++, shift += 7) {
        state |= (uint32_t)(gb->code.data[i] & 0x7f) << shift;
        if (!(gb->code.data[i] & 0x80))
            break;
    }
    /* a [] -> [] type */
    uint32_t ty = WIT_NONE;
    for (uint32_t i = 0; i < m->ntypes && ty == WIT_NONE; i++)
        if (!m->types[i].nparams && !m->types[i].nresults)
            ty = i;
    if (ty == WIT_NONE) {
        WFuncType *t = ARENA_ARRAY(&cn->arena, WFuncType, (size_t)m->ntypes + 1);
        if (!t)
            return cn_fail(cn, CM_E_OOM, "out of memory");
        memcpy(t, m->types, m->ntypes * sizeof *t);
        t[m->ntypes] = (WFuncType){0, 0, NULL, NULL};
        m->types = t;
        ty = m->ntypes++;
    }
    Buf b;
    buf_init(&b);
    static const uint8_t k64[] = {0x41, 0x80, 0x80, 0x04}; /* i32.const 65536 */
    buf_byte(&b, 0x23); buf_uleb(&b, state); buf_byte(&b, 0x45); /* state == 0 */
    buf_byte(&b, 0x04); buf_byte(&b, 0x40);
    buf_byte(&b, 0x41); buf_byte(&b, 0x01); buf_byte(&b, 0x24); buf_uleb(&b, state);
    buf_byte(&b, 0x41); buf_byte(&b, 0x00); buf_byte(&b, 0x41); buf_byte(&b, 0x00);
    buf_byte(&b, 0x41); buf_byte(&b, 0x08); buf_put(&b, k64, sizeof k64);
    buf_byte(&b, 0x10); buf_uleb(&b, realloc);
    buf_put(&b, k64, sizeof k64); buf_byte(&b, 0x6a); buf_byte(&b, 0x24); buf_uleb(&b, 0);
    buf_byte(&b, 0x41); buf_byte(&b, 0x02); buf_byte(&b, 0x24); buf_uleb(&b, state);
    buf_byte(&b, 0x0b); buf_byte(&b, 0x0b);
    uint8_t *code = b.failed ? NULL : arena_memdup(&cn->arena, b.data, b.len);
    uint32_t len = (uint32_t)b.len;
    buf_release(&b);
    uint32_t *ft = ARENA_ARRAY(&cn->arena, uint32_t, (size_t)m->nfuncs + 1);
    WBody *bodies = ARENA_ARRAY(&cn->arena, WBody, (size_t)m->nfuncs + 1);
    if (!code || !ft || !bodies)
        return cn_fail(cn, CM_E_OOM, "out of memory");
    memcpy(ft, m->func_types, m->nfuncs * sizeof *ft);
    memcpy(bodies, m->bodies, m->nfuncs * sizeof *bodies);
    ft[m->nfuncs] = ty;
    bodies[m->nfuncs] = (WBody){.code = {code, len}};
    m->func_types = ft;
    m->bodies = bodies;
    m->has_start = 1;
    m->start = m->nfunc_imports + m->nfuncs++;
    return 1;
}

CmErr compnew_build(const CompNewInput *in, Buf *out, Buf *msg)
{
    Cn cn;
    memset(&cn, 0, sizeof cn);
    cn.msg = msg;
    cn.world = WIT_NONE;
    arena_init(&cn.arena);
    wit_resolve_init(&cn.r, NULL);
    CmError e;
    int found = 0;
    if (wmod_decode(&cn.arena, in->data, in->len, &cn.main, &e)) {
        char line[400];
        err_format(&e, in->file, line, sizeof line);
        buf_str(msg, line);
        cn.rc = e.code;
        goto done;
    }
    cn.main_file = in->file;
    if (!read_worlds(&cn, cn.main, in->file, &found))
        goto done;
    for (uint32_t i = 0; i < in->nadapters; i++) {
        CnAdapter *ad = &cn.adapters[cn.nadapters];
        ad->name = in->adapters[i].name;
        ad->file = in->adapters[i].file;
        if (wmod_decode(&cn.arena, in->adapters[i].data, in->adapters[i].len, &ad->m, &e)) {
            char line[400];
            err_format(&e, ad->file, line, sizeof line);
            buf_str(msg, line);
            cn.rc = e.code;
            goto done;
        }
        if (!ad->name) {
            const char *slash = strrchr(ad->file, '/');
            const char *base = slash ? slash + 1 : ad->file;
            const char *dot = strchr(base, '.');
            ad->name = arena_strndup(&cn.arena, base, dot ? (size_t)(dot - base) : strlen(base));
        }
        int afound = 0;
        if (!read_worlds(&cn, ad->m, ad->file, &afound) || !adapter_add_stack(&cn, ad->m))
            goto done;
        cn.nadapters++;
    }
    if (!found && !cn.nadapters) {
        buf_printf(msg,
                   "%s: error: the module has no 'component-type' custom section (bind it to a "
                   "WIT world with 'witc component embed WIT %s' first)",
                   in->file, in->file);
        cn.rc = CM_E_UNSUPPORTED;
        goto done;
    }
    if (cn.world == WIT_NONE) {
        cn_fail(&cn, CM_E_UNSUPPORTED, "no component-type custom section in any input");
        goto done;
    }
    merge_versions(&cn);
    cn_standard_names(&cn, cn.main);
    if (!world_model(&cn) || !cn_classify(&cn) || !cn_adapter_stubs(&cn) || !cn_prune(&cn))
        goto done;
    cn_emit(&cn, out);
done:
    wit_resolve_release(&cn.r);
    arena_release(&cn.arena);
    if (!cn.rc && out->failed)
        cn.rc = CM_E_OOM;
    return cn.rc;
}
