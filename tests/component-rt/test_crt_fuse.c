/* test_crt_fuse.c - guest-to-guest calls copied straight from one guest to
 * the other (runtime/component/rc_fuse.c).
 *
 * fuse-A-B.wasm (gen_echo.py --fuse): the echo component in string encoding
 * A imports the echo component in encoding B, which imports the host.  A
 * call echo-tN(x) goes host -> A -> B -> host -> B -> A -> host, so x
 * crosses the A<->B boundary both ways with no host in between; the host
 * checks what B handed it, the test checks the final result, for every
 * type family and all nine encoding pairs.
 *
 * fuse-traps.wasm (gen_fuse_traps.py): each canonical-ABI fault across the
 * guest boundary, on either side.
 *
 * fz-A-B.wasm (gen_echo.py --fuse): arbitrary bytes read as core values by
 * the caller and passed to the echo component, for every type: fused and
 * WrcVal calls must agree on every value and every trap.
 *
 * Everything runs twice: fused, and through WrcVal trees (the path host
 * calls take, chosen through the runtime's internal flag); both must give
 * the same values, the same trap codes and messages, and poison the same
 * instances.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "crt_util.h"
#include "rc_internal.h"

#include <math.h>
#include <string.h>

#define NTYPES 29 /* echo-t0 .. echo-t28 */

static CrtEcho g_echo; /* the echo host imports' expectation and counts */

static void open_rig(CrtRig *r, const char *file, int fuse)
{
    crt_open(r, file);
    r->c->no_fuse = !fuse;
    for (int i = 0; i < NTYPES; i++) {
        char name[16];
        snprintf(name, sizeof name, "echo-t%d", i);
        wrc_linker_func(r->lk, "test:echo/host@0.1.0", name, crt_host_echo, &g_echo);
    }
    wrc_linker_func(r->lk, "test:echo/host@0.1.0", "sum17", crt_host_sum17, NULL);
    crt_instantiate(r);
}

/* ---- values ---- */

static WrcVal g_pool[512];
static int g_used;

static WrcVal *vals(int n, ...)
{
    va_list ap;
    va_start(ap, n);
    assert_true(g_used + n <= 512);
    WrcVal *p = &g_pool[g_used];
    for (int i = 0; i < n; i++)
        p[i] = va_arg(ap, WrcVal);
    g_used += n;
    va_end(ap);
    return p;
}

static WrcVal *box(WrcVal v) { return vals(1, v); }

#define STR(s) wrc_str(s, (uint32_t)(sizeof(s) - 1))

typedef struct Case {
    int index; /* echo-tN */
    WrcVal v;
} Case;

static char g_long[101];

