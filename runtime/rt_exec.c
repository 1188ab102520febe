/* rt_exec.c - the interpreter loop.
 *
 * One function runs every wasm frame: calls between wasm functions push an
 * RtFrame on the engine's call stack and jump; they never recurse on the C
 * stack (a host function that calls back into wasm does, through rt_exec).
 * Hot state lives in locals: pc, fp (the frame's slots), mem/memsize (memory
 * 0 of the running instance) and the tick counter for fuel and deadline.
 * They are reloaded after anything that may change them (calls, returns,
 * memory.grow, host functions).  Every trap jumps to one exit that records
 * where it happened and unwinds to the caller of rt_exec.
 *
 * Dispatch is direct-threaded with GCC/Clang (each opcode word holds the
 * offset of its handler; computed goto), or a plain switch when
 * RT_SWITCH_DISPATCH is defined - the two differ only in the macros
 * VM_DISPATCH / VM_CASE / VM_NEXT, as in Lua.
 *
 * Memory bounds: with RT_GUARD_PAGES the accessible part of a memory is
 * followed by inaccessible address space covering every 32-bit address plus
 * offset, so loads and stores carry no check; a fault there is caught by a
 * SIGSEGV handler that siglongjmps back to rt_exec, which reports "out of
 * bounds memory access".  Without it (sanitizer and fuzz builds, other
 * platforms) every access is checked explicitly (BOUNDS).
 */
#include "rt_internal.h"
#include "rt_ops.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#ifdef RT_GUARD_PAGES
#include <setjmp.h>
#include <signal.h>
#endif
#include <string.h>
#include <time.h>

#if !defined(__GNUC__)
#define RT_SWITCH_DISPATCH 1
#endif

/* Direct threading: after translation each opcode word is replaced by the
 * offset of its handler from a base label, so dispatch is one load and an
 * indirect jump (no table).  Off in the switch and profiling builds. */
#if !defined(RT_SWITCH_DISPATCH) && !defined(RT_PROFILE)
#define RT_DIRECT 1
static int32_t op_offset[RO__COUNT];
static int op_offset_ready;
#endif

#define TICK_CHUNK 4096

typedef struct RtGuard RtGuard;

/* ---- float helpers with Wasm semantics ---- */

static inline float f32_min(float a, float b)
{
    if (a != a || b != b)
        return a + b;
    if (a == 0 && b == 0)
        return signbit(a) ? a : b;
    return a < b ? a : b;
}
static inline float f32_max(float a, float b)
{
    if (a != a || b != b)
        return a + b;
    if (a == 0 && b == 0)
        return signbit(a) ? b : a;
    return a > b ? a : b;
}
static inline double f64_min(double a, double b)
{
    if (a != a || b != b)
        return a + b;
    if (a == 0 && b == 0)
        return signbit(a) ? a : b;
    return a < b ? a : b;
}
static inline double f64_max(double a, double b)
{
    if (a != a || b != b)
        return a + b;
    if (a == 0 && b == 0)
        return signbit(a) ? b : a;
    return a > b ? a : b;
}
static inline uint32_t rotl32(uint32_t a, uint32_t b) { b &= 31; return (a << b) | (a >> ((32 - b) & 31)); }
static inline uint32_t rotr32(uint32_t a, uint32_t b) { b &= 31; return (a >> b) | (a << ((32 - b) & 31)); }
static inline uint64_t rotl64(uint64_t a, uint64_t b) { b &= 63; return (a << b) | (a >> ((64 - b) & 63)); }
static inline uint64_t rotr64(uint64_t a, uint64_t b) { b &= 63; return (a >> b) | (a << ((64 - b) & 63)); }

/* Saturating truncations (nontrapping float-to-int). */
static inline int32_t sat_i32(double x)
{
    if (x != x) return 0;
    if (x <= -2147483648.0) return INT32_MIN;
    if (x >= 2147483647.0) return INT32_MAX;
    return (int32_t)x;
}
static inline uint32_t sat_u32(double x)
{
    if (x != x || x <= 0) return 0;
    if (x >= 4294967295.0) return UINT32_MAX;
    return (uint32_t)x;
}
static inline int64_t sat_i64(double x)
{
    if (x != x) return 0;
    if (x <= -9223372036854775808.0) return INT64_MIN;
    if (x >= 9223372036854775808.0) return INT64_MAX;
    return (int64_t)x;
}
static inline uint64_t sat_u64(double x)
{
    if (x != x || x <= 0) return 0;
    if (x >= 18446744073709551616.0) return UINT64_MAX;
    return (uint64_t)x;
}

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* The tick counter ran out: charge fuel, check the deadline, refill. */
static CmErr refill(WrEngine *eng, int32_t *ticks)
{
    if (eng->lim.fuel) {
        uint64_t used = (uint64_t)eng->tick_chunk;
        eng->fuel = eng->fuel > used ? eng->fuel - used : 0;
        if (eng->fuel == 0)
            return CM_E_T_FUEL;
    }
    if (eng->deadline_ns && now_ns() > eng->deadline_ns)
        return CM_E_T_TIMEOUT;
    int32_t chunk = TICK_CHUNK;
    if (eng->lim.fuel && eng->fuel < (uint64_t)chunk)
        chunk = (int32_t)eng->fuel;
    eng->tick_chunk = chunk;
    *ticks = chunk - 1;
    return CM_OK;
}

