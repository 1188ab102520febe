/* compnew_match.c - match a core module's imports and exports to the world
 * by the toolchain's name mangling (binary-and-canon.md "Toolchain-level
 * conventions"), and check their core signatures against cabi.h.
 *
 *   imports  module `ns:pkg/iface@v` (or `$root`) field `f`, `[method]r.m`,
 *            `[resource-drop]r`; module `[export]ns:pkg/iface@v` field
 *            `[resource-new]r`, `[resource-rep]r`, `[resource-drop]r`;
 *            module = an adapter's name: that adapter's export
 *   exports  `ns:pkg/iface@v#f` (or `f` at world level), `cabi_post_<that>`,
 *            `ns:pkg/iface@v#[dtor]r`, `memory`, `cabi_realloc`
 *   The `cm32p2` scheme spells them `cm32p2|ns:pkg/iface@v|f` (imports:
 *   module `cm32p2|ns:pkg/iface@v`), `cm32p2_memory`, `cm32p2_realloc`.
 */
#include "compnew_int.h"

#include "witenc.h"
#include "witint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *item_name(Cn *cn, const WitWorldItem *it)
{
    return witenc_item_name(&cn->arena, &cn->r, it);
}

/* The version-less part of an interface name and its version. */
static size_t base_len(const char *n)
{
    const char *at = strchr(n, '@');
    return at ? (size_t)(at - n) : strlen(n);
}

/* Same semver track: equal major, and equal minor while major is 0. */
static int same_track(const char *a, const char *b)
{
    unsigned am = 0, an = 0, bm = 0, bn = 0;
    int na = sscanf(a, "%u.%u", &am, &an), nb = sscanf(b, "%u.%u", &bm, &bn);
    if (na < 1 || nb < 1)
        return 0;
    return am == bm && (am != 0 || (na == 2 && nb == 2 && an == bn));
}

/* The world interface item a core module name refers to: exactly, or one
 * on the same semver track (imports are merged to the highest version). */
static const WitWorldItem *find_iface(Cn *cn, const WitItemList *l, const char *name, size_t len)
{
    const WitWorldItem *track = NULL;
    for (uint32_t i = 0; i < l->n; i++) {
        const WitWorldItem *it = &l->items[i];
        if (it->kind != WIT_ITEM_IFACE)
            continue;
        const char *n = item_name(cn, it);
        if (!n)
            continue;
        if (strlen(n) == len && !memcmp(n, name, len))
            return it;
        size_t bl = base_len(n);
        if (bl < len && name[bl] == '@' && !memcmp(n, name, bl) && n[bl] == '@') {
            char v[64];
            size_t vl = len - bl - 1 < sizeof v - 1 ? len - bl - 1 : sizeof v - 1;
            memcpy(v, name + bl + 1, vl);
            v[vl] = 0;
            if (same_track(n + bl + 1, v))
                track = it;
        }
    }
    return track;
}

static const WitWorldItem *find_func_item(const WitItemList *l, const char *name, size_t len)
{
    for (uint32_t i = 0; i < l->n; i++)
        if (l->items[i].kind == WIT_ITEM_FUNC && strlen(l->items[i].key_name) == len &&
            !memcmp(l->items[i].key_name, name, len))
            return &l->items[i];
    return NULL;
}

static const WitFunc *find_func(const WitIface *it, const char *name, size_t len, uint32_t *out_i)
{
    for (uint32_t i = 0; i < it->nfuncs; i++)
        if (strlen(it->funcs[i].name) == len && !memcmp(it->funcs[i].name, name, len)) {
            if (out_i)
                *out_i = i;
            return &it->funcs[i];
        }
    return NULL;
}

static uint32_t find_resource(const Cn *cn, uint32_t iface, const char *name)
{
    const WitIface *it = &cn->r.ifaces[iface];
    for (uint32_t i = 0; i < it->ntypes; i++)
        if (!strcmp(it->types[i].name, name) && cn->r.types[it->types[i].id].kind == WIT_K_RESOURCE)
            return it->types[i].id;
    return WIT_NONE;
}

static int starts(const char *s, const char *prefix)
{
    return !strncmp(s, prefix, strlen(prefix));
}

