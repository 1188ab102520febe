/* rt_engine.c - the engine: limits, canonical function types, traps,
 * host functions, the caller API and the linker.
 */
#include "rt_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rt_module_free_all(WrEngine *eng);
void rt_instance_free_all(WrEngine *eng);

static void apply_limits(WrEngine *eng, const WrLimits *l)
{
    WrLimits d = {0};
    if (l)
        d = *l;
    if (!d.max_memory_bytes)
        d.max_memory_bytes = (uint64_t)65536 * RT_PAGE;
    if (!d.max_call_depth)
        d.max_call_depth = 10000;
    if (!d.stack_slots)
        d.stack_slots = (size_t)1 << 20;
    eng->lim = d;
    eng->fuel = d.fuel;
}

WrEngine *wr_engine_new(const WrLimits *limits)
{
    WrEngine *eng = calloc(1, sizeof *eng);
    if (!eng)
        return NULL;
    apply_limits(eng, limits);
    eng->stack_slots = eng->lim.stack_slots;
    eng->stack = calloc(eng->stack_slots, sizeof(RtSlot));
    eng->frames = calloc((size_t)eng->lim.max_call_depth + 1, sizeof(RtFrame));
    if (!eng->stack || !eng->frames) {
        free(eng->stack);
        free(eng->frames);
        free(eng);
        return NULL;
    }
    eng->sp_base = eng->stack;
    rt_guard_install();
    return eng;
}

void wr_engine_set_limits(WrEngine *eng, const WrLimits *limits)
{
    size_t slots = eng->stack_slots;
    uint32_t depth = eng->lim.max_call_depth;
    apply_limits(eng, limits);
    /* the stacks keep their size: a bigger request needs a new engine */
    if (eng->lim.stack_slots > slots)
        eng->lim.stack_slots = slots;
    if (eng->lim.max_call_depth > depth)
        eng->lim.max_call_depth = depth;
}

uint64_t wr_engine_fuel_left(const WrEngine *eng) { return eng->fuel; }

static void linker_release(WrLinker *l)
{
    for (uint32_t i = 0; i < l->n; i++) {
        free(l->entries[i].module);
        free(l->entries[i].name);
    }
    free(l->entries);
    free(l);
}

void wr_engine_free(WrEngine *eng)
{
    if (!eng)
        return;
    rt_instance_free_all(eng);
    rt_module_free_all(eng);
    while (eng->memories) {
        WrMemory *m = eng->memories;
        eng->memories = m->next;
        rt_memory_free(m);
    }
    while (eng->tables) {
        WrTable *t = eng->tables;
        eng->tables = t->next;
        rt_table_free(t);
    }
    while (eng->globals) {
        WrGlobal *g = eng->globals;
        eng->globals = g->next;
        free(g);
    }
    while (eng->linkers) {
        WrLinker *l = eng->linkers;
        eng->linkers = l->next;
        linker_release(l);
    }
    while (eng->host_funcs)
        wr_func_free(eng->host_funcs);
    for (uint32_t i = 0; i < eng->ncanon; i++)
        free(eng->canon[i].types);
    free(eng->canon);
    free(eng->stack);
    free(eng->frames);
    free(eng);
}

/* Types are few; a linear search keeps this simple. */
uint32_t rt_canon_type(WrEngine *eng, const uint8_t *types, uint32_t np, uint32_t nr)
{
    for (uint32_t i = 0; i < eng->ncanon; i++) {
        const RtCanonType *c = &eng->canon[i];
        if (c->nparams == np && c->nresults == nr && !memcmp(c->types, types, np + nr))
            return i;
    }
    if (eng->ncanon == eng->capcanon) {
        uint32_t cap = eng->capcanon ? eng->capcanon * 2 : 32;
        RtCanonType *n = realloc(eng->canon, cap * sizeof *n);
        if (!n)
            return UINT32_MAX;
        eng->canon = n;
        eng->capcanon = cap;
    }
    uint8_t *copy = malloc(np + nr + 1);
    if (!copy)
        return UINT32_MAX;
    memcpy(copy, types, np + nr);
    eng->canon[eng->ncanon] = (RtCanonType){np, nr, copy};
    return eng->ncanon++;
}

