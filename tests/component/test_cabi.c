/* test_cabi.c - canonical-ABI layouts against CanonicalABI.md and the
 * expectations of definitions.py / run_tests.py (component-model
 * design/mvp/canonical-abi): test_heap strides, test_flatten signatures,
 * discriminant and flags widths, and the variant join rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "cabi.h"

#include <stdlib.h>
#include <string.h>

static Arena A;

#define P(k) ((CtType *)ct_prim(k))

static CtType *mk(CtKind k)
{
    CtType *t = ARENA_NEW(&A, CtType);
    t->kind = k;
    return t;
}

static CtType *fields_of(CtKind k, int n, va_list ap)
{
    CtType *t = mk(k);
    t->n = (uint32_t)n;
    t->fields = ARENA_ARRAY(&A, CtField, n);
    for (int i = 0; i < n; i++) {
        char name[8];
        name[0] = 'f';
        name[1] = (char)('a' + i % 26);
        name[2] = (char)('a' + i / 26);
        name[3] = 0;
        t->fields[i].name = arena_strdup(&A, name);
        t->fields[i].type = va_arg(ap, CtType *);
    }
    return t;
}

static CtType *rec(int n, ...)
{
    va_list ap;
    va_start(ap, n);
    CtType *t = fields_of(CT_RECORD, n, ap);
    va_end(ap);
    return t;
}

/* Cases: NULL means no payload. */
static CtType *var(int n, ...)
{
    va_list ap;
    va_start(ap, n);
    CtType *t = fields_of(CT_VARIANT, n, ap);
    va_end(ap);
    return t;
}

static CtType *func(int n, ...)
{
    va_list ap;
    va_start(ap, n);
    CtType *t = fields_of(CT_FUNC, n, ap);
    va_end(ap);
    return t;
}

static CtType *tup(int n, ...)
{
    va_list ap;
    va_start(ap, n);
    CtType *t = mk(CT_TUPLE);
    t->n = (uint32_t)n;
    t->types = ARENA_ARRAY(&A, CtType *, n);
    for (int i = 0; i < n; i++)
        t->types[i] = va_arg(ap, CtType *);
    va_end(ap);
    return t;
}

static CtType *labelled(CtKind k, int n)
{
    CtType *t = mk(k);
    t->n = (uint32_t)n;
    t->labels = ARENA_ARRAY(&A, const char *, n);
    for (int i = 0; i < n; i++)
        t->labels[i] = "x";
    return t;
}

static CtType *wrap(CtKind k, CtType *elem, CtType *err)
{
    CtType *t = mk(k);
    t->elem = elem;
    t->err = err;
    return t;
}

static CtType *repeat_func(int n, CtType *p, CtType *result)
{
    CtType *t = mk(CT_FUNC);
    t->n = (uint32_t)n;
    t->fields = ARENA_ARRAY(&A, CtField, n);
    for (int i = 0; i < n; i++) {
        t->fields[i].name = "p";
        t->fields[i].type = p;
    }
    t->result = result;
    return t;
}

/* Compare a flattening with a string such as "i32 f32 f64". */
static void assert_flat(const CtType *t, const char *want)
{
    CabiFlat *v;
    uint32_t n;
    char got[256] = "";
    assert_int_equal(cabi_flatten(t, &v, &n), CM_OK);
    for (uint32_t i = 0; i < n; i++) {
        if (i)
            strcat(got, " ");
        strcat(got, cabi_flat_name(v[i]));
    }
    free(v);
    assert_string_equal(got, want);
    assert_int_equal(cabi_flat_count(t), n);
}

static void sig_text(const CabiSig *s, char *out)
{
    out[0] = 0;
    strcat(out, "(");
    for (uint32_t i = 0; i < s->nparams; i++) {
        strcat(out, i ? " " : "");
        strcat(out, cabi_flat_name(s->params[i]));
    }
    strcat(out, ") -> (");
    for (uint32_t i = 0; i < s->nresults; i++)
        strcat(out, cabi_flat_name(s->results[i]));
    strcat(out, ")");
}

static void assert_sig(const CtType *ft, CabiContext ctx, const char *want)
{
    CabiSig s;
    char got[512];
    assert_int_equal(cabi_flatten_func(ft, ctx, &s), CM_OK);
    sig_text(&s, got);
    assert_string_equal(got, want);
}

