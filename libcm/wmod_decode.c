/* wmod_decode.c - core module binary -> WModule (core spec 2.0, 5.5 "Modules").
 *
 * One function per section.  Like the reference decoder, the contents of a
 * section (and of a function body) are read against the end of the file,
 * and the declared size is checked afterwards ("section size mismatch"); a
 * vector whose count is too large simply runs into what follows.  This is
 * what makes our messages agree with the spec testsuite's (running off the
 * file inside a section is "unexpected end of section or function", a count
 * that overruns a section reports whatever the next bytes are).  Reads never
 * pass the end of the input, and vectors are allocated no larger than the
 * remaining input can fill, so a huge count cannot make us allocate much.
 *
 * Every function body is scanned with winstr_next so that malformed
 * instructions are reported here, not first at validation.  No type checking
 * happens here.
 */
#include "wmod.h"

#include "reader.h"
#include "vec.h"
#include "winstr.h"
#include "wname.h"

#include <string.h>

typedef struct Dec {
    Arena *a;
    WModule *m;
    const uint8_t *base, *file_end;
    CmError *err;
    const char *section; /* name of the section being read, for errors */
    int64_t func;        /* function index inside the code section, or -1 */
    const uint8_t *data_use_at; /* first memory.init / data.drop, or NULL */
    int64_t data_use_func;      /* ... and its function */
    uint32_t ncode;          /* entries of the code section */
    const uint8_t *code_at;  /* its count field, for the mismatch error */
    VEC(WCustom) customs;
    WBlockScan scan;         /* block structure of the body being scanned */
} Dec;

/* Record code at position at and return it. */
static CmErr fail(Dec *d, CmErr code, const uint8_t *at)
{
    if (code == CM_E_UNEXPECTED_END && d->section)
        code = CM_E_UNEXPECTED_END_SECTION;
    if (d->err) {
        err_set(d->err, code, (uint64_t)(at - d->base), NULL);
        d->err->section = d->section;
        d->err->func = d->func;
    }
    return code;
}

static CmErr oom(Dec *d, const uint8_t *at)
{
    return fail(d, CM_E_OOM, at);
}

static CmErr read_name(Dec *d, const uint8_t **p, const uint8_t *end, WName *out)
{
    const char *s;
    uint32_t n;
    const uint8_t *at = *p;
    CmErr e = rd_name(p, end, &s, &n);
    if (e) {
        /* A bad UTF-8 name is reported at its length field. */
        return fail(d, e, e == CM_E_BAD_UTF8 ? at : *p);
    }
    char *copy = arena_strndup(d->a, s, n);
    if (!copy)
        return oom(d, at);
    out->str = copy;
    out->len = n;
    return CM_OK;
}

static CmErr read_valtype(Dec *d, const uint8_t **p, const uint8_t *end, uint8_t *out)
{
    CmErr e;
    if ((e = rd_u8(p, end, out)))
        return fail(d, e, *p);
    if (!wtype_is_val(*out))
        return fail(d, CM_E_MALFORMED_VALTYPE, *p - 1);
    return CM_OK;
}

static CmErr read_reftype(Dec *d, const uint8_t **p, const uint8_t *end, uint8_t *out)
{
    CmErr e;
    if ((e = rd_u8(p, end, out)))
        return fail(d, e, *p);
    if (!wtype_is_ref(*out))
        return fail(d, CM_E_MALFORMED_REFTYPE, *p - 1);
    return CM_OK;
}

/* limits ::= 0x00 min | 0x01 min max.  The flag is read as a 1-bit LEB, as
 * the reference decoder does, so 0x02 is "integer too large" and 0x81 0x00
 * "integer representation too long". */
static CmErr read_limits(Dec *d, const uint8_t **p, const uint8_t *end, WLimits *out)
{
    CmErr e;
    uint64_t flag;
    if ((e = rd_uleb(p, end, 1, &flag)))
        return fail(d, e, *p);
    out->has_max = (uint8_t)flag;
    if ((e = rd_uleb32(p, end, &out->min)))
        return fail(d, e, *p);
    if (flag) {
        if ((e = rd_uleb32(p, end, &out->max)))
            return fail(d, e, *p);
    }
    return CM_OK;
}

