/* cabi.c - canonical-ABI layouts (CanonicalABI.md "Despecialization",
 * "Alignment", "Element Size", "Flattening"; definitions.py). */
#include "cabi.h"

#include "vec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *cabi_flat_name(CabiFlat f)
{
    static const char *const names[] = {"i32", "i64", "f32", "f64"};
    return (unsigned)f < 4 ? names[f] : "?";
}

uint32_t cabi_align_to(uint32_t off, uint32_t align)
{
    return (off + align - 1) / align * align;
}

uint32_t cabi_discriminant_size(uint32_t ncases)
{
    /* discriminant_type: u8 up to 2^8 cases, u16 up to 2^16, else u32 */
    return ncases <= 256 ? 1 : ncases <= 65536 ? 2 : 4;
}

uint32_t cabi_flags_size(uint32_t nlabels)
{
    return nlabels <= 8 ? 1 : nlabels <= 16 ? 2 : 4;
}

/* ---- despecialized views ---- */

uint32_t cabi_case_count(const CtType *t)
{
    switch (t->kind) {
    case CT_VARIANT:
    case CT_ENUM:
        return t->n;
    case CT_OPTION:
    case CT_RESULT:
        return 2;
    default:
        return 0;
    }
}

const CtType *cabi_case_type(const CtType *t, uint32_t i)
{
    switch (t->kind) {
    case CT_VARIANT:
        return t->fields[i].type;
    case CT_OPTION:
        return i == 1 ? t->elem : NULL; /* none | some(T) */
    case CT_RESULT:
        return i == 0 ? t->elem : t->err; /* ok(T?) | error(E?) */
    default:
        return NULL; /* enum cases have no payload */
    }
}

uint32_t cabi_field_count(const CtType *t)
{
    return t->kind == CT_RECORD || t->kind == CT_TUPLE ? t->n : 0;
}

const CtType *cabi_field_type(const CtType *t, uint32_t i)
{
    return t->kind == CT_RECORD ? t->fields[i].type : t->types[i];
}

/* ---- alignment and size ---- */

static uint32_t max_case_alignment(const CtType *t)
{
    uint32_t a = 1, n = cabi_case_count(t);
    for (uint32_t i = 0; i < n; i++) {
        const CtType *c = cabi_case_type(t, i);
        if (c && cabi_alignment(c) > a)
            a = cabi_alignment(c);
    }
    return a;
}

uint32_t cabi_alignment(const CtType *t)
{
    switch (t->kind) {
    case CT_BOOL: case CT_S8: case CT_U8:
        return 1;
    case CT_S16: case CT_U16:
        return 2;
    case CT_S64: case CT_U64: case CT_F64:
        return 8;
    case CT_RECORD:
    case CT_TUPLE: {
        uint32_t a = 1;
        for (uint32_t i = 0; i < t->n; i++) {
            uint32_t fa = cabi_alignment(cabi_field_type(t, i));
            a = fa > a ? fa : a;
        }
        return a;
    }
    case CT_VARIANT: case CT_ENUM: case CT_OPTION: case CT_RESULT: {
        uint32_t d = cabi_discriminant_size(cabi_case_count(t)), m = max_case_alignment(t);
        return d > m ? d : m;
    }
    case CT_FLAGS:
        return cabi_flags_size(t->n);
    default:
        return 4; /* s32 u32 f32 char string list own borrow */
    }
}

uint32_t cabi_field_offset(const CtType *t, uint32_t i)
{
    uint32_t s = 0;
    for (uint32_t k = 0;; k++) {
        const CtType *f = cabi_field_type(t, k);
        s = cabi_align_to(s, cabi_alignment(f));
        if (k == i)
            return s;
        s += cabi_size(f);
    }
}

uint32_t cabi_payload_offset(const CtType *t)
{
    return cabi_align_to(cabi_discriminant_size(cabi_case_count(t)), max_case_alignment(t));
}