/* Byte offset in the module of the instruction at word w of code. */
static uint32_t byte_offset(const RtCode *code, uint32_t w)
{
    uint32_t lo = 0, hi = code->npcmap;
    while (hi - lo > 1) {
        uint32_t mid = (lo + hi) / 2;
        if (code->pcmap[2 * mid] <= w)
            lo = mid;
        else
            hi = mid;
    }
    return code->npcmap ? code->pcmap[2 * lo + 1] : code->body_offset;
}

static void add_frame(WrTrap *t, const WrFunc *f, const uint32_t *pc)
{
    if (t->nframes >= WR_TRAP_MAX_FRAMES || !f)
        return;
    WrFrame *fr = &t->frames[t->nframes++];
    fr->func = f->index;
    fr->name = NULL;
    fr->offset = 0;
    if (f->inst) {
        const WName *n = wmod_func_name(f->inst->mod->w, f->index);
        fr->name = n ? n->str : NULL;
    }
    if (f->code && pc) {
        uint32_t w = (uint32_t)(pc - f->code->words);
        fr->offset = byte_offset(f->code, w ? w - 1 : 0);
    }
}

#ifdef RT_PROFILE
/* Dynamic instruction counts, for tuning the instruction set (a build
 * option: -DRT_PROFILE; wrun prints them when WRUN_PROFILE is set). */
uint64_t rt_prof_counts[RO__COUNT];
const char *const rt_op_names[RO__COUNT] = {
#define N(n) #n,
#define NI(n) #n "_I",
#define NB(n) "BR_" #n,
#define NBI(n) "BR_" #n "_I",
#define NA(n) #n "_A",
    RT_CTRL_OPS(N) RT_LOAD_OPS(N) RT_LOAD_OPS(NA) RT_STORE_OPS(N) RT_STORE_OPS(NA) RT_UNARY_OPS(N) RT_BINARY_OPS(N)
    RT_IMM_OPS(NI) RT_CMP_OPS(NB) RT_CMP_OPS(NBI)
#define NX(n) #n "_X",
#define NS(n) #n "_S",
#define NAB(a, c) #a "__BR_" #c, #a "__BR_" #c "_I", #a "__BR_" #c "_R", #a "__BR_" #c "_IR",
#define NPF(a, b, s) #a "__" #b #s,
#define NP(a, b) RT_PAIR_FORMS(NPF, a, b)
    RT_LOAD_OPS(NX) RT_STORE_OPS(NX) RT_LOAD_OPS(NS) RT_STORE_OPS(NS) RT_ALUBR_OPS(NAB) RT_PAIR_OPS(NP)
    RT_JUMP_PAIR_OPS(NP)
#define ACC_V1(n) #n "_A1",
#define ACC_V2(n) #n "_A1", #n "_A2",
    RT_ACC_FORMS
#define NL(s, c) #s "__LOOP_" #c,
    RT_LOOP_OPS(NL)
#undef NL
#undef ACC_V1
#undef ACC_V2
#undef NX
#undef NS
#undef NAB
#undef NP
#undef N
#undef NI
#undef NB
#undef NBI
#undef NA
};
/* Pairs of consecutive instructions, for choosing superinstructions. */
static uint64_t rt_prof_pairs[RO__COUNT][RO__COUNT];
static uint32_t rt_prof_prev;
static int rt_prof_registered; /* prof_report is registered with atexit */

static int prof_cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a >> 21, y = *(const uint64_t *)b >> 21;
    return x < y ? 1 : x > y ? -1 : 0;
}

/* At exit of a WRUN_PROFILE=1 run: the 40 commonest instructions and
 * pairs, with their share of all executed instructions. */
static void prof_report_pcs(uint64_t total);

static void prof_report(void)
{
    if (!getenv("WRUN_PROFILE"))
        return;
    uint64_t total = 0;
    for (int i = 0; i < RO__COUNT; i++)
        total += rt_prof_counts[i];
    if (!total)
        return;
    /* count << 21 | index: sortable in one array (counts < 2^43) */
    _Static_assert((uint64_t)RO__COUNT * RO__COUNT < 1u << 21, "a pair's index fits 21 bits");
    static uint64_t rows[RO__COUNT * RO__COUNT];
    size_t n = 0;
    for (int i = 0; i < RO__COUNT; i++)
        if (rt_prof_counts[i])
            rows[n++] = rt_prof_counts[i] << 21 | (uint64_t)i;
    qsort(rows, n, sizeof *rows, prof_cmp);
    fprintf(stderr, "wrun profile: %llu instructions\n", (unsigned long long)total);
    for (size_t k = 0; k < n && k < 40; k++)
        fprintf(stderr, "  %6.2f%%  %s\n", 100.0 * (double)(rows[k] >> 21) / (double)total,
                rt_op_names[rows[k] & 0x1fffff]);
    n = 0;
    for (int i = 0; i < RO__COUNT; i++)
        for (int j = 0; j < RO__COUNT; j++)
            if (rt_prof_pairs[i][j])
                rows[n++] = rt_prof_pairs[i][j] << 21 | (uint64_t)(i * RO__COUNT + j);
    qsort(rows, n, sizeof *rows, prof_cmp);
    fprintf(stderr, "pairs:\n");
    for (size_t k = 0; k < n && k < 40; k++) {
        uint32_t ij = (uint32_t)(rows[k] & 0x1fffff);
        fprintf(stderr, "  %6.2f%%  %s %s\n", 100.0 * (double)(rows[k] >> 21) / (double)total,
                rt_op_names[ij / RO__COUNT], rt_op_names[ij % RO__COUNT]);
    }
    prof_report_pcs(total);
}

