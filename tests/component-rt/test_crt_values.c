/* test_crt_values.c - every value type lifted and lowered both ways.
 *
 * echo-{utf8,utf16,latin1}.wasm (gen_echo.py, assembled by wasm-tools)
 * export echo-tN(x: T) -> T for 28 types T; each calls the host import
 * echo-tN with the same core values.  The host checks that what it received
 * equals what the test sent and echoes it back, and the test checks the
 * final result: host -> guest -> host -> guest -> host, flat and through
 * memory, in three string encodings.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "crt_util.h"

#include <math.h>
#include <string.h>

static CrtEcho g_echo; /* the echo host imports' expectation and counts */

static WrcVal *box(WrcVal v)
{
    static WrcVal pool[256];
    static int n;
    pool[n % 256] = v;
    return &pool[n++ % 256];
}

static WrcVal *vals(int n, ...)
{
    static WrcVal pool[256];
    static int used;
    va_list ap;
    va_start(ap, n);
    if (used + n > 256)
        used = 0;
    WrcVal *p = &pool[used];
    for (int i = 0; i < n; i++)
        p[i] = va_arg(ap, WrcVal);
    used += n;
    va_end(ap);
    return p;
}

typedef struct Case {
    int index; /* echo-N */
    WrcVal v;
} Case;

static int make_cases(Case *c)
{
    static const uint8_t bytes[] = {1, 2, 3, 255};
    int n = 0;
    c[n++] = (Case){0, wrc_bool(1)};
    c[n++] = (Case){0, wrc_bool(0)};
    c[n++] = (Case){1, wrc_s8(-5)};
    c[n++] = (Case){2, wrc_u8(250)};
    c[n++] = (Case){3, wrc_s16(-30000)};
    c[n++] = (Case){4, wrc_u16(65000)};
    c[n++] = (Case){5, wrc_s32(INT32_MIN)};
    c[n++] = (Case){6, wrc_u32(0xdeadbeefu)};
    c[n++] = (Case){7, wrc_s64(INT64_MIN + 1)};
    c[n++] = (Case){8, wrc_u64(UINT64_MAX)};
    c[n++] = (Case){9, wrc_f32(-1.5f)};
    c[n++] = (Case){9, wrc_f32(INFINITY)};
    c[n++] = (Case){10, wrc_f64(3.25e300)};
    c[n++] = (Case){11, wrc_char(0x1F600)};
    c[n++] = (Case){11, wrc_char('a')};
    c[n++] = (Case){12, wrc_str("h\xc3\xa9llo w\xc3\xb6rld \xf0\x9f\x98\x80 \xe2\x9c\x93", 22)};
    c[n++] = (Case){12, wrc_str("caf\xc3\xa9", 5)}; /* latin1 fits */
    c[n++] = (Case){12, wrc_str("", 0)};
    c[n++] = (Case){13, wrc_bytes(bytes, 4)};
    c[n++] = (Case){13, wrc_bytes(bytes, 0)};
    c[n++] = (Case){14, wrc_list(vals(3, wrc_str("a", 1), wrc_str("", 0), wrc_str("\xc3\xbc", 2)), 3)};
    c[n++] = (Case){15, wrc_list(vals(3, wrc_u32(1), wrc_u32(2), wrc_u32(0xffffffffu)), 3)};
    c[n++] = (Case){16, wrc_record(vals(2, wrc_s32(-1), wrc_s32(7)), 2)};
    c[n++] = (Case){17, wrc_tuple(vals(3, wrc_u8(7), wrc_str("t", 1), wrc_f64(-0.5)), 3)};
    c[n++] = (Case){18, wrc_variant(1, box(wrc_record(vals(2, wrc_s32(3), wrc_s32(4)), 2)))};
    c[n++] = (Case){18, wrc_variant(0, box(wrc_f32(2.5f)))};
    c[n++] = (Case){18, wrc_variant(2, NULL)};
    c[n++] = (Case){18, wrc_variant(3, box(wrc_u64(1ull << 40)))};
    c[n++] = (Case){19, wrc_enum(2)};
    c[n++] = (Case){20, wrc_some(box(wrc_str("x", 1)))};
    c[n++] = (Case){20, wrc_none()};
    c[n++] = (Case){21, wrc_some(box(wrc_u8(9)))};
    c[n++] = (Case){22, wrc_err(box(wrc_str("bad", 3)))};
    c[n++] = (Case){22, wrc_ok(box(wrc_u32(5)))};
    c[n++] = (Case){23, wrc_ok(NULL)};
    c[n++] = (Case){23, wrc_err(NULL)};
    c[n++] = (Case){24, wrc_err(box(wrc_u8(7)))};
    c[n++] = (Case){25, wrc_flags(5)};
    c[n++] = (Case){26, wrc_list(vals(2, wrc_some(box(wrc_record(vals(2, wrc_s32(1), wrc_s32(2)), 2))),
                                      wrc_none()), 2)};
    c[n++] = (Case){27, wrc_variant(0, box(wrc_f32(1.25f)))};
    c[n++] = (Case){27, wrc_variant(1, box(wrc_s8(-3)))};
    c[n++] = (Case){27, wrc_variant(2, box(wrc_f64(2.5)))};
    return n;
}

