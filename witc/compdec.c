/* compdec.c - turn a component type back into WIT (see compdec.h). */
#include "compdec.h"

#include "witint.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Pair {
    const CtType *ct;
    WitTy ty;
} Pair;

typedef struct Named { /* an instance item decoded so far */
    const char *name;
    uint32_t iface;
} Named;

typedef struct Dec {
    WitResolve *r;
    const CompUses *uses;
    Named *items;
    uint32_t nitems, citems;
    Pair *map; /* model type -> WIT type, for every type seen so far */
    uint32_t nmap, cmap;
    uint32_t pkg; /* the world's package */
    int structural; /* also match named types by structure (see same_named) */
    uint32_t cur;   /* interface being decoded, or WIT_NONE */
    char *msg;
    size_t cap;
    CmErr rc;
} Dec;

static int failf(Dec *d, CmErr code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static int failf(Dec *d, CmErr code, const char *fmt, ...)
{
    if (!d->rc) {
        d->rc = code;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(d->msg, d->cap, fmt, ap);
        va_end(ap);
    }
    return 0;
}

/* The WIT type of t: the first one made for it, except that a name of
 * the interface being decoded is preferred (its own `use ... as`). */
static WitTy lookup(const Dec *d, const CtType *t)
{
    WitTy first = WIT_TY_NONE;
    for (uint32_t i = 0; i < d->nmap; i++) {
        if (d->map[i].ct != t)
            continue;
        const WitTypeDef *td = &d->r->types[WIT_TY_ID(d->map[i].ty)];
        if (d->cur != WIT_NONE && td->owner_kind == WIT_OWNER_IFACE && td->owner == d->cur)
            return d->map[i].ty;
        if (!first)
            first = d->map[i].ty;
    }
    return first;
}

/* In an exported instance of a whole component, instantiation made copies:
 * an anonymous type equal to a named one of the same interface is that one. */
static WitTy equal_named(const Dec *d, const CtType *t)
{
    if (!d->structural || d->cur == WIT_NONE)
        return WIT_TY_NONE;
    for (uint32_t i = 0; i < d->nmap; i++) {
        const WitTypeDef *td = &d->r->types[WIT_TY_ID(d->map[i].ty)];
        if (td->name && td->owner_kind == WIT_OWNER_IFACE && td->owner == d->cur &&
            td->kind != WIT_K_RESOURCE && ct_equal(d->map[i].ct, t))
            return d->map[i].ty;
    }
    return WIT_TY_NONE;
}

static int remember(Dec *d, const CtType *t, WitTy ty)
{
    if (ct_is_prim(t->kind) && t == ct_prim(t->kind))
        return 1; /* the shared primitives are no one's type */
    if (d->nmap == d->cmap) {
        uint32_t nc = d->cmap ? d->cmap * 2 : 64;
        Pair *p = realloc(d->map, nc * sizeof *p);
        if (!p)
            return failf(d, CM_E_OOM, "out of memory");
        d->map = p;
        d->cmap = nc;
    }
    d->map[d->nmap++] = (Pair){t, ty};
    return 1;
}

static WitTy prim_of(CtKind k)
{
    static const WitTy m[] = {
        [CT_BOOL] = WIT_TY_BOOL, [CT_S8] = WIT_TY_S8,   [CT_U8] = WIT_TY_U8,
        [CT_S16] = WIT_TY_S16,   [CT_U16] = WIT_TY_U16, [CT_S32] = WIT_TY_S32,
        [CT_U32] = WIT_TY_U32,   [CT_S64] = WIT_TY_S64, [CT_U64] = WIT_TY_U64,
        [CT_F32] = WIT_TY_F32,   [CT_F64] = WIT_TY_F64, [CT_CHAR] = WIT_TY_CHAR,
        [CT_STRING] = WIT_TY_STRING,
    };
    return m[k];
}

static uint32_t push_type(Dec *d, const WitTypeDef *def)
{
    WitResolve *r = d->r;
    WitTypeDef *slot = WIT_PUSH(&r->arena, r->types, r->ntypes, r->ctypes);
    if (!slot)
        return failf(d, CM_E_OOM, "out of memory"), WIT_NONE;
    *slot = *def;
    return r->ntypes - 1;
}

static WitTy conv(Dec *d, const CtType *t);

/* The WIT definition of the structure of t (fields converted first). */
static int build_def(Dec *d, const CtType *t, WitTypeDef *def)
{
    memset(def, 0, sizeof *def);
    Arena *a = &d->r->arena;
    uint32_t n = 0;
    switch (t->kind) {
    case CT_RECORD: def->kind = WIT_K_RECORD; n = t->n; break;
    case CT_VARIANT: def->kind = WIT_K_VARIANT; n = t->n; break;
    case CT_TUPLE: def->kind = WIT_K_TUPLE; n = t->n; break;
    case CT_FLAGS: def->kind = WIT_K_FLAGS; n = t->n; break;
    case CT_ENUM: def->kind = WIT_K_ENUM; n = t->n; break;
    case CT_LIST: def->kind = WIT_K_LIST; break;
    case CT_OPTION: def->kind = WIT_K_OPTION; break;
    case CT_RESULT: def->kind = WIT_K_RESULT; break;
    case CT_OWN: def->kind = WIT_K_OWN; break;
    case CT_BORROW: def->kind = WIT_K_BORROW; break;
    case CT_RESOURCE: def->kind = WIT_K_RESOURCE; break;
    default:
        return failf(d, CM_E_UNSUPPORTED, "a %s has no WIT form", ct_kind_name(t->kind));
    }
    if (n) {
        def->fields = ARENA_ARRAY(a, WitField, n);
        if (!def->fields)
            return failf(d, CM_E_OOM, "out of memory");
        def->nfields = n;
    }
    for (uint32_t i = 0; i < n && !d->rc; i++) {
        WitField *f = &def->fields[i];
        switch (t->kind) {
        case CT_RECORD:
        case CT_VARIANT:
            f->name = t->fields[i].name;
            f->ty = t->fields[i].type ? conv(d, t->fields[i].type) : WIT_TY_NONE;
            break;
        case CT_TUPLE:
            f->ty = conv(d, t->types[i]);
            break;
        default:
            f->name = t->labels[i];
            break;
        }
    }
    switch (t->kind) {
    case CT_LIST:
    case CT_OPTION:
        def->ty = conv(d, t->elem);
        break;
    case CT_RESULT:
        def->ty = t->elem ? conv(d, t->elem) : WIT_TY_NONE;
        def->ty2 = t->err ? conv(d, t->err) : WIT_TY_NONE;
        break;
    case CT_OWN:
    case CT_BORROW:
        def->ty = conv(d, t->resource);
        break;
    default:
        break;
    }
    return !d->rc;
}

/* t as used in a field or parameter: a primitive, a type seen before, or
 * an anonymous type made now. */
static WitTy conv(Dec *d, const CtType *t)
{
    if (d->rc)
        return WIT_TY_NONE;
    WitTy ty = lookup(d, t); /* a named primitive type is an object of its own */
    if (ty)
        return ty;
    if (ct_is_prim(t->kind))
        return prim_of(t->kind);
    if ((ty = equal_named(d, t)))
        return ty;
    switch (t->kind) {
    case CT_LIST: case CT_OPTION: case CT_RESULT: case CT_TUPLE: case CT_OWN: case CT_BORROW:
        break;
    default:
        failf(d, CM_E_UNSUPPORTED, "%s type without a name cannot be written in WIT",
              ct_kind_name(t->kind));
        return WIT_TY_NONE;
    }
    WitTypeDef def;
    if (!build_def(d, t, &def))
        return WIT_TY_NONE;
    def.owner_kind = WIT_OWNER_NONE;
    uint32_t id = push_type(d, &def);
    if (id == WIT_NONE || !remember(d, t, WIT_TY_OF(id)))
        return WIT_TY_NONE;
    return WIT_TY_OF(id);
}

/* In a whole component the types of an exported instance come out of an
 * instantiation, where structural types lose their identity: a record an
 * interface `use`s is then an equal copy.  So there, a named type equal to
 * one of the same name that another interface owns is taken as that one. */
static WitTy same_named(const Dec *d, const CtType *t, const char *name, uint32_t owner)
{
    if (!d->structural || t->kind == CT_RESOURCE)
        return WIT_TY_NONE;
    for (uint32_t i = 0; i < d->nmap; i++) {
        WitTy ty = d->map[i].ty;
        const WitTypeDef *td = &d->r->types[WIT_TY_ID(ty)];
        if (td->name && !strcmp(td->name, name) && td->owner_kind == WIT_OWNER_IFACE &&
            td->owner != owner && ct_equal(d->map[i].ct, t))
            return ty;
    }
    return WIT_TY_NONE;
}

/* A type bound to `name` by an import or export: a new definition, or an
 * alias (`use`, `type a = b`) when the type already has an owner. */
/* The type a `use` in interface item `item` names, per the binary. */
static WitTy used_type(const Dec *d, const char *item, const char *name)
{
    if (!d->uses || !item)
        return WIT_TY_NONE;
    for (uint32_t i = 0; i < d->uses->n; i++) {
        const CompUse *u = &d->uses->v[i];
        if (strcmp(u->item, item) || strcmp(u->name, name))
            continue;
        for (uint32_t k = d->nitems; k-- > 0;) {
            if (strcmp(d->items[k].name, u->from_item))
                continue;
            const WitIface *it = &d->r->ifaces[d->items[k].iface];
            for (uint32_t j = 0; j < it->ntypes; j++)
                if (!strcmp(it->types[j].name, u->from_name))
                    return WIT_TY_OF(it->types[j].id);
        }
    }
    return WIT_TY_NONE;
}

static uint32_t define_named(Dec *d, const CtType *t, const char *name, WitOwnerKind ok,
                             uint32_t owner, const char *item)
{
    WitTypeDef def;
    WitTy seen = used_type(d, item, name);
    int keep = 0; /* map t to the new type even though it is an alias */
    if (!seen)
        seen = lookup(d, t);
    if (!seen && ok == WIT_OWNER_IFACE)
        keep = (seen = same_named(d, t, name, owner)) != WIT_TY_NONE;
    if (!seen && ct_is_prim(t->kind)) /* type x = u32: x stands for this object */
        keep = (seen = prim_of(t->kind)) != WIT_TY_NONE;
    if (seen) {
        memset(&def, 0, sizeof def);
        def.kind = WIT_K_ALIAS;
        def.ty = seen;
    } else if (!build_def(d, t, &def)) {
        return WIT_NONE;
    }
    def.name = arena_strdup(&d->r->arena, name);
    def.owner_kind = ok;
    def.owner = owner;
    uint32_t id = push_type(d, &def);
    if (id == WIT_NONE || !def.name)
        return failf(d, CM_E_OOM, "out of memory"), WIT_NONE;
    if ((!seen || keep || ok == WIT_OWNER_IFACE) && !remember(d, t, WIT_TY_OF(id)))
        return WIT_NONE;
    return id;
}

/* The resource named r among the types of iface (or of the world). */
static uint32_t find_resource(const WitResolve *r, const WitNamedId *types, uint32_t n,
                              const char *name, size_t len)
{
    for (uint32_t i = 0; i < n; i++)
        if (strlen(types[i].name) == len && !memcmp(types[i].name, name, len))
            return types[i].id;
    (void)r;
    return WIT_NONE;
}

/* ---- signatures read off the binary instance type ---- */

typedef struct Local { /* one type index of an instance type */
    const WcType *def;   /* a type definition here, or NULL */
    const char *name;    /* the export that made this index, or NULL */
} Local;

typedef struct Raw {
    const WcType *inst;
    Local *local;
    uint32_t n;
    const WitIface *iface;
} Raw;

static WitTy raw_val(Dec *d, Raw *rw, WcValType v, int depth);

static WitTy raw_anon(Dec *d, WitKind k, WitTy a, WitTy b, WitField *fields, uint32_t nf)
{
    WitTypeDef def = {.kind = k, .ty = a, .ty2 = b, .fields = fields, .nfields = nf};
    uint32_t id = push_type(d, &def);
    return id == WIT_NONE ? WIT_TY_NONE : WIT_TY_OF(id);
}

/* The WIT type the binary names at index idx: the interface's type of that
 * export name, or a structural type built from named parts; WIT_TY_NONE
 * when it cannot tell (the caller falls back to the type model). */
static WitTy raw_idx(Dec *d, Raw *rw, uint32_t idx, int depth)
{
    if (idx >= rw->n || depth > 32)
        return WIT_TY_NONE;
    const Local *l = &rw->local[idx];
    if (l->name) {
        for (uint32_t i = 0; i < rw->iface->ntypes; i++)
            if (!strcmp(rw->iface->types[i].name, l->name))
                return WIT_TY_OF(rw->iface->types[i].id);
        return WIT_TY_NONE;
    }
    const WcType *t = l->def;
    if (!t)
        return WIT_TY_NONE;
    WitTy a = WIT_TY_NONE, b = WIT_TY_NONE;
    switch (t->kind) {
    case WC_TY_PRIM:
        return raw_val(d, rw, (WcValType){t->prim, 0}, depth + 1);
    case WC_TY_OWN:
    case WC_TY_BORROW:
        if (!(a = raw_idx(d, rw, t->res_idx, depth + 1)))
            return WIT_TY_NONE;
        return raw_anon(d, t->kind == WC_TY_OWN ? WIT_K_OWN : WIT_K_BORROW, a, 0, NULL, 0);
    case WC_TY_LIST:
    case WC_TY_OPTION:
        if (!(a = raw_val(d, rw, t->elem, depth + 1)))
            return WIT_TY_NONE;
        return raw_anon(d, t->kind == WC_TY_LIST ? WIT_K_LIST : WIT_K_OPTION, a, 0, NULL, 0);
    case WC_TY_RESULT:
        if ((t->has_ok && !(a = raw_val(d, rw, t->ok, depth + 1))) ||
            (t->has_err && !(b = raw_val(d, rw, t->err, depth + 1))))
            return WIT_TY_NONE;
        return raw_anon(d, WIT_K_RESULT, a, b, NULL, 0);
    case WC_TY_TUPLE: {
        WitField *f = ARENA_ARRAY(&d->r->arena, WitField, (size_t)t->n + 1);
        if (!f)
            return WIT_TY_NONE;
        for (uint32_t i = 0; i < t->n; i++)
            if (!(f[i].ty = raw_val(d, rw, t->types[i], depth + 1)))
                return WIT_TY_NONE;
        return raw_anon(d, WIT_K_TUPLE, 0, 0, f, t->n);
    }
    default:
        return WIT_TY_NONE;
    }
}

static WitTy raw_val(Dec *d, Raw *rw, WcValType v, int depth)
{
    static const struct {
        uint8_t code;
        WitTy ty;
    } prims[] = {{WC_PRIM_BOOL, WIT_TY_BOOL}, {WC_PRIM_S8, WIT_TY_S8},   {WC_PRIM_U8, WIT_TY_U8},
                 {WC_PRIM_S16, WIT_TY_S16},   {WC_PRIM_U16, WIT_TY_U16}, {WC_PRIM_S32, WIT_TY_S32},
                 {WC_PRIM_U32, WIT_TY_U32},   {WC_PRIM_S64, WIT_TY_S64}, {WC_PRIM_U64, WIT_TY_U64},
                 {WC_PRIM_F32, WIT_TY_F32},   {WC_PRIM_F64, WIT_TY_F64}, {WC_PRIM_CHAR, WIT_TY_CHAR},
                 {WC_PRIM_STRING, WIT_TY_STRING}};
    if (!v.prim)
        return raw_idx(d, rw, v.idx, depth);
    for (size_t i = 0; i < sizeof prims / sizeof prims[0]; i++)
        if (prims[i].code == v.prim)
            return prims[i].ty;
    return WIT_TY_NONE;
}

/* The function type the instance type declares for export `name`. */
static const WcType *raw_func(const Raw *rw, const char *name)
{
    for (uint32_t i = 0; i < rw->inst->n; i++) {
        const WcDecl *dc = &rw->inst->decls[i];
        if (dc->kind == WC_DECL_EXPORT && dc->desc.kind == WC_EXT_FUNC &&
            dc->name.name.len == strlen(name) && !memcmp(dc->name.name.s, name, dc->name.name.len))
            return dc->desc.idx < rw->n && rw->local[dc->desc.idx].def &&
                           rw->local[dc->desc.idx].def->kind == WC_TY_FUNC
                       ? rw->local[dc->desc.idx].def
                       : NULL;
    }
    return NULL;
}

static int raw_init(Dec *d, Raw *rw, const char *item)
{
    memset(rw, 0, sizeof *rw);
    for (uint32_t i = 0; d->uses && item && i < d->uses->ninsts; i++)
        if (!strcmp(d->uses->insts[i].item, item))
            rw->inst = d->uses->insts[i].type;
    if (!rw->inst)
        return 0;
    rw->local = ARENA_ARRAY(&d->r->arena, Local, (size_t)rw->inst->n + 1);
    if (!rw->local)
        return 0;
    for (uint32_t i = 0; i < rw->inst->n; i++) {
        const WcDecl *dc = &rw->inst->decls[i];
        if (dc->kind == WC_DECL_TYPE)
            rw->local[rw->n++] = (Local){dc->type, NULL};
        else if (dc->kind == WC_DECL_ALIAS && dc->alias.sort.sort == WC_SORT_TYPE)
            rw->local[rw->n++] = (Local){NULL, NULL};
        else if (dc->kind == WC_DECL_EXPORT && dc->desc.kind == WC_EXT_TYPE)
            rw->local[rw->n++] = (Local){NULL, arena_strndup(&d->r->arena, dc->name.name.s,
                                                             dc->name.name.len)};
    }
    return 1;
}

static int conv_func(Dec *d, const char *name, const CtType *ft, const WitNamedId *types,
                     uint32_t ntypes, WitFunc *out);

/* conv_func, with each parameter and the result as the binary names them. */
static int conv_func_raw(Dec *d, Raw *rw, const char *name, const CtType *ft, WitFunc *out)
{
    const WitIface *it = rw->iface;
    if (!conv_func(d, name, ft, it->types, it->ntypes, out))
        return 0;
    const WcType *rf = rw->inst ? raw_func(rw, name) : NULL;
    if (!rf || rf->n != out->nparams)
        return 1;
    for (uint32_t i = 0; i < rf->n; i++) {
        WitTy t = raw_val(d, rw, rf->fields[i].type, 0);
        if (t)
            out->params[i].ty = t;
    }
    if (rf->has_result && out->result) {
        WitTy t = raw_val(d, rw, rf->result, 0);
        if (t)
            out->result = t;
    }
    return !d->rc;
}

static int conv_func(Dec *d, const char *name, const CtType *ft, const WitNamedId *types,
                     uint32_t ntypes, WitFunc *out)
{
    static const struct {
        const char *prefix;
        WitFuncKind kind;
    } kinds[] = {{"[constructor]", WIT_FN_CONSTRUCTOR},
                 {"[method]", WIT_FN_METHOD},
                 {"[static]", WIT_FN_STATIC}};
    memset(out, 0, sizeof *out);
    out->name = arena_strdup(&d->r->arena, name);
    out->resource = WIT_NONE;
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        size_t pl = strlen(kinds[k].prefix);
        if (strncmp(name, kinds[k].prefix, pl))
            continue;
        const char *rn = name + pl, *dot = strchr(rn, '.');
        size_t len = kinds[k].kind == WIT_FN_CONSTRUCTOR || !dot ? strlen(rn) : (size_t)(dot - rn);
        out->kind = kinds[k].kind;
        out->resource = find_resource(d->r, types, ntypes, rn, len);
        if (out->resource == WIT_NONE)
            return failf(d, CM_E_UNSUPPORTED, "function '%s' names no resource here", name);
    }
    out->nparams = ft->n;
    out->params = ft->n ? ARENA_ARRAY(&d->r->arena, WitParam, ft->n) : NULL;
    if (!out->name || (ft->n && !out->params))
        return failf(d, CM_E_OOM, "out of memory");
    for (uint32_t i = 0; i < ft->n; i++)
        out->params[i] = (WitParam){ft->fields[i].name, conv(d, ft->fields[i].type)};
    out->result = ft->result ? conv(d, ft->result) : WIT_TY_NONE;
    return !d->rc;
}

