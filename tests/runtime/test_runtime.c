/* test_runtime.c - the embedding API (wrun.h): limits (fuel, deadline, call
 * depth, memory), host functions (memory access, traps, exit, re-entry),
 * trap wording and backtraces, isolation of a trapped instance.
 *
 * The guests are .wat files compiled by wat2wasm at build time into the
 * directory given by the environment variable RT_WAT_DIR.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "../../runtime/rt_internal.h" /* WrEngine.no_fuse */
#include "fileio.h"
#include "wrun.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static WrModule *load(WrEngine *eng, const char *name)
{
    char path[4096];
    const char *dir = getenv("RT_WAT_DIR");
    assert_non_null(dir);
    snprintf(path, sizeof path, "%s/%s.wasm", dir, name);
    uint8_t *bytes;
    size_t len;
    assert_int_equal(file_read(path, &bytes, &len), CM_OK);
    WrModule *m;
    CmError err;
    CmErr e = wr_module_load(eng, bytes, len, &m, &err);
    free(bytes);
    assert_int_equal(e, CM_OK);
    return m;
}

static WrInstance *inst_of(WrEngine *eng, const char *name, WrLinker *lk)
{
    WrInstance *inst;
    WrTrap trap;
    assert_int_equal(wr_instantiate(eng, load(eng, name), lk, &inst, &trap), CM_OK);
    return inst;
}

/* ---- limits ---- */

static void fuel_stops_a_loop(void **state)
{
    (void)state;
    WrLimits lim = {.fuel = 100000};
    WrEngine *eng = wr_engine_new(&lim);
    WrInstance *inst = inst_of(eng, "limits", NULL);
    WrTrap trap;
    assert_int_equal(wr_call(inst, "spin", NULL, 0, NULL, 0, &trap), CM_E_T_FUEL);
    assert_string_equal(trap.message, "fuel exhausted");
    /* the engine and the instance still work once fuel is given again */
    wr_engine_set_limits(eng, &lim);
    WrVal args[1] = {{.i32 = 1000}}, res[1];
    assert_int_equal(wr_call(inst, "count", args, 1, res, 1, &trap), CM_OK);
    assert_int_equal(res[0].i32, 1000);
    assert_true(wr_engine_fuel_left(eng) < 100000);
    /* a loop longer than the fuel is stopped */
    args[0].i32 = 1000000;
    assert_int_equal(wr_call(inst, "count", args, 1, res, 1, &trap), CM_E_T_FUEL);
    /* so are loops of a single br_if or br_table jumping to itself */
    wr_engine_set_limits(eng, &lim);
    args[0].i32 = 1;
    assert_int_equal(wr_call(inst, "spin_if", args, 1, NULL, 0, &trap), CM_E_T_FUEL);
    wr_engine_set_limits(eng, &lim);
    assert_int_equal(wr_call(inst, "spin_table", args, 1, NULL, 0, &trap), CM_E_T_FUEL);
    args[0].i32 = 0;
    wr_engine_set_limits(eng, &lim);
    assert_int_equal(wr_call(inst, "spin_if", args, 1, NULL, 0, &trap), CM_OK);
    args[0].i32 = 2;
    assert_int_equal(wr_call(inst, "spin_table", args, 1, NULL, 0, &trap), CM_OK);
    /* and a strided fill run as one instruction (rt_loop.c) that never ends */
    WrVal fill[2] = {{.i32 = 0}, {.i32 = 10}};
    wr_engine_set_limits(eng, &lim);
    assert_int_equal(wr_call(inst, "fill", fill, 2, NULL, 0, &trap), CM_E_T_FUEL);
    wr_engine_free(eng);
}

/* A loop run as one instruction (rt_loop.c) charges the fuel its
 * instructions would: one per iteration, as an engine without fused
 * instructions counts. */