static int make_cases(Case *c)
{
    static const uint8_t bytes[] = {0, 0x80, 0xff, 7, 9};
    int n = 0;
    g_used = 0;
    memset(g_long, 'x', 100);
    memcpy(g_long, "\xc3\xa9t\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x98\x80", 14); /* mixed widths */
    c[n++] = (Case){0, wrc_bool(1)};
    c[n++] = (Case){1, wrc_s8(-128)};
    c[n++] = (Case){2, wrc_u8(255)};
    c[n++] = (Case){3, wrc_s16(-1)};
    c[n++] = (Case){4, wrc_u16(0x8001)};
    c[n++] = (Case){5, wrc_s32(-2)};
    c[n++] = (Case){6, wrc_u32(0x80000000u)};
    c[n++] = (Case){7, wrc_s64(-1)};
    c[n++] = (Case){8, wrc_u64(0x8000000000000001ull)};
    c[n++] = (Case){9, wrc_f32(-0.0f)};
    c[n++] = (Case){9, wrc_f32(NAN)};
    c[n++] = (Case){10, wrc_f64(-INFINITY)};
    c[n++] = (Case){11, wrc_char(0x10FFFF)};
    c[n++] = (Case){11, wrc_char(0xE9)};
    c[n++] = (Case){12, STR("plain ascii")};
    c[n++] = (Case){12, STR("latin1 \xc3\xa9\xc3\xbf\xc2\x80")}; /* fits latin1 */
    c[n++] = (Case){12, STR("bmp \xe2\x9c\x93 and astral \xf0\x9f\x98\x80\xf0\x9f\x98\x80")};
    c[n++] = (Case){12, STR("")};
    c[n++] = (Case){12, wrc_str(g_long, 100)};
    c[n++] = (Case){13, wrc_bytes(bytes, 5)};
    c[n++] = (Case){14, wrc_list(vals(4, STR("\xf0\x9f\x98\x80"), STR(""), STR("\xc3\xbf"), STR("z")), 4)};
    c[n++] = (Case){14, wrc_list(NULL, 0)};
    c[n++] = (Case){15, wrc_list(vals(2, wrc_u32(0), wrc_u32(0xfffffffeu)), 2)};
    c[n++] = (Case){16, wrc_record(vals(2, wrc_s32(INT32_MAX), wrc_s32(INT32_MIN)), 2)};
    c[n++] = (Case){17, wrc_tuple(vals(3, wrc_u8(0), STR("\xe2\x9c\x93"), wrc_f64(1e-300)), 3)};
    c[n++] = (Case){18, wrc_variant(0, box(wrc_f32(-2.5f)))};
    c[n++] = (Case){18, wrc_variant(1, box(wrc_record(vals(2, wrc_s32(-3), wrc_s32(4)), 2)))};
    c[n++] = (Case){18, wrc_variant(2, NULL)};
    c[n++] = (Case){18, wrc_variant(3, box(wrc_u64(UINT64_MAX)))};
    c[n++] = (Case){19, wrc_enum(0)};
    c[n++] = (Case){19, wrc_enum(2)};
    c[n++] = (Case){20, wrc_some(box(STR("\xc3\xa9\xf0\x9f\x98\x80")))};
    c[n++] = (Case){20, wrc_none()};
    c[n++] = (Case){21, wrc_none()};
    c[n++] = (Case){21, wrc_some(box(wrc_u8(200)))};
    c[n++] = (Case){22, wrc_ok(box(wrc_u32(77)))};
    c[n++] = (Case){22, wrc_err(box(STR("\xe2\x9c\x97 failed")))};
    c[n++] = (Case){23, wrc_err(NULL)};
    c[n++] = (Case){24, wrc_ok(NULL)};
    c[n++] = (Case){24, wrc_err(box(wrc_u8(255)))};
    c[n++] = (Case){25, wrc_flags(0)};
    c[n++] = (Case){25, wrc_flags(7)};
    c[n++] = (Case){26, wrc_list(vals(3, wrc_none(), wrc_some(box(wrc_record(vals(2, wrc_s32(5), wrc_s32(6)), 2))),
                                      wrc_none()), 3)};
    c[n++] = (Case){27, wrc_variant(1, box(wrc_s8(-128)))};
    c[n++] = (Case){27, wrc_variant(2, box(wrc_f64(-0.125)))};
    c[n++] = (Case){27, wrc_variant(0, box(wrc_f32(3.5f)))};
    /* list<record { name: string, n: u32 }> */
    c[n++] = (Case){28, wrc_list(vals(3, wrc_record(vals(2, STR("\xc3\xa9t\xc3\xa9"), wrc_u32(1)), 2),
                                      wrc_record(vals(2, STR(""), wrc_u32(0)), 2),
                                      wrc_record(vals(2, STR("\xf0\x9f\x98\x80!"), wrc_u32(0xffffffffu)), 2)), 3)};
    c[n++] = (Case){28, wrc_list(NULL, 0)};
    return n;
}

static uint32_t call_u32(CrtRig *r, const char *name)
{
    WrcVal res;
    WrTrap trap;
    if (wrc_call(r->inst, name, NULL, 0, &res, &trap))
        fail_msg("%s: %s", name, trap.message);
    return res.u.u32;
}

