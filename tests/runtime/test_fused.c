/* test_fused.c - the interpreter's fused instructions compute what the
 * unfused Wasm instructions mean.
 *
 * The translator fuses address arithmetic into loads and stores (x + y,
 * x + (y << k)), an i32 ALU op into the compare-and-branch after it, and
 * pairs of adjacent instructions into superinstructions (rt_ops.h).
 * wat/fused.wat holds functions shaped to be fused that way; here each is
 * called over a spread of inputs (wrapping addresses, sign and zero
 * extension, every comparison, out-of-bounds traps) and compared with the
 * same computation written in C against a model of the guest's memory.
 * The d_* functions (one per superinstruction and operand form, one per
 * accumulator form and operand: rt_ops.h RT_ACC_FORMS, and the loops of
 * one instruction, RT_LOOP_OPS, with loops that must not be one) are run
 * differentially: in an engine with superinstructions and in one without
 * (WrEngine.no_fuse), which must agree on every result and trap.
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

#define MEM_SIZE 65536u

typedef struct Fx {
    WrEngine *eng;
    WrInstance *inst;
    uint8_t model[MEM_SIZE]; /* what the guest's memory must hold */
} Fx;

static int setup(void **state)
{
    Fx *fx = calloc(1, sizeof *fx);
    assert_non_null(fx);
    char path[4096];
    const char *dir = getenv("RT_WAT_DIR");
    assert_non_null(dir);
    snprintf(path, sizeof path, "%s/fused.wasm", dir);
    uint8_t *bytes;
    size_t len;
    assert_int_equal(file_read(path, &bytes, &len), CM_OK);
    fx->eng = wr_engine_new(NULL);
    WrModule *m;
    CmError err;
    assert_int_equal(wr_module_load(fx->eng, bytes, len, &m, &err), CM_OK);
    free(bytes);
    WrTrap trap;
    assert_int_equal(wr_instantiate(fx->eng, m, NULL, &fx->inst, &trap), CM_OK);
    for (unsigned k = 0; k < 256; k++)
        fx->model[k] = (uint8_t)((k * 37 + 0x85) & 0xff);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    Fx *fx = *state;
    wr_engine_free(fx->eng);
    free(fx);
    return 0;
}

/* Call fn(args) expecting one result, or a trap with code `want`. */
static CmErr call(Fx *fx, const char *fn, const WrVal *args, size_t nargs, WrVal *res)
{
    WrTrap trap;
    return wr_call(fx->inst, fn, args, nargs, res, 1, &trap);
}

static uint64_t model_le(const Fx *fx, uint64_t addr, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v |= (uint64_t)fx->model[addr + i] << (8 * i);
    return v;
}

/* ---- loads: name, width, signed, 64-bit result ---- */

static const struct {
    const char *name;
    unsigned width, is_signed, is64;
} loads[] = {
    {"i32_load", 4, 0, 0},     {"i64_load", 8, 0, 1},     {"i32_load8_s", 1, 1, 0},
    {"i32_load8_u", 1, 0, 0},  {"i32_load16_s", 2, 1, 0}, {"i32_load16_u", 2, 0, 0},
    {"i64_load8_s", 1, 1, 1},  {"i64_load8_u", 1, 0, 1},  {"i64_load16_s", 2, 1, 1},
    {"i64_load16_u", 2, 0, 1}, {"i64_load32_s", 4, 1, 1}, {"i64_load32_u", 4, 0, 1},
};

static uint64_t extend(uint64_t raw, unsigned width, unsigned is_signed, unsigned is64)
{
    uint64_t v = raw;
    if (is_signed && width < 8 && (raw >> (8 * width - 1)) & 1)
        v |= ~(uint64_t)0 << (8 * width);
    return is64 ? v : (uint32_t)v; /* i32 results come back zero-extended */
}

