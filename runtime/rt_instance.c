/* rt_instance.c - instantiation, exports and calls from the host.
 *
 * Spec: core 2.0, 4.5.4 "Instantiation": resolve and type-check imports
 * (7.?? "import matching"), allocate functions, tables, memories and
 * globals, initialise the active element and data segments in order (a
 * trap stops there, leaving earlier writes in place), drop the passive
 * bookkeeping of active/declarative segments, then run the start function.
 * wr_instance_free releases an instance once no live instance imports from
 * it (import counts, see WrInstance in rt_internal.h).
 */
#include "rt_internal.h"
#include "winstr.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* One step of an extended-const binary operator (validated operand types).
 * i32 results stay zero-extended in the 64-bit slot, like i32.const. */
static int eval_binop(WOp op, WrVal *a, WrVal b)
{
    switch (op) {
    case WOP_I32_ADD: a->u64 = (uint32_t)(a->u32 + b.u32); return 1;
    case WOP_I32_SUB: a->u64 = (uint32_t)(a->u32 - b.u32); return 1;
    case WOP_I32_MUL: a->u64 = (uint32_t)(a->u32 * b.u32); return 1;
    case WOP_I64_ADD: a->u64 = a->u64 + b.u64; return 1;
    case WOP_I64_SUB: a->u64 = a->u64 - b.u64; return 1;
    case WOP_I64_MUL: a->u64 = a->u64 * b.u64; return 1;
    default: return 0;
    }
}

/* Evaluate over a value stack of room `cap` (validation bounds the depth
 * and guarantees the operands, so the checks here only guard memory). */
static WrVal eval_on(WrInstance *inst, const WExpr *e, WrVal *st, size_t cap)
{
    const uint8_t *p = e->code.data, *end = p + e->code.len;
    size_t n = 0;
    WInstr in;
    while (p < end && !winstr_next(&p, end, &in) && in.op != WOP_END) {
        WrVal v = {0};
        if (n >= 2 && eval_binop(in.op, &st[n - 2], st[n - 1])) {
            n--;
            continue;
        }
        switch (in.op) {
        case WOP_I32_CONST: v.u64 = (uint32_t)in.i64; break;
        case WOP_I64_CONST: v.i64 = in.i64; break;
        case WOP_F32_CONST: v.u64 = (uint32_t)in.bits; break;
        case WOP_F64_CONST: v.u64 = in.bits; break;
        case WOP_REF_NULL: v.ref = NULL; break;
        case WOP_REF_FUNC: v.ref = inst->funcs[in.idx]; break;
        case WOP_GLOBAL_GET: v = inst->globals[in.idx]->val; break;
        default: break; /* validated: nothing else occurs */
        }
        if (n < cap)
            st[n++] = v;
    }
    return n ? st[n - 1] : (WrVal){0};
}

CmErr rt_eval_const(WrInstance *inst, const WExpr *e, WrVal *out)
{
    WrVal small[16];
    size_t cap = e->code.len / 2 + 1; /* each push takes >= 2 bytes */
    WrVal *st = cap <= sizeof small / sizeof small[0] ? small : malloc(cap * sizeof *st);
    if (!st)
        return CM_E_OOM;
    *out = eval_on(inst, e, st, cap);
    if (st != small)
        free(st);
    return CM_OK;
}

static int limits_match(uint64_t amin, int has_amax, uint64_t amax, const WLimits *want)
{
    if (amin < want->min)
        return 0;
    if (want->has_max && (!has_amax || amax > want->max))
        return 0;
    return 1;
}

static CmErr link_error(WrTrap *t, CmErr code, const WImport *im)
{
    rt_trap_set(t, code, "%s::%s", im->module.str, im->field.str);
    return code;
}

static WrInstance *extern_owner(const WrExtern *x)
{
    switch (x->kind) {
    case WR_EXTERN_FUNC: return x->u.func->inst;
    case WR_EXTERN_TABLE: return x->u.table->owner;
    case WR_EXTERN_MEMORY: return x->u.memory->owner;
    default: return x->u.global->owner;
    }
}