static void echo_pair(const char *outer, const char *inner, int fuse)
{
    char file[64];
    snprintf(file, sizeof file, "fuse-%s-%s.wasm", outer, inner);
    CrtRig r;
    open_rig(&r, file, fuse);
    /* the outer echo's 29 echo imports and sum17 are the inner's exports */
    assert_int_equal(r.inst->nfused, fuse ? NTYPES + 1 : 0);
    Case cases[80];
    int n = make_cases(cases);
    uint32_t posts = 0;
    for (int i = 0; i < n; i++) {
        char name[16];
        snprintf(name, sizeof name, "echo-t%d", cases[i].index);
        g_echo.expect = &cases[i].v;
        g_echo.calls = g_echo.mismatch = 0;
        WrcVal res;
        WrTrap trap;
        if (wrc_call(r.inst, name, &cases[i].v, 1, &res, &trap))
            fail_msg("%s %s (case %d): %s", file, name, i, trap.message);
        assert_int_equal(g_echo.calls, 1);
        if (g_echo.mismatch)
            fail_msg("%s %s (case %d): the host received a different value", file, name, i);
        if (!crt_val_eq(&res, &cases[i].v))
            fail_msg("%s %s (case %d): the result differs from the argument", file, name, i);
        posts += cabi_flat_count(wrc_func_type(wrc_instance_func(r.inst, name))->result) > 1;
    }
    g_echo.expect = NULL;
    /* post-return ran in both guests after every result through memory */
    assert_int_equal(call_u32(&r, "posts"), posts);
    assert_int_equal(call_u32(&r, "posts-b"), posts);
    WrcVal args[17], res;
    WrTrap trap;
    uint32_t want = 0;
    for (uint32_t i = 0; i < 17; i++) {
        args[i] = wrc_u32(0xfffffff0u + i);
        want += (0xfffffff0u + i) * (i + 1);
    }
    if (wrc_call(r.inst, "sum17", args, 17, &res, &trap))
        fail_msg("%s sum17: %s", file, trap.message);
    assert_int_equal(res.u.u32, want);
    crt_close(&r);
}

static void echo_all(int fuse)
{
    static const char *enc[] = {"utf8", "utf16", "latin1"};
    for (int a = 0; a < 3; a++)
        for (int b = 0; b < 3; b++)
            echo_pair(enc[a], enc[b], fuse);
}

static void test_echo_fused(void **s) { (void)s; echo_all(1); }
static void test_echo_tree(void **s) { (void)s; echo_all(0); }

/* ---- traps ---- */

typedef struct TrapCase {
    const char *name;
    CmErr code;       /* CM_OK: succeeds with `value` */
    const char *text; /* in the message */
    int poisons;      /* the callee is poisoned afterwards */
    uint32_t value;
} TrapCase;

