/* wmod_encode.c - WModule -> core module binary (core spec 2.0, 5.5).
 *
 * Writes the canonical encoding: shortest LEBs, sections in the required
 * order, custom sections back after the standard section they followed.  A
 * section is written when the decoded input had it (WModule.present, which
 * keeps empty sections) or when it has content.  Expressions and bodies are
 * copied as the raw bytes the IR holds.
 */
#include "wmod.h"

#include <string.h>

static void put_name(Buf *b, const WName *n)
{
    buf_name(b, n->str, n->len);
}

static void put_limits(Buf *b, const WLimits *l)
{
    buf_byte(b, l->has_max ? 1 : 0);
    buf_uleb(b, l->min);
    if (l->has_max)
        buf_uleb(b, l->max);
}

static void put_tabletype(Buf *b, const WTableType *t)
{
    buf_byte(b, t->elem_type);
    put_limits(b, &t->limits);
}

static void put_globaltype(Buf *b, const WGlobalType *g)
{
    buf_byte(b, g->type);
    buf_byte(b, g->mutable_);
}

static void put_bytes(Buf *b, WBytes x)
{
    buf_put(b, x.data, x.len);
}

static void enc_type(const WModule *m, Buf *b)
{
    buf_uleb(b, m->ntypes);
    for (uint32_t i = 0; i < m->ntypes; i++) {
        const WFuncType *t = &m->types[i];
        buf_byte(b, 0x60);
        buf_uleb(b, t->nparams);
        buf_put(b, t->params, t->nparams);
        buf_uleb(b, t->nresults);
        buf_put(b, t->results, t->nresults);
    }
}

static void enc_import(const WModule *m, Buf *b)
{
    buf_uleb(b, m->nimports);
    for (uint32_t i = 0; i < m->nimports; i++) {
        const WImport *im = &m->imports[i];
        put_name(b, &im->module);
        put_name(b, &im->field);
        buf_byte(b, im->kind);
        switch (im->kind) {
        case WEXT_FUNC: buf_uleb(b, im->type_index); break;
        case WEXT_TABLE: put_tabletype(b, &im->table); break;
        case WEXT_MEMORY: put_limits(b, &im->memory); break;
        default: put_globaltype(b, &im->global); break;
        }
    }
}

static void enc_function(const WModule *m, Buf *b)
{
    buf_uleb(b, m->nfuncs);
    for (uint32_t i = 0; i < m->nfuncs; i++)
        buf_uleb(b, m->func_types[i]);
}

static void enc_table(const WModule *m, Buf *b)
{
    buf_uleb(b, m->ntables);
    for (uint32_t i = 0; i < m->ntables; i++)
        put_tabletype(b, &m->tables[i]);
}

static void enc_memory(const WModule *m, Buf *b)
{
    buf_uleb(b, m->nmemories);
    for (uint32_t i = 0; i < m->nmemories; i++)
        put_limits(b, &m->memories[i]);
}

static void enc_global(const WModule *m, Buf *b)
{
    buf_uleb(b, m->nglobals);
    for (uint32_t i = 0; i < m->nglobals; i++) {
        put_globaltype(b, &m->globals[i].type);
        put_bytes(b, m->globals[i].init.code);
    }
}

static void enc_export(const WModule *m, Buf *b)
{
    buf_uleb(b, m->nexports);
    for (uint32_t i = 0; i < m->nexports; i++) {
        put_name(b, &m->exports[i].name);
        buf_byte(b, m->exports[i].kind);
        buf_uleb(b, m->exports[i].index);
    }
}

static void enc_start(const WModule *m, Buf *b)
{
    buf_uleb(b, m->start);
}

static void enc_elem1(const WElem *el, Buf *b)
{
    buf_uleb(b, el->form);
    if (el->mode == WSEG_ACTIVE) {
        if (el->form & 2)
            buf_uleb(b, el->table);
        put_bytes(b, el->offset.code);
    }
    if (el->form != 0 && el->form != 4)
        buf_byte(b, el->form < 4 ? 0x00 : el->elem_type);
    buf_uleb(b, el->count);
    for (uint32_t k = 0; k < el->count; k++) {
        if (el->form < 4)
            buf_uleb(b, el->func_indices[k]);
        else
            put_bytes(b, el->exprs[k].code);
    }
}

