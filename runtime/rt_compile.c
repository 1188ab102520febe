/* rt_compile.c - validate a function body and translate it, in one pass.
 *
 * Spec: core 2.0, 3.3 "Instructions" (the validation algorithm of the
 * appendix, A.3) and our internal code (rt_ops.h).  The validator keeps the
 * usual operand and control stacks; each operand entry also says where the
 * value lives at run time:
 *
 *   - a stack value lives in its natural slot stack_base + height;
 *   - a constant used inside a loop lives in a constant slot, filled once
 *     per call (the slots after the locals), so the loop does not rebuild it;
 *   - a value produced by local.get is not copied: the entry refers to the
 *     local's slot until something could change the local (local.set/tee of
 *     it, a block boundary), at which point it is "materialized" by a COPY.
 *
 * A few peepholes work on the last emitted instruction: an op whose result
 * goes straight into local.set/tee writes the local directly; a constant
 * right operand becomes an "_I" immediate form; an integer comparison that
 * feeds br_if/if becomes a fused compare-and-branch, itself fused into an
 * i32 add/and just before it; an address computed by an add just before a
 * load or store moves into it (_A, _X, _S forms); and two adjacent
 * instructions listed in RT_PAIR_OPS become one superinstruction (settle).
 * None looks back across a label (a jump target), which resets the
 * peephole state.
 */
#include "rt_assign.h"
#include "rt_internal.h"
#include "rt_ops.h"
#include "vec.h"
#include "winstr.h"

#include <stdlib.h>
#include <string.h>

typedef struct Opnd {
    uint8_t type;  /* value type, or RT_UNKNOWN */
    uint8_t local; /* 1: slot is a local (not yet materialized) */
    uint32_t slot;
} Opnd;

enum { K_BLOCK, K_LOOP, K_IF, K_ELSE, K_FUNC };

typedef struct Ctl {
    uint8_t kind;
    uint8_t unreachable; /* the rest of the frame is unreachable (stack-polymorphic) */
    uint8_t deadin;      /* the whole frame is inside unreachable code: emit nothing */
    uint32_t height;     /* operand height at the label */
    uint32_t np, nr;
    const uint8_t *params, *results;
    uint32_t start;      /* loop: word index of the head */
    uint32_t fix;        /* chain of forward jumps to the end (UINT32_MAX: none) */
    uint32_t else_fix;   /* if: the jump to the else arm */
    RtAssignSet da_in;   /* locals surely written on entry (if: for the else arm) */
    RtAssignSet da_out;  /* ... at the end: the meet of the branches to it */
} Ctl;

#define NOFIX UINT32_MAX

typedef struct Comp {
    WrModule *mod;
    const WModule *w;
    CmError *err;
    uint8_t *ltypes; /* local types */
    uint32_t nlocals;
    uint32_t stack_base; /* nlocals + npool */
    uint64_t pool[RT_MAX_POOL]; /* constant slots: values as stored in a slot */
    RtAssign da;         /* locals surely written so far (rt_assign.h) */
    uint32_t npool;
    uint32_t pool_refs[RT_MAX_POOL]; /* uses of each as a slot operand (pool_used) */
    VEC(Opnd) st;
    VEC(Ctl) ctl;
    VEC(uint32_t) code;
    VEC(uint32_t) pcmap;
    VEC(uint32_t) labels; /* word positions of labels, ascending (rt_acc_forms) */
    VEC(uint32_t) jwords; /* positions of J words, ascending (jwords_finish) */
    uint32_t maxh;
    uint32_t instr_off; /* byte offset of the current instruction */
    /* peephole state */
    uint32_t last_at;   /* start of the last instruction, or NOFIX */
    uint32_t prev_at;   /* start of the one before it (no label between), or NOFIX */
    uint32_t last_dst;  /* word of its destination slot, or NOFIX */
    int last_const;     /* the last instruction is a CONST with this value */
    int64_t const_val;
    int oom;
} Comp;

static const uint8_t T_I32[1] = {WT_I32}, T_I64[1] = {WT_I64}, T_F32[1] = {WT_F32},
                     T_F64[1] = {WT_F64}, T_FREF[1] = {WT_FUNCREF}, T_XREF[1] = {WT_EXTERNREF};

static const uint8_t *single(uint8_t t)
{
    switch (t) {
    case WT_I32: return T_I32;
    case WT_I64: return T_I64;
    case WT_F32: return T_F32;
    case WT_F64: return T_F64;
    case WT_FUNCREF: return T_FREF;
    default: return T_XREF;
    }
}

static CmErr fail(Comp *c, CmErr code, const char *detail)
{
    err_set(c->err, code, c->instr_off, detail ? "%s" : NULL, detail);
    return code;
}

/* An "unknown <thing> N" error: the index goes after the message, as in
 * the testsuite's wording. */
static CmErr failx(Comp *c, CmErr code, uint32_t index)
{
    err_set(c->err, code, c->instr_off, "%u", index);
    return code;
}

/* ---- emission ---- */

static int dead(const Comp *c)
{
    const Ctl *f = &c->ctl.data[c->ctl.len - 1];
    return f->unreachable || f->deadin;
}

static void put(Comp *c, uint32_t w)
{
    if (!VEC_PUSH(&c->code, w))
        c->oom = 1;
}

/* Superinstructions: A then B becomes A__B (rt_ops.h RT_PAIR_OPS, fused
 * when B is final; RT_JUMP_PAIR_OPS, fused when the jump B is emitted). */
typedef struct PairOp {
    uint16_t a, b, ab;
} PairOp;
#define M(a, b) {RO_##a, RO_##b, RO_##a##__##b},
static const PairOp pair_ops[] = {RT_PAIR_OPS(M)};
static const PairOp jump_pair_ops[] = {RT_JUMP_PAIR_OPS(M)};
#undef M

/* The fused op of a then b in table t (n entries), or 0 (never a pair). */
static uint32_t pair_of(const PairOp *t, size_t n, uint32_t a, uint32_t b)
{
    for (size_t i = 0; i < n; i++)
        if (t[i].a == a && t[i].b == b)
            return t[i].ab;
    return 0;
}

/* 0, 1 or 2: the form of pair (A at `a_at`, B at `b_at`) by which of B's
 * sources is A's result. */
static uint32_t chain_form(const Comp *c, uint32_t a_at, uint32_t b_at)
{
    const uint32_t *w = c->code.data;
    if (!rt_part_result(w[a_at]))
        return 0;
    uint32_t x, y;
    rt_part_sources(w[b_at], &x, &y);
    if (x && b_at + x < c->code.len && w[b_at + x] == w[a_at + 1])
        return 1;
    if (y && b_at + y < c->code.len && w[b_at + y] == w[a_at + 1])
        return 2;
    return 0;
}

/* Fuse the last two instructions into a superinstruction if they form one.
 * Done only once the last instruction is final - when the next one starts
 * or at a label - so that the other peepholes (which rewrite or drop the
 * last instruction) see it whole.  B's opcode word goes and its operands
 * move down one word; B never holds a jump, so no recorded position moves. */
/* Bit (op & 63) is set for every first, and every second, part of a pair:
 * most instructions are rejected without searching the table. */
#define PAIR_A_BIT(a, b) | ((uint64_t)1 << (RO_##a & 63))
#define PAIR_B_BIT(a, b) | ((uint64_t)1 << (RO_##b & 63))
static const uint64_t pair_first_bits = 0 RT_PAIR_OPS(PAIR_A_BIT);
static const uint64_t pair_second_bits = 0 RT_PAIR_OPS(PAIR_B_BIT);
#undef PAIR_A_BIT
#undef PAIR_B_BIT

static void settle(Comp *c)
{
    if (c->mod->eng->no_fuse || c->prev_at == NOFIX || c->last_at == NOFIX ||
        c->last_at >= c->code.len || c->oom || c->pcmap.len < 4 ||
        c->pcmap.data[c->pcmap.len - 2] != c->last_at)
        return;
    uint32_t a = c->code.data[c->prev_at], b = c->code.data[c->last_at];
    if (!(pair_first_bits >> (a & 63) & 1) || !(pair_second_bits >> (b & 63) & 1))
        return;
    uint32_t ab = pair_of(pair_ops, sizeof pair_ops / sizeof pair_ops[0], a, b);
    if (!ab)
        return;
    uint32_t *w = c->code.data;
    uint32_t form = chain_form(c, c->prev_at, c->last_at);
    memmove(w + c->last_at, w + c->last_at + 1, (c->code.len - c->last_at - 1) * sizeof *w);
    c->code.len--;
    w[c->prev_at] = ab + form;
    c->pcmap.len -= 2;
    c->last_at = c->prev_at;
    c->prev_at = NOFIX;
    c->last_dst = NOFIX;
    c->last_const = 0;
}

static int is_cmp(RtOp op);
static int is_cmp_i(RtOp op);

/* The i32 ops that a following compare-and-branch fuses into (rt_ops.h
 * RT_ALUBR_OPS): their index there, or -1. */
