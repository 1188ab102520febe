/* rt_module.c - load a module: decode (libcm wmod), validate the module-level
 * rules, translate every function.
 *
 * Spec: core 2.0, 3.4 "Modules" (types, imports, functions, tables,
 * memories, globals, element and data segments, start, exports) and 3.3.10
 * "Constant expressions" (plus the Wasm 3.0 extended-const i32/i64 add, sub,
 * mul).  Function bodies are validated by rt_compile.c
 * while they are translated.
 */
#include "rt_internal.h"
#include "winstr.h"

#include <stdlib.h>
#include <string.h>

typedef struct Ctx {
    WrModule *m;
    const WModule *w;
    CmError *err;
} Ctx;

static CmErr bad(Ctx *c, CmErr code, uint64_t off, const char *section)
{
    err_set(c->err, code, off, NULL);
    if (c->err)
        c->err->section = section;
    return code;
}

static CmErr badx(Ctx *c, CmErr code, uint64_t off, const char *section, uint32_t index)
{
    err_set(c->err, code, off, "%u", index);
    if (c->err)
        c->err->section = section;
    return code;
}

static int valtype_ok(uint8_t t)
{
    return t == WT_I32 || t == WT_I64 || t == WT_F32 || t == WT_F64 || t == WT_FUNCREF ||
           t == WT_EXTERNREF;
}

/* The extended-const instructions (Wasm 3.0): i32/i64 add, sub, mul.
 * Returns their operand/result type, or 0 for any other opcode. */
static uint8_t extconst_type(WOp op)
{
    switch (op) {
    case WOP_I32_ADD: case WOP_I32_SUB: case WOP_I32_MUL: return WT_I32;
    case WOP_I64_ADD: case WOP_I64_SUB: case WOP_I64_MUL: return WT_I64;
    default: return 0;
    }
}

/* Set *t to the type of the constant instruction `in` pushing one value,
 * or to 0 if `in` is not one (the caller picks the error). */
static CmErr const_push_type(Ctx *c, const WInstr *in, uint32_t nglobals_visible, uint64_t off,
                             const char *section, uint8_t *t)
{
    switch (in->op) {
    case WOP_I32_CONST: *t = WT_I32; return CM_OK;
    case WOP_I64_CONST: *t = WT_I64; return CM_OK;
    case WOP_F32_CONST: *t = WT_F32; return CM_OK;
    case WOP_F64_CONST: *t = WT_F64; return CM_OK;
    case WOP_REF_NULL: *t = in->reftype; return CM_OK;
    case WOP_REF_FUNC:
        if (in->idx >= c->m->nfuncs)
            return badx(c, CM_E_V_UNKNOWN_FUNC, off, section, in->idx);
        *t = WT_FUNCREF;
        return CM_OK;
    case WOP_GLOBAL_GET:
        if (in->idx >= nglobals_visible)
            return badx(c, CM_E_V_UNKNOWN_GLOBAL, off, section, in->idx);
        if (c->m->global_mut[in->idx])
            return bad(c, CM_E_V_CONST_EXPR, off, section);
        *t = c->m->global_type[in->idx];
        return CM_OK;
    default:
        *t = 0;
        return CM_OK;
    }
}

/* Walk one constant expression over a type stack of room `cap`. */
static CmErr check_const_on(Ctx *c, const WExpr *e, uint8_t want, uint32_t nglobals_visible,
                           const char *section, uint8_t *stack, size_t cap)
{
    const uint8_t *p = e->code.data, *end = p + e->code.len;
    size_t n = 0;
    for (;;) {
        WInstr in;
        uint64_t off = e->offset + (uint64_t)(p - e->code.data);
        CmErr r = winstr_next(&p, end, &in);
        if (r)
            return bad(c, r, off, section);
        if (in.op == WOP_END) {
            if (n != 1 || stack[0] != want)
                return bad(c, CM_E_V_TYPE_MISMATCH, off, section);
            return CM_OK;
        }
        uint8_t t = extconst_type(in.op);
        if (t) { /* binary: pops two of type t, pushes one */
            if (n < 2 || stack[n - 1] != t || stack[n - 2] != t)
                return bad(c, CM_E_V_TYPE_MISMATCH, off, section);
            n--;
            continue;
        }
        if ((r = const_push_type(c, &in, nglobals_visible, off, section, &t)))
            return r;
        if (!t) {
            if (winstr_ops[in.op].prefix == 0xFD)
                return bad(c, CM_E_V_SIMD, off, section);
            return bad(c, CM_E_V_CONST_EXPR, off, section);
        }
        if (n == cap) /* cannot happen: every push takes >= 2 bytes */
            return bad(c, CM_E_V_TYPE_MISMATCH, off, section);
        stack[n++] = t;
    }
}

