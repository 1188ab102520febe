/* compprint.c - WIT text in wasm-tools' layout (see compprint.h). */
#include "compprint.h"

#include "witprint.h"

#include <stdlib.h>
#include <string.h>

typedef struct Pr {
    const WitResolve *r;
    Buf *b;
    int ind;
    int any;      /* an item was printed in this block: blank line before the next */
    uint32_t pkg; /* package of the block: decides short or full interface paths */
} Pr;

static void id(Pr *p, const char *name)
{
    witprint_id(name, p->b);
}

static void indent(Pr *p)
{
    for (int i = 0; i < p->ind; i++)
        buf_str(p->b, "  ");
}

static void new_item(Pr *p)
{
    if (p->any)
        buf_byte(p->b, '\n');
    p->any = 1;
}

static void ty(Pr *p, WitTy t)
{
    witprint_type(p->r, t, p->b);
}

static void iface_path(Pr *p, uint32_t iface)
{
    const WitIface *it = &p->r->ifaces[iface];
    if (it->package != p->pkg) {
        const WitPkgName *n = &p->r->packages[it->package].name;
        id(p, n->ns);
        buf_byte(p->b, ':');
        id(p, n->name);
        buf_byte(p->b, '/');
    }
    id(p, it->name);
    if (it->package != p->pkg && p->r->packages[it->package].name.version)
        buf_printf(p->b, "@%s", p->r->packages[it->package].name.version);
}

static void func_sig(Pr *p, const WitFunc *f)
{
    buf_str(p->b, f->kind == WIT_FN_CONSTRUCTOR ? "constructor(" : "func(");
    for (uint32_t i = f->kind == WIT_FN_METHOD; i < f->nparams; i++) {
        if (i > (f->kind == WIT_FN_METHOD))
            buf_str(p->b, ", ");
        id(p, f->params[i].name);
        buf_str(p->b, ": ");
        ty(p, f->params[i].ty);
    }
    buf_byte(p->b, ')');
    if (f->kind == WIT_FN_CONSTRUCTOR) {
        /* only a fallible constructor shows its result */
        const WitTypeDef *rt = WIT_TY_IS_ID(f->result) ? &p->r->types[WIT_TY_ID(f->result)] : NULL;
        if (rt && rt->kind == WIT_K_RESULT) {
            buf_str(p->b, " -> ");
            ty(p, f->result);
        }
        return;
    }
    if (f->result) {
        buf_str(p->b, " -> ");
        ty(p, f->result);
    }
}

static const char *item_name(const char *mangled)
{
    const char *d = strchr(mangled, '.');
    return d ? d + 1 : mangled;
}

static void resource(Pr *p, uint32_t tid, const WitFunc *funcs, uint32_t n)
{
    uint32_t count = 0;
    for (uint32_t i = 0; i < n; i++)
        count += funcs[i].kind != WIT_FN_FREE && funcs[i].resource == tid;
    buf_str(p->b, "resource ");
    id(p, p->r->types[tid].name);
    if (!count) {
        buf_str(p->b, ";\n");
        return;
    }
    buf_str(p->b, " {\n");
    p->ind++;
    for (uint32_t i = 0; i < n; i++) {
        const WitFunc *f = &funcs[i];
        if (f->kind == WIT_FN_FREE || f->resource != tid)
            continue;
        indent(p);
        if (f->kind != WIT_FN_CONSTRUCTOR) {
            id(p, item_name(f->name));
            buf_str(p->b, f->kind == WIT_FN_STATIC ? ": static " : ": ");
        }
        func_sig(p, f);
        buf_str(p->b, ";\n");
    }
    p->ind--;
    indent(p);
    buf_str(p->b, "}\n");
}

static void cases(Pr *p, const WitTypeDef *t, int typed, int record)
{
    buf_str(p->b, " {\n");
    p->ind++;
    for (uint32_t i = 0; i < t->nfields; i++) {
        indent(p);
        id(p, t->fields[i].name);
        if (typed && t->fields[i].ty) {
            buf_str(p->b, record ? ": " : "(");
            ty(p, t->fields[i].ty);
            if (!record)
                buf_byte(p->b, ')');
        }
        buf_str(p->b, ",\n");
    }
    p->ind--;
    indent(p);
    buf_str(p->b, "}\n");
}

/* A type definition of the block (not a `use`). */
static void declare(Pr *p, uint32_t tid, const WitFunc *funcs, uint32_t nfuncs)
{
    const WitTypeDef *t = &p->r->types[tid];
    indent(p);
    switch (t->kind) {
    case WIT_K_RESOURCE:
        resource(p, tid, funcs, nfuncs);
        return;
    case WIT_K_RECORD:
    case WIT_K_VARIANT:
    case WIT_K_ENUM:
    case WIT_K_FLAGS: {
        static const char *const kw[] = {[WIT_K_RECORD] = "record ", [WIT_K_VARIANT] = "variant ",
                                         [WIT_K_ENUM] = "enum ", [WIT_K_FLAGS] = "flags "};
        buf_str(p->b, kw[t->kind]);
        id(p, t->name);
        cases(p, t, t->kind == WIT_K_RECORD || t->kind == WIT_K_VARIANT, t->kind == WIT_K_RECORD);
        return;
    }
    default:
        buf_str(p->b, "type ");
        id(p, t->name);
        buf_str(p->b, " = ");
        if (t->kind == WIT_K_ALIAS)
            ty(p, t->ty);
        else
            witprint_structure(p->r, t, p->b);
        buf_str(p->b, ";\n");
    }
}