static void loads_with_fused_addresses(void **state)
{
    Fx *fx = *state;
    /* (b, i) pairs, including ones whose i32 sum wraps around */
    static const uint32_t pairs[][2] = {
        {0, 0}, {1, 2}, {17, 100}, {200, 40}, {0xfffffff0u, 0x20}, {0x80000000u, 0x80000005u},
    };
    for (size_t l = 0; l < sizeof loads / sizeof loads[0]; l++) {
        for (size_t p = 0; p < sizeof pairs / sizeof pairs[0]; p++) {
            uint32_t b = pairs[p][0], i = pairs[p][1];
            char fn[64];
            WrVal args[2] = {{.i32 = (int32_t)b}, {.i32 = (int32_t)i}}, res[1];
            snprintf(fn, sizeof fn, "x_%s", loads[l].name);
            uint64_t addr = (uint64_t)(uint32_t)(b + i) + 3;
            assert_int_equal(call(fx, fn, args, 2, res), CM_OK);
            uint64_t want = extend(model_le(fx, addr, loads[l].width), loads[l].width,
                                   loads[l].is_signed, loads[l].is64);
            assert_int_equal((uint64_t)res[0].i64, want);
            snprintf(fn, sizeof fn, "s_%s", loads[l].name);
            addr = (uint64_t)(uint32_t)(b + (i << 2)) + 3;
            if (addr + loads[l].width > MEM_SIZE) {
                assert_int_equal(call(fx, fn, args, 2, res), CM_E_T_MEM_OOB);
                continue;
            }
            assert_int_equal(call(fx, fn, args, 2, res), CM_OK);
            want = extend(model_le(fx, addr, loads[l].width), loads[l].width, loads[l].is_signed,
                          loads[l].is64);
            assert_int_equal((uint64_t)res[0].i64, want);
        }
        /* the last byte that fits, then one past it */
        char fn[64];
        snprintf(fn, sizeof fn, "x_%s", loads[l].name);
        WrVal res[1], ok[2] = {{.i32 = (int32_t)(MEM_SIZE - 3 - loads[l].width)}, {.i32 = 0}};
        WrVal bad[2] = {{.i32 = (int32_t)(MEM_SIZE - 3 - loads[l].width)}, {.i32 = 1}};
        assert_int_equal(call(fx, fn, ok, 2, res), CM_OK);
        assert_int_equal(call(fx, fn, bad, 2, res), CM_E_T_MEM_OOB);
    }
}

static const struct {
    const char *name;
    unsigned width, is64;
} stores[] = {
    {"i32_store", 4, 0},  {"i64_store", 8, 1},   {"i32_store8", 1, 0}, {"i32_store16", 2, 0},
    {"i64_store8", 1, 1}, {"i64_store16", 2, 1}, {"i64_store32", 4, 1},
};

static void stores_with_fused_addresses(void **state)
{
    Fx *fx = *state;
    static const uint32_t pairs[][2] = {{8, 3}, {100, 20}, {0xffffff00u, 0x180}, {40, 1}};
    const uint64_t v = 0x8877665544332211ull;
    const uint32_t w = 0xa1b2c3d4u;
    for (size_t s = 0; s < sizeof stores / sizeof stores[0]; s++) {
        for (size_t p = 0; p < sizeof pairs / sizeof pairs[0]; p++) {
            for (int shifted = 0; shifted < 2; shifted++) {
                uint32_t b = pairs[p][0], i = pairs[p][1];
                char fn[64];
                snprintf(fn, sizeof fn, "%s_%s", shifted ? "s" : "x", stores[s].name);
                WrVal args[4] = {{.i32 = (int32_t)b}, {.i32 = (int32_t)i}, {.i64 = (int64_t)v},
                                 {.i32 = (int32_t)w}},
                      res[1];
                uint64_t addr = (uint64_t)(uint32_t)(b + (shifted ? i << 3 : i)) + 5;
                uint64_t val = stores[s].is64 ? v : w;
                for (unsigned k = 0; k < stores[s].width; k++)
                    fx->model[addr + k] = (uint8_t)(val >> (8 * k));
                assert_int_equal(call(fx, fn, args, 4, res), CM_OK);
                assert_int_equal((uint64_t)res[0].i64, model_le(fx, addr, 8));
            }
        }
        char fn[64];
        snprintf(fn, sizeof fn, "x_%s", stores[s].name);
        WrVal res[1],
            bad[4] = {{.i32 = (int32_t)(MEM_SIZE - 5)}, {.i32 = 0}, {.i64 = 1}, {.i32 = 1}};
        assert_int_equal(call(fx, fn, bad, 4, res), CM_E_T_MEM_OOB);
    }
}