uint32_t cabi_size(const CtType *t)
{
    switch (t->kind) {
    case CT_BOOL: case CT_S8: case CT_U8:
        return 1;
    case CT_S16: case CT_U16:
        return 2;
    case CT_S64: case CT_U64: case CT_F64:
        return 8;
    case CT_STRING: case CT_LIST:
        return 8;
    case CT_RECORD:
    case CT_TUPLE: {
        uint32_t s = 0;
        for (uint32_t i = 0; i < t->n; i++) {
            const CtType *f = cabi_field_type(t, i);
            s = cabi_align_to(s, cabi_alignment(f)) + cabi_size(f);
        }
        return cabi_align_to(s, cabi_alignment(t));
    }
    case CT_VARIANT: case CT_ENUM: case CT_OPTION: case CT_RESULT: {
        uint32_t cs = 0, n = cabi_case_count(t);
        for (uint32_t i = 0; i < n; i++) {
            const CtType *c = cabi_case_type(t, i);
            if (c && cabi_size(c) > cs)
                cs = cabi_size(c);
        }
        return cabi_align_to(cabi_payload_offset(t) + cs, cabi_alignment(t));
    }
    case CT_FLAGS:
        return cabi_flags_size(t->n);
    default:
        return 4;
    }
}

/* ---- flattening ---- */

CabiFlat cabi_join(CabiFlat a, CabiFlat b)
{
    if (a == b)
        return a;
    if ((a == CABI_I32 && b == CABI_F32) || (a == CABI_F32 && b == CABI_I32))
        return CABI_I32;
    return CABI_I64;
}

uint32_t cabi_flat_count(const CtType *t)
{
    uint32_t n = 0;
    switch (t->kind) {
    case CT_STRING: case CT_LIST:
        return 2;
    case CT_RECORD:
    case CT_TUPLE:
        for (uint32_t i = 0; i < t->n; i++)
            n += cabi_flat_count(cabi_field_type(t, i));
        return n;
    case CT_VARIANT: case CT_ENUM: case CT_OPTION: case CT_RESULT: {
        uint32_t cases = cabi_case_count(t);
        for (uint32_t i = 0; i < cases; i++) {
            const CtType *c = cabi_case_type(t, i);
            uint32_t k = c ? cabi_flat_count(c) : 0;
            n = k > n ? k : n;
        }
        return 1 + n;
    }
    default:
        return 1;
    }
}

typedef VEC(CabiFlat) FlatVec;

static int flat_push(FlatVec *v, CabiFlat f)
{
    return VEC_PUSH(v, f);
}

static int flatten(const CtType *t, FlatVec *v);

/* flatten_variant: the discriminant, then per position the join of every
 * case's flattening.  Each case is flattened at the end of v and merged
 * back into the payload slots. */
static int flatten_variant(const CtType *t, FlatVec *v)
{
    if (!flat_push(v, CABI_I32))
        return 0;
    size_t base = v->len, plen = 0, cases = cabi_case_count(t);
    for (size_t i = 0; i < cases; i++) {
        const CtType *c = cabi_case_type(t, (uint32_t)i);
        if (!c)
            continue;
        size_t mark = v->len; /* == base + plen */
        if (!flatten(c, v))
            return 0;
        size_t k = v->len - mark;
        for (size_t j = 0; j < k; j++) {
            if (j < plen)
                v->data[base + j] = cabi_join(v->data[base + j], v->data[mark + j]);
            else
                v->data[base + j] = v->data[mark + j];
        }
        if (k > plen)
            plen = k;
        v->len = base + plen;
    }
    return 1;
}

static int flatten(const CtType *t, FlatVec *v)
{
    switch (t->kind) {
    case CT_S64: case CT_U64:
        return flat_push(v, CABI_I64);
    case CT_F32:
        return flat_push(v, CABI_F32);
    case CT_F64:
        return flat_push(v, CABI_F64);
    case CT_STRING: case CT_LIST:
        return flat_push(v, CABI_I32) && flat_push(v, CABI_I32);
    case CT_RECORD:
    case CT_TUPLE:
        for (uint32_t i = 0; i < t->n; i++)
            if (!flatten(cabi_field_type(t, i), v))
                return 0;
        return 1;
    case CT_VARIANT: case CT_ENUM: case CT_OPTION: case CT_RESULT:
        return flatten_variant(t, v);
    default:
        return flat_push(v, CABI_I32); /* bool, ints <= 32, char, flags, own, borrow */
    }
}