/* Per-instruction counts (WRUN_PROFILE=2): a copy of every translated
 * function is kept, and each executed instruction is counted by address;
 * at exit the functions with at least 1% of all executed instructions are
 * printed with the count of each instruction. */
#define PROF_PCS (1u << 22)
static struct {
    const uint32_t *pc;
    uint64_t n;
} *rt_prof_pc;
typedef struct ProfCode {
    const uint32_t *words; /* the live code: counts are keyed by these addresses */
    uint32_t *copy, *pcmap, nwords, npcmap, body_offset, stack_base;
} ProfCode;
static ProfCode *rt_prof_codes;
static uint32_t rt_prof_ncodes, rt_prof_cap;

static void prof_dump(const uint32_t *words, uint32_t nwords, const uint32_t *pcmap,
                      uint32_t npcmap, const uint32_t *live);

static void prof_keep(const RtCode *code)
{
    if (getenv("WRUN_DUMP")) { /* every function as translated */
        fprintf(stderr, "code @%u: operand stack from slot %u\n", code->body_offset,
                code->nlocals + code->nconsts);
        prof_dump(code->words, code->nwords, code->pcmap, code->npcmap, NULL);
    }
    if (!getenv("WRUN_PROFILE") || strcmp(getenv("WRUN_PROFILE"), "2"))
        return;
    if (rt_prof_ncodes == rt_prof_cap) {
        rt_prof_cap = rt_prof_cap ? 2 * rt_prof_cap : 256;
        rt_prof_codes = realloc(rt_prof_codes, rt_prof_cap * sizeof *rt_prof_codes);
    }
    ProfCode *k = &rt_prof_codes[rt_prof_ncodes++];
    k->words = code->words;
    k->nwords = code->nwords;
    k->npcmap = code->npcmap;
    k->body_offset = code->body_offset;
    k->stack_base = code->nlocals + code->nconsts;
    k->copy = malloc(code->nwords * sizeof *k->copy + 1);
    k->pcmap = malloc(2 * code->npcmap * sizeof *k->pcmap + 1);
    memcpy(k->copy, code->words, code->nwords * sizeof *k->copy);
    memcpy(k->pcmap, code->pcmap, 2 * code->npcmap * sizeof *k->pcmap);
    if (!rt_prof_pc)
        rt_prof_pc = calloc(PROF_PCS, sizeof *rt_prof_pc);
}

static void prof_count_pc(const uint32_t *pc)
{
    if (!rt_prof_pc)
        return;
    uint32_t h = (uint32_t)(((uintptr_t)pc >> 2) * 2654435761u) & (PROF_PCS - 1);
    while (rt_prof_pc[h].pc && rt_prof_pc[h].pc != pc)
        h = (h + 1) & (PROF_PCS - 1);
    rt_prof_pc[h].pc = pc;
    rt_prof_pc[h].n++;
}

static uint64_t prof_pc_count(const uint32_t *pc)
{
    uint32_t h = (uint32_t)(((uintptr_t)pc >> 2) * 2654435761u) & (PROF_PCS - 1);
    while (rt_prof_pc[h].pc && rt_prof_pc[h].pc != pc)
        h = (h + 1) & (PROF_PCS - 1);
    return rt_prof_pc[h].n;
}

static void prof_report_pcs(uint64_t total)
{
    for (uint32_t c = 0; rt_prof_pc && c < rt_prof_ncodes; c++) {
        const ProfCode *k = &rt_prof_codes[c];
        uint64_t sum = 0;
        for (uint32_t i = 0; i < k->npcmap; i++)
            sum += prof_pc_count(k->words + k->pcmap[2 * i]);
        if (sum * 100 < total)
            continue;
        fprintf(stderr, "code @%u: %.1f%%, operand stack from slot %u\n", k->body_offset,
                100.0 * (double)sum / (double)total, k->stack_base);
        prof_dump(k->copy, k->nwords, k->pcmap, k->npcmap, k->words);
    }
}

/* Print code instruction by instruction, with the execution count of
 * each when `live` (the code's address while it ran) is given. */