static const TrapCase TRAPS[] = {
    /* the callee's results */
    {"r-bad-char", CM_E_CA_BAD_CHAR, "0xd800", 1, 0},
    {"r-big-char", CM_E_CA_BAD_CHAR, "0x110000", 1, 0},
    {"r-bad-disc", CM_E_CA_BAD_DISCRIMINANT, "5 for a result of 2 cases", 1, 0},
    {"r-misaligned", CM_E_CA_UNALIGNED, "pointer 17 is not aligned to 4", 1, 0},
    {"r-bad-utf8", CM_E_CA_BAD_UTF8, "string at 32, 2 bytes", 1, 0},
    {"r-oob", CM_E_CA_OOB, "[65520, 65620)", 1, 0},
    {"r-too-long", CM_E_CA_TOO_LONG, "string of 2147483648 bytes", 1, 0},
    {"r-list-misaligned", CM_E_CA_UNALIGNED, "pointer 33 is not aligned to 4", 1, 0},
    {"r-list-too-long", CM_E_CA_TOO_LONG, "list of 268435456 elements of 1 bytes", 1, 0},
    {"r-bad-utf16", CM_E_CA_BAD_UTF16, "lone surrogate 0xd800 at unit 0", 1, 0},
    {"unreachable", CM_E_T_UNREACHABLE, "unreachable", 1, 0},
    {"reenter", CM_E_CA_CANNOT_ENTER, "re-entry", 1, 0},
    {"leave", CM_E_CA_CANNOT_LEAVE, "during realloc or post-return", 1, 0},
    {"bad-realloc", CM_E_CA_BAD_REALLOC, "realloc returned 65535 for 5 bytes aligned to 1", 1, 0},
    {"borrow-keep", CM_E_CA_BORROWS_REMAIN, "1 borrow(s)", 1, 0},
    /* the caller's arguments */
    {"p-bad-char", CM_E_CA_BAD_CHAR, "0xdfff", 0, 0},
    {"p-bad-disc", CM_E_CA_BAD_DISCRIMINANT, "5 for a result of 2 cases", 0, 0},
    {"p-bad-utf8", CM_E_CA_BAD_UTF8, "string at 16, 2 bytes", 0, 0},
    {"p-bad-utf16", CM_E_CA_BAD_UTF16, "lone surrogate 0xdc00 at unit 0", 0, 0},
    {"p-oob", CM_E_CA_OOB, "[65530, 65630)", 0, 0},
    {"p-list-misaligned", CM_E_CA_UNALIGNED, "pointer 33 is not aligned to 4", 0, 0},
    {"p-list-too-long", CM_E_CA_TOO_LONG, "list of 268435456 elements of 4 bytes", 0, 0},
    /* handles that cross: a borrow lent and given back, an own moved there and back */
    {"borrow-ok", CM_OK, NULL, 0, 1005},
    {"own-move", CM_OK, NULL, 0, 701},
    {"ok", CM_OK, NULL, 0, 1},
};

typedef struct Outcome {
    CmErr code;
    char msg[256];
    uint32_t value;
    CmErr after; /* calling the callee from the host afterwards */
    char after_msg[256];
} Outcome;

static void run_trap(const TrapCase *tc, int fuse, Outcome *o)
{
    CrtRig r;
    crt_open(&r, "fuse-traps.wasm");
    r.c->no_fuse = !fuse;
    crt_instantiate(&r);
    /* $C's 36 lowerings of $T and $R, $T's of $U and of itself */
    assert_int_equal(r.inst->nfused, fuse ? 38 : 0);
    WrcVal res = {0};
    WrTrap trap;
    memset(o, 0, sizeof *o);
    o->code = wrc_call(r.inst, tc->name, NULL, 0, &res, &trap);
    snprintf(o->msg, sizeof o->msg, "%s", o->code ? trap.message : "");
    o->value = o->code ? 0 : res.u.u32;
    o->after = wrc_call(r.inst, "t-ok", NULL, 0, &res, &trap);
    snprintf(o->after_msg, sizeof o->after_msg, "%s", o->after ? trap.message : "");
    crt_close(&r);
}

static void test_traps(void **s)
{
    (void)s;
    for (size_t i = 0; i < sizeof TRAPS / sizeof TRAPS[0]; i++) {
        const TrapCase *tc = &TRAPS[i];
        Outcome fused, tree;
        run_trap(tc, 1, &fused);
        run_trap(tc, 0, &tree);
        if (fused.code != tc->code)
            fail_msg("%s: code %d (%s), expected %d", tc->name, fused.code, fused.msg, tc->code);
        if (tc->text && !strstr(fused.msg, tc->text))
            fail_msg("%s: message '%s' lacks '%s'", tc->name, fused.msg, tc->text);
        if (!tc->code)
            assert_int_equal(fused.value, tc->value);
        if (tc->poisons) {
            assert_int_equal(fused.after, CM_E_CA_CANNOT_ENTER);
            assert_non_null(strstr(fused.after_msg, "poisoned"));
        } else {
            assert_int_equal(fused.after, CM_OK);
        }
        /* the WrcVal path agrees on everything */
        if (tree.code != fused.code || strcmp(tree.msg, fused.msg) || tree.value != fused.value ||
            tree.after != fused.after || strcmp(tree.after_msg, fused.after_msg))
            fail_msg("%s: fused gave %d '%s' (then %d), the WrcVal path %d '%s' (then %d)", tc->name,
                     fused.code, fused.msg, fused.after, tree.code, tree.msg, tree.after);
    }
}