/* The exported resources: every resource an exported interface defines. */
static int collect_resources(Cn *cn)
{
    const WitItemList *l = &cn->r.worlds[cn->world].exports;
    uint32_t n = 0;
    for (uint32_t pass = 0; pass < 2; pass++) {
        for (uint32_t i = 0; i < l->n; i++) {
            if (l->items[i].kind != WIT_ITEM_IFACE)
                continue;
            const WitIface *it = &cn->r.ifaces[l->items[i].id];
            for (uint32_t k = 0; k < it->ntypes; k++) {
                uint32_t id = it->types[k].id;
                if (cn->r.types[id].kind != WIT_K_RESOURCE)
                    continue;
                if (pass)
                    cn->res[n] = (CnRes){.iface = l->items[i].id, .id = id, .slot = -1};
                n++;
            }
        }
        if (!pass) {
            cn->res = ARENA_ARRAY(&cn->arena, CnRes, n + 1);
            if (!cn->res)
                return cn_fail(cn, CM_E_OOM, "out of memory");
            n = 0;
        }
    }
    cn->nres = n;
    return 1;
}

static uint32_t res_index(const Cn *cn, uint32_t id)
{
    for (uint32_t i = 0; i < cn->nres; i++)
        if (cn->res[i].id == id)
            return i;
    return WIT_NONE;
}

static int check_lower(Cn *cn, CnImp *ci, const char *what, const WFuncType *ft)
{
    if (cabi_flatten_func(ci->ct, CABI_LOWER, &ci->sig))
        return cn_fail(cn, CM_E_OOM, "out of memory");
    cn_opts(ci->ct, &ci->sig, 0, &ci->opts);
    return cn_check_sig(cn, what, ft, ci->sig.params, ci->sig.nparams, ci->sig.results,
                        ci->sig.nresults);
}

static int check_resource_op(Cn *cn, const char *what, const WFuncType *ft, int returns)
{
    static const CabiFlat i32[1] = {CABI_I32};
    return cn_check_sig(cn, what, ft, i32, 1, i32, returns ? 1 : 0);
}

static const WExport *find_core_export(const WModule *m, const char *name, uint8_t kind)
{
    for (uint32_t i = 0; i < m->nexports; i++)
        if (m->exports[i].kind == kind && !strcmp(m->exports[i].name.str, name))
            return &m->exports[i];
    return NULL;
}