CmErr cabi_flatten(const CtType *t, CabiFlat **out, uint32_t *out_n)
{
    FlatVec v = {0};
    if (!flatten(t, &v)) {
        VEC_FREE(&v);
        return CM_E_OOM;
    }
    *out = v.data;
    *out_n = (uint32_t)v.len;
    return CM_OK;
}

CmErr cabi_flatten_func(const CtType *ft, CabiContext ctx, CabiSig *out)
{
    FlatVec params = {0};
    memset(out, 0, sizeof *out);
    for (uint32_t i = 0; i < ft->n; i++)
        if (!flatten(ft->fields[i].type, &params)) {
            VEC_FREE(&params);
            return CM_E_OOM;
        }
    if (params.len > CABI_MAX_FLAT_PARAMS) {
        out->params_indirect = 1;
        out->params[0] = CABI_I32;
        out->nparams = 1;
    } else {
        if (params.len)
            memcpy(out->params, params.data, params.len * sizeof(CabiFlat));
        out->nparams = (uint32_t)params.len;
    }
    VEC_FREE(&params);
    if (!ft->result)
        return CM_OK;
    FlatVec results = {0};
    if (!flatten(ft->result, &results)) {
        VEC_FREE(&results);
        return CM_E_OOM;
    }
    if (results.len > CABI_MAX_FLAT_RESULTS) {
        out->results_indirect = 1;
        if (ctx == CABI_LIFT) {
            out->results[0] = CABI_I32;
            out->nresults = 1;
        } else {
            out->params[out->nparams++] = CABI_I32;
        }
    } else {
        if (results.len)
            out->results[0] = results.data[0];
        out->nresults = (uint32_t)results.len;
    }
    VEC_FREE(&results);
    return CM_OK;
}

/* ---- despecialization ---- */

static CtType *variant_of(Arena *a, const CtType *t, uint32_t n, const char *const *names)
{
    CtType *v = ARENA_NEW(a, CtType);
    CtField *f = ARENA_ARRAY(a, CtField, n ? n : 1);
    if (!v || !f)
        return NULL;
    *v = *t;
    v->kind = CT_VARIANT;
    v->n = n;
    v->fields = f;
    v->labels = NULL;
    v->elem = v->err = NULL;
    for (uint32_t i = 0; i < n; i++) {
        f[i].name = names ? names[i] : t->labels[i];
        f[i].type = (CtType *)cabi_case_type(t, i);
    }
    return v;
}

const CtType *cabi_despecialize(Arena *a, const CtType *t)
{
    static const char *const option_names[] = {"none", "some"};
    static const char *const result_names[] = {"ok", "error"};
    switch (t->kind) {
    case CT_TUPLE: {
        CtType *r = ARENA_NEW(a, CtType);
        CtField *f = ARENA_ARRAY(a, CtField, t->n ? t->n : 1);
        if (!r || !f)
            return NULL;
        *r = *t;
        r->kind = CT_RECORD;
        r->fields = f;
        r->types = NULL;
        for (uint32_t i = 0; i < t->n; i++) {
            char num[16];
            snprintf(num, sizeof num, "%u", i);
            if (!(f[i].name = arena_strdup(a, num)))
                return NULL;
            f[i].type = t->types[i];
        }
        return r;
    }
    case CT_ENUM:
        return variant_of(a, t, t->n, NULL);
    case CT_OPTION:
        return variant_of(a, t, 2, option_names);
    case CT_RESULT:
        return variant_of(a, t, 2, result_names);
    default:
        return t;
    }
}
