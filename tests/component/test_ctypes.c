/* test_ctypes.c - the component type model: building from binaries,
 * the validation rules of Binary.md, the printer, equality and subtyping
 * (Explainer.md "Subtyping": an instance may export more, a component may
 * import less; resources are nominal, records and variants structural). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "ctypes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static Arena A;

/* Build a component from (id, body) pairs and its type model. */
typedef struct Sec {
    uint8_t id;
    const uint8_t *body;
    size_t len;
} Sec;

#define SEC(id, ...) {id, (const uint8_t[]){__VA_ARGS__}, sizeof((const uint8_t[]){__VA_ARGS__})}

static CmErr build(const Sec *secs, size_t n, CtModel **out, CmError *err)
{
    Buf b;
    buf_init(&b);
    static const uint8_t hdr[8] = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};
    buf_put(&b, hdr, 8);
    for (size_t i = 0; i < n; i++) {
        buf_byte(&b, secs[i].id);
        buf_uleb(&b, secs[i].len);
        buf_put(&b, secs[i].body, secs[i].len);
    }
    size_t len;
    uint8_t *data = buf_take(&b, &len);
    uint8_t *copy = arena_memdup(&A, data, len); /* the IR points into the input */
    free(data);
    WcComponent *c;
    CmErr e = wcomp_decode(&A, copy, len, &c, err);
    if (e)
        fail_msg("decode: %s at 0x%llx: %s", err_name(e), (unsigned long long)err->offset, err->detail);
    return ct_build(&A, c, out, err);
}

static CtModel *build_ok(const Sec *secs, size_t n)
{
    CtModel *m;
    CmError err;
    CmErr e = build(secs, n, &m, &err);
    if (e)
        fail_msg("ct_build: %s: %s", err_name(e), err.detail);
    return m;
}

static void expect_error(const Sec *secs, size_t n, CmErr code)
{
    CtModel *m;
    CmError err;
    CmErr e = build(secs, n, &m, &err);
    if (e != code)
        fail_msg("expected %s, got %s (%s)", err_name(code), err_name(e), err.detail);
}