/* One import of the main module or of an adapter. */
static int match_import(Cn *cn, const WModule *m, uint32_t user, const WImport *im, CnImp *ci)
{
    const WitWorld *w = &cn->r.worlds[cn->world];
    const char *mod = im->module.str, *field = im->field.str;
    const WFuncType *ft = &m->types[im->type_index];
    char what[600];
    memset(ci, 0, sizeof *ci);
    ci->im = im;
    ci->user = user;
    ci->slot = -1;
    ci->iface = WIT_NONE;
    if (user && !strcmp(mod, "env") && !strcmp(field, "memory") && im->kind == WEXT_MEMORY) {
        ci->kind = CI_MEMORY;
        return cn->has_memory ? 1 : cn_fail(cn, CM_E_UNSUPPORTED, "adapter '%s' needs the main module's memory, which it does not export", cn->adapters[user - 1].name);
    }
    if (user && !strcmp(mod, "__main_module__")) {
        ci->kind = CI_MAIN;
        if (im->kind == WEXT_FUNC && (find_core_export(cn->main, field, WEXT_FUNC) || !strcmp(field, "cabi_realloc")))
            return 1;
        return cn_fail(cn, CM_E_UNSUPPORTED, "adapter '%s' imports '%s' from the main module, which does not export it", cn->adapters[user - 1].name, field);
    }
    snprintf(what, sizeof what, "import '%s%s%s'", !strcmp(mod, "$root") ? "" : mod,
             !strcmp(mod, "$root") ? "" : "#", field);
    if (im->kind != WEXT_FUNC)
        return cn_fail(cn, CM_E_UNSUPPORTED, "%s is not a function (only functions can be imported)",
                       what);
    for (uint32_t i = 0; !user && i < cn->nadapters; i++)
        if (!strcmp(mod, cn->adapters[i].name)) {
            ci->kind = CI_ADAPTER;
            ci->adapter = i;
            return 1;
        }
    if (!strcmp(mod, "$root")) {
        const WitWorldItem *it = find_func_item(&w->imports, field, strlen(field));
        if (!it)
            return cn_fail(cn, CM_E_UNSUPPORTED, "%s: the world imports no function '%s'", what, field);
        ci->kind = CI_LOWER;
        ci->func = &it->func;
        ci->item = (uint32_t)(it - w->imports.items);
        ci->ct = cn_func_type(cn, 1, NULL, field);
        return ci->ct ? check_lower(cn, ci, what, ft) : cn_fail(cn, CM_E_UNSUPPORTED, "%s: no type", what);
    }
    if (starts(mod, "[export]")) {
        const char *iname = mod + 8;
        const WitWorldItem *it = find_iface(cn, &w->exports, iname, strlen(iname));
        static const struct {
            const char *p;
            CnImpKind k;
        } ops[] = {{"[resource-new]", CI_EXP_NEW}, {"[resource-rep]", CI_EXP_REP},
                   {"[resource-drop]", CI_EXP_DROP}};
        for (size_t k = 0; it && k < 3; k++) {
            if (!starts(field, ops[k].p))
                continue;
            uint32_t id = find_resource(cn, it->id, field + strlen(ops[k].p));
            if (id == WIT_NONE)
                break;
            ci->kind = ops[k].k;
            ci->iface = it->id;
            ci->res = res_index(cn, id);
            return check_resource_op(cn, what, ft, ops[k].k != CI_EXP_DROP);
        }
        return cn_fail(cn, CM_E_UNSUPPORTED, "%s: the world exports no such resource", what);
    }
    const WitWorldItem *it = find_iface(cn, &w->imports, mod, strlen(mod));
    if (!it)
        return cn_fail(cn, CM_E_UNSUPPORTED, "%s: the world imports no interface '%s'", what, mod);
    ci->iface = it->id;
    ci->iname = item_name(cn, it);
    if (starts(field, "[resource-drop]")) {
        ci->kind = CI_RES_DROP;
        ci->res = find_resource(cn, it->id, field + 15);
        if (ci->res == WIT_NONE)
            return cn_fail(cn, CM_E_UNSUPPORTED, "%s: interface '%s' has no resource '%s'", what,
                           ci->iname, field + 15);
        return check_resource_op(cn, what, ft, 0);
    }
    ci->kind = CI_LOWER;
    ci->func = find_func(&cn->r.ifaces[it->id], field, strlen(field), NULL);
    if (!ci->func)
        return cn_fail(cn, CM_E_UNSUPPORTED, "%s: interface '%s' has no function '%s'", what,
                       ci->iname, field);
    ci->ct = cn_func_type(cn, 1, ci->iname, field);
    return ci->ct ? check_lower(cn, ci, what, ft) : cn_fail(cn, CM_E_UNSUPPORTED, "%s: no type", what);
}

/* Core exports that are part of the conventions, not of the world. */
static int is_special_export(const char *n)
{
    static const char *const names[] = {"memory", "cabi_realloc", "cabi_import_realloc",
                                        "cabi_export_realloc", "_initialize", "_start",
                                        "cabi_realloc_adapter"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcmp(n, names[i]))
            return 1;
    return starts(n, "__") || starts(n, "cabi_post_");
}


