/* rt_exec_ops.h - the numeric, load and store cases of the interpreter loop.
 *
 * Included once, inside rt_exec() (rt_exec.c), where S(i) is fp[pc[i]] and
 * VM_CASE/VM_NEXT/TRAP are the dispatch macros.  Integer results are written
 * zero-extended to 64 bits.  BOUNDS is the explicit bounds check, or
 * nothing when guard pages catch out-of-bounds accesses.  Kept apart only because it is long and regular.
 * The ops that are also parts of superinstructions (RT_PART_OPS: COPY,
 * CONST32, I32_LOAD, I32_ADD, ...) are defined once, in rt_exec_fused.h.
 */
        VM_CASE(I32_LOAD8_S) {
            uint64_t ea = (uint64_t)S(2).u32 + pc[3];
            int8_t v;
            BOUNDS(ea, sizeof v);
            memcpy(&v, mem + ea, sizeof v);
            S(1).u64 = (uint32_t)(int32_t)v;
            pc += 4;
            VM_NEXT();
        }
        VM_CASE(I32_LOAD8_U) {
            uint64_t ea = (uint64_t)S(2).u32 + pc[3];
            uint8_t v;
            BOUNDS(ea, sizeof v);
            memcpy(&v, mem + ea, sizeof v);
            S(1).u64 = v;
            pc += 4;
            VM_NEXT();
        }
        VM_CASE(I32_LOAD16_S) {
            uint64_t ea = (uint64_t)S(2).u32 + pc[3];
            int16_t v;
            BOUNDS(ea, sizeof v);
            memcpy(&v, mem + ea, sizeof v);
            S(1).u64 = (uint32_t)(int32_t)v;
            pc += 4;
            VM_NEXT();
        }
        VM_CASE(I32_LOAD16_U) {
            uint64_t ea = (uint64_t)S(2).u32 + pc[3];
            uint16_t v;
            BOUNDS(ea, sizeof v);
            memcpy(&v, mem + ea, sizeof v);
            S(1).u64 = v;
            pc += 4;
            VM_NEXT();
        }
        VM_CASE(I64_LOAD8_S) {
            uint64_t ea = (uint64_t)S(2).u32 + pc[3];
            int8_t v;
            BOUNDS(ea, sizeof v);
            memcpy(&v, mem + ea, sizeof v);
            S(1).u64 = (uint64_t)(int64_t)v;
            pc += 4;
            VM_NEXT();
        }
        VM_CASE(I64_LOAD8_U) {
            uint64_t ea = (uint64_t)S(2).u32 + pc[3];
            uint8_t v;
            BOUNDS(ea, sizeof v);
            memcpy(&v, mem + ea, sizeof v);
            S(1).u64 = v;
            pc += 4;
            VM_NEXT();
        }
        VM_CASE(I64_LOAD16_S) {
            uint64_t ea = (uint64_t)S(2).u32 + pc[3];
            int16_t v;
            BOUNDS(ea, sizeof v);
            memcpy(&v, mem + ea, sizeof v);
            S(1).u64 = (uint64_t)(int64_t)v;
            pc += 4;
            VM_NEXT();
        }
        VM_CASE(I64_LOAD16_U) {
            uint64_t ea = (uint64_t)S(2).u32 + pc[3];
            uint16_t v;
            BOUNDS(ea, sizeof v);
            memcpy(&v, mem + ea, sizeof v);
            S(1).u64 = v;
            pc += 4;
            VM_NEXT();
        }
        VM_CASE(I64_LOAD32_S) {
            uint64_t ea = (uint64_t)S(2).u32 + pc[3];
            int32_t v;
            BOUNDS(ea, sizeof v);
            memcpy(&v, mem + ea, sizeof v);
            S(1).u64 = (uint64_t)(int64_t)v;
            pc += 4;
            VM_NEXT();
        }
        VM_CASE(I64_LOAD32_U) {
            uint64_t ea = (uint64_t)S(2).u32 + pc[3];
            uint32_t v;
            BOUNDS(ea, sizeof v);
            memcpy(&v, mem + ea, sizeof v);
            S(1).u64 = v;
            pc += 4;
            VM_NEXT();
        }
        VM_CASE(I32_STORE16) {
            uint64_t ea = (uint64_t)S(1).u32 + pc[3];
            uint16_t v = (uint16_t)S(2).u32;
            BOUNDS(ea, sizeof v);
            memcpy(mem + ea, &v, sizeof v);
            pc += 4;
            VM_NEXT();
        }
        VM_CASE(I64_STORE8) {
            uint64_t ea = (uint64_t)S(1).u32 + pc[3];
            uint8_t v = (uint8_t)S(2).u64;
            BOUNDS(ea, sizeof v);
            memcpy(mem + ea, &v, sizeof v);
            pc += 4;
            VM_NEXT();
        }
        VM_CASE(I64_STORE16) {
            uint64_t ea = (uint64_t)S(1).u32 + pc[3];
            uint16_t v = (uint16_t)S(2).u64;
            BOUNDS(ea, sizeof v);
            memcpy(mem + ea, &v, sizeof v);
            pc += 4;
            VM_NEXT();
        }
        VM_CASE(I64_STORE32) {
            uint64_t ea = (uint64_t)S(1).u32 + pc[3];
            uint32_t v = (uint32_t)S(2).u64;
            BOUNDS(ea, sizeof v);
            memcpy(mem + ea, &v, sizeof v);
            pc += 4;
            VM_NEXT();
        }
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
        VM_CASE(F64_SQRT) { double a = S(2).f64; S(1).f64 = sqrt(a); pc += 3; VM_NEXT(); }
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
        VM_CASE(I32_EQ) { uint32_t a = S(2).u32, b = S(3).u32; S(1).u64 = a == b; pc += 4; VM_NEXT(); }
        VM_CASE(I32_EQ_I) { uint32_t a = S(2).u32, b = (uint32_t)pc[3]; S(1).u64 = a == b; pc += 4; VM_NEXT(); }
        VM_CASE(BR_I32_EQ) {
            uint32_t a = S(1).u32, b = S(2).u32;
            if (a == b) {
                int32_t j = (int32_t)pc[3];
                if (j < 0 && --ticks < 0 && (tcode = refill(eng, &ticks)))
                    goto trap;
                pc += 3 + j;
            } else {
                pc += 4;
            }
            VM_NEXT();
        }
        VM_CASE(BR_I32_EQ_I) {
            uint32_t a = S(1).u32, b = (uint32_t)pc[2];
            if (a == b) {
                int32_t j = (int32_t)pc[3];
                if (j < 0 && --ticks < 0 && (tcode = refill(eng, &ticks)))
                    goto trap;
                pc += 3 + j;
            } else {
                pc += 4;
            }
            VM_NEXT();
        }
        VM_CASE(I32_NE) { uint32_t a = S(2).u32, b = S(3).u32; S(1).u64 = a != b; pc += 4; VM_NEXT(); }
        VM_CASE(I32_NE_I) { uint32_t a = S(2).u32, b = (uint32_t)pc[3]; S(1).u64 = a != b; pc += 4; VM_NEXT(); }
        VM_CASE(BR_I32_NE) {
            uint32_t a = S(1).u32, b = S(2).u32;
            if (a != b) {
                int32_t j = (int32_t)pc[3];
                if (j < 0 && --ticks < 0 && (tcode = refill(eng, &ticks)))
                    goto trap;
                pc += 3 + j;
            } else {
                pc += 4;
            }
            VM_NEXT();
        }
        VM_CASE(BR_I32_NE_I) {
            uint32_t a = S(1).u32, b = (uint32_t)pc[2];
            if (a != b) {
                int32_t j = (int32_t)pc[3];
                if (j < 0 && --ticks < 0 && (tcode = refill(eng, &ticks)))
                    goto trap;
                pc += 3 + j;
            } else {
                pc += 4;
            }
            VM_NEXT();
        }
        VM_CASE(I32_LT_S) { uint32_t a = S(2).u32, b = S(3).u32; S(1).u64 = (int32_t)a < (int32_t)b; pc += 4; VM_NEXT(); }
        VM_CASE(I32_LT_S_I) { uint32_t a = S(2).u32, b = (uint32_t)pc[3]; S(1).u64 = (int32_t)a < (int32_t)b; pc += 4; VM_NEXT(); }
        VM_CASE(BR_I32_LT_S) {
            uint32_t a = S(1).u32, b = S(2).u32;
            if ((int32_t)a < (int32_t)b) {
                int32_t j = (int32_t)pc[3];
                if (j < 0 && --ticks < 0 && (tcode = refill(eng, &ticks)))
                    goto trap;
                pc += 3 + j;
            } else {
                pc += 4;
            }
            VM_NEXT();
        }
        VM_CASE(BR_I32_LT_S_I) {
            uint32_t a = S(1).u32, b = (uint32_t)pc[2];
            if ((int32_t)a < (int32_t)b) {
                int32_t j = (int32_t)pc[3];
                if (j < 0 && --ticks < 0 && (tcode = refill(eng, &ticks)))
                    goto trap;
                pc += 3 + j;
            } else {
                pc += 4;
            }
            VM_NEXT();
        }
        VM_CASE(I32_LT_U) { uint32_t a = S(2).u32, b = S(3).u32; S(1).u64 = a < b; pc += 4; VM_NEXT(); }
        VM_CASE(I32_LT_U_I) { uint32_t a = S(2).u32, b = (uint32_t)pc[3]; S(1).u64 = a < b; pc += 4; VM_NEXT(); }
        VM_CASE(BR_I32_LT_U) {
            uint32_t a = S(1).u32, b = S(2).u32;
            if (a < b) {
                int32_t j = (int32_t)pc[3];
                if (j < 0 && --ticks < 0 && (tcode = refill(eng, &ticks)))
                    goto trap;
                pc += 3 + j;
            } else {
                pc += 4;
            }
            VM_NEXT();
        }
        VM_CASE(BR_I32_LT_U_I) {
            uint32_t a = S(1).u32, b = (uint32_t)pc[2];
            if (a < b) {
                int32_t j = (int32_t)pc[3];
                if (j < 0 && --ticks < 0 && (tcode = refill(eng, &ticks)))
                    goto trap;
                pc += 3 + j;
            } else {
                pc += 4;
            }
            VM_NEXT();
        }
        VM_CASE(I32_GT_S) { uint32_t a = S(2).u32, b = S(3).u32; S(1).u64 = (int32_t)a > (int32_t)b; pc += 4; VM_NEXT(); }
        VM_CASE(I32_GT_S_I) { uint32_t a = S(2).u32, b = (uint32_t)pc[3]; S(1).u64 = (int32_t)a > (int32_t)b; pc += 4; VM_NEXT(); }
        VM_CASE(BR_I32_GT_S) {
            uint32_t a = S(1).u32, b = S(2).u32;
            if ((int32_t)a > (int32_t)b) {
                int32_t j = (int32_t)pc[3];
                if (j < 0 && --ticks < 0 && (tcode = refill(eng, &ticks)))
                    goto trap;
                pc += 3 + j;
            } else {
                pc += 4;
            }
            VM_NEXT();
        }
        VM_CASE(BR_I32_GT_S_I) {
            uint32_t a = S(1).u32, b = (uint32_t)pc[2];
            if ((int32_t)a > (int32_t)b) {
                int32_t j = (int32_t)pc[3];
                if (j < 0 && --ticks < 0 && (tcode = refill(eng, &ticks)))
                    goto trap;
                pc += 3 + j;
            } else {
                pc += 4;
            }
            VM_NEXT();
        }
        VM_CASE(I32_GT_U) { uint32_t a = S(2).u32, b = S(3).u32; S(1).u64 = a > b; pc += 4; VM_NEXT(); }
        VM_CASE(I32_GT_U_I) { uint32_t a = S(2).u32, b = (uint32_t)pc[3]; S(1).u64 = a > b; pc += 4; VM_NEXT(); }
        VM_CASE(BR_I32_GT_U) {
            uint32_t a = S(1).u32, b = S(2).u32;
            if (a > b) {
                int32_t j = (int32_t)pc[3];
                if (j < 0 && --ticks < 0 && (tcode = refill(eng, &ticks)))
                    goto trap;
                pc += 3 + j;
            } else {
                pc += 4;
            }
            VM_NEXT();
        }
        VM_CASE(BR_I32_GT_U_I) {
            uint32_t a = S(1).u32, b = (uint32_t)pc[2];
            if (a > b) {
                int32_t j = (int32_t)pc[3];
                if (j < 0 && --ticks < 0 && (tcode = refill(eng, &ticks)))
                    goto trap;
                pc += 3 + j;
            } else {
                pc += 4;
            }
            VM_NEXT();
        }
        VM_CASE(I32_LE_S) { uint32_t a = S(2).u32, b = S(3).u32; S(1).u64 = (int32_t)a <= (int32_t)b; pc += 4; VM_NEXT(); }
        VM_CASE(I32_LE_S_I) { uint32_t a = S(2).u32, b = (uint32_t)pc[3]; S(1).u64 = (int32_t)a <= (int32_t)b; pc += 4; VM_NEXT(); }
        VM_CASE(BR_I32_LE_S) {
            uint32_t a = S(1).u32, b = S(2).u32;
            if ((int32_t)a <= (int32_t)b) {
                int32_t j = (int32_t)pc[3];
                if (j < 0 && --ticks < 0 && (tcode = refill(eng, &ticks)))
                    goto trap;
                pc += 3 + j;
            } else {
                pc += 4;
            }
            VM_NEXT();
        }
        VM_CASE(BR_I32_LE_S_I) {
            uint32_t a = S(1).u32, b = (uint32_t)pc[2];
            if ((int32_t)a <= (int32_t)b) {
                int32_t j = (int32_t)pc[3];
                if (j < 0 && --ticks < 0 && (tcode = refill(eng, &ticks)))
                    goto trap;
                pc += 3 + j;
            } else {
                pc += 4;
            }
            VM_NEXT();
        }
        VM_CASE(I32_LE_U) { uint32_t a = S(2).u32, b = S(3).u32; S(1).u64 = a <= b; pc += 4; VM_NEXT(); }
        VM_CASE(I32_LE_U_I) { uint32_t a = S(2).u32, b = (uint32_t)pc[3]; S(1).u64 = a <= b; pc += 4; VM_NEXT(); }
        VM_CASE(BR_I32_LE_U) {
            uint32_t a = S(1).u32, b = S(2).u32;
            if (a <= b) {
                int32_t j = (int32_t)pc[3];
                if (j < 0 && --ticks < 0 && (tcode = refill(eng, &ticks)))
                    goto trap;
                pc += 3 + j;
            } else {
                pc += 4;
            }
            VM_NEXT();
        }
        VM_CASE(BR_I32_LE_U_I) {
            uint32_t a = S(1).u32, b = (uint32_t)pc[2];
            if (a <= b) {
                int32_t j = (int32_t)pc[3];
                if (j < 0 && --ticks < 0 && (tcode = refill(eng, &ticks)))
                    goto trap;
                pc += 3 + j;
            } else {
                pc += 4;
            }
            VM_NEXT();
        }
        VM_CASE(I32_GE_S) { uint32_t a = S(2).u32, b = S(3).u32; S(1).u64 = (int32_t)a >= (int32_t)b; pc += 4; VM_NEXT(); }
        VM_CASE(I32_GE_S_I) { uint32_t a = S(2).u32, b = (uint32_t)pc[3]; S(1).u64 = (int32_t)a >= (int32_t)b; pc += 4; VM_NEXT(); }
        VM_CASE(BR_I32_GE_S) {
            uint32_t a = S(1).u32, b = S(2).u32;
            if ((int32_t)a >= (int32_t)b) {
                int32_t j = (int32_t)pc[3];
                if (j < 0 && --ticks < 0 && (tcode = refill(eng, &ticks)))
                    goto trap;
                pc += 3 + j;
            } else {
                pc += 4;
            }
            VM_NEXT();
        }
        VM_CASE(BR_I32_GE_S_I) {
            uint32_t a = S(1).u32, b = (uint32_t)pc[2];
            if ((int32_t)a >= (int32_t)b) {
                int32_t j = (int32_t)pc[3];
                if (j < 0 && --ticks < 0 && (tcode = refill(eng, &ticks)))
                    goto trap;
                pc += 3 + j;
            } else {
                pc += 4;
            }
            VM_NEXT();
        }
        VM_CASE(I32_GE_U) { uint32_t a = S(2).u32, b = S(3).u32; S(1).u64 = a >= b; pc += 4; VM_NEXT(); }
        VM_CASE(I32_GE_U_I) { uint32_t a = S(2).u32, b = (uint32_t)pc[3]; S(1).u64 = a >= b; pc += 4; VM_NEXT(); }
        VM_CASE(BR_I32_GE_U) {
            uint32_t a = S(1).u32, b = S(2).u32;
            if (a >= b) {
                int32_t j = (int32_t)pc[3];
                if (j < 0 && --ticks < 0 && (tcode = refill(eng, &ticks)))
                    goto trap;
                pc += 3 + j;
            } else {
                pc += 4;
            }
            VM_NEXT();
        }
        VM_CASE(BR_I32_GE_U_I) {
            uint32_t a = S(1).u32, b = (uint32_t)pc[2];
            if (a >= b) {
                int32_t j = (int32_t)pc[3];
                if (j < 0 && --ticks < 0 && (tcode = refill(eng, &ticks)))
                    goto trap;
                pc += 3 + j;
            } else {
                pc += 4;
            }
            VM_NEXT();
        }
        VM_CASE(I32_SUB_I) { uint32_t a = S(2).u32, b = (uint32_t)pc[3]; S(1).u64 = (uint32_t)(a - b); pc += 4; VM_NEXT(); }
        VM_CASE(I32_MUL_I) { uint32_t a = S(2).u32, b = (uint32_t)pc[3]; S(1).u64 = (uint32_t)(a * b); pc += 4; VM_NEXT(); }
        VM_CASE(I32_OR) { uint32_t a = S(2).u32, b = S(3).u32; S(1).u64 = (uint32_t)(a | b); pc += 4; VM_NEXT(); }
        VM_CASE(I32_OR_I) { uint32_t a = S(2).u32, b = (uint32_t)pc[3]; S(1).u64 = (uint32_t)(a | b); pc += 4; VM_NEXT(); }
        VM_CASE(I32_XOR_I) { uint32_t a = S(2).u32, b = (uint32_t)pc[3]; S(1).u64 = (uint32_t)(a ^ b); pc += 4; VM_NEXT(); }
        VM_CASE(I32_SHL) { uint32_t a = S(2).u32, b = S(3).u32; S(1).u64 = (uint32_t)(a << (b & 31)); pc += 4; VM_NEXT(); }
        VM_CASE(I32_SHL_I) { uint32_t a = S(2).u32, b = (uint32_t)pc[3]; S(1).u64 = (uint32_t)(a << (b & 31)); pc += 4; VM_NEXT(); }
        VM_CASE(I32_SHR_U) { uint32_t a = S(2).u32, b = S(3).u32; S(1).u64 = (uint32_t)(a >> (b & 31)); pc += 4; VM_NEXT(); }
        VM_CASE(I32_SHR_S) { uint32_t a = S(2).u32, b = S(3).u32; S(1).u64 = (uint32_t)((uint32_t)((int32_t)a >> (b & 31))); pc += 4; VM_NEXT(); }
        VM_CASE(I32_SHR_S_I) { uint32_t a = S(2).u32, b = (uint32_t)pc[3]; S(1).u64 = (uint32_t)((uint32_t)((int32_t)a >> (b & 31))); pc += 4; VM_NEXT(); }
        VM_CASE(I32_ROTL) { uint32_t a = S(2).u32, b = S(3).u32; S(1).u64 = (uint32_t)(rotl32(a, b)); pc += 4; VM_NEXT(); }
        VM_CASE(I32_ROTR) { uint32_t a = S(2).u32, b = S(3).u32; S(1).u64 = (uint32_t)(rotr32(a, b)); pc += 4; VM_NEXT(); }
        VM_CASE(I64_EQ) { uint64_t a = S(2).u64, b = S(3).u64; S(1).u64 = a == b; pc += 4; VM_NEXT(); }
        VM_CASE(I64_EQ_I) { uint64_t a = S(2).u64, b = (uint64_t)(int64_t)(int32_t)pc[3]; S(1).u64 = a == b; pc += 4; VM_NEXT(); }
        VM_CASE(BR_I64_EQ) {
            uint64_t a = S(1).u64, b = S(2).u64;
            if (a == b) {
                int32_t j = (int32_t)pc[3];
                if (j < 0 && --ticks < 0 && (tcode = refill(eng, &ticks)))
                    goto trap;
                pc += 3 + j;
            } else {
                pc += 4;
            }
            VM_NEXT();
        }
        VM_CASE(BR_I64_EQ_I) {
            uint64_t a = S(1).u64, b = (uint64_t)(int64_t)(int32_t)pc[2];
            if (a == b) {
                int32_t j = (int32_t)pc[3];
                if (j < 0 && --ticks < 0 && (tcode = refill(eng, &ticks)))
                    goto trap;
                pc += 3 + j;
            } else {
                pc += 4;
            }
            VM_NEXT();
        }
        VM_CASE(I64_NE) { uint64_t a = S(2).u64, b = S(3).u64; S(1).u64 = a != b; pc += 4; VM_NEXT(); }
        VM_CASE(I64_NE_I) { uint64_t a = S(2).u64, b = (uint64_t)(int64_t)(int32_t)pc[3]; S(1).u64 = a != b; pc += 4; VM_NEXT(); }
        VM_CASE(BR_I64_NE) {
            uint64_t a = S(1).u64, b = S(2).u64;
            if (a != b) {
                int32_t j = (int32_t)pc[3];
                if (j < 0 && --ticks < 0 && (tcode = refill(eng, &ticks)))
                    goto trap;
                pc += 3 + j;
            } else {
                pc += 4;
            }
            VM_NEXT();
        }
        VM_CASE(BR_I64_NE_I) {
            uint64_t a = S(1).u64, b = (uint64_t)(int64_t)(int32_t)pc[2];
            if (a != b) {
                int32_t j = (int32_t)pc[3];
                if (j < 0 && --ticks < 0 && (tcode = refill(eng, &ticks)))
                    goto trap;
                pc += 3 + j;
            } else {
                pc += 4;
            }
            VM_NEXT();
        }
        VM_CASE(I64_LT_S) { uint64_t a = S(2).u64, b = S(3).u64; S(1).u64 = (int64_t)a < (int64_t)b; pc += 4; VM_NEXT(); }
        VM_CASE(I64_LT_S_I) { uint64_t a = S(2).u64, b = (uint64_t)(int64_t)(int32_t)pc[3]; S(1).u64 = (int64_t)a < (int64_t)b; pc += 4; VM_NEXT(); }
        VM_CASE(BR_I64_LT_S) {
            uint64_t a = S(1).u64, b = S(2).u64;
            if ((int64_t)a < (int64_t)b) {
                int32_t j = (int32_t)pc[3];
                if (j < 0 && --ticks < 0 && (tcode = refill(eng, &ticks)))
                    goto trap;
                pc += 3 + j;
            } else {
                pc += 4;
            }
            VM_NEXT();
        }
        VM_CASE(BR_I64_LT_S_I) {
            uint64_t a = S(1).u64, b = (uint64_t)(int64_t)(int32_t)pc[2];
            if ((int64_t)a < (int64_t)b) {
                int32_t j = (int32_t)pc[3];
                if (j < 0 && --ticks < 0 && (tcode = refill(eng, &ticks)))
                    goto trap;
                pc += 3 + j;
            } else {
                pc += 4;
            }
            VM_NEXT();
        }
        VM_CASE(I64_LT_U) { uint64_t a = S(2).u64, b = S(3).u64; S(1).u64 = a < b; pc += 4; VM_NEXT(); }
        VM_CASE(I64_LT_U_I) { uint64_t a = S(2).u64, b = (uint64_t)(int64_t)(int32_t)pc[3]; S(1).u64 = a < b; pc += 4; VM_NEXT(); }
        VM_CASE(BR_I64_LT_U) {
            uint64_t a = S(1).u64, b = S(2).u64;
            if (a < b) {
                int32_t j = (int32_t)pc[3];
                if (j < 0 && --ticks < 0 && (tcode = refill(eng, &ticks)))
                    goto trap;
                pc += 3 + j;
            } else {
                pc += 4;
            }
            VM_NEXT();
        }
        VM_CASE(BR_I64_LT_U_I) {
            uint64_t a = S(1).u64, b = (uint64_t)(int64_t)(int32_t)pc[2];
            if (a < b) {
                int32_t j = (int32_t)pc[3];
                if (j < 0 && --ticks < 0 && (tcode = refill(eng, &ticks)))
                    goto trap;
                pc += 3 + j;
            } else {
                pc += 4;
            }
            VM_NEXT();
        }
        VM_CASE(I64_GT_S) { uint64_t a = S(2).u64, b = S(3).u64; S(1).u64 = (int64_t)a > (int64_t)b; pc += 4; VM_NEXT(); }
        VM_CASE(I64_GT_S_I) { uint64_t a = S(2).u64, b = (uint64_t)(int64_t)(int32_t)pc[3]; S(1).u64 = (int64_t)a > (int64_t)b; pc += 4; VM_NEXT(); }
        VM_CASE(BR_I64_GT_S) {
            uint64_t a = S(1).u64, b = S(2).u64;
            if ((int64_t)a > (int64_t)b) {
                int32_t j = (int32_t)pc[3];
                if (j < 0 && --ticks < 0 && (tcode = refill(eng, &ticks)))
                    goto trap;
                pc += 3 + j;
            } else {
                pc += 4;
            }
            VM_NEXT();
        }
        VM_CASE(BR_I64_GT_S_I) {
            uint64_t a = S(1).u64, b = (uint64_t)(int64_t)(int32_t)pc[2];
            if ((int64_t)a > (int64_t)b) {
                int32_t j = (int32_t)pc[3];
                if (j < 0 && --ticks < 0 && (tcode = refill(eng, &ticks)))
                    goto trap;
                pc += 3 + j;
            } else {
                pc += 4;
            }
            VM_NEXT();
        }
        VM_CASE(I64_GT_U) { uint64_t a = S(2).u64, b = S(3).u64; S(1).u64 = a > b; pc += 4; VM_NEXT(); }
        VM_CASE(I64_GT_U_I) { uint64_t a = S(2).u64, b = (uint64_t)(int64_t)(int32_t)pc[3]; S(1).u64 = a > b; pc += 4; VM_NEXT(); }
        VM_CASE(BR_I64_GT_U) {
            uint64_t a = S(1).u64, b = S(2).u64;
            if (a > b) {
                int32_t j = (int32_t)pc[3];
                if (j < 0 && --ticks < 0 && (tcode = refill(eng, &ticks)))
                    goto trap;
                pc += 3 + j;
            } else {
                pc += 4;
            }
            VM_NEXT();
        }
        VM_CASE(BR_I64_GT_U_I) {
            uint64_t a = S(1).u64, b = (uint64_t)(int64_t)(int32_t)pc[2];
            if (a > b) {
                int32_t j = (int32_t)pc[3];
                if (j < 0 && --ticks < 0 && (tcode = refill(eng, &ticks)))
                    goto trap;
                pc += 3 + j;
            } else {
                pc += 4;
            }
            VM_NEXT();
        }
        VM_CASE(I64_LE_S) { uint64_t a = S(2).u64, b = S(3).u64; S(1).u64 = (int64_t)a <= (int64_t)b; pc += 4; VM_NEXT(); }
        VM_CASE(I64_LE_S_I) { uint64_t a = S(2).u64, b = (uint64_t)(int64_t)(int32_t)pc[3]; S(1).u64 = (int64_t)a <= (int64_t)b; pc += 4; VM_NEXT(); }
        VM_CASE(BR_I64_LE_S) {
            uint64_t a = S(1).u64, b = S(2).u64;
            if ((int64_t)a <= (int64_t)b) {
                int32_t j = (int32_t)pc[3];
                if (j < 0 && --ticks < 0 && (tcode = refill(eng, &ticks)))
                    goto trap;
                pc += 3 + j;
            } else {
                pc += 4;
            }
            VM_NEXT();
        }
        VM_CASE(BR_I64_LE_S_I) {
            uint64_t a = S(1).u64, b = (uint64_t)(int64_t)(int32_t)pc[2];
            if ((int64_t)a <= (int64_t)b) {
                int32_t j = (int32_t)pc[3];
                if (j < 0 && --ticks < 0 && (tcode = refill(eng, &ticks)))
                    goto trap;
                pc += 3 + j;
            } else {
                pc += 4;
            }
            VM_NEXT();
        }
        VM_CASE(I64_LE_U) { uint64_t a = S(2).u64, b = S(3).u64; S(1).u64 = a <= b; pc += 4; VM_NEXT(); }
        VM_CASE(I64_LE_U_I) { uint64_t a = S(2).u64, b = (uint64_t)(int64_t)(int32_t)pc[3]; S(1).u64 = a <= b; pc += 4; VM_NEXT(); }
        VM_CASE(BR_I64_LE_U) {
            uint64_t a = S(1).u64, b = S(2).u64;
            if (a <= b) {
                int32_t j = (int32_t)pc[3];
                if (j < 0 && --ticks < 0 && (tcode = refill(eng, &ticks)))
                    goto trap;
                pc += 3 + j;
            } else {
                pc += 4;
            }
            VM_NEXT();
        }
        VM_CASE(BR_I64_LE_U_I) {
            uint64_t a = S(1).u64, b = (uint64_t)(int64_t)(int32_t)pc[2];
            if (a <= b) {
                int32_t j = (int32_t)pc[3];
                if (j < 0 && --ticks < 0 && (tcode = refill(eng, &ticks)))
                    goto trap;
                pc += 3 + j;
            } else {
                pc += 4;
            }
            VM_NEXT();
        }
        VM_CASE(I64_GE_S) { uint64_t a = S(2).u64, b = S(3).u64; S(1).u64 = (int64_t)a >= (int64_t)b; pc += 4; VM_NEXT(); }
        VM_CASE(I64_GE_S_I) { uint64_t a = S(2).u64, b = (uint64_t)(int64_t)(int32_t)pc[3]; S(1).u64 = (int64_t)a >= (int64_t)b; pc += 4; VM_NEXT(); }
        VM_CASE(BR_I64_GE_S) {
            uint64_t a = S(1).u64, b = S(2).u64;
            if ((int64_t)a >= (int64_t)b) {
                int32_t j = (int32_t)pc[3];
                if (j < 0 && --ticks < 0 && (tcode = refill(eng, &ticks)))
                    goto trap;
                pc += 3 + j;
            } else {
                pc += 4;
            }
            VM_NEXT();
        }
        VM_CASE(BR_I64_GE_S_I) {
            uint64_t a = S(1).u64, b = (uint64_t)(int64_t)(int32_t)pc[2];
            if ((int64_t)a >= (int64_t)b) {
                int32_t j = (int32_t)pc[3];
                if (j < 0 && --ticks < 0 && (tcode = refill(eng, &ticks)))
                    goto trap;
                pc += 3 + j;
            } else {
                pc += 4;
            }
            VM_NEXT();
        }
        VM_CASE(I64_GE_U) { uint64_t a = S(2).u64, b = S(3).u64; S(1).u64 = a >= b; pc += 4; VM_NEXT(); }
        VM_CASE(I64_GE_U_I) { uint64_t a = S(2).u64, b = (uint64_t)(int64_t)(int32_t)pc[3]; S(1).u64 = a >= b; pc += 4; VM_NEXT(); }
        VM_CASE(BR_I64_GE_U) {
            uint64_t a = S(1).u64, b = S(2).u64;
            if (a >= b) {
                int32_t j = (int32_t)pc[3];
                if (j < 0 && --ticks < 0 && (tcode = refill(eng, &ticks)))
                    goto trap;
                pc += 3 + j;
            } else {
                pc += 4;
            }
            VM_NEXT();
        }
        VM_CASE(BR_I64_GE_U_I) {
            uint64_t a = S(1).u64, b = (uint64_t)(int64_t)(int32_t)pc[2];
            if (a >= b) {
                int32_t j = (int32_t)pc[3];
                if (j < 0 && --ticks < 0 && (tcode = refill(eng, &ticks)))
                    goto trap;
                pc += 3 + j;
            } else {
                pc += 4;
            }
            VM_NEXT();
        }
        VM_CASE(I64_ADD) { uint64_t a = S(2).u64, b = S(3).u64; S(1).u64 = a + b; pc += 4; VM_NEXT(); }
        VM_CASE(I64_ADD_I) { uint64_t a = S(2).u64, b = (uint64_t)(int64_t)(int32_t)pc[3]; S(1).u64 = a + b; pc += 4; VM_NEXT(); }
        VM_CASE(I64_SUB) { uint64_t a = S(2).u64, b = S(3).u64; S(1).u64 = a - b; pc += 4; VM_NEXT(); }
        VM_CASE(I64_SUB_I) { uint64_t a = S(2).u64, b = (uint64_t)(int64_t)(int32_t)pc[3]; S(1).u64 = a - b; pc += 4; VM_NEXT(); }
        VM_CASE(I64_MUL) { uint64_t a = S(2).u64, b = S(3).u64; S(1).u64 = a * b; pc += 4; VM_NEXT(); }
        VM_CASE(I64_MUL_I) { uint64_t a = S(2).u64, b = (uint64_t)(int64_t)(int32_t)pc[3]; S(1).u64 = a * b; pc += 4; VM_NEXT(); }
        VM_CASE(I64_AND) { uint64_t a = S(2).u64, b = S(3).u64; S(1).u64 = a & b; pc += 4; VM_NEXT(); }
        VM_CASE(I64_AND_I) { uint64_t a = S(2).u64, b = (uint64_t)(int64_t)(int32_t)pc[3]; S(1).u64 = a & b; pc += 4; VM_NEXT(); }
        VM_CASE(I64_OR) { uint64_t a = S(2).u64, b = S(3).u64; S(1).u64 = a | b; pc += 4; VM_NEXT(); }
        VM_CASE(I64_OR_I) { uint64_t a = S(2).u64, b = (uint64_t)(int64_t)(int32_t)pc[3]; S(1).u64 = a | b; pc += 4; VM_NEXT(); }
        VM_CASE(I64_XOR) { uint64_t a = S(2).u64, b = S(3).u64; S(1).u64 = a ^ b; pc += 4; VM_NEXT(); }
        VM_CASE(I64_XOR_I) { uint64_t a = S(2).u64, b = (uint64_t)(int64_t)(int32_t)pc[3]; S(1).u64 = a ^ b; pc += 4; VM_NEXT(); }
        VM_CASE(I64_SHL) { uint64_t a = S(2).u64, b = S(3).u64; S(1).u64 = a << (b & 63); pc += 4; VM_NEXT(); }
        VM_CASE(I64_SHL_I) { uint64_t a = S(2).u64, b = (uint64_t)(int64_t)(int32_t)pc[3]; S(1).u64 = a << (b & 63); pc += 4; VM_NEXT(); }
        VM_CASE(I64_SHR_U) { uint64_t a = S(2).u64, b = S(3).u64; S(1).u64 = a >> (b & 63); pc += 4; VM_NEXT(); }
        VM_CASE(I64_SHR_U_I) { uint64_t a = S(2).u64, b = (uint64_t)(int64_t)(int32_t)pc[3]; S(1).u64 = a >> (b & 63); pc += 4; VM_NEXT(); }
        VM_CASE(I64_SHR_S) { uint64_t a = S(2).u64, b = S(3).u64; S(1).u64 = (uint64_t)((int64_t)a >> (b & 63)); pc += 4; VM_NEXT(); }
        VM_CASE(I64_SHR_S_I) { uint64_t a = S(2).u64, b = (uint64_t)(int64_t)(int32_t)pc[3]; S(1).u64 = (uint64_t)((int64_t)a >> (b & 63)); pc += 4; VM_NEXT(); }
        VM_CASE(I64_ROTL) { uint64_t a = S(2).u64, b = S(3).u64; S(1).u64 = rotl64(a, b); pc += 4; VM_NEXT(); }
        VM_CASE(I64_ROTR) { uint64_t a = S(2).u64, b = S(3).u64; S(1).u64 = rotr64(a, b); pc += 4; VM_NEXT(); }
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
        VM_CASE(I32_ROTR_I) { uint32_t a = S(2).u32, b = (uint32_t)pc[3]; S(1).u64 = (uint32_t)(rotr32(a, b)); pc += 4; VM_NEXT(); }
        VM_CASE(I64_ROTL_I) { uint64_t a = S(2).u64, b = (uint64_t)(int64_t)(int32_t)pc[3]; S(1).u64 = (rotl64(a, b)); pc += 4; VM_NEXT(); }
        VM_CASE(I64_ROTR_I) { uint64_t a = S(2).u64, b = (uint64_t)(int64_t)(int32_t)pc[3]; S(1).u64 = (rotr64(a, b)); pc += 4; VM_NEXT(); }
        VM_CASE(I32_LOAD_A) {
            uint64_t ea = (uint64_t)(uint32_t)(S(2).u32 + pc[3]) + pc[4];
            uint32_t v;
            BOUNDS(ea, sizeof v);
            memcpy(&v, mem + ea, sizeof v);
            S(1).u64 = v;
            pc += 5;
            VM_NEXT();
        }
        VM_CASE(I64_LOAD_A) {
            uint64_t ea = (uint64_t)(uint32_t)(S(2).u32 + pc[3]) + pc[4];
            uint64_t v;
            BOUNDS(ea, sizeof v);
            memcpy(&v, mem + ea, sizeof v);
            S(1).u64 = v;
            pc += 5;
            VM_NEXT();
        }
        VM_CASE(I32_LOAD8_S_A) {
            uint64_t ea = (uint64_t)(uint32_t)(S(2).u32 + pc[3]) + pc[4];
            int8_t v;
            BOUNDS(ea, sizeof v);
            memcpy(&v, mem + ea, sizeof v);
            S(1).u64 = (uint32_t)(int32_t)v;
            pc += 5;
            VM_NEXT();
        }
        VM_CASE(I32_LOAD8_U_A) {
            uint64_t ea = (uint64_t)(uint32_t)(S(2).u32 + pc[3]) + pc[4];
            uint8_t v;
            BOUNDS(ea, sizeof v);
            memcpy(&v, mem + ea, sizeof v);
            S(1).u64 = v;
            pc += 5;
            VM_NEXT();
        }
        VM_CASE(I32_LOAD16_S_A) {
            uint64_t ea = (uint64_t)(uint32_t)(S(2).u32 + pc[3]) + pc[4];
            int16_t v;
            BOUNDS(ea, sizeof v);
            memcpy(&v, mem + ea, sizeof v);
            S(1).u64 = (uint32_t)(int32_t)v;
            pc += 5;
            VM_NEXT();
        }
        VM_CASE(I32_LOAD16_U_A) {
            uint64_t ea = (uint64_t)(uint32_t)(S(2).u32 + pc[3]) + pc[4];
            uint16_t v;
            BOUNDS(ea, sizeof v);
            memcpy(&v, mem + ea, sizeof v);
            S(1).u64 = v;
            pc += 5;
            VM_NEXT();
        }
        VM_CASE(I64_LOAD8_S_A) {
            uint64_t ea = (uint64_t)(uint32_t)(S(2).u32 + pc[3]) + pc[4];
            int8_t v;
            BOUNDS(ea, sizeof v);
            memcpy(&v, mem + ea, sizeof v);
            S(1).u64 = (uint64_t)(int64_t)v;
            pc += 5;
            VM_NEXT();
        }
        VM_CASE(I64_LOAD8_U_A) {
            uint64_t ea = (uint64_t)(uint32_t)(S(2).u32 + pc[3]) + pc[4];
            uint8_t v;
            BOUNDS(ea, sizeof v);
            memcpy(&v, mem + ea, sizeof v);
            S(1).u64 = v;
            pc += 5;
            VM_NEXT();
        }
        VM_CASE(I64_LOAD16_S_A) {
            uint64_t ea = (uint64_t)(uint32_t)(S(2).u32 + pc[3]) + pc[4];
            int16_t v;
            BOUNDS(ea, sizeof v);
            memcpy(&v, mem + ea, sizeof v);
            S(1).u64 = (uint64_t)(int64_t)v;
            pc += 5;
            VM_NEXT();
        }
        VM_CASE(I64_LOAD16_U_A) {
            uint64_t ea = (uint64_t)(uint32_t)(S(2).u32 + pc[3]) + pc[4];
            uint16_t v;
            BOUNDS(ea, sizeof v);
            memcpy(&v, mem + ea, sizeof v);
            S(1).u64 = v;
            pc += 5;
            VM_NEXT();
        }
        VM_CASE(I64_LOAD32_S_A) {
            uint64_t ea = (uint64_t)(uint32_t)(S(2).u32 + pc[3]) + pc[4];
            int32_t v;
            BOUNDS(ea, sizeof v);
            memcpy(&v, mem + ea, sizeof v);
            S(1).u64 = (uint64_t)(int64_t)v;
            pc += 5;
            VM_NEXT();
        }
        VM_CASE(I64_LOAD32_U_A) {
            uint64_t ea = (uint64_t)(uint32_t)(S(2).u32 + pc[3]) + pc[4];
            uint32_t v;
            BOUNDS(ea, sizeof v);
            memcpy(&v, mem + ea, sizeof v);
            S(1).u64 = v;
            pc += 5;
            VM_NEXT();
        }
        VM_CASE(I32_STORE_A) {
            uint64_t ea = (uint64_t)(uint32_t)(S(1).u32 + pc[3]) + pc[4];
            uint32_t v = (uint32_t)S(2).u32;
            BOUNDS(ea, sizeof v);
            memcpy(mem + ea, &v, sizeof v);
            pc += 5;
            VM_NEXT();
        }
        VM_CASE(I64_STORE_A) {
            uint64_t ea = (uint64_t)(uint32_t)(S(1).u32 + pc[3]) + pc[4];
            uint64_t v = (uint64_t)S(2).u64;
            BOUNDS(ea, sizeof v);
            memcpy(mem + ea, &v, sizeof v);
            pc += 5;
            VM_NEXT();
        }
        VM_CASE(I32_STORE8_A) {
            uint64_t ea = (uint64_t)(uint32_t)(S(1).u32 + pc[3]) + pc[4];
            uint8_t v = (uint8_t)S(2).u32;
            BOUNDS(ea, sizeof v);
            memcpy(mem + ea, &v, sizeof v);
            pc += 5;
            VM_NEXT();
        }
        VM_CASE(I32_STORE16_A) {
            uint64_t ea = (uint64_t)(uint32_t)(S(1).u32 + pc[3]) + pc[4];
            uint16_t v = (uint16_t)S(2).u32;
            BOUNDS(ea, sizeof v);
            memcpy(mem + ea, &v, sizeof v);
            pc += 5;
            VM_NEXT();
        }
        VM_CASE(I64_STORE8_A) {
            uint64_t ea = (uint64_t)(uint32_t)(S(1).u32 + pc[3]) + pc[4];
            uint8_t v = (uint8_t)S(2).u64;
            BOUNDS(ea, sizeof v);
            memcpy(mem + ea, &v, sizeof v);
            pc += 5;
            VM_NEXT();
        }
        VM_CASE(I64_STORE16_A) {
            uint64_t ea = (uint64_t)(uint32_t)(S(1).u32 + pc[3]) + pc[4];
            uint16_t v = (uint16_t)S(2).u64;
            BOUNDS(ea, sizeof v);
            memcpy(mem + ea, &v, sizeof v);
            pc += 5;
            VM_NEXT();
        }
        VM_CASE(I64_STORE32_A) {
            uint64_t ea = (uint64_t)(uint32_t)(S(1).u32 + pc[3]) + pc[4];
            uint32_t v = (uint32_t)S(2).u64;
            BOUNDS(ea, sizeof v);
            memcpy(mem + ea, &v, sizeof v);
            pc += 5;
            VM_NEXT();
        }