static void prof_dump(const uint32_t *words, uint32_t nwords, const uint32_t *pcmap,
                      uint32_t npcmap, const uint32_t *live)
{
    uint32_t last = UINT32_MAX;
    for (uint32_t i = 0; i < npcmap; i++) {
        uint32_t at = pcmap[2 * i];
        uint32_t end = i + 1 < npcmap ? pcmap[2 * i + 2] : nwords;
        if (at >= nwords || at == last)
            continue;
        last = at;
        if (end <= at)
            end = at + 1;
        if (live)
            fprintf(stderr, "  %5u %10llu  %-28s", at, (unsigned long long)prof_pc_count(live + at),
                    rt_op_names[words[at]]);
        else
            fprintf(stderr, "  %5u  %-28s", at, rt_op_names[words[at]]);
        for (uint32_t w = at + 1; w < end && w < nwords; w++)
            fprintf(stderr, " %d", (int32_t)words[w]);
        fputc('\n', stderr);
    }
}

#define PROF()                                                                                     \
    do {                                                                                           \
        if (!rt_prof_registered) {                                                                 \
            rt_prof_registered = 1;                                                                \
            atexit(prof_report);                                                                   \
        }                                                                                          \
        rt_prof_counts[*pc]++;                                                                     \
        rt_prof_pairs[rt_prof_prev][*pc]++;                                                        \
        rt_prof_prev = *pc;                                                                        \
        prof_count_pc(pc);                                                                         \
    } while (0);
#else
#define PROF()
#endif

#ifdef RT_SWITCH_DISPATCH
#define VM_DISPATCH() dispatch: switch ((RtOp)*pc) {
#define VM_DISPATCH_END() default: goto trap_unreachable; }
#define VM_CASE(op) case RO_##op: LOAD_OPERANDS();
#define VM_NEXT() do { PROF() goto dispatch; } while (0)
#else
#define VM_DISPATCH() VM_NEXT();
#define VM_DISPATCH_END()
#define VM_CASE(op) L_##op: LOAD_OPERANDS();
#ifdef RT_DIRECT
#define VM_NEXT() goto *(const void *)((const char *)&&L_UNREACHABLE + (int32_t)*pc)
#else
#define VM_NEXT() do { PROF() goto *disp[*pc]; } while (0)
#endif
#endif

#define TRAP(c) do { tcode = (c); goto trap; } while (0)
/* W(i): word i of the instruction at pc, an operand.  Each handler starts
 * by reading its words 1-8 eight bytes at a time (LOAD_OPERANDS), so two
 * operands cost one load: the loads, not the arithmetic, bound how fast a
 * handler runs.  The compiler drops the loads a handler does not use; the
 * translator pads the code so that the last instruction may read past its
 * end.  Other word positions, and other compilers, read pc[i]. */
#if defined(__GNUC__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
static inline uint64_t load_words(const uint32_t *p)
{
    uint64_t v;
    memcpy(&v, p, sizeof v);
    return v;
}
#define LOAD_OPERANDS()                                                                            \
    (q0_ = load_words(pc + 1), q1_ = load_words(pc + 3), q2_ = load_words(pc + 5),                 \
     q3_ = load_words(pc + 7));
#define OPERAND_WORDS uint64_t q0_ = 0, q1_ = 0, q2_ = 0, q3_ = 0;
#define W_PAIR(i) ((i) <= 2 ? q0_ : (i) <= 4 ? q1_ : (i) <= 6 ? q2_ : q3_)
#define W(i)                                                                                       \
    (__builtin_constant_p(i) && (i) >= 1 && (i) <= 8 ? (uint32_t)(W_PAIR(i) >> ((i) % 2 ? 0 : 32)) \
                                                     : pc[i])
#else
#define LOAD_OPERANDS()
#define OPERAND_WORDS
#define W(i) pc[i]
#endif
#define S(i) fp[W(i)]
/* Take the branch whose J word is pc[n]: the target's byte offset from
 * this instruction's start, so the next pc is one load and one add away
 * (the latency of a loop's back-edge).  Back-edges, J <= 0 (a loop of one
 * instruction jumps to itself), count ticks. */
#define BR_TAKE(n)                                                                                 \
    do {                                                                                           \
        int32_t j_ = (int32_t)pc[n];                                                               \
        if (j_ <= 0)                                                                               \
            TICK();                                                                                \
        pc = (const uint32_t *)((const char *)pc + j_);                                            \
    } while (0)
/* Count a tick (a back-edge or a call); when they run out, refill, which
 * may trap.  refill's count goes through a temporary: were `ticks`
 * address-taken, GCC would keep it in memory, and each back-edge would
 * wait for the store of the one before. */
#define TICK()                                                                                     \
    do {                                                                                           \
        if (--ticks < 0) {                                                                         \
            int32_t t_ = ticks;                                                                    \
            tcode = refill(eng, &t_);                                                              \
            ticks = t_;                                                                            \
            if (tcode)                                                                             \
                goto trap;                                                                         \
        }                                                                                          \
    } while (0)