static int sig_type(char ch, uint8_t *out)
{
    switch (ch) {
    case 'i': *out = WR_I32; return 1;
    case 'I': *out = WR_I64; return 1;
    case 'f': *out = WR_F32; return 1;
    case 'F': *out = WR_F64; return 1;
    case 'r': *out = WR_FUNCREF; return 1;
    case 'x': *out = WR_EXTERNREF; return 1;
    default: return 0;
    }
}

/* Parse sig into t, with its type letters in ts (strlen(sig) bytes). */
static int parse_sig_into(WrEngine *eng, const char *sig, RtFuncType *t, uint8_t *ts)
{
    const char *colon = strchr(sig, ':');
    uint32_t k = 0;
    for (const char *p = sig; *p; p++) {
        if (p == colon)
            continue;
        if (!sig_type(*p, &ts[k++]))
            return -1;
    }
    t->nparams = (uint32_t)(colon - sig);
    t->nresults = k - t->nparams;
    t->types = ts;
    t->canon = rt_canon_type(eng, ts, t->nparams, t->nresults);
    return t->canon == UINT32_MAX ? -1 : 0;
}

void rt_trap_set(WrTrap *t, CmErr code, const char *fmt, ...)
{
    t->code = code;
    int n = snprintf(t->message, sizeof t->message, "%s", err_message(code));
    if (fmt && n >= 0 && (size_t)n < sizeof t->message - 2) {
        va_list ap;
        va_start(ap, fmt);
        t->message[n] = ':';
        t->message[n + 1] = ' ';
        vsnprintf(t->message + n + 2, sizeof t->message - (size_t)n - 2, fmt, ap);
        va_end(ap);
    }
}

/* ---- host functions and the caller ---- */

/* One block: the function, its type, the type letters.  Host functions
 * are listed in the engine so that they can be freed one by one. */
WrFunc *wr_func_new(WrEngine *eng, const char *sig, WrHostFn fn, void *user)
{
    if (!fn || !strchr(sig, ':'))
        return NULL;
    WrFunc *f = calloc(1, sizeof *f + sizeof(RtFuncType) + strlen(sig) + 1);
    if (!f)
        return NULL;
    RtFuncType *t = (RtFuncType *)(f + 1);
    if (parse_sig_into(eng, sig, t, (uint8_t *)(t + 1))) {
        free(f);
        return NULL;
    }
    f->type = t;
    f->eng = eng;
    f->host = fn;
    f->user = user;
    f->hnext = eng->host_funcs;
    if (f->hnext)
        f->hnext->hprev = f;
    eng->host_funcs = f;
    return f;
}

void wr_func_free(WrFunc *fn)
{
    if (!fn || fn->inst || fn->code)
        return; /* functions of instances go with their instance */
    WrEngine *eng = fn->eng;
    if (fn->hprev)
        fn->hprev->hnext = fn->hnext;
    else
        eng->host_funcs = fn->hnext;
    if (fn->hnext)
        fn->hnext->hprev = fn->hprev;
    free(fn->sig);
    free(fn);
}

WrInstance *wr_caller_instance(WrCaller *c) { return c->inst; }

uint8_t *wr_caller_mem(WrCaller *c, uint64_t addr, uint64_t len)
{
    WrMemory *m = c->inst ? c->inst->mem0 : NULL;
    if (!m || addr > m->size || len > m->size - addr)
        return NULL;
    return m->data + addr;
}

uint64_t wr_caller_mem_size(WrCaller *c)
{
    WrMemory *m = c->inst ? c->inst->mem0 : NULL;
    return m ? m->size : 0;
}

