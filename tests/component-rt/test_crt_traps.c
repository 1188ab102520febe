/* test_crt_traps.c - the canonical-ABI traps (traps.wat): each has its own
 * code and message, and any trap poisons the instance. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "crt_util.h"
#include "fileio.h"

#include <stdlib.h>

#include <string.h>

static WrcInstance *g_inst;
static CmErr g_inner; /* what the re-entering call returned */

static int host_callback(WrcCall *call, const WrcVal *args, uint32_t nargs, WrcVal *result, void *user)
{
    (void)args;
    (void)nargs;
    (void)result;
    (void)user;
    WrcVal res;
    WrTrap trap;
    g_inner = wrc_call(g_inst, "ok", NULL, 0, &res, &trap);
    return g_inner ? wrc_trap(call, "re-entry refused: %s", trap.message) : 0;
}

static int host_take_char(WrcCall *call, const WrcVal *args, uint32_t nargs, WrcVal *result, void *user)
{
    (void)call;
    (void)args;
    (void)nargs;
    (void)result;
    (void)user;
    fail_msg("a lone surrogate reached the host");
    return 0;
}

/* Call `name` on a fresh instance: expect code and text in the message,
 * then check the instance is poisoned. */
static void expect_trap(const char *name, CmErr code, const char *text)
{
    CrtRig r;
    crt_open(&r, "traps.wasm");
    wrc_linker_func(r.lk, "test:trap/host@0.1.0", "callback", host_callback, NULL);
    wrc_linker_func(r.lk, "test:trap/host@0.1.0", "take-char", host_take_char, NULL);
    crt_instantiate(&r);
    g_inst = r.inst;
    WrcVal res;
    WrTrap trap;
    CmErr e = wrc_call(r.inst, name, NULL, 0, &res, &trap);
    if (e != code)
        fail_msg("%s: expected %s, got %s (%s)", name, err_name(code), err_name(e), trap.message);
    if (!strstr(trap.message, text))
        fail_msg("%s: message '%s' lacks '%s'", name, trap.message, text);
    /* poisoned */
    e = wrc_call(r.inst, "ok", NULL, 0, &res, &trap);
    assert_int_equal(e, CM_E_CA_CANNOT_ENTER);
    assert_non_null(strstr(trap.message, "cannot enter component instance"));
    crt_close(&r);
}

static void test_bad_char(void **s) { (void)s; expect_trap("bad-char", CM_E_CA_BAD_CHAR, "0xd800"); }
static void test_big_char(void **s) { (void)s; expect_trap("big-char", CM_E_CA_BAD_CHAR, "0x110000"); }
static void test_bad_disc(void **s) { (void)s; expect_trap("bad-disc", CM_E_CA_BAD_DISCRIMINANT, "5"); }
static void test_misaligned(void **s) { (void)s; expect_trap("misaligned", CM_E_CA_UNALIGNED, "17"); }
static void test_bad_utf8(void **s) { (void)s; expect_trap("bad-utf8", CM_E_CA_BAD_UTF8, "invalid utf-8"); }
static void test_oob(void **s) { (void)s; expect_trap("oob", CM_E_CA_OOB, "65520"); }
static void test_too_long(void **s) { (void)s; expect_trap("too-long", CM_E_CA_TOO_LONG, "2147483648"); }
static void test_list_misaligned(void **s) { (void)s; expect_trap("list-misaligned", CM_E_CA_UNALIGNED, "33"); }
static void test_list_too_long(void **s) { (void)s; expect_trap("list-too-long", CM_E_CA_TOO_LONG, "268435456"); }
static void test_unreachable(void **s) { (void)s; expect_trap("unreachable", CM_E_T_UNREACHABLE, "unreachable"); }

/* A lone surrogate passed to the host is caught when lifting the argument. */
static void test_pass_bad_char(void **s)
{
    (void)s;
    expect_trap("pass-bad-char", CM_E_CA_BAD_CHAR, "0xdfff");
}

static void test_reentry(void **s)
{
    (void)s;
    g_inner = CM_OK;
    expect_trap("reenter", CM_E_T_HOST, "re-entry refused");
    assert_int_equal(g_inner, CM_E_CA_CANNOT_ENTER);
}

static void test_ok_is_ok(void **s)
{
    (void)s;
    CrtRig r;
    crt_open(&r, "traps.wasm");
    wrc_linker_trap_unknown(r.lk, 1);
    crt_instantiate(&r);
    WrcVal res;
    WrTrap trap;
    for (int i = 0; i < 3; i++) {
        assert_int_equal(wrc_call(r.inst, "ok", NULL, 0, &res, &trap), CM_OK);
        assert_int_equal(res.u.u32, 1);
    }
    /* an import the linker did not define traps when called */
    assert_int_equal(wrc_call(r.inst, "reenter", NULL, 0, &res, &trap), CM_E_CA_UNKNOWN_IMPORT_CALL);
    assert_non_null(strstr(trap.message, "test:trap/host@0.1.0#callback"));
    crt_close(&r);
}