#define RELOAD_MEM()                                                                               \
    do {                                                                                           \
        if (inst && inst->mem0) {                                                                  \
            mem = inst->mem0->data;                                                                \
            memsize = inst->mem0->size;                                                            \
        } else {                                                                                   \
            mem = NULL;                                                                            \
            memsize = 0;                                                                           \
        }                                                                                          \
        GUARD_SET(mem);                                                                            \
    } while (0)

/* ---- guard pages ---- */

/* The innermost running loop: its jump buffer and the reserved range of
 * the memory it is using.  A fault inside that range is an out-of-bounds
 * access of the guest; anything else is passed on. */
struct RtGuard {
#ifdef RT_GUARD_PAGES
    sigjmp_buf jb;
#endif
    const uint8_t *lo, *hi;
    RtGuard *prev;
    uint32_t depth0;
};

#ifdef RT_GUARD_PAGES
static _Thread_local RtGuard *guard_top;
static struct sigaction old_segv, old_bus;

static void on_fault(int sig, siginfo_t *si, void *uc)
{
    RtGuard *g = guard_top;
    const uint8_t *a = si->si_addr;
    if (g && g->lo && a >= g->lo && a < g->hi)
        siglongjmp(g->jb, 1);
    struct sigaction *old = sig == SIGSEGV ? &old_segv : &old_bus;
    if ((old->sa_flags & SA_SIGINFO) && old->sa_sigaction) {
        old->sa_sigaction(sig, si, uc);
        return;
    }
    if (old->sa_handler != SIG_DFL && old->sa_handler != SIG_IGN && old->sa_handler) {
        old->sa_handler(sig);
        return;
    }
    /* not ours: die the ordinary way when the instruction runs again */
    signal(sig, SIG_DFL);
}

/* Called for every new engine: if someone replaced our handler since (a
 * test harness does per test), install it again, chaining to theirs. */
void rt_guard_install(void)
{
    struct sigaction cur;
    if (sigaction(SIGSEGV, NULL, &cur) == 0 && (cur.sa_flags & SA_SIGINFO) &&
        cur.sa_sigaction == on_fault)
        return;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, &old_segv);
    sigaction(SIGBUS, &sa, &old_bus);
}
#else
void rt_guard_install(void) {}
#endif

static CmErr exec_loop(WrEngine *eng, WrFunc *fn, RtSlot *base, WrTrap *trap, RtGuard *guard);

#include "rt_exec_loop.h"

void rt_thread_code(RtCode *code)
{
#ifdef RT_DIRECT
    if (!op_offset_ready)
        exec_loop(NULL, NULL, NULL, NULL, NULL);
    for (uint32_t i = 0; i < code->npcmap; i++) {
        uint32_t at = code->pcmap[2 * i];
        code->words[at] = (uint32_t)op_offset[code->words[at]];
    }
#elif defined(RT_PROFILE)
    prof_keep(code);
#else
    (void)code;
#endif
}

#ifdef RT_GUARD_PAGES
#define BOUNDS(ea, n) ((void)0)
static inline void guard_set(RtGuard *g, const uint8_t *lo)
{
    g->lo = lo;
    g->hi = lo ? lo + RT_MEM_RESERVE : NULL;
}
#define GUARD_SET(lo_) guard_set(guard, (lo_))
#else
#define BOUNDS(ea, n)                                                                              \
    do {                                                                                           \
        if ((ea) + (n) > memsize)                                                                  \
            TRAP(CM_E_T_MEM_OOB);                                                                  \
    } while (0)
#define GUARD_SET(lo_) ((void)0)
#endif