/* Resolve import i into the instance arrays; an import from another
 * instance keeps that instance alive (inst->deps). */
static CmErr resolve(WrInstance *inst, const WrLinker *lk, const WImport *im, uint32_t *fi,
                     uint32_t *ti, uint32_t *mi, uint32_t *gi, WrTrap *t)
{
    const WrModule *m = inst->mod;
    const WrExtern *x = rt_linker_find(lk, im->module.str, im->field.str);
    if (!x)
        return link_error(t, CM_E_T_UNKNOWN_IMPORT, im);
    if ((int)x->kind != im->kind)
        return link_error(t, CM_E_T_INCOMPATIBLE_IMPORT, im);
    WrInstance *owner = extern_owner(x);
    if (owner && owner != inst) {
        inst->deps[inst->ndeps++] = owner;
        owner->importers++;
    }
    switch (im->kind) {
    case WEXT_FUNC:
        if (x->u.func->type->canon != m->types[im->type_index].canon)
            return link_error(t, CM_E_T_INCOMPATIBLE_IMPORT, im);
        inst->funcs[(*fi)++] = x->u.func;
        break;
    case WEXT_TABLE: {
        WrTable *tb = x->u.table;
        if (tb->type != im->table.elem_type ||
            !limits_match(tb->size, tb->has_max, tb->max, &im->table.limits))
            return link_error(t, CM_E_T_INCOMPATIBLE_IMPORT, im);
        inst->tables[(*ti)++] = tb;
        break;
    }
    case WEXT_MEMORY: {
        WrMemory *mem = x->u.memory;
        if (!limits_match(mem->size / RT_PAGE, mem->decl_max >= 0, (uint64_t)mem->decl_max,
                          &im->memory))
            return link_error(t, CM_E_T_INCOMPATIBLE_IMPORT, im);
        inst->mems[(*mi)++] = mem;
        break;
    }
    default: {
        WrGlobal *g = x->u.global;
        if (g->type != im->global.type || g->mut != im->global.mutable_)
            return link_error(t, CM_E_T_INCOMPATIBLE_IMPORT, im);
        inst->globals[(*gi)++] = g;
        break;
    }
    }
    return CM_OK;
}

static CmErr alloc_instance(WrEngine *eng, WrModule *mod, WrInstance **out)
{
    WrInstance *inst = calloc(1, sizeof *inst);
    const WModule *w = mod->w;
    if (!inst)
        return CM_E_OOM;
    inst->eng = eng;
    inst->mod = mod;
    inst->funcs = calloc(mod->nfuncs + 1, sizeof(WrFunc *));
    inst->tables = calloc(mod->ntables + 1, sizeof(WrTable *));
    inst->mems = calloc(mod->nmems + 1, sizeof(WrMemory *));
    inst->globals = calloc(mod->nglobals + 1, sizeof(WrGlobal *));
    inst->elems = calloc(w->nelems + 1, sizeof(RtElemInst));
    inst->data_dropped = calloc(w->ndatas + 1, 1);
    inst->own_funcs = calloc(w->nfuncs + 1, sizeof(WrFunc));
    inst->deps = calloc(w->nimports + 1, sizeof(WrInstance *));
    inst->next = eng->instances;
    eng->instances = inst; /* owned by the engine from here on */
    *out = inst;
    if (!inst->funcs || !inst->tables || !inst->mems || !inst->globals || !inst->elems ||
        !inst->data_dropped || !inst->own_funcs || !inst->deps)
        return CM_E_OOM;
    return CM_OK;
}

