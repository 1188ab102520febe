/* rt_ops.h - the interpreter's internal instruction set.
 *
 * Each function is translated once, at load, from Wasm bytecode into an
 * array of 32-bit words.  An instruction is one opcode word followed by its
 * operands:
 *
 *     +--------+--------+--------+--------+
 *     | opcode |   d    |   a    |   b    |      e.g. I32_ADD  d = a + b
 *     +--------+--------+--------+--------+
 *
 * Operand kinds (the letters used in the formats below):
 *   S  a slot: index into the current frame, fp[S] (8 bytes each)
 *   I  a 32-bit immediate (an index, an offset, a constant; sign-extended
 *      to 64 bits for the i64 "_I" forms)
 *   J  a branch displacement in bytes, signed, from the start of the
 *      instruction holding it (the translator counts words from the J word
 *      itself until the function is done, then converts): a taken branch
 *      is pc = pc + J, one load and one add on the critical path of a loop
 *
 * A frame is laid out as
 *
 *     fp[0 .. nparams)          parameters (the caller's argument slots)
 *     fp[nparams .. nlocals)    declared locals, zeroed on entry
 *     fp[nlocals .. base)       constants used in loops, copied on entry
 *     fp[base .. frame)         the operand stack: the value at height h
 *                               lives in fp[base + h]
 *
 * so a call passes arguments in place: the callee's fp is the slot of the
 * first argument in the caller's frame, and results come back in the same
 * slots (fp[0 .. nresults)).  Because the compiler knows every stack height,
 * Wasm's implicit stack becomes explicit slot operands and `local.get a;
 * local.get b; i32.add; local.set c` is the single instruction
 * `I32_ADD c a b`.
 *
 * A taken branch with a negative displacement (a loop back-edge) counts
 * down the fuel/deadline ticks; so does every call.
 *
 * Branches to a label with results are preceded by COPY instructions that
 * move the carried values to the label's slots; the branch itself is a plain
 * jump.  There is no instruction that pops or pushes.
 */
#ifndef RT_OPS_H
#define RT_OPS_H

/* Control and data movement.  Format after the name. */
#define RT_CTRL_OPS(X)                                                                             \
    X(UNREACHABLE)   /* -                  trap "unreachable"                            */       \
    X(BR)            /* J                  pc += J                                       */       \
    X(BR_IF)         /* S J                if (fp[S].i32) pc += J                        */       \
    X(BR_IFZ)        /* S J                if (!fp[S].i32) pc += J                       */       \
    X(BR_TABLE)      /* S I J*(I+1)        pc += J[min(fp[S], I)]                        */       \
    X(CALL)          /* I S                call function I, arguments at fp[S..]         */       \
    X(CALL_INDIRECT) /* I(table) I(type) S(args) S(index)                                */       \
    X(RETURN)        /* -                  results are already in fp[0..n)               */       \
    X(COPY)          /* S S                fp[d] = fp[s]                                 */       \
    X(CONST32)       /* S I                fp[d].u32 = I                                 */       \
    X(CONST64)       /* S I I              fp[d].u64 = lo | hi << 32                     */       \
    X(SELECT)        /* S S S S            fp[d] = fp[c].i32 ? fp[a] : fp[b]             */       \
    X(GLOBAL_GET)    /* S I                                                              */       \
    X(GLOBAL_SET)    /* I S                                                              */       \
    X(MEMORY_SIZE)   /* S                                                                */       \
    X(MEMORY_GROW)   /* S S                d = grow(s)                                   */       \
    X(MEMORY_FILL)   /* S S S              dst, value, n                                 */       \
    X(MEMORY_COPY)   /* S S S              dst, src, n                                   */       \
    X(MEMORY_INIT)   /* I S S S            data segment, dst, src, n                     */       \
    X(DATA_DROP)     /* I                                                                */       \
    X(TABLE_GET)     /* S I S              d = table[I][fp[S]]                           */       \
    X(TABLE_SET)     /* I S S              table[I][fp[i]] = fp[v]                       */       \
    X(TABLE_SIZE)    /* S I                                                              */       \
    X(TABLE_GROW)    /* S I S S            d = grow(table I, init, n)                    */       \
    X(TABLE_FILL)    /* I S S S            table, i, value, n                            */       \
    X(TABLE_COPY)    /* I I S S S          dst table, src table, d, s, n                 */       \
    X(TABLE_INIT)    /* I I S S S          table, elem segment, d, s, n                  */       \
    X(ELEM_DROP)     /* I                                                                */       \
    X(REF_FUNC)      /* S I                d = function I of this instance               */       \
    X(REF_IS_NULL)   /* S S                                                              */       \
    X(I32_ADD_SHL)   /* S S S I            d = a + (x << I): array indexing              */