#if defined(__GNUC__) && !defined(__clang__)
__attribute__((optimize("no-tree-loop-distribute-patterns")))
#endif
static CmErr exec_loop(WrEngine *eng, WrFunc *fn, RtSlot *base, WrTrap *trap, RtGuard *guard)
{
#ifndef RT_SWITCH_DISPATCH
    static const void *const disp[RO__COUNT] = {
#define L(n) &&L_##n,
#define LI(n) &&L_##n##_I,
#define LB(n) &&L_BR_##n,
#define LBI(n) &&L_BR_##n##_I,
#define LA(n) &&L_##n##_A,
        RT_CTRL_OPS(L) RT_LOAD_OPS(L) RT_LOAD_OPS(LA) RT_STORE_OPS(L) RT_STORE_OPS(LA) RT_UNARY_OPS(L) RT_BINARY_OPS(L)
        RT_IMM_OPS(LI) RT_CMP_OPS(LB) RT_CMP_OPS(LBI)
#define LX(n) &&L_##n##_X,
#define LS(n) &&L_##n##_S,
#define LAB(a, c) &&L_##a##__BR_##c, &&L_##a##__BR_##c##_I, &&L_##a##__BR_##c##_R, &&L_##a##__BR_##c##_IR,
#define LPF(a, b, s) &&L_##a##__##b##s,
#define LP(a, b) RT_PAIR_FORMS(LPF, a, b)
        RT_LOAD_OPS(LX) RT_STORE_OPS(LX) RT_LOAD_OPS(LS) RT_STORE_OPS(LS) RT_ALUBR_OPS(LAB) RT_PAIR_OPS(LP)
        RT_JUMP_PAIR_OPS(LP)
#define ACC_V1(n) &&L_##n##_A1,
#define ACC_V2(n) &&L_##n##_A1, &&L_##n##_A2,
        RT_ACC_FORMS
#define LL(s, c) &&L_##s##__LOOP_##c,
        RT_LOOP_OPS(LL)
#undef LL
#undef ACC_V1
#undef ACC_V2
#undef LX
#undef LS
#undef LAB
#undef LP
#undef L
#undef LI
#undef LB
#undef LBI
#undef LA
    };
#endif
#ifdef RT_DIRECT
    if (!eng) { /* rt_thread_code asks for the handler offsets */
        for (int i = 0; i < RO__COUNT; i++)
            op_offset[i] = (int32_t)((const char *)disp[i] - (const char *)&&L_UNREACHABLE);
        op_offset_ready = 1;
        return CM_OK;
    }
#endif
#ifndef RT_GUARD_PAGES
    (void)guard;
#endif
    const uint32_t depth0 = eng->nframes;
    const uint32_t maxdepth = eng->lim.max_call_depth;
    RtSlot *const stack_end = eng->stack + eng->stack_slots;
    const uint32_t *pc = NULL;
    OPERAND_WORDS
    RtSlot *fp = NULL;
    WrInstance *inst = fn->inst;
    uint8_t *mem = NULL;
    uint64_t memsize = 0;
    int32_t ticks = 0;
    RtSlot acc = {0}; /* the integer result of the last instruction (rt_ops.h RT_ACC_FORMS) */
    CmErr tcode = CM_OK;
    int64_t tidx = -1; /* table index of an element trap, for the message */
    WrFunc *f = fn; /* the callee, from a call instruction to do_call */
    const WrFunc *host_fn = NULL; /* the host function running, for a trap's backtrace */
    RtSlot *nfp = base;
    WrCaller caller = {eng, NULL};

    eng->tick_chunk = 0;
    ticks = 0;
    TICK();
    RELOAD_MEM();
    goto do_call;

    for (;;) {
        VM_DISPATCH()

        VM_CASE(UNREACHABLE) TRAP(CM_E_T_UNREACHABLE);
        VM_CASE(BR) {
            BR_TAKE(1);
            VM_NEXT();
        }
        VM_CASE(BR_TABLE) {
            uint32_t i = S(1).u32, n = W(2);
            if (i > n)
                i = n;
            BR_TAKE(3 + i);
            VM_NEXT();
        }
        VM_CASE(CALL)
            f = inst->funcs[W(1)];
            nfp = fp + W(2);
            pc += 3;
            goto do_call;
        VM_CASE(CALL_INDIRECT) {
            WrTable *t = inst->tables[W(1)];
            uint32_t i = S(4).u32;
            tidx = i;
            if (i >= t->size)
                TRAP(CM_E_T_UNDEFINED_ELEM);
            f = (WrFunc *)t->elems[i];
            if (!f)
                TRAP(CM_E_T_UNINIT_ELEM);
            if (f->type->canon != W(2))
                TRAP(CM_E_T_INDIRECT_TYPE);
            nfp = fp + W(3);
            pc += 5;
            goto do_call;
        }
        VM_CASE(RETURN) do_return: {
            RtFrame *fr = &eng->frames[--eng->nframes];
            if (eng->nframes == depth0)
                goto done;
            pc = fr->ret_pc;
            fp = fr->fp;
            WrInstance *ci = fr->ret_inst;
            if (ci != inst) {
                inst = ci;
                RELOAD_MEM();
            }
            VM_NEXT();
        }
        VM_CASE(CONST64) S(1).u64 = (uint64_t)W(2) | (uint64_t)W(3) << 32; pc += 4; VM_NEXT();
        VM_CASE(SELECT) S(1) = S(4).u32 ? S(2) : S(3); pc += 5; VM_NEXT();
        VM_CASE(GLOBAL_GET) S(1) = acc = inst->globals[W(2)]->val; pc += 3; VM_NEXT();
        VM_CASE(GLOBAL_SET) {
            WrGlobal *g = inst->globals[W(1)];
            g->val = S(2);
            rt_ref_stored(g->val.ref, g->type, g->owner);
            pc += 3;
            VM_NEXT();
        }
        VM_CASE(MEMORY_SIZE) S(1).u64 = memsize / RT_PAGE; pc += 2; VM_NEXT();
        VM_CASE(MEMORY_GROW) {
            int64_t r = rt_memory_grow(inst->mem0, S(2).u32);
            S(1).u64 = (uint32_t)(int32_t)r;
            RELOAD_MEM();
            pc += 3;
            VM_NEXT();
        }
        VM_CASE(MEMORY_FILL) {
            uint64_t d = S(1).u32, n = S(3).u32;
            if (d + n > memsize)
                TRAP(CM_E_T_MEM_OOB);
            memset(mem + d, (int)S(2).u32 & 0xff, n);
            pc += 4;
            VM_NEXT();
        }
        VM_CASE(MEMORY_COPY) {
            uint64_t d = S(1).u32, s = S(2).u32, n = S(3).u32;
            if (d + n > memsize || s + n > memsize)
                TRAP(CM_E_T_MEM_OOB);
            memmove(mem + d, mem + s, n);
            pc += 4;
            VM_NEXT();
        }
        VM_CASE(MEMORY_INIT) {
            const WData *seg = &inst->mod->w->datas[W(1)];
            uint64_t len = inst->data_dropped[W(1)] ? 0 : seg->init.len;
            uint64_t d = S(2).u32, s = S(3).u32, n = S(4).u32;
            if (s + n > len || d + n > memsize)
                TRAP(CM_E_T_MEM_OOB);
            if (n)
                memcpy(mem + d, seg->init.data + s, n);
            pc += 5;
            VM_NEXT();
        }
        VM_CASE(DATA_DROP) inst->data_dropped[W(1)] = 1; pc += 2; VM_NEXT();
        VM_CASE(TABLE_GET) {
            WrTable *t = inst->tables[W(2)];
            uint32_t i = S(3).u32;
            if (i >= t->size)
                TRAP(CM_E_T_TABLE_OOB);
            S(1).ref = t->elems[i];
            pc += 4;
            VM_NEXT();
        }
        VM_CASE(TABLE_SET) {
            WrTable *t = inst->tables[W(1)];
            uint32_t i = S(2).u32;
            if (i >= t->size)
                TRAP(CM_E_T_TABLE_OOB);
            t->elems[i] = S(3).ref;
            rt_ref_stored(t->elems[i], t->type, t->owner);
            pc += 4;
            VM_NEXT();
        }
        VM_CASE(TABLE_SIZE) S(1).u64 = inst->tables[W(2)]->size; pc += 3; VM_NEXT();
        VM_CASE(TABLE_GROW) {
            WrTable *t = inst->tables[W(2)];
            int64_t r = rt_table_grow(t, S(4).u32, S(3).ref);
            if (r >= 0 && S(4).u32)
                rt_ref_stored(S(3).ref, t->type, t->owner);
            S(1).u64 = (uint32_t)(int32_t)r;
            pc += 5;
            VM_NEXT();
        }
        VM_CASE(TABLE_FILL) {
            WrTable *t = inst->tables[W(1)];
            uint64_t i = S(2).u32, n = S(4).u32;
            void *v = S(3).ref;
            if (i + n > t->size)
                TRAP(CM_E_T_TABLE_OOB);
            for (uint64_t k = 0; k < n; k++)
                t->elems[i + k] = v;
            if (n)
                rt_ref_stored(v, t->type, t->owner);
            pc += 5;
            VM_NEXT();
        }
        VM_CASE(TABLE_COPY) {
            WrTable *dt = inst->tables[W(1)], *st = inst->tables[W(2)];
            uint64_t d = S(3).u32, s = S(4).u32, n = S(5).u32;
            if (d + n > dt->size || s + n > st->size)
                TRAP(CM_E_T_TABLE_OOB);
            memmove(dt->elems + d, st->elems + s, n * sizeof(void *));
            if (dt->owner != st->owner)
                rt_refs_stored(dt->elems + d, n, dt->type, dt->owner);
            pc += 6;
            VM_NEXT();
        }
        VM_CASE(TABLE_INIT) {
            WrTable *t = inst->tables[W(1)];
            const RtElemInst *seg = &inst->elems[W(2)];
            uint64_t d = S(3).u32, s = S(4).u32, n = S(5).u32;
            if (s + n > seg->n || d + n > t->size)
                TRAP(CM_E_T_TABLE_OOB);
            if (n)
                memcpy(t->elems + d, seg->refs + s, n * sizeof(void *));
            if (t->owner != inst)
                rt_refs_stored(t->elems + d, n, t->type, t->owner);
            pc += 6;
            VM_NEXT();
        }
        VM_CASE(ELEM_DROP) inst->elems[W(1)].n = 0; pc += 2; VM_NEXT();
        VM_CASE(REF_FUNC) S(1).ref = inst->funcs[W(2)]; pc += 3; VM_NEXT();
        VM_CASE(REF_IS_NULL) S(1).u64 = S(2).ref == NULL; pc += 3; VM_NEXT();

#include "rt_exec_ops.h"
#include "rt_exec_fused.h"
#include "rt_exec_acc.h"

        VM_DISPATCH_END()

    do_call:
        /* f: the callee; nfp: its frame (arguments in place); pc: where
         * the caller resumes. */
        if (f->host) {
            RtFrame *top = eng->nframes ? &eng->frames[eng->nframes - 1] : NULL;
            RtSlot *saved = eng->sp_base;
            if (top && top->func->code)
                eng->sp_base = fp + top->func->code->frame_slots;
            else
                eng->sp_base = nfp + f->type->nparams + f->type->nresults;
            caller.inst = inst;
            eng->trap_pending = 0;
            eng->scratch_trap.code = CM_OK;
            GUARD_SET(NULL); /* a fault in host code is not a wasm trap */
            host_fn = f;
            int r = f->host(&caller, nfp, nfp, f->user);
            eng->sp_base = saved;
            if (r || eng->trap_pending) {
                tcode = eng->scratch_trap.code ? eng->scratch_trap.code : CM_E_T_HOST;
                RELOAD_MEM();
                goto trap;
            }
            RELOAD_MEM();
            host_fn = NULL;
            if (!pc) /* the entry function itself was a host function */
                return CM_OK;
            VM_NEXT();
        }
        TICK();
        {
            const RtCode *code = f->code;
            if (eng->nframes >= maxdepth || nfp + code->frame_slots > stack_end)
                TRAP(CM_E_T_STACK_EXHAUSTED);
            /* most functions zero a few locals and fill a few pool
             * constants: plain loops beat a call to memset/memcpy (kept as
             * loops by the no-tree-loop-distribute-patterns attribute of
             * this function), up to about 8 slots */
            for (RtSlot *p = nfp + code->zero_lo, *e = nfp + code->zero_hi; p < e; p++)
                p->u64 = 0;
            if (code->const_hi - code->const_lo > 8)
                memcpy(nfp + code->nlocals + code->const_lo, code->consts + code->const_lo,
                       (code->const_hi - code->const_lo) * sizeof *code->consts);
            else
                for (uint32_t k = code->const_lo; k < code->const_hi; k++)
                    nfp[code->nlocals + k].u64 = code->consts[k];
            RtFrame *fr = &eng->frames[eng->nframes++];
            fr->ret_pc = pc;
            fr->fp = fp;
            fr->func = f;
            fr->ret_inst = inst;
            fp = nfp;
            pc = f->words;
            if (f->inst != inst) {
                inst = f->inst;
                RELOAD_MEM();
            }
        }
        VM_NEXT();
    }

done:
    if (eng->lim.fuel) {
        uint64_t used = (uint64_t)(eng->tick_chunk - 1 - ticks);
        eng->fuel = eng->fuel > used ? eng->fuel - used : 0;
    }
    return CM_OK;

#ifdef RT_SWITCH_DISPATCH
trap_unreachable:
    tcode = CM_E_T_UNREACHABLE;
#endif
trap:
    if (trap) {
        WrTrap keep = eng->scratch_trap;
        memset(trap, 0, sizeof *trap);
        trap->code = tcode;
        if (tcode == CM_E_T_HOST || tcode == CM_E_T_EXIT) {
            trap->exited = keep.exited;
            trap->exit_code = keep.exit_code;
            memcpy(trap->message, keep.message, sizeof trap->message);
        } else if (tidx >= 0 && (tcode == CM_E_T_UNDEFINED_ELEM || tcode == CM_E_T_UNINIT_ELEM)) {
            trap->code = tcode;
            snprintf(trap->message, sizeof trap->message, "%s %lld", err_message(tcode),
                     (long long)tidx);
        } else {
            rt_trap_set(trap, tcode, NULL);
        }
        /* innermost first: the running frame at pc, then each caller at
         * the return address its callee recorded */
        const uint32_t *at = pc;
        for (uint32_t k = eng->nframes; k > depth0; k--) {
            add_frame(trap, eng->frames[k - 1].func, at);
            at = eng->frames[k - 1].ret_pc;
        }
        if (host_fn && trap->nframes < WR_TRAP_MAX_FRAMES)
            add_frame(trap, host_fn, NULL);
    }
    eng->nframes = depth0;
    return tcode;
}

