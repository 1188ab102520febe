/* rt_exec_acc.h - the integer families that have accumulator forms:
 * comparisons (with their compare-and-branch ops), binary ALU ops, loads
 * and stores (rt_ops.h RT_ACC_FORMS).
 *
 * Included once, inside the interpreter loop (rt_exec.c), after
 * rt_exec_fused.h.  Each family is written once as a macro over its
 * operand accessors: S(i) reads the slot, acc the result of the
 * instruction before.  Every result goes to its slot and to acc.
 */

/* an immediate as the operand type: i64 immediates are sign-extended */
#define IMM_u32(k) ((uint32_t)W(k))
#define IMM_u64(k) ((uint64_t)(int64_t)(int32_t)W(k))

#define CMP_I64_EQ(a, b) ((uint64_t)(a) == (uint64_t)(b))
#define CMP_I64_NE(a, b) ((uint64_t)(a) != (uint64_t)(b))
#define CMP_I64_LT_S(a, b) ((int64_t)(a) < (int64_t)(b))
#define CMP_I64_LT_U(a, b) ((uint64_t)(a) < (uint64_t)(b))
#define CMP_I64_GT_S(a, b) ((int64_t)(a) > (int64_t)(b))
#define CMP_I64_GT_U(a, b) ((uint64_t)(a) > (uint64_t)(b))
#define CMP_I64_LE_S(a, b) ((int64_t)(a) <= (int64_t)(b))
#define CMP_I64_LE_U(a, b) ((uint64_t)(a) <= (uint64_t)(b))
#define CMP_I64_GE_S(a, b) ((int64_t)(a) >= (int64_t)(b))
#define CMP_I64_GE_U(a, b) ((uint64_t)(a) >= (uint64_t)(b))

/* results zero-extended to 64 bits */
#define ALU_I32_SUB(a, b) (uint32_t)((a) - (b))
#define ALU_I32_MUL(a, b) (uint32_t)((a) * (b))
#define ALU_I32_OR(a, b) ((a) | (b))
#define ALU_I32_XOR(a, b) ((a) ^ (b))
#define ALU_I32_SHL(a, b) (uint32_t)((a) << ((b) & 31))
#define ALU_I32_SHR_S(a, b) (uint32_t)((int32_t)(a) >> ((b) & 31))
#define ALU_I32_SHR_U(a, b) ((a) >> ((b) & 31))
#define ALU_I32_ROTL(a, b) rotl32(a, b)
#define ALU_I32_ROTR(a, b) rotr32(a, b)
#define ALU_I64_ADD(a, b) ((a) + (b))
#define ALU_I64_SUB(a, b) ((a) - (b))
#define ALU_I64_MUL(a, b) ((a) * (b))
#define ALU_I64_AND(a, b) ((a) & (b))
#define ALU_I64_OR(a, b) ((a) | (b))
#define ALU_I64_XOR(a, b) ((a) ^ (b))
#define ALU_I64_SHL(a, b) ((a) << ((b) & 63))
#define ALU_I64_SHR_S(a, b) (uint64_t)((int64_t)(a) >> ((b) & 63))
#define ALU_I64_SHR_U(a, b) ((a) >> ((b) & 63))
#define ALU_I64_ROTL(a, b) rotl64(a, b)
#define ALU_I64_ROTR(a, b) rotr64(a, b)

/* d = E(a, b) */
#define ACC_OP(L, E, A, B)                                                                         \
    VM_CASE(L) {                                                                                   \
        acc.u64 = E(A, B);                                                                         \
        S(1) = acc;                                                                                \
        pc += 4;                                                                                   \
        VM_NEXT();                                                                                 \
    }
/* jump by the J word at W(J) (the last word) when COND */
#define ACC_JUMP(L, COND, J)                                                                       \
    VM_CASE(L) {                                                                                   \
        if (COND)                                                                                  \
            BR_TAKE(J);                                                                            \
        else                                                                                       \
            pc += (J) + 1;                                                                         \
        VM_NEXT();                                                                                 \
    }
#define ACC_BR(L, C, A, B) ACC_JUMP(L, C(A, B), 3)