static int branch_alu(uint32_t op)
{
    switch (op) {
    case RO_I32_ADD: return 0;
    case RO_I32_ADD_I: return 1;
    case RO_I32_AND_I: return 2;
    case RO_I32_LOAD: return 3;
    case RO_I32_LOAD8_U: return 4;
    default: return -1;
    }
}

/* Start an instruction: records it for the peepholes and the pc map. */
static uint32_t op_start(Comp *c, RtOp op)
{
    /* an i32 comparison may yet become a branch fused into the ALU op
     * before it (fuse_alu_branch): keep that op unpaired until then */
    int keep = c->last_at != NOFIX && c->last_at < c->code.len &&
               (is_cmp(op) || is_cmp_i(op) || op == RO_I32_EQZ) &&
               branch_alu(c->code.data[c->last_at]) >= 0;
    if (!keep)
        settle(c);
    uint32_t at = (uint32_t)c->code.len;
    /* the last instruction may have been dropped by a peephole: then the
     * one before it is the last one now */
    if (c->last_at != NOFIX && c->last_at < at)
        c->prev_at = c->last_at;
    else if (c->prev_at != NOFIX && c->prev_at >= at)
        c->prev_at = NOFIX;
    c->last_at = at;
    c->last_dst = NOFIX;
    c->last_const = 0;
    if (!VEC_PUSH(&c->pcmap, at) || !VEC_PUSH(&c->pcmap, c->instr_off))
        c->oom = 1;
    put(c, (uint32_t)op);
    return at;
}

/* Start jump instruction `op` (BR, BR_TABLE), fused into the last
 * instruction when the pair is a superinstruction; its operands and J
 * words follow either way.  `x` is the jump's source slot (BR_TABLE's
 * index; NOFIX: none): when the first part computed it, the _C1 form takes
 * it from a register. */
static void jump_start(Comp *c, RtOp op, uint32_t x)
{
    if (c->last_at != NOFIX && c->last_at < c->code.len && !c->oom && !c->mod->eng->no_fuse) {
        uint32_t a = c->code.data[c->last_at];
        uint32_t ab = pair_of(jump_pair_ops, sizeof jump_pair_ops / sizeof jump_pair_ops[0], a, op);
        if (ab) {
            int chained = x != NOFIX && rt_part_result(a) && c->code.data[c->last_at + 1] == x;
            c->code.data[c->last_at] = ab + (uint32_t)chained;
            c->prev_at = NOFIX;
            c->last_dst = NOFIX;
            c->last_const = 0;
            return;
        }
    }
    op_start(c, op);
}

static void emit1(Comp *c, RtOp op) { if (!dead(c)) op_start(c, op); }
static void emit2(Comp *c, RtOp op, uint32_t a)
{
    if (dead(c)) return;
    op_start(c, op);
    put(c, a);
}
static void emit3(Comp *c, RtOp op, uint32_t a, uint32_t b)
{
    if (dead(c)) return;
    op_start(c, op);
    put(c, a);
    put(c, b);
}
static void emit4(Comp *c, RtOp op, uint32_t a, uint32_t b, uint32_t d)
{
    if (dead(c)) return;
    op_start(c, op);
    put(c, a);
    put(c, b);
    put(c, d);
}
static void emit5(Comp *c, RtOp op, uint32_t a, uint32_t b, uint32_t d, uint32_t e)
{
    if (dead(c)) return;
    op_start(c, op);
    put(c, a);
    put(c, b);
    put(c, d);
    put(c, e);
}
static void emit6(Comp *c, RtOp op, uint32_t a, uint32_t b, uint32_t d, uint32_t e, uint32_t f)
{
    if (dead(c)) return;
    op_start(c, op);
    put(c, a);
    put(c, b);
    put(c, d);
    put(c, e);
    put(c, f);
}
/* An instruction "OP dst ..." whose dst may be retargeted by local.set. */
static void mark_dst(Comp *c)
{
    if (!dead(c))
        c->last_dst = c->last_at + 1;
}

/* A label: code after it may be reached by a jump, so no peephole may look
 * back across it. */
static void label_here(Comp *c)
{
    settle(c);
    if (!VEC_PUSH(&c->labels, (uint32_t)c->code.len))
        c->oom = 1;
    c->last_at = NOFIX;
    c->prev_at = NOFIX;
    c->last_dst = NOFIX;
    c->last_const = 0;
}

/* Patch the chain of forward jumps starting at `fix` to land here.  Each J
 * word holds the next link until patched; J is relative to its own word. */
static void patch_chain(Comp *c, uint32_t fix)
{
    settle(c);
    uint32_t here = (uint32_t)c->code.len;
    while (fix != NOFIX && !c->oom) {
        uint32_t next = c->code.data[fix];
        c->code.data[fix] = (uint32_t)(int32_t)(here - fix);
        fix = next;
    }
    label_here(c);
}

/* Record that word `at` is a J word.  While translating, a J word counts
 * from its own word (forward jumps are patched later); jwords_finish makes
 * it a byte offset from the start of its instruction, so a taken jump is
 * one load and one add to pc. */
static void jword(Comp *c, uint32_t at)
{
    if (!VEC_PUSH(&c->jwords, at))
        c->oom = 1;
}

/* J words are recorded as they are emitted and never move, so both they
 * and the pc map (instruction starts) ascend: a J word's instruction is
 * the last one starting at or before it. */
static void jwords_finish(Comp *c)
{
    uint32_t *w = c->code.data;
    const uint32_t *map = c->pcmap.data;
    size_t nmap = c->pcmap.len / 2, i = 0;
    for (size_t k = 0; k < c->jwords.len && !c->oom && nmap; k++) {
        uint32_t at = c->jwords.data[k];
        while (i + 1 < nmap && map[2 * (i + 1)] <= at)
            i++;
        int64_t j = (int64_t)(int32_t)w[at] + (int64_t)(at - map[2 * i]);
        w[at] = (uint32_t)(int32_t)(4 * j);
    }
}

/* Emit the J word of a jump to control frame `l`. */
static void put_jump(Comp *c, Ctl *l)
{
    uint32_t at = (uint32_t)c->code.len;
    jword(c, at);
    if (l->kind == K_LOOP) {
        put(c, (uint32_t)(int32_t)(l->start - at));
    } else {
        put(c, l->fix);
        l->fix = at;
    }
}

/* ---- operand stack ---- */

static uint32_t height(const Comp *c) { return (uint32_t)c->st.len; }
static uint32_t nat(const Comp *c, uint32_t h) { return c->stack_base + h; }

static uint32_t push(Comp *c, uint8_t type)
{
    uint32_t h = height(c);
    Opnd o = {type, 0, nat(c, h)};
    if (!VEC_PUSH(&c->st, o))
        c->oom = 1;
    if (h + 1 > c->maxh)
        c->maxh = h + 1;
    return o.slot;
}

static int is_num(uint8_t t) { return t == WT_I32 || t == WT_I64 || t == WT_F32 || t == WT_F64; }
static int is_ref(uint8_t t) { return t == WT_FUNCREF || t == WT_EXTERNREF; }

/* Pop one operand of type `want` (RT_UNKNOWN: any). */
static CmErr pop(Comp *c, uint8_t want, Opnd *out)
{
    Ctl *f = &c->ctl.data[c->ctl.len - 1];
    if (height(c) == f->height) {
        if (f->unreachable) {
            out->type = want;
            out->local = 0;
            out->slot = nat(c, height(c));
            return CM_OK;
        }
        return fail(c, CM_E_V_TYPE_MISMATCH, "operand stack is empty");
    }
    Opnd o = c->st.data[--c->st.len];
    if (want != RT_UNKNOWN && o.type != RT_UNKNOWN && o.type != want)
        return fail(c, CM_E_V_TYPE_MISMATCH, NULL);
    if (o.type == RT_UNKNOWN)
        o.type = want;
    *out = o;
    return CM_OK;
}

/* Check that the top n operands have types ts (without popping). */
static CmErr peek_types(Comp *c, const uint8_t *ts, uint32_t n)
{
    Ctl *f = &c->ctl.data[c->ctl.len - 1];
    for (uint32_t i = 0; i < n; i++) {
        uint32_t h = height(c);
        if (h < i + 1 || h - i - 1 < f->height) {
            if (f->unreachable)
                return CM_OK;
            return fail(c, CM_E_V_TYPE_MISMATCH, "operand stack is too short");
        }
        uint8_t t = c->st.data[h - i - 1].type;
        if (t != RT_UNKNOWN && t != ts[n - i - 1])
            return fail(c, CM_E_V_TYPE_MISMATCH, NULL);
    }
    return CM_OK;
}

/* Make stack entry at height h live in its natural slot. */
static void materialize(Comp *c, uint32_t h)
{
    Opnd *o = &c->st.data[h];
    if (!o->local)
        return;
    emit3(c, RO_COPY, nat(c, h), o->slot);
    o->local = 0;
    o->slot = nat(c, h);
}

static void materialize_all(Comp *c)
{
    for (uint32_t h = 0; h < height(c); h++)
        materialize(c, h);
}

