/* compemit.c - write the component of `witc component new` (see
 * compnew.h), in the shape wit-component gives it:
 *
 *   imports of the world (witenc component mode)
 *   (core module $main)                    without its component-type sections
 *   (core module $shim) (core instance)    one trampoline per lowering that needs
 *                                          $main's memory or realloc, and per
 *                                          destructor, calling through a table
 *   resource definitions of exported resources (destructors from the shim)
 *   per import module of $main: lowered functions and resource intrinsics
 *   as an inline core instance; (core instance $main (instantiate ...))
 *   the real lowerings (with memory/realloc) and destructors, put into the
 *   shim's table by (core module $fixup) (core instance (instantiate ...))
 *   exports: canon lift per function; world-level functions exported
 *   directly, interfaces through a shim component (witenc_shim) that gives
 *   the instance its named types.
 *
 * Every section written here holds one item; index spaces are counted here
 * (core) and in witenc's component mode (types, functions, instances).
 */
#include "compnew_int.h"

#include "witenc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Em {
    Cn *cn;
    Buf *out;
    WitencComp *wc;
    uint32_t core_funcs, core_instances, core_modules, components;
    uint32_t shim_inst;   /* core instance of the shim module */
    uint32_t main_inst;
    uint32_t realloc_func; /* core func of the module's realloc */
    uint32_t *world_func; /* world import item -> component func index */
    uint32_t adapter_module[COMPNEW_MAX_ADAPTERS];
    uint32_t adapter_inst[COMPNEW_MAX_ADAPTERS];
    uint32_t adapter_realloc[COMPNEW_MAX_ADAPTERS];
    int env_inst, alloc_inst; /* -1 until made */
    uint32_t stub_inst;       /* instance of the stub module (if any) */
} Em;

static void put_name(Buf *b, const char *s)
{
    buf_name(b, s, strlen(s));
}

/* A section with the one item in `item`. */
static void section1(Em *m, uint8_t id, const Buf *item)
{
    witenc_comp_flush(m->wc, m->out);
    buf_byte(m->out, id);
    buf_uleb(m->out, item->len + 1);
    buf_byte(m->out, 1);
    buf_put(m->out, item->data, item->len);
    if (item->failed)
        m->out->failed = 1;
}

/* A section whose contents are a whole nested module or component. */
static void section_raw(Em *m, uint8_t id, const uint8_t *data, size_t len)
{
    witenc_comp_flush(m->wc, m->out);
    buf_byte(m->out, id);
    buf_uleb(m->out, len);
    buf_put(m->out, data, len);
}

static uint32_t alias_core(Em *m, uint8_t csort, uint32_t inst, const char *name)
{
    Buf b;
    buf_init(&b);
    buf_byte(&b, 0x00);
    buf_byte(&b, csort);
    buf_byte(&b, 0x01);
    buf_uleb(&b, inst);
    put_name(&b, name);
    section1(m, 6, &b);
    buf_release(&b);
    return csort == WC_CSORT_FUNC ? m->core_funcs++ : 0;
}

static uint32_t alias_func(Em *m, uint32_t inst, const char *name)
{
    Buf b;
    buf_init(&b);
    buf_byte(&b, WC_SORT_FUNC);
    buf_byte(&b, 0x00);
    buf_uleb(&b, inst);
    put_name(&b, name);
    section1(m, 6, &b);
    buf_release(&b);
    return witenc_comp_add(m->wc, WITENC_FUNC);
}

static void put_opts(Em *m, Buf *b, const CnOpts *o, uint32_t realloc, uint32_t post,
                     int has_post)
{
    uint32_t n = (uint32_t)(o->memory + o->realloc + o->utf8 + has_post);
    buf_uleb(b, n);
    if (o->memory) {
        buf_byte(b, WC_OPT_MEMORY);
        buf_uleb(b, 0);
    }
    if (o->realloc) {
        buf_byte(b, WC_OPT_REALLOC);
        buf_uleb(b, realloc);
    }
    if (o->utf8)
        buf_byte(b, m->cn->encoding);
    if (has_post) {
        buf_byte(b, WC_OPT_POST_RETURN);
        buf_uleb(b, post);
    }
}