/* Loads: S(d) S(addr) I(offset).  Stores: S(addr) S(value) I(offset).
 * Floats move as bits, so F32/F64 use the integer forms. */
#define RT_LOAD_OPS(X)                                                                             \
    X(I32_LOAD) X(I64_LOAD) X(I32_LOAD8_S) X(I32_LOAD8_U) X(I32_LOAD16_S) X(I32_LOAD16_U)          \
    X(I64_LOAD8_S) X(I64_LOAD8_U) X(I64_LOAD16_S) X(I64_LOAD16_U) X(I64_LOAD32_S) X(I64_LOAD32_U)
#define RT_STORE_OPS(X)                                                                            \
    X(I32_STORE) X(I64_STORE) X(I32_STORE8) X(I32_STORE16) X(I64_STORE8) X(I64_STORE16)            \
    X(I64_STORE32)

/* Loads and stores whose address is "x + constant" computed with i32.add
 * (which wraps at 32 bits, unlike the offset): S(d) S(a) I(k) I(offset) and
 * S(a) S(v) I(k) I(offset), named <op>_A; the address is
 * (uint32_t)(fp[a] + k) + offset. */

/* Unary numeric ops, named after their Wasm opcode: S(d) S(a). */
#define RT_UNARY_OPS(X)                                                                            \
    X(I32_EQZ) X(I64_EQZ) X(I32_CLZ) X(I32_CTZ) X(I32_POPCNT) X(I64_CLZ) X(I64_CTZ) X(I64_POPCNT)  \
    X(F32_ABS) X(F32_NEG) X(F32_CEIL) X(F32_FLOOR) X(F32_TRUNC) X(F32_NEAREST) X(F32_SQRT)         \
    X(F64_ABS) X(F64_NEG) X(F64_CEIL) X(F64_FLOOR) X(F64_TRUNC) X(F64_NEAREST) X(F64_SQRT)         \
    X(I32_WRAP_I64) X(I32_TRUNC_F32_S) X(I32_TRUNC_F32_U) X(I32_TRUNC_F64_S) X(I32_TRUNC_F64_U)    \
    X(I64_EXTEND_I32_S) X(I64_EXTEND_I32_U) X(I64_TRUNC_F32_S) X(I64_TRUNC_F32_U)                  \
    X(I64_TRUNC_F64_S) X(I64_TRUNC_F64_U) X(F32_CONVERT_I32_S) X(F32_CONVERT_I32_U)                \
    X(F32_CONVERT_I64_S) X(F32_CONVERT_I64_U) X(F32_DEMOTE_F64) X(F64_CONVERT_I32_S)               \
    X(F64_CONVERT_I32_U) X(F64_CONVERT_I64_S) X(F64_CONVERT_I64_U) X(F64_PROMOTE_F32)              \
    X(I32_EXTEND8_S) X(I32_EXTEND16_S) X(I64_EXTEND8_S) X(I64_EXTEND16_S) X(I64_EXTEND32_S)        \
    X(I32_TRUNC_SAT_F32_S) X(I32_TRUNC_SAT_F32_U) X(I32_TRUNC_SAT_F64_S) X(I32_TRUNC_SAT_F64_U)    \
    X(I64_TRUNC_SAT_F32_S) X(I64_TRUNC_SAT_F32_U) X(I64_TRUNC_SAT_F64_S) X(I64_TRUNC_SAT_F64_U)

