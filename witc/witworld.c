/* witworld.c - the world-level steps of resolution: `include` (with its
 * copying of world-owned types, functions and inline interfaces, and the
 * `with { a as b }` renames) and elaboration (implicit imports and the
 * canonical order of world items), after wit-parser's Remap::resolve_include,
 * clone.rs and Resolve::elaborate_world (WIT.md "Union of Worlds with
 * include" and "Transitive imports and worlds"). */
#include "witint.h"
#include "witres.h"

#include <stdarg.h>
#include <stdio.h>

typedef struct Pair {
    uint32_t from, to;
} Pair;

typedef struct CloneMaps {
    Pair *types;
    uint32_t ntypes, ctypes;
} CloneMaps;

typedef struct Cloner {
    WitResolve *r;
    CloneMaps *maps;
    WitOwnerKind prev_k, new_k;
    uint32_t prev, new_;
    uint32_t pkg;
    int oom;    /* out of memory, or dependencies nested too deep */
    int depth;
} Cloner;

static int efail(WitError *err, uint32_t pos, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static int efail(WitError *err, uint32_t pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    err->code = CM_E_WIT_RESOLVE;
    err->pos = pos;
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return -1;
}

static uint32_t *mapped(CloneMaps *m, uint32_t id)
{
    for (uint32_t i = 0; i < m->ntypes; i++)
        if (m->types[i].from == id)
            return &m->types[i].to;
    return NULL;
}

static void clone_type_id(Cloner *c, uint32_t *id);

static void clone_ty(Cloner *c, WitTy *t)
{
    if (WIT_TY_IS_ID(*t)) {
        uint32_t id = WIT_TY_ID(*t);
        clone_type_id(c, &id);
        *t = WIT_TY_OF(id);
    }
}

static void clone_type_id(Cloner *c, uint32_t *id)
{
    uint32_t *m = mapped(c->maps, *id);
    if (m) {
        *id = *m;
        return;
    }
    WitResolve *r = c->r;
    if (++c->depth > WITRES_MAX_DEPTH) {
        c->oom = 1;
        c->depth--;
        return;
    }
    WitTypeDef t = r->types[*id];
    if (t.owner_kind != WIT_OWNER_NONE)
        t.owner_kind = c->new_k, t.owner = c->new_;
    switch (t.kind) {
    case WIT_K_ALIAS:
        if (WIT_TY_IS_ID(t.ty)) {
            uint32_t inner = WIT_TY_ID(t.ty);
            const WitTypeDef *it = &r->types[inner];
            if (it->owner_kind == c->prev_k && it->owner == c->prev &&
                it->owner_kind != WIT_OWNER_NONE)
                clone_type_id(c, &inner);
            else if ((m = mapped(c->maps, inner)))
                inner = *m;
            t.ty = WIT_TY_OF(inner);
        }
        break;
    case WIT_K_OWN:
    case WIT_K_BORROW:
    case WIT_K_LIST:
    case WIT_K_OPTION:
        clone_ty(c, &t.ty);
        break;
    case WIT_K_RESULT:
        clone_ty(c, &t.ty);
        clone_ty(c, &t.ty2);
        break;
    case WIT_K_RECORD:
    case WIT_K_VARIANT:
    case WIT_K_TUPLE: {
        WitField *f = arena_memdup(&r->arena, t.fields, sizeof *f * (t.nfields + 1));
        if (!f) {
            c->oom = 1;
            c->depth--;
            return;
        }
        t.fields = f;
        for (uint32_t i = 0; i < t.nfields; i++)
            clone_ty(c, &f[i].ty);
        break;
    }
    default:
        break;
    }
    WitTypeDef *slot = WIT_PUSH(&r->arena, r->types, r->ntypes, r->ctypes);
    Pair *p = WIT_PUSH(&r->arena, c->maps->types, c->maps->ntypes, c->maps->ctypes);
    c->depth--;
    if (!slot || !p) {
        c->oom = 1;
        return;
    }
    *slot = t;
    witres_derive(r, slot);
    p->from = *id, p->to = r->ntypes - 1;
    *id = r->ntypes - 1;
}

static void clone_func(Cloner *c, WitFunc *f)
{
    if (f->kind != WIT_FN_FREE)
        clone_type_id(c, &f->resource);
    WitParam *p = arena_memdup(&c->r->arena, f->params, sizeof *p * (f->nparams + 1));
    if (!p) {
        c->oom = 1;
        return;
    }
    f->params = p;
    for (uint32_t i = 0; i < f->nparams; i++)
        clone_ty(c, &p[i].ty);
    clone_ty(c, &f->result);
}

static void clone_iface(Cloner *c, uint32_t *id)
{
    WitResolve *r = c->r;
    WitIface it = r->ifaces[*id];
    uint32_t next = r->nifaces;
    Cloner inner = {r, c->maps, WIT_OWNER_IFACE, WIT_OWNER_IFACE, *id, next, c->pkg, 0, 0};
    WitNamedId *tv = arena_memdup(&r->arena, it.types, sizeof *tv * (it.ntypes + 1));
    WitFunc *fv = arena_memdup(&r->arena, it.funcs, sizeof *fv * (it.nfuncs + 1));
    if (!tv || !fv) {
        c->oom = 1;
        return;
    }
    for (uint32_t i = 0; i < it.ntypes; i++)
        clone_type_id(&inner, &tv[i].id);
    for (uint32_t i = 0; i < it.nfuncs; i++)
        clone_func(&inner, &fv[i]);
    it.types = tv, it.ctypes = it.ntypes;
    it.funcs = fv, it.cfuncs = it.nfuncs;
    it.package = c->pkg;
    it.clone_of = *id;
    WitIface *slot = WIT_PUSH(&r->arena, r->ifaces, r->nifaces, r->cifaces);
    if (!slot || inner.oom) {
        c->oom = 1;
        return;
    }
    *slot = it;
    *id = next;
}

/* `[method]r.m` renamed by `r as s` is `[method]s.m`; a plain `a` by
 * `a as b` is `b`.  NULL if the rename does not apply. */
static const char *rename_item(Arena *a, const char *orig, const WitIncludeName *n)
{
    const char *rest = orig;
    while (*rest == '[') {
        const char *close = strchr(rest, ']');
        if (!close)
            return NULL;
        rest = close + 1;
    }
    size_t plen = (size_t)(rest - orig);
    const char *dot = strchr(rest, '.');
    size_t len = plen + strlen(n->as) + (dot ? strlen(dot) : 0) + 1;
    if (dot ? (size_t)(dot - rest) != strlen(n->name) || strncmp(rest, n->name, strlen(n->name))
            : strcmp(rest, n->name))
        return NULL;
    char *s = arena_alloc(a, len);
    if (s)
        snprintf(s, len, "%.*s%s%s", (int)plen, orig, n->as, dot ? dot : "");
    return s;
}

/* A world's import or export list with a hash index on its keys (a name,
 * or "#N" for interface N), so that building big worlds stays fast. */
typedef struct IList {
    WitResolve *r;
    WitItemList *l;
    WitStrMap map;
} IList;

static const char *ikey(const char *name, uint32_t iface, char *buf, size_t cap)
{
    if (name)
        return name;
    snprintf(buf, cap, "#%u", iface);
    return buf;
}

static int il_init(IList *il, WitResolve *r, WitItemList *l)
{
    il->r = r, il->l = l, il->map = (WitStrMap){0};
    for (uint32_t i = 0; i < l->n; i++) {
        char buf[16];
        const char *k = ikey(l->items[i].key_name, l->items[i].id, buf, sizeof buf);
        if (!l->items[i].key_name && !(k = arena_strdup(&r->arena, buf)))
            return -1;
        if (!wit_map_put(&r->arena, &il->map, k, i))
            return -1;
    }
    return 0;
}

static WitWorldItem *il_find(IList *il, const char *name, uint32_t iface)
{
    char buf[16];
    uint32_t i = wit_map_get(&il->map, ikey(name, iface, buf, sizeof buf));
    return i == WIT_NONE ? NULL : &il->l->items[i];
}

/* Append an item; returns it, or NULL when out of memory. */
static WitWorldItem *il_push(IList *il, const WitWorldItem *it)
{
    WitResolve *r = il->r;
    WitItemList *l = il->l;
    WitWorldItem *slot = WIT_PUSH(&r->arena, l->items, l->n, l->cap);
    if (!slot)
        return NULL;
    *slot = *it;
    char buf[16];
    const char *k = ikey(it->key_name, it->id, buf, sizeof buf);
    if (!it->key_name && !(k = arena_strdup(&r->arena, buf)))
        return NULL;
    if (!wit_map_put(&r->arena, &il->map, k, l->n - 1))
        return NULL;
    return &l->items[l->n - 1];
}

static int stab_eq(const WitStability *a, const WitStability *b)
{
    return a->kind == b->kind && wit_streq(a->since, b->since) &&
           wit_streq(a->feature, b->feature) && wit_streq(a->deprecated, b->deprecated);
}

static int include_item(Cloner *c, const WitInclude *inc, IList *il, int import,
                        const WitWorldItem *item, int external, WitError *err)
{
    WitResolve *r = c->r;
    const char *desc = import ? "import" : "export";
    if (item->key_name) {
        const char *name = NULL;
        for (uint32_t i = 0; i < inc->nnames && !name; i++)
            name = rename_item(&r->arena, item->key_name, &inc->names[i]);
        if (!name)
            name = item->key_name;
        WitWorldItem it = *item;
        it.key_name = name;
        if (it.kind == WIT_ITEM_TYPE)
            clone_type_id(c, &it.id);
        else if (it.kind == WIT_ITEM_FUNC)
            clone_func(c, &it.func);
        else if (!r->ifaces[it.id].name)
            clone_iface(c, &it.id);
        if (c->oom)
            return wit_error(err, CM_E_LIMIT, inc->span,
                             "cannot copy the included world's types (out of memory, or "
                             "nested more than %d deep)",
                             WITRES_MAX_DEPTH),
                   -1;
        if (it.kind == WIT_ITEM_FUNC)
            it.func.name = name;
        else if (it.kind == WIT_ITEM_TYPE)
            r->types[it.id].name = name;
        if (il_find(il, name, 0))
            return efail(err, inc->span, "%s of `%s` shadows previously %sed items", desc, name,
                         desc);
        if (!il_push(il, &it))
            return wit_error(err, CM_E_OOM, WIT_NONE, "out of memory (limit 1 GiB)"), -1;
        return 0;
    }
    WitWorldItem *prev = il_find(il, NULL, item->id);
    if (!prev && !(prev = il_push(il, item)))
        return wit_error(err, CM_E_OOM, WIT_NONE, "out of memory (limit 1 GiB)"), -1;
    const WitStability *from = &item->stab;
    if (external && from->kind == WIT_STAB_STABLE) {
        prev->stab = (WitStability){WIT_STAB_UNKNOWN, NULL, NULL, NULL};
        return 0;
    }
    if (stab_eq(from, &prev->stab) || from->kind == WIT_STAB_UNKNOWN)
        return 0;
    if (prev->stab.kind == WIT_STAB_UNKNOWN) {
        prev->stab = *from;
        return 0;
    }
    return efail(err, item->span, "mismatch in stability of an interface included twice");
}

static int strongly_unique(WitResolve *r, uint32_t wid, WitError *err)
{
    WitWorld *w = &r->worlds[wid];
    for (int s = 0; s < 2; s++) {
        WitItemList *l = s ? &w->exports : &w->imports;
        const char *desc = s ? "export" : "import";
        WitStrMap seen = {0};
        for (uint32_t i = 0; i < l->n; i++) {
            if (!l->items[i].key_name)
                continue;
            char key[256];
            wit_name_canon(l->items[i].key_name, key, sizeof key);
            uint32_t j = wit_map_get(&seen, key);
            if (j != WIT_NONE)
                return efail(err, WIT_NONE,
                             "%s `%s` in world `%s` conflicts with %s `%s` (names must be "
                             "strongly unique)",
                             desc, l->items[i].key_name, w->name, desc, l->items[j].key_name);
            const char *k = arena_strdup(&r->arena, key);
            if (!k || !wit_map_put(&r->arena, &seen, k, i))
                return wit_error(err, CM_E_OOM, WIT_NONE, "out of memory (limit 1 GiB)"), -1;
        }
    }
    return 0;
}

CmErr witres_includes(WitResolve *r, uint32_t wid, uint32_t pkg, const uint32_t *wmap,
                      WitError *err)
{
    WitWorld *w = &r->worlds[wid];
    const WitInclude *incs = w->includes;
    uint32_t ninc = w->nincludes;
    w->includes = NULL, w->nincludes = w->cincludes = 0;
    for (uint32_t k = 0; k < ninc; k++) {
        const WitInclude *inc = &incs[k];
        /* gates on `include` were checked by the caller's map; re-check here */
        if (inc->stab.kind == WIT_STAB_UNSTABLE && !witres_feature_on(r, inc->stab.feature))
            continue;
        uint32_t from = wmap[inc->world];
        if (from == WIT_NONE)
            return efail(err, inc->span,
                         "found a reference to a world which is excluded due to its feature not "
                         "being activated"),
                   err->code;
        const WitWorld *src = &r->worlds[from];
        int external = src->package != WIT_NONE;
        for (uint32_t i = 0; i < inc->nnames; i++) {
            int found = 0;
            for (int s = 0; s < 2 && !found; s++) {
                const WitItemList *l = s ? &src->exports : &src->imports;
                for (uint32_t j = 0; j < l->n && !found; j++)
                    found = l->items[j].key_name &&
                            rename_item(&r->arena, l->items[j].key_name, &inc->names[i]);
            }
            if (!found)
                return efail(err, inc->span,
                             "no import or export kebab-name `%s`. Note that an ID does not "
                             "support renaming",
                             inc->names[i].name),
                       err->code;
        }
        CloneMaps maps = {0};
        Cloner c = {r, &maps, WIT_OWNER_WORLD, WIT_OWNER_WORLD, from, wid, pkg, 0, 0};
        /* the source lists may move as items are appended: copy them */
        WitItemList imp = r->worlds[from].imports, exp = r->worlds[from].exports;
        IList li, le;
        if (il_init(&li, r, &r->worlds[wid].imports) || il_init(&le, r, &r->worlds[wid].exports))
            return wit_error(err, CM_E_OOM, WIT_NONE, "out of memory (limit 1 GiB)");
        for (uint32_t i = 0; i < imp.n; i++)
            if (include_item(&c, inc, &li, 1, &imp.items[i], external, err))
                return err->code;
        for (uint32_t i = 0; i < exp.n; i++)
            if (include_item(&c, inc, &le, 0, &exp.items[i], external, err))
                return err->code;
    }
    if (strongly_unique(r, wid, err))
        return err->code;
    return CM_OK;
}

/* ---- elaboration ---- */

/* The interface a `use` alias reaches into, if it crosses owners. */
static uint32_t type_iface_dep(const WitResolve *r, uint32_t id)
{
    const WitTypeDef *t = &r->types[id];
    if (t->kind != WIT_K_ALIAS || !WIT_TY_IS_ID(t->ty))
        return WIT_NONE;
    const WitTypeDef *o = &r->types[WIT_TY_ID(t->ty)];
    if (o->owner_kind == t->owner_kind && o->owner == t->owner)
        return WIT_NONE;
    return o->owner_kind == WIT_OWNER_IFACE ? o->owner : WIT_NONE;
}

static int sort_key(const WitResolve *r, const WitWorldItem *it)
{
    if (it->kind == WIT_ITEM_IFACE)
        return 0;
    if (it->kind == WIT_ITEM_TYPE) {
        const WitTypeDef *t = &r->types[it->id];
        if (t->kind == WIT_K_ALIAS && WIT_TY_IS_ID(t->ty)) {
            const WitTypeDef *o = &r->types[WIT_TY_ID(t->ty)];
            if (o->owner_kind != t->owner_kind || o->owner != t->owner)
                return 1;
        }
        return 2;
    }
    return it->func.kind == WIT_FN_FREE ? 3 : 4;
}

static int stable_sort(WitResolve *r, WitItemList *l)
{
    WitWorldItem *out = ARENA_ARRAY(&r->arena, WitWorldItem, l->n + 1);
    if (!out)
        return -1;
    uint32_t k = 0;
    for (int key = 0; key <= 4; key++)
        for (uint32_t i = 0; i < l->n; i++)
            if (sort_key(r, &l->items[i]) == key)
                out[k++] = l->items[i];
    l->items = out;
    l->cap = l->n;
    return 0;
}

static int elab_import(WitResolve *r, IList *imports, const char *key, uint32_t id,
                       const WitStability *st, const char *docs, int depth)
{
    if (il_find(imports, key, id))
        return 0;
    if (depth > WITRES_MAX_DEPTH)
        return -2;
    const WitIface *it = &r->ifaces[id];
    for (uint32_t i = 0; i < it->ntypes; i++) {
        uint32_t dep = type_iface_dep(r, it->types[i].id);
        int rc = dep == WIT_NONE ? 0 : elab_import(r, imports, NULL, dep, st, NULL, depth + 1);
        if (rc)
            return rc;
    }
    WitWorldItem item = {.key_name = key, .kind = WIT_ITEM_IFACE, .id = id, .docs = docs,
                         .stab = *st, .span = WIT_NONE};
    return il_push(imports, &item) ? 0 : -1;
}

typedef struct Exports {
    IList *imports, *exports, *exp_ifaces;
    uint32_t *req; /* interfaces required as imports */
    uint32_t nreq, creq;
} Exports;

static int required(const Exports *x, uint32_t id)
{
    for (uint32_t i = 0; i < x->nreq; i++)
        if (x->req[i] == id)
            return 1;
    return 0;
}

/* wit-parser's add_world_export: 1 ok, 0 incompatible, -1 oom, -2 too deep. */
static int add_export(WitResolve *r, Exports *x, const WitWorldItem *item, int adding, int depth)
{
    if (il_find(x->exports, item->key_name, item->id))
        return adding ? 1 : 0;
    if (depth > WITRES_MAX_DEPTH)
        return -2;
    uint32_t id = item->id;
    if (!adding && required(x, id))
        return 1;
    const WitIface *it = &r->ifaces[id];
    for (uint32_t i = 0; i < it->ntypes; i++) {
        uint32_t dep = type_iface_dep(r, it->types[i].id);
        if (dep == WIT_NONE)
            continue;
        WitWorldItem d = {.kind = WIT_ITEM_IFACE, .id = dep, .stab = item->stab,
                          .span = WIT_NONE};
        int sub = adding && il_find(x->exp_ifaces, NULL, dep);
        int rc = add_export(r, x, &d, sub, depth + 1);
        if (rc <= 0)
            return rc;
    }
    if (adding) {
        if (required(x, id))
            return 0;
        return il_push(x->exports, item) ? 1 : -1;
    }
    uint32_t *slot = WIT_PUSH(&r->arena, x->req, x->nreq, x->creq);
    if (!slot)
        return -1;
    *slot = id;
    if (!il_find(x->imports, item->key_name, id) && !il_push(x->imports, item))
        return -1;
    return 1;
}

static const char *key_str(WitResolve *r, const WitWorldItem *it)
{
    if (it->key_name)
        return it->key_name;
    const WitIface *i = &r->ifaces[it->id];
    if (!i->name || i->package == WIT_NONE)
        return "<unnamed>";
    const WitPkgName *pn = &r->packages[i->package].name;
    size_t len = strlen(pn->ns) + strlen(pn->name) + strlen(i->name) +
                 (pn->version ? strlen(pn->version) : 0) + 8;
    char *s = arena_alloc(&r->arena, len);
    if (s)
        snprintf(s, len, "%s:%s/%s%s%s", pn->ns, pn->name, i->name, pn->version ? "@" : "",
                 pn->version ? pn->version : "");
    return s ? s : "?";
}

CmErr witres_elaborate(WitResolve *r, uint32_t wid, WitError *err)
{
    WitItemList imports = {0}, exports = {0}, exp_ifaces = {0};
    IList im, ex, ei;
    if (il_init(&im, r, &imports) || il_init(&ex, r, &exports) || il_init(&ei, r, &exp_ifaces))
        goto oom;
    WitItemList old = r->worlds[wid].imports;
    if (stable_sort(r, &old))
        goto oom;
    for (uint32_t i = 0; i < old.n; i++) {
        const WitWorldItem *it = &old.items[i];
        int rc = 0;
        if (it->kind == WIT_ITEM_IFACE)
            rc = elab_import(r, &im, it->key_name, it->id, &it->stab, it->docs, 0);
        else if (it->kind == WIT_ITEM_TYPE && type_iface_dep(r, it->id) != WIT_NONE)
            rc = elab_import(r, &im, NULL, type_iface_dep(r, it->id), &r->types[it->id].stab,
                             NULL, 0);
        if (rc == -2)
            goto deep;
        if (rc)
            goto oom;
        if (it->kind == WIT_ITEM_IFACE)
            continue;
        if (!il_push(&im, it))
            goto oom;
    }
    WitItemList oexp = r->worlds[wid].exports;
    for (uint32_t i = 0; i < oexp.n; i++)
        if (!il_push(oexp.items[i].kind == WIT_ITEM_IFACE ? &ei : &ex, &oexp.items[i]))
            goto oom;
    Exports x = {&im, &ex, &ei, NULL, 0, 0};
    for (uint32_t i = 0; i < exp_ifaces.n; i++) {
        int rc = add_export(r, &x, &exp_ifaces.items[i], 1, 0);
        if (rc == -2)
            goto deep;
        if (rc < 0)
            goto oom;
        if (rc == 0)
            return efail(err, r->worlds[wid].span,
                         "interface `%s` transitively depends on an interface in incompatible "
                         "ways",
                         key_str(r, &exp_ifaces.items[i])),
                   err->code;
    }
    if (stable_sort(r, &imports))
        goto oom;
    r->worlds[wid].imports = imports;
    r->worlds[wid].exports = exports;
    return CM_OK;
oom:
    return wit_error(err, CM_E_OOM, WIT_NONE, "out of memory (limit 1 GiB)");
deep:
    return wit_error(err, CM_E_LIMIT, r->worlds[wid].span,
                     "interfaces of world `%s` depend on each other more than %d deep",
                     r->worlds[wid].name, WITRES_MAX_DEPTH);
}