static CmErr read_tabletype(Dec *d, const uint8_t **p, const uint8_t *end, WTableType *out)
{
    CmErr e = read_reftype(d, p, end, &out->elem_type);
    return e ? e : read_limits(d, p, end, &out->limits);
}

static CmErr read_globaltype(Dec *d, const uint8_t **p, const uint8_t *end, WGlobalType *out)
{
    CmErr e;
    e = read_valtype(d, p, end, &out->type);
    if (e)
        return e;
    if ((e = rd_u8(p, end, &out->mutable_)))
        return fail(d, e, *p);
    if (out->mutable_ > 1)
        return fail(d, CM_E_MALFORMED_MUTABILITY, *p - 1);
    return CM_OK;
}

/* A constant expression, read against the end of the file (see the file
 * comment); the caller's section-size check catches overruns. */
static CmErr read_expr(Dec *d, const uint8_t **p, WExpr *out)
{
    const uint8_t *start = *p;
    CmErr e = winstr_skip_expr(p, d->file_end);
    if (e)
        return fail(d, e == CM_E_END_EXPECTED ? CM_E_UNEXPECTED_END : e, *p);
    out->code.data = start;
    out->code.len = (uint32_t)(*p - start);
    out->offset = (uint32_t)(start - d->base);
    return CM_OK;
}

/* Zeroed storage for a vector of n elements read from p on, each at least
 * min_elem bytes long when well-formed.  After i successful elements at
 * least i * min_elem bytes are gone, so element indices never exceed
 * remaining / min_elem: allocating one more than that is enough even when
 * the count lies, and an absurd count costs nothing. */
static void *alloc_vec(Dec *d, uint32_t n, const uint8_t *p, size_t min_elem, size_t sz)
{
    size_t room = (size_t)(d->file_end - p) / min_elem + 1;
    size_t cap = n < room ? n : room;
    return arena_array(d->a, cap ? cap : 1, sz);
}

static CmErr sec_type(Dec *d, const uint8_t **p, const uint8_t *end)
{
    CmErr e;
    WModule *m = d->m;
    if ((e = rd_uleb32(p, end, &m->ntypes)))
        return fail(d, e, *p);
    if (!(m->types = alloc_vec(d, m->ntypes, *p, 3, sizeof *m->types)))
        return oom(d, *p);
    for (uint32_t i = 0; i < m->ntypes; i++) {
        WFuncType *t = &m->types[i];
        /* The form is an s7 LEB (-0x20) to the reference decoder. */
        int64_t form;
        const uint8_t *at = *p;
        if ((e = rd_sleb(p, end, 7, &form)))
            return fail(d, e, *p);
        if (form != -0x20)
            return fail(d, CM_E_MALFORMED_FUNCTYPE, at);
        for (int r = 0; r < 2; r++) {
            uint32_t n;
            if ((e = rd_uleb32(p, end, &n)))
                return fail(d, e, *p);
            uint8_t *v = alloc_vec(d, n, *p, 1, 1);
            if (!v)
                return oom(d, *p);
            for (uint32_t k = 0; k < n; k++) {
                e = read_valtype(d, p, end, &v[k]);
                if (e)
                    return e;
            }
            if (r == 0)
                t->nparams = n, t->params = v;
            else
                t->nresults = n, t->results = v;
        }
    }
    return CM_OK;
}

static CmErr read_import_desc(Dec *d, const uint8_t **p, const uint8_t *end, WImport *im)
{
    CmErr e;
    WModule *m = d->m;
    if ((e = rd_u8(p, end, &im->kind)))
        return fail(d, e, *p);
    switch (im->kind) {
    case WEXT_FUNC:
        m->nfunc_imports++;
        if ((e = rd_uleb32(p, end, &im->type_index)))
            return fail(d, e, *p);
        return CM_OK;
    case WEXT_TABLE:
        m->ntable_imports++;
        return read_tabletype(d, p, end, &im->table);
    case WEXT_MEMORY:
        m->nmemory_imports++;
        return read_limits(d, p, end, &im->memory);
    case WEXT_GLOBAL:
        m->nglobal_imports++;
        return read_globaltype(d, p, end, &im->global);
    default:
        return fail(d, CM_E_MALFORMED_IMPORT_KIND, *p - 1);
    }
}