/* A constant expression producing one value of type `want`.  Only globals
 * below nglobals_visible may be read, and they must be immutable.  With
 * extended-const the stack may grow; each push instruction takes at least
 * two bytes, so code.len / 2 + 1 bounds its depth. */
static CmErr check_const(Ctx *c, const WExpr *e, uint8_t want, uint32_t nglobals_visible,
                         const char *section)
{
    uint8_t small[32];
    size_t cap = e->code.len / 2 + 1;
    uint8_t *stack = cap <= sizeof small ? small : malloc(cap);
    if (!stack)
        return bad(c, CM_E_OOM, e->offset, section);
    CmErr r = check_const_on(c, e, want, nglobals_visible, section, stack, cap);
    if (stack != small)
        free(stack);
    return r;
}

/* Mark function indices named by ref.func in a constant expression. */
static void declare_refs(Ctx *c, const WExpr *e)
{
    const uint8_t *p = e->code.data, *end = p + e->code.len;
    WInstr in;
    while (p < end && !winstr_next(&p, end, &in))
        if (in.op == WOP_REF_FUNC && in.idx < c->m->nfuncs)
            c->m->declared[in.idx] = 1;
}

static CmErr check_limits(Ctx *c, const WLimits *l, uint64_t cap, CmErr too_big, const char *sec)
{
    if (l->min > cap || (l->has_max && l->max > cap))
        return bad(c, too_big, CM_NO_OFFSET, sec);
    if (l->has_max && l->min > l->max)
        return bad(c, CM_E_V_LIMITS, CM_NO_OFFSET, sec);
    return CM_OK;
}

/* Build the whole index spaces and check the type-level rules. */
static CmErr index_spaces(Ctx *c)
{
    WrModule *m = c->m;
    const WModule *w = c->w;
    Arena *a = &m->arena;
    CmErr e;
    m->types = ARENA_ARRAY(a, RtFuncType, w->ntypes + 1);
    for (uint32_t i = 0; i < w->ntypes && m->types; i++) {
        const WFuncType *ft = &w->types[i];
        uint8_t *ts = arena_alloc(a, (size_t)ft->nparams + ft->nresults + 1);
        if (!ts)
            return bad(c, CM_E_OOM, CM_NO_OFFSET, NULL);
        memcpy(ts, ft->params, ft->nparams);
        memcpy(ts + ft->nparams, ft->results, ft->nresults);
        for (uint32_t k = 0; k < ft->nparams + ft->nresults; k++)
            if (!valtype_ok(ts[k]))
                return bad(c, ts[k] == WT_V128 ? CM_E_V_SIMD : CM_E_MALFORMED_VALTYPE,
                           CM_NO_OFFSET, "type");
        m->types[i] = (RtFuncType){ft->nparams, ft->nresults, ts,
                                   rt_canon_type(m->eng, ts, ft->nparams, ft->nresults)};
        if (m->types[i].canon == UINT32_MAX)
            return bad(c, CM_E_OOM, CM_NO_OFFSET, NULL);
    }
    m->nfuncs = w->nfunc_imports + w->nfuncs;
    m->ntables = w->ntable_imports + w->ntables;
    m->nmems = w->nmemory_imports + w->nmemories;
    m->nglobals = w->nglobal_imports + w->nglobals;
    m->func_type = ARENA_ARRAY(a, uint32_t, m->nfuncs + 1);
    m->table_type = ARENA_ARRAY(a, uint8_t, m->ntables + 1);
    m->global_type = ARENA_ARRAY(a, uint8_t, m->nglobals + 1);
    m->global_mut = ARENA_ARRAY(a, uint8_t, m->nglobals + 1);
    m->declared = ARENA_ARRAY(a, uint8_t, m->nfuncs + 1);
    m->code = ARENA_ARRAY(a, RtCode, w->nfuncs + 1);
    if (!m->types || !m->func_type || !m->table_type || !m->global_type || !m->global_mut ||
        !m->declared || !m->code)
        return bad(c, CM_E_OOM, CM_NO_OFFSET, NULL);
    uint32_t fi = 0, ti = 0, gi = 0;
    for (uint32_t i = 0; i < w->nimports; i++) {
        const WImport *im = &w->imports[i];
        switch (im->kind) {
        case WEXT_FUNC:
            if (im->type_index >= w->ntypes)
                return badx(c, CM_E_V_UNKNOWN_TYPE, CM_NO_OFFSET, "import", im->type_index);
            m->func_type[fi++] = im->type_index;
            break;
        case WEXT_TABLE:
            if ((e = check_limits(c, &im->table.limits, UINT32_MAX, CM_E_V_TABLE_SIZE, "import")))
                return e;
            m->table_type[ti++] = im->table.elem_type;
            break;
        case WEXT_MEMORY:
            if ((e = check_limits(c, &im->memory, 65536, CM_E_V_MEM_SIZE, "import")))
                return e;
            break;
        case WEXT_GLOBAL:
            if (!valtype_ok(im->global.type))
                return bad(c, im->global.type == WT_V128 ? CM_E_V_SIMD : CM_E_MALFORMED_VALTYPE,
                           CM_NO_OFFSET, "import");
            m->global_type[gi] = im->global.type;
            m->global_mut[gi++] = im->global.mutable_;
            break;
        }
    }
    for (uint32_t i = 0; i < w->nfuncs; i++) {
        if (w->func_types[i] >= w->ntypes)
            return badx(c, CM_E_V_UNKNOWN_TYPE, CM_NO_OFFSET, "function", w->func_types[i]);
        m->func_type[fi++] = w->func_types[i];
    }
    for (uint32_t i = 0; i < w->ntables; i++) {
        if ((e = check_limits(c, &w->tables[i].limits, UINT32_MAX, CM_E_V_TABLE_SIZE, "table")))
            return e;
        m->table_type[ti++] = w->tables[i].elem_type;
    }
    for (uint32_t i = 0; i < w->nmemories; i++)
        if ((e = check_limits(c, &w->memories[i], 65536, CM_E_V_MEM_SIZE, "memory")))
            return e;
    if (m->nmems > 1)
        return bad(c, CM_E_V_MULTI_MEMORY, CM_NO_OFFSET, "memory");
    for (uint32_t i = 0; i < w->nglobals; i++) {
        uint8_t t = w->globals[i].type.type;
        if (!valtype_ok(t))
            return bad(c, t == WT_V128 ? CM_E_V_SIMD : CM_E_MALFORMED_VALTYPE, CM_NO_OFFSET,
                       "global");
        m->global_type[gi] = t;
        m->global_mut[gi++] = w->globals[i].type.mutable_;
    }
    return CM_OK;
}

