/* rt_exec_fused.h - the parts and the fused cases of the interpreter loop:
 * the plain ops that are also parts of fused instructions (each written
 * once, as a part body), ALU ops and loads fused with the branch after
 * them, superinstructions made of two adjacent parts, and loads and stores
 * with two-slot addresses (rt_ops.h).
 *
 * Included once, inside the interpreter loop (rt_exec.c), after
 * rt_exec_ops.h.  A fused instruction does exactly what its parts do, in
 * order, so each part is written once below as a body at operand offset o
 * (its operands are W(o + 1) ...) and the cases are put together from them;
 * a pair keeps one opcode word, so B's operands start right after A's.
 */

/* ---- loads and stores with "x + y" and "x + (y << k)" addresses ---- */

/* A load or store at address EA (an expression over the operands), LEN
 * words long: d is S(1) for loads, the value is S(V) for stores. */
#define LOAD_AT(EA, T, CONV, LEN)                                                                  \
    {                                                                                              \
        uint64_t ea = (EA);                                                                        \
        T v;                                                                                       \
        BOUNDS(ea, sizeof v);                                                                      \
        memcpy(&v, mem + ea, sizeof v);                                                            \
        acc.u64 = CONV v;                                                                          \
        S(1) = acc;                                                                                \
        pc += (LEN);                                                                               \
        VM_NEXT();                                                                                 \
    }
#define STORE_AT(EA, T, V, LEN)                                                                    \
    {                                                                                              \
        uint64_t ea = (EA);                                                                        \
        T v = (T)S(V).u64;                                                                         \
        BOUNDS(ea, sizeof v);                                                                      \
        memcpy(mem + ea, &v, sizeof v);                                                            \
        pc += (LEN);                                                                               \
        VM_NEXT();                                                                                 \
    }
#define ADDR_X(x, y, off) ((uint64_t)(uint32_t)(S(x).u32 + S(y).u32) + W(off))
#define ADDR_S(x, y, k, off) ((uint64_t)(uint32_t)(S(x).u32 + (S(y).u32 << (W(k) & 31))) + W(off))