/* A handle copied into the callee before a fault of the caller's next
 * argument does not stay in the callee's table (the WrcVal path never got
 * that far). */
static void test_no_handle_left(void **s)
{
    (void)s;
    static const char *calls[] = {"p-borrow-bad-utf8", "p-own-bad-utf8"};
    for (int fuse = 0; fuse < 2; fuse++) {
        for (int i = 0; i < 2; i++) {
            CrtRig r;
            crt_open(&r, "fuse-traps.wasm");
            r.c->no_fuse = !fuse;
            crt_instantiate(&r);
            WrcVal res;
            WrTrap trap;
            assert_int_equal(wrc_call(r.inst, calls[i], NULL, 0, &res, &trap), CM_E_CA_BAD_UTF8);
            assert_int_equal(wrc_call(r.inst, "t-drop1", NULL, 0, &res, &trap), CM_E_CA_UNKNOWN_HANDLE);
            crt_close(&r);
        }
    }
}

/* What the callee's core code receives for a small integer, bool or
 * flags whose core value has stray high bits (CanonicalABI.md
 * lift_flat_signed / lift_flat_unsigned, convert_int_to_bool, flags from
 * an int): the same as a host would have lowered. */
static void test_raw_values(void **s)
{
    (void)s;
    static const struct {
        const char *name;
        uint32_t in, want;
    } raw[] = {
        {"raw-bool", 0, 0}, {"raw-bool", 2, 1}, {"raw-bool", 0x80000000u, 1},
        {"raw-s8", 0x85, 0xffffff85u}, {"raw-s8", 0x1234567f, 0x7f},
        {"raw-u8", 0xffffff85u, 0x85},
        {"raw-s16", 0x18000, 0xffff8000u}, {"raw-s16", 0xabcd7fff, 0x7fff},
        {"raw-u16", 0xffffff85u, 0xff85},
        {"raw-flags", 0xffffff85u, 5}, {"raw-flags", 0xfffffff8u, 0},
    };
    for (int fuse = 0; fuse < 2; fuse++) {
        CrtRig r;
        crt_open(&r, "fuse-traps.wasm");
        r.c->no_fuse = !fuse;
        crt_instantiate(&r);
        for (size_t i = 0; i < sizeof raw / sizeof raw[0]; i++) {
            WrcVal a = wrc_u32(raw[i].in), res;
            WrTrap trap;
            if (wrc_call(r.inst, raw[i].name, &a, 1, &res, &trap))
                fail_msg("%s: %s", raw[i].name, trap.message);
            if (res.u.u32 != raw[i].want)
                fail_msg("%s(0x%x) %s: 0x%x, expected 0x%x", raw[i].name, raw[i].in,
                         fuse ? "fused" : "WrcVal", res.u.u32, raw[i].want);
        }
        crt_close(&r);
    }
}

/* ---- arbitrary values ---- */

static uint64_t g_rng = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(void)
{
    g_rng ^= g_rng << 13;
    g_rng ^= g_rng >> 7;
    g_rng ^= g_rng << 17;
    return (uint32_t)(g_rng >> 16);
}

/* Words that make plausible and implausible values: small numbers
 * (lengths, discriminants, bools), pointers into the same bytes (some
 * misaligned), chars near the surrogates and the top, text, noise. */