static CmErr sec_import(Dec *d, const uint8_t **p, const uint8_t *end)
{
    CmErr e;
    WModule *m = d->m;
    if ((e = rd_uleb32(p, end, &m->nimports)))
        return fail(d, e, *p);
    if (!(m->imports = alloc_vec(d, m->nimports, *p, 4, sizeof *m->imports)))
        return oom(d, *p);
    for (uint32_t i = 0; i < m->nimports; i++) {
        WImport *im = &m->imports[i];
        e = read_name(d, p, end, &im->module);
        if (!e)
            e = read_name(d, p, end, &im->field);
        if (!e)
            e = read_import_desc(d, p, end, im);
        if (e)
            return e;
    }
    return CM_OK;
}

static CmErr sec_function(Dec *d, const uint8_t **p, const uint8_t *end)
{
    CmErr e;
    WModule *m = d->m;
    if ((e = rd_uleb32(p, end, &m->nfuncs)))
        return fail(d, e, *p);
    if (!(m->func_types = alloc_vec(d, m->nfuncs, *p, 1, sizeof *m->func_types)))
        return oom(d, *p);
    for (uint32_t i = 0; i < m->nfuncs; i++)
        if ((e = rd_uleb32(p, end, &m->func_types[i])))
            return fail(d, e, *p);
    return CM_OK;
}

static CmErr sec_table(Dec *d, const uint8_t **p, const uint8_t *end)
{
    CmErr e;
    WModule *m = d->m;
    if ((e = rd_uleb32(p, end, &m->ntables)))
        return fail(d, e, *p);
    if (!(m->tables = alloc_vec(d, m->ntables, *p, 3, sizeof *m->tables)))
        return oom(d, *p);
    for (uint32_t i = 0; i < m->ntables; i++) {
        e = read_tabletype(d, p, end, &m->tables[i]);
        if (e)
            return e;
    }
    return CM_OK;
}

static CmErr sec_memory(Dec *d, const uint8_t **p, const uint8_t *end)
{
    CmErr e;
    WModule *m = d->m;
    if ((e = rd_uleb32(p, end, &m->nmemories)))
        return fail(d, e, *p);
    if (!(m->memories = alloc_vec(d, m->nmemories, *p, 2, sizeof *m->memories)))
        return oom(d, *p);
    for (uint32_t i = 0; i < m->nmemories; i++) {
        e = read_limits(d, p, end, &m->memories[i]);
        if (e)
            return e;
    }
    return CM_OK;
}

static CmErr sec_global(Dec *d, const uint8_t **p, const uint8_t *end)
{
    CmErr e;
    WModule *m = d->m;
    if ((e = rd_uleb32(p, end, &m->nglobals)))
        return fail(d, e, *p);
    if (!(m->globals = alloc_vec(d, m->nglobals, *p, 3, sizeof *m->globals)))
        return oom(d, *p);
    for (uint32_t i = 0; i < m->nglobals; i++) {
        e = read_globaltype(d, p, end, &m->globals[i].type);
        if (!e)
            e = read_expr(d, p, &m->globals[i].init);
        if (e)
            return e;
    }
    return CM_OK;
}

static CmErr sec_export(Dec *d, const uint8_t **p, const uint8_t *end)
{
    CmErr e;
    WModule *m = d->m;
    if ((e = rd_uleb32(p, end, &m->nexports)))
        return fail(d, e, *p);
    if (!(m->exports = alloc_vec(d, m->nexports, *p, 3, sizeof *m->exports)))
        return oom(d, *p);
    for (uint32_t i = 0; i < m->nexports; i++) {
        WExport *ex = &m->exports[i];
        e = read_name(d, p, end, &ex->name);
        if (e)
            return e;
        if ((e = rd_u8(p, end, &ex->kind)))
            return fail(d, e, *p);
        if (ex->kind > WEXT_GLOBAL)
            return fail(d, CM_E_MALFORMED_EXPORT_KIND, *p - 1);
        if ((e = rd_uleb32(p, end, &ex->index)))
            return fail(d, e, *p);
    }
    return CM_OK;
}