int wr_caller_trap(WrCaller *c, const char *fmt, ...)
{
    WrTrap *t = &c->eng->scratch_trap;
    char buf[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    memset(t, 0, sizeof *t);
    rt_trap_set(t, CM_E_T_HOST, "%s", buf);
    c->eng->trap_pending = 1;
    return 1;
}

int wr_caller_exit(WrCaller *c, int code)
{
    WrTrap *t = &c->eng->scratch_trap;
    memset(t, 0, sizeof *t);
    rt_trap_set(t, CM_E_T_EXIT, "code %d", code);
    t->exited = 1;
    t->exit_code = code;
    c->eng->trap_pending = 1;
    return 1;
}

/* ---- function types through the API ---- */

uint32_t wr_func_param_count(const WrFunc *fn) { return fn->type->nparams; }
uint32_t wr_func_result_count(const WrFunc *fn) { return fn->type->nresults; }
WrType wr_func_param(const WrFunc *fn, uint32_t i) { return (WrType)fn->type->types[i]; }
WrType wr_func_result(const WrFunc *fn, uint32_t i)
{
    return (WrType)fn->type->types[fn->type->nparams + i];
}

const char *wr_func_sig(const WrFunc *fn)
{
    WrFunc *f = (WrFunc *)fn;
    if (f->sig)
        return f->sig;
    const RtFuncType *t = f->type;
    char *s = malloc(t->nparams + t->nresults + 2);
    if (!s)
        return "?";
    size_t k = 0;
    for (uint32_t i = 0; i < t->nparams + t->nresults; i++) {
        if (i == t->nparams)
            s[k++] = ':';
        switch (t->types[i]) {
        case WR_I32: s[k++] = 'i'; break;
        case WR_I64: s[k++] = 'I'; break;
        case WR_F32: s[k++] = 'f'; break;
        case WR_F64: s[k++] = 'F'; break;
        case WR_FUNCREF: s[k++] = 'r'; break;
        default: s[k++] = 'x'; break;
        }
    }
    if (t->nresults == 0)
        s[k++] = ':';
    s[k] = 0;
    f->sig = s;
    return s;
}

/* ---- linker ---- */

WrLinker *wr_linker_new(WrEngine *eng)
{
    WrLinker *lk = calloc(1, sizeof *lk);
    if (!lk)
        return NULL;
    lk->eng = eng;
    lk->next = eng->linkers;
    eng->linkers = lk;
    return lk;
}

CmErr wr_linker_extern(WrLinker *lk, const char *module, const char *name, WrExtern ext)
{
    for (uint32_t i = 0; i < lk->n; i++)
        if (!strcmp(lk->entries[i].module, module) && !strcmp(lk->entries[i].name, name)) {
            lk->entries[i].ext = ext;
            return CM_OK;
        }
    if (lk->n == lk->cap) {
        uint32_t cap = lk->cap ? lk->cap * 2 : 16;
        RtLinkEntry *n = realloc(lk->entries, cap * sizeof *n);
        if (!n)
            return CM_E_OOM;
        lk->entries = n;
        lk->cap = cap;
    }
    RtLinkEntry *e = &lk->entries[lk->n];
    e->module = strdup(module);
    e->name = strdup(name);
    e->ext = ext;
    if (!e->module || !e->name) {
        free(e->module);
        free(e->name);
        return CM_E_OOM;
    }
    lk->n++;
    return CM_OK;
}

CmErr wr_linker_func(WrLinker *lk, const char *module, const char *name, const char *sig,
                     WrHostFn fn, void *user)
{
    WrFunc *f = wr_func_new(lk->eng, sig, fn, user);
    if (!f)
        return CM_E_OOM;
    WrExtern ext = {WR_EXTERN_FUNC, {.func = f}};
    return wr_linker_extern(lk, module, name, ext);
}

CmErr wr_linker_instance(WrLinker *lk, const char *module, WrInstance *inst)
{
    const WModule *w = inst->mod->w;
    for (uint32_t i = 0; i < w->nexports; i++) {
        WrExtern ext;
        if (wr_instance_export(inst, w->exports[i].name.str, &ext))
            continue;
        CmErr e = wr_linker_extern(lk, module, w->exports[i].name.str, ext);
        if (e)
            return e;
    }
    return CM_OK;
}

void wr_linker_free(WrLinker *lk)
{
    if (!lk)
        return;
    WrLinker **pp = &lk->eng->linkers;
    while (*pp && *pp != lk)
        pp = &(*pp)->next;
    if (*pp)
        *pp = lk->next;
    linker_release(lk);
}

const WrExtern *rt_linker_find(const WrLinker *lk, const char *module, const char *name)
{
    if (!lk)
        return NULL;
    for (uint32_t i = 0; i < lk->n; i++)
        if (!strcmp(lk->entries[i].module, module) && !strcmp(lk->entries[i].name, name))
            return &lk->entries[i].ext;
    return NULL;
}