/* Before local x changes: entries that still read x get their own copy. */
static void materialize_local(Comp *c, uint32_t x)
{
    for (uint32_t h = 0; h < height(c); h++)
        if (c->st.data[h].local && c->st.data[h].slot == x)
            materialize(c, h);
}

/* ---- control ---- */

static CmErr push_ctl(Comp *c, uint8_t kind, const uint8_t *params, uint32_t np,
                      const uint8_t *results, uint32_t nr)
{
    Ctl f = {kind, 0, 0, height(c) - np, np, nr, params, results, 0, NOFIX, NOFIX, c->da.cur, {{0}}};
    rt_assign_full(&f.da_out);
    /* code inside a block in dead code is dead too (but is still validated
     * with an ordinary, non-polymorphic stack) */
    if (c->ctl.len && dead(c))
        f.deadin = 1;
    if (!VEC_PUSH(&c->ctl, f))
        return fail(c, CM_E_OOM, NULL);
    return CM_OK;
}

/* Check the operand stack at the end of frame f holds exactly its results. */
static CmErr check_end(Comp *c, const Ctl *f)
{
    CmErr e = peek_types(c, f->results, f->nr);
    if (e)
        return e;
    if (height(c) != f->height + f->nr) {
        if (!(f->unreachable && height(c) < f->height + f->nr))
            return fail(c, CM_E_V_TYPE_MISMATCH, "values remaining on stack at end of block");
    }
    return CM_OK;
}

/* A branch to l leaves the locals written so far for l's end (a loop's
 * head was entered with fewer). */
static void assign_branch(Comp *c, Ctl *l)
{
    if (!dead(c) && l->kind != K_LOOP)
        rt_assign_meet(&l->da_out, &c->da.cur);
}

static void set_unreachable(Comp *c)
{
    Ctl *f = &c->ctl.data[c->ctl.len - 1];
    c->st.len = f->height;
    f->unreachable = 1;
    rt_assign_full(&c->da.cur);
    label_here(c);
}

/* The block type of a block/loop/if. */
static CmErr block_type(Comp *c, const WInstr *in, const uint8_t **params, uint32_t *np,
                        const uint8_t **results, uint32_t *nr)
{
    *np = *nr = 0;
    *params = *results = NULL;
    if (in->bt_type == WT_EMPTY)
        return CM_OK;
    if (in->bt_type != 0) {
        if (in->bt_type == WT_V128)
            return fail(c, CM_E_V_SIMD, NULL);
        *results = single(in->bt_type);
        *nr = 1;
        return CM_OK;
    }
    if (in->bt_index >= c->w->ntypes)
        return failx(c, CM_E_V_UNKNOWN_TYPE, in->bt_index);
    const RtFuncType *t = &c->mod->types[in->bt_index];
    *params = t->types;
    *np = t->nparams;
    *results = t->types + t->nparams;
    *nr = t->nresults;
    return CM_OK;
}

/* Copy the top n operands (types already checked) into slots nat(base..). */
static void copy_to(Comp *c, uint32_t n, uint32_t base_h)
{
    uint32_t h = height(c);
    for (uint32_t i = 0; i < n; i++) {
        Opnd *o = &c->st.data[h - n + i];
        if (o->slot != nat(c, base_h + i))
            emit3(c, RO_COPY, nat(c, base_h + i), o->slot);
    }
}

static int needs_copy(Comp *c, uint32_t n, uint32_t base_h)
{
    uint32_t h = height(c);
    for (uint32_t i = 0; i < n; i++)
        if (c->st.data[h - n + i].slot != nat(c, base_h + i))
            return 1;
    return 0;
}

static Ctl *label_at(Comp *c, uint32_t depth)
{
    return &c->ctl.data[c->ctl.len - 1 - depth];
}

static uint32_t label_arity(const Ctl *l) { return l->kind == K_LOOP ? l->np : l->nr; }
static const uint8_t *label_types(const Ctl *l)
{
    return l->kind == K_LOOP ? l->params : l->results;
}

/* Results to fp[0..n), then RETURN.  Ascending copies are safe for stack
 * sources; a local source j < i would be clobbered, so copy it first. */
static void emit_return(Comp *c, uint32_t n)
{
    uint32_t h = height(c);
    if (h < n) { /* unreachable code: nothing to emit */
        emit1(c, RO_RETURN);
        return;
    }
    Opnd *top = n == 1 ? &c->st.data[h - 1] : NULL;
    if (top && !top->local && c->last_dst != NOFIX && c->last_dst == c->last_at + 1 &&
        c->code.data[c->last_dst] == top->slot && !dead(c)) {
        c->code.data[c->last_dst] = 0; /* the producer writes the result slot */
        emit1(c, RO_RETURN);
        return;
    }
    for (uint32_t i = 0; i < n; i++) {
        Opnd *o = &c->st.data[h - n + i];
        if (o->local && o->slot < i)
            materialize(c, h - n + i);
    }
    for (uint32_t i = 0; i < n; i++) {
        Opnd *o = &c->st.data[h - n + i];
        if (o->slot != i)
            emit3(c, RO_COPY, i, o->slot);
    }
    emit1(c, RO_RETURN);
}

/* ---- compare-and-branch fusion ---- */

static RtOp negate_cmp(RtOp op)
{
    switch (op) {
    case RO_I32_EQ: return RO_I32_NE;
    case RO_I32_NE: return RO_I32_EQ;
    case RO_I32_LT_S: return RO_I32_GE_S;
    case RO_I32_GE_S: return RO_I32_LT_S;
    case RO_I32_LT_U: return RO_I32_GE_U;
    case RO_I32_GE_U: return RO_I32_LT_U;
    case RO_I32_GT_S: return RO_I32_LE_S;
    case RO_I32_LE_S: return RO_I32_GT_S;
    case RO_I32_GT_U: return RO_I32_LE_U;
    case RO_I32_LE_U: return RO_I32_GT_U;
    case RO_I64_EQ: return RO_I64_NE;
    case RO_I64_NE: return RO_I64_EQ;
    case RO_I64_LT_S: return RO_I64_GE_S;
    case RO_I64_GE_S: return RO_I64_LT_S;
    case RO_I64_LT_U: return RO_I64_GE_U;
    case RO_I64_GE_U: return RO_I64_LT_U;
    case RO_I64_GT_S: return RO_I64_LE_S;
    case RO_I64_LE_S: return RO_I64_GT_S;
    case RO_I64_GT_U: return RO_I64_LE_U;
    case RO_I64_LE_U: return RO_I64_GT_U;
    default: return RO__COUNT;
    }
}

static int is_cmp(RtOp op) { return op >= RO_I32_EQ && op <= RO_I64_GE_U; }
static int is_cmp_i(RtOp op) { return op >= RO_I32_EQ_I && op <= RO_I64_GE_U_I; }

/* The branch "if (a <cmp> b) jump" (b an immediate when imm) fused into the
 * i32 ALU instruction at `at` when that is the last one emitted: A__BR_cmp.
 * Returns the word index of the J word, or NOFIX when it does not apply. */
static uint32_t fuse_alu_branch(Comp *c, uint32_t at, RtOp cmp, int imm, uint32_t a, uint32_t b)
{
    if (at == NOFIX || at >= c->code.len || cmp > RO_I32_GE_U || c->oom || c->mod->eng->no_fuse)
        return NOFIX;
    int alu = branch_alu(c->code.data[at]);
    /* the ALU instruction must be the last one: it is 4 words long */
    if (alu < 0 || at + 4 != c->code.len)
        return NOFIX;
    /* per ALU op 10 comparisons, each in four forms: register, immediate,
     * and both again comparing the ALU result itself */
    _Static_assert(RO_I32_LOAD__BR_I32_GE_U_IR == RO_I32_ADD__BR_I32_EQ + 3 * 40 + 9 * 4 + 3 &&
                       RO_I32_GE_U == RO_I32_EQ + 9,
                   "RT_ALUBR_OPS layout");
    uint32_t on_result = a == c->code.data[at + 1];
    c->code.data[at] = RO_I32_ADD__BR_I32_EQ + (uint32_t)alu * 40 +
                       (uint32_t)(cmp - RO_I32_EQ) * 4 + (uint32_t)imm + 2 * on_result;
    put(c, a);
    put(c, b);
    uint32_t j = (uint32_t)c->code.len;
    jword(c, j);
    put(c, NOFIX);
    c->last_at = at;
    c->prev_at = NOFIX;
    c->last_dst = NOFIX;
    c->last_const = 0;
    return j;
}

/* Emit "jump to l if cond is (when_true)", fusing a comparison that was
 * just computed into cond's slot.  Returns the word index of the J word. */