#define ACC_CMP_CASES(n, F)                                                                        \
    ACC_OP(n, CMP_##n, S(2).F, S(3).F)                                                             \
    ACC_OP(n##_A1, CMP_##n, acc.F, S(3).F)                                                         \
    ACC_OP(n##_A2, CMP_##n, S(2).F, acc.F)                                                         \
    ACC_OP(n##_I, CMP_##n, S(2).F, IMM_##F(3))                                                     \
    ACC_OP(n##_I_A1, CMP_##n, acc.F, IMM_##F(3))                                                   \
    ACC_BR(BR_##n, CMP_##n, S(1).F, S(2).F)                                                        \
    ACC_BR(BR_##n##_A1, CMP_##n, acc.F, S(2).F)                                                    \
    ACC_BR(BR_##n##_A2, CMP_##n, S(1).F, acc.F)                                                    \
    ACC_BR(BR_##n##_I, CMP_##n, S(1).F, IMM_##F(2))                                                \
    ACC_BR(BR_##n##_I_A1, CMP_##n, acc.F, IMM_##F(2))
#define ACC_BIN_CASES(n, F)                                                                        \
    ACC_OP(n, ALU_##n, S(2).F, S(3).F)                                                             \
    ACC_OP(n##_A1, ALU_##n, acc.F, S(3).F)                                                         \
    ACC_OP(n##_A2, ALU_##n, S(2).F, acc.F)
#define ACC_IMM_CASES(n, F)                                                                        \
    ACC_OP(n##_I, ALU_##n, S(2).F, IMM_##F(3))                                                     \
    ACC_OP(n##_I_A1, ALU_##n, acc.F, IMM_##F(3))
#define ACC_CMP32(n) ACC_CMP_CASES(n, u32)
#define ACC_CMP64(n) ACC_CMP_CASES(n, u64)
#define ACC_BIN32(n) ACC_BIN_CASES(n, u32)
#define ACC_BIN64(n) ACC_BIN_CASES(n, u64) ACC_IMM_CASES(n, u64)
#define ACC_IMM32(n) ACC_IMM_CASES(n, u32)

        RT_ACC_CMP32(ACC_CMP32)
        RT_ACC_CMP64(ACC_CMP64)
        RT_ACC_BIN32(ACC_BIN32)
        RT_ACC_BIN64(ACC_BIN64)
        RT_ACC_IMM32(ACC_IMM32)

/* Loads: S(d) S(addr) I(offset), and _A: S(d) S(a) I(k) I(offset) with the
 * address (uint32_t)(a + k) + offset.  LOAD_AT (rt_exec_fused.h) sets acc. */
#define ACC_LOAD_CASES(n, T, CONV)                                                                 \
    VM_CASE(n) LOAD_AT((uint64_t)S(2).u32 + W(3), T, CONV, 4)                                      \
    VM_CASE(n##_A1) LOAD_AT((uint64_t)acc.u32 + W(3), T, CONV, 4)
#define ACC_LOADA_CASES(n, T, CONV)                                                                \
    VM_CASE(n##_A) LOAD_AT((uint64_t)(uint32_t)(S(2).u32 + W(3)) + W(4), T, CONV, 5)               \
    VM_CASE(n##_A_A1) LOAD_AT((uint64_t)(uint32_t)(acc.u32 + W(3)) + W(4), T, CONV, 5)

        RT_LOAD_TYPES_REST(ACC_LOAD_CASES)
        RT_LOAD_TYPES(ACC_LOADA_CASES)

/* Stores: S(addr) S(value) I(offset), and _A: S(a) S(value) I(k)
 * I(offset). */
#define ACC_STORE(EA, T, V, LEN)                                                                   \
    {                                                                                              \
        uint64_t ea = (EA);                                                                        \
        T v = (T)(V).u64;                                                                          \
        BOUNDS(ea, sizeof v);                                                                      \
        memcpy(mem + ea, &v, sizeof v);                                                            \
        pc += (LEN);                                                                               \
        VM_NEXT();                                                                                 \
    }
#define ACC_STORE_CASES(n, T)                                                                      \
    VM_CASE(n) ACC_STORE((uint64_t)S(1).u32 + W(3), T, S(2), 4)                                    \
    VM_CASE(n##_A1) ACC_STORE((uint64_t)acc.u32 + W(3), T, S(2), 4)                                \
    VM_CASE(n##_A2) ACC_STORE((uint64_t)S(1).u32 + W(3), T, acc, 4)
#define ACC_STOREA_CASES(n, T)                                                                     \
    VM_CASE(n##_A) ACC_STORE((uint64_t)(uint32_t)(S(1).u32 + W(3)) + W(4), T, S(2), 5)             \
    VM_CASE(n##_A_A1) ACC_STORE((uint64_t)(uint32_t)(acc.u32 + W(3)) + W(4), T, S(2), 5)           \
    VM_CASE(n##_A_A2) ACC_STORE((uint64_t)(uint32_t)(S(1).u32 + W(3)) + W(4), T, acc, 5)

        RT_STORE_TYPES_REST(ACC_STORE_CASES)
        RT_STORE_TYPES(ACC_STOREA_CASES)

/* BR_IF, BR_IFZ: S(c) J */
        ACC_JUMP(BR_IF, S(1).u32, 2)
        ACC_JUMP(BR_IF_A1, acc.u32, 2)
        ACC_JUMP(BR_IFZ, !S(1).u32, 2)
        ACC_JUMP(BR_IFZ_A1, !acc.u32, 2)