static const char *print(const CtType *t)
{
    static char text[1024];
    Buf b;
    buf_init(&b);
    ct_print(&b, t);
    snprintf(text, sizeof text, "%s", buf_cstr(&b));
    buf_release(&b);
    return text;
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void test_print(void **state)
{
    (void)state;
    const Sec secs[] = {
        /* 0: enum {x, y}; then import "e" (type (eq 0)) = type 1 */
        SEC(7, 0x01, 0x6d, 0x02, 0x01, 'x', 0x01, 'y'),
        SEC(10, 0x01, 0x00, 0x01, 'e', 0x03, 0x00, 0x00),
        /* 2: list<u8>, 3: result<2, 1>, 4: func(a: u32, b: string) -> 3 */
        SEC(7, 0x03, 0x70, 0x7d, 0x6a, 0x01, 0x02, 0x01, 0x01, 0x40, 0x02, 0x01, 'a', 0x79, 0x01,
            'b', 0x73, 0x00, 0x03),
        /* 5: tuple<s8, f64>  6: option<u64>  7: record {p: 6, q: 5}  8: variant {a(u32), b}
         * 9: flags {r, w}  10: result<_, string>  11: result  12: func() */
        SEC(7, 0x03, 0x6f, 0x02, 0x7e, 0x75, 0x6b, 0x77, 0x72, 0x02, 0x01, 'p', 0x06, 0x01, 'q', 0x05),
        SEC(7, 0x01, 0x71, 0x02, 0x01, 'a', 0x01, 0x79, 0x00, 0x01, 'b', 0x00, 0x00),
        SEC(7, 0x01, 0x6e, 0x02, 0x01, 'r', 0x01, 'w'),
        SEC(7, 0x03, 0x6a, 0x00, 0x01, 0x73, 0x6a, 0x00, 0x00, 0x40, 0x00, 0x01, 0x00),
    };
    CtModel *m = build_ok(secs, N(secs));
    assert_int_equal(m->ntypes, 13);
    assert_string_equal(print(m->types[4]), "func(a: u32, b: string) -> result<list<u8>, e>");
    assert_string_equal(print(m->types[1]), "enum { x, y }");
    assert_string_equal(m->types[1]->name, "e");
    assert_string_equal(print(m->types[7]), "record { p: option<u64>, q: tuple<s8, f64> }");
    assert_string_equal(print(m->types[8]), "variant { a(u32), b }");
    assert_string_equal(print(m->types[9]), "flags { r, w }");
    assert_string_equal(print(m->types[10]), "result<_, string>");
    assert_string_equal(print(m->types[11]), "result");
    assert_string_equal(print(m->types[12]), "func()");
    assert_int_equal(m->type->nimports, 1);
    assert_int_equal(m->type->imports[0].kind, CT_EXT_TYPE);
}

static void test_validation(void **state)
{
    (void)state;
    const Sec dup[] = {SEC(7, 0x01, 0x72, 0x02, 0x01, 'a', 0x7d, 0x01, 'A', 0x7d)};
    expect_error(dup, 1, CM_E_CT_DUP_LABEL);
    const Sec dup_param[] = {SEC(7, 0x01, 0x40, 0x02, 0x01, 'a', 0x7d, 0x01, 'a', 0x7d, 0x01, 0x00)};
    expect_error(dup_param, 1, CM_E_CT_DUP_LABEL);
    const Sec bad_label[] = {SEC(7, 0x01, 0x6d, 0x01, 0x03, 'a', '_', 'b')};
    expect_error(bad_label, 1, CM_E_CT_BAD_LABEL);
    const Sec bad_label2[] = {SEC(7, 0x01, 0x6d, 0x01, 0x02, 'a', '-')};
    expect_error(bad_label2, 1, CM_E_CT_BAD_LABEL);
    const Sec ok_label[] = {SEC(7, 0x01, 0x6d, 0x02, 0x05, 'a', '-', 'B', 'C', '1', 0x02, 'x', '2')};
    build_ok(ok_label, 1);
    const Sec empty[] = {SEC(7, 0x01, 0x72, 0x00)};
    expect_error(empty, 1, CM_E_CT_EMPTY);
    /* 33 flags: too many; 32 are fine */
    uint8_t f33[2 + 33 * 3], f32[2 + 32 * 3];
    f33[0] = 0x6e, f33[1] = 33, f32[0] = 0x6e, f32[1] = 32;
    for (int i = 0; i < 33; i++) {
        uint8_t l[3] = {2, (uint8_t)('a' + i / 26), (uint8_t)('a' + i % 26)};
        memcpy(f33 + 2 + i * 3, l, 3);
        if (i < 32)
            memcpy(f32 + 2 + i * 3, l, 3);
    }
    uint8_t body[1 + sizeof f33];
    body[0] = 1;
    memcpy(body + 1, f33, sizeof f33);
    Sec s33 = {7, body, sizeof body};
    expect_error(&s33, 1, CM_E_CT_TOO_MANY_FLAGS);
    memcpy(body + 1, f32, sizeof f32);
    Sec s32 = {7, body, 1 + sizeof f32};
    CtModel *m = build_ok(&s32, 1);
    assert_int_equal(m->types[0]->n, 32);
    /* resource 0, borrow<0> = 1, func() -> 1: borrow in a result */
    const Sec borrow[] = {SEC(7, 0x03, 0x3f, 0x7f, 0x00, 0x68, 0x00, 0x40, 0x00, 0x00, 0x01)};
    expect_error(borrow, 1, CM_E_CT_BORROW_IN_RESULT);
    const Sec borrow2[] = {SEC(7, 0x04, 0x3f, 0x7f, 0x00, 0x68, 0x00, 0x6b, 0x01, 0x40, 0x00, 0x00, 0x02)};
    expect_error(borrow2, 1, CM_E_CT_BORROW_IN_RESULT);
    /* own<u32>: not a resource; list<resource>: not a value type; bad index */
    const Sec own_prim[] = {SEC(7, 0x02, 0x79, 0x69, 0x00)};
    expect_error(own_prim, 1, CM_E_CT_NOT_RESOURCE);
    const Sec list_res[] = {SEC(7, 0x02, 0x3f, 0x7f, 0x00, 0x70, 0x00)};
    expect_error(list_res, 1, CM_E_CT_NOT_VALTYPE);
    const Sec bad_idx[] = {SEC(7, 0x01, 0x70, 0x05)};
    expect_error(bad_idx, 1, CM_E_CT_BAD_INDEX);
    /* a resource defined inside an instance type */
    const Sec res_in_type[] = {SEC(7, 0x01, 0x42, 0x01, 0x01, 0x3f, 0x7f, 0x00)};
    expect_error(res_in_type, 1, CM_E_CT_RESOURCE_IN_TYPE);
    /* import "f" twice (names are strongly unique) */
    const Sec dup_import[] = {SEC(7, 0x01, 0x40, 0x00, 0x01, 0x00),
                              SEC(10, 0x02, 0x00, 0x01, 'f', 0x01, 0x00, 0x00, 0x01, 'F', 0x01, 0x00)};
    expect_error(dup_import, 2, CM_E_CT_DUP_NAME);
}

/* instance type { export r: (sub resource); export [constructor]r: func(...) -> X;
 * export [method]r.m: func(self: P) } */
static void test_resource_names(void **state)
{
    (void)state;
    /* decls: export "r" sub resource (type 0); own 0 (1); borrow 0 (2);
     * ctor func() -> 1 (3); export ctor; method func(self: 2) (4); export */
#define RES_DECLS                                                                                  \
    0x04, 0x00, 0x01, 'r', 0x03, 0x01, 0x01, 0x69, 0x00, 0x01, 0x68, 0x00
    const Sec good[] = {SEC(7, 0x01, 0x42, 0x07, RES_DECLS, 0x01, 0x40, 0x00, 0x00, 0x01, 0x04,
                            0x00, 0x0e, '[', 'c', 'o', 'n', 's', 't', 'r', 'u', 'c', 't', 'o', 'r',
                            ']', 'r', 0x01, 0x03, 0x01, 0x40, 0x01, 0x04, 's', 'e', 'l', 'f', 0x02,
                            0x01, 0x00, 0x04, 0x00, 0x0b, '[', 'm', 'e', 't', 'h', 'o', 'd', ']',
                            'r', '.', 'm', 0x01, 0x04)};
    CtModel *m = build_ok(good, 1);
    assert_string_equal(print(m->types[0]),
                        "instance { export r: type resource; export [constructor]r: func() -> r;"
                        " export [method]r.m: func(self: borrow<r>); }");
    /* constructor returning u32 */
    const Sec bad_ctor[] = {SEC(7, 0x01, 0x42, 0x05, RES_DECLS, 0x01, 0x40, 0x00, 0x00, 0x79, 0x04,
                                0x00, 0x0e, '[', 'c', 'o', 'n', 's', 't', 'r', 'u', 'c', 't', 'o',
                                'r', ']', 'r', 0x01, 0x03)};
    expect_error(bad_ctor, 1, CM_E_CT_BAD_CONSTRUCTOR);
    /* method whose first param is not self: borrow<r> */
    const Sec bad_method[] = {SEC(7, 0x01, 0x42, 0x05, RES_DECLS, 0x01, 0x40, 0x01, 0x01, 'x', 0x02,
                                  0x01, 0x00, 0x04, 0x00, 0x0b, '[', 'm', 'e', 't', 'h', 'o', 'd',
                                  ']', 'r', '.', 'm', 0x01, 0x03)};
    expect_error(bad_method, 1, CM_E_CT_BAD_METHOD);
    /* static of an unknown resource */
    const Sec bad_static[] = {SEC(7, 0x01, 0x42, 0x02, 0x01, 0x40, 0x00, 0x01, 0x00, 0x04, 0x00,
                                  0x0b, '[', 's', 't', 'a', 't', 'i', 'c', ']', 'q', '.', 'm', 0x01,
                                  0x00)};
    expect_error(bad_static, 1, CM_E_CT_BAD_METHOD);
#undef RES_DECLS
}

static void test_equality_subtyping(void **state)
{
    (void)state;
    const Sec secs[] = {SEC(
        7, 0x0b,
        /* 0: record {a: u32}  1: record {a: u32}  2: record {b: u32} */
        0x72, 0x01, 0x01, 'a', 0x79, 0x72, 0x01, 0x01, 'a', 0x79, 0x72, 0x01, 0x01, 'b', 0x79,
        /* 3: resource  4: resource  5: own 3  6: own 4  7: own 3 */
        0x3f, 0x7f, 0x00, 0x3f, 0x7f, 0x00, 0x69, 0x03, 0x69, 0x04, 0x69, 0x03,
        /* 8: instance { export f: func(); export g: func(x: u32) } */
        0x42, 0x04, 0x01, 0x40, 0x00, 0x01, 0x00, 0x04, 0x00, 0x01, 'f', 0x01, 0x00, 0x01, 0x40,
        0x01, 0x01, 'x', 0x79, 0x01, 0x00, 0x04, 0x00, 0x01, 'g', 0x01, 0x01,
        /* 9: instance { export f: func() } */
        0x42, 0x02, 0x01, 0x40, 0x00, 0x01, 0x00, 0x04, 0x00, 0x01, 'f', 0x01, 0x00,
        /* 10: instance { export f: func(x: u32) } */
        0x42, 0x02, 0x01, 0x40, 0x01, 0x01, 'x', 0x79, 0x01, 0x00, 0x04, 0x00, 0x01, 'f', 0x01, 0x00)};
    CtModel *m = build_ok(secs, N(secs));
    CtType **t = m->types;
    assert_true(ct_equal(t[0], t[1]));
    assert_false(ct_equal(t[0], t[2]));
    assert_false(ct_equal(t[3], t[4]));
    assert_true(ct_equal(t[5], t[7]));
    assert_false(ct_equal(t[5], t[6]));
    assert_true(ct_subtype(t[8], t[9]));  /* exports more */
    assert_false(ct_subtype(t[9], t[8]));
    assert_false(ct_equal(t[8], t[9]));
    assert_false(ct_subtype(t[10], t[9])); /* f's type differs */
    assert_true(ct_subtype(t[0], t[1]));
    assert_false(ct_subtype(t[0], t[2]));
}

/* Two separately declared instance types with their own abstract resource
 * match by name; a component type may import less and export more. */
static void test_bound_resources(void **state)
{
    (void)state;
#define RI 0x42, 0x04, 0x04, 0x00, 0x01, 'r', 0x03, 0x01, 0x01, 0x69, 0x00, 0x01, 0x40, 0x01, 0x01, \
           'x', 0x01, 0x01, 0x00, 0x04, 0x00, 0x01, 'f', 0x01, 0x02
    const Sec secs[] = {SEC(
        7, 0x04, RI, RI,
        /* 2: component { import a: func(); export x: func() } */
        0x41, 0x03, 0x01, 0x40, 0x00, 0x01, 0x00, 0x03, 0x00, 0x01, 'a', 0x01, 0x00, 0x04, 0x00,
        0x01, 'x', 0x01, 0x00,
        /* 3: component { import a: func(); import b: func() } */
        0x41, 0x03, 0x01, 0x40, 0x00, 0x01, 0x00, 0x03, 0x00, 0x01, 'a', 0x01, 0x00, 0x03, 0x00,
        0x01, 'b', 0x01, 0x00)};
#undef RI
    CtModel *m = build_ok(secs, N(secs));
    CtType **t = m->types;
    assert_ptr_not_equal(t[0]->exports[0].type, t[1]->exports[0].type);
    assert_true(ct_subtype(t[0], t[1]));
    assert_true(ct_equal(t[0], t[1]));
    assert_true(ct_subtype(t[2], t[3]));
    assert_false(ct_subtype(t[3], t[2]));
    assert_string_equal(print(t[2]), "component { import a: func(); export x: func(); }");
}

/* Type indices resolve through imports, export aliases and exports. */
static void test_index_spaces(void **state)
{
    (void)state;
    const Sec secs[] = {
        /* 0: instance { 0: record{a: u8}; export "t" (eq 0) = 1; 2: func(x: 1); export "f" } */
        SEC(7, 0x01, 0x42, 0x04, 0x01, 0x72, 0x01, 0x01, 'a', 0x7d, 0x04, 0x00, 0x01, 't', 0x03,
            0x00, 0x00, 0x01, 0x40, 0x01, 0x01, 'x', 0x01, 0x01, 0x00, 0x04, 0x00, 0x01, 'f', 0x01,
            0x02),
        SEC(10, 0x01, 0x00, 0x05, 'i', ':', 'f', '/', 'c', 0x05, 0x00),
        /* alias export instance 0 "t" (type 1); alias export 0 "f" (func 0) */
        SEC(6, 0x02, 0x03, 0x00, 0x00, 0x01, 't', 0x01, 0x00, 0x00, 0x01, 'f'),
        /* export "t2" (type 1); export "f2" (func 0) */
        SEC(11, 0x02, 0x00, 0x02, 't', '2', 0x03, 0x01, 0x00, 0x00, 0x02, 'f', '2', 0x01, 0x00,
            0x00),
    };
    CtModel *m = build_ok(secs, N(secs));
    assert_int_equal(m->ntypes, 3);
    assert_int_equal(m->nfuncs, 2);
    assert_int_equal(m->ninstances, 1);
    assert_string_equal(print(m->types[1]), "record { a: u8 }");
    assert_string_equal(m->types[1]->name, "t");
    assert_ptr_equal(m->types[2], m->types[1]);
    assert_string_equal(print(m->funcs[1]), "func(x: t)");
    assert_int_equal(m->type->nexports, 2);
    const Sec bad_alias[] = {secs[0], secs[1], SEC(6, 0x01, 0x01, 0x00, 0x00, 0x01, 't')};
    expect_error(bad_alias, N(bad_alias), CM_E_CT_BAD_ALIAS);
}

/* Instantiating a component replaces the resources it imports by the
 * arguments: the exported own<t> becomes own<the outer resource>; missing
 * or mismatched arguments are errors. */
#define INNER                                                                                      \
    0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00, 0x0a, 0x06, 0x01, 0x00, 0x01, 't', 0x03, 0x01,   \
        0x07, 0x03, 0x01, 0x69, 0x00, 0x0b, 0x07, 0x01, 0x00, 0x01, 'u', 0x03, 0x01, 0x00
static void test_instantiate_substitutes(void **state)
{
    (void)state;
    const Sec secs[] = {
        SEC(7, 0x02, 0x3f, 0x7f, 0x00, 0x7d), /* 0: resource, 1: u8 */
        SEC(4, INNER),                        /* import t (sub resource); export u = own<t> */
        SEC(5, 0x01, 0x00, 0x00, 0x01, 0x01, 't', 0x03, 0x00), /* instantiate with t = type 0 */
    };
    CtModel *m = build_ok(secs, N(secs));
    assert_int_equal(m->ninstances, 1);
    const CtType *inner = m->components[0];
    assert_int_equal(inner->nimports, 1);
    const CtType *u = m->instances[0]->exports[0].type;
    assert_int_equal(u->kind, CT_OWN);
    assert_ptr_equal(u->resource, m->types[0]);
    /* The component's own view still has its abstract import. */
    assert_ptr_equal(inner->exports[0].type->resource, inner->imports[0].type);
    assert_false(ct_equal(u, inner->exports[0].type));
    const Sec missing[] = {secs[0], secs[1], SEC(5, 0x01, 0x00, 0x00, 0x00)};
    expect_error(missing, N(missing), CM_E_CT_MISMATCH);
    const Sec wrong[] = {secs[0], secs[1], SEC(5, 0x01, 0x00, 0x00, 0x01, 0x01, 't', 0x03, 0x01)};
    expect_error(wrong, N(wrong), CM_E_CT_MISMATCH);
    const Sec sort[] = {secs[0], secs[1], SEC(5, 0x01, 0x00, 0x00, 0x01, 0x01, 't', 0x04, 0x00)};
    expect_error(sort, N(sort), CM_E_CT_MISMATCH);
}
#undef INNER

static void test_extern_names(void **state)
{
    (void)state;
    static const char *const good[] = {
        "a", "a-b", "A-b1", "[constructor]r", "[method]r.m-x", "[static]big-r.make", "a:b/c",
        "wasi:cli/run@0.2.12", "a:b/c@1.0.0-rc.1+build.5", "a-b:c-d/e-f@10.20.30", "a:b/c@0.0.0+x",
    };
    static const char *const bad[] = {
        "", "a_b", "-a", "a-", "1a", "[method]r", "[constructor]", "[static]r.", "[async]f", "a:b",
        "a:b/c@1.0", "a:b/c@01.0.0", "A:b/c", "a:b/c@1.0.0-", "a:b/c@1.0.0+", "a:b/c/d", "a:/c",
        "a:b/c@1.0.0-a..b",
    };
    for (size_t i = 0; i < N(good); i++)
        if (ct_check_extern_name(good[i], strlen(good[i]), 0))
            fail_msg("'%s' rejected", good[i]);
    for (size_t i = 0; i < N(bad); i++)
        if (!ct_check_extern_name(bad[i], strlen(bad[i]), 1))
            fail_msg("'%s' accepted", bad[i]);
    const char *dep = "unlocked-dep=<a:b@{>=1.0.0}>";
    assert_int_equal(ct_check_extern_name(dep, strlen(dep), 1), CM_OK);
    assert_int_equal(ct_check_extern_name(dep, strlen(dep), 0), CM_E_CT_BAD_EXTERN_NAME);
    /* import "a_b" in a binary */
    const Sec secs[] = {SEC(7, 0x01, 0x40, 0x00, 0x01, 0x00),
                        SEC(10, 0x01, 0x00, 0x03, 'a', '_', 'b', 0x01, 0x00)};
    expect_error(secs, N(secs), CM_E_CT_BAD_EXTERN_NAME);
}

/* export "f" (func 0) (func (type T)): the item must be a subtype of T. */
static void test_ascription(void **state)
{
    (void)state;
    /* types: 0 func(), 1 func(x: u8); import "f" (func 0) */
    const Sec ok[] = {SEC(7, 0x02, 0x40, 0x00, 0x01, 0x00, 0x40, 0x01, 0x01, 'x', 0x7d, 0x01, 0x00),
                      SEC(10, 0x01, 0x00, 0x01, 'f', 0x01, 0x00),
                      SEC(11, 0x01, 0x00, 0x01, 'g', 0x01, 0x00, 0x01, 0x01, 0x00)};
    build_ok(ok, N(ok));
    const Sec bad[] = {ok[0], ok[1], SEC(11, 0x01, 0x00, 0x01, 'g', 0x01, 0x00, 0x01, 0x01, 0x01)};
    expect_error(bad, N(bad), CM_E_CT_MISMATCH);
    /* a resource exported as (sub resource); a u8 type cannot be */
    const Sec res[] = {SEC(7, 0x02, 0x3f, 0x7f, 0x00, 0x7d),
                       SEC(11, 0x01, 0x00, 0x01, 'r', 0x03, 0x00, 0x01, 0x03, 0x01)};
    CtModel *m = build_ok(res, N(res));
    assert_int_equal(m->type->exports[0].type->kind, CT_RESOURCE);
    assert_ptr_not_equal(m->type->exports[0].type, m->types[0]);
    const Sec res_bad[] = {res[0], SEC(11, 0x01, 0x00, 0x01, 'r', 0x03, 0x01, 0x01, 0x03, 0x01)};
    expect_error(res_bad, N(res_bad), CM_E_CT_MISMATCH);
}

/* A record used by an imported function must itself be imported first. */
static void test_unnamed_types(void **state)
{
    (void)state;
    const Sec bad[] = {SEC(7, 0x02, 0x72, 0x01, 0x01, 'a', 0x79, 0x40, 0x01, 0x01, 'x', 0x00, 0x01, 0x00),
                       SEC(10, 0x01, 0x00, 0x01, 'f', 0x01, 0x01)};
    expect_error(bad, N(bad), CM_E_CT_UNNAMED_TYPE);
    const Sec good[] = {SEC(7, 0x01, 0x72, 0x01, 0x01, 'a', 0x79),
                        SEC(10, 0x01, 0x00, 0x01, 'r', 0x03, 0x00, 0x00),
                        SEC(7, 0x01, 0x40, 0x01, 0x01, 'x', 0x01, 0x01, 0x00),
                        SEC(10, 0x01, 0x00, 0x01, 'f', 0x01, 0x02)};
    CtModel *m = build_ok(good, N(good));
    assert_string_equal(print(m->funcs[0]), "func(x: r)");
    /* list<u32> and tuple need no name */
    const Sec anon[] = {SEC(7, 0x02, 0x70, 0x79, 0x40, 0x01, 0x01, 'x', 0x00, 0x01, 0x00),
                        SEC(10, 0x01, 0x00, 0x01, 'f', 0x01, 0x01)};
    build_ok(anon, N(anon));
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
        cmocka_unit_test(test_print),
        cmocka_unit_test(test_validation),
        cmocka_unit_test(test_resource_names),
        cmocka_unit_test(test_equality_subtyping),
        cmocka_unit_test(test_bound_resources),
        cmocka_unit_test(test_index_spaces),
        cmocka_unit_test(test_instantiate_substitutes),
        cmocka_unit_test(test_extern_names),
        cmocka_unit_test(test_ascription),
        cmocka_unit_test(test_unnamed_types),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
