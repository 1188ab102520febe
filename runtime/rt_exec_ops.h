/* rt_exec_ops.h - the numeric cases of the interpreter loop that have no
 * accumulator forms: unary ops, conversions, float ops, division.
 *
 * Included once, inside rt_exec() (rt_exec.c), where S(i) is fp[W(i)] and
 * VM_CASE/VM_NEXT/TRAP are the dispatch macros.  Integer results are written
 * zero-extended to 64 bits.  Kept apart only because it is long and regular.
 * The parts of superinstructions (RT_PART_OPS) are defined in
 * rt_exec_fused.h; integer comparisons, compare-and-branch, the other binary
 * ALU ops, loads and stores in rt_exec_acc.h.
 */
        VM_CASE(I32_EQZ) { uint32_t a = S(2).u32; S(1).u64 = a == 0; pc += 3; VM_NEXT(); }
        VM_CASE(I64_EQZ) { uint64_t a = S(2).u64; S(1).u64 = a == 0; pc += 3; VM_NEXT(); }
        VM_CASE(I32_CLZ) { uint32_t a = S(2).u32; S(1).u64 = a ? (uint32_t)__builtin_clz(a) : 32; pc += 3; VM_NEXT(); }
        VM_CASE(I32_CTZ) { uint32_t a = S(2).u32; S(1).u64 = a ? (uint32_t)__builtin_ctz(a) : 32; pc += 3; VM_NEXT(); }
        VM_CASE(I32_POPCNT) { uint32_t a = S(2).u32; S(1).u64 = (uint32_t)__builtin_popcount(a); pc += 3; VM_NEXT(); }
        VM_CASE(I64_CLZ) { uint64_t a = S(2).u64; S(1).u64 = a ? (uint64_t)__builtin_clzll(a) : 64; pc += 3; VM_NEXT(); }
        VM_CASE(I64_CTZ) { uint64_t a = S(2).u64; S(1).u64 = a ? (uint64_t)__builtin_ctzll(a) : 64; pc += 3; VM_NEXT(); }
        VM_CASE(I64_POPCNT) { uint64_t a = S(2).u64; S(1).u64 = (uint64_t)__builtin_popcountll(a); pc += 3; VM_NEXT(); }
        VM_CASE(F32_ABS) { uint32_t a = S(2).u32; S(1).u64 = a & 0x7fffffffu; pc += 3; VM_NEXT(); }
        VM_CASE(F32_NEG) { uint32_t a = S(2).u32; S(1).u64 = a ^ 0x80000000u; pc += 3; VM_NEXT(); }
        VM_CASE(F32_CEIL) { float a = S(2).f32; S(1).f32 = a != a ? a + a : ceilf(a); pc += 3; VM_NEXT(); }
        VM_CASE(F32_FLOOR) { float a = S(2).f32; S(1).f32 = a != a ? a + a : floorf(a); pc += 3; VM_NEXT(); }
        VM_CASE(F32_TRUNC) { float a = S(2).f32; S(1).f32 = a != a ? a + a : truncf(a); pc += 3; VM_NEXT(); }
        VM_CASE(F32_NEAREST) { float a = S(2).f32; S(1).f32 = a != a ? a + a : nearbyintf(a); pc += 3; VM_NEXT(); }
        VM_CASE(F32_SQRT) { float a = S(2).f32; S(1).f32 = sqrtf(a); pc += 3; VM_NEXT(); }
        VM_CASE(F64_ABS) { uint64_t a = S(2).u64; S(1).u64 = a & 0x7fffffffffffffffull; pc += 3; VM_NEXT(); }
        VM_CASE(F64_NEG) { uint64_t a = S(2).u64; S(1).u64 = a ^ 0x8000000000000000ull; pc += 3; VM_NEXT(); }
        VM_CASE(F64_CEIL) { double a = S(2).f64; S(1).f64 = a != a ? a + a : ceil(a); pc += 3; VM_NEXT(); }
        VM_CASE(F64_FLOOR) { double a = S(2).f64; S(1).f64 = a != a ? a + a : floor(a); pc += 3; VM_NEXT(); }
        VM_CASE(F64_TRUNC) { double a = S(2).f64; S(1).f64 = a != a ? a + a : trunc(a); pc += 3; VM_NEXT(); }
        VM_CASE(F64_NEAREST) { double a = S(2).f64; S(1).f64 = a != a ? a + a : nearbyint(a); pc += 3; VM_NEXT(); }
        VM_CASE(I32_WRAP_I64) { uint64_t a = S(2).u64; S(1).u64 = (uint32_t)a; pc += 3; VM_NEXT(); }
        VM_CASE(I64_EXTEND_I32_S) { int32_t a = S(2).i32; S(1).i64 = (int64_t)a; pc += 3; VM_NEXT(); }
        VM_CASE(I64_EXTEND_I32_U) { uint32_t a = S(2).u32; S(1).u64 = (uint64_t)a; pc += 3; VM_NEXT(); }
        VM_CASE(F32_CONVERT_I32_S) { int32_t a = S(2).i32; S(1).f32 = (float)a; pc += 3; VM_NEXT(); }
        VM_CASE(F32_CONVERT_I32_U) { uint32_t a = S(2).u32; S(1).f32 = (float)a; pc += 3; VM_NEXT(); }
        VM_CASE(F32_CONVERT_I64_S) { int64_t a = S(2).i64; S(1).f32 = (float)a; pc += 3; VM_NEXT(); }
        VM_CASE(F32_CONVERT_I64_U) { uint64_t a = S(2).u64; S(1).f32 = (float)a; pc += 3; VM_NEXT(); }
        VM_CASE(F32_DEMOTE_F64) { double a = S(2).f64; S(1).f32 = (float)a; pc += 3; VM_NEXT(); }
        VM_CASE(F64_CONVERT_I32_S) { int32_t a = S(2).i32; S(1).f64 = (double)a; pc += 3; VM_NEXT(); }
        VM_CASE(F64_CONVERT_I32_U) { uint32_t a = S(2).u32; S(1).f64 = (double)a; pc += 3; VM_NEXT(); }
        VM_CASE(F64_CONVERT_I64_S) { int64_t a = S(2).i64; S(1).f64 = (double)a; pc += 3; VM_NEXT(); }
        VM_CASE(F64_CONVERT_I64_U) { uint64_t a = S(2).u64; S(1).f64 = (double)a; pc += 3; VM_NEXT(); }
        VM_CASE(F64_PROMOTE_F32) { float a = S(2).f32; S(1).f64 = (double)a; pc += 3; VM_NEXT(); }
        VM_CASE(I32_EXTEND8_S) { uint32_t a = S(2).u32; S(1).u64 = (uint32_t)(int32_t)(int8_t)a; pc += 3; VM_NEXT(); }
        VM_CASE(I32_EXTEND16_S) { uint32_t a = S(2).u32; S(1).u64 = (uint32_t)(int32_t)(int16_t)a; pc += 3; VM_NEXT(); }
        VM_CASE(I64_EXTEND8_S) { uint64_t a = S(2).u64; S(1).i64 = (int64_t)(int8_t)a; pc += 3; VM_NEXT(); }
        VM_CASE(I64_EXTEND16_S) { uint64_t a = S(2).u64; S(1).i64 = (int64_t)(int16_t)a; pc += 3; VM_NEXT(); }
        VM_CASE(I64_EXTEND32_S) { uint64_t a = S(2).u64; S(1).i64 = (int64_t)(int32_t)a; pc += 3; VM_NEXT(); }
        VM_CASE(I32_TRUNC_SAT_F32_S) { float a = S(2).f32; S(1).u64 = (uint32_t)sat_i32(a); pc += 3; VM_NEXT(); }
        VM_CASE(I32_TRUNC_SAT_F32_U) { float a = S(2).f32; S(1).u64 = sat_u32(a); pc += 3; VM_NEXT(); }
        VM_CASE(I32_TRUNC_SAT_F64_S) { double a = S(2).f64; S(1).u64 = (uint32_t)sat_i32(a); pc += 3; VM_NEXT(); }
        VM_CASE(I32_TRUNC_SAT_F64_U) { double a = S(2).f64; S(1).u64 = sat_u32(a); pc += 3; VM_NEXT(); }
        VM_CASE(I64_TRUNC_SAT_F32_S) { float a = S(2).f32; S(1).i64 = sat_i64(a); pc += 3; VM_NEXT(); }
        VM_CASE(I64_TRUNC_SAT_F32_U) { float a = S(2).f32; S(1).u64 = sat_u64(a); pc += 3; VM_NEXT(); }
        VM_CASE(I64_TRUNC_SAT_F64_S) { double a = S(2).f64; S(1).i64 = sat_i64(a); pc += 3; VM_NEXT(); }
        VM_CASE(I64_TRUNC_SAT_F64_U) { double a = S(2).f64; S(1).u64 = sat_u64(a); pc += 3; VM_NEXT(); }
        VM_CASE(I32_TRUNC_F32_S) {
            float a = S(2).f32;
            if (a != a)
                TRAP(CM_E_T_INVALID_CONV);
            if (!(a >= -2147483648.0f && a < 2147483648.0f))
                TRAP(CM_E_T_INT_OVERFLOW);
            S(1).u64 = (uint32_t)(int32_t)a;
            pc += 3;
            VM_NEXT();
        }
        VM_CASE(I32_TRUNC_F32_U) {
            float a = S(2).f32;
            if (a != a)
                TRAP(CM_E_T_INVALID_CONV);
            if (!(a > -1.0f && a < 4294967296.0f))
                TRAP(CM_E_T_INT_OVERFLOW);
            S(1).u64 = (uint32_t)a;
            pc += 3;
            VM_NEXT();
        }
        VM_CASE(I32_TRUNC_F64_S) {
            double a = S(2).f64;
            if (a != a)
                TRAP(CM_E_T_INVALID_CONV);
            if (!(a > -2147483649.0 && a < 2147483648.0))
                TRAP(CM_E_T_INT_OVERFLOW);
            S(1).u64 = (uint32_t)(int32_t)a;
            pc += 3;
            VM_NEXT();
        }
        VM_CASE(I32_TRUNC_F64_U) {
            double a = S(2).f64;
            if (a != a)
                TRAP(CM_E_T_INVALID_CONV);
            if (!(a > -1.0 && a < 4294967296.0))
                TRAP(CM_E_T_INT_OVERFLOW);
            S(1).u64 = (uint32_t)a;
            pc += 3;
            VM_NEXT();
        }
        VM_CASE(I64_TRUNC_F32_S) {
            float a = S(2).f32;
            if (a != a)
                TRAP(CM_E_T_INVALID_CONV);
            if (!(a >= -9223372036854775808.0f && a < 9223372036854775808.0f))
                TRAP(CM_E_T_INT_OVERFLOW);
            S(1).i64 = (int64_t)a;
            pc += 3;
            VM_NEXT();
        }
        VM_CASE(I64_TRUNC_F32_U) {
            float a = S(2).f32;
            if (a != a)
                TRAP(CM_E_T_INVALID_CONV);
            if (!(a > -1.0f && a < 18446744073709551616.0f))
                TRAP(CM_E_T_INT_OVERFLOW);
            S(1).u64 = (uint64_t)a;
            pc += 3;
            VM_NEXT();
        }
        VM_CASE(I64_TRUNC_F64_S) {
            double a = S(2).f64;
            if (a != a)
                TRAP(CM_E_T_INVALID_CONV);
            if (!(a >= -9223372036854775808.0 && a < 9223372036854775808.0))
                TRAP(CM_E_T_INT_OVERFLOW);
            S(1).i64 = (int64_t)a;
            pc += 3;
            VM_NEXT();
        }
        VM_CASE(I64_TRUNC_F64_U) {
            double a = S(2).f64;
            if (a != a)
                TRAP(CM_E_T_INVALID_CONV);
            if (!(a > -1.0 && a < 18446744073709551616.0))
                TRAP(CM_E_T_INT_OVERFLOW);
            S(1).u64 = (uint64_t)a;
            pc += 3;
            VM_NEXT();
        }
        VM_CASE(F32_EQ) { float a = S(2).f32, b = S(3).f32; S(1).u64 = a == b; pc += 4; VM_NEXT(); }
        VM_CASE(F32_NE) { float a = S(2).f32, b = S(3).f32; S(1).u64 = a != b; pc += 4; VM_NEXT(); }
        VM_CASE(F32_LT) { float a = S(2).f32, b = S(3).f32; S(1).u64 = a < b; pc += 4; VM_NEXT(); }
        VM_CASE(F32_GT) { float a = S(2).f32, b = S(3).f32; S(1).u64 = a > b; pc += 4; VM_NEXT(); }
        VM_CASE(F32_LE) { float a = S(2).f32, b = S(3).f32; S(1).u64 = a <= b; pc += 4; VM_NEXT(); }
        VM_CASE(F32_GE) { float a = S(2).f32, b = S(3).f32; S(1).u64 = a >= b; pc += 4; VM_NEXT(); }
        VM_CASE(F32_ADD) { float a = S(2).f32, b = S(3).f32; S(1).f32 = a + b; pc += 4; VM_NEXT(); }
        VM_CASE(F32_SUB) { float a = S(2).f32, b = S(3).f32; S(1).f32 = a - b; pc += 4; VM_NEXT(); }
        VM_CASE(F32_MUL) { float a = S(2).f32, b = S(3).f32; S(1).f32 = a * b; pc += 4; VM_NEXT(); }
        VM_CASE(F32_DIV) { float a = S(2).f32, b = S(3).f32; S(1).f32 = a / b; pc += 4; VM_NEXT(); }
        VM_CASE(F32_MIN) { float a = S(2).f32, b = S(3).f32; S(1).f32 = f32_min(a, b); pc += 4; VM_NEXT(); }
        VM_CASE(F32_MAX) { float a = S(2).f32, b = S(3).f32; S(1).f32 = f32_max(a, b); pc += 4; VM_NEXT(); }
        VM_CASE(F64_EQ) { double a = S(2).f64, b = S(3).f64; S(1).u64 = a == b; pc += 4; VM_NEXT(); }
        VM_CASE(F64_NE) { double a = S(2).f64, b = S(3).f64; S(1).u64 = a != b; pc += 4; VM_NEXT(); }
        VM_CASE(F64_LT) { double a = S(2).f64, b = S(3).f64; S(1).u64 = a < b; pc += 4; VM_NEXT(); }
        VM_CASE(F64_GT) { double a = S(2).f64, b = S(3).f64; S(1).u64 = a > b; pc += 4; VM_NEXT(); }
        VM_CASE(F64_LE) { double a = S(2).f64, b = S(3).f64; S(1).u64 = a <= b; pc += 4; VM_NEXT(); }
        VM_CASE(F64_GE) { double a = S(2).f64, b = S(3).f64; S(1).u64 = a >= b; pc += 4; VM_NEXT(); }
        VM_CASE(F64_DIV) { double a = S(2).f64, b = S(3).f64; S(1).f64 = a / b; pc += 4; VM_NEXT(); }
        VM_CASE(F64_MIN) { double a = S(2).f64, b = S(3).f64; S(1).f64 = f64_min(a, b); pc += 4; VM_NEXT(); }
        VM_CASE(F64_MAX) { double a = S(2).f64, b = S(3).f64; S(1).f64 = f64_max(a, b); pc += 4; VM_NEXT(); }
        VM_CASE(F32_COPYSIGN) { uint32_t a = S(2).u32, b = S(3).u32; S(1).u64 = (uint32_t)((a & 0x7fffffffu) | (b & 0x80000000u)); pc += 4; VM_NEXT(); }
        VM_CASE(F64_COPYSIGN) { uint64_t a = S(2).u64, b = S(3).u64; S(1).u64 = (a & 0x7fffffffffffffffull) | (b & 0x8000000000000000ull); pc += 4; VM_NEXT(); }
        VM_CASE(I32_DIV_S) {
            int32_t a = S(2).i32, b = S(3).i32;
            if (b == 0)
                TRAP(CM_E_T_DIV_ZERO);
            if (a == INT32_MIN && b == -1)
                TRAP(CM_E_T_INT_OVERFLOW);
            S(1).u64 = (uint32_t)(uint32_t)(a / b);
            pc += 4;
            VM_NEXT();
        }
        VM_CASE(I32_DIV_U) {
            uint32_t a = S(2).u32, b = S(3).u32;
            if (b == 0)
                TRAP(CM_E_T_DIV_ZERO);
            S(1).u64 = a / b;
            pc += 4;
            VM_NEXT();
        }
        VM_CASE(I32_REM_S) {
            int32_t a = S(2).i32, b = S(3).i32;
            if (b == 0)
                TRAP(CM_E_T_DIV_ZERO);
            S(1).u64 = (uint32_t)(uint32_t)(b == -1 ? 0 : a % b);
            pc += 4;
            VM_NEXT();
        }
        VM_CASE(I32_REM_U) {
            uint32_t a = S(2).u32, b = S(3).u32;
            if (b == 0)
                TRAP(CM_E_T_DIV_ZERO);
            S(1).u64 = a % b;
            pc += 4;
            VM_NEXT();
        }
        VM_CASE(I64_DIV_S) {
            int64_t a = S(2).i64, b = S(3).i64;
            if (b == 0)
                TRAP(CM_E_T_DIV_ZERO);
            if (a == INT64_MIN && b == -1)
                TRAP(CM_E_T_INT_OVERFLOW);
            S(1).u64 = (uint64_t)(a / b);
            pc += 4;
            VM_NEXT();
        }
        VM_CASE(I64_DIV_U) {
            uint64_t a = S(2).u64, b = S(3).u64;
            if (b == 0)
                TRAP(CM_E_T_DIV_ZERO);
            S(1).u64 = a / b;
            pc += 4;
            VM_NEXT();
        }
        VM_CASE(I64_REM_S) {
            int64_t a = S(2).i64, b = S(3).i64;
            if (b == 0)
                TRAP(CM_E_T_DIV_ZERO);
            S(1).u64 = (uint64_t)(b == -1 ? 0 : a % b);
            pc += 4;
            VM_NEXT();
        }
        VM_CASE(I64_REM_U) {
            uint64_t a = S(2).u64, b = S(3).u64;
            if (b == 0)
                TRAP(CM_E_T_DIV_ZERO);
            S(1).u64 = a % b;
            pc += 4;
            VM_NEXT();
        }