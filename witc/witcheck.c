/* witcheck.c - structural invariants of a WitResolve, checked after every
 * resolution in debug builds: every index in range, types in dependency
 * order (a type refers only to earlier types), owners and packages agree. */
#include "witint.h"

static int ty_ok(const WitResolve *r, WitTy t, uint32_t before)
{
    if (!WIT_TY_IS_ID(t))
        return t <= WIT_TY_STRING;
    return WIT_TY_ID(t) < before && WIT_TY_ID(t) < r->ntypes;
}

static int func_ok(const WitResolve *r, const WitFunc *f)
{
    if (f->kind != WIT_FN_FREE && f->resource >= r->ntypes)
        return 0;
    for (uint32_t i = 0; i < f->nparams; i++)
        if (!ty_ok(r, f->params[i].ty, r->ntypes))
            return 0;
    return ty_ok(r, f->result, r->ntypes);
}

static int items_ok(const WitResolve *r, const WitItemList *l)
{
    for (uint32_t i = 0; i < l->n; i++) {
        const WitWorldItem *it = &l->items[i];
        if (it->kind == WIT_ITEM_IFACE && it->id >= r->nifaces)
            return 0;
        if (it->kind == WIT_ITEM_TYPE && it->id >= r->ntypes)
            return 0;
        if (it->kind == WIT_ITEM_FUNC && !func_ok(r, &it->func))
            return 0;
    }
    return 1;
}

int wit_check_invariants(const WitResolve *r)
{
    for (uint32_t i = 0; i < r->ntypes; i++) {
        const WitTypeDef *t = &r->types[i];
        if (t->kind == WIT_K_UNKNOWN)
            return -1;
        if (!ty_ok(r, t->ty, i) || !ty_ok(r, t->ty2, i))
            return -1;
        for (uint32_t k = 0; k < t->nfields; k++)
            if (!ty_ok(r, t->fields[k].ty, i))
                return -1;
        if (t->owner_kind == WIT_OWNER_IFACE && t->owner >= r->nifaces)
            return -1;
        if (t->owner_kind == WIT_OWNER_WORLD && t->owner >= r->nworlds)
            return -1;
        if ((t->kind == WIT_K_OWN || t->kind == WIT_K_BORROW) && !WIT_TY_IS_ID(t->ty))
            return -1;
    }
    for (uint32_t i = 0; i < r->nifaces; i++) {
        const WitIface *it = &r->ifaces[i];
        if (it->package >= r->npackages)
            return -1;
        for (uint32_t k = 0; k < it->ntypes; k++) {
            const WitTypeDef *t = &r->types[it->types[k].id];
            if (it->types[k].id >= r->ntypes || t->owner_kind != WIT_OWNER_IFACE || t->owner != i)
                return -1;
        }
        for (uint32_t k = 0; k < it->nfuncs; k++)
            if (!func_ok(r, &it->funcs[k]))
                return -1;
    }
    for (uint32_t i = 0; i < r->nworlds; i++) {
        const WitWorld *w = &r->worlds[i];
        if (w->package >= r->npackages || !items_ok(r, &w->imports) || !items_ok(r, &w->exports))
            return -1;
    }
    for (uint32_t i = 0; i < r->npackages; i++) {
        const WitPackage *p = &r->packages[i];
        for (uint32_t k = 0; k < p->nifaces; k++)
            if (p->ifaces[k].id >= r->nifaces || r->ifaces[p->ifaces[k].id].package != i)
                return -1;
        for (uint32_t k = 0; k < p->nworlds; k++)
            if (p->worlds[k].id >= r->nworlds || r->worlds[p->worlds[k].id].package != i)
                return -1;
    }
    return 0;
}
