/* rt_assign.h - which declared locals a function may read before it writes
 * them.
 *
 * Wasm zeroes a function's declared locals on entry, and a call used to
 * store a zero into every one of them: about 30 stores per call in
 * dlmalloc-style code.  Compilers write nearly every local before reading
 * it, so the translator tracks, along the structured control flow, the set
 * of locals surely written so far (a forward "definitely assigned" walk,
 * as in Java's verifier), and only the locals some path may read unwritten
 * are zeroed by a call: the range [zero_lo, zero_hi).
 *
 * The sets hold the first RT_ASSIGN_BITS declared locals; a read of any
 * later one counts as unwritten.  States meet by intersection: a block's
 * end takes what every branch to it and its fall-through have written; a
 * loop's head is entered with its entry state (a back-edge only adds
 * writes).  Unreachable code has the full set, which is neutral.
 */
#ifndef RT_ASSIGN_H
#define RT_ASSIGN_H

#include <stdint.h>
#include <string.h>

#define RT_ASSIGN_WORDS 4
#define RT_ASSIGN_BITS (64 * RT_ASSIGN_WORDS)

typedef struct RtAssignSet {
    uint64_t w[RT_ASSIGN_WORDS];
} RtAssignSet;

typedef struct RtAssign {
    uint32_t nparams;
    RtAssignSet cur;          /* surely written at this point */
    uint32_t zero_lo, zero_hi; /* locals some path may read unwritten */
} RtAssign;

static inline void rt_assign_full(RtAssignSet *s) { memset(s, 0xff, sizeof *s); }

static inline void rt_assign_init(RtAssign *a, uint32_t nparams)
{
    a->nparams = nparams;
    memset(&a->cur, 0, sizeof a->cur);
    a->zero_lo = UINT32_MAX;
    a->zero_hi = 0;
}

/* *into = *into ∩ *s */
static inline void rt_assign_meet(RtAssignSet *into, const RtAssignSet *s)
{
    for (int i = 0; i < RT_ASSIGN_WORDS; i++)
        into->w[i] &= s->w[i];
}

static inline void rt_assign_write(RtAssign *a, uint32_t x)
{
    if (x >= a->nparams && x - a->nparams < RT_ASSIGN_BITS)
        a->cur.w[(x - a->nparams) / 64] |= (uint64_t)1 << ((x - a->nparams) % 64);
}

static inline void rt_assign_read(RtAssign *a, uint32_t x)
{
    if (x < a->nparams)
        return;
    uint32_t i = x - a->nparams;
    if (i < RT_ASSIGN_BITS && (a->cur.w[i / 64] >> (i % 64) & 1))
        return;
    if (x < a->zero_lo)
        a->zero_lo = x;
    if (x + 1 > a->zero_hi)
        a->zero_hi = x + 1;
}

#endif