static CmErr check_segments(Ctx *c)
{
    WrModule *m = c->m;
    const WModule *w = c->w;
    CmErr e;
    for (uint32_t i = 0; i < w->nglobals; i++) {
        if ((e = check_const(c, &w->globals[i].init, w->globals[i].type.type, w->nglobal_imports,
                             "global")))
            return e;
        declare_refs(c, &w->globals[i].init);
    }
    for (uint32_t i = 0; i < w->nelems; i++) {
        const WElem *el = &w->elems[i];
        if (el->mode == WSEG_ACTIVE) {
            if (el->table >= m->ntables)
                return badx(c, CM_E_V_UNKNOWN_TABLE, el->offset.offset, "element", el->table);
            if (m->table_type[el->table] != el->elem_type)
                return bad(c, CM_E_V_TYPE_MISMATCH, el->offset.offset, "element");
            if ((e = check_const(c, &el->offset, WT_I32, w->nglobal_imports, "element")))
                return e;
        }
        for (uint32_t k = 0; k < el->count; k++) {
            if (el->func_indices) {
                if (el->func_indices[k] >= m->nfuncs)
                    return badx(c, CM_E_V_UNKNOWN_FUNC, CM_NO_OFFSET, "element", el->func_indices[k]);
                m->declared[el->func_indices[k]] = 1;
            } else {
                if ((e = check_const(c, &el->exprs[k], el->elem_type, w->nglobal_imports, "element")))
                    return e;
                declare_refs(c, &el->exprs[k]);
            }
        }
    }
    for (uint32_t i = 0; i < w->ndatas; i++) {
        const WData *d = &w->datas[i];
        if (d->mode != WSEG_ACTIVE)
            continue;
        if (d->memory >= m->nmems)
            return badx(c, CM_E_V_UNKNOWN_MEMORY, d->offset.offset, "data", d->memory);
        if ((e = check_const(c, &d->offset, WT_I32, w->nglobal_imports, "data")))
            return e;
    }
    return CM_OK;
}