static void fused_loop_fuel_is_exact(void **state)
{
    (void)state;
    WrLimits lim = {.fuel = 100000};
    uint64_t left[2];
    for (int plain = 0; plain < 2; plain++) {
        WrEngine *eng = wr_engine_new(&lim);
        eng->no_fuse = plain;
        WrInstance *inst = inst_of(eng, "limits", NULL);
        WrVal fill[2] = {{.i32 = 1}, {.i32 = 5000}};
        WrTrap trap;
        assert_int_equal(wr_call(inst, "fill", fill, 2, NULL, 0, &trap), CM_OK);
        left[plain] = wr_engine_fuel_left(eng);
        const uint8_t *mem = wr_memory_data(wr_instance_memory(inst));
        assert_non_null(mem);
        assert_int_equal(mem[0], 7);
        assert_int_equal(mem[4999], 7);
        assert_int_equal(mem[5000], 0);
        wr_engine_free(eng);
    }
    assert_true(left[0] < 100000 - 4999);
    assert_int_equal(left[0], left[1]);
}

/* ---- locals ---- */

static int32_t call_i32(WrInstance *inst, const char *fn, int32_t arg)
{
    WrVal args[1] = {{.i32 = arg}}, res[1] = {{.i32 = -42}};
    WrTrap trap;
    CmErr e = wr_call(inst, fn, args, 1, res, 1, &trap);
    if (e)
        print_error("%s(%d): %s\n", fn, arg, trap.message);
    assert_int_equal(e, CM_OK);
    return res[0].i32;
}

/* A call zeroes only the locals some path may read before writing them
 * (rt_assign.h); each reader runs in slots just filled with -1. */
static void unwritten_locals_read_zero(void **state)
{
    (void)state;
    WrEngine *eng = wr_engine_new(NULL);
    WrInstance *inst = inst_of(eng, "assign", NULL);
    static const struct {
        const char *fn;
        int32_t skip, write; /* the argument that skips the write, one that does not */
    } cases[] = {{"if", 0, 1}, {"else", 1, 0}, {"br_if", 0, 1}, {"br_table", 0, 1}, {"far", 0, 1}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(call_i32(inst, cases[i].fn, cases[i].skip), 0);
        assert_int_equal(call_i32(inst, cases[i].fn, cases[i].write), 7);
    }
    assert_int_equal(call_i32(inst, "dead", 1), 0);
    assert_int_equal(call_i32(inst, "loop", 3), 10);
    assert_int_equal(call_i32(inst, "loop", 1), 0);
    assert_int_equal(call_i32(inst, "written", 1), 7);
    assert_int_equal(call_i32(inst, "written", 0), 9);
    assert_int_equal(call_i32(inst, "pool", 3), 97 + 98 + 99 + 3);
    /* sum over x = 3, 2, 1 of (101 - x) + (201 - x) + ... + (1001 - x) */
    assert_int_equal(call_i32(inst, "pool10", 3), 3 * 5510 - 10 * (3 + 2 + 1));
    wr_engine_free(eng);
}

static void deadline_stops_a_loop(void **state)
{
    (void)state;
    WrLimits lim = {.timeout_ms = 100};
    WrEngine *eng = wr_engine_new(&lim);
    WrInstance *inst = inst_of(eng, "limits", NULL);
    WrTrap trap;
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    assert_int_equal(wr_call(inst, "spin", NULL, 0, NULL, 0, &trap), CM_E_T_TIMEOUT);
    clock_gettime(CLOCK_MONOTONIC, &b);
    double secs = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
    assert_true(secs >= 0.09 && secs < 5.0);
    assert_true(strncmp(trap.message, "timeout", 7) == 0);
    /* also inside a loop run as one instruction (rt_loop.c) */
    wr_engine_set_limits(eng, &lim);
    WrVal fill[2] = {{.i32 = 0}, {.i32 = 10}};
    assert_int_equal(wr_call(inst, "fill", fill, 2, NULL, 0, &trap), CM_E_T_TIMEOUT);
    wr_engine_free(eng);
}