static uint32_t canon_lower(Em *m, uint32_t func, const CnOpts *o, uint32_t realloc)
{
    static const CnOpts none;
    Buf b;
    buf_init(&b);
    buf_byte(&b, 0x01);
    buf_byte(&b, 0x00);
    buf_uleb(&b, func);
    put_opts(m, &b, o ? o : &none, realloc, 0, 0);
    section1(m, 8, &b);
    buf_release(&b);
    return m->core_funcs++;
}

static uint32_t canon_resource(Em *m, uint8_t op, uint32_t type)
{
    Buf b;
    buf_init(&b);
    buf_byte(&b, op);
    buf_uleb(&b, type);
    section1(m, 8, &b);
    buf_release(&b);
    return m->core_funcs++;
}

/* The component function an imported function's lowering starts from. */
static uint32_t import_func(Em *m, const CnImp *ci)
{
    if (ci->iface == WIT_NONE) { /* the world-level import of that name */
        const WitItemList *l = &m->cn->r.worlds[m->cn->world].imports;
        for (uint32_t i = 0; i < l->n; i++)
            if (l->items[i].kind == WIT_ITEM_FUNC && !strcmp(l->items[i].key_name, ci->im->field.str))
                return m->world_func[i];
        return 0;
    }
    return alias_func(m, witenc_comp_instance_of(m->wc, ci->iface), ci->im->field.str);
}

static int find_export(const WModule *mod, const char *name)
{
    for (uint32_t i = 0; i < mod->nexports; i++)
        if (mod->exports[i].kind == WEXT_FUNC && !strcmp(mod->exports[i].name.str, name))
            return 1;
    return 0;
}

/* ---- the shim and fixup core modules ---- */

static void core_section(Buf *out, uint8_t id, const Buf *body)
{
    buf_byte(out, id);
    buf_uleb(out, body->len);
    buf_put(out, body->data, body->len);
}

static void functype(Buf *b, const WFuncType *ft)
{
    buf_byte(b, 0x60);
    buf_uleb(b, ft->nparams);
    buf_put(b, ft->params, ft->nparams);
    buf_uleb(b, ft->nresults);
    buf_put(b, ft->results, ft->nresults);
}

static void table_type(Buf *b, uint32_t n)
{
    buf_byte(b, 0x70);
    buf_byte(b, 0x01);
    buf_uleb(b, n);
    buf_uleb(b, n);
}

