/* rt_exec_loop.h - the i32 comparisons of the interpreter, and the loops
 * of one instruction (rt_ops.h RT_LOOP_OPS, chosen by rt_loop.c).
 *
 * Included once, by rt_exec.c, before the interpreter loop.  Each loop is
 * a function of its own, called by its handler and never inlined: written
 * inside the interpreter loop, the inner loop changed how GCC allocated
 * that function's registers, and calls became 5% slower.
 */

#define CMP_I32_EQ(a, b) ((uint32_t)(a) == (uint32_t)(b))
#define CMP_I32_NE(a, b) ((uint32_t)(a) != (uint32_t)(b))
#define CMP_I32_LT_S(a, b) ((int32_t)(a) < (int32_t)(b))
#define CMP_I32_LT_U(a, b) ((uint32_t)(a) < (uint32_t)(b))
#define CMP_I32_GT_S(a, b) ((int32_t)(a) > (int32_t)(b))
#define CMP_I32_GT_U(a, b) ((uint32_t)(a) > (uint32_t)(b))
#define CMP_I32_LE_S(a, b) ((int32_t)(a) <= (int32_t)(b))
#define CMP_I32_LE_U(a, b) ((uint32_t)(a) <= (uint32_t)(b))
#define CMP_I32_GE_S(a, b) ((int32_t)(a) >= (int32_t)(b))
#define CMP_I32_GE_U(a, b) ((uint32_t)(a) >= (uint32_t)(b))

/* The store-and-step pair at w[0]: slot w[1] the pointer, w[2]
 * the value, w[3] the offset, then w[4] = w[5] + w[6] steps the pointer
 * (4 = 5 = 1); the counter-and-branch at word 7: w[8] = w[9] + w[10] steps
 * the counter (8 = 9), compared with w[12]; its J word w[13] jumps back to
 * word 0.  rt_loop.c made sure the loop writes no other slot it reads, so
 * the value, the steps and the limit are read once.  Each iteration is a
 * back-edge and counts a tick, as the two instructions do.  On a trap pc
 * moves to where theirs would be (end->words); else just past the loop.
 * Neither pc nor the tick count is passed by address: GCC would then keep
 * them in memory throughout the interpreter loop. */
#ifdef RT_GUARD_PAGES
#define LOOP_BOUNDS(ea, n)
#else
#define LOOP_BOUNDS(ea, n)                                                                         \
    if ((ea) + (n) > memsize)                                                                      \
        return CM_E_T_MEM_OOB;
#endif
/* What a loop leaves: the tick count, and how many words pc moves. */
typedef struct RtLoopEnd {
    int32_t ticks;
    uint32_t words;
} RtLoopEnd;
#define LOOP_T_I32_STORE8 uint8_t
#define LOOP_T_I32_STORE uint32_t
#if defined(__GNUC__)
#define LOOP_NOINLINE __attribute__((noinline))
#else
#define LOOP_NOINLINE
#endif
#define LOOP_FN(ST, C)                                                                             \
    static LOOP_NOINLINE CmErr loop_##ST##_##C(RtSlot *fp, const uint32_t *w, uint8_t *mem,        \
                                               uint64_t memsize, WrEngine *eng, RtLoopEnd *end)    \
    {                                                                                              \
        uint32_t p = fp[w[1]].u32, i = fp[w[8]].u32;                                               \
        const uint32_t ps = fp[w[6]].u32, is = fp[w[10]].u32, n = fp[w[12]].u32;                   \
        const uint64_t off = w[3];                                                                 \
        const LOOP_T_##ST v = (LOOP_T_##ST)fp[w[2]].u64;                                           \
        int32_t t = end->ticks;                                                                    \
        CmErr e = CM_OK;                                                                           \
        (void)memsize;                                                                             \
        for (;;) {                                                                                 \
            uint64_t ea = (uint64_t)p + off;                                                       \
            LOOP_BOUNDS(ea, sizeof v)                                                              \
            memcpy(mem + ea, &v, sizeof v);                                                        \
            p += ps;                                                                               \
            i += is;                                                                               \
            if (!CMP_##C(i, n)) {                                                                  \
                end->words = 14;                                                                   \
                break;                                                                             \
            }                                                                                      \
            if (--t < 0) { /* t2, not t, goes through memory */                                \
                int32_t t2;                                                                        \
                e = refill(eng, &t2);                                                              \
                t = t2;                                                                            \
                if (e) {                                                                           \
                    end->words = 7;                                                                \
                    break;                                                                         \
                }                                                                                  \
            }                                                                                      \
        }                                                                                          \
        fp[w[4]].u64 = p;                                                                          \
        fp[w[8]].u64 = i;                                                                          \
        end->ticks = t;                                                                            \
        return e;                                                                                  \
    }

RT_LOOP_OPS(LOOP_FN)