static void enc_element(const WModule *m, Buf *b)
{
    buf_uleb(b, m->nelems);
    for (uint32_t i = 0; i < m->nelems; i++)
        enc_elem1(&m->elems[i], b);
}

static void enc_datacount(const WModule *m, Buf *b)
{
    buf_uleb(b, m->data_count);
}

static void enc_code(const WModule *m, Buf *b)
{
    Buf body;
    buf_init(&body);
    buf_uleb(b, m->nfuncs);
    for (uint32_t i = 0; i < m->nfuncs; i++) {
        const WBody *f = &m->bodies[i];
        body.len = 0;
        buf_uleb(&body, f->nruns);
        for (uint32_t k = 0; k < f->nruns; k++) {
            buf_uleb(&body, f->runs[k].count);
            buf_byte(&body, f->runs[k].type);
        }
        put_bytes(&body, f->code);
        buf_uleb(b, body.len);
        buf_put(b, body.data, body.len);
        if (body.failed)
            b->failed = 1;
    }
    buf_release(&body);
}

static void enc_data(const WModule *m, Buf *b)
{
    buf_uleb(b, m->ndatas);
    for (uint32_t i = 0; i < m->ndatas; i++) {
        const WData *dt = &m->datas[i];
        buf_uleb(b, dt->form);
        if (dt->form == 2)
            buf_uleb(b, dt->memory);
        if (dt->mode == WSEG_ACTIVE)
            put_bytes(b, dt->offset.code);
        buf_uleb(b, dt->init.len);
        put_bytes(b, dt->init);
    }
}

typedef void (*EncFn)(const WModule *, Buf *);

/* The standard sections in the required order. */
static const struct {
    uint8_t id;
    EncFn fn;
} order[] = {
    {WSEC_TYPE, enc_type},       {WSEC_IMPORT, enc_import},   {WSEC_FUNCTION, enc_function},
    {WSEC_TABLE, enc_table},     {WSEC_MEMORY, enc_memory},   {WSEC_GLOBAL, enc_global},
    {WSEC_EXPORT, enc_export},   {WSEC_START, enc_start},     {WSEC_ELEMENT, enc_element},
    {WSEC_DATACOUNT, enc_datacount}, {WSEC_CODE, enc_code},   {WSEC_DATA, enc_data},
};

static int has_content(const WModule *m, uint8_t id)
{
    switch (id) {
    case WSEC_TYPE: return m->ntypes != 0;
    case WSEC_IMPORT: return m->nimports != 0;
    case WSEC_FUNCTION: case WSEC_CODE: return m->nfuncs != 0;
    case WSEC_TABLE: return m->ntables != 0;
    case WSEC_MEMORY: return m->nmemories != 0;
    case WSEC_GLOBAL: return m->nglobals != 0;
    case WSEC_EXPORT: return m->nexports != 0;
    case WSEC_START: return m->has_start;
    case WSEC_ELEMENT: return m->nelems != 0;
    case WSEC_DATACOUNT: return m->has_data_count;
    case WSEC_DATA: return m->ndatas != 0;
    default: return 0;
    }
}

static void put_section(Buf *out, uint8_t id, Buf *content)
{
    buf_byte(out, id);
    buf_uleb(out, content->len);
    buf_put(out, content->data, content->len);
    if (content->failed)
        out->failed = 1;
}

static void put_customs(const WModule *m, Buf *out, Buf *tmp, uint8_t after)
{
    for (uint32_t i = 0; i < m->ncustoms; i++) {
        const WCustom *c = &m->customs[i];
        if (c->after != after)
            continue;
        tmp->len = 0;
        put_name(tmp, &c->name);
        put_bytes(tmp, c->payload);
        put_section(out, WSEC_CUSTOM, tmp);
    }
}

CmErr wmod_encode(const WModule *m, Buf *out)
{
    static const uint8_t preamble[8] = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
    Buf tmp;
    buf_init(&tmp);
    buf_put(out, preamble, sizeof preamble);
    put_customs(m, out, &tmp, 0);
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        uint8_t id = order[i].id;
        if ((m->present & (1u << id)) || has_content(m, id)) {
            tmp.len = 0;
            order[i].fn(m, &tmp);
            put_section(out, id, &tmp);
        }
        put_customs(m, out, &tmp, id);
    }
    int failed = tmp.failed || out->failed;
    buf_release(&tmp);
    return failed ? CM_E_OOM : CM_OK;
}
