/* rt_loop.c - loops of one instruction (rt_ops.h RT_LOOP_OPS).
 *
 * A strided fill, "for (j = a; j <= n; j += s) p[j] = v", translates to two
 * instructions: a store through a pointer that then steps, and a counter
 * step fused with the compare-and-branch back to the store.  Run one
 * instruction at a time, each iteration waits on the pointer's and the
 * counter's slots (a store forwarded to the next load, about 7 cycles on
 * current x86) and on the jump's pc.  In one handler both live in
 * registers and an iteration costs about two cycles.
 *
 * The first instruction takes the loop opcode; both stay in place, so the
 * pc map, the J word and any jump to the second are unchanged.
 */
#include "rt_internal.h"
#include "rt_ops.h"

/* Words of the store-and-step pair (4 + 4, one opcode word shared). */
#define PAIR_LEN 7

/* Whether the loop made of the pair at a and the counter-and-branch at b
 * may keep its pointer and counter in registers: each steps itself, they
 * are different slots, and neither is the value, a step or the limit. */
static int loop_slots_ok(const uint32_t *a, const uint32_t *b)
{
    uint32_t ptr = a[4], ctr = b[1];
    if (a[1] != ptr || a[5] != ptr || b[2] != ctr || ptr == ctr)
        return 0;
    const uint32_t read_once[4] = {a[2], a[6], b[3], b[5]};
    for (int k = 0; k < 4; k++)
        if (read_once[k] == ptr || read_once[k] == ctr)
            return 0;
    return 1;
}

void rt_loop_forms(uint32_t *w, uint32_t n, const uint32_t *pcmap, uint32_t npcmap)
{
    const uint32_t br_first = RO_I32_ADD__BR_I32_EQ, br_last = RO_I32_ADD__BR_I32_GE_U_IR;
    uint32_t prev = UINT32_MAX;
    for (uint32_t k = 0; k < npcmap; k++) {
        uint32_t at = pcmap[2 * k], x = prev;
        if (at >= n || (prev != UINT32_MAX && at <= prev))
            continue;
        prev = at;
        if (x == UINT32_MAX || at - x != PAIR_LEN || at + 6 >= n)
            continue;
        uint32_t loop;
        if (w[x] == RO_I32_STORE8__I32_ADD)
            loop = RO_I32_STORE8__LOOP_I32_EQ;
        else if (w[x] == RO_I32_STORE__I32_ADD)
            loop = RO_I32_STORE__LOOP_I32_EQ;
        else
            continue;
        /* I32_ADD__BR_<cmp>_R: four forms per comparison, _R the third */
        uint32_t y = w[at];
        if (y < br_first || y > br_last || (y - br_first) % 4 != 2)
            continue;
        if ((int32_t)w[at + 6] != -4 * PAIR_LEN || !loop_slots_ok(w + x, w + at))
            continue;
        w[x] = loop + (y - br_first) / 4;
    }
}