/* Everything up to (not including) segment initialisation. */
static CmErr build(WrInstance *inst, const WrLinker *lk, WrTrap *t)
{
    WrModule *m = inst->mod;
    const WModule *w = m->w;
    WrEngine *eng = inst->eng;
    uint32_t fi = 0, ti = 0, mi = 0, gi = 0;
    CmErr e;
    for (uint32_t i = 0; i < w->nimports; i++)
        if ((e = resolve(inst, lk, &w->imports[i], &fi, &ti, &mi, &gi, t)))
            return e;
    for (uint32_t i = 0; i < w->nfuncs; i++) {
        WrFunc *f = &inst->own_funcs[i];
        f->type = &m->types[w->func_types[i]];
        f->inst = inst;
        f->eng = eng;
        f->code = &m->code[i];
        f->words = f->code->words;
        f->index = w->nfunc_imports + i;
        inst->funcs[fi++] = f;
    }
    for (uint32_t i = 0; i < w->ntables; i++) {
        const WTableType *tt = &w->tables[i];
        WrTable *tb = rt_table_make(tt->elem_type, tt->limits.min,
                                    tt->limits.has_max ? (int64_t)tt->limits.max : -1, NULL);
        inst->tables[ti++] = tb;
        if (tb)
            tb->owner = inst;
        else {
            rt_trap_set(t, CM_E_OOM, "table");
            return CM_E_OOM;
        }
    }
    for (uint32_t i = 0; i < w->nmemories; i++) {
        const WLimits *l = &w->memories[i];
        if ((uint64_t)l->min * RT_PAGE > eng->lim.max_memory_bytes) {
            rt_trap_set(t, CM_E_LIMIT, "memory of %u pages is over the engine's limit of %llu bytes",
                        l->min, (unsigned long long)eng->lim.max_memory_bytes);
            return CM_E_LIMIT;
        }
        WrMemory *mem = rt_memory_make(eng, l->min, l->has_max ? (int64_t)l->max : -1);
        inst->mems[mi++] = mem;
        if (mem)
            mem->owner = inst;
        else {
            rt_trap_set(t, CM_E_OOM, "memory of %u pages", l->min);
            return CM_E_OOM;
        }
    }
    inst->mem0 = m->nmems ? inst->mems[0] : NULL;
    for (uint32_t i = 0; i < w->nglobals; i++) {
        WrVal v;
        WrGlobal *g = NULL;
        if (!rt_eval_const(inst, &w->globals[i].init, &v))
            g = rt_global_make((WrType)w->globals[i].type.type, w->globals[i].type.mutable_, v);
        inst->globals[gi++] = g;
        if (g)
            g->owner = inst;
        else {
            rt_trap_set(t, CM_E_OOM, NULL);
            return CM_E_OOM;
        }
    }
    for (uint32_t i = 0; i < w->nelems; i++) {
        const WElem *el = &w->elems[i];
        RtElemInst *ei = &inst->elems[i];
        ei->refs = calloc(el->count + 1, sizeof(void *));
        if (!ei->refs) {
            rt_trap_set(t, CM_E_OOM, NULL);
            return CM_E_OOM;
        }
        ei->n = el->count;
        for (uint32_t k = 0; k < el->count; k++) {
            WrVal v = {.ref = el->func_indices ? (void *)inst->funcs[el->func_indices[k]] : NULL};
            if (!el->func_indices && rt_eval_const(inst, &el->exprs[k], &v)) {
                rt_trap_set(t, CM_E_OOM, NULL);
                return CM_E_OOM;
            }
            ei->refs[k] = v.ref;
        }
    }
    return CM_OK;
}

