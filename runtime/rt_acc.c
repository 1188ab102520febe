/* rt_acc.c - choosing the accumulator forms of instructions (rt_ops.h
 * RT_ACC_FORMS).
 *
 * Every instruction with an integer result also leaves it in a register
 * of the interpreter loop, acc.  Reading the
 * slot instead would wait for the store just made to forward to the load,
 * which on current x86 takes about as long as a whole simple instruction;
 * along a chain of dependent instructions that is most of the time spent.
 *
 * After a function is translated, rt_acc_forms walks its instructions: one
 * that reads the slot written by the instruction right before it (with no
 * label between, so that it is always reached from there) and has an
 * accumulator form takes that form.  Slots are still written, so nothing
 * else changes; the forms are an encoding choice, like the
 * superinstructions (WrEngine.no_fuse turns both off).
 */
#include "rt_internal.h"
#include "rt_ops.h"

/* The accumulator form of each op that has one: its _A1 opcode (_A2 is
 * the next) and the word offsets of its first and second source (0 for
 * the parts: rt_part_sources says). */
typedef struct AccForm {
    uint16_t a1;
    uint8_t x, y;
} AccForm;
#define F(n, x, y) [RO_##n] = {RO_##n##_A1, x, y},
#define PART_F(n) F(n, 0, 0)
#define CMP_F(n) F(n, 2, 3) F(n##_I, 2, 0) F(BR_##n, 1, 2) F(BR_##n##_I, 1, 0)
#define BIN_F(n) F(n, 2, 3)
#define BIN64_F(n) F(n, 2, 3) F(n##_I, 2, 0)
#define IMM_F(n) F(n##_I, 2, 0)
#define LD_F(n, ...) F(n, 2, 0)
#define LDA_F(n, ...) F(n##_A, 2, 0)
#define ST_F(n, ...) F(n, 1, 2)
#define STA_F(n, ...) F(n##_A, 1, 2)
static const AccForm acc_form[RO__COUNT] = {
    /* the parts (rt_exec_fused.h): their sources from rt_part_sources */
    RT_ACC_OPS(PART_F)
    /* the families of rt_exec_acc.h */
    RT_ACC_CMP32(CMP_F) RT_ACC_CMP64(CMP_F) RT_ACC_BIN32(BIN_F) RT_ACC_BIN64(BIN64_F)
    RT_ACC_IMM32(IMM_F) RT_LOAD_TYPES_REST(LD_F) RT_LOAD_TYPES(LDA_F) RT_STORE_TYPES_REST(ST_F)
    RT_STORE_TYPES(STA_F) F(BR_IF, 1, 0) F(BR_IFZ, 1, 0)};
#undef F
#undef PART_F
#undef CMP_F
#undef BIN_F
#undef BIN64_F
#undef IMM_F
#undef LD_F
#undef LDA_F
#undef ST_F
#undef STA_F

/* The single instructions that leave their result (slot word 1) in acc.
 * Branches and stores have no result; float ops, calls and the rest do not
 * touch acc. */
#define P(n) [RO_##n] = 1, [RO_##n##_A1] = 1,
#define P2(n) P(n)[RO_##n##_A2] = 1,
#define CMP_P(n) P2(n) P(n##_I)
#define BIN64_P(n) P2(n) P(n##_I)
#define IMM_P(n) P(n##_I)
#define LD_P(n, ...) P(n)
#define LDA_P(n, ...) P(n##_A)
#define LDXS_P(n) [RO_##n##_X] = 1, [RO_##n##_S] = 1,
static const uint8_t acc_result[RO__COUNT] = {
    P2(COPY) P2(I32_ADD_I) P2(I32_AND_I) P2(I32_ADD) P2(I32_SUB) P2(I32_MUL) P2(I32_XOR)
    P2(I32_AND) P2(I32_ROTL_I) P2(I32_SHR_U_I) P2(I32_LOAD) P2(I64_LOAD)[RO_CONST32] = 1,
    RT_ACC_CMP32(CMP_P) RT_ACC_CMP64(CMP_P) RT_ACC_BIN32(P2) RT_ACC_BIN64(BIN64_P)
    RT_ACC_IMM32(IMM_P) RT_LOAD_TYPES_REST(LD_P) RT_LOAD_TYPES(LDA_P) RT_LOAD_OPS(LDXS_P)
    P2(I32_ADD_SHL)[RO_GLOBAL_GET] = 1};
#undef P
#undef P2
#undef CMP_P
#undef BIN64_P
#undef IMM_P
#undef LD_P
#undef LDA_P
#undef LDXS_P

/* The superinstructions (rt_ops.h RT_PAIR_OPS, RT_JUMP_PAIR_OPS): parts A
 * and B; each has the nine forms of RT_PAIR_FORMS from its first code. */
