/* test_crt_free.c - wrc_instance_free gives the core instances, their
 * memories and the trampolines back to the engine: instantiating, calling
 * and freeing the same component 2,000 times keeps the process's resident
 * memory bounded, also when the instances trapped. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "crt_util.h"

#include <stdlib.h>
#include <string.h>

static long rss_pages(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    long size = 0, rss = 0;
    assert_non_null(f);
    assert_int_equal(fscanf(f, "%ld %ld", &size, &rss), 2);
    fclose(f);
    return rss;
}

enum { ROUNDS = 2000, WARMUP = 200 };

/* compose.wasm: nested components, two memories (UTF-8 and UTF-16),
 * resources lent across instances. */
static void compose_stays_flat(void **s)
{
    (void)s;
    CrtRig r;
    crt_open(&r, "compose.wasm");
    const char *in = "hello w\xc3\xb6rld";
    const char *want = "HELLO W\xc3\xb6RLD";
    long before = 0;
    for (int i = 0; i < ROUNDS; i++) {
        crt_instantiate(&r);
        WrcVal a = wrc_str(in, (uint32_t)strlen(in)), res;
        WrTrap trap;
        if (wrc_call(r.inst, "shout", &a, 1, &res, &trap))
            fail_msg("shout #%d: %s", i, trap.message);
        assert_memory_equal(res.u.str.ptr, want, strlen(want));
        WrcVal n = wrc_u32(7);
        if (wrc_call(r.inst, "counter", &n, 1, &res, &trap))
            fail_msg("counter #%d: %s", i, trap.message);
        assert_int_equal(res.u.u32, 1007);
        wrc_instance_free(r.inst);
        r.inst = NULL;
        if (i == WARMUP)
            before = rss_pages();
    }
    /* Every instance touches at least one 64 KiB page in each of its
     * memories (16 pages of 4 KiB each and more): 1,800 leaked instances
     * would be well over 28,000 pages; 64 MiB of slack is generous. */
    long grown = rss_pages() - before;
    if (grown >= 16384)
        fail_msg("resident memory grew by %ld pages over %d instances", grown, ROUNDS - WARMUP);
    crt_close(&r);
}

static int host_callback(WrcCall *call, const WrcVal *args, uint32_t nargs, WrcVal *result, void *user)
{
    (void)call, (void)args, (void)nargs, (void)result, (void)user;
    return 0;
}

/* Poisoned (trapped) instances are freed like any other. */
static void trapped_instances_are_freed(void **s)
{
    (void)s;
    CrtRig r;
    crt_open(&r, "traps.wasm");
    wrc_linker_func(r.lk, "test:trap/host@0.1.0", "callback", host_callback, NULL);
    wrc_linker_func(r.lk, "test:trap/host@0.1.0", "take-char", host_callback, NULL);
    for (int i = 0; i < 500; i++) {
        crt_instantiate(&r);
        WrcVal res;
        WrTrap trap;
        assert_int_equal(wrc_call(r.inst, "oob", NULL, 0, &res, &trap), CM_E_CA_OOB);
        wrc_instance_free(r.inst);
        r.inst = NULL;
    }
    crt_close(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(compose_stays_flat),
        cmocka_unit_test(trapped_instances_are_freed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