static CmErr check_exports(Ctx *c)
{
    WrModule *m = c->m;
    const WModule *w = c->w;
    for (uint32_t i = 0; i < w->nexports; i++) {
        const WExport *x = &w->exports[i];
        uint32_t lim = x->kind == WEXT_FUNC ? m->nfuncs : x->kind == WEXT_TABLE ? m->ntables
                       : x->kind == WEXT_MEMORY ? m->nmems : m->nglobals;
        static const CmErr unknown[4] = {CM_E_V_UNKNOWN_FUNC, CM_E_V_UNKNOWN_TABLE,
                                         CM_E_V_UNKNOWN_MEMORY, CM_E_V_UNKNOWN_GLOBAL};
        if (x->index >= lim)
            return badx(c, unknown[x->kind & 3], CM_NO_OFFSET, "export", x->index);
        if (x->kind == WEXT_FUNC)
            m->declared[x->index] = 1;
        for (uint32_t k = 0; k < i; k++) /* quadratic, but exports are few */
            if (w->exports[k].name.len == x->name.len &&
                !memcmp(w->exports[k].name.str, x->name.str, x->name.len))
                return bad(c, CM_E_V_DUP_EXPORT, CM_NO_OFFSET, "export");
    }
    if (w->has_start) {
        if (w->start >= m->nfuncs)
            return badx(c, CM_E_V_UNKNOWN_FUNC, CM_NO_OFFSET, "start", w->start);
        const RtFuncType *t = &m->types[m->func_type[w->start]];
        if (t->nparams || t->nresults)
            return bad(c, CM_E_V_START, CM_NO_OFFSET, "start");
    }
    return CM_OK;
}

static void module_free(WrModule *m)
{
    if (m->code && m->w)
        for (uint32_t i = 0; i < m->w->nfuncs; i++)
            rt_code_free(&m->code[i]);
    arena_release(&m->arena);
    free(m);
}

CmErr wr_module_load(WrEngine *eng, const uint8_t *bytes, size_t len, WrModule **out,
                     CmError *err)
{
    CmError local;
    if (!err)
        err = &local;
    err_clear(err);
    *out = NULL;
    WrModule *m = calloc(1, sizeof *m);
    if (!m)
        return err_set(err, CM_E_OOM, CM_NO_OFFSET, NULL);
    m->eng = eng;
    arena_init(&m->arena);
    Ctx c = {m, NULL, err};
    CmErr e = wmod_decode(&m->arena, bytes, len, &m->w, err);
    if (e)
        goto fail;
    c.w = m->w;
    if ((e = index_spaces(&c)) || (e = check_exports(&c)) || (e = check_segments(&c)))
        goto fail;
    for (uint32_t i = 0; i < m->w->nfuncs; i++) {
        if ((e = rt_compile_func(m, i, NULL, NULL, err))) {
            err->section = "code";
            goto fail;
        }
    }
    m->next = eng->modules;
    eng->modules = m;
    *out = m;
    return CM_OK;
fail:
    module_free(m);
    return e;
}

void rt_module_free_all(WrEngine *eng)
{
    while (eng->modules) {
        WrModule *m = eng->modules;
        eng->modules = m->next;
        module_free(m);
    }
}

void wr_module_free(WrModule *mod)
{
    if (!mod)
        return;
    WrModule **pp = &mod->eng->modules;
    while (*pp && *pp != mod)
        pp = &(*pp)->next;
    if (*pp)
        *pp = mod->next;
    module_free(mod);
}

uint32_t wr_module_import_count(const WrModule *mod) { return mod->w->nimports; }

int wr_module_import(const WrModule *mod, uint32_t i, const char **out_module,
                     const char **out_name, WrExternKind *out_kind)
{
    if (i >= mod->w->nimports)
        return -1;
    const WImport *im = &mod->w->imports[i];
    *out_module = im->module.str;
    *out_name = im->field.str;
    *out_kind = (WrExternKind)im->kind;
    return 0;
}

uint32_t wr_module_export_count(const WrModule *mod) { return mod->w->nexports; }

int wr_module_export(const WrModule *mod, uint32_t i, const char **out_name,
                     WrExternKind *out_kind)
{
    if (i >= mod->w->nexports)
        return -1;
    *out_name = mod->w->exports[i].name.str;
    *out_kind = (WrExternKind)mod->w->exports[i].kind;
    return 0;
}