static void random_bytes(uint8_t *b, size_t n)
{
    for (size_t i = 0; i + 4 <= n; i += 4) {
        uint32_t r = rnd() % 100, w;
        if (r < 35)
            w = rnd() % 4;
        else if (r < 65)
            w = 2048 + (rnd() % 1020 & (rnd() % 4 ? ~3u : ~0u));
        else if (r < 72)
            w = (rnd() % 2 ? 0xd7f0 : 0x10fff0) + rnd() % 0x20;
        else if (r < 85)
            w = 0x61626364u + (rnd() % 4) * 0x80u + (rnd() % 3 ? 0 : 0x4000u);
        else
            w = rnd();
        for (int k = 0; k < 4; k++)
            b[i + k] = (uint8_t)(w >> (8 * k));
    }
}

static void fresh(CrtRig *r)
{
    wrc_instance_free(r->inst);
    r->inst = NULL;
    crt_instantiate(r);
}

static void fuzz_pair(const char *outer, const char *inner, int iters, int *ok, int *trapped)
{
    char file[64];
    snprintf(file, sizeof file, "fz-%s-%s.wasm", outer, inner);
    CrtRig fz, tr;
    open_rig(&fz, file, 1);
    open_rig(&tr, file, 0);
    /* the echo's 29 functions and sum17, the returner's 29 */
    assert_int_equal(fz.inst->nfused, 2 * NTYPES + 1);
    for (int it = 0; it < iters; it++) {
        /* arguments the caller read from the bytes, or results the
         * callee read from them */
        int results = rnd() % 2;
        const char *fill = results ? "zfill" : "fill";
        uint8_t bytes[1024];
        random_bytes(bytes, sizeof bytes);
        WrcVal b = wrc_bytes(bytes, sizeof bytes), rf, rt;
        WrTrap tf, tt;
        if (wrc_call(fz.inst, fill, &b, 1, NULL, &tf) || wrc_call(tr.inst, fill, &b, 1, NULL, &tt))
            fail_msg("%s %s failed", file, fill);
        char name[16];
        int k = (int)(rnd() % (NTYPES + 1));
        if (k == NTYPES && !results)
            snprintf(name, sizeof name, "fz-sum17");
        else
            snprintf(name, sizeof name, "%s-t%d", results ? "zz" : "fz", k % NTYPES);
        CmErr ef = wrc_call(fz.inst, name, NULL, 0, &rf, &tf);
        CmErr et = wrc_call(tr.inst, name, NULL, 0, &rt, &tt);
        if (ef != et || (ef && strcmp(tf.message, tt.message)) || (!ef && !crt_val_eq(&rf, &rt)))
            fail_msg("%s %s (iteration %d): fused %d '%s', WrcVal %d '%s'%s", file, name, it, ef,
                     ef ? tf.message : "", et, et ? tt.message : "", !ef && !et ? " (values differ)" : "");
        if (ef) {
            ++*trapped;
            fresh(&fz); /* both are poisoned now */
            fresh(&tr);
        } else {
            ++*ok;
        }
    }
    crt_close(&fz);
    crt_close(&tr);
}

static void test_fuzz_differential(void **s)
{
    (void)s;
    static const char *enc[] = {"utf8", "utf16", "latin1"};
    int ok = 0, trapped = 0;
    for (int a = 0; a < 3; a++)
        for (int b = 0; b < 3; b++)
            fuzz_pair(enc[a], enc[b], 400, &ok, &trapped);
    /* the inputs reach both outcomes often */
    assert_true(ok > 9 * 400 / 10);
    assert_true(trapped > 9 * 400 / 10);
}

/* compose.wat: a UTF-8 guest calling a UTF-16 guest, fused. */
static void test_compose_is_fused(void **s)
{
    (void)s;
    CrtRig r;
    crt_open(&r, "compose.wasm");
    crt_instantiate(&r);
    assert_int_equal(r.inst->nfused, 3);
    crt_close(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_echo_fused),
        cmocka_unit_test(test_echo_tree),
        cmocka_unit_test(test_traps),
        cmocka_unit_test(test_no_handle_left),
        cmocka_unit_test(test_raw_values),
        cmocka_unit_test(test_fuzz_differential),
        cmocka_unit_test(test_compose_is_fused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