static void echo_all(const char *file)
{
    CrtRig r;
    crt_open(&r, file);
    for (int i = 0; i < 28; i++) {
        char name[16];
        snprintf(name, sizeof name, "echo-t%d", i);
        wrc_linker_func(r.lk, "test:echo/host@0.1.9", name, crt_host_echo, &g_echo);
    }
    wrc_linker_func(r.lk, "test:echo/host@0.1.9", "sum17", crt_host_sum17, NULL);
    crt_instantiate(&r);
    Case cases[64];
    int n = make_cases(cases), posts = 0;
    for (int i = 0; i < n; i++) {
        char name[16];
        snprintf(name, sizeof name, "echo-t%d", cases[i].index);
        g_echo.expect = &cases[i].v;
        g_echo.calls = g_echo.mismatch = 0;
        WrcVal res;
        WrTrap trap;
        CmErr e = wrc_call(r.inst, name, &cases[i].v, 1, &res, &trap);
        if (e)
            fail_msg("%s (case %d): %s", name, i, trap.message);
        assert_int_equal(g_echo.calls, 1);
        if (g_echo.mismatch)
            fail_msg("%s (case %d): the host received a different value", name, i);
        if (!crt_val_eq(&res, &cases[i].v))
            fail_msg("%s (case %d): the result differs from the argument", name, i);
        /* post-return runs after results that came through memory */
        WrcFunc *f = wrc_instance_func(r.inst, name);
        const CtType *ft = wrc_func_type(f);
        posts += cabi_flat_count(ft->result) > 1;
    }
    g_echo.expect = NULL;
    WrcVal res;
    WrTrap trap;
    assert_int_equal(wrc_call(r.inst, "posts", NULL, 0, &res, &trap), CM_OK);
    assert_int_equal(res.u.u32, posts);
    /* 17 parameters: passed through memory both ways */
    WrcVal args[17];
    uint32_t want = 0;
    for (uint32_t i = 0; i < 17; i++) {
        args[i] = wrc_u32(i * 3 + 1);
        want += (i * 3 + 1) * (i + 1);
    }
    if (wrc_call(r.inst, "sum17", args, 17, &res, &trap))
        fail_msg("sum17: %s", trap.message);
    assert_int_equal(res.u.u32, want);
    crt_close(&r);
}

static void test_echo_utf8(void **state) { (void)state; echo_all("echo-utf8.wasm"); }
static void test_echo_utf16(void **state) { (void)state; echo_all("echo-utf16.wasm"); }
static void test_echo_latin1(void **state) { (void)state; echo_all("echo-latin1.wasm"); }

/* The guest sees the code units of its own encoding. */
static void units(const char *file, const char *s, uint32_t want)
{
    CrtRig r;
    crt_open(&r, file);
    wrc_linker_trap_unknown(r.lk, 1);
    crt_instantiate(&r);
    WrcVal a = wrc_str(s, (uint32_t)strlen(s)), res;
    WrTrap trap;
    if (wrc_call(r.inst, "units", &a, 1, &res, &trap))
        fail_msg("units: %s", trap.message);
    assert_int_equal(res.u.u32, want);
    crt_close(&r);
}