static uint32_t emit_cond_jump(Comp *c, Opnd cond, int when_true)
{
    if (c->last_at != NOFIX && !cond.local && c->last_dst == c->last_at + 1 &&
        c->code.data[c->last_at + 1] == cond.slot) {
        RtOp op = (RtOp)c->code.data[c->last_at];
        uint32_t a = c->code.data[c->last_at + 2];
        /* only two-operand comparisons have a fourth word */
        uint32_t b = c->code.len > c->last_at + 3 ? c->code.data[c->last_at + 3] : 0;
        RtOp base = RO__COUNT;
        int imm = 0;
        if (is_cmp(op)) {
            base = op;
        } else if (is_cmp_i(op)) {
            base = (RtOp)(op - RO_I32_EQ_I + RO_I32_EQ);
            imm = 1;
        } else if (op == RO_I32_EQZ || op == RO_I64_EQZ) {
            base = op == RO_I32_EQZ ? RO_I32_EQ : RO_I64_EQ;
            imm = 1;
            b = 0;
        }
        if (base != RO__COUNT) {
            if (!when_true)
                base = negate_cmp(base);
            c->code.len = c->last_at;
            c->pcmap.len -= 2;
            uint32_t j = fuse_alu_branch(c, c->prev_at, base, imm, a, b);
            if (j != NOFIX)
                return j;
            RtOp f = imm ? (RtOp)(RO_BR_I32_EQ_I + (base - RO_I32_EQ))
                         : (RtOp)(RO_BR_I32_EQ + (base - RO_I32_EQ));
            op_start(c, f);
            put(c, a);
            put(c, b);
            j = (uint32_t)c->code.len;
            jword(c, j);
            put(c, NOFIX);
            return j;
        }
    }
    /* br_if x is "x != 0": an ALU op just before may take it */
    RtOp ne = when_true ? RO_I32_NE : RO_I32_EQ;
    uint32_t fj = fuse_alu_branch(c, c->last_at, ne, 1, cond.slot, 0);
    if (fj != NOFIX)
        return fj;
    op_start(c, when_true ? RO_BR_IF : RO_BR_IFZ);
    put(c, cond.slot);
    uint32_t j = (uint32_t)c->code.len;
    jword(c, j);
    put(c, NOFIX);
    return j;
}

/* Point the J word at j to control frame l. */
static void link_jump(Comp *c, uint32_t j, Ctl *l)
{
    if (c->oom)
        return;
    if (l->kind == K_LOOP) {
        c->code.data[j] = (uint32_t)(int32_t)(l->start - j);
    } else {
        c->code.data[j] = l->fix;
        l->fix = j;
    }
}

/* ---- instructions ---- */

/* WOp -> internal op for the fixed-signature numeric instructions (+1 so
 * that 0 means "not one of them"). */
static const uint16_t numeric_op[WOP__COUNT] = {
#define M(n) [WOP_##n] = RO_##n + 1,
    RT_UNARY_OPS(M) RT_BINARY_OPS(M)
#undef M
};
static const uint16_t imm_op[RO__COUNT] = {
#define M(n) [RO_##n] = RO_##n##_I + 1,
    RT_IMM_OPS(M)
#undef M
};
static const uint16_t load_op[WOP__COUNT] = {
#define M(n) [WOP_##n] = RO_##n + 1,
    RT_LOAD_OPS(M) RT_STORE_OPS(M)
#undef M
    [WOP_F32_LOAD] = RO_I32_LOAD + 1, [WOP_F64_LOAD] = RO_I64_LOAD + 1,
    [WOP_F32_STORE] = RO_I32_STORE + 1, [WOP_F64_STORE] = RO_I64_STORE + 1,
};

static int pool_slot(const Comp *c, uint32_t slot, uint64_t *out)
{
    if (slot < c->nlocals || slot >= c->stack_base)
        return 0;
    *out = c->pool[slot - c->nlocals];
    return 1;
}

static CmErr numeric(Comp *c, const WInstr *in)
{
    const WOpInfo *info = &winstr_ops[in->op];
    CmErr e;
    Opnd a, b;
    switch (in->op) { /* reinterpretations only retype the value */
    case WOP_I32_REINTERPRET_F32:
    case WOP_I64_REINTERPRET_F64:
    case WOP_F32_REINTERPRET_I32:
    case WOP_F64_REINTERPRET_I64:
        if ((e = pop(c, info->params[0], &a)))
            return e;
        push(c, info->result);
        if (c->oom)
            return fail(c, CM_E_OOM, NULL);
        a.type = info->result;
        c->st.data[c->st.len - 1] = a;
        return CM_OK;
    default: break;
    }
    RtOp op = (RtOp)(numeric_op[in->op] - 1);
    if (info->nparams == 1) {
        if ((e = pop(c, info->params[0], &a)))
            return e;
        uint32_t d = push(c, info->result);
        emit3(c, op, d, a.slot);
        mark_dst(c);
        return CM_OK;
    }
    if ((e = pop(c, info->params[1], &b)) || (e = pop(c, info->params[0], &a)))
        return e;
    uint32_t d = push(c, info->result);
    if (op == RO_I32_ADD && !dead(c) && c->last_dst != NOFIX && c->last_dst == c->last_at + 1 &&
        c->code.data[c->last_at] == RO_I32_SHL_I) {
        /* a + (x << k) where the shift was just computed into one operand */
        uint32_t w = c->code.data[c->last_dst];
        Opnd other = !b.local && b.slot == w ? a : !a.local && a.slot == w ? b : (Opnd){0, 0, NOFIX};
        if (other.slot != NOFIX && other.slot != w) {
            uint32_t x = c->code.data[c->last_at + 2], k = c->code.data[c->last_at + 3];
            c->code.len = c->last_at;
            c->pcmap.len -= 2;
            emit5(c, RO_I32_ADD_SHL, d, other.slot, x, k);
            mark_dst(c);
            return CM_OK;
        }
    }
    uint64_t pv;
    if (imm_op[op] && b.local && pool_slot(c, b.slot, &pv) && !dead(c) &&
        (info->params[1] == WT_I32 ? 1 : (int64_t)pv >= INT32_MIN && (int64_t)pv <= INT32_MAX)) {
        emit4(c, (RtOp)(imm_op[op] - 1), d, a.slot, (uint32_t)pv);
        c->pool_refs[b.slot - c->nlocals]--;
    } else if (imm_op[op] && c->last_const && !b.local && c->last_dst == c->last_at + 1 &&
        c->code.data[c->last_at + 1] == b.slot && c->const_val >= INT32_MIN &&
        c->const_val <= INT32_MAX && !dead(c)) {
        int32_t k = (int32_t)c->const_val;
        c->code.len = c->last_at; /* drop the CONST */
        c->pcmap.len -= 2;
        emit4(c, (RtOp)(imm_op[op] - 1), d, a.slot, (uint32_t)k);
    } else {
        emit4(c, op, d, a.slot, b.slot);
    }
    mark_dst(c);
    return CM_OK;
}

static CmErr memarg(Comp *c, const WInstr *in, unsigned size)
{
    if (c->mod->nmems == 0)
        return failx(c, CM_E_V_UNKNOWN_MEMORY, 0);
    if ((1u << in->align) > size)
        return fail(c, CM_E_V_ALIGN, NULL);
    return CM_OK;
}

/* If the address operand `a` was computed by the last instruction into a
 * temporary - x + k (I32_ADD_I), x + y (I32_ADD) or x + (y << k)
 * (I32_ADD_SHL) - drop that instruction, put its operands in x[] and return
 * its opcode, for a load or store that does the addition itself.  Returns
 * RO__COUNT otherwise. */
static RtOp address_producer(Comp *c, Opnd a, uint32_t x[3])
{
    if (a.local || dead(c) || c->last_dst == NOFIX || c->last_dst != c->last_at + 1 ||
        c->code.data[c->last_dst] != a.slot)
        return RO__COUNT;
    RtOp op = (RtOp)c->code.data[c->last_at];
    if (op != RO_I32_ADD_I && op != RO_I32_ADD && op != RO_I32_ADD_SHL)
        return RO__COUNT;
    const uint32_t *w = c->code.data + c->last_at;
    x[0] = w[2];
    x[1] = w[3];
    x[2] = op == RO_I32_ADD_SHL ? w[4] : 0;
    c->code.len = c->last_at;
    c->pcmap.len -= 2;
    return op;
}

/* If the address operand `a` is the constant just loaded by the last
 * instruction and k + offset fits the offset word, drop that CONST32:
 * the access reads a constant slot holding 0 (scan_pool) at offset
 * k + offset, which is the same effective address.  Returns that slot, or
 * NOFIX. */
static uint32_t const_address(Comp *c, Opnd a, uint64_t offset, uint64_t *off)
{
    if (c->mod->eng->no_fuse || a.local || dead(c) || !c->last_const ||
        c->last_dst != c->last_at + 1 || c->code.data[c->last_dst] != a.slot ||
        c->code.data[c->last_at] != RO_CONST32)
        return NOFIX;
    uint64_t ea = (uint64_t)(uint32_t)c->const_val + offset;
    if (ea > UINT32_MAX)
        return NOFIX;
    for (uint32_t k = 0; k < c->npool; k++)
        if (c->pool[k] == 0) {
            c->code.len = c->last_at;
            c->pcmap.len -= 2;
            c->last_const = 0;
            c->pool_refs[k]++;
            *off = ea;
            return c->nlocals + k;
        }
    return NOFIX;
}