/* ---- an ALU op fused with the branch that follows ---- */

static int cmp32(const char *c, uint32_t a, uint32_t b)
{
    if (!strcmp(c, "eq")) return a == b;
    if (!strcmp(c, "ne")) return a != b;
    if (!strcmp(c, "lt_s")) return (int32_t)a < (int32_t)b;
    if (!strcmp(c, "lt_u")) return a < b;
    if (!strcmp(c, "gt_s")) return (int32_t)a > (int32_t)b;
    if (!strcmp(c, "gt_u")) return a > b;
    if (!strcmp(c, "le_s")) return (int32_t)a <= (int32_t)b;
    if (!strcmp(c, "le_u")) return a <= b;
    if (!strcmp(c, "ge_s")) return (int32_t)a >= (int32_t)b;
    return a >= b; /* ge_u */
}

static uint32_t load32(const Fx *fx, uint32_t at);

static uint32_t alu32(const Fx *fx, const char *alu, uint32_t i, uint32_t k)
{
    if (!strcmp(alu, "add")) return i + k;
    if (!strcmp(alu, "addi")) return i + 7;
    if (!strcmp(alu, "load")) return load32(fx, k);
    if (!strcmp(alu, "load8u")) return (uint32_t)model_le(fx, k, 1);
    return i & 0x7ffffff7u; /* andi */
}

static void alu_and_branch(void **state)
{
    Fx *fx = *state;
    static const char *const alus[] = {"add", "addi", "andi", "load", "load8u"};
    static const char *const cmps[] = {"eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u",
                                       "le_s", "le_u", "ge_s", "ge_u"};
    static const uint32_t inputs[][3] = {
        {0, 1, 10},     {93, 7, 100},          {0xfffffff0u, 3, 5}, {5, 0, 5},
        {100, 0, 100},  {0x7ffffff0u, 9, 0},   {0x80000000u, 1, 0x80000010u},
    };
    for (size_t a = 0; a < sizeof alus / sizeof alus[0]; a++)
        for (size_t c = 0; c < 10; c++)
            for (int imm = 0; imm < 2; imm++)
                for (size_t t = 0; t < sizeof inputs / sizeof inputs[0]; t++) {
                    uint32_t i = inputs[t][0], k = inputs[t][1], lim = inputs[t][2], n = 0;
                    uint32_t rhs = imm ? 100 : lim;
                    for (;;) {
                        if (n >= 50)
                            break;
                        n++;
                        i = alu32(fx, alus[a], i, k);
                        if (!cmp32(cmps[c], i, rhs))
                            break;
                    }
                    char fn[64];
                    snprintf(fn, sizeof fn, "b_%s_%s_%s", alus[a], cmps[c], imm ? "i" : "r");
                    WrVal args[3] = {{.i32 = (int32_t)inputs[t][0]}, {.i32 = (int32_t)k},
                                     {.i32 = (int32_t)lim}},
                          res[1];
                    assert_int_equal(call(fx, fn, args, 3, res), CM_OK);
                    if ((uint64_t)res[0].i64 != ((uint64_t)n << 32 | i))
                        fail_msg("%s(%u, %u, %u) = %llx, want %llx", fn, inputs[t][0], k, lim,
                                 (unsigned long long)res[0].i64,
                                 (unsigned long long)((uint64_t)n << 32 | i));
                }
    for (uint32_t start = 0; start < 64; start += 5) {
        for (int z = 0; z < 2; z++) {
            uint32_t i = start, n = 0;
            for (;;) {
                if (n >= 50)
                    break;
                n++;
                i += 8;
                if (((i & 0x30) != 0) == z)
                    break;
            }
            WrVal args[1] = {{.i32 = (int32_t)start}}, res[1];
            assert_int_equal(call(fx, z ? "t_z" : "t_nz", args, 1, res), CM_OK);
            assert_int_equal((uint32_t)res[0].i32, n * 1000 + (i & 0xff));
        }
    }
}