static void call_depth_is_limited(void **state)
{
    (void)state;
    WrLimits lim = {.max_call_depth = 500};
    WrEngine *eng = wr_engine_new(&lim);
    WrInstance *inst = inst_of(eng, "limits", NULL);
    WrTrap trap;
    WrVal args[1] = {{.i32 = 0}}, res[1];
    assert_int_equal(wr_call(inst, "recurse", args, 1, res, 1, &trap), CM_E_T_STACK_EXHAUSTED);
    assert_string_equal(trap.message, "call stack exhausted");
    assert_int_equal(trap.nframes, WR_TRAP_MAX_FRAMES); /* a deep backtrace, truncated */
    assert_int_equal(wr_call(inst, "answer", NULL, 0, res, 1, &trap), CM_OK);
    assert_int_equal(res[0].i32, 42);
    wr_engine_free(eng);
}

static void value_stack_is_limited(void **state)
{
    (void)state;
    /* deep recursion allowed, but a small value stack: still a clean trap */
    WrLimits lim = {.max_call_depth = 1000000, .stack_slots = 4096};
    WrEngine *eng = wr_engine_new(&lim);
    WrInstance *inst = inst_of(eng, "limits", NULL);
    WrTrap trap;
    WrVal args[1] = {{.i32 = 0}}, res[1];
    assert_int_equal(wr_call(inst, "recurse", args, 1, res, 1, &trap), CM_E_T_STACK_EXHAUSTED);
    wr_engine_free(eng);
}

static void memory_is_capped(void **state)
{
    (void)state;
    WrLimits lim = {.max_memory_bytes = 4 * 65536};
    WrEngine *eng = wr_engine_new(&lim);
    WrInstance *inst = inst_of(eng, "limits", NULL);
    WrTrap trap;
    WrVal args[1] = {{.i32 = 3}}, res[1];
    assert_int_equal(wr_call(inst, "grow", args, 1, res, 1, &trap), CM_OK);
    assert_int_equal(res[0].i32, 1); /* old size: 1 page, now 4 */
    args[0].i32 = 1;
    assert_int_equal(wr_call(inst, "grow", args, 1, res, 1, &trap), CM_OK);
    assert_int_equal(res[0].i32, -1); /* past the cap: fails, does not trap */
    assert_int_equal(wr_memory_size(wr_instance_memory(inst)), 4 * 65536);
    wr_engine_free(eng);
    /* a module whose minimum is over the cap does not instantiate */
    lim.max_memory_bytes = 65535;
    eng = wr_engine_new(&lim);
    WrInstance *none;
    assert_int_equal(wr_instantiate(eng, load(eng, "limits"), NULL, &none, &trap), CM_E_LIMIT);
    assert_null(none);
    assert_true(strstr(trap.message, "over the engine's limit") != NULL);
    wr_engine_free(eng);
}

/* ---- host functions ---- */

static int h_sum(WrCaller *c, const WrVal *args, WrVal *res, void *user)
{
    (void)user;
    uint8_t *p = wr_caller_mem(c, args[0].u32, args[1].u32);
    if (!p)
        return wr_caller_trap(c, "bad pointer");
    int32_t s = 0;
    for (uint32_t i = 0; i < args[1].u32; i++)
        s += p[i];
    assert_null(wr_caller_mem(c, wr_caller_mem_size(c) - 1, 2)); /* bounds are checked */
    res[0].i32 = s;
    return 0;
}

static int h_fail(WrCaller *c, const WrVal *args, WrVal *res, void *user)
{
    (void)args, (void)res, (void)user;
    return wr_caller_trap(c, "refused %d", 3);
}

static int h_quit(WrCaller *c, const WrVal *args, WrVal *res, void *user)
{
    (void)res, (void)user;
    return wr_caller_exit(c, args[0].i32);
}

