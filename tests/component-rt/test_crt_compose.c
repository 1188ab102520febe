/* test_crt_compose.c - guest-to-guest calls between nested components
 * (compose.wat): strings copied and transcoded between a UTF-8 and a
 * UTF-16 memory, resource handles moved and lent across instances. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "crt_util.h"

#include <string.h>

static void test_shout(void **s)
{
    (void)s;
    CrtRig r;
    crt_open(&r, "compose.wasm");
    crt_instantiate(&r);
    const char *in = "hello w\xc3\xb6rld \xf0\x9f\x98\x80";
    const char *want = "HELLO W\xc3\xb6RLD \xf0\x9f\x98\x80";
    WrcVal a = wrc_str(in, (uint32_t)strlen(in)), res;
    WrTrap trap;
    for (int i = 0; i < 3; i++) {
        if (wrc_call(r.inst, "shout", &a, 1, &res, &trap))
            fail_msg("shout: %s", trap.message);
        assert_int_equal(res.u.str.len, strlen(want));
        assert_memory_equal(res.u.str.ptr, want, strlen(want));
    }
    /* the inner component sees UTF-16 code units */
    if (wrc_call(r.inst, "units", &a, 1, &res, &trap))
        fail_msg("units: %s", trap.message);
    assert_int_equal(res.u.u32, 14); /* 12 BMP characters + a surrogate pair */
    crt_close(&r);
}

static void test_counter(void **s)
{
    (void)s;
    CrtRig r;
    crt_open(&r, "compose.wasm");
    crt_instantiate(&r);
    WrcVal a = wrc_u32(7), res;
    WrTrap trap;
    /* B's first handle is 1 and its rep (lent back to the owner A) is 7;
     * B dropped it, so the next call gets handle 1 again */
    for (int i = 0; i < 2; i++) {
        if (wrc_call(r.inst, "counter", &a, 1, &res, &trap))
            fail_msg("counter: %s", trap.message);
        assert_int_equal(res.u.u32, 1007);
    }
    crt_close(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shout),
        cmocka_unit_test(test_counter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