/* Binary numeric ops: S(d) S(a) S(b). */
#define RT_BINARY_OPS(X)                                                                           \
    X(I32_EQ) X(I32_NE) X(I32_LT_S) X(I32_LT_U) X(I32_GT_S) X(I32_GT_U) X(I32_LE_S) X(I32_LE_U)    \
    X(I32_GE_S) X(I32_GE_U) X(I64_EQ) X(I64_NE) X(I64_LT_S) X(I64_LT_U) X(I64_GT_S) X(I64_GT_U)    \
    X(I64_LE_S) X(I64_LE_U) X(I64_GE_S) X(I64_GE_U) X(F32_EQ) X(F32_NE) X(F32_LT) X(F32_GT)        \
    X(F32_LE) X(F32_GE) X(F64_EQ) X(F64_NE) X(F64_LT) X(F64_GT) X(F64_LE) X(F64_GE)                \
    X(I32_ADD) X(I32_SUB) X(I32_MUL) X(I32_DIV_S) X(I32_DIV_U) X(I32_REM_S) X(I32_REM_U)           \
    X(I32_AND) X(I32_OR) X(I32_XOR) X(I32_SHL) X(I32_SHR_S) X(I32_SHR_U) X(I32_ROTL) X(I32_ROTR)   \
    X(I64_ADD) X(I64_SUB) X(I64_MUL) X(I64_DIV_S) X(I64_DIV_U) X(I64_REM_S) X(I64_REM_U)           \
    X(I64_AND) X(I64_OR) X(I64_XOR) X(I64_SHL) X(I64_SHR_S) X(I64_SHR_U) X(I64_ROTL) X(I64_ROTR)   \
    X(F32_ADD) X(F32_SUB) X(F32_MUL) X(F32_DIV) X(F32_MIN) X(F32_MAX) X(F32_COPYSIGN)              \
    X(F64_ADD) X(F64_SUB) X(F64_MUL) X(F64_DIV) X(F64_MIN) X(F64_MAX) X(F64_COPYSIGN)

/* Binary ops with a constant right operand: S(d) S(a) I(imm), named
 * <op>_I.  The i64 forms sign-extend the immediate. */
#define RT_IMM_OPS(X)                                                                              \
    X(I32_ADD) X(I32_SUB) X(I32_MUL) X(I32_AND) X(I32_OR) X(I32_XOR) X(I32_SHL) X(I32_SHR_S)       \
    X(I32_SHR_U) X(I32_ROTL) X(I32_ROTR) X(I64_ROTL) X(I64_ROTR) X(I64_ADD) X(I64_SUB) X(I64_MUL) X(I64_AND) X(I64_OR) X(I64_XOR) X(I64_SHL)       \
    X(I64_SHR_S) X(I64_SHR_U) RT_CMP_OPS(X)

/* Integer comparisons, also fused with a following branch:
 * BR_<cmp>  S(a) S(b) J      and     BR_<cmp>_I  S(a) I(imm) J
 * jump when the comparison holds. */
#define RT_CMP_OPS(X)                                                                              \
    X(I32_EQ) X(I32_NE) X(I32_LT_S) X(I32_LT_U) X(I32_GT_S) X(I32_GT_U) X(I32_LE_S) X(I32_LE_U)    \
    X(I32_GE_S) X(I32_GE_U) X(I64_EQ) X(I64_NE) X(I64_LT_S) X(I64_LT_U) X(I64_GT_S) X(I64_GT_U)    \
    X(I64_LE_S) X(I64_LE_U) X(I64_GE_S) X(I64_GE_U)

