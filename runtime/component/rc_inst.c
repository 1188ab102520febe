/* rc_inst.c - component instantiation (component model Explainer.md
 * "Instance Definitions", "Alias Definitions", "Canonical Definitions",
 * "Import and Export Definitions").
 *
 * A component definition is instantiated by walking its sections in order,
 * growing the run-time index spaces exactly as the validator (ct_build) grew
 * the static ones, so that the i-th run-time item of a sort has the i-th
 * CtType of the model's space.  Core modules are instantiated with the core
 * engine, nested components recursively (each is a component instance with
 * its own handle table), and `canon` definitions make lifted functions and
 * lowering trampolines.  Arguments of nested instantiations are type-checked
 * against the imports (after binding imported resources), so a mismatch
 * names the import with its expected and actual types.
 */
#include "rc_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct RcCoreInst {
    WrInstance *wi; /* an instantiated module, or */
    uint32_t n;     /* inline exports */
    const char **names;
    WrExtern *items;
} RcCoreInst;

struct RcScope {
    RcScope *outer;
    RcCompDef *def;
    RcCompInst *ci;
    WrcInstance *root;
    const RcInstVal *args; /* NULL: imports come from the host linker */
    VEC(WrExtern) cfuncs, ctables, cmems, cglobals;
    VEC(RcCoreInst) cinsts;
    uint32_t nmodules, nnested, nimports;
    VEC(RcItem) funcs, types, insts, comps;
    VEC(const char *) xnames;
    VEC(RcItem) xitems;
    /* imported resources of the definition and what they were bound to,
     * for type-checking later imports */
    VEC(CtType *) from;
    VEC(CtType *) to;
    WrTrap *trap;
};