/* A world export function: its core export must exist and fit. */
static int match_export(Cn *cn, uint32_t iface, const char *iname, const WitFunc *f, uint32_t fidx)
{
    char core[600], post[620], what[640];
    if (iname)
        snprintf(core, sizeof core, "%s#%s", iname, f->name);
    else
        snprintf(core, sizeof core, "%s", f->name);
    snprintf(post, sizeof post, "cabi_post_%s", core);
    snprintf(what, sizeof what, "export '%s'", core);
    const WModule *m = cn->main;
    uint32_t user = 0;
    const WExport *x = find_core_export(m, core, WEXT_FUNC);
    for (uint32_t i = 0; !x && i < cn->nadapters; i++)
        if ((x = find_core_export(cn->adapters[i].m, core, WEXT_FUNC))) {
            m = cn->adapters[i].m;
            user = i + 1;
        }
    if (!x)
        return cn_fail(cn, CM_E_UNSUPPORTED,
                       "the module does not export function '%s', which the world exports", core);
    CnExp *ce = &cn->exps[cn->nexps++];
    memset(ce, 0, sizeof *ce);
    ce->core_name = arena_strdup(&cn->arena, core);
    ce->user = user;
    ce->iface = iface;
    ce->iname = iname;
    ce->func = f;
    ce->fidx = fidx;
    ce->ct = cn_func_type(cn, 0, iname, f->name);
    if (!ce->ct || !ce->core_name)
        return cn_fail(cn, CM_E_UNSUPPORTED, "%s: no type", what);
    if (find_core_export(m, post, WEXT_FUNC))
        ce->post = arena_strdup(&cn->arena, post);
    if (cabi_flatten_func(ce->ct, CABI_LIFT, &ce->sig))
        return cn_fail(cn, CM_E_OOM, "out of memory");
    cn_opts(ce->ct, &ce->sig, 1, &ce->opts);
    return cn_check_sig(cn, what, wmod_func_type(m, x->index), ce->sig.params,
                        ce->sig.nparams, ce->sig.results, ce->sig.nresults);
}

/* Destructors of exported resources.  Other core exports that mean nothing
 * in the world are left alone, as wasm-tools does (a reactor's own exports,
 * libc's helpers). */
static int check_core_exports(Cn *cn)
{
    const WitWorld *w = &cn->r.worlds[cn->world];
    for (uint32_t i = 0; i < cn->main->nexports; i++) {
        const WExport *x = &cn->main->exports[i];
        const char *n = x->name.str;
        const char *hash = strchr(n, '#');
        if (x->kind != WEXT_FUNC || is_special_export(n) || !hash || !starts(hash + 1, "[dtor]"))
            continue;
        const WitWorldItem *it = find_iface(cn, &w->exports, n, (size_t)(hash - n));
        uint32_t id = it ? find_resource(cn, it->id, hash + 7) : WIT_NONE;
        uint32_t ri = id == WIT_NONE ? WIT_NONE : res_index(cn, id);
        if (ri == WIT_NONE)
            return cn_fail(cn, CM_E_UNSUPPORTED, "export '%s': the world exports no such resource", n);
        static const CabiFlat i32[1] = {CABI_I32};
        char what[400];
        snprintf(what, sizeof what, "export '%s'", n);
        cn->res[ri].dtor = n;
        if (!cn_check_sig(cn, what, wmod_func_type(cn->main, x->index), i32, 1, NULL, 0))
            return 0;
    }
    return 1;
}