/* Loads and stores whose address is "x + y" (an i32.add of two slots,
 * suffix _X) or "x + (y << k)" (I32_ADD_SHL, suffix _S):
 *   load  S(d) S(x) S(y) I(offset)          store  S(x) S(y) S(v) I(offset)
 *   load  S(d) S(x) S(y) I(k) I(offset)     store  S(x) S(y) I(k) S(v) I(offset)
 * the address is (uint32_t)(x + y) + offset, wrapping like i32.add. */

/* An i32 ALU op or load fused with the compare-and-branch that follows it (the
 * loop-counter step "i += k; if (i < n) continue", or a string loop's
 * "if (*p == 0) break"), named <alu>__BR_<cmp>
 * and <alu>__BR_<cmp>_I: the ALU op's own operands, then the branch's
 *   S(d) S(a) S|I(b)   S(x) S|I(y) J
 * Both parts run, in order; J is the last word.  The
 * forms ending in _R (and _IR) compare the ALU result itself (x is d): it is
 * taken from a register instead of being read back from the slot just
 * written, which would wait for the store. */
#define RT_I32_CMPS(X, A)                                                                          \
    X(A, I32_EQ) X(A, I32_NE) X(A, I32_LT_S) X(A, I32_LT_U) X(A, I32_GT_S) X(A, I32_GT_U)          \
    X(A, I32_LE_S) X(A, I32_LE_U) X(A, I32_GE_S) X(A, I32_GE_U)
#define RT_ALUBR_OPS(X)                                                                            \
    RT_I32_CMPS(X, I32_ADD) RT_I32_CMPS(X, I32_ADD_I) RT_I32_CMPS(X, I32_AND_I) RT_I32_CMPS(X, I32_LOAD)  \
    RT_I32_CMPS(X, I32_LOAD8_U)

/* Superinstructions: two adjacent instructions with no label between them
 * run as one, named A__B, with A's operands followed by B's; A__B_C1 and
 * A__B_C2 are the same when B's first or second source operand is A's
 * result (taken from a register, not read back from its slot).  Chosen from
 * the pair counts of the benchmarks (a WRT_PROFILE build prints them). */
#define RT_PAIR_OPS(X)                                                                             \
    X(COPY, COPY) X(I32_ADD_I, I32_ADD_I) X(I32_ROTL_I, I32_XOR) X(I32_XOR, I32_ROTL_I)            \
    X(I32_STORE, I32_ADD_I) X(I64_STORE, I32_ADD_I) X(I32_ADD_I, I32_LOAD) X(I32_LOAD, I32_LOAD)   \
    X(F64_MUL, F64_MUL) X(F64_MUL, F64_ADD) X(F64_MUL, F64_SUB) X(F64_SUB, F64_MUL)                \
    X(F64_ADD, F64_MUL) X(F64_ADD, I64_STORE) X(F64_SUB, I64_STORE) X(I64_LOAD, F64_MUL)           \
    X(I64_LOAD, F64_ADD) X(F64_MUL, I64_LOAD) X(I64_STORE, I64_LOAD) X(I32_STORE8, I32_ADD)      \
    X(I32_STORE, I32_ADD) X(I32_STORE8, I32_ADD_I) X(I32_MUL, I32_ADD) X(I32_STORE, I32_STORE)     \
    X(CONST32, I32_LOAD) X(COPY, CALL) X(I32_ADD_I, CALL) X(COPY, RETURN) X(I32_ADD, RETURN)      \
    X(I32_SUB, RETURN) X(I32_XOR, I32_ADD) X(I32_ADD, I32_ADD) X(I32_ADD, COPY)                    \
    X(COPY, I32_ROTL_I) X(I32_SHR_U_I, I32_XOR) X(I32_AND, I32_XOR) X(I32_ADD_I, I32_LOAD_S)      \
    X(I32_LOAD_S, I32_STORE) X(F64_ADD, F64_ADD) X(F64_SQRT, F64_MUL)                             \
    X(I32_ADD_I, I32_ADD_SHL)