static CmErr failf(RcScope *s, CmErr code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static CmErr failf(RcScope *s, CmErr code, const char *fmt, ...)
{
    char m[sizeof s->trap->message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(m, sizeof m, fmt, ap);
    va_end(ap);
    rc_trap_from_cx(s->trap, code, m);
    return code;
}

static void scope_free(RcScope *s)
{
    VEC_FREE(&s->cfuncs);
    VEC_FREE(&s->ctables);
    VEC_FREE(&s->cmems);
    VEC_FREE(&s->cglobals);
    VEC_FREE(&s->cinsts);
    VEC_FREE(&s->funcs);
    VEC_FREE(&s->types);
    VEC_FREE(&s->insts);
    VEC_FREE(&s->comps);
    VEC_FREE(&s->xnames);
    VEC_FREE(&s->xitems);
    VEC_FREE(&s->from);
    VEC_FREE(&s->to);
}

static char *str(RcScope *s, WcStr w) { return arena_strndup(&s->root->arena, w.s, w.len); }

/* ---- index spaces ---- */

static CtType **model_space(RcScope *s, uint8_t kind, uint32_t *n)
{
    const CtModel *m = s->def->model;
    switch (kind) {
    case RC_ITEM_FUNC: *n = m->nfuncs; return m->funcs;
    case RC_ITEM_TYPE: *n = m->ntypes; return m->types;
    case RC_ITEM_INSTANCE: *n = m->ninstances; return m->instances;
    default: *n = m->ncomponents; return m->components;
    }
}

static void *space(RcScope *s, uint8_t kind)
{
    switch (kind) {
    case RC_ITEM_FUNC: return &s->funcs;
    case RC_ITEM_TYPE: return &s->types;
    case RC_ITEM_INSTANCE: return &s->insts;
    default: return &s->comps;
    }
}

static uint8_t sort_item(uint8_t sort)
{
    switch (sort) {
    case WC_SORT_FUNC: return RC_ITEM_FUNC;
    case WC_SORT_TYPE: return RC_ITEM_TYPE;
    case WC_SORT_INSTANCE: return RC_ITEM_INSTANCE;
    case WC_SORT_COMPONENT: return RC_ITEM_COMPONENT;
    default: return RC_ITEM_NONE;
    }
}

/* Append item to its space; its CtType is the model's for that index (the
 * holder's view), and a resource gets a run-time binding for it. */
static CmErr push_item(RcScope *s, RcItem it)
{
    typedef VEC(RcItem) ItemVec;
    ItemVec *v = space(s, it.kind);
    uint32_t n;
    CtType **ms = model_space(s, it.kind, &n);
    if (v->len < n && ms[v->len])
        it.ct = ms[v->len];
    if (it.kind == RC_ITEM_TYPE && it.res && it.ct && it.ct->kind == CT_RESOURCE &&
        rc_resmap_add(s->ci, it.ct, it.res))
        return failf(s, CM_E_OOM, "resource map");
    return VEC_PUSH(v, it) ? CM_OK : failf(s, CM_E_OOM, "index space");
}

static CmErr get_item(RcScope *s, uint8_t kind, uint32_t idx, RcItem *out)
{
    typedef VEC(RcItem) ItemVec;
    ItemVec *v = space(s, kind);
    if (kind == RC_ITEM_NONE || idx >= v->len)
        return failf(s, CM_E_CT_BAD_INDEX, "item %u out of bounds", idx);
    *out = v->data[idx];
    return CM_OK;
}

static WrExtern *core_item(RcScope *s, uint8_t core_sort, uint32_t idx)
{
    typedef VEC(WrExtern) ExtVec;
    ExtVec *v = core_sort == WC_CSORT_FUNC     ? (ExtVec *)&s->cfuncs
                : core_sort == WC_CSORT_TABLE  ? (ExtVec *)&s->ctables
                : core_sort == WC_CSORT_MEMORY ? (ExtVec *)&s->cmems
                : core_sort == WC_CSORT_GLOBAL ? (ExtVec *)&s->cglobals
                                               : NULL;
    if (!v || idx >= v->len) {
        failf(s, CM_E_CT_BAD_INDEX, "core item %u out of bounds", idx);
        return NULL;
    }
    return &v->data[idx];
}

static CmErr push_core(RcScope *s, WrExtern x)
{
    typedef VEC(WrExtern) ExtVec;
    ExtVec *v = x.kind == WR_EXTERN_FUNC     ? (ExtVec *)&s->cfuncs
                : x.kind == WR_EXTERN_TABLE  ? (ExtVec *)&s->ctables
                : x.kind == WR_EXTERN_MEMORY ? (ExtVec *)&s->cmems
                                             : (ExtVec *)&s->cglobals;
    return VEC_PUSH(v, x) ? CM_OK : failf(s, CM_E_OOM, "core index space");
}

static int core_export(const RcCoreInst *c, const char *name, size_t len, WrExtern *out)
{
    if (c->wi)
        return wr_instance_export_n(c->wi, name, len, out);
    for (uint32_t i = 0; i < c->n; i++)
        if (strlen(c->names[i]) == len && !memcmp(c->names[i], name, len)) {
            *out = c->items[i];
            return 0;
        }
    return -1;
}

/* ---- core instances ---- */

WrFunc *rc_own_func(WrcInstance *root, WrFunc *f)
{
    if (f && !VEC_PUSH(&root->hostfns, f)) {
        wr_func_free(f);
        return NULL;
    }
    return f;
}

/* Define the imports of mod in lk from the core instances of the scope. */
static CmErr core_link(RcScope *s, const WcCoreInstance *ci, WrModule *mod, WrLinker *lk)
{
    for (uint32_t i = 0; i < wr_module_import_count(mod); i++) {
        const char *mname, *name;
        WrExternKind kind;
        wr_module_import(mod, i, &mname, &name, &kind);
        const WcCoreArg *arg = NULL;
        for (uint32_t k = 0; k < ci->n && !arg; k++)
            if (ci->args[k].name.len == strlen(mname) && !memcmp(ci->args[k].name.s, mname, strlen(mname)))
                arg = &ci->args[k];
        if (!arg)
            return failf(s, CM_E_T_UNKNOWN_IMPORT, "core module %u: no argument '%s' for import '%s'",
                         ci->module, mname, name);
        if (arg->instance >= s->cinsts.len)
            return failf(s, CM_E_CT_BAD_INDEX, "core instance %u", arg->instance);
        WrExtern x;
        if (core_export(&s->cinsts.data[arg->instance], name, strlen(name), &x))
            return failf(s, CM_E_T_UNKNOWN_IMPORT, "core module %u: '%s' has no export '%s'", ci->module,
                         mname, name);
        if (x.kind != kind)
            return failf(s, CM_E_T_INCOMPATIBLE_IMPORT, "core module %u: import '%s' '%s'", ci->module,
                         mname, name);
        if (wr_linker_extern(lk, mname, name, x))
            return failf(s, CM_E_OOM, "linker");
    }
    return CM_OK;
}

static CmErr core_instantiate(RcScope *s, const WcCoreInstance *ci, RcCoreInst *out)
{
    if (ci->module >= s->def->nmodules)
        return failf(s, CM_E_CV_UNSUPPORTED, "core module %u is not defined here", ci->module);
    WrModule *mod = s->def->modules[ci->module];
    WrLinker *lk = wr_linker_new(s->root->eng);
    if (!lk)
        return failf(s, CM_E_OOM, "linker");
    CmErr e = core_link(s, ci, mod, lk);
    WrTrap t;
    if (!e && wr_instantiate(s->root->eng, mod, lk, &out->wi, &t)) {
        *s->trap = t;
        e = t.code;
    }
    wr_linker_free(lk); /* the instance holds its imports itself */
    if (!e && !VEC_PUSH(&s->root->cores, out->wi)) {
        wr_instance_free(out->wi);
        out->wi = NULL;
        e = failf(s, CM_E_OOM, "core instance");
    }
    return e;
}

static CmErr core_instance(RcScope *s, const WcCoreInstance *ci)
{
    RcCoreInst c = {0};
    CmErr e = CM_OK;
    if (ci->kind == 0) {
        e = core_instantiate(s, ci, &c);
    } else {
        c.n = ci->n;
        c.names = ARENA_ARRAY(&s->root->arena, const char *, ci->n + 1);
        c.items = ARENA_ARRAY(&s->root->arena, WrExtern, ci->n + 1);
        if (!c.names || !c.items)
            return failf(s, CM_E_OOM, "core instance");
        for (uint32_t i = 0; !e && i < ci->n; i++) {
            const WcCoreExport *x = &ci->exports[i];
            WrExtern *it = core_item(s, x->sort, x->idx);
            if (!it || !(c.names[i] = str(s, x->name)))
                return it ? failf(s, CM_E_OOM, "name") : s->trap->code;
            c.items[i] = *it;
        }
    }
    if (!e && !VEC_PUSH(&s->cinsts, c))
        e = failf(s, CM_E_OOM, "core instances");
    return e;
}

/* ---- type checks of arguments ---- */

static CmErr mismatch(RcScope *s, const char *name, const CtType *want, const CtType *have)
{
    Buf a = {0}, b = {0};
    ct_print(&a, want);
    ct_print(&b, have);
    CmErr e = failf(s, CM_E_T_INCOMPATIBLE_IMPORT, "'%s': expected %s, found %s", name,
                    a.data ? (char *)a.data : "?", b.data ? (char *)b.data : "?");
    free(a.data);
    free(b.data);
    return e;
}

/* Record the resources an import binds, so that later imports are checked
 * with them replaced by what was given. */
static CmErr bind_resources(RcScope *s, const CtExtern *x, const RcItem *given)
{
    if (x->kind == CT_EXT_TYPE && x->type->kind == CT_RESOURCE && given->ct) {
        if (!VEC_PUSH(&s->from, x->type) || !VEC_PUSH(&s->to, (CtType *)given->ct))
            return failf(s, CM_E_OOM, "bindings");
    }
    if (x->kind == CT_EXT_INSTANCE && given->inst) {
        for (uint32_t k = 0; k < x->type->nexports; k++) {
            const CtExtern *e = &x->type->exports[k];
            if (e->kind != CT_EXT_TYPE || e->type->kind != CT_RESOURCE)
                continue;
            for (uint32_t j = 0; j < given->inst->n; j++)
                if (!strcmp(given->inst->names[j], e->name) && given->inst->items[j].res) {
                    if (rc_resmap_add(s->ci, e->type, given->inst->items[j].res))
                        return failf(s, CM_E_OOM, "resource map");
                    if (given->inst->items[j].ct &&
                        (!VEC_PUSH(&s->from, e->type) || !VEC_PUSH(&s->to, (CtType *)given->inst->items[j].ct)))
                        return failf(s, CM_E_OOM, "bindings");
                }
        }
    }
    return CM_OK;
}

static CmErr check_arg(RcScope *s, const CtExtern *x, const RcItem *given)
{
    static const uint8_t want_kind[] = {
        [CT_EXT_MODULE] = RC_ITEM_NONE, [CT_EXT_FUNC] = RC_ITEM_FUNC, [CT_EXT_TYPE] = RC_ITEM_TYPE,
        [CT_EXT_COMPONENT] = RC_ITEM_COMPONENT, [CT_EXT_INSTANCE] = RC_ITEM_INSTANCE};
    if (given->kind != want_kind[x->kind])
        return failf(s, CM_E_CV_ARG_KIND, "'%s'", x->name);
    if (x->kind != CT_EXT_FUNC && x->kind != CT_EXT_INSTANCE)
        return CM_OK;
    if (!given->ct)
        return CM_OK;
    const CtType *want = x->type;
    if (s->from.len &&
        !(want = ct_subst(&s->root->arena, x->type, (const CtType *const *)s->from.data, s->to.data,
                          s->from.len)))
        return failf(s, CM_E_OOM, "types");
    if (!ct_subtype(given->ct, want))
        return mismatch(s, x->name, want, given->ct);
    return CM_OK;
}

/* ---- imports ---- */

static CmErr host_func(RcScope *s, const char *iface, const char *name, const CtType *type,
                       WrcFunc **out)
{
    const RcHostDef *d = rc_linker_find(s->root->lk, iface, iface ? strlen(iface) : 0, name, 0);
    WrcFunc *f = ARENA_NEW(&s->root->arena, WrcFunc);
    if (!f)
        return failf(s, CM_E_OOM, "func");
    size_t n = (iface ? strlen(iface) + 1 : 0) + strlen(name) + 1;
    char *full = arena_alloc(&s->root->arena, n);
    if (!full)
        return failf(s, CM_E_OOM, "func");
    snprintf(full, n, "%s%s%s", iface ? iface : "", iface ? "#" : "", name);
    if (rc_prepare_func(s->root->c, type))
        return failf(s, CM_E_OOM, "plans");
    f->kind = RC_FN_HOST;
    f->type = type;
    f->name = full;
    f->root = s->root;
    if (!d) {
        if (!s->root->lk->trap_unknown)
            return iface ? failf(s, CM_E_T_UNKNOWN_IMPORT, "'%s': no function '%s' is defined", iface, name)
                         : failf(s, CM_E_T_UNKNOWN_IMPORT, "function '%s' is not defined", name);
        f->kind = RC_FN_TRAP;
    } else {
        f->host = d->fn;
        f->user = d->user;
    }
    *out = f;
    return CM_OK;
}

static CmErr host_res(RcScope *s, const char *iface, const char *name, WrcResType **out)
{
    const RcHostDef *d = rc_linker_find(s->root->lk, iface, iface ? strlen(iface) : 0, name, 1);
    if (d) {
        *out = d->res;
        return CM_OK;
    }
    if (!s->root->lk->trap_unknown)
        return failf(s, CM_E_T_UNKNOWN_IMPORT, "'%s': no resource '%s' is defined", iface ? iface : "",
                     name);
    WrcResType *r = ARENA_NEW(&s->root->arena, WrcResType);
    if (!r)
        return failf(s, CM_E_OOM, "resource");
    r->name = name;
    *out = r;
    return CM_OK;
}

static CmErr host_import(RcScope *s, const CtExtern *x, RcItem *out)
{
    memset(out, 0, sizeof *out);
    out->ct = x->type;
    switch (x->kind) {
    case CT_EXT_FUNC:
        out->kind = RC_ITEM_FUNC;
        return host_func(s, NULL, x->name, x->type, &out->func);
    case CT_EXT_TYPE:
        out->kind = RC_ITEM_TYPE;
        return x->type->kind == CT_RESOURCE ? host_res(s, NULL, x->name, &out->res) : CM_OK;
    case CT_EXT_INSTANCE: break;
    default: return failf(s, CM_E_CV_UNSUPPORTED, "import '%s' of a component or module", x->name);
    }
    const CtType *it = x->type;
    RcInstVal *iv = ARENA_NEW(&s->root->arena, RcInstVal);
    if (!iv || !(iv->names = ARENA_ARRAY(&s->root->arena, const char *, it->nexports + 1)) ||
        !(iv->items = ARENA_ARRAY(&s->root->arena, RcItem, it->nexports + 1)))
        return failf(s, CM_E_OOM, "instance");
    iv->n = it->nexports;
    out->kind = RC_ITEM_INSTANCE;
    out->inst = iv;
    for (uint32_t i = 0; i < it->nexports; i++) {
        const CtExtern *e = &it->exports[i];
        RcItem *item = &iv->items[i];
        iv->names[i] = e->name;
        item->ct = e->type;
        CmErr r = CM_OK;
        if (e->kind == CT_EXT_FUNC) {
            item->kind = RC_ITEM_FUNC;
            r = host_func(s, x->name, e->name, e->type, &item->func);
        } else if (e->kind == CT_EXT_TYPE) {
            item->kind = RC_ITEM_TYPE;
            if (e->type->kind == CT_RESOURCE) {
                WrcResType *prev = rc_resmap(s->ci, e->type);
                for (uint32_t k = 0; k < i && !prev; k++)
                    if (it->exports[k].type == e->type)
                        prev = iv->items[k].res;
                if (prev)
                    item->res = prev;
                else
                    r = host_res(s, x->name, e->name, &item->res);
            }
        } else {
            r = failf(s, CM_E_CV_UNSUPPORTED, "'%s': export '%s' is not a function or type", x->name,
                      e->name);
        }
        if (r)
            return r;
    }
    return CM_OK;
}

static CmErr import(RcScope *s, const WcImport *im)
{
    const CtType *ct = s->def->model->type;
    if (s->nimports >= ct->nimports)
        return failf(s, CM_E_CT_BAD_INDEX, "import");
    const CtExtern *x = &ct->imports[s->nimports++];
    RcItem given;
    CmErr e = CM_OK;
    if (!s->args) {
        e = host_import(s, x, &given);
    } else {
        const RcItem *g = NULL;
        for (uint32_t i = 0; i < s->args->n && !g; i++)
            if (strlen(s->args->names[i]) == im->name.name.len &&
                !memcmp(s->args->names[i], im->name.name.s, im->name.name.len))
                g = &s->args->items[i];
        if (!g)
            return failf(s, CM_E_CV_MISSING_ARG, "'%s'", x->name);
        given = *g;
        e = check_arg(s, x, &given);
    }
    if (!e)
        e = bind_resources(s, x, &given);
    if (e)
        return e;
    if (x->kind == CT_EXT_TYPE && x->type->kind == CT_RESOURCE && given.res &&
        rc_resmap_add(s->ci, x->type, given.res))
        return failf(s, CM_E_OOM, "resource map");
    return push_item(s, given);
}

/* ---- aliases ---- */

static CmErr alias(RcScope *s, const WcAlias *al)
{
    if (al->target == WC_ALIAS_CORE_EXPORT) {
        if (al->instance >= s->cinsts.len)
            return failf(s, CM_E_CT_BAD_INDEX, "core instance %u", al->instance);
        WrExtern x;
        if (core_export(&s->cinsts.data[al->instance], al->name.s, al->name.len, &x))
            return failf(s, CM_E_CT_BAD_ALIAS, "core instance %u has no export '%.*s'", al->instance,
                         (int)al->name.len, al->name.s);
        return push_core(s, x);
    }
    uint8_t kind = sort_item(al->sort.sort);
    if (kind == RC_ITEM_NONE)
        return failf(s, CM_E_CV_UNSUPPORTED, "alias of a core module or instance");
    RcItem it = {0};
    if (al->target == WC_ALIAS_EXPORT) {
        RcItem in = {0};
        if (get_item(s, RC_ITEM_INSTANCE, al->instance, &in))
            return s->trap->code;
        for (uint32_t i = 0; i < in.inst->n; i++)
            if (strlen(in.inst->names[i]) == al->name.len &&
                !memcmp(in.inst->names[i], al->name.s, al->name.len) && in.inst->items[i].kind == kind)
                return push_item(s, in.inst->items[i]);
        return failf(s, CM_E_CT_BAD_ALIAS, "instance %u has no export '%.*s'", al->instance,
                     (int)al->name.len, al->name.s);
    }
    RcScope *o = s;
    for (uint32_t i = 0; o && i < al->outer_ct; i++)
        o = o->outer;
    if (!o)
        return failf(s, CM_E_CT_BAD_ALIAS, "outer alias count %u too large", al->outer_ct);
    if (get_item(o, kind, al->outer_idx, &it))
        return s->trap->code;
    return push_item(s, it);
}

/* ---- canon ---- */

static CmErr opts(RcScope *s, const WcCanon *cn, RcOpts *o)
{
    memset(o, 0, sizeof *o);
    for (uint32_t i = 0; i < cn->nopts; i++) {
        const WcCanonOpt *op = &cn->opts[i];
        WrExtern *x = NULL;
        switch (op->code) {
        case WC_OPT_UTF8:
        case WC_OPT_UTF16:
        case WC_OPT_LATIN1_UTF16: o->enc = op->code; break;
        case WC_OPT_MEMORY:
            if (!(x = core_item(s, WC_CSORT_MEMORY, op->idx)))
                return s->trap->code;
            o->mem = x->u.memory;
            break;
        default:
            if (!(x = core_item(s, WC_CSORT_FUNC, op->idx)))
                return s->trap->code;
            if (op->code == WC_OPT_REALLOC)
                o->realloc = x->u.func;
            else
                o->post = x->u.func;
        }
    }
    return CM_OK;
}

static int sig_matches(const CabiSig *sig, const WrFunc *f, uint32_t np, uint32_t nr)
{
    static const WrType map[] = {WR_I32, WR_I64, WR_F32, WR_F64};
    if (wr_func_param_count(f) != np || wr_func_result_count(f) != nr)
        return 0;
    for (uint32_t i = 0; i < np; i++)
        if (wr_func_param(f, i) != map[sig->params[i]])
            return 0;
    for (uint32_t i = 0; i < nr; i++)
        if (wr_func_result(f, i) != map[sig->results[i]])
            return 0;
    return 1;
}

static CmErr canon_lift(RcScope *s, const WcCanon *cn)
{
    WrcFunc *f = ARENA_NEW(&s->root->arena, WrcFunc);
    WrExtern *core = core_item(s, WC_CSORT_FUNC, cn->func);
    if (!f || !core)
        return f ? s->trap->code : failf(s, CM_E_OOM, "func");
    if (cn->type >= s->def->model->ntypes || !s->def->model->types[cn->type])
        return failf(s, CM_E_CT_BAD_INDEX, "type %u", cn->type);
    f->kind = RC_FN_LIFT;
    f->type = s->def->model->types[cn->type];
    f->root = s->root;
    f->ci = s->ci;
    f->core = core->u.func;
    f->name = "lifted function";
    if (opts(s, cn, &f->opts))
        return s->trap->code;
    if (cabi_flatten_func(f->type, CABI_LIFT, &f->sig) || rc_prepare_func(s->root->c, f->type))
        return failf(s, CM_E_OOM, "signature");
    if (!sig_matches(&f->sig, f->core, f->sig.nparams, f->sig.nresults))
        return failf(s, CM_E_T_INCOMPATIBLE_IMPORT, "canon lift: core function %u has signature %s",
                     cn->func, wr_func_sig(f->core));
    RcItem it = {.kind = RC_ITEM_FUNC, .ct = f->type, .func = f};
    return push_item(s, it);
}

static CmErr canon_lower(RcScope *s, const WcCanon *cn)
{
    RcItem callee = {0};
    RcLower *lw = ARENA_NEW(&s->root->arena, RcLower);
    if (!lw)
        return failf(s, CM_E_OOM, "lower");
    if (get_item(s, RC_ITEM_FUNC, cn->func, &callee))
        return s->trap->code;
    lw->callee = callee.func;
    lw->type = cn->func < s->def->model->nfuncs ? s->def->model->funcs[cn->func] : callee.ct;
    lw->ci = s->ci;
    if (rc_prepare_func(s->root->c, lw->type))
        return failf(s, CM_E_OOM, "plans");
    if (opts(s, cn, &lw->opts))
        return s->trap->code;
    WrFunc *f = rc_lower_trampoline(s->root, lw);
    if (!f)
        return failf(s, CM_E_OOM, "trampoline");
    WrExtern x = {WR_EXTERN_FUNC, {.func = f}};
    return push_core(s, x);
}

static CmErr canon(RcScope *s, const WcCanon *cn)
{
    if (cn->kind == WC_CANON_LIFT)
        return canon_lift(s, cn);
    if (cn->kind == WC_CANON_LOWER)
        return canon_lower(s, cn);
    RcItem t = {0};
    if (get_item(s, RC_ITEM_TYPE, cn->type, &t))
        return s->trap->code;
    if (!t.res)
        return failf(s, CM_E_CT_NOT_RESOURCE, "canon resource built-in on type %u", cn->type);
    WrFunc *f = rc_resource_builtin(s->root, s->ci, cn->kind, t.res);
    if (!f)
        return failf(s, CM_E_OOM, "built-in");
    WrExtern x = {WR_EXTERN_FUNC, {.func = f}};
    return push_core(s, x);
}

/* ---- types, instances, exports ---- */

static CmErr deftype(RcScope *s)
{
    RcItem it = {.kind = RC_ITEM_TYPE};
    const CtModel *m = s->def->model;
    const CtType *ct = s->types.len < m->ntypes ? m->types[s->types.len] : NULL;
    if (ct && ct->kind == CT_RESOURCE && ct->defined) {
        WrcResType *r = ARENA_NEW(&s->root->arena, WrcResType);
        if (!r)
            return failf(s, CM_E_OOM, "resource");
        r->name = ct->name ? ct->name : "resource";
        r->owner = s->ci;
        if (ct->has_dtor) {
            WrExtern *d = core_item(s, WC_CSORT_FUNC, ct->dtor);
            if (!d)
                return s->trap->code;
            r->core_dtor = d->u.func;
        }
        r->next = s->ci->own_types;
        s->ci->own_types = r;
        it.res = r;
    }
    return push_item(s, it);
}

static CmErr make_instval(RcScope *s, uint32_t n, RcInstVal **out)
{
    RcInstVal *iv = ARENA_NEW(&s->root->arena, RcInstVal);
    if (!iv || !(iv->names = ARENA_ARRAY(&s->root->arena, const char *, n + 1)) ||
        !(iv->items = ARENA_ARRAY(&s->root->arena, RcItem, n + 1)))
        return failf(s, CM_E_OOM, "instance");
    iv->n = n;
    *out = iv;
    return CM_OK;
}

static CmErr instance(RcScope *s, const WcInstance *in)
{
    RcInstVal *iv = NULL;
    RcItem it = {.kind = RC_ITEM_INSTANCE};
    if (make_instval(s, in->n, &iv))
        return s->trap->code;
    for (uint32_t i = 0; i < in->n; i++) {
        const WcSortIdx *si = in->kind == 0 ? &in->args[i].item : &in->exports[i].item;
        WcStr name = in->kind == 0 ? in->args[i].name : in->exports[i].name.name;
        if (!(iv->names[i] = str(s, name)))
            return failf(s, CM_E_OOM, "name");
        if (get_item(s, sort_item(si->sort.sort), si->idx, &iv->items[i]))
            return s->trap->code;
    }
    if (in->kind == 1) {
        it.inst = iv;
        return push_item(s, it);
    }
    RcItem comp = {0};
    if (get_item(s, RC_ITEM_COMPONENT, in->component, &comp))
        return s->trap->code;
    RcInstVal *ex = ARENA_NEW(&s->root->arena, RcInstVal);
    if (!ex)
        return failf(s, CM_E_OOM, "instance");
    CmErr e = rc_instantiate_def(s->root, comp.comp, comp.comp_outer, iv, ex, s->trap);
    if (e)
        return e;
    it.inst = ex;
    return push_item(s, it);
}

static CmErr export(RcScope *s, const WcExport *x)
{
    RcItem it = {0};
    const char *name = str(s, x->name.name);
    if (!name)
        return failf(s, CM_E_OOM, "name");
    if (x->item.sort.sort == WC_SORT_CORE)
        return CM_OK; /* a core module export: nothing to run */
    if (get_item(s, sort_item(x->item.sort.sort), x->item.idx, &it))
        return s->trap->code;
    if (!VEC_PUSH(&s->xnames, name) || !VEC_PUSH(&s->xitems, it))
        return failf(s, CM_E_OOM, "exports");
    if (it.kind == RC_ITEM_FUNC && it.func->kind == RC_FN_LIFT && !strcmp(it.func->name, "lifted function"))
        it.func->name = name;
    return push_item(s, it);
}

static CmErr section(RcScope *s, const WcSection *sec)
{
    CmErr e = CM_OK;
    for (uint32_t i = 0; !e && i < sec->n; i++) {
        switch (sec->id) {
        case WC_SEC_CORE_INSTANCE: e = core_instance(s, &sec->u.core_instances[i]); break;
        case WC_SEC_INSTANCE: e = instance(s, &sec->u.instances[i]); break;
        case WC_SEC_ALIAS: e = alias(s, &sec->u.aliases[i]); break;
        case WC_SEC_TYPE: e = deftype(s); break;
        case WC_SEC_CANON: e = canon(s, &sec->u.canons[i]); break;
        case WC_SEC_IMPORT: e = import(s, &sec->u.imports[i]); break;
        case WC_SEC_EXPORT: e = export(s, &sec->u.exports[i]); break;
        default: break;
        }
    }
    if (!e && sec->id == WC_SEC_COMPONENT) {
        RcItem it = {.kind = RC_ITEM_COMPONENT, .comp = s->def->nested[s->nnested++], .comp_outer = s};
        e = push_item(s, it);
    }
    return e;
}

CmErr rc_instantiate_def(WrcInstance *root, RcCompDef *def, RcScope *outer, const RcInstVal *args,
                         RcInstVal *out_exports, WrTrap *trap)
{
    RcCompInst *ci = ARENA_NEW(&root->arena, RcCompInst);
    if (!ci) {
        rc_trap_from_cx(trap, CM_E_OOM, NULL);
        return CM_E_OOM;
    }
    ci->root = root;
    ci->next = root->insts;
    root->insts = ci;
    if (!root->top)
        root->top = ci;
    RcScope s = {.outer = outer, .def = def, .ci = ci, .root = root, .args = args, .trap = trap};
    CmErr e = CM_OK;
    for (uint32_t i = 0; !e && i < def->wc->nsections; i++)
        e = section(&s, &def->wc->sections[i]);
    if (!e) {
        out_exports->n = (uint32_t)s.xnames.len;
        out_exports->names = arena_memdup(&root->arena, s.xnames.data, s.xnames.len * sizeof(char *));
        out_exports->items = arena_memdup(&root->arena, s.xitems.data, s.xitems.len * sizeof(RcItem));
        if (!out_exports->names || !out_exports->items)
            e = failf(&s, CM_E_OOM, "exports");
    }
    scope_free(&s);
    return e;
}

/* ---- the top level ---- */

static CmErr add_funcs(WrcInstance *inst)
{
    for (uint32_t i = 0; i < inst->exports.n; i++) {
        const RcItem *it = &inst->exports.items[i];
        const char *name = inst->exports.names[i];
        if (it->kind == RC_ITEM_FUNC) {
            RcExportFn f = {name, it->func};
            if (!strcmp(it->func->name, "lifted function"))
                it->func->name = name;
            if (!VEC_PUSH(&inst->funcs, f))
                return CM_E_OOM;
        } else if (it->kind == RC_ITEM_INSTANCE) {
            for (uint32_t k = 0; k < it->inst->n; k++) {
                if (it->inst->items[k].kind != RC_ITEM_FUNC)
                    continue;
                size_t n = strlen(name) + strlen(it->inst->names[k]) + 2;
                char *full = arena_alloc(&inst->arena, n);
                if (!full)
                    return CM_E_OOM;
                snprintf(full, n, "%s#%s", name, it->inst->names[k]);
                if (!strcmp(it->inst->items[k].func->name, "lifted function"))
                    it->inst->items[k].func->name = full;
                RcExportFn f = {full, it->inst->items[k].func};
                if (!VEC_PUSH(&inst->funcs, f))
                    return CM_E_OOM;
            }
        }
    }
    return CM_OK;
}

CmErr wrc_instantiate(WrcComponent *c, WrcLinker *lk, WrcInstance **out, WrTrap *trap)
{
    WrTrap local;
    static WrcLinker empty;
    if (!trap)
        trap = &local;
    memset(trap, 0, sizeof *trap);
    *out = NULL;
    WrcInstance *inst = calloc(1, sizeof *inst);
    if (!inst) {
        rc_trap_from_cx(trap, CM_E_OOM, NULL);
        return CM_E_OOM;
    }
    inst->c = c;
    inst->eng = c->eng;
    inst->lk = lk ? lk : &empty;
    arena_init(&inst->arena);
    arena_init(&inst->call_arena);
    CmErr e = rc_instantiate_def(inst, c->root, NULL, NULL, &inst->exports, trap);
    if (!e && add_funcs(inst)) {
        rc_trap_from_cx(trap, CM_E_OOM, NULL);
        e = CM_E_OOM;
    }
    if (e) {
        wrc_instance_free(inst);
        return e;
    }
    *out = inst;
    return CM_OK;
}

void wrc_instance_free(WrcInstance *inst)
{
    if (!inst)
        return;
    for (RcCompInst *ci = inst->insts; ci; ci = ci->next)
        rc_handles_release(ci);
    /* Later core instances import from earlier ones: free in reverse (the
     * engine would defer an exporter anyway), then the host functions no
     * instance can reach any more. */
    for (size_t i = inst->cores.len; i-- > 0;)
        wr_instance_free(inst->cores.data[i]);
    for (size_t i = inst->hostfns.len; i-- > 0;)
        wr_func_free(inst->hostfns.data[i]);
    VEC_FREE(&inst->cores);
    VEC_FREE(&inst->hostfns);
    VEC_FREE(&inst->funcs);
    arena_release(&inst->call_arena);
    arena_release(&inst->arena);
    free(inst);
}