static void shim_module(const WFuncType *const *types, uint32_t n, Buf *out)
{
    static const uint8_t pre[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
    Buf s;
    buf_init(&s);
    buf_put(out, pre, sizeof pre);
    buf_uleb(&s, n);
    for (uint32_t i = 0; i < n; i++)
        functype(&s, types[i]);
    core_section(out, 1, &s);
    s.len = 0;
    buf_uleb(&s, n);
    for (uint32_t i = 0; i < n; i++)
        buf_uleb(&s, i);
    core_section(out, 3, &s);
    s.len = 0;
    buf_uleb(&s, 1);
    table_type(&s, n);
    core_section(out, 4, &s);
    s.len = 0;
    buf_uleb(&s, n + 1);
    put_name(&s, "$imports");
    buf_byte(&s, 0x01);
    buf_uleb(&s, 0);
    for (uint32_t i = 0; i < n; i++) {
        char nm[16];
        snprintf(nm, sizeof nm, "%u", i);
        put_name(&s, nm);
        buf_byte(&s, 0x00);
        buf_uleb(&s, i);
    }
    core_section(out, 7, &s);
    s.len = 0;
    buf_uleb(&s, n);
    for (uint32_t i = 0; i < n; i++) {
        Buf body;
        buf_init(&body);
        buf_uleb(&body, 0); /* no locals */
        for (uint32_t k = 0; k < types[i]->nparams; k++) {
            buf_byte(&body, 0x20);
            buf_uleb(&body, k);
        }
        buf_byte(&body, 0x41);
        buf_sleb(&body, i);
        buf_byte(&body, 0x11);
        buf_uleb(&body, i);
        buf_uleb(&body, 0);
        buf_byte(&body, 0x0b);
        buf_uleb(&s, body.len);
        buf_put(&s, body.data, body.len);
        buf_release(&body);
    }
    core_section(out, 10, &s);
    buf_release(&s);
}

static void fixup_module(const WFuncType *const *types, uint32_t n, Buf *out)
{
    static const uint8_t pre[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
    Buf s;
    buf_init(&s);
    buf_put(out, pre, sizeof pre);
    buf_uleb(&s, n);
    for (uint32_t i = 0; i < n; i++)
        functype(&s, types[i]);
    core_section(out, 1, &s);
    s.len = 0;
    buf_uleb(&s, n + 1);
    for (uint32_t i = 0; i < n; i++) {
        char nm[16];
        snprintf(nm, sizeof nm, "%u", i);
        put_name(&s, "actual");
        put_name(&s, nm);
        buf_byte(&s, 0x00);
        buf_uleb(&s, i);
    }
    put_name(&s, "shim");
    put_name(&s, "$imports");
    buf_byte(&s, 0x01);
    table_type(&s, n);
    core_section(out, 2, &s);
    s.len = 0;
    buf_uleb(&s, 1);    /* one active segment for table 0 at offset 0 */
    buf_uleb(&s, 0);
    buf_byte(&s, 0x41);
    buf_sleb(&s, 0);
    buf_byte(&s, 0x0b);
    buf_uleb(&s, n);
    for (uint32_t i = 0; i < n; i++)
        buf_uleb(&s, i);
    core_section(out, 9, &s);
    buf_release(&s);
}

/* ---- steps ---- */

static const WFuncType dtor_type = {1, 0, (const uint8_t *)"\x7f", NULL};

/* Give slots to the lowerings that need options and to the destructors. */
static const WFuncType **assign_slots(Cn *cn)
{
    uint32_t n = 0;
    const WFuncType **types = calloc((size_t)cn->nimps + cn->nres + 1, sizeof *types);
    if (!types)
        return NULL;
    for (uint32_t i = 0; i < cn->nimps; i++) {
        CnImp *ci = &cn->imps[i];
        const WModule *um = ci->user ? cn->adapters[ci->user - 1].m : cn->main;
        if ((ci->kind == CI_LOWER && (ci->opts.memory || ci->opts.realloc || ci->opts.utf8)) ||
            ci->kind == CI_ADAPTER) {
            ci->slot = (int)n;
            types[n++] = &um->types[ci->im->type_index];
        }
    }
    for (uint32_t i = 0; i < cn->nres; i++)
        if (cn->res[i].dtor) {
            cn->res[i].slot = (int)n;
            types[n++] = &dtor_type;
        }
    cn->nslots = (int)n;
    return types;
}

static void emit_main(Em *m)
{
    Cn *cn = m->cn;
    WModule copy = *cn->main;
    WCustom *keep = ARENA_ARRAY(&cn->arena, WCustom, (size_t)copy.ncustoms + 1);
    uint32_t k = 0;
    for (uint32_t i = 0; keep && i < copy.ncustoms; i++) {
        const WName *n = &copy.customs[i].name;
        if (!(n->len >= 14 && !memcmp(n->str, "component-type", 14)))
            keep[k++] = copy.customs[i];
    }
    copy.customs = keep;
    copy.ncustoms = k;
    Buf b;
    buf_init(&b);
    if (!keep || wmod_encode(&copy, &b))
        m->out->failed = 1;
    section_raw(m, 1, b.data, b.len);
    buf_release(&b);
    m->core_modules++;
}

static void emit_shim(Em *m, const WFuncType **types)
{
    Buf b;
    buf_init(&b);
    shim_module(types, (uint32_t)m->cn->nslots, &b);
    section_raw(m, 1, b.data, b.len);
    buf_release(&b);
    uint32_t mod = m->core_modules++;
    Buf it;
    buf_init(&it);
    buf_byte(&it, 0x00);
    buf_uleb(&it, mod);
    buf_uleb(&it, 0);
    section1(m, 2, &it);
    buf_release(&it);
    m->shim_inst = m->core_instances++;
}

static void slot_name(char *buf, size_t cap, int slot)
{
    snprintf(buf, cap, "%d", slot);
}

static void emit_resources(Em *m)
{
    Cn *cn = m->cn;
    for (uint32_t i = 0; i < cn->nres; i++) {
        CnRes *r = &cn->res[i];
        uint32_t dtor = 0;
        if (r->dtor) {
            char nm[16];
            slot_name(nm, sizeof nm, r->slot);
            dtor = alias_core(m, WC_CSORT_FUNC, m->shim_inst, nm);
        }
        Buf b;
        buf_init(&b);
        buf_byte(&b, 0x3f);
        buf_byte(&b, 0x7f);
        buf_byte(&b, r->dtor ? 0x01 : 0x00);
        if (r->dtor)
            buf_uleb(&b, dtor);
        section1(m, 7, &b);
        buf_release(&b);
        r->type_idx = witenc_comp_add(m->wc, WITENC_TYPE);
        witenc_comp_bind_type(m->wc, r->id, r->type_idx);
    }
}

/* The core function for one import of the main module (before it exists). */
static uint32_t import_core_func(Em *m, CnImp *ci)
{
    Cn *cn = m->cn;
    char nm[16];
    switch (ci->kind) {
    case CI_ADAPTER:
        slot_name(nm, sizeof nm, ci->slot);
        return alias_core(m, WC_CSORT_FUNC, m->shim_inst, nm);
    case CI_MAIN:
        if (m->alloc_inst >= 0 && !strcmp(ci->im->field.str, "cabi_realloc") &&
            !find_export(cn->main, "cabi_realloc"))
            return alias_core(m, WC_CSORT_FUNC, (uint32_t)m->alloc_inst, "cabi_realloc");
        return alias_core(m, WC_CSORT_FUNC, m->main_inst, ci->im->field.str);
    case CI_MEMORY:
        return 0; /* the main module's memory, aliased first */
    case CI_STUB:
        slot_name(nm, sizeof nm, ci->slot);
        return alias_core(m, WC_CSORT_FUNC, m->stub_inst, nm);
    case CI_LOWER:
        if (ci->slot >= 0) {
            slot_name(nm, sizeof nm, ci->slot);
            return alias_core(m, WC_CSORT_FUNC, m->shim_inst, nm);
        }
        return canon_lower(m, import_func(m, ci), NULL, 0);
    case CI_RES_DROP: {
        uint32_t t;
        witenc_comp_type(m->wc, WIT_NONE, WIT_TY_OF(ci->res), &t);
        return canon_resource(m, WC_CANON_RES_DROP, t);
    }
    case CI_EXP_NEW:
        return canon_resource(m, WC_CANON_RES_NEW, cn->res[ci->res].type_idx);
    case CI_EXP_REP:
        return canon_resource(m, WC_CANON_RES_REP, cn->res[ci->res].type_idx);
    case CI_EXP_DROP:
        return canon_resource(m, WC_CANON_RES_DROP, cn->res[ci->res].type_idx);
    default:
        return 0;
    }
}

/* One inline core instance per import module of imps[first, first + n),
 * then the module itself instantiated with them; returns that instance. */
static uint32_t emit_user_instance(Em *m, uint32_t module, uint32_t first, uint32_t n)
{
    Cn *cn = m->cn;
    const char **mods = calloc((size_t)n + 1, sizeof *mods);
    uint32_t *insts = calloc((size_t)n + 1, sizeof *insts);
    uint32_t nmods = 0, end = first + n;
    if (!mods || !insts) {
        m->out->failed = 1;
        goto done;
    }
    for (uint32_t i = first; i < end; i++) {
        const char *mod = cn->imps[i].im->module.str;
        uint32_t k = 0;
        while (k < nmods && strcmp(mods[k], mod))
            k++;
        if (k < nmods)
            continue;
        mods[nmods] = mod;
        Buf b, items;
        buf_init(&b);
        buf_init(&items);
        uint32_t cnt = 0;
        for (uint32_t j = i; j < end; j++) {
            CnImp *cj = &cn->imps[j];
            if (strcmp(cj->im->module.str, mod))
                continue;
            uint32_t d = i; /* each field once */
            while (d < j && (strcmp(cn->imps[d].im->module.str, mod) ||
                             strcmp(cn->imps[d].im->field.str, cj->im->field.str)))
                d++;
            if (d < j)
                continue;
            cj->core_func = import_core_func(m, cj);
            put_name(&items, cj->im->field.str);
            buf_byte(&items, cj->kind == CI_MEMORY ? WC_CSORT_MEMORY : WC_CSORT_FUNC);
            buf_uleb(&items, cj->core_func);
            cnt++;
        }
        buf_byte(&b, 0x01);
        buf_uleb(&b, cnt);
        buf_put(&b, items.data, items.len);
        section1(m, 2, &b);
        buf_release(&b);
        buf_release(&items);
        insts[nmods++] = m->core_instances++;
    }
    Buf b;
    buf_init(&b);
    buf_byte(&b, 0x00);
    buf_uleb(&b, module);
    buf_uleb(&b, nmods);
    for (uint32_t k = 0; k < nmods; k++) {
        put_name(&b, mods[k]);
        buf_byte(&b, WC_CSORT_INSTANCE);
        buf_uleb(&b, insts[k]);
    }
    section1(m, 2, &b);
    buf_release(&b);
done:
    free(mods);
    free(insts);
    return m->core_instances++;
}

/* A module that lends an adapter `cabi_realloc` when the main module has
 * none: fresh allocations only, by growing the shared memory. */
static void alloc_module(Buf *out)
{
    static const uint8_t bytes[] = {
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
        0x01, 0x09, 0x01, 0x60, 0x04, 0x7f, 0x7f, 0x7f, 0x7f, 0x01, 0x7f, /* type */
        0x02, 0x0f, 0x01, 0x03, 'e', 'n', 'v', 0x06, 'm', 'e', 'm', 'o', 'r', 'y',
        0x02, 0x00, 0x00,                                                 /* import */
        0x03, 0x02, 0x01, 0x00,                                           /* func */
        0x07, 0x10, 0x01, 0x0c, 'c', 'a', 'b', 'i', '_', 'r', 'e', 'a', 'l', 'l', 'o', 'c',
        0x00, 0x00,                                                       /* export */
        0x0a, 0x24, 0x01, 0x22, 0x00,                                     /* code */
        0x20, 0x00, 0x04, 0x40, 0x00, 0x0b,             /* old pointer: not supported */
        0x20, 0x03, 0x41, 0xff, 0xff, 0x03, 0x6a, 0x41, 0x10, 0x76, /* pages */
        0x40, 0x00, 0x22, 0x00,                         /* memory.grow */
        0x41, 0x7f, 0x46, 0x04, 0x40, 0x00, 0x0b,       /* failed: trap */
        0x20, 0x00, 0x41, 0x10, 0x74, 0x0b,             /* page * 65536 */
    };
    buf_put(out, bytes, sizeof bytes);
}

/* Trapping functions for the adapters' imports nothing reaches: a module
 * of `unreachable` bodies exporting "0", "1", ... (numbered through slot). */
static void emit_stubs(Em *m)
{
    Cn *cn = m->cn;
    uint32_t n = 0;
    const WFuncType **types = calloc((size_t)cn->nimps + 1, sizeof *types);
    if (!types) {
        m->out->failed = 1;
        return;
    }
    for (uint32_t i = 0; i < cn->nimps; i++) {
        CnImp *ci = &cn->imps[i];
        if (ci->kind != CI_STUB)
            continue;
        ci->slot = (int)n;
        types[n++] = &cn->adapters[ci->user - 1].m->types[ci->im->type_index];
    }
    if (n) {
        static const uint8_t pre[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
        Buf mod, s;
        buf_init(&mod);
        buf_init(&s);
        buf_put(&mod, pre, sizeof pre);
        buf_uleb(&s, n);
        for (uint32_t i = 0; i < n; i++)
            functype(&s, types[i]);
        core_section(&mod, 1, &s);
        s.len = 0;
        buf_uleb(&s, n);
        for (uint32_t i = 0; i < n; i++)
            buf_uleb(&s, i);
        core_section(&mod, 3, &s);
        s.len = 0;
        buf_uleb(&s, n);
        for (uint32_t i = 0; i < n; i++) {
            char nm[16];
            slot_name(nm, sizeof nm, (int)i);
            put_name(&s, nm);
            buf_byte(&s, 0x00);
            buf_uleb(&s, i);
        }
        core_section(&mod, 7, &s);
        s.len = 0;
        buf_uleb(&s, n);
        for (uint32_t i = 0; i < n; i++) {
            static const uint8_t body[] = {0x03, 0x00, 0x00, 0x0b}; /* no locals; unreachable */
            buf_put(&s, body, sizeof body);
        }
        core_section(&mod, 10, &s);
        section_raw(m, 1, mod.data, mod.len);
        uint32_t idx = m->core_modules++;
        s.len = 0;
        buf_byte(&s, 0x00);
        buf_uleb(&s, idx);
        buf_uleb(&s, 0);
        section1(m, 2, &s);
        m->stub_inst = m->core_instances++;
        buf_release(&mod);
        buf_release(&s);
    }
    free(types);
}

/* `env` (the memory) and, if needed, the allocator for the adapters. */
static void emit_adapter_env(Em *m)
{
    Cn *cn = m->cn;
    int need_alloc = 0;
    for (uint32_t i = cn->main_nimps; i < cn->nimps; i++)
        need_alloc |= cn->imps[i].kind == CI_MAIN && !strcmp(cn->imps[i].im->field.str, "cabi_realloc") &&
                      !find_export(cn->main, "cabi_realloc");
    if (!need_alloc)
        return;
    Buf b;
    buf_init(&b);
    buf_byte(&b, 0x01);
    buf_uleb(&b, 1);
    put_name(&b, "memory");
    buf_byte(&b, WC_CSORT_MEMORY);
    buf_uleb(&b, 0);
    section1(m, 2, &b);
    m->env_inst = (int)m->core_instances++;
    b.len = 0;
    alloc_module(&b);
    section_raw(m, 1, b.data, b.len);
    uint32_t mod = m->core_modules++;
    b.len = 0;
    buf_byte(&b, 0x00);
    buf_uleb(&b, mod);
    buf_uleb(&b, 1);
    put_name(&b, "env");
    buf_byte(&b, WC_CSORT_INSTANCE);
    buf_uleb(&b, (uint32_t)m->env_inst);
    section1(m, 2, &b);
    buf_release(&b);
    m->alloc_inst = (int)m->core_instances++;
}

/* The lowerings with options and the destructors, into the shim's table. */
static void emit_fixup(Em *m, const WFuncType **types)
{
    Cn *cn = m->cn;
    uint32_t n = (uint32_t)cn->nslots;
    uint32_t *funcs = calloc((size_t)n + 1, sizeof *funcs);
    if (!funcs) {
        m->out->failed = 1;
        return;
    }
    for (uint32_t i = 0; i < cn->nimps; i++) {
        CnImp *ci = &cn->imps[i];
        if (ci->slot >= 0 && ci->kind == CI_LOWER)
            funcs[ci->slot] = canon_lower(m, import_func(m, ci), &ci->opts,
                                          ci->user ? m->adapter_realloc[ci->user - 1] : m->realloc_func);
        else if (ci->slot >= 0 && ci->kind == CI_ADAPTER)
            funcs[ci->slot] = alias_core(m, WC_CSORT_FUNC, m->adapter_inst[ci->adapter],
                                         ci->im->field.str);
    }
    for (uint32_t i = 0; i < cn->nres; i++)
        if (cn->res[i].dtor) {
            char core[600];
            snprintf(core, sizeof core, "%s", cn->res[i].dtor);
            funcs[cn->res[i].slot] = alias_core(m, WC_CSORT_FUNC, m->main_inst, core);
        }
    Buf b;
    buf_init(&b);
    buf_byte(&b, 0x01);
    buf_uleb(&b, n);
    for (uint32_t i = 0; i < n; i++) {
        char nm[16];
        slot_name(nm, sizeof nm, (int)i);
        put_name(&b, nm);
        buf_byte(&b, WC_CSORT_FUNC);
        buf_uleb(&b, funcs[i]);
    }
    section1(m, 2, &b);
    uint32_t actual = m->core_instances++;
    b.len = 0;
    fixup_module(types, n, &b);
    section_raw(m, 1, b.data, b.len);
    uint32_t mod = m->core_modules++;
    b.len = 0;
    buf_byte(&b, 0x00);
    buf_uleb(&b, mod);
    buf_uleb(&b, 2);
    put_name(&b, "actual");
    buf_byte(&b, WC_CSORT_INSTANCE);
    buf_uleb(&b, actual);
    put_name(&b, "shim");
    buf_byte(&b, WC_CSORT_INSTANCE);
    buf_uleb(&b, m->shim_inst);
    section1(m, 2, &b);
    m->core_instances++;
    buf_release(&b);
    free(funcs);
}

/* A main module exporting `_initialize` (a reactor, or C++ constructors)
 * gets it called once everything it may call is in place: a module whose
 * start function calls it, instantiated after the fixup, as wit-component
 * does. */
static void emit_initialize(Em *m)
{
    static const uint8_t mod[] = {
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
        0x01, 0x04, 0x01, 0x60, 0x00, 0x00,                          /* type () -> () */
        0x02, 0x14, 0x01, 0x04, 'm', 'a', 'i', 'n', 0x0b, '_', 'i', 'n', 'i', 't', 'i', 'a',
        'l', 'i', 'z', 'e', 0x00, 0x00,                              /* import main._initialize */
        0x08, 0x01, 0x00,                                            /* start 0 */
    };
    if (!find_export(m->cn->main, "_initialize"))
        return;
    section_raw(m, 1, mod, sizeof mod);
    uint32_t idx = m->core_modules++;
    Buf b;
    buf_init(&b);
    buf_byte(&b, 0x00);
    buf_uleb(&b, idx);
    buf_uleb(&b, 1);
    put_name(&b, "main");
    buf_byte(&b, WC_CSORT_INSTANCE);
    buf_uleb(&b, m->main_inst);
    section1(m, 2, &b);
    buf_release(&b);
    m->core_instances++;
}

/* canon lift of one export; returns the component function. */
static uint32_t lift(Em *m, CnExp *ce)
{
    uint32_t ft;
    witenc_comp_functype(m->wc, ce->iface, ce->func, &ft);
    uint32_t from = ce->user ? m->adapter_inst[ce->user - 1] : m->main_inst;
    uint32_t core = alias_core(m, WC_CSORT_FUNC, from, ce->core_name);
    uint32_t post = ce->post ? alias_core(m, WC_CSORT_FUNC, from, ce->post) : 0;
    Buf b;
    buf_init(&b);
    buf_byte(&b, 0x00);
    buf_byte(&b, 0x00);
    buf_uleb(&b, core);
    put_opts(m, &b, &ce->opts, m->realloc_func, post, ce->post != NULL);
    buf_uleb(&b, ft);
    section1(m, 8, &b);
    buf_release(&b);
    return ce->lifted = witenc_comp_add(m->wc, WITENC_FUNC);
}

static void export_item(Em *m, const char *name, uint8_t sort, uint32_t idx)
{
    Buf b;
    buf_init(&b);
    buf_byte(&b, 0x00);
    put_name(&b, name);
    buf_byte(&b, sort);
    buf_uleb(&b, idx);
    buf_byte(&b, 0x00);
    section1(m, 11, &b);
    buf_release(&b);
}

static void emit_iface_export(Em *m, const WitWorldItem *it, const char *name)
{
    Cn *cn = m->cn;
    const WitIface *ifc = &cn->r.ifaces[it->id];
    uint32_t *lifted = calloc((size_t)ifc->nfuncs + 1, sizeof *lifted);
    if (!lifted) {
        m->out->failed = 1;
        return;
    }
    for (uint32_t i = 0; i < cn->nexps; i++)
        if (cn->exps[i].iface == it->id)
            lifted[cn->exps[i].fidx] = lift(m, &cn->exps[i]);
    Buf comp;
    buf_init(&comp);
    WitencArg *args = NULL;
    uint32_t nargs = 0;
    CmError e;
    CmErr rc = witenc_shim(&cn->r, it->id, &comp, &args, &nargs, &e);
    if (rc) {
        cn_fail(cn, rc, "cannot make the instance of '%s': %s", name, e.detail);
        buf_release(&comp);
        free(lifted);
        return;
    }
    section_raw(m, 4, comp.data, comp.len);
    uint32_t cidx = m->components++;
    uint32_t *idx = calloc((size_t)nargs + 1, sizeof *idx);
    for (uint32_t i = 0; idx && i < nargs; i++)
        if (args[i].is_func)
            idx[i] = lifted[args[i].index];
        else
            witenc_comp_type(m->wc, it->id, WIT_TY_OF(args[i].index), &idx[i]);
    Buf b;
    buf_init(&b);
    buf_byte(&b, 0x00);
    buf_uleb(&b, cidx);
    buf_uleb(&b, nargs);
    for (uint32_t i = 0; idx && i < nargs; i++) {
        put_name(&b, args[i].name);
        buf_byte(&b, args[i].is_func ? WC_SORT_FUNC : WC_SORT_TYPE);
        buf_uleb(&b, idx[i]);
    }
    section1(m, 5, &b);
    buf_release(&b);
    uint32_t inst = witenc_comp_add(m->wc, WITENC_INSTANCE);
    export_item(m, name, WC_SORT_INSTANCE, inst);
    witenc_comp_bind_iface(m->wc, it->id, witenc_comp_add(m->wc, WITENC_INSTANCE));
    if (!idx)
        m->out->failed = 1;
    free(idx);
    witenc_args_free(args, nargs);
    buf_release(&comp);
    free(lifted);
}

static void emit_exports(Em *m)
{
    Cn *cn = m->cn;
    const WitItemList *l = &cn->r.worlds[cn->world].exports;
    for (uint32_t i = 0; i < l->n && !cn->rc; i++) {
        const WitWorldItem *it = &l->items[i];
        if (it->kind == WIT_ITEM_FUNC) {
            for (uint32_t k = 0; k < cn->nexps; k++)
                if (cn->exps[k].iface == WIT_NONE && cn->exps[k].func == &it->func) {
                    uint32_t f = lift(m, &cn->exps[k]);
                    export_item(m, it->key_name, WC_SORT_FUNC, f);
                    witenc_comp_add(m->wc, WITENC_FUNC);
                }
        } else if (it->kind == WIT_ITEM_IFACE) {
            emit_iface_export(m, it, witenc_item_name(&cn->arena, &cn->r, it));
        }
    }
}

void cn_emit(Cn *cn, Buf *out)
{
    static const uint8_t pre[] = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};
    Em m = {.cn = cn, .out = out, .env_inst = -1, .alloc_inst = -1};
    CmError e;
    const WitWorld *w = &cn->r.worlds[cn->world];
    const WFuncType **types = assign_slots(cn);
    m.world_func = calloc((size_t)w->imports.n + 1, sizeof *m.world_func);
    if (!types || !m.world_func) {
        cn_fail(cn, CM_E_OOM, "out of memory");
        goto done;
    }
    if (witenc_comp_begin(&cn->r, &m.wc, &e)) {
        cn_fail(cn, e.code, "cannot encode the world: %s", e.detail);
        goto done;
    }
    buf_put(out, pre, sizeof pre);
    uint32_t nfunc = 0;
    for (uint32_t i = 0; i < w->imports.n; i++) {
        if (w->imports.items[i].kind == WIT_ITEM_FUNC)
            m.world_func[i] = nfunc++;
        if (witenc_comp_import(m.wc, &w->imports.items[i])) {
            cn_fail(cn, CM_E_WIT_RESOLVE, "cannot encode import %u", i);
            goto done;
        }
    }
    emit_main(&m);
    for (uint32_t i = 0; i < cn->nadapters; i++) {
        Buf b;
        buf_init(&b);
        if (wmod_encode(cn->adapters[i].m, &b))
            out->failed = 1;
        section_raw(&m, 1, b.data, b.len);
        buf_release(&b);
        m.adapter_module[i] = m.core_modules++;
    }
    if (cn->nslots)
        emit_shim(&m, types);
    emit_resources(&m);
    m.main_inst = emit_user_instance(&m, 0, 0, cn->main_nimps);
    if (cn->has_memory)
        alias_core(&m, WC_CSORT_MEMORY, m.main_inst, "memory");
    if (cn->realloc_name)
        m.realloc_func = alias_core(&m, WC_CSORT_FUNC, m.main_inst, cn->realloc_name);
    emit_adapter_env(&m);
    emit_stubs(&m);
    for (uint32_t i = 0; i < cn->nadapters; i++) {
        const CnAdapter *ad = &cn->adapters[i];
        m.adapter_inst[i] = emit_user_instance(&m, m.adapter_module[i], ad->first_imp, ad->nimps);
        if (ad->realloc_name)
            m.adapter_realloc[i] = alias_core(&m, WC_CSORT_FUNC, m.adapter_inst[i], ad->realloc_name);
    }
    if (cn->nslots)
        emit_fixup(&m, types);
    emit_initialize(&m);
    emit_exports(&m);
    witenc_comp_flush(m.wc, out);
done:
    witenc_comp_end(m.wc);
    free(types);
    free(m.world_func);
}