int compdec_split_iface(WitResolve *r, const char *name, WitPkgName *out_pkg,
                        const char **out_iface)
{
    const char *colon = strchr(name, ':'), *slash = strchr(name, '/');
    if (!colon || !slash || slash < colon)
        return 0;
    const char *at = strchr(slash, '@');
    Arena *a = &r->arena;
    out_pkg->ns = arena_strndup(a, name, (size_t)(colon - name));
    out_pkg->name = arena_strndup(a, colon + 1, (size_t)(slash - colon - 1));
    out_pkg->version = at ? arena_strdup(a, at + 1) : NULL;
    *out_iface = at ? arena_strndup(a, slash + 1, (size_t)(at - slash - 1)) : arena_strdup(a, slash + 1);
    return out_pkg->ns && out_pkg->name && *out_iface && (!at || out_pkg->version);
}

static uint32_t find_or_add_package(Dec *d, const WitPkgName *n)
{
    WitResolve *r = d->r;
    for (uint32_t i = 0; i < r->npackages; i++)
        if (wit_pkg_name_eq(&r->packages[i].name, n))
            return i;
    WitPackage *p = WIT_PUSH(&r->arena, r->packages, r->npackages, r->cpackages);
    if (!p)
        return failf(d, CM_E_OOM, "out of memory"), WIT_NONE;
    p->name = *n;
    return r->npackages - 1;
}