static int h_reenter(WrCaller *c, const WrVal *args, WrVal *res, void *user)
{
    (void)user;
    WrVal a[1] = {args[0]}, r[1];
    WrTrap trap;
    if (wr_call(wr_caller_instance(c), "double", a, 1, r, 1, &trap))
        return wr_caller_trap(c, "inner call failed");
    res[0] = r[0];
    return 0;
}

static WrInstance *host_instance(WrEngine *eng)
{
    WrLinker *lk = wr_linker_new(eng);
    assert_int_equal(wr_linker_func(lk, "env", "sum", "ii:i", h_sum, NULL), CM_OK);
    assert_int_equal(wr_linker_func(lk, "env", "fail", ":", h_fail, NULL), CM_OK);
    assert_int_equal(wr_linker_func(lk, "env", "quit", "i:", h_quit, NULL), CM_OK);
    assert_int_equal(wr_linker_func(lk, "env", "reenter", "i:i", h_reenter, NULL), CM_OK);
    return inst_of(eng, "host", lk);
}

static void host_functions(void **state)
{
    (void)state;
    WrEngine *eng = wr_engine_new(NULL);
    WrInstance *inst = host_instance(eng);
    WrTrap trap;
    WrVal args[1] = {{.i32 = 20}}, res[1];
    assert_int_equal(wr_call(inst, "call_sum", NULL, 0, res, 1, &trap), CM_OK);
    assert_int_equal(res[0].i32, 15);
    assert_int_equal(wr_call(inst, "call_fail", NULL, 0, NULL, 0, &trap), CM_E_T_HOST);
    assert_string_equal(trap.message, "host trap: refused 3");
    assert_int_equal(wr_call(inst, "call_quit", NULL, 0, NULL, 0, &trap), CM_E_T_EXIT);
    assert_int_equal(trap.exited, 1);
    assert_int_equal(trap.exit_code, 7);
    assert_int_equal(wr_call(inst, "call_reenter", args, 1, res, 1, &trap), CM_OK);
    assert_int_equal(res[0].i32, 41);
    wr_engine_free(eng);
}

static void unknown_and_mismatched_imports(void **state)
{
    (void)state;
    WrEngine *eng = wr_engine_new(NULL);
    WrLinker *lk = wr_linker_new(eng);
    WrInstance *inst;
    WrTrap trap;
    WrModule *m = load(eng, "host");
    assert_int_equal(wr_instantiate(eng, m, lk, &inst, &trap), CM_E_T_UNKNOWN_IMPORT);
    assert_string_equal(trap.message, "unknown import: env::sum");
    assert_int_equal(wr_linker_func(lk, "env", "sum", "i:i", h_sum, NULL), CM_OK);
    assert_int_equal(wr_instantiate(eng, m, lk, &inst, &trap), CM_E_T_INCOMPATIBLE_IMPORT);
    wr_engine_free(eng);
}

/* ---- traps ---- */

static void trap_words(WrInstance *inst, const char *fn, CmErr code, const char *msg)
{
    WrTrap trap;
    WrVal res[1];
    size_t nres = strcmp(fn, "oob") && strcmp(fn, "overflow") && strcmp(fn, "nan") ? 0 : 1;
    assert_int_equal(wr_call(inst, fn, NULL, 0, res, nres, &trap), code);
    assert_string_equal(trap.message, msg);
}