/* ---- superinstructions ---- */

static uint32_t rotl(uint32_t x, unsigned k) { return x << k | x >> (32 - k); }

static void integer_pairs(void **state)
{
    Fx *fx = *state;
    static const uint32_t inputs[][3] = {{1, 2, 1}, {0xdeadbeefu, 0x12345678u, 64}, {7, 0, 1000}};
    for (size_t t = 0; t < 3; t++) {
        uint32_t a = inputs[t][0], b = inputs[t][1], n = inputs[t][2], c = 0, d = 0;
        do {
            uint32_t x = rotl(a, 5) ^ rotl(b, 13);
            x = rotl(x ^ c, 7);
            d = c;
            c = b;
            b = a;
            a = x + d + a;
            for (unsigned k = 0; k < 4; k++)
                fx->model[64 + k] = (uint8_t)(a >> (8 * k));
            c += 3;
            d += 5;
            x = (uint32_t)model_le(fx, 64, 4) + (uint32_t)model_le(fx, 68, 4);
            fx->model[x & 0xfff] = (uint8_t)a;
            x += b;
            a ^= x;
        } while (--n != 0);
        WrVal args[3] = {{.i32 = (int32_t)inputs[t][0]}, {.i32 = (int32_t)inputs[t][1]},
                         {.i32 = (int32_t)inputs[t][2]}},
              res[1];
        assert_int_equal(call(fx, "p_int", args, 3, res), CM_OK);
        assert_int_equal((uint32_t)res[0].i32, a ^ (c + d));
    }
}

static double model_f64(Fx *fx, uint32_t at, const double *v)
{
    double d;
    if (v)
        memcpy(fx->model + at, v, 8);
    memcpy(&d, fx->model + at, 8);
    return d;
}

static void float_pairs(void **state)
{
    Fx *fx = *state;
    static const double inputs[][2] = {{1.5, 2.5}, {-0.75, 3.0}, {1e5, -1.25}};
    static const int32_t counts[] = {1, 100, 3};
    for (size_t t = 0; t < 3; t++) {
        double x = inputs[t][0], y = inputs[t][1], s = 0, v;
        int32_t p = 0;
        do {
            v = x * y * x;
            model_f64(fx, 128, &v);
            s = x * 0.5 + s;
            s = s * y - model_f64(fx, 128, NULL);
            s = (s - x) * y;
            s = (s + x) * 0.25;
            v = s + y;
            model_f64(fx, 136, &v);
            p++;
            x = model_f64(fx, 136, NULL) * 0.75;
            y = model_f64(fx, 136, NULL) + x;
            v = y - s;
            model_f64(fx, 144, &v);
            y = model_f64(fx, 144, NULL) * 0.5;
        } while ((uint32_t)p < (uint32_t)counts[t]);
        double want = s + (x + y);
        assert_true(want == want); /* no NaN: its bits need not be unique */
        WrVal args[3] = {{.f64 = inputs[t][0]}, {.f64 = inputs[t][1]}, {.i32 = counts[t]}}, res[1];
        assert_int_equal(call(fx, "p_f64", args, 3, res), CM_OK);
        assert_memory_equal(&res[0].f64, &want, sizeof want);
    }
}

static uint32_t load32(const Fx *fx, uint32_t at) { return (uint32_t)model_le(fx, at, 4); }
static void store32(Fx *fx, uint32_t at, uint32_t v)
{
    for (unsigned k = 0; k < 4; k++)
        fx->model[at + k] = (uint8_t)(v >> (8 * k));
}