/* The nine forms of each pair, in enum order, as V(a, b, suffix): B's
 * sources from slots, B's first or second source A's result in a register
 * (_C1, _C2); and each of these again with A's first or second source
 * taken from acc (_A1, _A2: rt_acc.c). */
#define RT_PAIR_FORMS(V, a, b)                                                                     \
    V(a, b, ) V(a, b, _C1) V(a, b, _C2) V(a, b, _A1) V(a, b, _C1_A1) V(a, b, _C2_A1) V(a, b, _A2)  \
    V(a, b, _C1_A2) V(a, b, _C2_A2)

/* Superinstructions ending in a jump, made when the jump is emitted (its J
 * words are recorded in jump chains, so it cannot move later). */
#define RT_JUMP_PAIR_OPS(X)                                                                        \
    X(I32_LOAD_S, BR) X(COPY, BR) X(I32_ADD_I, BR) X(I32_STORE, BR) X(I32_ADD_I, BR_TABLE)

/* Loops of one instruction: a store through a pointer that steps, and a
 * counter that steps and is compared - "for (j = a; j <= n; j += s) p[j] =
 * v" as clang emits it, two instructions (I32_STORE8__I32_ADD, then
 * I32_ADD__BR_<cmp>_R jumping back to it).  rt_loop.c gives the first the
 * opcode <store>__LOOP_<cmp> when the loop's slots allow, and the whole loop
 * runs in one handler with the pointer and the counter in registers (both
 * words stay: the second is still reachable on its own).  Per store, the
 * ten i32 comparisons in RT_I32_CMPS order. */
#define RT_LOOP_OPS(X) RT_I32_CMPS(X, I32_STORE8) RT_I32_CMPS(X, I32_STORE)

/* The plain ops that are also parts of fused instructions: each is written
 * once, as a part body (rt_exec_fused.h). */
#define RT_PART_OPS(X)                                                                             \
    X(COPY) X(CONST32) X(I32_ADD_I) X(I32_AND_I) X(I32_ADD) X(I32_SUB) X(I32_MUL) X(I32_XOR)       \
    X(I32_AND) X(I32_ROTL_I) X(I32_SHR_U_I) X(F64_ADD) X(F64_SUB) X(F64_MUL) X(I32_LOAD)          \
    X(I64_LOAD) X(I32_STORE) X(I64_STORE) X(I32_STORE8) X(F64_SQRT) X(I32_ADD_SHL)

/* Accumulator forms.  Every part (rt_exec_fused.h RT_PART_OPS), pair and
 * ALU+branch op with an integer result also leaves that result in a
 * register, `acc`.  When the instruction right after it (no label between)
 * reads that result, the translator (rt_acc.c) picks its _A1 or _A2 form, which takes
 * its first or second source from acc instead of the slot: the slot was
 * just stored, and reading it back would wait for the store to forward
 * (about as long as the whole instruction).  These ops have the forms: */
#define RT_ACC_OPS(X)                                                                              \
    X(COPY) X(I32_ADD_I) X(I32_AND_I) X(I32_ADD) X(I32_SUB) X(I32_MUL) X(I32_XOR) X(I32_AND)        \
    X(I32_ROTL_I) X(I32_SHR_U_I) X(I32_LOAD) X(I64_LOAD) X(I32_STORE) X(I64_STORE) X(I32_STORE8)    \
    X(I32_ADD_SHL)

/* The families generated with accumulator forms (rt_exec_acc.h).  Integer
 * comparisons come as d = a OP b, d = a OP imm, and the branches BR_<cmp>
 * and BR_<cmp>_I; binary ALU ops as d = a OP b and d = a OP imm; loads and
 * stores plain and with an "x + k" address (_A).  The ops that are parts
 * (RT_PART_OPS) are not repeated here. */