static CmErr mem_op(Comp *c, const WInstr *in)
{
    const WOpInfo *info = &winstr_ops[in->op];
    CmErr e = memarg(c, in, info->mem);
    Opnd a, v;
    if (e)
        return e;
    RtOp op = (RtOp)(load_op[in->op] - 1);
    if (info->result != WT_NO) {
        if ((e = pop(c, WT_I32, &a)))
            return e;
        uint64_t off = in->offset;
        uint32_t z = const_address(c, a, in->offset, &off);
        if (z != NOFIX)
            a.slot = z;
        uint32_t d = push(c, info->result);
        uint32_t x[3];
        switch (z != NOFIX ? RO__COUNT : address_producer(c, a, x)) {
        case RO_I32_ADD_I: /* address = x + k just computed: one instruction */
            emit5(c, (RtOp)(op - RO_I32_LOAD + RO_I32_LOAD_A), d, x[0], x[1], (uint32_t)in->offset);
            break;
        case RO_I32_ADD:
            emit5(c, (RtOp)(op - RO_I32_LOAD + RO_I32_LOAD_X), d, x[0], x[1], (uint32_t)in->offset);
            break;
        case RO_I32_ADD_SHL:
            emit6(c, (RtOp)(op - RO_I32_LOAD + RO_I32_LOAD_S), d, x[0], x[1], x[2],
                  (uint32_t)in->offset);
            break;
        default: emit4(c, op, d, a.slot, (uint32_t)off); break;
        }
        mark_dst(c);
    } else {
        if ((e = pop(c, info->params[1], &v)) || (e = pop(c, WT_I32, &a)))
            return e;
        /* the address can only be the last thing computed when the value
         * is a local or constant slot (nothing came between) */
        uint64_t off = in->offset;
        uint32_t z = v.local ? const_address(c, a, in->offset, &off) : NOFIX;
        if (z != NOFIX)
            a.slot = z;
        uint32_t x[3];
        switch (v.local && z == NOFIX ? address_producer(c, a, x) : RO__COUNT) {
        case RO_I32_ADD_I:
            emit5(c, (RtOp)(op - RO_I32_STORE + RO_I32_STORE_A), x[0], v.slot, x[1],
                  (uint32_t)in->offset);
            break;
        case RO_I32_ADD:
            emit5(c, (RtOp)(op - RO_I32_STORE + RO_I32_STORE_X), x[0], x[1], v.slot,
                  (uint32_t)in->offset);
            break;
        case RO_I32_ADD_SHL:
            emit6(c, (RtOp)(op - RO_I32_STORE + RO_I32_STORE_S), x[0], x[1], x[2], v.slot,
                  (uint32_t)in->offset);
            break;
        default: emit4(c, op, a.slot, v.slot, (uint32_t)off); break;
        }
    }
    return CM_OK;
}

static CmErr c_block(Comp *c, const WInstr *in)
{
    const uint8_t *ps, *rs;
    uint32_t np, nr;
    CmErr e;
    Opnd cond = {WT_I32, 0, 0};
    if ((e = block_type(c, in, &ps, &np, &rs, &nr)))
        return e;
    if (in->op == WOP_IF && (e = pop(c, WT_I32, &cond)))
        return e;
    if ((e = peek_types(c, ps, np)))
        return e;
    if (height(c) < c->ctl.data[c->ctl.len - 1].height + np) {
        /* dead code: pad the stack with unknowns so the params exist */
        while (height(c) < c->ctl.data[c->ctl.len - 1].height + np)
            push(c, RT_UNKNOWN);
    }
    materialize_all(c);
    uint32_t j = NOFIX;
    if (in->op == WOP_IF && !dead(c))
        j = emit_cond_jump(c, cond, 0);
    if ((e = push_ctl(c, in->op == WOP_BLOCK ? K_BLOCK : in->op == WOP_LOOP ? K_LOOP : K_IF, ps,
                      np, rs, nr)))
        return e;
    Ctl *f = &c->ctl.data[c->ctl.len - 1];
    for (uint32_t i = 0; i < np; i++) /* params take the block's types */
        c->st.data[f->height + i].type = ps[i];
    f->else_fix = j;
    if (in->op == WOP_LOOP) { /* back-edges count fuel: see rt_exec.c */
        label_here(c);
        f->start = (uint32_t)c->code.len;
    }
    return CM_OK;
}

static CmErr c_else(Comp *c)
{
    Ctl *f = &c->ctl.data[c->ctl.len - 1];
    if (f->kind != K_IF)
        return fail(c, CM_E_V_TYPE_MISMATCH, "else without if");
    CmErr e = check_end(c, f);
    if (e)
        return e;
    if (!dead(c)) {
        copy_to(c, f->nr, f->height);
        jump_start(c, RO_BR, NOFIX);
        put_jump(c, f);
    }
    assign_branch(c, f);
    c->da.cur = f->da_in;
    f->kind = K_ELSE;
    f->unreachable = 0;
    c->st.len = f->height;
    if (f->else_fix != NOFIX)
        patch_chain(c, f->else_fix);
    f->else_fix = NOFIX;
    label_here(c);
    for (uint32_t i = 0; i < f->np; i++)
        push(c, f->params[i]);
    return CM_OK;
}

static CmErr c_end(Comp *c)
{
    Ctl *f = &c->ctl.data[c->ctl.len - 1];
    CmErr e = check_end(c, f);
    if (e)
        return e;
    if (f->kind == K_IF) { /* no else: the false path carries the params */
        if (f->np != f->nr || (f->np && memcmp(f->params, f->results, f->np)))
            return fail(c, CM_E_V_TYPE_MISMATCH, "if without else must not change types");
        rt_assign_meet(&f->da_out, &f->da_in);
    }
    if (!dead(c))
        rt_assign_meet(&f->da_out, &c->da.cur);
    c->da.cur = f->da_out;
    if (f->kind == K_FUNC) {
        if (f->fix != NOFIX) {
            if (!f->unreachable)
                copy_to(c, f->nr, f->height);
            f->unreachable = 0;
            patch_chain(c, f->fix);
            c->st.len = f->height;
            for (uint32_t i = 0; i < f->nr; i++)
                push(c, f->results[i]);
        }
        if (!f->unreachable)
            emit_return(c, f->nr);
        c->ctl.len--;
        return CM_OK;
    }
    if (!f->unreachable)
        copy_to(c, f->nr, f->height);
    if (f->kind != K_LOOP) {
        if (f->else_fix != NOFIX)
            patch_chain(c, f->else_fix);
        patch_chain(c, f->fix);
    }
    label_here(c);
    uint32_t h = f->height, nr = f->nr;
    const uint8_t *rs = f->results;
    c->ctl.len--;
    c->st.len = h;
    for (uint32_t i = 0; i < nr; i++)
        push(c, rs[i]);
    return CM_OK;
}

static CmErr c_br(Comp *c, const WInstr *in)
{
    if (in->idx >= c->ctl.len)
        return failx(c, CM_E_V_UNKNOWN_LABEL, in->idx);
    Ctl *l = label_at(c, in->idx);
    uint32_t n = label_arity(l);
    CmErr e = peek_types(c, label_types(l), n);
    if (e)
        return e;
    if (!dead(c)) {
        copy_to(c, n, l->height);
        jump_start(c, RO_BR, NOFIX);
        put_jump(c, l);
    }
    assign_branch(c, l);
    set_unreachable(c);
    return CM_OK;
}

static CmErr c_br_if(Comp *c, const WInstr *in)
{
    Opnd cond;
    CmErr e;
    if (in->idx >= c->ctl.len)
        return failx(c, CM_E_V_UNKNOWN_LABEL, in->idx);
    if ((e = pop(c, WT_I32, &cond)))
        return e;
    Ctl *l = label_at(c, in->idx);
    uint32_t n = label_arity(l);
    const uint8_t *ts = label_types(l);
    if ((e = peek_types(c, ts, n)))
        return e;
    /* the values stay on the stack with the label's types */
    uint32_t h = height(c);
    Ctl *f = &c->ctl.data[c->ctl.len - 1];
    for (uint32_t i = 0; i < n; i++) {
        if (h < n - i || h - (n - i) < f->height) {
            /* polymorphic stack: materialize unknowns so they can be typed */
            continue;
        }
        c->st.data[h - n + i].type = ts[i];
    }
    if (height(c) < f->height + n) { /* dead code with a short stack */
        while (height(c) < f->height + n)
            push(c, RT_UNKNOWN);
        for (uint32_t i = 0; i < n; i++)
            c->st.data[height(c) - n + i].type = ts[i];
    }
    if (dead(c))
        return CM_OK;
    assign_branch(c, l);
    if (!needs_copy(c, n, l->height)) {
        uint32_t j = emit_cond_jump(c, cond, 1);
        link_jump(c, j, l);
    } else {
        uint32_t skip = emit_cond_jump(c, cond, 0);
        copy_to(c, n, l->height);
        jump_start(c, RO_BR, NOFIX);
        put_jump(c, l);
        patch_chain(c, skip);
    }
    label_here(c);
    return CM_OK;
}