static CmErr sec_start(Dec *d, const uint8_t **p, const uint8_t *end)
{
    CmErr e;
    d->m->has_start = 1;
    if ((e = rd_uleb32(p, end, &d->m->start)))
        return fail(d, e, *p);
    return CM_OK;
}

static CmErr sec_datacount(Dec *d, const uint8_t **p, const uint8_t *end)
{
    CmErr e;
    d->m->has_data_count = 1;
    if ((e = rd_uleb32(p, end, &d->m->data_count)))
        return fail(d, e, *p);
    return CM_OK;
}

/* The element list of a segment: function indices (forms 0-3) or
 * expressions (forms 4-7). */
static CmErr read_elem_items(Dec *d, const uint8_t **p, const uint8_t *end, WElem *el)
{
    CmErr e;
    if ((e = rd_uleb32(p, end, &el->count)))
        return fail(d, e, *p);
    if (el->form < 4) {
        uint32_t *idx = alloc_vec(d, el->count, *p, 1, sizeof *idx);
        if (!idx)
            return oom(d, *p);
        for (uint32_t i = 0; i < el->count; i++)
            if ((e = rd_uleb32(p, end, &idx[i])))
                return fail(d, e, *p);
        el->func_indices = idx;
        return CM_OK;
    }
    WExpr *ex = alloc_vec(d, el->count, *p, 1, sizeof *ex);
    if (!ex)
        return oom(d, *p);
    for (uint32_t i = 0; i < el->count; i++) {
        e = read_expr(d, p, &ex[i]);
        if (e)
            return e;
    }
    el->exprs = ex;
    return CM_OK;
}

/* elem ::= form:u32 then, by form (5.5.12):
 *   0 e vec(funcidx)            4 e vec(expr)
 *   1 elemkind vec(funcidx)     5 reftype vec(expr)            (passive)
 *   2 x e elemkind vec(funcidx) 6 x e reftype vec(expr)
 *   3 elemkind vec(funcidx)     7 reftype vec(expr)            (declarative) */
static CmErr read_elem(Dec *d, const uint8_t **p, const uint8_t *end, WElem *el)
{
    CmErr e;
    const uint8_t *at = *p;
    if ((e = rd_uleb32(p, end, &el->form)))
        return fail(d, e, *p);
    if (el->form > 7)
        return fail(d, CM_E_MALFORMED_ELEM_SEGMENT, at);
    el->elem_type = WT_FUNCREF;
    el->mode = !(el->form & 1) ? WSEG_ACTIVE : (el->form & 2) ? WSEG_DECLARATIVE : WSEG_PASSIVE;
    if (el->mode == WSEG_ACTIVE) {
        if (el->form & 2) {
            if ((e = rd_uleb32(p, end, &el->table)))
                return fail(d, e, *p);
        }
        if ((e = read_expr(d, p, &el->offset)))
            return e;
    }
    /* Forms 0 and 4 have an implicit funcref type; the others state it. */
    if (el->form != 0 && el->form != 4) {
        if (el->form < 4) {
            uint8_t kind;
            if ((e = rd_u8(p, end, &kind)))
                return fail(d, e, *p);
            if (kind != 0x00)
                return fail(d, CM_E_MALFORMED_ELEM_KIND, *p - 1);
        } else if ((e = read_reftype(d, p, end, &el->elem_type))) {
            return e;
        }
    }
    return read_elem_items(d, p, end, el);
}