#define FUSED_LOAD(name, T, CONV)                                                                  \
    VM_CASE(name##_X) LOAD_AT(ADDR_X(2, 3, 4), T, CONV, 5)                                         \
    VM_CASE(name##_S) LOAD_AT(ADDR_S(2, 3, 4, 5), T, CONV, 6)
#define FUSED_STORE(name, T)                                                                       \
    VM_CASE(name##_X) STORE_AT(ADDR_X(1, 2, 4), T, 3, 5)                                           \
    VM_CASE(name##_S) STORE_AT(ADDR_S(1, 2, 3, 5), T, 4, 6)

        RT_LOAD_TYPES(FUSED_LOAD)
        RT_STORE_TYPES(FUSED_STORE)

/* ---- the parts: plain ops that are also parts of fused instructions ---- */

/* Each part P_op(o, X, Y) reads its first and second source operands
 * through X and Y: SL (the slot, as S) or RG (r_, the result of the part
 * before it, still in a register).  A part with a result leaves it in r_ as
 * well as in its slot.  The translator picks the _C1/_C2 form of a pair when
 * B's first/second source is A's result, so B does not wait for A's store. */
#define SL(i) S(i)
#define RG(i) r_
#define AC(i) acc
#define ACC_SET(r) (acc = (r))
#define P_COPY(o, X, Y) r_ = X((o) + 2); S((o) + 1) = r_; ACC_SET(r_);
#define N_COPY 3
#define P_I32_ADD_I(o, X, Y) r_.u64 = (uint32_t)(X((o) + 2).u32 + W((o) + 3)); S((o) + 1) = r_; ACC_SET(r_);
#define N_I32_ADD_I 4
#define P_I32_AND_I(o, X, Y) r_.u64 = X((o) + 2).u32 & W((o) + 3); S((o) + 1) = r_; ACC_SET(r_);
#define N_I32_AND_I 4
#define P_BIN32(o, X, Y, OP) r_.u64 = (uint32_t)(X((o) + 2).u32 OP Y((o) + 3).u32); S((o) + 1) = r_; ACC_SET(r_);
#define P_I32_ADD(o, X, Y) P_BIN32(o, X, Y, +)
#define N_I32_ADD 4
#define P_I32_SUB(o, X, Y) P_BIN32(o, X, Y, -)
#define N_I32_SUB 4
#define P_I32_MUL(o, X, Y) P_BIN32(o, X, Y, *)
#define N_I32_MUL 4
#define P_I32_XOR(o, X, Y) P_BIN32(o, X, Y, ^)
#define N_I32_XOR 4
#define P_I32_AND(o, X, Y) P_BIN32(o, X, Y, &)
#define N_I32_AND 4
#define P_I32_SHR_U_I(o, X, Y) r_.u64 = X((o) + 2).u32 >> (W((o) + 3) & 31); S((o) + 1) = r_; ACC_SET(r_);
#define N_I32_SHR_U_I 4
#define P_I32_ROTL_I(o, X, Y) r_.u64 = rotl32(X((o) + 2).u32, W((o) + 3)); S((o) + 1) = r_; ACC_SET(r_);
#define N_I32_ROTL_I 4
#define P_BINF64(o, X, Y, OP) r_.f64 = X((o) + 2).f64 OP Y((o) + 3).f64; S((o) + 1) = r_;
#define P_F64_ADD(o, X, Y) P_BINF64(o, X, Y, +)
#define N_F64_ADD 4
#define P_F64_SUB(o, X, Y) P_BINF64(o, X, Y, -)
#define N_F64_SUB 4
#define P_F64_MUL(o, X, Y) P_BINF64(o, X, Y, *)
#define N_F64_MUL 4
#define P_I32_ADD_SHL(o, X, Y)                                                                     \
    r_.u64 = (uint32_t)(X((o) + 2).u32 + (Y((o) + 3).u32 << (W((o) + 4) & 31)));                    \
    S((o) + 1) = r_;                                                                               \
    ACC_SET(r_);
#define N_I32_ADD_SHL 5
#define P_F64_SQRT(o, X, Y) r_.f64 = sqrt(X((o) + 2).f64); S((o) + 1) = r_;
#define N_F64_SQRT 3
#define P_CONST32(o, X, Y) r_.u64 = W((o) + 2); S((o) + 1) = r_; ACC_SET(r_);
#define N_CONST32 3
#define P_LOAD_AT(o, EA, T)                                                                        \
    {                                                                                              \
        uint64_t ea = (EA);                                                                        \
        T v;                                                                                       \
        BOUNDS(ea, sizeof v);                                                                      \
        memcpy(&v, mem + ea, sizeof v);                                                            \
        r_.u64 = v;                                                                                \
        S((o) + 1) = r_; ACC_SET(r_);                                                                           \
    }
#define P_I32_LOAD(o, X, Y) P_LOAD_AT(o, (uint64_t)X((o) + 2).u32 + W((o) + 3), uint32_t)
#define N_I32_LOAD 4
#define P_I64_LOAD(o, X, Y) P_LOAD_AT(o, (uint64_t)X((o) + 2).u32 + W((o) + 3), uint64_t)
#define N_I64_LOAD 4
#define P_I32_LOAD8_U(o, X, Y) P_LOAD_AT(o, (uint64_t)X((o) + 2).u32 + W((o) + 3), uint8_t)
#define N_I32_LOAD8_U 4
#define P_I32_LOAD_S(o, X, Y)                                                                      \
    P_LOAD_AT(o, (uint64_t)(uint32_t)(X((o) + 2).u32 + (Y((o) + 3).u32 << (W((o) + 4) & 31))) +    \
                     W((o) + 5),                                                                   \
              uint32_t)
#define N_I32_LOAD_S 6
#define P_STORE(o, X, Y, T)                                                                        \
    {                                                                                              \
        uint64_t ea = (uint64_t)X((o) + 1).u32 + W((o) + 3);                                       \
        T v = (T)Y((o) + 2).u64;                                                                   \
        BOUNDS(ea, sizeof v);                                                                      \
        memcpy(mem + ea, &v, sizeof v);                                                            \
    }
#define P_I32_STORE(o, X, Y) P_STORE(o, X, Y, uint32_t)
#define N_I32_STORE 4
#define P_I64_STORE(o, X, Y) P_STORE(o, X, Y, uint64_t)
#define N_I64_STORE 4
#define P_I32_STORE8(o, X, Y) P_STORE(o, X, Y, uint8_t)
#define N_I32_STORE8 4
/* control parts end the instruction themselves (jump or dispatch) */
#define P_CALL(o, X, Y)                                                                            \
    {                                                                                              \
        f = inst->funcs[W((o) + 1)];                                                               \
        nfp = fp + W((o) + 2);                                                                     \
        pc += (o) + 3;                                                                             \
        goto do_call;                                                                              \
    }
#define N_CALL 3
#define P_RETURN(o, X, Y) goto do_return;
#define N_RETURN 1
#define P_BR(o, X, Y)                                                                              \
    {                                                                                              \
        BR_TAKE((o) + 1);                                                                          \
        VM_NEXT();                                                                                 \
    }
#define N_BR 2
#define P_BR_TABLE(o, X, Y)                                                                        \
    {                                                                                              \
        uint32_t i_ = X((o) + 1).u32, n_ = W((o) + 2);                                             \
        if (i_ > n_)                                                                               \
            i_ = n_;                                                                               \
        BR_TAKE((o) + 3 + i_);                                                                     \
        VM_NEXT();                                                                                 \
    }
#define N_BR_TABLE 0 /* never used: it dispatches itself */

/* A part as an instruction of its own, its sources read through X and Y. */
#define PART_CASE(L, A, X, Y)                                                                      \
    VM_CASE(L) {                                                                                   \
        RtSlot r_;                                                                                 \
        P_##A(0, X, Y)                                                                             \
        (void)r_;                                                                                  \
        pc += N_##A;                                                                               \
        VM_NEXT();                                                                                 \
    }
/* The parts (rt_ops.h RT_PART_OPS): each op's semantics is written once,
 * above; and their accumulator forms, whose first or second source is the
 * result of the instruction before (RT_ACC_OPS). */
#define SINGLE_CASE(A) PART_CASE(A, A, SL, SL)
#define ACC_CASES(A) PART_CASE(A##_A1, A, AC, SL) PART_CASE(A##_A2, A, SL, AC)

        RT_PART_OPS(SINGLE_CASE)
        RT_ACC_OPS(ACC_CASES)

/* ---- an i32 ALU op or load, then a compare-and-branch ---- */

/* The first part is one of the parts above (rt_ops.h RT_ALUBR_OPS), at
 * offset 0; the comparisons CMP_I32_* are in rt_exec_loop.h. */

/* One form: the first part leaves its result in r_ (and its slot), then the
 * comparison of X (the slot S(4), or r_) with Y (S(5) or the immediate). */
#define ALUBR_CASE(NAME, A, CMPM, X, Y)                                                            \
    VM_CASE(NAME) {                                                                                \
        RtSlot r_;                                                                                 \
        P_##A(0, SL, SL)                                                                           \
        if (CMPM(X, Y))                                                                            \
            BR_TAKE(6);                                                                            \
        else                                                                                       \
            pc += 7;                                                                               \
        VM_NEXT();                                                                                 \
    }
#define FUSED_ALUBR(A, C)                                                                          \
    ALUBR_CASE(A##__BR_##C, A, CMP_##C, S(4).u32, S(5).u32)                                        \
    ALUBR_CASE(A##__BR_##C##_I, A, CMP_##C, S(4).u32, W(5))                                        \
    ALUBR_CASE(A##__BR_##C##_R, A, CMP_##C, r_.u32, S(5).u32)                                      \
    ALUBR_CASE(A##__BR_##C##_IR, A, CMP_##C, r_.u32, W(5))

        RT_ALUBR_OPS(FUSED_ALUBR)

/* ---- superinstructions: two parts in one instruction ---- */

#define PAIR_CASE(NAME, A, B, AX, AY, BX, BY)                                                      \
    VM_CASE(NAME) {                                                                                \
        RtSlot r_;                                                                                 \
        P_##A(0, AX, AY) P_##B(N_##A - 1, BX, BY) pc += N_##A + N_##B - 1;                         \
        (void)r_;                                                                                  \
        VM_NEXT();                                                                                 \
    }
#define FUSED_PAIR3(A, B, S, AX, AY)                                                               \
    PAIR_CASE(A##__##B##S, A, B, AX, AY, SL, SL)                                                   \
    PAIR_CASE(A##__##B##_C1##S, A, B, AX, AY, RG, SL)                                              \
    PAIR_CASE(A##__##B##_C2##S, A, B, AX, AY, SL, RG)
#define FUSED_PAIR(A, B)                                                                           \
    FUSED_PAIR3(A, B, , SL, SL) FUSED_PAIR3(A, B, _A1, AC, SL) FUSED_PAIR3(A, B, _A2, SL, AC)

        RT_PAIR_OPS(FUSED_PAIR)
        RT_JUMP_PAIR_OPS(FUSED_PAIR)

/* ---- loops of one instruction (rt_ops.h RT_LOOP_OPS; rt_exec_loop.h) ---- */

#define LOOP_CASE(ST, C)                                                                           \
    VM_CASE(ST##__LOOP_##C) {                                                                      \
        RtLoopEnd e_ = {ticks, 0};                                                                 \
        tcode = loop_##ST##_##C(fp, pc, mem, memsize, eng, &e_);                                   \
        ticks = e_.ticks;                                                                          \
        pc += e_.words;                                                                            \
        if (tcode)                                                                                 \
            goto trap;                                                                             \
        acc = fp[pc[-6]];                                                                          \
        VM_NEXT();                                                                                 \
    }

        RT_LOOP_OPS(LOOP_CASE)