static uint32_t add_iface(Dec *d, const char *name, uint32_t pkg)
{
    WitResolve *r = d->r;
    WitIface *it = WIT_PUSH(&r->arena, r->ifaces, r->nifaces, r->cifaces);
    if (!it)
        return failf(d, CM_E_OOM, "out of memory"), WIT_NONE;
    it->name = name;
    it->package = pkg;
    it->clone_of = WIT_NONE;
    uint32_t id = r->nifaces - 1;
    if (name) {
        WitPackage *p = &r->packages[pkg];
        WitNamedId *slot = WIT_PUSH(&r->arena, p->ifaces, p->nifaces, p->cifaces);
        if (!slot)
            return failf(d, CM_E_OOM, "out of memory"), WIT_NONE;
        *slot = (WitNamedId){name, id};
    }
    return id;
}

/* Fill interface id from the exports of instance type inst. */
static int dec_instance(Dec *d, const CtType *inst, uint32_t id, const char *item)
{
    WitResolve *r = d->r;
    uint32_t outer = d->cur;
    d->cur = id;
    Raw rw;
    raw_init(d, &rw, item);
    for (uint32_t i = 0; i < inst->nexports && !d->rc; i++) {
        const CtExtern *x = &inst->exports[i];
        WitIface *it = &r->ifaces[id];
        if (x->kind == CT_EXT_TYPE) {
            uint32_t tid = define_named(d, x->type, x->name, WIT_OWNER_IFACE, id, item);
            it = &r->ifaces[id];
            WitNamedId *slot = WIT_PUSH(&r->arena, it->types, it->ntypes, it->ctypes);
            if (tid == WIT_NONE || !slot)
                return failf(d, CM_E_OOM, "out of memory");
            *slot = (WitNamedId){r->types[tid].name, tid};
        } else if (x->kind == CT_EXT_FUNC) {
            WitFunc f;
            rw.iface = it;
            if (!conv_func_raw(d, &rw, x->name, x->type, &f))
                return 0;
            it = &r->ifaces[id];
            WitFunc *slot = WIT_PUSH(&r->arena, it->funcs, it->nfuncs, it->cfuncs);
            if (!slot)
                return failf(d, CM_E_OOM, "out of memory");
            *slot = f;
        } else {
            return failf(d, CM_E_UNSUPPORTED, "instance export '%s' is not a type or a function",
                         x->name);
        }
    }
    d->cur = outer;
    return !d->rc;
}