/* The foreign interface an alias type is a `use` of, or WIT_NONE. */
static uint32_t used_from(const Pr *p, const WitTypeDef *t)
{
    if (t->kind != WIT_K_ALIAS || !WIT_TY_IS_ID(t->ty))
        return WIT_NONE;
    const WitTypeDef *o = &p->r->types[WIT_TY_ID(t->ty)];
    if (o->owner_kind != WIT_OWNER_IFACE || (o->owner_kind == t->owner_kind && o->owner == t->owner))
        return WIT_NONE;
    return o->owner;
}

/* `use` lines (consecutive ones from one interface merged), then the
 * other types, each as its own item. */
static void types(Pr *p, const WitNamedId *ts, uint32_t n, const WitFunc *funcs, uint32_t nfuncs)
{
    for (uint32_t i = 0; i < n;) {
        uint32_t from = used_from(p, &p->r->types[ts[i].id]);
        if (from == WIT_NONE) {
            i++;
            continue;
        }
        p->any = 1;
        indent(p);
        buf_str(p->b, "use ");
        iface_path(p, from);
        buf_str(p->b, ".{");
        uint32_t k = 0;
        for (; i < n; i++) {
            const WitTypeDef *t = &p->r->types[ts[i].id];
            uint32_t f = used_from(p, t);
            if (f == WIT_NONE)
                continue;
            if (f != from)
                break;
            const char *other = p->r->types[WIT_TY_ID(t->ty)].name;
            if (k++)
                buf_str(p->b, ", ");
            id(p, other);
            if (strcmp(other, ts[i].name)) {
                buf_str(p->b, " as ");
                id(p, ts[i].name);
            }
        }
        buf_str(p->b, "};\n");
    }
    for (uint32_t i = 0; i < n; i++) {
        if (used_from(p, &p->r->types[ts[i].id]) != WIT_NONE)
            continue;
        new_item(p);
        declare(p, ts[i].id, funcs, nfuncs);
    }
}

static void iface_body(Pr *p, const WitIface *it)
{
    int prev = p->any;
    p->any = 0;
    p->ind++;
    types(p, it->types, it->ntypes, it->funcs, it->nfuncs);
    for (uint32_t i = 0; i < it->nfuncs; i++) {
        if (it->funcs[i].kind != WIT_FN_FREE)
            continue;
        new_item(p);
        indent(p);
        id(p, it->funcs[i].name);
        buf_str(p->b, ": ");
        func_sig(p, &it->funcs[i]);
        buf_str(p->b, ";\n");
    }
    p->ind--;
    p->any = prev;
}

static void world_item(Pr *p, const WitWorldItem *it, const char *kw)
{
    indent(p);
    buf_str(p->b, kw);
    if (it->kind == WIT_ITEM_FUNC) {
        id(p, it->key_name);
        buf_str(p->b, ": ");
        func_sig(p, &it->func);
        buf_str(p->b, ";\n");
    } else if (it->key_name) {
        id(p, it->key_name);
        buf_str(p->b, ": interface {\n");
        iface_body(p, &p->r->ifaces[it->id]);
        indent(p);
        buf_str(p->b, "}\n");
    } else {
        iface_path(p, it->id);
        buf_str(p->b, ";\n");
    }
}

static void world(Pr *p, uint32_t wid)
{
    const WitWorld *w = &p->r->worlds[wid];
    /* world-level resource functions belong to their resource */
    WitFunc rf[64];
    uint32_t nrf = 0;
    for (uint32_t i = 0; i < w->imports.n; i++)
        if (w->imports.items[i].kind == WIT_ITEM_FUNC && w->imports.items[i].func.kind != WIT_FN_FREE &&
            nrf < 64)
            rf[nrf++] = w->imports.items[i].func;
    buf_str(p->b, "world ");
    id(p, w->name);
    buf_str(p->b, " {\n");
    p->ind++;
    p->any = 0;
    for (uint32_t i = 0; i < w->imports.n; i++) {
        const WitWorldItem *it = &w->imports.items[i];
        if (it->kind == WIT_ITEM_TYPE) { /* a run of types: `use`s merge */
            WitNamedId run[64];
            uint32_t n = 0;
            while (i < w->imports.n && w->imports.items[i].kind == WIT_ITEM_TYPE && n < 64) {
                run[n++] = (WitNamedId){w->imports.items[i].key_name, w->imports.items[i].id};
                i++;
            }
            i--;
            types(p, run, n, rf, nrf);
            continue;
        }
        if (it->kind == WIT_ITEM_FUNC && it->func.kind != WIT_FN_FREE)
            continue;
        world_item(p, it, "import ");
        p->any = 1;
    }
    if (w->exports.n)
        new_item(p);
    for (uint32_t i = 0; i < w->exports.n; i++)
        world_item(p, &w->exports.items[i], "export ");
    p->ind--;
    buf_str(p->b, "}\n");
}