int cn_classify(Cn *cn)
{
    const WModule *m = cn->main;
    const WitWorld *w = &cn->r.worlds[cn->world];
    if (!collect_resources(cn))
        return 0;
    size_t nim = m->nimports;
    for (uint32_t i = 0; i < cn->nadapters; i++)
        nim += cn->adapters[i].m->nimports;
    cn->imps = ARENA_ARRAY(&cn->arena, CnImp, nim + 1);
    uint32_t nfx = 0;
    for (uint32_t i = 0; i < w->exports.n; i++)
        nfx += w->exports.items[i].kind == WIT_ITEM_FUNC
                   ? 1
                   : w->exports.items[i].kind == WIT_ITEM_IFACE ? cn->r.ifaces[w->exports.items[i].id].nfuncs
                                                               : 0;
    cn->exps = ARENA_ARRAY(&cn->arena, CnExp, (size_t)nfx + 1);
    if (!cn->imps || !cn->exps)
        return cn_fail(cn, CM_E_OOM, "out of memory");
    cn->has_memory = find_core_export(m, "memory", WEXT_MEMORY) != NULL;
    for (uint32_t i = 0; i < m->nimports; i++)
        if (!match_import(cn, m, 0, &m->imports[i], &cn->imps[cn->nimps++]))
            return 0;
    cn->main_nimps = cn->nimps;
    for (uint32_t a = 0; a < cn->nadapters; a++) {
        CnAdapter *ad = &cn->adapters[a];
        ad->first_imp = cn->nimps;
        for (uint32_t i = 0; i < ad->m->nimports; i++)
            if (!match_import(cn, ad->m, a + 1, &ad->m->imports[i], &cn->imps[cn->nimps++]))
                return 0;
        ad->nimps = cn->nimps - ad->first_imp;
        static const char *const ar[] = {"cabi_import_realloc", "cabi_realloc", "cabi_export_realloc"};
        for (size_t k = 0; k < 3 && !ad->realloc_name; k++)
            if (find_core_export(ad->m, ar[k], WEXT_FUNC))
                ad->realloc_name = ar[k];
    }
    /* what main imports from an adapter must be one of its exports */
    for (uint32_t i = 0; i < cn->main_nimps; i++) {
        const CnImp *ci = &cn->imps[i];
        if (ci->kind == CI_ADAPTER &&
            !find_core_export(cn->adapters[ci->adapter].m, ci->im->field.str, WEXT_FUNC))
            return cn_fail(cn, CM_E_UNSUPPORTED, "import '%s#%s': adapter '%s' does not export it",
                           ci->im->module.str, ci->im->field.str, cn->adapters[ci->adapter].file);
    }
    for (uint32_t i = 0; i < w->exports.n; i++) {
        const WitWorldItem *it = &w->exports.items[i];
        if (it->kind == WIT_ITEM_FUNC && !match_export(cn, WIT_NONE, NULL, &it->func, 0))
            return 0;
        if (it->kind != WIT_ITEM_IFACE)
            continue;
        const char *iname = item_name(cn, it);
        const WitIface *ifc = &cn->r.ifaces[it->id];
        for (uint32_t k = 0; k < ifc->nfuncs; k++)
            if (!match_export(cn, it->id, iname, &ifc->funcs[k], k))
                return 0;
    }
    if (!check_core_exports(cn))
        return 0;
    /* the options need the module's memory and allocator */
    int need_mem = 0, need_realloc = 0;
    for (uint32_t i = 0; i < cn->main_nimps; i++)
        if (cn->imps[i].kind == CI_LOWER) {
            need_mem |= cn->imps[i].opts.memory;
            need_realloc |= cn->imps[i].opts.realloc;
        }
    for (uint32_t i = cn->main_nimps; i < cn->nimps; i++)
        if (cn->imps[i].kind == CI_LOWER && cn->imps[i].opts.realloc &&
            !cn->adapters[cn->imps[i].user - 1].realloc_name)
            return cn_fail(cn, CM_E_UNSUPPORTED, "adapter '%s' must export 'cabi_import_realloc'",
                           cn->adapters[cn->imps[i].user - 1].name);
    for (uint32_t i = 0; i < cn->nexps; i++) {
        need_mem |= cn->exps[i].opts.memory;
        need_realloc |= cn->exps[i].opts.realloc && !cn->exps[i].user;
    }
    static const char *const reallocs[] = {"cabi_realloc", "cabi_export_realloc", "cabi_import_realloc"};
    for (size_t i = 0; i < 3 && !cn->realloc_name; i++)
        if (find_core_export(m, reallocs[i], WEXT_FUNC))
            cn->realloc_name = reallocs[i];
    if (need_mem && !cn->has_memory)
        return cn_fail(cn, CM_E_UNSUPPORTED, "the module must export its memory as 'memory' (the world passes strings, lists or many values)");
    if (need_realloc && !cn->realloc_name)
        return cn_fail(cn, CM_E_UNSUPPORTED, "the module must export 'cabi_realloc' (the world passes strings or lists into it)");
    return 1;
}

/* ---- keeping only what the module uses ----
 *
 * Like wit-component, the component imports only the functions the core
 * modules import and the types those (and the exports) need: an imported
 * interface keeps its used functions in their order and its reachable
 * types in the order they are first reached, and an interface nothing
 * reaches is not imported at all. */

typedef struct Live {
    Cn *cn;
    uint8_t *seen;      /* per type id */
    uint32_t *order;    /* type ids in the order first reached (after their parts) */
    uint32_t norder;
} Live;

static void reach(Live *lv, WitTy t)
{
    if (!WIT_TY_IS_ID(t))
        return;
    uint32_t id = WIT_TY_ID(t);
    if (lv->seen[id])
        return;
    lv->seen[id] = 1;
    const WitTypeDef *td = &lv->cn->r.types[id];
    for (uint32_t i = 0; i < td->nfields; i++)
        reach(lv, td->fields[i].ty);
    reach(lv, td->ty);
    reach(lv, td->ty2);
    lv->order[lv->norder++] = id;
}