typedef struct Pair {
    uint16_t a, b;
} Pair;
#define M(a, b) {RO_##a, RO_##b},
static const Pair pairs[] = {RT_PAIR_OPS(M) RT_JUMP_PAIR_OPS(M)};
#undef M
#define M(a, b) RO_##a##__##b,
static const uint16_t pair_first[] = {RT_PAIR_OPS(M)};
#undef M
#define NPAIRS (sizeof pairs / sizeof pairs[0])

/* The pair of a pair's code, or NULL. */
static const Pair *pair_at(uint32_t op)
{
    if (op < pair_first[0] || op >= pair_first[0] + 9 * NPAIRS)
        return NULL;
    return &pairs[(op - pair_first[0]) / 9];
}

void rt_part_sources(uint32_t op, uint32_t *x, uint32_t *y)
{
    *x = *y = 0;
    switch (op) {
    case RO_COPY: case RO_I32_ADD_I: case RO_I32_AND_I: case RO_I32_ROTL_I: case RO_I32_LOAD:
    case RO_I64_LOAD: case RO_I32_SHR_U_I: case RO_F64_SQRT:
        *x = 2;
        break;
    case RO_I32_ADD: case RO_I32_SUB: case RO_I32_MUL: case RO_I32_XOR: case RO_I32_AND:
    case RO_F64_ADD: case RO_F64_SUB: case RO_F64_MUL: case RO_I32_LOAD_S: case RO_I32_ADD_SHL:
        *x = 2, *y = 3;
        break;
    case RO_I32_STORE: case RO_I64_STORE: case RO_I32_STORE8:
        *x = 1, *y = 2;
        break;
    case RO_BR_TABLE:
        *x = 1;
        break;
    default: break;
    }
}

int rt_part_result(uint32_t op)
{
    return op != RO_I32_STORE && op != RO_I64_STORE && op != RO_I32_STORE8;
}

/* Words of a part (rt_exec_fused.h N_<op>): where B's operands start. */
static uint32_t part_len(uint32_t op)
{
    switch (op) {
    case RO_COPY: case RO_CONST32: case RO_F64_SQRT: return 3;
    case RO_I32_ADD_SHL: return 5;
    case RO_I32_LOAD_S: return 6;
    default: return 4;
    }
}

/* After the instruction at w[at]: the word offset (from at) of the slot
 * whose value is in acc, or 0. */
static uint32_t held(const uint32_t *w, uint32_t at)
{
    uint32_t op = w[at];
    if (acc_result[op])
        return 1;
    if (op >= RO_I32_ADD__BR_I32_EQ && op <= RO_I32_LOAD8_U__BR_I32_GE_U_IR)
        return 1; /* the ALU part; the next instruction is its fall-through */
    const Pair *p = pair_at(op);
    if (!p || p->b == RO_CALL || p->b == RO_RETURN || p->b == RO_BR || p->b == RO_BR_TABLE)
        return 0;
    uint32_t nb = part_len(p->a);
    if (acc_result[p->b])
        return nb; /* B's result is the last one */
    if (!acc_result[p->a] || (rt_part_result(p->b) && w[at + nb] == w[at + 1]))
        return 0; /* A has no result in acc, or B overwrote A's slot */
    return 1;
}

void rt_acc_forms(uint32_t *w, uint32_t n, const uint32_t *pcmap, uint32_t npcmap,
                  const uint32_t *labels, uint32_t nlabels)
{
    _Static_assert(RO_I32_ADD__BR_I32_EQ < RO_I32_LOAD8_U__BR_I32_GE_U_IR, "RT_ALUBR_OPS layout");
    uint32_t prev = UINT32_MAX, li = 0;
    for (uint32_t k = 0; k < npcmap; k++) {
        uint32_t at = pcmap[2 * k];
        if (at >= n || (prev != UINT32_MAX && at <= prev))
            continue;
        while (li < nlabels && labels[li] < at)
            li++;
        int label = li < nlabels && labels[li] == at;
        uint32_t off = prev != UINT32_MAX && !label ? held(w, prev) : 0;
        uint32_t slot = off ? w[prev + off] : UINT32_MAX;
        prev = at;
        if (slot == UINT32_MAX)
            continue;
        const Pair *p = pair_at(w[at]);
        if (p) { /* A's sources are the pair's first operands */
            uint32_t x, y;
            rt_part_sources(p->a, &x, &y);
            if (!acc_form[p->a].a1 || (w[at] - pair_first[0]) % 9 >= 3)
                continue;
            if (w[at + x] == slot)
                w[at] += 3;
            else if (y && w[at + y] == slot)
                w[at] += 6;
            continue;
        }
        const AccForm *f = &acc_form[w[at]];
        if (!f->a1)
            continue;
        uint32_t x = f->x, y = f->y;
        if (!x) /* a part */
            rt_part_sources(w[at], &x, &y);
        if (w[at + x] == slot)
            w[at] = f->a1;
        else if (y && w[at + y] == slot)
            w[at] = f->a1 + 1u;
    }
}