static void test_primitives(void **state)
{
    (void)state;
    static const struct {
        CtKind k;
        uint32_t size, align;
        const char *flat;
    } table[] = {
        {CT_BOOL, 1, 1, "i32"}, {CT_S8, 1, 1, "i32"},  {CT_U8, 1, 1, "i32"},
        {CT_S16, 2, 2, "i32"},  {CT_U16, 2, 2, "i32"}, {CT_S32, 4, 4, "i32"},
        {CT_U32, 4, 4, "i32"},  {CT_S64, 8, 8, "i64"}, {CT_U64, 8, 8, "i64"},
        {CT_F32, 4, 4, "f32"},  {CT_F64, 8, 8, "f64"}, {CT_CHAR, 4, 4, "i32"},
        {CT_STRING, 8, 4, "i32 i32"},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        assert_int_equal(cabi_size(P(table[i].k)), table[i].size);
        assert_int_equal(cabi_alignment(P(table[i].k)), table[i].align);
        assert_flat(P(table[i].k), table[i].flat);
    }
    CtType *l = wrap(CT_LIST, P(CT_U64), NULL);
    assert_int_equal(cabi_size(l), 8);
    assert_int_equal(cabi_alignment(l), 4);
    assert_flat(l, "i32 i32");
    CtType *r = mk(CT_RESOURCE);
    CtType *own = mk(CT_OWN), *borrow = mk(CT_BORROW);
    own->resource = borrow->resource = r;
    assert_int_equal(cabi_size(own), 4);
    assert_int_equal(cabi_alignment(borrow), 4);
    assert_flat(own, "i32");
}

/* run_tests.py test_heap element strides of tuples and records. */
static void test_record_padding(void **state)
{
    (void)state;
    CtType *t = tup(4, P(CT_U8), P(CT_U8), P(CT_U16), P(CT_U32));
    assert_int_equal(cabi_size(t), 8);
    t = tup(4, P(CT_U8), P(CT_U16), P(CT_U8), P(CT_U32));
    assert_int_equal(cabi_size(t), 12);
    assert_int_equal(cabi_field_offset(t, 0), 0);
    assert_int_equal(cabi_field_offset(t, 1), 2);
    assert_int_equal(cabi_field_offset(t, 2), 4);
    assert_int_equal(cabi_field_offset(t, 3), 8);
    t = tup(2, P(CT_U16), P(CT_U8));
    assert_int_equal(cabi_size(t), 4);
    t = tup(2, tup(2, P(CT_U16), P(CT_U8)), P(CT_U8));
    assert_int_equal(cabi_size(t), 6);
    assert_int_equal(cabi_alignment(t), 2);
    assert_int_equal(cabi_field_offset(t, 1), 4);
    t = rec(3, P(CT_U8), P(CT_U16), P(CT_U32));
    assert_int_equal(cabi_size(t), 8);
    assert_int_equal(cabi_field_offset(t, 2), 4);
    t = rec(2, P(CT_U8), P(CT_U64));
    assert_int_equal(cabi_size(t), 16);
    assert_int_equal(cabi_alignment(t), 8);
    assert_int_equal(cabi_field_offset(t, 1), 8);
    t = rec(2, P(CT_U64), P(CT_U8));
    assert_int_equal(cabi_size(t), 16);
    t = rec(3, P(CT_STRING), P(CT_BOOL), P(CT_F64));
    assert_int_equal(cabi_size(t), 24);
    assert_int_equal(cabi_field_offset(t, 1), 8);
    assert_int_equal(cabi_field_offset(t, 2), 16);
    assert_flat(t, "i32 i32 i32 f64");
}

