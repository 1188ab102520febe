/* witresolve.c - append resolved packages to a WitResolve (wit-parser's
 * Remap::append, Resolve::elaborate_world and the include cloner).
 *
 * A package built by witpkg uses local ids; appending it maps its foreign
 * placeholders onto items already in the WitResolve (its dependencies come
 * first), drops items whose @unstable feature is not enabled, copies the
 * rest in their local order, turns every reference to a resource into an
 * `own` handle type, expands `include`s and "elaborates" each world: an
 * import or export of an interface that uses types of other interfaces
 * pulls those in as imports. */
#include "witint.h"
#include "witpkg.h"
#include "witres.h"

#include <stdarg.h>
#include <stdio.h>

typedef struct Own {
    uint32_t of, handle;
} Own;

typedef struct Remap {
    uint32_t *types, *ifaces, *worlds; /* local id -> global id or WIT_NONE */
    Own *own;                          /* `own` handle per resource reference */
    uint32_t nown, cown;
} Remap;

typedef struct M {
    WitResolve *r;
    const WitUPkg *u;
    uint32_t pkg;
    Remap map;
    uint32_t first_type, first_iface, first_world; /* first local (non-foreign) ids */
    WitError *err;
} M;

static int mfail(M *m, uint32_t pos, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static int mfail(M *m, uint32_t pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    m->err->code = CM_E_WIT_RESOLVE;
    m->err->pos = pos;
    vsnprintf(m->err->msg, sizeof m->err->msg, fmt, ap);
    va_end(ap);
    return -1;
}

static int moom(M *m)
{
    wit_error(m->err, CM_E_OOM, WIT_NONE, "out of memory (limit 1 GiB)");
    return -1;
}

/* ---- gates ---- */

int witres_feature_on(const WitResolve *r, const char *feature)
{
    if (r->opts.all_features)
        return 1;
    for (size_t i = 0; i < r->opts.nfeatures; i++)
        if (!strcmp(r->opts.features[i], feature))
            return 1;
    return 0;
}

/* 1: keep the item, 0: drop it (feature off), -1: error. */
static int include_stab(M *m, const WitStability *s, uint32_t span)
{
    if (s->kind == WIT_STAB_UNKNOWN)
        return 1;
    if (s->kind == WIT_STAB_UNSTABLE)
        return witres_feature_on(m->r, s->feature);
    const WitPkgName *pn = &m->r->packages[m->pkg].name;
    if (pn->version && wit_semver_cmp(s->since, pn->version) <= 0)
        return 1;
    const char *name = wit_pkg_name_str(&m->r->arena, pn);
    if (!pn->version)
        return mfail(m, span,
                     "package [%s] contains a feature gate with a version specifier, so it "
                     "must have a version",
                     name ? name : "?");
    if (wit_semver_cmp(s->since, pn->version) > 0)
        return mfail(m, span,
                     "feature gate cannot reference unreleased version %s of package [%s] "
                     "(current version %s)",
                     s->since, name ? name : "?", pn->version);
    return 1;
}

static int map_id(M *m, const uint32_t *map, uint32_t id, const char *desc, uint32_t span,
                  uint32_t *out)
{
    if (map[id] == WIT_NONE)
        return mfail(m, span,
                     "found a reference to a %s which is excluded due to its feature not being "
                     "activated",
                     desc);
    *out = map[id];
    return 0;
}

/* ---- foreign items ---- */

static int find_package(const WitResolve *r, const WitPkgName *n)
{
    for (uint32_t i = 0; i < r->npackages; i++)
        if (wit_pkg_name_eq(&r->packages[i].name, n))
            return (int)i;
    return -1;
}

static int package_not_found(M *m, const WitForeignPkg *d)
{
    char known[256] = "";
    size_t len = 0;
    /* known packages in name order, like wit-parser's BTreeMap */
    uint8_t used[256] = {0};
    uint32_t n = m->r->npackages < 256 ? m->r->npackages : 256;
    for (uint32_t k = 0; k < n; k++) {
        int best = -1;
        for (uint32_t i = 0; i < n; i++)
            if (!used[i] && (best < 0 || wit_pkg_name_cmp(&m->r->packages[i].name,
                                                          &m->r->packages[best].name) < 0))
                best = (int)i;
        used[best] = 1;
        const char *s = wit_pkg_name_str(&m->r->arena, &m->r->packages[best].name);
        int w = snprintf(known + len, sizeof known - len, "\n    %s", s ? s : "?");
        if (w < 0 || (size_t)w >= sizeof known - len)
            break;
        len += (size_t)w;
    }
    const char *req = wit_pkg_name_str(&m->r->arena, &d->name);
    if (!len)
        return mfail(m, d->span, "package '%s' not found", req ? req : "?");
    return mfail(m, d->span, "package '%s' not found. known packages:%s", req ? req : "?", known);
}

static int foreign_items(M *m)
{
    const WitUPkg *u = m->u;
    WitResolve *r = m->r;
    for (uint32_t i = 0; i < u->ndeps; i++) {
        const WitForeignPkg *d = &u->deps[i];
        for (uint32_t k = 0; k < d->n; k++) {
            const WitForeignItem *fi = &d->items[k];
            int pid = find_package(r, &d->name);
            if (pid < 0)
                return package_not_found(m, d);
            uint32_t span = fi->is_world ? u->worlds[fi->id].span : u->ifaces[fi->id].span;
            int on = 0;
            for (uint32_t s = 0; s < fi->nstabs && !on; s++) {
                on = include_stab(m, &fi->stabs[s], span);
                if (on < 0)
                    return -1;
            }
            uint32_t *slot = fi->is_world ? &m->map.worlds[fi->id] : &m->map.ifaces[fi->id];
            *slot = WIT_NONE;
            if (!on)
                continue;
            const WitPackage *p = &r->packages[pid];
            const WitNamedId *v = fi->is_world ? p->worlds : p->ifaces;
            uint32_t nv = fi->is_world ? p->nworlds : p->nifaces;
            for (uint32_t j = 0; j < nv; j++)
                if (!strcmp(v[j].name, fi->name))
                    *slot = v[j].id;
            if (*slot == WIT_NONE) {
                const char *pn = wit_pkg_name_str(&r->arena, &p->name);
                return mfail(m, span, "%s '%s' not found in package '%s'",
                             fi->is_world ? "world" : "interface", fi->name, pn ? pn : "?");
            }
        }
    }
    /* types `use`d from foreign interfaces: the leading UNKNOWN types */
    for (uint32_t t = 0; t < u->ntypes && u->types[t].kind == WIT_K_UNKNOWN; t++) {
        const WitTypeDef *ut = &u->types[t];
        m->map.types[t] = WIT_NONE;
        int on = include_stab(m, &ut->stab, ut->span);
        if (on <= 0) {
            if (on < 0)
                return -1;
            continue;
        }
        uint32_t gi = 0;
        if (map_id(m, m->map.ifaces, ut->owner, "interface", WIT_NONE, &gi))
            return -1;
        const WitIface *it = &r->ifaces[gi];
        for (uint32_t j = 0; j < it->ntypes; j++)
            if (!strcmp(it->types[j].name, ut->name))
                m->map.types[t] = it->types[j].id;
        if (m->map.types[t] == WIT_NONE)
            return mfail(m, ut->span, "type `%s` not defined in interface", ut->name);
    }
    for (uint32_t i = 0; i < u->nreq; i++) {
        uint32_t id = m->map.types[u->req[i].type];
        if (id == WIT_NONE)
            continue;
        for (;;) {
            const WitTypeDef *t = &r->types[id];
            if (t->kind == WIT_K_ALIAS && WIT_TY_IS_ID(t->ty))
                id = WIT_TY_ID(t->ty);
            else if (t->kind == WIT_K_RESOURCE)
                break;
            else
                return mfail(m, u->req[i].span, "type used in a handle must be a resource");
        }
    }
    return 0;
}

/* ---- copying types and functions in ---- */

static uint32_t push_type(M *m, const WitTypeDef *t)
{
    WitResolve *r = m->r;
    WitTypeDef *slot = WIT_PUSH(&r->arena, r->types, r->ntypes, r->ctypes);
    if (!slot)
        return moom(m), WIT_NONE;
    *slot = *t;
    witres_derive(r, slot);
    return r->ntypes - 1;
}

static int points_to_resource(const WitResolve *r, uint32_t id)
{
    for (;;) {
        const WitTypeDef *t = &r->types[id];
        if (t->kind == WIT_K_RESOURCE)
            return 1;
        if (t->kind != WIT_K_ALIAS || !WIT_TY_IS_ID(t->ty))
            return 0;
        id = WIT_TY_ID(t->ty);
    }
}

/* Map a type reference; a reference to a resource becomes `own<r>`. */
static int update_ty(M *m, WitTy *ty, uint32_t span)
{
    if (!WIT_TY_IS_ID(*ty))
        return 0;
    uint32_t id = 0;
    if (map_id(m, m->map.types, WIT_TY_ID(*ty), "type", span, &id))
        return -1;
    *ty = WIT_TY_OF(id);
    if (!points_to_resource(m->r, id))
        return 0;
    for (uint32_t i = 0; i < m->map.nown; i++)
        if (m->map.own[i].of == id) {
            *ty = WIT_TY_OF(m->map.own[i].handle);
            return 0;
        }
    WitTypeDef h = {.kind = WIT_K_OWN, .ty = WIT_TY_OF(id), .span = WIT_NONE};
    uint32_t hid = push_type(m, &h);
    Own *o = WIT_PUSH(&m->r->arena, m->map.own, m->map.nown, m->map.cown);
    if (hid == WIT_NONE || !o)
        return moom(m);
    o->of = id, o->handle = hid;
    *ty = WIT_TY_OF(hid);
    return 0;
}

static int update_typedef(M *m, WitTypeDef *t)
{
    uint32_t id = 0;
    switch (t->kind) {
    case WIT_K_OWN:
    case WIT_K_BORROW:
    case WIT_K_ALIAS:
        if (!WIT_TY_IS_ID(t->ty))
            return 0;
        if (map_id(m, m->map.types, WIT_TY_ID(t->ty), "type", t->span, &id))
            return -1;
        t->ty = WIT_TY_OF(id);
        return 0;
    case WIT_K_RESULT:
        return update_ty(m, &t->ty, t->span) || update_ty(m, &t->ty2, t->span);
    case WIT_K_LIST:
    case WIT_K_OPTION:
        return update_ty(m, &t->ty, t->span);
    case WIT_K_RECORD:
    case WIT_K_VARIANT:
    case WIT_K_TUPLE: {
        WitField *f = arena_memdup(&m->r->arena, t->fields, sizeof *f * t->nfields);
        if (!f)
            return moom(m);
        t->fields = f;
        for (uint32_t i = 0; i < t->nfields; i++)
            if (update_ty(m, &f[i].ty, t->kind == WIT_K_RECORD ? f[i].span : t->span))
                return -1;
        return 0;
    }
    default:
        return 0;
    }
}

int witres_has_borrow(const WitResolve *r, WitTy ty)
{
    return WIT_TY_IS_ID(ty) && r->types[WIT_TY_ID(ty)].has_borrow;
}

/* Types only refer to earlier types, so the flag of a new type follows from
 * its parts' flags: one step, no recursion (alias chains may be long). */
void witres_derive(const WitResolve *r, WitTypeDef *t)
{
    switch (t->kind) {
    case WIT_K_BORROW:
        t->has_borrow = 1;
        break;
    case WIT_K_ALIAS: case WIT_K_LIST: case WIT_K_OPTION:
        t->has_borrow = (uint8_t)witres_has_borrow(r, t->ty);
        break;
    case WIT_K_RESULT:
        t->has_borrow = (uint8_t)(witres_has_borrow(r, t->ty) || witres_has_borrow(r, t->ty2));
        break;
    case WIT_K_RECORD: case WIT_K_VARIANT: case WIT_K_TUPLE:
        t->has_borrow = 0;
        for (uint32_t i = 0; i < t->nfields; i++)
            if (witres_has_borrow(r, t->fields[i].ty))
                t->has_borrow = 1;
        break;
    default:
        t->has_borrow = 0;
    }
}

static int update_func(M *m, WitFunc *f)
{
    if (f->kind != WIT_FN_FREE &&
        map_id(m, m->map.types, f->resource, "type", f->span, &f->resource))
        return -1;
    WitParam *p = arena_memdup(&m->r->arena, f->params, sizeof *p * (f->nparams + 1));
    if (!p)
        return moom(m);
    f->params = p;
    for (uint32_t i = 0; i < f->nparams; i++)
        if (update_ty(m, &p[i].ty, f->span))
            return -1;
    if (update_ty(m, &f->result, f->span))
        return -1;
    if (witres_has_borrow(m->r, f->result))
        return mfail(m, f->span,
                     "function `%s` returns a type which contains a `borrow<T>` which is not "
                     "supported",
                     f->name);
    return 0;
}

static int copy_types(M *m, uint32_t first)
{
    const WitUPkg *u = m->u;
    for (uint32_t t = first; t < u->ntypes; t++) {
        WitTypeDef ty = u->types[t];
        m->map.types[t] = WIT_NONE;
        int on = include_stab(m, &ty.stab, ty.span);
        if (on < 0)
            return -1;
        if (!on)
            continue;
        if (update_typedef(m, &ty))
            return -1;
        uint32_t id = push_type(m, &ty);
        if (id == WIT_NONE)
            return -1;
        m->map.types[t] = id;
    }
    return 0;
}

static int copy_ifaces(M *m, uint32_t first)
{
    const WitUPkg *u = m->u;
    WitResolve *r = m->r;
    for (uint32_t i = first; i < u->nifaces; i++) {
        WitIface it = u->ifaces[i];
        m->map.ifaces[i] = WIT_NONE;
        int on = include_stab(m, &it.stab, it.span);
        if (on <= 0) {
            if (on < 0)
                return -1;
            continue;
        }
        it.package = m->pkg;
        /* keep the types that survived the gates, mapped */
        WitNamedId *tv = ARENA_ARRAY(&r->arena, WitNamedId, it.ntypes + 1);
        WitFunc *fv = ARENA_ARRAY(&r->arena, WitFunc, it.nfuncs + 1);
        if (!tv || !fv)
            return moom(m);
        uint32_t nt = 0, nf = 0;
        for (uint32_t k = 0; k < it.ntypes; k++)
            if (m->map.types[it.types[k].id] != WIT_NONE)
                tv[nt].name = it.types[k].name, tv[nt++].id = m->map.types[it.types[k].id];
        for (uint32_t k = 0; k < it.nfuncs; k++) {
            WitFunc f = it.funcs[k];
            on = include_stab(m, &f.stab, f.span);
            if (on < 0)
                return -1;
            if (on) {
                if (update_func(m, &f))
                    return -1;
                fv[nf++] = f;
            }
        }
        it.types = tv, it.ntypes = it.ctypes = nt;
        it.funcs = fv, it.nfuncs = it.cfuncs = nf;
        WitIface *slot = WIT_PUSH(&r->arena, r->ifaces, r->nifaces, r->cifaces);
        if (!slot)
            return moom(m);
        *slot = it;
        m->map.ifaces[i] = r->nifaces - 1;
    }
    return 0;
}

static int item_stab(M *m, const WitWorldItem *it, WitStability *out)
{
    if (it->kind == WIT_ITEM_FUNC)
        *out = it->func.stab;
    else if (it->kind == WIT_ITEM_TYPE)
        *out = m->r->types[it->id].stab;
    else
        *out = it->stab;
    return 0;
}

static int copy_items(M *m, const WitItemList *from, WitItemList *to)
{
    WitResolve *r = m->r;
    *to = (WitItemList){0};
    for (uint32_t i = 0; i < from->n; i++) {
        WitWorldItem it = from->items[i];
        if (it.kind == WIT_ITEM_TYPE &&
            map_id(m, m->map.types, it.id, "type", it.span, &it.id))
            return -1;
        WitStability st;
        item_stab(m, &it, &st);
        int on = include_stab(m, &st, it.span);
        if (on < 0)
            return -1;
        if (!on)
            continue;
        if (it.kind == WIT_ITEM_IFACE &&
            map_id(m, m->map.ifaces, it.id, "interface", it.span, &it.id))
            return -1;
        if (it.kind == WIT_ITEM_FUNC && update_func(m, &it.func))
            return -1;
        WitWorldItem *slot = WIT_PUSH(&r->arena, to->items, to->n, to->cap);
        if (!slot)
            return moom(m);
        *slot = it;
    }
    return 0;
}

static int copy_worlds(M *m)
{
    const WitUPkg *u = m->u;
    WitResolve *r = m->r;
    for (uint32_t i = m->first_world; i < u->nworlds; i++) {
        WitWorld w = u->worlds[i];
        m->map.worlds[i] = WIT_NONE;
        int on = include_stab(m, &w.stab, w.span);
        if (on <= 0) {
            if (on < 0)
                return -1;
            continue;
        }
        if (copy_items(m, &u->worlds[i].imports, &w.imports) ||
            copy_items(m, &u->worlds[i].exports, &w.exports))
            return -1;
        w.package = WIT_NONE; /* set once includes are done, as wit-parser does */
        WitWorld *slot = WIT_PUSH(&r->arena, r->worlds, r->nworlds, r->cworlds);
        if (!slot)
            return moom(m);
        *slot = w;
        m->map.worlds[i] = r->nworlds - 1;
    }
    return 0;
}

/* ---- appending one package ---- */

static int set_owners(M *m, WitOwnerKind kind)
{
    const WitUPkg *u = m->u;
    for (uint32_t t = m->first_type; t < u->ntypes; t++) {
        uint32_t id = m->map.types[t];
        if (id == WIT_NONE)
            continue;
        WitTypeDef *ty = &m->r->types[id];
        if (ty->owner_kind != kind)
            continue;
        const uint32_t *map = kind == WIT_OWNER_IFACE ? m->map.ifaces : m->map.worlds;
        if (map[ty->owner] == WIT_NONE)
            return mfail(m, ty->span,
                         "found a reference to a %s which is excluded due to its feature not "
                         "being activated; this type is not gated by a feature but its %s is",
                         kind == WIT_OWNER_IFACE ? "interface" : "world",
                         kind == WIT_OWNER_IFACE ? "interface" : "world");
        ty->owner = map[ty->owner];
    }
    return 0;
}

static int register_name(M *m, WitNamedId **v, uint32_t *n, uint32_t *cap, const char *name,
                         uint32_t id)
{
    WitNamedId *slot = WIT_PUSH(&m->r->arena, *v, *n, *cap);
    if (!slot)
        return moom(m);
    slot->name = name, slot->id = id;
    return 0;
}

static CmErr append(WitResolve *r, const WitUPkg *u, uint32_t *out_id, WitError *err)
{
    M m = {.r = r, .u = u, .err = err};
    Arena *a = &r->arena;
    WitPackage *p = WIT_PUSH(a, r->packages, r->npackages, r->cpackages);
    m.map.types = ARENA_ARRAY(a, uint32_t, u->ntypes + 1);
    m.map.ifaces = ARENA_ARRAY(a, uint32_t, u->nifaces + 1);
    m.map.worlds = ARENA_ARRAY(a, uint32_t, u->nworlds + 1);
    if (!p || !m.map.types || !m.map.ifaces || !m.map.worlds)
        return wit_error(err, CM_E_OOM, WIT_NONE, "out of memory (limit 1 GiB)");
    p->name = u->name;
    p->docs = u->docs;
    m.pkg = r->npackages - 1;
    for (uint32_t i = 0; i < u->ndeps; i++)
        for (uint32_t k = 0; k < u->deps[i].n; k++) {
            if (u->deps[i].items[k].is_world)
                m.first_world++;
            else
                m.first_iface++;
        }
    while (m.first_type < u->ntypes && u->types[m.first_type].kind == WIT_K_UNKNOWN)
        m.first_type++;
    if (foreign_items(&m) || copy_types(&m, m.first_type) || copy_ifaces(&m, m.first_iface) ||
        set_owners(&m, WIT_OWNER_IFACE) || copy_worlds(&m) || set_owners(&m, WIT_OWNER_WORLD))
        return err->code;
    for (uint32_t i = m.first_world; i < u->nworlds; i++) {
        uint32_t wid = m.map.worlds[i];
        if (wid == WIT_NONE)
            continue;
        /* drop includes whose own gate is off, then expand the rest */
        WitWorld *w = &r->worlds[wid];
        WitInclude *kept = ARENA_ARRAY(a, WitInclude, w->nincludes + 1);
        uint32_t nk = 0;
        if (!kept)
            return wit_error(err, CM_E_OOM, WIT_NONE, "out of memory (limit 1 GiB)");
        for (uint32_t k = 0; k < w->nincludes; k++) {
            int on = include_stab(&m, &w->includes[k].stab, w->includes[k].span);
            if (on < 0)
                return err->code;
            if (on)
                kept[nk++] = w->includes[k];
        }
        w->includes = kept, w->nincludes = w->cincludes = nk;
        if (witres_includes(r, wid, m.pkg, m.map.worlds, err) || witres_elaborate(r, wid, err))
            return err->code;
    }
    p = &r->packages[m.pkg];
    for (uint32_t i = m.first_iface; i < u->nifaces; i++) {
        uint32_t id = m.map.ifaces[i];
        if (id != WIT_NONE && r->ifaces[id].name &&
            register_name(&m, &p->ifaces, &p->nifaces, &p->cifaces, r->ifaces[id].name, id))
            return err->code;
    }
    for (uint32_t i = m.first_world; i < u->nworlds; i++) {
        uint32_t id = m.map.worlds[i];
        if (id == WIT_NONE)
            continue;
        r->worlds[id].package = m.pkg;
        if (register_name(&m, &p->worlds, &p->nworlds, &p->cworlds, r->worlds[id].name, id))
            return err->code;
    }
    *out_id = m.pkg;
    return CM_OK;
}

/* ---- packages in dependency order ---- */

typedef struct Sorter {
    WitUPkg *pkgs;
    uint32_t n;
    uint32_t *order;
    uint32_t norder;
    uint8_t *placed, *visiting;
    WitResolve *r;
    WitError *err;
} Sorter;

static int find_upkg(const Sorter *s, const WitPkgName *n)
{
    for (uint32_t i = 0; i < s->n; i++)
        if (wit_pkg_name_eq(&s->pkgs[i].name, n))
            return (int)i;
    return -1;
}

static int visit(Sorter *s, uint32_t i)
{
    if (s->placed[i])
        return 0;
    const WitUPkg *u = &s->pkgs[i];
    for (uint32_t d = 0; d < u->ndeps; d++) {
        int j = find_upkg(s, &u->deps[d].name);
        if (j >= 0 && s->visiting[j]) {
            const char *nm = wit_pkg_name_str(&s->r->arena, &u->deps[d].name);
            wit_error(s->err, CM_E_WIT_RESOLVE, u->deps[d].span,
                      "package `%s` creates a dependency cycle", nm ? nm : "?");
            return -1;
        }
        if (j >= 0) {
            s->visiting[j] = 1;
            int rc = visit(s, (uint32_t)j);
            s->visiting[j] = 0;
            if (rc)
                return rc;
        }
    }
    s->placed[i] = 1;
    s->order[s->norder++] = i;
    return 0;
}

CmErr witres_push_packages(WitResolve *r, WitUPkg *pkgs, uint32_t n, uint32_t main_index,
                           uint32_t *out_main, WitError *err)
{
    Sorter s = {pkgs, n, NULL, 0, NULL, NULL, r, err};
    s.order = ARENA_ARRAY(&r->arena, uint32_t, n + 1);
    s.placed = ARENA_ARRAY(&r->arena, uint8_t, n + 1);
    s.visiting = ARENA_ARRAY(&r->arena, uint8_t, n + 1);
    uint32_t *by_name = ARENA_ARRAY(&r->arena, uint32_t, n + 1);
    if (!s.order || !s.placed || !s.visiting || !by_name)
        return wit_error(err, CM_E_OOM, WIT_NONE, "out of memory (limit 1 GiB)");
    /* name order (wit-parser keeps them in a BTreeMap); duplicates are errors */
    for (uint32_t i = 0; i < n; i++) {
        uint32_t k = i;
        while (k > 0 && wit_pkg_name_cmp(&pkgs[by_name[k - 1]].name, &pkgs[i].name) > 0) {
            by_name[k] = by_name[k - 1];
            k--;
        }
        by_name[k] = i;
        if (k > 0 && !wit_pkg_name_cmp(&pkgs[by_name[k - 1]].name, &pkgs[i].name)) {
            const char *nm = wit_pkg_name_str(&r->arena, &pkgs[i].name);
            return wit_error(err, CM_E_WIT_RESOLVE, pkgs[i].name_span,
                             "package `%s` is defined in two different locations", nm ? nm : "?");
        }
    }
    for (uint32_t k = 0; k < n; k++)
        if (visit(&s, by_name[k]))
            return err->code;
    for (uint32_t k = 0; k < s.norder; k++) {
        uint32_t id = 0;
        if (append(r, &pkgs[s.order[k]], &id, err))
            return err->code;
        if (s.order[k] == main_index)
            *out_main = id;
    }
#ifndef NDEBUG
    /* debug builds prove the model's invariants after every resolution */
    if (wit_check_invariants(r))
        return wit_error(err, CM_E_WIT_RESOLVE, WIT_NONE,
                         "internal error: resolution invariants violated");
#endif
    return CM_OK;
}