static CmErr sec_element(Dec *d, const uint8_t **p, const uint8_t *end)
{
    CmErr e;
    WModule *m = d->m;
    if ((e = rd_uleb32(p, end, &m->nelems)))
        return fail(d, e, *p);
    if (!(m->elems = alloc_vec(d, m->nelems, *p, 3, sizeof *m->elems)))
        return oom(d, *p);
    for (uint32_t i = 0; i < m->nelems; i++) {
        e = read_elem(d, p, end, &m->elems[i]);
        if (e)
            return e;
    }
    return CM_OK;
}

static CmErr read_data(Dec *d, const uint8_t **p, const uint8_t *end, WData *dt)
{
    CmErr e;
    const uint8_t *at = *p;
    if ((e = rd_uleb32(p, end, &dt->form)))
        return fail(d, e, *p);
    if (dt->form > 2)
        return fail(d, CM_E_MALFORMED_DATA_SEGMENT, at);
    dt->mode = dt->form == 1 ? WSEG_PASSIVE : WSEG_ACTIVE;
    if (dt->form == 2) {
        if ((e = rd_uleb32(p, end, &dt->memory)))
            return fail(d, e, *p);
    }
    if (dt->mode == WSEG_ACTIVE) {
        e = read_expr(d, p, &dt->offset);
        if (e)
            return e;
    }
    uint32_t n;
    const uint8_t *bytes;
    if ((e = rd_uleb32(p, end, &n)))
        return fail(d, e, *p);
    if ((e = rd_bytes(p, end, n, &bytes)))
        return fail(d, e, *p);
    dt->init.data = bytes;
    dt->init.len = n;
    dt->init_offset = (uint32_t)(bytes - d->base);
    return CM_OK;
}

static CmErr sec_data(Dec *d, const uint8_t **p, const uint8_t *end)
{
    CmErr e;
    WModule *m = d->m;
    const uint8_t *at = *p;
    if ((e = rd_uleb32(p, end, &m->ndatas)))
        return fail(d, e, *p);
    if (m->has_data_count && m->ndatas != m->data_count)
        return fail(d, CM_E_DATA_COUNT_MISMATCH, at);
    if (!(m->datas = alloc_vec(d, m->ndatas, *p, 2, sizeof *m->datas)))
        return oom(d, *p);
    for (uint32_t i = 0; i < m->ndatas; i++) {
        e = read_data(d, p, end, &m->datas[i]);
        if (e)
            return e;
    }
    return CM_OK;
}

/* locals ::= vec(n:u32 t:valtype); the total must fit in u32. */
static CmErr read_locals(Dec *d, const uint8_t **p, const uint8_t *end, WBody *b)
{
    CmErr e;
    if ((e = rd_uleb32(p, end, &b->nruns)))
        return fail(d, e, *p);
    WLocalRun *runs = alloc_vec(d, b->nruns, *p, 2, sizeof *runs);
    if (!runs)
        return oom(d, *p);
    for (uint32_t i = 0; i < b->nruns; i++) {
        const uint8_t *at = *p;
        if ((e = rd_uleb32(p, end, &runs[i].count)))
            return fail(d, e, *p);
        b->nlocals += runs[i].count;
        if (b->nlocals > UINT32_MAX)
            return fail(d, CM_E_TOO_MANY_LOCALS, at);
        e = read_valtype(d, p, end, &runs[i].type);
        if (e)
            return e;
    }
    b->runs = runs;
    return CM_OK;
}

/* Scan every instruction of a body up to its final `end`. */
static CmErr scan_body(Dec *d, const uint8_t **p, const uint8_t *end)
{
    CmErr e;
    WBlockScan *scan = &d->scan;
    WInstr in;
    int done = 0;
    scan->depth = 0;
    while (!done) {
        const uint8_t *at = *p;
        if ((e = winstr_next(p, end, &in)))
            return fail(d, e, *p);
        e = winstr_scan(scan, &in, &done);
        if (e)
            return fail(d, e, at);
        if ((in.op == WOP_MEMORY_INIT || in.op == WOP_DATA_DROP) && !d->data_use_at) {
            d->data_use_at = at;
            d->data_use_func = d->func;
        }
    }
    return CM_OK;
}