static CmErr c_br_table(Comp *c, const WInstr *in)
{
    Opnd idx;
    CmErr e;
    uint32_t *targets = malloc(sizeof(uint32_t) * ((size_t)in->count + 1));
    if (!targets)
        return fail(c, CM_E_OOM, NULL);
    winstr_br_table_targets(in, targets);
    targets[in->count] = in->idx;
    if ((e = pop(c, WT_I32, &idx)))
        goto out;
    for (uint32_t i = 0; i <= in->count; i++)
        if (targets[i] >= c->ctl.len) {
            e = failx(c, CM_E_V_UNKNOWN_LABEL, targets[i]);
            goto out;
        }
    uint32_t arity = label_arity(label_at(c, in->idx));
    for (uint32_t i = 0; i <= in->count; i++) {
        Ctl *l = label_at(c, targets[i]);
        assign_branch(c, l);
        if (label_arity(l) != arity) {
            e = fail(c, CM_E_V_TYPE_MISMATCH, "br_table targets have different arities");
            goto out;
        }
        if ((e = peek_types(c, label_types(l), arity)))
            goto out;
    }
    if (!dead(c)) {
        jump_start(c, RO_BR_TABLE, idx.slot);
        put(c, idx.slot);
        put(c, in->count);
        uint32_t first = (uint32_t)c->code.len;
        for (uint32_t i = 0; i <= in->count; i++) {
            jword(c, (uint32_t)c->code.len);
            put(c, NOFIX);
        }
        for (uint32_t i = 0; i <= in->count && !c->oom; i++) {
            Ctl *l = label_at(c, targets[i]);
            if (!needs_copy(c, arity, l->height)) {
                link_jump(c, first + i, l);
            } else { /* a stub: copies, then the jump */
                c->code.data[first + i] = (uint32_t)(int32_t)((uint32_t)c->code.len - (first + i));
                copy_to(c, arity, l->height);
                op_start(c, RO_BR);
                put_jump(c, l);
            }
        }
    }
    set_unreachable(c);
out:
    free(targets);
    return e;
}

/* Operands of a call: check, materialize into the argument slots, pop. */
static CmErr call_args(Comp *c, const RtFuncType *t, uint32_t *base)
{
    CmErr e = peek_types(c, t->types, t->nparams);
    Ctl *f = &c->ctl.data[c->ctl.len - 1];
    if (e)
        return e;
    while (height(c) < f->height + t->nparams) /* dead code */
        push(c, RT_UNKNOWN);
    uint32_t h = height(c);
    for (uint32_t i = 0; i < t->nparams; i++)
        materialize(c, h - t->nparams + i);
    c->st.len -= t->nparams;
    *base = nat(c, height(c));
    return CM_OK;
}

static void call_results(Comp *c, const RtFuncType *t, uint32_t base)
{
    for (uint32_t i = 0; i < t->nresults; i++)
        push(c, t->types[t->nparams + i]);
    /* the callee's frame starts at base; make room for its results */
    if (base - c->stack_base + t->nresults > c->maxh)
        c->maxh = base - c->stack_base + t->nresults;
    label_here(c);
}

static CmErr c_call(Comp *c, const WInstr *in)
{
    if (in->idx >= c->mod->nfuncs)
        return failx(c, CM_E_V_UNKNOWN_FUNC, in->idx);
    const RtFuncType *t = &c->mod->types[c->mod->func_type[in->idx]];
    uint32_t base;
    CmErr e = call_args(c, t, &base);
    if (e)
        return e;
    emit3(c, RO_CALL, in->idx, base);
    call_results(c, t, base);
    return CM_OK;
}

static CmErr c_call_indirect(Comp *c, const WInstr *in)
{
    Opnd idx;
    CmErr e;
    if (in->idx2 >= c->mod->ntables)
        return failx(c, CM_E_V_UNKNOWN_TABLE, in->idx2);
    if (in->idx >= c->w->ntypes)
        return failx(c, CM_E_V_UNKNOWN_TYPE, in->idx);
    if (c->mod->table_type[in->idx2] != WT_FUNCREF)
        return fail(c, CM_E_V_TYPE_MISMATCH, "call_indirect needs a funcref table");
    const RtFuncType *t = &c->mod->types[in->idx];
    if ((e = pop(c, WT_I32, &idx)))
        return e;
    /* the index may sit in the callee's frame: keep it in a local-or-stack
     * slot that the exec loop reads before the call */
    uint32_t base;
    if ((e = call_args(c, t, &base)))
        return e;
    emit5(c, RO_CALL_INDIRECT, in->idx2, t->canon, base, idx.slot);
    call_results(c, t, base);
    return CM_OK;
}

static CmErr c_local(Comp *c, const WInstr *in)
{
    CmErr e;
    Opnd v;
    uint32_t x = in->idx;
    if (x >= c->nlocals)
        return failx(c, CM_E_V_UNKNOWN_LOCAL, x);
    uint8_t t = c->ltypes[x];
    if (in->op == WOP_LOCAL_GET) {
        Opnd o = {t, 1, x};
        if (!dead(c))
            rt_assign_read(&c->da, x);
        push(c, t);
        if (c->oom)
            return fail(c, CM_E_OOM, NULL);
        c->st.data[c->st.len - 1] = o;
        return CM_OK;
    }
    if ((e = pop(c, t, &v)))
        return e;
    rt_assign_write(&c->da, x);
    int tee = in->op == WOP_LOCAL_TEE;
    int has_refs = 0;
    for (uint32_t h = 0; h < height(c); h++)
        if (c->st.data[h].local && c->st.data[h].slot == x)
            has_refs = 1;
    if (!dead(c)) {
        if (!v.local && !has_refs && c->last_dst != NOFIX && c->last_dst == c->last_at + 1 &&
            c->code.data[c->last_dst] == v.slot) {
            c->code.data[c->last_dst] = x; /* the producer writes the local */
            c->last_dst = NOFIX;
            c->last_const = 0;
        } else if (!(v.local && v.slot == x)) {
            materialize_local(c, x);
            emit3(c, RO_COPY, x, v.slot);
        }
    }
    if (tee) {
        Opnd o = {t, 1, x};
        push(c, t);
        if (c->oom)
            return fail(c, CM_E_OOM, NULL);
        c->st.data[c->st.len - 1] = o;
    }
    return CM_OK;
}

static CmErr c_global(Comp *c, const WInstr *in)
{
    CmErr e;
    Opnd v;
    if (in->idx >= c->mod->nglobals)
        return failx(c, CM_E_V_UNKNOWN_GLOBAL, in->idx);
    uint8_t t = c->mod->global_type[in->idx];
    if (in->op == WOP_GLOBAL_GET) {
        uint32_t d = push(c, t);
        emit3(c, RO_GLOBAL_GET, d, in->idx);
        mark_dst(c);
        return CM_OK;
    }
    if (!c->mod->global_mut[in->idx])
        return fail(c, CM_E_V_IMMUTABLE_GLOBAL, NULL);
    if ((e = pop(c, t, &v)))
        return e;
    emit3(c, RO_GLOBAL_SET, in->idx, v.slot);
    return CM_OK;
}

static CmErr c_select(Comp *c, const WInstr *in)
{
    Opnd cond, a, b;
    CmErr e;
    uint8_t t = RT_UNKNOWN;
    if (in->op == WOP_SELECT_T) {
        if (in->count != 1)
            return fail(c, CM_E_V_RESULT_ARITY, NULL);
        t = in->vec[0];
        if (t == WT_V128)
            return fail(c, CM_E_V_SIMD, NULL);
    }
    if ((e = pop(c, WT_I32, &cond)) || (e = pop(c, t, &b)) || (e = pop(c, t, &a)))
        return e;
    if (t == RT_UNKNOWN) {
        if ((a.type != RT_UNKNOWN && !is_num(a.type)) || (b.type != RT_UNKNOWN && !is_num(b.type)))
            return fail(c, CM_E_V_TYPE_MISMATCH, "select needs numeric operands");
        if (a.type != RT_UNKNOWN && b.type != RT_UNKNOWN && a.type != b.type)
            return fail(c, CM_E_V_TYPE_MISMATCH, NULL);
        t = a.type != RT_UNKNOWN ? a.type : b.type;
    }
    uint32_t d = push(c, t);
    emit5(c, RO_SELECT, d, a.slot, b.slot, cond.slot);
    mark_dst(c);
    return CM_OK;
}

/* The value of a constant instruction as its slot holds it. */
static uint64_t const_bits(const WInstr *in)
{
    switch (in->op) {
    case WOP_I32_CONST: return (uint32_t)in->i64;
    case WOP_I64_CONST: return (uint64_t)in->i64;
    case WOP_F32_CONST: return (uint32_t)in->bits;
    default: return in->bits;
    }
}

/* Before translating: collect the distinct constants used inside loops
 * (at most RT_MAX_POOL), and 0 if a load or store has a constant address
 * (const_address).  Errors are left to the main pass. */