static void test_variant_layout(void **state)
{
    (void)state;
    /* Union([Record([]),U8(),Tuple([U8(),U16()])]) stride 6 in test_heap,
     * here with a payload-less case in place of the empty record. */
    CtType *t = var(3, NULL, P(CT_U8), tup(2, P(CT_U8), P(CT_U16)));
    assert_int_equal(cabi_size(t), 6);
    assert_int_equal(cabi_payload_offset(t), 2);
    t = var(2, P(CT_U32), P(CT_U8)); /* Union([U32(),U8()]) stride 8 */
    assert_int_equal(cabi_size(t), 8);
    assert_int_equal(cabi_payload_offset(t), 4);
    t = tup(2, var(2, P(CT_U8), tup(2, P(CT_U16), P(CT_U8))), P(CT_U8)); /* stride 8 */
    assert_int_equal(cabi_size(t), 8);
    assert_int_equal(cabi_field_offset(t, 1), 6);
    t = var(1, P(CT_U8)); /* Union([U8()]) stride 2 */
    assert_int_equal(cabi_size(t), 2);

    CtType *o = wrap(CT_OPTION, P(CT_F64), NULL);
    assert_int_equal(cabi_size(o), 16);
    assert_int_equal(cabi_alignment(o), 8);
    assert_int_equal(cabi_payload_offset(o), 8);
    assert_flat(o, "i32 f64");
    o = wrap(CT_OPTION, P(CT_F32), NULL); /* test(Option(Float32()), [0,3.14]) */
    assert_flat(o, "i32 f32");
    assert_int_equal(cabi_size(o), 8);

    CtType *r = wrap(CT_RESULT, NULL, P(CT_STRING)); /* result<_, string> */
    assert_int_equal(cabi_size(r), 12);
    assert_int_equal(cabi_alignment(r), 4);
    assert_int_equal(cabi_payload_offset(r), 4);
    assert_flat(r, "i32 i32 i32");
    r = wrap(CT_RESULT, NULL, NULL);
    assert_int_equal(cabi_size(r), 1);
    assert_flat(r, "i32");
    r = wrap(CT_RESULT, P(CT_U8), P(CT_U32)); /* test(Result(U8(),U32()), [1, 1000]) */
    assert_flat(r, "i32 i32");
    assert_int_equal(cabi_size(r), 8);
    r = wrap(CT_RESULT, wrap(CT_LIST, P(CT_U8), NULL), labelled(CT_ENUM, 3));
    assert_int_equal(cabi_size(r), 12);
    assert_flat(r, "i32 i32 i32");
}

static void test_discriminant(void **state)
{
    (void)state;
    assert_int_equal(cabi_discriminant_size(1), 1);
    assert_int_equal(cabi_discriminant_size(2), 1);
    assert_int_equal(cabi_discriminant_size(256), 1);
    assert_int_equal(cabi_discriminant_size(257), 2);
    assert_int_equal(cabi_discriminant_size(65536), 2);
    assert_int_equal(cabi_discriminant_size(65537), 4);
    CtType *e = labelled(CT_ENUM, 256);
    assert_int_equal(cabi_size(e), 1);
    e = labelled(CT_ENUM, 257);
    assert_int_equal(cabi_size(e), 2);
    assert_int_equal(cabi_alignment(e), 2);
    assert_flat(e, "i32");
}

static void test_flags(void **state)
{
    (void)state;
    static const struct {
        int n;
        uint32_t size;
    } table[] = {{1, 1}, {8, 1}, {9, 2}, {16, 2}, {17, 4}, {32, 4}};
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        CtType *f = labelled(CT_FLAGS, table[i].n);
        assert_int_equal(cabi_size(f), table[i].size);
        assert_int_equal(cabi_alignment(f), table[i].size);
        assert_int_equal(cabi_flags_size((uint32_t)table[i].n), table[i].size);
        assert_flat(f, "i32");
    }
}

/* flatten_variant: per-position join of the cases. */
static void test_join(void **state)
{
    (void)state;
    assert_int_equal(cabi_join(CABI_I32, CABI_F32), CABI_I32);
    assert_int_equal(cabi_join(CABI_F32, CABI_I32), CABI_I32);
    assert_int_equal(cabi_join(CABI_F32, CABI_I64), CABI_I64);
    assert_int_equal(cabi_join(CABI_F32, CABI_F64), CABI_I64);
    assert_int_equal(cabi_join(CABI_I32, CABI_I64), CABI_I64);
    assert_int_equal(cabi_join(CABI_F64, CABI_F64), CABI_F64);
    /* test(Variant([Case('x',U8()),Case('y',Float32()),Case('z',None)]), [0,42]) */
    assert_flat(var(3, P(CT_U8), P(CT_F32), NULL), "i32 i32");
    assert_flat(var(2, P(CT_S32), P(CT_F32)), "i32 i32");
    assert_flat(var(2, P(CT_F32), P(CT_S64)), "i32 i64");
    assert_flat(var(2, P(CT_F32), P(CT_U64)), "i32 i64"); /* Union([Float32(), U64()]) */
    assert_flat(var(2, P(CT_F64), P(CT_U64)), "i32 i64");
    assert_flat(var(2, P(CT_F64), P(CT_F32)), "i32 i64");
    assert_flat(var(2, P(CT_F32), P(CT_F32)), "i32 f32");
    /* Union([Tuple([U8(),Float32()]), U64()]) */
    assert_flat(var(2, tup(2, P(CT_U8), P(CT_F32)), P(CT_U64)), "i32 i64 f32");
    assert_flat(var(5, P(CT_U8), P(CT_F32), P(CT_U64), P(CT_STRING), NULL), "i32 i64 i32");
    assert_flat(var(2, P(CT_STRING), tup(3, P(CT_F32), P(CT_F32), P(CT_F64))), "i32 i32 i32 f64");
}