static CmErr sec_code(Dec *d, const uint8_t **p, const uint8_t *end)
{
    CmErr e;
    WModule *m = d->m;
    d->code_at = *p;
    if ((e = rd_uleb32(p, end, &d->ncode)))
        return fail(d, e, *p);
    if (!(m->bodies = alloc_vec(d, d->ncode, *p, 2, sizeof *m->bodies)))
        return oom(d, *p);
    for (uint32_t i = 0; i < d->ncode; i++) {
        WBody *b = &m->bodies[i];
        uint32_t size;
        d->func = (int64_t)m->nfunc_imports + i;
        b->offset = (uint32_t)(*p - d->base);
        if ((e = rd_uleb32(p, end, &size)))
            return fail(d, e, *p);
        if (size > (size_t)(end - *p))
            return fail(d, CM_E_LENGTH_OUT_OF_BOUNDS, d->base + b->offset);
        const uint8_t *body_end = *p + size;
        e = read_locals(d, p, end, b);
        if (e)
            return e;
        b->code.data = *p;
        b->code_offset = (uint32_t)(*p - d->base);
        if ((e = scan_body(d, p, end)))
            return e;
        if (*p != body_end)
            return fail(d, CM_E_SECTION_SIZE, *p < body_end ? *p : body_end);
        b->code.len = (uint32_t)(*p - b->code.data);
    }
    d->func = -1;
    return CM_OK;
}

static CmErr sec_custom(Dec *d, const uint8_t **p, const uint8_t *end, uint8_t after,
                        const uint8_t *sec_start)
{
    WCustom c = {0};
    CmErr e = read_name(d, p, end, &c.name);
    if (e)
        return e;
    c.payload.data = *p;
    c.payload.len = (uint32_t)(end - *p);
    c.after = after;
    c.offset = (uint32_t)(sec_start - d->base);
    *p = end;
    if (c.name.len == 4 && memcmp(c.name.str, "name", 4) == 0 && !d->m->names) {
        d->m->names = wname_decode(d->a, c.payload.data, c.payload.len);
        if (!d->m->names)
            return oom(d, c.payload.data);
    }
    if (!VEC_PUSH(&d->customs, c))
        return oom(d, sec_start);
    return CM_OK;
}

/* Position of each standard section id in the required order (datacount
 * sits between element and code). */
static const uint8_t sec_rank[WSEC__COUNT] = {
    [WSEC_TYPE] = 1, [WSEC_IMPORT] = 2, [WSEC_FUNCTION] = 3, [WSEC_TABLE] = 4,
    [WSEC_MEMORY] = 5, [WSEC_GLOBAL] = 6, [WSEC_EXPORT] = 7, [WSEC_START] = 8,
    [WSEC_ELEMENT] = 9, [WSEC_DATACOUNT] = 10, [WSEC_CODE] = 11, [WSEC_DATA] = 12,
};

typedef CmErr (*SecFn)(Dec *, const uint8_t **, const uint8_t *);
static const SecFn sec_fns[WSEC__COUNT] = {
    [WSEC_TYPE] = sec_type, [WSEC_IMPORT] = sec_import, [WSEC_FUNCTION] = sec_function,
    [WSEC_TABLE] = sec_table, [WSEC_MEMORY] = sec_memory, [WSEC_GLOBAL] = sec_global,
    [WSEC_EXPORT] = sec_export, [WSEC_START] = sec_start, [WSEC_ELEMENT] = sec_element,
    [WSEC_CODE] = sec_code, [WSEC_DATA] = sec_data, [WSEC_DATACOUNT] = sec_datacount,
};

static CmErr read_preamble(Dec *d, const uint8_t **p)
{
    static const uint8_t magic[4] = {0x00, 0x61, 0x73, 0x6D};
    const uint8_t *b;
    d->section = NULL;
    if (rd_bytes(p, d->file_end, 4, &b))
        return fail(d, CM_E_UNEXPECTED_END, d->file_end);
    if (memcmp(b, magic, 4) != 0)
        return fail(d, CM_E_BAD_MAGIC, d->base);
    uint32_t version;
    if (rd_u32le(p, d->file_end, &version))
        return fail(d, CM_E_UNEXPECTED_END, d->file_end);
    if (version != 1)
        return fail(d, CM_E_BAD_VERSION, d->base + 4);
    return CM_OK;
}