#define RT_ACC_CMP32(X)                                                                            \
    X(I32_EQ) X(I32_NE) X(I32_LT_S) X(I32_LT_U) X(I32_GT_S) X(I32_GT_U) X(I32_LE_S) X(I32_LE_U)    \
    X(I32_GE_S) X(I32_GE_U)
#define RT_ACC_CMP64(X)                                                                            \
    X(I64_EQ) X(I64_NE) X(I64_LT_S) X(I64_LT_U) X(I64_GT_S) X(I64_GT_U) X(I64_LE_S) X(I64_LE_U)    \
    X(I64_GE_S) X(I64_GE_U)
#define RT_ACC_BIN32(X) X(I32_OR) X(I32_SHL) X(I32_SHR_S) X(I32_SHR_U) X(I32_ROTL) X(I32_ROTR)
#define RT_ACC_BIN64(X)                                                                            \
    X(I64_ADD) X(I64_SUB) X(I64_MUL) X(I64_AND) X(I64_OR) X(I64_XOR) X(I64_SHL) X(I64_SHR_S)       \
    X(I64_SHR_U) X(I64_ROTL) X(I64_ROTR)
/* i32 ops whose plain form is a part but whose _I form is not */
#define RT_ACC_IMM32(X)                                                                            \
    X(I32_SUB) X(I32_MUL) X(I32_OR) X(I32_XOR) X(I32_SHL) X(I32_SHR_S) X(I32_ROTR)
/* name, C type in memory, conversion of the loaded value to the slot */
#define RT_LOAD_TYPES_PART(X) X(I32_LOAD, uint32_t, (uint64_t)) X(I64_LOAD, uint64_t, (uint64_t))
#define RT_LOAD_TYPES_REST(X)                                                                      \
    X(I32_LOAD8_S, int8_t, (uint32_t)(int32_t)) X(I32_LOAD8_U, uint8_t, (uint64_t))                \
    X(I32_LOAD16_S, int16_t, (uint32_t)(int32_t)) X(I32_LOAD16_U, uint16_t, (uint64_t))            \
    X(I64_LOAD8_S, int8_t, (uint64_t)(int64_t)) X(I64_LOAD8_U, uint8_t, (uint64_t))                \
    X(I64_LOAD16_S, int16_t, (uint64_t)(int64_t)) X(I64_LOAD16_U, uint16_t, (uint64_t))            \
    X(I64_LOAD32_S, int32_t, (uint64_t)(int64_t)) X(I64_LOAD32_U, uint32_t, (uint64_t))
#define RT_LOAD_TYPES(X) RT_LOAD_TYPES_PART(X) RT_LOAD_TYPES_REST(X)
#define RT_STORE_TYPES_PART(X) X(I32_STORE, uint32_t) X(I64_STORE, uint64_t) X(I32_STORE8, uint8_t)
#define RT_STORE_TYPES_REST(X)                                                                     \
    X(I32_STORE16, uint16_t) X(I64_STORE8, uint8_t) X(I64_STORE16, uint16_t) X(I64_STORE32, uint32_t)
#define RT_STORE_TYPES(X) RT_STORE_TYPES_PART(X) RT_STORE_TYPES_REST(X)

/* Every accumulator form, in enum order, as ACC_V1(n) (n has an _A1 form)
 * and ACC_V2(n) (n_A1 and n_A2): the user of RT_ACC_FORMS defines those
 * two for the while. */