static void test_string_units(void **state)
{
    (void)state;
    const char *mixed = "a\xc3\xa9\xf0\x9f\x98\x80"; /* a, e-acute, U+1F600 */
    units("echo-utf8.wasm", mixed, 7);
    units("echo-utf16.wasm", mixed, 4);
    units("echo-latin1.wasm", mixed, 4u | 0x80000000u); /* UTF-16, tagged */
    units("echo-latin1.wasm", "a\xc3\xa9", 2);           /* Latin-1 */
    units("echo-utf16.wasm", "a\xc3\xa9", 2);
}

/* A host function returning a value of the wrong type traps, naming it. */
static int host_bad(WrcCall *call, const WrcVal *args, uint32_t nargs, WrcVal *result, void *user)
{
    (void)call;
    (void)args;
    (void)nargs;
    (void)user;
    *result = wrc_str("not a u32", 9);
    return 0;
}

static void test_host_value_checked(void **state)
{
    (void)state;
    CrtRig r;
    crt_open(&r, "echo-utf8.wasm");
    wrc_linker_trap_unknown(r.lk, 1);
    wrc_linker_func(r.lk, "test:echo/host@0.1.0", "echo-t6", host_bad, NULL);
    crt_instantiate(&r);
    WrcVal a = wrc_u32(1), res;
    WrTrap trap;
    assert_int_equal(wrc_call(r.inst, "echo-t6", &a, 1, &res, &trap), CM_E_CA_HOST_VALUE);
    assert_non_null(strstr(trap.message, "echo-t6"));
    assert_non_null(strstr(trap.message, "u32"));
    /* an argument of the wrong type is refused before entering the guest */
    a = wrc_s32(1);
    CrtRig r2;
    crt_open(&r2, "echo-utf8.wasm");
    wrc_linker_trap_unknown(r2.lk, 1);
    crt_instantiate(&r2);
    assert_int_equal(wrc_call(r2.inst, "echo-t6", &a, 1, &res, &trap), CM_E_T_ARGS);
    assert_int_equal(wrc_call(r2.inst, "echo-t6", NULL, 0, &res, &trap), CM_E_T_ARGS);
    crt_close(&r2);
    crt_close(&r);
}

/* A C guest built by clang, wasm-tools component embed and component new. */
static char g_logged[64];

static int host_log(WrcCall *call, const WrcVal *args, uint32_t nargs, WrcVal *result, void *user)
{
    (void)call;
    (void)nargs;
    (void)result;
    (void)user;
    snprintf(g_logged, sizeof g_logged, "%.*s", (int)args[0].u.str.len, args[0].u.str.ptr);
    return 0;
}

static void test_c_guest(void **state)
{
    (void)state;
    CrtRig r;
    crt_open(&r, "c-guest.wasm");
    wrc_linker_func(r.lk, "test:guest/logger@0.1.0", "log", host_log, NULL);
    crt_instantiate(&r);
    WrcVal a = wrc_str("C", 1), res;
    WrTrap trap;
    if (wrc_call(r.inst, "greet", &a, 1, &res, &trap))
        fail_msg("greet: %s", trap.message);
    assert_string_equal(res.u.str.ptr, "Hello, C!");
    assert_string_equal(g_logged, "Hello, C!");
    WrcVal xs[3] = {wrc_f64(1.0), wrc_f64(5.0), wrc_f64(3.0)};
    a = wrc_list(xs, 3);
    if (wrc_call(r.inst, "stats", &a, 1, &res, &trap))
        fail_msg("stats: %s", trap.message);
    assert_int_equal(res.kind, WRC_TUPLE);
    assert_true(res.u.list.elems[0].u.f64 == 3.0 && res.u.list.elems[1].u.f64 == 5.0);
    crt_close(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_echo_utf8),
        cmocka_unit_test(test_echo_utf16),
        cmocka_unit_test(test_echo_latin1),
        cmocka_unit_test(test_string_units),
        cmocka_unit_test(test_host_value_checked),
        cmocka_unit_test(test_c_guest),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