/* run_tests.py test_flatten, plus the 16/17 boundary. */
static void test_flatten_func(void **state)
{
    (void)state;
    CtType *f = func(3, P(CT_U8), P(CT_F32), P(CT_F64));
    assert_sig(f, CABI_LIFT, "(i32 f32 f64) -> ()");
    assert_sig(f, CABI_LOWER, "(i32 f32 f64) -> ()");
    f->result = P(CT_F32);
    assert_sig(f, CABI_LIFT, "(i32 f32 f64) -> (f32)");
    f->result = tup(1, P(CT_F32));
    assert_sig(f, CABI_LOWER, "(i32 f32 f64) -> (f32)");
    f->result = tup(2, P(CT_F32), P(CT_F32));
    assert_sig(f, CABI_LIFT, "(i32 f32 f64) -> (i32)");
    assert_sig(f, CABI_LOWER, "(i32 f32 f64 i32) -> ()");

    CtType *g = repeat_func(16, P(CT_U32), NULL);
    CabiSig s;
    assert_int_equal(cabi_flatten_func(g, CABI_LIFT, &s), CM_OK);
    assert_int_equal(s.nparams, 16);
    assert_false(s.params_indirect);
    g = repeat_func(17, P(CT_U8), NULL);
    assert_sig(g, CABI_LIFT, "(i32) -> ()");
    assert_int_equal(cabi_flatten_func(g, CABI_LOWER, &s), CM_OK);
    assert_true(s.params_indirect);
    g->result = tup(2, P(CT_U8), P(CT_U8));
    assert_sig(g, CABI_LIFT, "(i32) -> (i32)");
    assert_sig(g, CABI_LOWER, "(i32 i32) -> ()");
    /* 8 strings = 16 flat values still fit; 9 do not. */
    g = repeat_func(8, P(CT_STRING), P(CT_STRING));
    assert_int_equal(cabi_flatten_func(g, CABI_LOWER, &s), CM_OK);
    assert_int_equal(s.nparams, 17);
    assert_true(s.results_indirect);
    assert_int_equal(s.nresults, 0);
    g = repeat_func(9, P(CT_STRING), NULL);
    assert_sig(g, CABI_LOWER, "(i32) -> ()");
    /* result<_, string> comes back through a return pointer. */
    f = func(1, P(CT_STRING));
    f->result = wrap(CT_RESULT, NULL, P(CT_STRING));
    assert_sig(f, CABI_LIFT, "(i32 i32) -> (i32)");
    assert_sig(f, CABI_LOWER, "(i32 i32 i32) -> ()");
}

static void test_despecialize(void **state)
{
    (void)state;
    CtType *t = tup(2, P(CT_U8), P(CT_U32));
    const CtType *d = cabi_despecialize(&A, t);
    assert_int_equal(d->kind, CT_RECORD);
    assert_string_equal(d->fields[1].name, "1");
    assert_int_equal(cabi_size(d), cabi_size(t));
    CtType *o = wrap(CT_OPTION, P(CT_STRING), NULL);
    d = cabi_despecialize(&A, o);
    assert_int_equal(d->kind, CT_VARIANT);
    assert_string_equal(d->fields[0].name, "none");
    assert_null(d->fields[0].type);
    assert_ptr_equal(d->fields[1].type, P(CT_STRING));
    assert_int_equal(cabi_size(d), cabi_size(o));
    CtType *r = wrap(CT_RESULT, P(CT_U64), NULL);
    d = cabi_despecialize(&A, r);
    assert_string_equal(d->fields[1].name, "error");
    assert_int_equal(cabi_size(d), 16);
    assert_int_equal(cabi_size(r), 16);
    CtType *e = labelled(CT_ENUM, 3);
    d = cabi_despecialize(&A, e);
    assert_int_equal(d->kind, CT_VARIANT);
    assert_int_equal(d->n, 3);
    assert_ptr_equal(cabi_despecialize(&A, P(CT_U8)), P(CT_U8));
}

static int setup(void **state)
{
    (void)state;
    arena_init(&A);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    arena_release(&A);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_primitives),   cmocka_unit_test(test_record_padding),
        cmocka_unit_test(test_variant_layout), cmocka_unit_test(test_discriminant),
        cmocka_unit_test(test_flags),        cmocka_unit_test(test_join),
        cmocka_unit_test(test_flatten_func), cmocka_unit_test(test_despecialize),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