static void scan_pool(Comp *c, const uint8_t *p, const uint8_t *end)
{
    uint8_t kinds[256];
    uint32_t depth = 0, loops = 0;
    int since_const = 9, zero = 0; /* instructions since an i32.const */
    WInstr in;
    while (p < end && !winstr_next(&p, end, &in)) {
        since_const++;
        if (winstr_ops[in.op].mem && since_const <= 2)
            zero = 1;
        switch (in.op) {
        case WOP_BLOCK:
        case WOP_IF:
        case WOP_LOOP:
            if (depth == sizeof kinds)
                goto done;
            kinds[depth++] = in.op == WOP_LOOP;
            loops += in.op == WOP_LOOP;
            break;
        case WOP_END:
            if (depth == 0)
                goto done;
            loops -= kinds[--depth];
            break;
        case WOP_I32_CONST:
        case WOP_I64_CONST:
        case WOP_F32_CONST:
        case WOP_F64_CONST: {
            since_const = in.op == WOP_I32_CONST ? 0 : 9;
            if (!loops)
                break;
            uint64_t v = const_bits(&in);
            uint32_t k = 0;
            while (k < c->npool && c->pool[k] != v)
                k++;
            if (k == c->npool && c->npool < RT_MAX_POOL)
                c->pool[c->npool++] = v;
            break;
        }
        default: break;
        }
    }
done:;
    uint32_t k = 0;
    while (k < c->npool && c->pool[k] != 0)
        k++;
    if (zero && k == c->npool && c->npool < RT_MAX_POOL)
        c->pool[c->npool++] = 0;
}

/* The range of pool constants the code reads as slots: a call copies only
 * those (most become immediates). */
static void pool_used(const Comp *c, uint32_t *lo, uint32_t *hi)
{
    *lo = *hi = 0;
    for (uint32_t k = 0; k < c->npool; k++)
        if (c->pool_refs[k]) {
            if (*lo >= *hi)
                *lo = k;
            *hi = k + 1;
        }
}

static CmErr c_const(Comp *c, const WInstr *in)
{
    uint8_t t = winstr_ops[in->op].result;
    uint64_t v = const_bits(in);
    for (uint32_t k = 0; k < c->npool; k++)
        if (c->pool[k] == v) { /* a constant slot: no code */
            Opnd o = {t, 1, c->nlocals + k};
            c->pool_refs[k]++; /* until it becomes an immediate (numeric) */
            push(c, t);
            if (c->oom)
                return fail(c, CM_E_OOM, NULL);
            c->st.data[c->st.len - 1] = o;
            return CM_OK;
        }
    uint32_t d = push(c, t);
    if (t == WT_I32 || t == WT_F32)
        emit3(c, RO_CONST32, d, (uint32_t)v);
    else
        emit4(c, RO_CONST64, d, (uint32_t)v, (uint32_t)(v >> 32));
    mark_dst(c);
    if (!dead(c) && (in->op == WOP_I32_CONST || in->op == WOP_I64_CONST)) {
        c->last_const = 1;
        c->const_val = in->i64;
    }
    return CM_OK;
}

static CmErr c_table(Comp *c, const WInstr *in)
{
    Opnd a, b, d;
    CmErr e;
    uint32_t x = in->idx;
    const WrModule *m = c->mod;
    switch (in->op) {
    case WOP_TABLE_GET:
    case WOP_TABLE_SET:
    case WOP_TABLE_SIZE:
    case WOP_TABLE_GROW:
    case WOP_TABLE_FILL:
        if (x >= m->ntables)
            return failx(c, CM_E_V_UNKNOWN_TABLE, x);
        break;
    default: break;
    }
    switch (in->op) {
    case WOP_TABLE_GET: {
        if ((e = pop(c, WT_I32, &a)))
            return e;
        uint32_t s = push(c, m->table_type[x]);
        emit4(c, RO_TABLE_GET, s, x, a.slot);
        return CM_OK;
    }
    case WOP_TABLE_SET:
        if ((e = pop(c, m->table_type[x], &b)) || (e = pop(c, WT_I32, &a)))
            return e;
        emit4(c, RO_TABLE_SET, x, a.slot, b.slot);
        return CM_OK;
    case WOP_TABLE_SIZE: {
        uint32_t s = push(c, WT_I32);
        emit3(c, RO_TABLE_SIZE, s, x);
        return CM_OK;
    }
    case WOP_TABLE_GROW: {
        if ((e = pop(c, WT_I32, &b)) || (e = pop(c, m->table_type[x], &a)))
            return e;
        uint32_t s = push(c, WT_I32);
        emit5(c, RO_TABLE_GROW, s, x, a.slot, b.slot);
        return CM_OK;
    }
    case WOP_TABLE_FILL:
        if ((e = pop(c, WT_I32, &d)) || (e = pop(c, m->table_type[x], &b)) ||
            (e = pop(c, WT_I32, &a)))
            return e;
        emit5(c, RO_TABLE_FILL, x, a.slot, b.slot, d.slot);
        return CM_OK;
    case WOP_TABLE_COPY:
        if (in->idx >= m->ntables || in->idx2 >= m->ntables)
            return failx(c, CM_E_V_UNKNOWN_TABLE, (in->idx >= m->ntables ? in->idx : in->idx2));
        if (m->table_type[in->idx] != m->table_type[in->idx2])
            return fail(c, CM_E_V_TYPE_MISMATCH, NULL);
        if ((e = pop(c, WT_I32, &d)) || (e = pop(c, WT_I32, &b)) || (e = pop(c, WT_I32, &a)))
            return e;
        emit6(c, RO_TABLE_COPY, in->idx, in->idx2, a.slot, b.slot, d.slot);
        return CM_OK;
    case WOP_TABLE_INIT:
        if (in->idx2 >= m->ntables)
            return failx(c, CM_E_V_UNKNOWN_TABLE, in->idx2);
        if (in->idx >= c->w->nelems)
            return failx(c, CM_E_V_UNKNOWN_ELEM, in->idx);
        if (m->table_type[in->idx2] != c->w->elems[in->idx].elem_type)
            return fail(c, CM_E_V_TYPE_MISMATCH, NULL);
        if ((e = pop(c, WT_I32, &d)) || (e = pop(c, WT_I32, &b)) || (e = pop(c, WT_I32, &a)))
            return e;
        emit6(c, RO_TABLE_INIT, in->idx2, in->idx, a.slot, b.slot, d.slot);
        return CM_OK;
    case WOP_ELEM_DROP:
        if (in->idx >= c->w->nelems)
            return failx(c, CM_E_V_UNKNOWN_ELEM, in->idx);
        emit2(c, RO_ELEM_DROP, in->idx);
        return CM_OK;
    default: return fail(c, CM_E_ILLEGAL_OPCODE, NULL);
    }
}

static CmErr c_memory(Comp *c, const WInstr *in)
{
    Opnd a, b, d;
    CmErr e;
    /* data.drop is the one bulk-memory instruction that needs no memory */
    if (c->mod->nmems == 0 && in->op != WOP_DATA_DROP)
        return failx(c, CM_E_V_UNKNOWN_MEMORY, 0);
    /* without a data count section the code section cannot name segments;
     * an index past the data section is reported as unknown first */
    uint32_t ndata = c->w->has_data_count ? c->w->data_count : c->w->ndatas;
    switch (in->op) {
    case WOP_MEMORY_SIZE: {
        uint32_t s = push(c, WT_I32);
        emit2(c, RO_MEMORY_SIZE, s);
        return CM_OK;
    }
    case WOP_MEMORY_GROW: {
        if ((e = pop(c, WT_I32, &a)))
            return e;
        uint32_t s = push(c, WT_I32);
        emit3(c, RO_MEMORY_GROW, s, a.slot);
        label_here(c);
        return CM_OK;
    }
    case WOP_MEMORY_FILL:
    case WOP_MEMORY_COPY:
    case WOP_MEMORY_INIT:
        if (in->op == WOP_MEMORY_INIT) {
            if (in->idx >= ndata)
                return failx(c, CM_E_V_UNKNOWN_DATA, in->idx);
            if (!c->w->has_data_count)
                return fail(c, CM_E_DATA_COUNT_REQUIRED, NULL);
        }
        if ((e = pop(c, WT_I32, &d)) || (e = pop(c, WT_I32, &b)) || (e = pop(c, WT_I32, &a)))
            return e;
        if (in->op == WOP_MEMORY_INIT)
            emit5(c, RO_MEMORY_INIT, in->idx, a.slot, b.slot, d.slot);
        else
            emit4(c, in->op == WOP_MEMORY_FILL ? RO_MEMORY_FILL : RO_MEMORY_COPY, a.slot, b.slot,
                  d.slot);
        return CM_OK;
    case WOP_DATA_DROP:
        if (in->idx >= ndata)
            return failx(c, CM_E_V_UNKNOWN_DATA, in->idx);
        if (!c->w->has_data_count)
            return fail(c, CM_E_DATA_COUNT_REQUIRED, NULL);
        emit2(c, RO_DATA_DROP, in->idx);
        return CM_OK;
    default: return fail(c, CM_E_ILLEGAL_OPCODE, NULL);
    }
}