static void traps_and_backtraces(void **state)
{
    (void)state;
    WrEngine *eng = wr_engine_new(NULL);
    WrInstance *inst = inst_of(eng, "traps", NULL);
    WrInstance *other = inst_of(eng, "traps", NULL);
    WrTrap trap;
    assert_int_equal(wr_call(inst, "outer", NULL, 0, NULL, 0, &trap), CM_E_T_DIV_ZERO);
    assert_string_equal(trap.message, "integer divide by zero");
    assert_int_equal(trap.nframes, 2);
    assert_non_null(trap.frames[0].name);
    assert_string_equal(trap.frames[0].name, "inner");
    assert_string_equal(trap.frames[1].name, "outer");
    assert_true(trap.frames[0].offset > 0);
    trap_words(inst, "oob", CM_E_T_MEM_OOB, "out of bounds memory access");
    trap_words(inst, "uninit", CM_E_T_UNINIT_ELEM, "uninitialized element 1");
    trap_words(inst, "undefined", CM_E_T_UNDEFINED_ELEM, "undefined element 5");
    trap_words(inst, "overflow", CM_E_T_INT_OVERFLOW, "integer overflow");
    trap_words(inst, "nan", CM_E_T_INVALID_CONV, "invalid conversion to integer");
    trap_words(inst, "unreach", CM_E_T_UNREACHABLE, "unreachable");
    /* the trapped instance and its neighbour keep working */
    WrVal res[1];
    assert_int_equal(wr_call(inst, "ok", NULL, 0, res, 1, &trap), CM_OK);
    assert_int_equal(wr_call(other, "ok", NULL, 0, res, 1, &trap), CM_OK);
    assert_int_equal(res[0].i32, 1);
    /* a wrong argument count is an error, not a crash */
    assert_int_equal(wr_call(inst, "ok", res, 1, res, 1, &trap), CM_E_T_ARGS);
    assert_int_equal(wr_call(inst, "nope", NULL, 0, NULL, 0, &trap), CM_E_T_NO_EXPORT);
    wr_engine_free(eng);
}

static void invalid_modules_are_rejected(void **state)
{
    (void)state;
    /* (func (result i32) (i64.const 0)) : type mismatch */
    static const uint8_t bad[] = {0, 'a', 's', 'm', 1, 0, 0, 0, 1, 5, 1, 0x60, 0, 1, 0x7f,
                                  3, 2, 1, 0, 10, 6, 1, 4, 0, 0x42, 0, 0x0b};
    /* a function using a v128 local: not supported, with a clear error */
    static const uint8_t simd[] = {0, 'a', 's', 'm', 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0,
                                   3, 2, 1, 0, 10, 6, 1, 4, 1, 1, 0x7b, 0x0b};
    WrEngine *eng = wr_engine_new(NULL);
    WrModule *m;
    CmError err;
    assert_int_equal(wr_module_load(eng, bad, sizeof bad, &m, &err), CM_E_V_TYPE_MISMATCH);
    assert_null(m);
    assert_int_equal(err.func, 0);
    assert_int_equal(wr_module_load(eng, simd, sizeof simd, &m, &err), CM_E_V_SIMD);
    assert_string_equal(err_message(err.code), "SIMD is not supported yet");
    wr_engine_free(eng);
}

/* ---- extended constant expressions (Wasm 3.0) ---- */

static WrVal global_of(WrInstance *inst, const char *name)
{
    WrExtern x;
    assert_int_equal(wr_instance_export(inst, name, &x), 0);
    assert_int_equal(x.kind, WR_EXTERN_GLOBAL);
    return wr_global_get(x.u.global);
}