/* An interface seen before (another world): bind this model's types to it. */
static int rebind_instance(Dec *d, const CtType *inst, uint32_t id)
{
    const WitIface *it = &d->r->ifaces[id];
    for (uint32_t i = 0; i < inst->nexports; i++) {
        const CtExtern *x = &inst->exports[i];
        if (x->kind != CT_EXT_TYPE || lookup(d, x->type))
            continue;
        uint32_t tid = find_resource(d->r, it->types, it->ntypes, x->name, strlen(x->name));
        if (tid != WIT_NONE && !remember(d, x->type, WIT_TY_OF(tid)))
            return 0;
    }
    return 1;
}

static const WitWorldItem *find_item(const WitItemList *l, const WitResolve *r, const char *name,
                                     uint32_t iface)
{
    for (uint32_t i = 0; i < l->n; i++) {
        const WitWorldItem *it = &l->items[i];
        if (it->key_name ? !strcmp(it->key_name, name) : (iface != WIT_NONE && it->id == iface))
            return it;
    }
    (void)r;
    return NULL;
}

static int dec_item(Dec *d, uint32_t wid, const CtExtern *x, int is_import)
{
    WitResolve *r = d->r;
    WitItemList *l = is_import ? &r->worlds[wid].imports : &r->worlds[wid].exports;
    WitWorldItem item;
    memset(&item, 0, sizeof item);
    switch (x->kind) {
    case CT_EXT_INSTANCE: {
        WitPkgName pn;
        const char *iname;
        uint32_t id = WIT_NONE;
        if (compdec_split_iface(r, x->name, &pn, &iname)) {
            uint32_t pkg = find_or_add_package(d, &pn);
            if (pkg == WIT_NONE)
                return 0;
            const WitPackage *p = &r->packages[pkg];
            for (uint32_t i = 0; i < p->nifaces; i++)
                if (!strcmp(p->ifaces[i].name, iname))
                    id = p->ifaces[i].id;
            if (id != WIT_NONE) {
                if (!rebind_instance(d, x->type, id))
                    return 0;
            } else if ((id = add_iface(d, iname, pkg)) == WIT_NONE ||
                       !dec_instance(d, x->type, id, x->name)) {
                return 0;
            }
        } else {
            if (find_item(l, r, x->name, WIT_NONE))
                return 1;
            item.key_name = arena_strdup(&r->arena, x->name);
            if ((id = add_iface(d, NULL, d->pkg)) == WIT_NONE ||
                !dec_instance(d, x->type, id, x->name))
                return 0;
        }
        if (d->nitems == d->citems) {
            uint32_t nc = d->citems ? d->citems * 2 : 32;
            Named *p = realloc(d->items, nc * sizeof *p);
            if (!p)
                return failf(d, CM_E_OOM, "out of memory");
            d->items = p;
            d->citems = nc;
        }
        d->items[d->nitems++] = (Named){x->name, id};
        if (find_item(l, r, x->name, id))
            return 1;
        item.kind = WIT_ITEM_IFACE;
        item.id = id;
        break;
    }
    case CT_EXT_FUNC: {
        if (find_item(l, r, x->name, WIT_NONE))
            return 1;
        /* world-level resources are the world's type imports */
        WitNamedId *types = NULL;
        uint32_t nt = 0, ct = 0;
        const WitItemList *im = &r->worlds[wid].imports;
        for (uint32_t i = 0; i < im->n; i++)
            if (im->items[i].kind == WIT_ITEM_TYPE) {
                WitNamedId *s = WIT_PUSH(&r->arena, types, nt, ct);
                if (!s)
                    return failf(d, CM_E_OOM, "out of memory");
                *s = (WitNamedId){im->items[i].key_name, im->items[i].id};
            }
        item.kind = WIT_ITEM_FUNC;
        item.key_name = arena_strdup(&r->arena, x->name);
        if (!conv_func(d, x->name, x->type, types, nt, &item.func))
            return 0;
        break;
    }
    case CT_EXT_TYPE:
        if (find_item(l, r, x->name, WIT_NONE))
            return 1;
        item.kind = WIT_ITEM_TYPE;
        item.key_name = arena_strdup(&r->arena, x->name);
        if ((item.id = define_named(d, x->type, x->name, WIT_OWNER_WORLD, wid, NULL)) == WIT_NONE)
            return 0;
        break;
    default:
        return failf(d, CM_E_UNSUPPORTED, "%s '%s' is not a function, interface or type",
                     is_import ? "import" : "export", x->name);
    }
    l = is_import ? &r->worlds[wid].imports : &r->worlds[wid].exports;
    WitWorldItem *slot = WIT_PUSH(&r->arena, l->items, l->n, l->cap);
    if (!slot)
        return failf(d, CM_E_OOM, "out of memory");
    *slot = item;
    return 1;
}