/* A fault in guest memory: unwind the frames of this loop. */
static CmErr oob_trap(WrEngine *eng, uint32_t depth0, WrTrap *trap)
{
    if (trap) {
        memset(trap, 0, sizeof *trap);
        rt_trap_set(trap, CM_E_T_MEM_OOB, NULL);
        const uint32_t *at = NULL; /* the faulting pc is not known */
        for (uint32_t k = eng->nframes; k > depth0; k--) {
            add_frame(trap, eng->frames[k - 1].func, at);
            at = eng->frames[k - 1].ret_pc;
        }
    }
    eng->nframes = depth0;
    return CM_E_T_MEM_OOB;
}

CmErr rt_exec(WrEngine *eng, WrFunc *fn, RtSlot *base, WrTrap *trap)
{
#ifdef RT_DIRECT
    if (!eng) {
        exec_loop(NULL, NULL, NULL, NULL, NULL);
        return CM_OK;
    }
#endif
    RtGuard g;
    g.lo = g.hi = NULL;
    g.depth0 = eng->nframes;
#ifdef RT_GUARD_PAGES
    g.prev = guard_top;
    if (sigsetjmp(g.jb, 0)) {
        guard_top = g.prev;
        return oob_trap(eng, g.depth0, trap);
    }
    guard_top = &g;
#else
    g.prev = NULL;
    (void)oob_trap;
#endif
    CmErr e = exec_loop(eng, fn, base, trap, &g);
#ifdef RT_GUARD_PAGES
    guard_top = g.prev;
#endif
    return e;
}