static void test_unknown_import(void **s)
{
    (void)s;
    CrtRig r;
    WrTrap trap;
    crt_open(&r, "traps.wasm");
    wrc_linker_func(r.lk, "test:trap/host@0.1.0", "callback", host_callback, NULL);
    assert_int_equal(crt_try_instantiate(&r, &trap), CM_E_T_UNKNOWN_IMPORT);
    assert_non_null(strstr(trap.message, "'test:trap/host@0.1.0': no function 'take-char'"));
    crt_close(&r);
    /* 0.2 does not match 0.1: semver tracks differ */
    crt_open(&r, "traps.wasm");
    wrc_linker_func(r.lk, "test:trap/host@0.2.0", "callback", host_callback, NULL);
    wrc_linker_func(r.lk, "test:trap/host@0.2.0", "take-char", host_take_char, NULL);
    assert_int_equal(crt_try_instantiate(&r, &trap), CM_E_T_UNKNOWN_IMPORT);
    crt_close(&r);
}

/* realloc may not call imports (may_leave is false while it runs) */
static void test_cannot_leave(void **s)
{
    (void)s;
    CrtRig r;
    crt_open(&r, "traps.wasm");
    wrc_linker_func(r.lk, "test:trap/host@0.1.0", "callback", host_callback, NULL);
    wrc_linker_func(r.lk, "test:trap/host@0.1.0", "take-char", host_take_char, NULL);
    crt_instantiate(&r);
    g_inst = r.inst;
    WrcVal a = wrc_str("x", 1), res;
    WrTrap trap;
    assert_int_equal(wrc_call(r.inst, "take-string", &a, 1, &res, &trap), CM_E_CA_CANNOT_LEAVE);
    crt_close(&r);
}

/* wasi:cli/exit: a host function ends the program; the status reaches the
 * embedder and the instance is not poisoned by it. */
static int host_exit(WrcCall *call, const WrcVal *args, uint32_t nargs, WrcVal *result, void *user)
{
    (void)args, (void)nargs, (void)result, (void)user;
    return wrc_exit(call, 3);
}

static void test_exit(void **s)
{
    (void)s;
    CrtRig r;
    crt_open(&r, "traps.wasm");
    wrc_linker_func(r.lk, "test:trap/host@0.1.0", "callback", host_exit, NULL);
    wrc_linker_func(r.lk, "test:trap/host@0.1.0", "take-char", host_take_char, NULL);
    crt_instantiate(&r);
    WrcVal res;
    WrTrap trap;
    assert_int_equal(wrc_call(r.inst, "reenter", NULL, 0, &res, &trap), CM_E_T_EXIT);
    assert_true(trap.exited);
    assert_int_equal(trap.exit_code, 3);
    assert_int_equal(wrc_call(r.inst, "ok", NULL, 0, &res, &trap), CM_OK);
    crt_close(&r);
}

/* Nested components linked with a function of the wrong type: refused
 * when the component is loaded (the type model checks instantiation
 * arguments), naming the import and both types. */
static void test_link_mismatch(void **s)
{
    (void)s;
    char path[1024];
    uint8_t *bytes;
    size_t len;
    CmError err;
    WrcComponent *c = NULL;
    snprintf(path, sizeof path, "%s/mismatch.wasm", CRT_DIR);
    assert_int_equal(file_read(path, &bytes, &len), CM_OK);
    WrEngine *eng = wr_engine_new(NULL);
    CmErr e = wrc_component_load(eng, bytes, len, &c, &err);
    free(bytes);
    wr_engine_free(eng);
    assert_int_equal(e, CM_E_CT_MISMATCH);
    assert_null(c);
    if (!strstr(err.detail, "'upper'") ||
        !strstr(err.detail, "expected func(s: string) -> string, found func(s: string) -> u32"))
        fail_msg("detail: %s", err.detail);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_char),      cmocka_unit_test(test_big_char),
        cmocka_unit_test(test_bad_disc),      cmocka_unit_test(test_misaligned),
        cmocka_unit_test(test_bad_utf8),      cmocka_unit_test(test_oob),
        cmocka_unit_test(test_too_long),      cmocka_unit_test(test_list_misaligned),
        cmocka_unit_test(test_unreachable),   cmocka_unit_test(test_list_too_long),   cmocka_unit_test(test_pass_bad_char),
        cmocka_unit_test(test_reentry),       cmocka_unit_test(test_ok_is_ok),
        cmocka_unit_test(test_unknown_import), cmocka_unit_test(test_cannot_leave),
        cmocka_unit_test(test_link_mismatch), cmocka_unit_test(test_exit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