static CmErr c_ref(Comp *c, const WInstr *in)
{
    Opnd a;
    CmErr e;
    switch (in->op) {
    case WOP_REF_NULL: {
        uint32_t s = push(c, in->reftype);
        emit4(c, RO_CONST64, s, 0, 0);
        return CM_OK;
    }
    case WOP_REF_IS_NULL: {
        if ((e = pop(c, RT_UNKNOWN, &a)))
            return e;
        if (a.type != RT_UNKNOWN && !is_ref(a.type))
            return fail(c, CM_E_V_TYPE_MISMATCH, NULL);
        uint32_t s = push(c, WT_I32);
        emit3(c, RO_REF_IS_NULL, s, a.slot);
        mark_dst(c);
        return CM_OK;
    }
    case WOP_REF_FUNC: {
        if (in->idx >= c->mod->nfuncs)
            return failx(c, CM_E_V_UNKNOWN_FUNC, in->idx);
        if (!c->mod->declared[in->idx])
            return fail(c, CM_E_V_UNDECLARED_REF, NULL);
        uint32_t s = push(c, WT_FUNCREF);
        emit3(c, RO_REF_FUNC, s, in->idx);
        return CM_OK;
    }
    default: return fail(c, CM_E_ILLEGAL_OPCODE, NULL);
    }
}

static CmErr instr(Comp *c, const WInstr *in)
{
    const WOpInfo *info = &winstr_ops[in->op];
    Opnd a;
    CmErr e;
    if (info->prefix == 0xFD)
        return fail(c, CM_E_V_SIMD, NULL);
    if (info->mem)
        return mem_op(c, in);
    if (numeric_op[in->op] || in->op == WOP_I32_REINTERPRET_F32 ||
        in->op == WOP_I64_REINTERPRET_F64 || in->op == WOP_F32_REINTERPRET_I32 ||
        in->op == WOP_F64_REINTERPRET_I64)
        return numeric(c, in);
    switch (in->op) {
    case WOP_UNREACHABLE:
        emit1(c, RO_UNREACHABLE);
        set_unreachable(c);
        return CM_OK;
    case WOP_NOP: return CM_OK;
    case WOP_BLOCK:
    case WOP_LOOP:
    case WOP_IF: return c_block(c, in);
    case WOP_ELSE: return c_else(c);
    case WOP_END: return c_end(c);
    case WOP_BR: return c_br(c, in);
    case WOP_BR_IF: return c_br_if(c, in);
    case WOP_BR_TABLE: return c_br_table(c, in);
    case WOP_RETURN: {
        const Ctl *f = &c->ctl.data[0];
        if ((e = peek_types(c, f->results, f->nr)))
            return e;
        if (!dead(c))
            emit_return(c, f->nr);
        set_unreachable(c);
        return CM_OK;
    }
    case WOP_CALL: return c_call(c, in);
    case WOP_CALL_INDIRECT: return c_call_indirect(c, in);
    case WOP_DROP: return pop(c, RT_UNKNOWN, &a);
    case WOP_SELECT:
    case WOP_SELECT_T: return c_select(c, in);
    case WOP_LOCAL_GET:
    case WOP_LOCAL_SET:
    case WOP_LOCAL_TEE: return c_local(c, in);
    case WOP_GLOBAL_GET:
    case WOP_GLOBAL_SET: return c_global(c, in);
    case WOP_I32_CONST:
    case WOP_I64_CONST:
    case WOP_F32_CONST:
    case WOP_F64_CONST: return c_const(c, in);
    case WOP_REF_NULL:
    case WOP_REF_IS_NULL:
    case WOP_REF_FUNC: return c_ref(c, in);
    case WOP_MEMORY_SIZE:
    case WOP_MEMORY_GROW:
    case WOP_MEMORY_FILL:
    case WOP_MEMORY_COPY:
    case WOP_MEMORY_INIT:
    case WOP_DATA_DROP: return c_memory(c, in);
    default: return c_table(c, in);
    }
}

/* Locals: params of the type, then the body's runs. */
static CmErr setup_locals(Comp *c, const RtFuncType *t, const WBody *b)
{
    uint64_t n = t->nparams + b->nlocals;
    if (n > 50000)
        return fail(c, CM_E_TOO_MANY_LOCALS, NULL);
    c->nlocals = (uint32_t)n;
    c->ltypes = malloc(n ? n : 1);
    if (!c->ltypes)
        return fail(c, CM_E_OOM, NULL);
    memcpy(c->ltypes, t->types, t->nparams);
    uint32_t k = t->nparams;
    for (uint32_t r = 0; r < b->nruns; r++) {
        if (b->runs[r].type == WT_V128)
            return fail(c, CM_E_V_SIMD, NULL);
        memset(c->ltypes + k, b->runs[r].type, b->runs[r].count);
        k += b->runs[r].count;
    }
    return CM_OK;
}

CmErr rt_compile_func(WrModule *mod, uint32_t fi, const uint8_t *p, const uint8_t *end,
                      CmError *err)
{
    (void)p;
    (void)end;
    Comp c;
    memset(&c, 0, sizeof c);
    c.mod = mod;
    c.w = mod->w;
    c.err = err;
    c.last_at = c.last_dst = c.prev_at = NOFIX;
    const WBody *body = &c.w->bodies[fi];
    const RtFuncType *t = &mod->types[mod->func_type[c.w->nfunc_imports + fi]];
    const uint8_t *ip = body->code.data, *iend = ip + body->code.len;
    CmErr e = setup_locals(&c, t, body);
    if (e)
        goto out;
    rt_assign_init(&c.da, t->nparams);
    scan_pool(&c, ip, iend);
    c.stack_base = c.nlocals + c.npool;
    if ((e = push_ctl(&c, K_FUNC, NULL, 0, t->types + t->nparams, t->nresults)))
        goto out;
    while (c.ctl.len > 0) {
        WInstr in;
        c.instr_off = body->code_offset + (uint32_t)(ip - body->code.data);
        if (ip >= iend) {
            e = fail(&c, CM_E_END_EXPECTED, NULL);
            goto out;
        }
        if ((e = winstr_next(&ip, iend, &in))) {
            err_set(err, e, body->code_offset + (uint32_t)(ip - body->code.data), NULL);
            goto out;
        }
        if ((e = instr(&c, &in)))
            goto out;
        if (c.oom) {
            e = fail(&c, CM_E_OOM, NULL);
            goto out;
        }
        if (c.code.len > (1u << 30)) {
            e = fail(&c, CM_E_V_FUNC_TOO_BIG, NULL);
            goto out;
        }
    }
    if (ip != iend) {
        e = fail(&c, CM_E_SECTION_SIZE, "code after the end of the function");
        goto out;
    }
    settle(&c);
    jwords_finish(&c);
    if (!c.mod->eng->no_fuse && !c.oom) {
        rt_acc_forms(c.code.data, (uint32_t)c.code.len, c.pcmap.data, (uint32_t)c.pcmap.len / 2,
                     c.labels.data, (uint32_t)c.labels.len);
        rt_loop_forms(c.code.data, (uint32_t)c.code.len, c.pcmap.data, (uint32_t)c.pcmap.len / 2);
    }
    /* the interpreter reads up to eight words past an instruction's
     * start (LOAD_OPERANDS in rt_exec.c): pad the end */
    size_t len = c.code.len;
    for (int i = 0; i < 8; i++)
        put(&c, 0);
    c.code.len = len;
    if (c.oom) {
        e = fail(&c, CM_E_OOM, NULL);
        goto out;
    }
    RtCode *code = &mod->code[fi];
    code->words = c.code.data;
    code->nwords = (uint32_t)c.code.len;
    code->nlocals = c.nlocals;
    code->zero_lo = c.da.zero_lo < c.da.zero_hi ? c.da.zero_lo : 0;
    code->zero_hi = c.da.zero_lo < c.da.zero_hi ? c.da.zero_hi : 0;
    code->nconsts = c.npool;
    pool_used(&c, &code->const_lo, &code->const_hi);
    if (c.npool) {
        code->consts = malloc(c.npool * sizeof(uint64_t));
        if (!code->consts) {
            e = fail(&c, CM_E_OOM, NULL);
            goto out;
        }
        memcpy(code->consts, c.pool, c.npool * sizeof(uint64_t));
    }
    code->frame_slots = c.stack_base + c.maxh;
    if (code->frame_slots < t->nresults)
        code->frame_slots = t->nresults;
    code->body_offset = body->code_offset;
    code->pcmap = c.pcmap.data;
    code->npcmap = (uint32_t)c.pcmap.len / 2;
    c.code.data = NULL;
    c.pcmap.data = NULL;
    rt_thread_code(code);
    if (err)
        err->func = c.w->nfunc_imports + fi;
out:
    if (e && err)
        err->func = c.w->nfunc_imports + fi;
    free(c.ltypes);
    VEC_FREE(&c.st);
    VEC_FREE(&c.ctl);
    VEC_FREE(&c.code);
    VEC_FREE(&c.pcmap);
    VEC_FREE(&c.labels);
    VEC_FREE(&c.jwords);
    return e;
}

void rt_code_free(RtCode *c)
{
    free(c->consts);
    c->consts = NULL;
    free(c->words);
    free(c->pcmap);
    c->words = NULL;
    c->pcmap = NULL;
}
