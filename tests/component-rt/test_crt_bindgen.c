/* test_crt_bindgen.c - a guest whose glue wit-bindgen generated (records
 * with lists of strings, variants with f64, flags, option, result, tuples
 * through memory, a guest-defined resource with constructor and methods). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "crt_util.h"

#include <string.h>

#define HOSTFNS "test:bg/host-fns@0.1.0"
#define TYPES "test:bg/types@0.1.0"

static WrcVal str(WrcCall *c, const char *s) { return wrc_strdup(c, s, strlen(s)); }

/* transform: name upper-cased, age + 1, tags reversed */
static int h_transform(WrcCall *call, const WrcVal *args, uint32_t nargs, WrcVal *result, void *user)
{
    (void)nargs, (void)user;
    const WrcVal *f = args[0].u.list.elems;
    WrcVal *out = wrc_vals(call, 3), *tags = wrc_vals(call, f[2].u.list.n + 1);
    char *name = wrc_alloc(call, f[0].u.str.len + 1);
    if (!out || !tags || !name)
        return wrc_trap(call, "oom");
    for (uint32_t i = 0; i < f[0].u.str.len; i++) {
        char c = f[0].u.str.ptr[i];
        name[i] = c >= 'a' && c <= 'z' ? (char)(c - 32) : c;
    }
    out[0] = wrc_str(name, f[0].u.str.len);
    out[1] = wrc_u8((uint8_t)(f[1].u.u8 + 1));
    for (uint32_t i = 0; i < f[2].u.list.n; i++)
        tags[i] = f[2].u.list.elems[f[2].u.list.n - 1 - i];
    out[2] = wrc_list(tags, f[2].u.list.n);
    *result = wrc_record(out, 3);
    return 0;
}

static int h_area(WrcCall *call, const WrcVal *args, uint32_t nargs, WrcVal *result, void *user)
{
    (void)call, (void)nargs, (void)user;
    const WrcVal *s = &args[0];
    double a = 0;
    if (s->u.var.tag == 0)
        a = 3 * s->u.var.payload->u.f64 * s->u.var.payload->u.f64;
    else if (s->u.var.tag == 1)
        a = (double)s->u.var.payload->u.u32 * s->u.var.payload->u.u32;
    *result = wrc_f64(a);
    return 0;
}

static int h_check(WrcCall *call, const WrcVal *args, uint32_t nargs, WrcVal *result, void *user)
{
    (void)nargs, (void)user;
    uint32_t p = args[0].u.flags;
    *result = p & 4 ? wrc_err(wrc_box(call, str(call, "no exec"))) : wrc_ok(wrc_box(call, wrc_flags(p | 1)));
    return 0;
}

static void open_bg(CrtRig *r)
{
    crt_open(r, "bindgen.wasm");
    wrc_linker_trap_unknown(r->lk, 1); /* the imported copy of `types` is unused */
    wrc_linker_func(r->lk, HOSTFNS, "transform", h_transform, NULL);
    wrc_linker_func(r->lk, HOSTFNS, "area", h_area, NULL);
    wrc_linker_func(r->lk, HOSTFNS, "check", h_check, NULL);
    crt_instantiate(r);
}

static void test_roundtrip(void **s)
{
    (void)s;
    CrtRig r;
    open_bg(&r);
    WrcVal tags[2] = {wrc_str("x", 1), wrc_str("yz", 2)};
    WrcVal person[3] = {wrc_str("ada", 3), wrc_u8(36), wrc_list(tags, 2)};
    WrcVal radius = wrc_f64(2.0);
    WrcVal args[3] = {wrc_record(person, 3), wrc_variant(0, &radius), wrc_flags(3)}, res;
    WrTrap trap;
    if (wrc_call(r.inst, "roundtrip", args, 3, &res, &trap))
        fail_msg("roundtrip: %s", trap.message);
    const WrcVal *t = res.u.list.elems;
    assert_int_equal(res.u.list.n, 4);
    const WrcVal *p = t[0].u.list.elems;
    assert_string_equal(p[0].u.str.ptr, "ADA");
    assert_int_equal(p[1].u.u8, 37);
    assert_int_equal(p[2].u.list.n, 2);
    assert_string_equal(p[2].u.list.elems[0].u.str.ptr, "yz");
    assert_string_equal(p[2].u.list.elems[1].u.str.ptr, "x");
    assert_true(t[1].u.f64 == 12.0);
    assert_int_equal(t[2].u.var.tag, 1);
    assert_string_equal(t[2].u.var.payload->u.str.ptr, "x");
    assert_int_equal(t[3].u.var.tag, 0);
    assert_int_equal(t[3].u.var.payload->u.flags, 3);
    /* the other cases: square, exec -> err, no tags -> none */
    WrcVal side = wrc_u32(3);
    person[2] = wrc_list(NULL, 0);
    args[0] = wrc_record(person, 3);
    args[1] = wrc_variant(1, &side);
    args[2] = wrc_flags(4);
    for (int i = 0; i < 50; i++) { /* repeated: the guest frees what it got */
        if (wrc_call(r.inst, "roundtrip", args, 3, &res, &trap))
            fail_msg("roundtrip: %s", trap.message);
        t = res.u.list.elems;
        assert_true(t[1].u.f64 == 9.0);
        assert_int_equal(t[2].u.var.tag, 0);
        assert_int_equal(t[3].u.var.tag, 1);
        assert_string_equal(t[3].u.var.payload->u.str.ptr, "no exec");
    }
    crt_close(&r);
}

static void test_guest_resource(void **s)
{
    (void)s;
    CrtRig r;
    open_bg(&r);
    static const uint8_t bytes[] = {1, 2, 3};
    WrcVal a = wrc_bytes(bytes, 3), b1, b2, n;
    WrTrap trap;
    if (wrc_call(r.inst, TYPES "#[constructor]blob", &a, 1, &b1, &trap))
        fail_msg("constructor: %s", trap.message);
    assert_int_equal(b1.kind, WRC_OWN);
    WrcVal self = wrc_borrow(b1.u.handle.type, b1.u.handle.rep);
    if (wrc_call(r.inst, TYPES "#[method]blob.size", &self, 1, &n, &trap))
        fail_msg("size: %s", trap.message);
    assert_int_equal(n.u.u32, 3);
    WrcVal two[2] = {self, self};
    if (wrc_call(r.inst, TYPES "#[method]blob.concat", two, 2, &b2, &trap))
        fail_msg("concat: %s", trap.message);
    WrcVal self2 = wrc_borrow(b2.u.handle.type, b2.u.handle.rep);
    if (wrc_call(r.inst, TYPES "#[method]blob.size", &self2, 1, &n, &trap))
        fail_msg("size: %s", trap.message);
    assert_int_equal(n.u.u32, 6);
    assert_int_equal(wrc_resource_drop(r.inst, b1, &trap), CM_OK);
    assert_int_equal(wrc_resource_drop(r.inst, b2, &trap), CM_OK);
    crt_close(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roundtrip),
        cmocka_unit_test(test_guest_resource),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