static void reach_func(Live *lv, const WitFunc *f)
{
    for (uint32_t i = 0; i < f->nparams; i++)
        reach(lv, f->params[i].ty);
    reach(lv, f->result);
}

static int func_live(const Cn *cn, const WitFunc *f)
{
    for (uint32_t i = 0; i < cn->nimps; i++)
        if (cn->imps[i].kind == CI_LOWER && cn->imps[i].func == f)
            return 1;
    return 0;
}

int cn_prune(Cn *cn)
{
    WitResolve *r = &cn->r;
    WitWorld *w = &r->worlds[cn->world];
    Live lv = {cn, calloc((size_t)r->ntypes + 1, 1), calloc((size_t)r->ntypes + 1, sizeof(uint32_t)), 0};
    if (!lv.seen || !lv.order)
        goto oom;
    /* roots: the imported functions and dropped resources in the order the
     * core modules import them (main first), then the exports */
    for (uint32_t i = 0; i < w->imports.n; i++)
        if (w->imports.items[i].kind == WIT_ITEM_TYPE)
            reach(&lv, WIT_TY_OF(w->imports.items[i].id));
    for (uint32_t i = 0; i < cn->nimps; i++) {
        const CnImp *ci = &cn->imps[i];
        if (ci->kind == CI_LOWER)
            reach_func(&lv, ci->func);
        else if (ci->kind == CI_RES_DROP)
            reach(&lv, WIT_TY_OF(ci->res));
    }
    for (uint32_t i = 0; i < w->exports.n; i++) {
        const WitWorldItem *it = &w->exports.items[i];
        if (it->kind == WIT_ITEM_FUNC) {
            reach_func(&lv, &it->func);
            continue;
        }
        const WitIface *ifc = &r->ifaces[it->id];
        for (uint32_t k = 0; k < ifc->ntypes; k++)
            reach(&lv, WIT_TY_OF(ifc->types[k].id));
        for (uint32_t k = 0; k < ifc->nfuncs; k++)
            reach_func(&lv, &ifc->funcs[k]);
    }
    /* rewrite the imported interfaces and drop the unused imports */
    uint32_t kept = 0;
    WitWorldItem *items = ARENA_ARRAY(&r->arena, WitWorldItem, (size_t)w->imports.n + 1);
    if (!items)
        goto oom;
    for (uint32_t i = 0; i < w->imports.n; i++) {
        WitWorldItem *it = &w->imports.items[i];
        int keep = 1;
        if (it->kind == WIT_ITEM_FUNC)
            keep = func_live(cn, &it->func);
        if (it->kind == WIT_ITEM_IFACE) {
            WitIface *ifc = &r->ifaces[it->id];
            uint32_t nf = 0, nt = 0;
            /* new arrays: the matched imports point into the old ones */
            WitFunc *funcs = ARENA_ARRAY(&r->arena, WitFunc, (size_t)ifc->nfuncs + 1);
            WitNamedId *types = ARENA_ARRAY(&r->arena, WitNamedId, (size_t)ifc->ntypes + 1);
            if (!types || !funcs)
                goto oom;
            for (uint32_t k = 0; k < ifc->nfuncs; k++)
                if (func_live(cn, &ifc->funcs[k]))
                    funcs[nf++] = ifc->funcs[k];
            /* types in the order the imported functions first reach them */
            for (uint32_t k = 0; k < lv.norder; k++) {
                const WitTypeDef *td = &r->types[lv.order[k]];
                if (td->name && td->owner_kind == WIT_OWNER_IFACE && td->owner == it->id)
                    types[nt++] = (WitNamedId){td->name, lv.order[k]};
            }
            ifc->funcs = funcs;
            ifc->nfuncs = nf;
            ifc->types = types;
            ifc->ntypes = nt;
            keep = nf || nt;
        }
        if (keep)
            items[kept++] = *it;
    }
    w->imports.items = items;
    w->imports.n = kept;
    w->imports.cap = kept;
    free(lv.seen);
    free(lv.order);
    return 1;
oom:
    free(lv.seen);
    free(lv.order);
    return cn_fail(cn, CM_E_OOM, "out of memory");
}
