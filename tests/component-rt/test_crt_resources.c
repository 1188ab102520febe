/* test_crt_resources.c - handle tables and resources (resources.wat). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "crt_util.h"

#include <stdint.h>
#include <string.h>

static int g_dtors;
static uintptr_t g_dtor_sum;
static WrcResType *g_thing;

static void thing_dtor(void *rep, void *user)
{
    (void)user;
    g_dtors++;
    g_dtor_sum += (uintptr_t)rep;
}

static int host_make(WrcCall *call, const WrcVal *args, uint32_t nargs, WrcVal *result, void *user)
{
    (void)call;
    (void)nargs;
    (void)user;
    *result = wrc_own(g_thing, (void *)(uintptr_t)args[0].u.u32);
    return 0;
}

static int host_peek(WrcCall *call, const WrcVal *args, uint32_t nargs, WrcVal *result, void *user)
{
    (void)call;
    (void)nargs;
    (void)user;
    if (args[0].kind != WRC_BORROW || args[0].u.handle.type != g_thing)
        return wrc_trap(call, "peek: not a borrowed thing");
    *result = wrc_u32((uint32_t)(uintptr_t)args[0].u.handle.rep * 2);
    return 0;
}

static void open_res(CrtRig *r)
{
    g_dtors = 0;
    g_dtor_sum = 0;
    crt_open(r, "resources.wasm");
    g_thing = wrc_linker_resource(r->lk, "test:res/host@0.1.0", "thing", thing_dtor, NULL);
    assert_non_null(g_thing);
    wrc_linker_func(r->lk, "test:res/host@0.1.0", "make", host_make, NULL);
    wrc_linker_func(r->lk, "test:res/host@0.1.0", "peek", host_peek, NULL);
    crt_instantiate(r);
}

static WrcVal call1(CrtRig *r, const char *name, WrcVal *arg, CmErr want)
{
    WrcVal res = {0};
    WrTrap trap;
    CmErr e = wrc_call(r->inst, name, arg, arg ? 1 : 0, &res, &trap);
    if (e != want)
        fail_msg("%s: expected %s, got %s (%s)", name, err_name(want), err_name(e), trap.message);
    return res;
}

/* Handles 1, 2, 3; dropping 2 frees it for the next new (LIFO); the
 * destructor ran for each drop with its rep. */
static void test_indices_and_dtor(void **s)
{
    (void)s;
    CrtRig r;
    open_res(&r);
    WrcVal v = call1(&r, "indices", NULL, CM_OK);
    assert_int_equal(v.u.u32, 0x02030201u);
    v = call1(&r, "drops", NULL, CM_OK);
    assert_int_equal(v.u.u32, 20 + 10 + 30 + 40);
    crt_close(&r);
}

/* A host resource: own returned to the guest, borrowed back to the host,
 * dropped by the guest -> host destructor. */
static void test_host_resource(void **s)
{
    (void)s;
    CrtRig r;
    open_res(&r);
    WrcVal a = wrc_u32(21);
    WrcVal v = call1(&r, "use-host", &a, CM_OK);
    assert_int_equal(v.u.u32, 42);
    assert_int_equal(g_dtors, 1);
    assert_int_equal(g_dtor_sum, 21);
    /* own moved into the guest, which drops it */
    a = wrc_own(g_thing, (void *)(uintptr_t)5);
    call1(&r, "consume", &a, CM_OK);
    assert_int_equal(g_dtors, 2);
    /* a borrow the guest drops is fine, and no destructor runs */
    a = wrc_borrow(g_thing, (void *)(uintptr_t)9);
    call1(&r, "drop-borrow", &a, CM_OK);
    assert_int_equal(g_dtors, 2);
    crt_close(&r);
}

static void test_borrow_scope(void **s)
{
    (void)s;
    CrtRig r;
    open_res(&r);
    WrcVal a = wrc_borrow(g_thing, (void *)(uintptr_t)9);
    call1(&r, "keep-borrow", &a, CM_E_CA_BORROWS_REMAIN);
    call1(&r, "drops", NULL, CM_E_CA_CANNOT_ENTER);
    crt_close(&r);
}

/* A guest resource handed to the host and lent back: the owner gets the
 * rep itself; the host drops its own handle with the guest destructor. */
static void test_guest_resource(void **s)
{
    (void)s;
    CrtRig r;
    open_res(&r);
    WrcVal a = wrc_u32(77);
    WrcVal own = call1(&r, "new-r", &a, CM_OK);
    assert_int_equal(own.kind, WRC_OWN);
    assert_int_equal((uintptr_t)own.u.handle.rep, 77);
    WrcVal b = wrc_borrow(own.u.handle.type, own.u.handle.rep);
    assert_int_equal(call1(&r, "rep-of", &b, CM_OK).u.u32, 77);
    WrTrap trap;
    assert_int_equal(wrc_resource_drop(r.inst, own, &trap), CM_OK);
    assert_int_equal(call1(&r, "drops", NULL, CM_OK).u.u32, 77);
    /* a host resource where the guest's is expected */
    b = wrc_borrow(g_thing, (void *)(uintptr_t)1);
    call1(&r, "rep-of", &b, CM_E_CA_HANDLE_TYPE);
    crt_close(&r);
}

static void test_bad_handles(void **s)
{
    (void)s;
    CrtRig r;
    open_res(&r);
    call1(&r, "bad-drop", NULL, CM_E_CA_UNKNOWN_HANDLE);
    crt_close(&r);
    open_res(&r);
    call1(&r, "wrong-type", NULL, CM_E_CA_HANDLE_TYPE);
    crt_close(&r);
    open_res(&r);
    call1(&r, "use-after-drop", NULL, CM_E_CA_UNKNOWN_HANDLE);
    crt_close(&r);
    /* host resources still held when the instance goes are released */
    open_res(&r);
    WrcVal a = wrc_own(g_thing, (void *)(uintptr_t)3);
    call1(&r, "keep-own", &a, CM_OK);
    assert_int_equal(g_dtors, 0);
    crt_close(&r);
    assert_int_equal(g_dtors, 1);
    assert_int_equal(g_dtor_sum, 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_indices_and_dtor), cmocka_unit_test(test_host_resource),
        cmocka_unit_test(test_borrow_scope),     cmocka_unit_test(test_guest_resource),
        cmocka_unit_test(test_bad_handles),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