#define RT_ACC_CMPF(n) ACC_V2(n) ACC_V1(n##_I) ACC_V2(BR_##n) ACC_V1(BR_##n##_I)
#define RT_ACC_BINF(n) ACC_V2(n) ACC_V1(n##_I)
#define RT_ACC_IMMF(n) ACC_V1(n##_I)
#define RT_ACC_LDF(n, ...) ACC_V1(n)
#define RT_ACC_LDAF(n, ...) ACC_V1(n##_A)
#define RT_ACC_STF(n, ...) ACC_V2(n)
#define RT_ACC_STAF(n, ...) ACC_V2(n##_A)
#define RT_ACC_FORMS                                                                               \
    RT_ACC_OPS(ACC_V2) RT_ACC_CMP32(RT_ACC_CMPF) RT_ACC_CMP64(RT_ACC_CMPF) RT_ACC_BIN32(ACC_V2)   \
    RT_ACC_BIN64(RT_ACC_BINF) RT_ACC_IMM32(RT_ACC_IMMF) RT_LOAD_TYPES_REST(RT_ACC_LDF)             \
    RT_LOAD_TYPES(RT_ACC_LDAF) RT_STORE_TYPES_REST(RT_ACC_STF) RT_STORE_TYPES(RT_ACC_STAF)         \
    ACC_V1(BR_IF) ACC_V1(BR_IFZ)

typedef enum RtOp {
#define RT_OP_NAME(n) RO_##n,
#define RT_OP_NAME_I(n) RO_##n##_I,
#define RT_OP_NAME_BR(n) RO_BR_##n,
#define RT_OP_NAME_BRI(n) RO_BR_##n##_I,
#define RT_OP_NAME_A(n) RO_##n##_A,
    RT_CTRL_OPS(RT_OP_NAME) RT_LOAD_OPS(RT_OP_NAME) RT_LOAD_OPS(RT_OP_NAME_A) RT_STORE_OPS(RT_OP_NAME)
    RT_STORE_OPS(RT_OP_NAME_A)
    RT_UNARY_OPS(RT_OP_NAME) RT_BINARY_OPS(RT_OP_NAME) RT_IMM_OPS(RT_OP_NAME_I)
    RT_CMP_OPS(RT_OP_NAME_BR) RT_CMP_OPS(RT_OP_NAME_BRI)
#define RT_OP_NAME_X(n) RO_##n##_X,
#define RT_OP_NAME_S(n) RO_##n##_S,
#define RT_OP_NAME_ALUBR(a, c)                                                                     \
    RO_##a##__BR_##c, RO_##a##__BR_##c##_I, RO_##a##__BR_##c##_R, RO_##a##__BR_##c##_IR,
#define RT_OP_PF(a, b, s) RO_##a##__##b##s,
#define RT_OP_NAME_PAIR(a, b) RT_PAIR_FORMS(RT_OP_PF, a, b)
    RT_LOAD_OPS(RT_OP_NAME_X) RT_STORE_OPS(RT_OP_NAME_X) RT_LOAD_OPS(RT_OP_NAME_S)
    RT_STORE_OPS(RT_OP_NAME_S) RT_ALUBR_OPS(RT_OP_NAME_ALUBR) RT_PAIR_OPS(RT_OP_NAME_PAIR)
    RT_JUMP_PAIR_OPS(RT_OP_NAME_PAIR)
#define ACC_V1(n) RO_##n##_A1,
#define ACC_V2(n) RO_##n##_A1, RO_##n##_A2,
    RT_ACC_FORMS
#define RT_OP_NAME_LOOP(s, c) RO_##s##__LOOP_##c,
    RT_LOOP_OPS(RT_OP_NAME_LOOP)
#undef RT_OP_NAME_LOOP
#undef ACC_V1
#undef ACC_V2
#undef RT_OP_NAME_X
#undef RT_OP_NAME_S
#undef RT_OP_NAME_ALUBR
#undef RT_OP_NAME_PAIR
#undef RT_OP_PF
#undef RT_OP_NAME
#undef RT_OP_NAME_I
#undef RT_OP_NAME_BR
#undef RT_OP_NAME_BRI
#undef RT_OP_NAME_A
    RO__COUNT
} RtOp;

#endif