static void control_pairs(void **state)
{
    Fx *fx = *state;
    static const uint32_t counts[] = {0, 1, 5, 999};
    for (size_t t = 0; t < sizeof counts / sizeof counts[0]; t++) {
        uint32_t n = counts[t], acc = 0, p = 0, q;
        for (uint32_t i = 0; i < n; i++) {
            uint32_t idx = (i & 3) + 1; /* br_table: 1 -> c1, 2 -> c2, else c3 */
            if (idx == 1) {
                p = acc;
            } else if (idx == 2) {
                q = acc & 0xff;
                p = load32(fx, q + (i << 2));
            } else {
                acc = acc * p + i;
                store32(fx, 200, acc);
                store32(fx, 204, p);
                acc = acc + (p + 1);
            }
        }
        WrVal args[1] = {{.i32 = (int32_t)n}}, res[1];
        assert_int_equal(call(fx, "p_ctl", args, 1, res), CM_OK);
        assert_int_equal((uint32_t)res[0].i32, load32(fx, 200) + load32(fx, 208));
    }
}

static WrInstance *instance(WrEngine *eng)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/fused.wasm", getenv("RT_WAT_DIR"));
    uint8_t *bytes;
    size_t len;
    assert_int_equal(file_read(path, &bytes, &len), CM_OK);
    WrModule *m;
    CmError err;
    assert_int_equal(wr_module_load(eng, bytes, len, &m, &err), CM_OK);
    free(bytes);
    WrInstance *inst;
    WrTrap trap;
    assert_int_equal(wr_instantiate(eng, m, NULL, &inst, &trap), CM_OK);
    return inst;
}

static void fused_and_unfused_agree(void **state)
{
    (void)state;
    WrEngine *fast = wr_engine_new(NULL), *plain = wr_engine_new(NULL);
    plain->no_fuse = 1;
    WrInstance *a = instance(fast), *b = instance(plain);
    static const int32_t ints[][3] = {
        {5, 9, 300},  {-1, 0x7fffffff, 0xff0},         {0x12345678, -7, 16},
        {0, 0, 0},    {-2147483647 - 1, 3, 4000},
    };
    static const double floats[][2] = {{1.5, 2.5}, {-0.0, 1e300}, {3.25, -7.125}};
    uint32_t n = 0;
    for (;; n++) {
        char fn[32];
        snprintf(fn, sizeof fn, "d_%u", n);
        WrExtern ex;
        if (wr_instance_export(a, fn, &ex))
            break;
        for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
            const double *fl = floats[i % 3];
            WrVal args[5] = {{.i32 = ints[i][0]}, {.i32 = ints[i][1]}, {.i32 = ints[i][2]},
                             {.f64 = fl[0]}, {.f64 = fl[1]}};
            WrVal ra[1] = {{0}}, rb[1] = {{0}};
            WrTrap ta, tb;
            CmErr ea = wr_call(a, fn, args, 5, ra, 1, &ta), eb = wr_call(b, fn, args, 5, rb, 1, &tb);
            if (ea != eb || (!ea && ra[0].i64 != rb[0].i64))
                fail_msg("%s case %zu: fused %d/%llx, unfused %d/%llx", fn, i, (int)ea,
                         (unsigned long long)ra[0].i64, (int)eb, (unsigned long long)rb[0].i64);
        }
    }
    assert_true(n > 250); /* one per superinstruction, accumulator form and operand: the generator ran */
    wr_engine_free(fast);
    wr_engine_free(plain);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(loads_with_fused_addresses),
        cmocka_unit_test(stores_with_fused_addresses),
        cmocka_unit_test(alu_and_branch),
        cmocka_unit_test(integer_pairs),
        cmocka_unit_test(float_pairs),
        cmocka_unit_test(control_pairs),
        cmocka_unit_test(fused_and_unfused_agree),
    };
    /* one instance for all: the memory model follows it from test to test */
    return cmocka_run_group_tests(tests, setup, teardown);
}