static CmErr init_segments(WrInstance *inst, WrTrap *t)
{
    const WModule *w = inst->mod->w;
    for (uint32_t i = 0; i < w->nelems; i++) {
        const WElem *el = &w->elems[i];
        RtElemInst *ei = &inst->elems[i];
        if (el->mode == WSEG_ACTIVE) {
            WrTable *tb = inst->tables[el->table];
            WrVal v;
            if (rt_eval_const(inst, &el->offset, &v)) {
                rt_trap_set(t, CM_E_OOM, NULL);
                return CM_E_OOM;
            }
            uint64_t off = v.u32;
            if (off + ei->n > tb->size) {
                rt_trap_set(t, CM_E_T_TABLE_OOB, NULL);
                return CM_E_T_TABLE_OOB;
            }
            if (ei->n)
                memcpy(tb->elems + off, ei->refs, ei->n * sizeof(void *));
            if (tb->owner != inst) /* an imported table holds our functions now */
                rt_refs_stored(ei->refs, ei->n, tb->type, tb->owner);
        }
        if (el->mode != WSEG_PASSIVE)
            ei->n = 0;
    }
    for (uint32_t i = 0; i < w->ndatas; i++) {
        const WData *d = &w->datas[i];
        if (d->mode != WSEG_ACTIVE)
            continue;
        WrMemory *mem = inst->mems[d->memory];
        WrVal v;
        if (rt_eval_const(inst, &d->offset, &v)) {
            rt_trap_set(t, CM_E_OOM, NULL);
            return CM_E_OOM;
        }
        uint64_t off = v.u32;
        if (off + d->init.len > mem->size) {
            rt_trap_set(t, CM_E_T_MEM_OOB, NULL);
            return CM_E_T_MEM_OOB;
        }
        if (d->init.len)
            memcpy(mem->data + off, d->init.data, d->init.len);
        inst->data_dropped[i] = 1;
    }
    return CM_OK;
}

CmErr wr_instantiate(WrEngine *eng, WrModule *mod, WrLinker *lk, WrInstance **out, WrTrap *trap)
{
    WrTrap local;
    WrInstance *inst = NULL;
    if (!trap)
        trap = &local;
    memset(trap, 0, sizeof *trap);
    *out = NULL;
    CmErr e = alloc_instance(eng, mod, &inst);
    if (e) {
        rt_trap_set(trap, e, NULL);
        if (inst)
            wr_instance_free(inst);
        return e;
    }
    if ((e = build(inst, lk, trap))) {
        wr_instance_free(inst); /* nothing of it can be referenced yet */
        return e;
    }
    /* From here on, segments or the start function may have stored its
     * functions in imported tables: it stays until the engine goes. */
    inst->pinned = 1;
    if ((e = init_segments(inst, trap)))
        return e;
    if (mod->w->has_start) {
        WrFunc *f = inst->funcs[mod->w->start];
        if ((e = wr_func_call(eng, f, NULL, 0, NULL, 0, trap)))
            return e;
    }
    inst->pinned = 0;
    *out = inst;
    return CM_OK;
}

/* Free the instance and the objects it defined (index past the imports). */
static void instance_free(WrInstance *inst)
{
    const WModule *w = inst->mod->w;
    for (uint32_t i = 0; inst->tables && i < w->ntables; i++)
        rt_table_free(inst->tables[w->ntable_imports + i]);
    for (uint32_t i = 0; inst->mems && i < w->nmemories; i++)
        if (inst->mems[w->nmemory_imports + i])
            rt_memory_free(inst->mems[w->nmemory_imports + i]);
    for (uint32_t i = 0; inst->globals && i < w->nglobals; i++)
        free(inst->globals[w->nglobal_imports + i]);
    for (uint32_t i = 0; inst->own_funcs && i < w->nfuncs; i++)
        free(inst->own_funcs[i].sig);
    free(inst->deps);
    if (inst->elems)
        for (uint32_t i = 0; i < inst->mod->w->nelems; i++)
            free(inst->elems[i].refs);
    free(inst->funcs);
    free(inst->tables);
    free(inst->mems);
    free(inst->globals);
    free(inst->elems);
    free(inst->data_dropped);
    free(inst->own_funcs);
    free(inst);
}

/* Release inst if its owner freed it and no live instance imports from
 * it; then the same for the instances it imported from. */
static void try_release(WrInstance *inst)
{
    if (!inst->freed || inst->importers || inst->pinned || inst->escaped)
        return;
    WrInstance **pp = &inst->eng->instances;
    while (*pp && *pp != inst)
        pp = &(*pp)->next;
    if (*pp)
        *pp = inst->next;
    for (uint32_t i = 0; i < inst->ndeps; i++) {
        WrInstance *d = inst->deps[i];
        d->importers--;
        if (!d->importers)
            try_release(d);
    }
    instance_free(inst);
}