static void pkg_name(Pr *p, const WitPkgName *n)
{
    id(p, n->ns);
    buf_byte(p->b, ':');
    id(p, n->name);
    if (n->version)
        buf_printf(p->b, "@%s", n->version);
}

/* Whether a package has something to print: an interface a world item or
 * another printed interface refers to is always kept. */
static int pkg_used(const WitResolve *r, uint32_t pkg)
{
    return r->packages[pkg].nifaces != 0;
}

/* 1 if package a uses a type of package b. */
static int pkg_dep(const WitResolve *r, uint32_t a, uint32_t b)
{
    const WitPackage *pk = &r->packages[a];
    for (uint32_t i = 0; i < pk->nifaces; i++) {
        const WitIface *it = &r->ifaces[pk->ifaces[i].id];
        for (uint32_t k = 0; k < it->ntypes; k++) {
            const WitTypeDef *t = &r->types[it->types[k].id];
            if (t->kind != WIT_K_ALIAS || !WIT_TY_IS_ID(t->ty))
                continue;
            const WitTypeDef *o = &r->types[WIT_TY_ID(t->ty)];
            if (o->owner_kind == WIT_OWNER_IFACE && r->ifaces[o->owner].package == b)
                return 1;
        }
    }
    return 0;
}

/* Dependencies first (depth first, in order of appearance), like the
 * topological order of wit-parser's packages. */
static void order(const WitResolve *r, uint32_t pkg, uint8_t *state, uint32_t *out, uint32_t *n)
{
    if (state[pkg])
        return;
    state[pkg] = 1;
    for (uint32_t d = 0; d < r->npackages; d++)
        if (d != pkg && pkg_dep(r, pkg, d))
            order(r, d, state, out, n);
    out[(*n)++] = pkg;
}

static void nested_packages(Pr *pp, uint32_t root);

void compprint_world(const WitResolve *r, uint32_t wid, Buf *out)
{
    uint32_t root = r->worlds[wid].package;
    Pr p = {r, out, 0, 0, root};
    buf_str(out, "package ");
    pkg_name(&p, &r->packages[root].name);
    buf_str(out, ";\n\n");
    world(&p, wid);
    nested_packages(&p, root);
}

void compprint_package(const WitResolve *r, uint32_t pkg, Buf *out)
{
    Pr p = {r, out, 0, 0, pkg};
    const WitPackage *pk = &r->packages[pkg];
    buf_str(out, "package ");
    pkg_name(&p, &pk->name);
    buf_str(out, ";\n\n");
    for (uint32_t k = 0; k < pk->nifaces; k++) {
        buf_str(out, "interface ");
        id(&p, pk->ifaces[k].name);
        buf_str(out, " {\n");
        p.any = 0;
        iface_body(&p, &r->ifaces[pk->ifaces[k].id]);
        buf_str(out, "}\n\n");
    }
    for (uint32_t k = 0; k < pk->nworlds; k++)
        world(&p, pk->worlds[k].id);
    nested_packages(&p, pkg);
}

static void nested_packages(Pr *pp, uint32_t root)
{
    const WitResolve *r = pp->r;
    Buf *out = pp->b;
    Pr p = *pp;
    uint8_t *state = calloc((size_t)r->npackages + 1, 1);
    uint32_t *seq = calloc((size_t)r->npackages + 1, sizeof *seq), nseq = 0;
    if (!state || !seq) {
        out->failed = 1;
        free(state);
        free(seq);
        return;
    }
    for (uint32_t i = 0; i < r->npackages; i++)
        order(r, i, state, seq, &nseq);
    int first = 1;
    for (uint32_t s = 0; s < nseq; s++) {
        uint32_t i = seq[s];
        if (i == root || !pkg_used(r, i))
            continue;
        if (!first)
            buf_str(out, "\n\n");
        first = 0;
        p.pkg = i;
        buf_str(out, "package ");
        pkg_name(&p, &r->packages[i].name);
        buf_str(out, " {\n");
        const WitPackage *pk = &r->packages[i];
        for (uint32_t k = 0; k < pk->nifaces; k++) {
            p.ind = 1;
            indent(&p);
            buf_str(out, "interface ");
            id(&p, pk->ifaces[k].name);
            buf_str(out, " {\n");
            p.any = 0;
            iface_body(&p, &r->ifaces[pk->ifaces[k].id]);
            indent(&p);
            buf_str(out, "}\n");
        }
        p.ind = 0;
        buf_str(out, "}\n");
    }
    free(state);
    free(seq);
}