CmErr compdec_world(WitResolve *r, const CtType *ct, const CompUses *uses, const WitPkgName *pkg,
                    const char *world, int structural, uint32_t *out_world, char *msg, size_t cap)
{
    Dec d = {.r = r, .uses = uses, .msg = msg, .cap = cap, .structural = structural,
             .cur = WIT_NONE};
    msg[0] = 0;
    uint32_t wid = WIT_NONE;
    d.pkg = find_or_add_package(&d, pkg);
    if (d.pkg == WIT_NONE)
        goto done;
    WitPackage *p = &r->packages[d.pkg];
    for (uint32_t i = 0; i < p->nworlds; i++)
        if (!strcmp(p->worlds[i].name, world))
            wid = p->worlds[i].id;
    if (wid == WIT_NONE) {
        WitWorld *w = WIT_PUSH(&r->arena, r->worlds, r->nworlds, r->cworlds);
        WitNamedId *slot = w ? WIT_PUSH(&r->arena, p->worlds, p->nworlds, p->cworlds) : NULL;
        if (!slot) {
            failf(&d, CM_E_OOM, "out of memory");
            goto done;
        }
        wid = r->nworlds - 1;
        w->name = arena_strdup(&r->arena, world);
        w->package = d.pkg;
        *slot = (WitNamedId){w->name, wid};
    }
    /* Only an exported instance of a whole component is rebuilt by
     * instantiation; imports keep the identity of their types. */
    int structural_exports = d.structural;
    d.structural = 0;
    for (uint32_t i = 0; i < ct->nimports && !d.rc; i++)
        dec_item(&d, wid, &ct->imports[i], 1);
    d.structural = structural_exports;
    for (uint32_t i = 0; i < ct->nexports && !d.rc; i++)
        dec_item(&d, wid, &ct->exports[i], 0);
done:
    free(d.map);
    free(d.items);
    *out_world = wid;
    return d.rc;
}