/* One section: id, size, contents; checks order and size. */
static CmErr read_section(Dec *d, const uint8_t **p, uint8_t *last_rank, uint8_t *last_id)
{
    CmErr e;
    const uint8_t *sec_start = *p;
    uint8_t id = **p;
    d->section = NULL;
    if (id >= WSEC__COUNT)
        return fail(d, CM_E_BAD_SECTION_ID, sec_start);
    (*p)++;
    d->section = wmod_section_name(id);
    uint32_t size;
    const uint8_t *size_at = *p;
    if ((e = rd_uleb32(p, d->file_end, &size)))
        return fail(d, e, *p);
    if (size > (size_t)(d->file_end - *p))
        return fail(d, CM_E_LENGTH_OUT_OF_BOUNDS, size_at);
    const uint8_t *end = *p + size;
    if (id == WSEC_CUSTOM) {
        e = sec_custom(d, p, end, *last_id, sec_start);
    } else {
        if (sec_rank[id] <= *last_rank)
            return fail(d, CM_E_JUNK_AFTER_LAST_SECTION, sec_start);
        *last_rank = sec_rank[id];
        *last_id = id;
        d->m->present |= (uint16_t)(1u << id);
        e = sec_fns[id](d, p, d->file_end); /* see the file comment */
    }
    if (e)
        return e;
    if (*p != end)
        return fail(d, CM_E_SECTION_SIZE, *p < end ? *p : end);
    return CM_OK;
}

/* Cross-section rules of the binary format (5.5.16). */
static CmErr check_module(Dec *d)
{
    WModule *m = d->m;
    d->section = NULL;
    if (d->ncode != m->nfuncs) {
        d->section = d->code_at ? "code" : NULL;
        return fail(d, CM_E_FUNC_CODE_MISMATCH, d->code_at ? d->code_at : d->file_end);
    }
    if (m->has_data_count && !(m->present & (1u << WSEC_DATA)) && m->data_count != 0)
        return fail(d, CM_E_DATA_COUNT_MISMATCH, d->file_end);
    if (d->data_use_at && !m->has_data_count) {
        /* Reported at the first instruction that needs the count. */
        d->section = "code";
        d->func = d->data_use_func;
        return fail(d, CM_E_DATA_COUNT_REQUIRED, d->data_use_at);
    }
    return CM_OK;
}

CmErr wmod_decode(Arena *a, const uint8_t *data, size_t len, WModule **out, CmError *err)
{
    Dec d = {.a = a, .err = err, .func = -1};
    if (err)
        err_clear(err);
    if (len > UINT32_MAX)
        return err_set(err, CM_E_LIMIT, 0, "module larger than 4 GiB");
    d.m = ARENA_NEW(a, WModule);
    uint8_t *copy = arena_memdup(a, data, len);
    if (!d.m || !copy)
        return err_set(err, CM_E_OOM, CM_NO_OFFSET, NULL);
    d.base = copy;
    d.file_end = copy + len;
    d.m->bytes = copy;
    d.m->len = len;
    const uint8_t *p = copy;
    CmErr e = read_preamble(&d, &p);
    uint8_t last_rank = 0, last_id = 0;
    while (!e && p < d.file_end)
        e = read_section(&d, &p, &last_rank, &last_id);
    if (!e)
        e = check_module(&d);
    if (!e && d.customs.len) {
        d.m->customs = arena_memdup(a, d.customs.data, d.customs.len * sizeof *d.customs.data);
        d.m->ncustoms = (uint32_t)d.customs.len;
        if (!d.m->customs)
            e = err_set(err, CM_E_OOM, CM_NO_OFFSET, NULL);
    }
    VEC_FREE(&d.customs);
    if (!e)
        *out = d.m;
    return e;
}