static void extended_const_is_evaluated(void **state)
{
    (void)state;
    WrEngine *eng = wr_engine_new(NULL);
    WrLinker *lk = wr_linker_new(eng);
    WrExtern base = {WR_EXTERN_GLOBAL, {.global = wr_global_new(eng, WR_I32, 0, (WrVal){.i32 = 100})}};
    WrExtern big = {WR_EXTERN_GLOBAL,
                    {.global = wr_global_new(eng, WR_I64, 0, (WrVal){.i64 = 123456789012})}};
    assert_int_equal(wr_linker_extern(lk, "env", "base", base), CM_OK);
    assert_int_equal(wr_linker_extern(lk, "env", "big", big), CM_OK);
    WrInstance *inst = inst_of(eng, "extconst", lk);
    assert_int_equal(global_of(inst, "g_add").i32, 108);
    assert_int_equal(global_of(inst, "g_sub").i32, -95);
    assert_int_equal(global_of(inst, "g_nest").i32, 299);         /* 100 * 3 + 1 - 2 */
    assert_true(global_of(inst, "g_mul64").i64 == 123456789012000000LL);
    assert_true(global_of(inst, "g_wrap64").i64 == INT64_MIN);    /* wraps */
    assert_int_equal(global_of(inst, "g_wrap32").i32, 0);          /* 2^32 wraps to 0 */
    assert_true(global_of(inst, "g_sub64").i64 == 123456789002LL);
    /* data at 100 * 4 + 16 = 416, nothing just before it */
    const uint8_t *mem = wr_memory_data(wr_instance_memory(inst));
    assert_int_equal(mem[415], 0);
    assert_int_equal(mem[416], 0xaa);
    assert_int_equal(mem[417], 0xbb);
    assert_int_equal(mem[418], 0);
    /* element offset 100 - 99 = 1 */
    WrTrap trap;
    WrVal res[1];
    assert_int_equal(wr_call(inst, "call1", NULL, 0, res, 1, &trap), CM_OK);
    assert_int_equal(res[0].i32, 42);
    wr_engine_free(eng);
}

static void extended_const_is_checked(void **state)
{
    (void)state;
    /* (global i32 (i32.div_s (i32.const 6) (i32.const 3))): not constant */
    static const uint8_t div[] = {0, 'a', 's', 'm', 1, 0, 0, 0,
                                  6, 9, 1, 0x7f, 0, 0x41, 6, 0x41, 3, 0x6d, 0x0b};
    /* (global i32 (i32.add (i32.const 1) (i64.const 2))): operand type */
    static const uint8_t operand[] = {0, 'a', 's', 'm', 1, 0, 0, 0,
                                      6, 9, 1, 0x7f, 0, 0x41, 1, 0x42, 2, 0x6a, 0x0b};
    /* (global i64 (i32.add (i32.const 1) (i32.const 2))): result type */
    static const uint8_t result[] = {0, 'a', 's', 'm', 1, 0, 0, 0,
                                     6, 9, 1, 0x7e, 0, 0x41, 1, 0x41, 2, 0x6a, 0x0b};
    /* (global i32 (i32.const 1) (i32.add)): one operand only */
    static const uint8_t short_[] = {0, 'a', 's', 'm', 1, 0, 0, 0,
                                     6, 7, 1, 0x7f, 0, 0x41, 1, 0x6a, 0x0b};
    WrEngine *eng = wr_engine_new(NULL);
    WrModule *m;
    CmError err;
    assert_int_equal(wr_module_load(eng, div, sizeof div, &m, &err), CM_E_V_CONST_EXPR);
    assert_string_equal(err_message(err.code), "constant expression required");
    assert_null(m);
    assert_int_equal(wr_module_load(eng, operand, sizeof operand, &m, &err), CM_E_V_TYPE_MISMATCH);
    assert_int_equal(wr_module_load(eng, result, sizeof result, &m, &err), CM_E_V_TYPE_MISMATCH);
    assert_int_equal(wr_module_load(eng, short_, sizeof short_, &m, &err), CM_E_V_TYPE_MISMATCH);
    wr_engine_free(eng);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fuel_stops_a_loop),
        cmocka_unit_test(fused_loop_fuel_is_exact),
        cmocka_unit_test(deadline_stops_a_loop),
        cmocka_unit_test(unwritten_locals_read_zero),
        cmocka_unit_test(call_depth_is_limited),
        cmocka_unit_test(value_stack_is_limited),
        cmocka_unit_test(memory_is_capped),
        cmocka_unit_test(host_functions),
        cmocka_unit_test(unknown_and_mismatched_imports),
        cmocka_unit_test(traps_and_backtraces),
        cmocka_unit_test(invalid_modules_are_rejected),
        cmocka_unit_test(extended_const_is_evaluated),
        cmocka_unit_test(extended_const_is_checked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