void wr_instance_free(WrInstance *inst)
{
    if (!inst || inst->freed)
        return;
    inst->freed = 1;
    try_release(inst);
}

void rt_instance_free_all(WrEngine *eng)
{
    while (eng->instances) {
        WrInstance *i = eng->instances;
        eng->instances = i->next;
        instance_free(i);
    }
}

int wr_instance_export(WrInstance *inst, const char *name, WrExtern *out)
{
    return wr_instance_export_n(inst, name, strlen(name), out);
}

int wr_instance_export_n(WrInstance *inst, const char *name, size_t len, WrExtern *out)
{
    const WModule *w = inst->mod->w;
    for (uint32_t i = 0; i < w->nexports; i++) {
        const WExport *x = &w->exports[i];
        if (len != x->name.len || memcmp(name, x->name.str, len))
            continue;
        out->kind = (WrExternKind)x->kind;
        switch (x->kind) {
        case WEXT_FUNC: out->u.func = inst->funcs[x->index]; break;
        case WEXT_TABLE: out->u.table = inst->tables[x->index]; break;
        case WEXT_MEMORY: out->u.memory = inst->mems[x->index]; break;
        default: out->u.global = inst->globals[x->index]; break;
        }
        return 0;
    }
    return -1;
}

WrMemory *wr_instance_memory(WrInstance *inst) { return inst->mem0; }
void wr_instance_set_user(WrInstance *inst, void *user) { inst->user = user; }
void *wr_instance_user(WrInstance *inst) { return inst->user; }

CmErr wr_func_call(WrEngine *eng, WrFunc *fn, const WrVal *args, size_t nargs, WrVal *results,
                   size_t nresults, WrTrap *trap)
{
    WrTrap local;
    if (!trap)
        trap = &local;
    memset(trap, 0, sizeof *trap);
    const RtFuncType *t = fn->type;
    if (nargs != t->nparams || nresults != t->nresults) {
        rt_trap_set(trap, CM_E_T_ARGS, "expected %u arguments and %u results", t->nparams,
                    t->nresults);
        return CM_E_T_ARGS;
    }
    RtSlot *base = eng->sp_base;
    size_t need = (size_t)(t->nparams > t->nresults ? t->nparams : t->nresults);
    if (base + need > eng->stack + eng->stack_slots) {
        rt_trap_set(trap, CM_E_T_STACK_EXHAUSTED, NULL);
        return CM_E_T_STACK_EXHAUSTED;
    }
    for (size_t i = 0; i < nargs; i++)
        base[i] = args[i];
    uint64_t start_deadline = eng->deadline_ns;
    int outermost = eng->nframes == 0;
    if (outermost) {
        eng->fuel = eng->fuel; /* fuel carries over between calls */
        eng->deadline_ns = 0;
        if (eng->lim.timeout_ms) {
            struct timespec ts;
            clock_gettime(CLOCK_MONOTONIC, &ts);
            eng->deadline_ns = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec +
                               eng->lim.timeout_ms * 1000000u;
        }
    }
    CmErr e = rt_exec(eng, fn, base, trap);
    if (outermost)
        eng->deadline_ns = start_deadline;
    if (e)
        return e;
    for (size_t i = 0; i < nresults; i++)
        results[i] = base[i];
    return CM_OK;
}

CmErr wr_call(WrInstance *inst, const char *name, const WrVal *args, size_t nargs, WrVal *results,
              size_t nresults, WrTrap *trap)
{
    WrExtern x;
    if (wr_instance_export(inst, name, &x) || x.kind != WR_EXTERN_FUNC) {
        if (trap) {
            memset(trap, 0, sizeof *trap);
            rt_trap_set(trap, CM_E_T_NO_EXPORT, "'%s'", name);
        }
        return CM_E_T_NO_EXPORT;
    }
    return wr_func_call(inst->eng, x.u.func, args, nargs, results, nresults, trap);
}
