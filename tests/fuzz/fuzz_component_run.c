// fuzz-libs: wrc wrt cm
/* fuzz_component_run.c - the component runtime on arbitrary bytes: load
 * (decode, type model, compile core modules); when that succeeds,
 * instantiate with every import a trapping stub and call every exported
 * function with default arguments (zeros, empty strings and lists, first
 * cases) under small limits.  Looks for crashes, sanitizer errors and
 * leaks in instantiation, lifting and lowering; traps are fine. */
#include "arena.h"
#include "cabi.h"
#include "ctypes.h"
#include "wrun_component.h"

#include <stdint.h>
#include <string.h>

/* A default value of t (handles cannot be made up: -1). */
static int default_val(Arena *a, const CtType *t, WrcVal *out)
{
    memset(out, 0, sizeof *out);
    switch (t->kind) {
    case CT_BOOL: *out = wrc_bool(0); return 0;
    case CT_S8: *out = wrc_s8(0); return 0;
    case CT_U8: *out = wrc_u8(0); return 0;
    case CT_S16: *out = wrc_s16(0); return 0;
    case CT_U16: *out = wrc_u16(0); return 0;
    case CT_S32: *out = wrc_s32(0); return 0;
    case CT_U32: *out = wrc_u32(0); return 0;
    case CT_S64: *out = wrc_s64(0); return 0;
    case CT_U64: *out = wrc_u64(0); return 0;
    case CT_F32: *out = wrc_f32(0); return 0;
    case CT_F64: *out = wrc_f64(0); return 0;
    case CT_CHAR: *out = wrc_char('a'); return 0;
    case CT_STRING: *out = wrc_str("fuzz", 4); return 0;
    case CT_LIST: *out = t->elem->kind == CT_U8 ? wrc_bytes((const uint8_t *)"", 0) : wrc_list(NULL, 0); return 0;
    case CT_FLAGS: *out = wrc_flags(0); return 0;
    case CT_RECORD:
    case CT_TUPLE: {
        uint32_t n = cabi_field_count(t);
        WrcVal *f = ARENA_ARRAY(a, WrcVal, n);
        if (!f)
            return -1;
        for (uint32_t i = 0; i < n; i++)
            if (default_val(a, cabi_field_type(t, i), &f[i]))
                return -1;
        *out = t->kind == CT_RECORD ? wrc_record(f, n) : wrc_tuple(f, n);
        return 0;
    }
    case CT_VARIANT:
    case CT_ENUM:
    case CT_OPTION:
    case CT_RESULT: {
        const CtType *ct = cabi_case_type(t, 0);
        WrcVal *p = NULL;
        if (ct && (!(p = ARENA_NEW(a, WrcVal)) || default_val(a, ct, p)))
            return -1;
        out->kind = t->kind == CT_VARIANT ? WRC_VARIANT : t->kind == CT_ENUM ? WRC_ENUM
                  : t->kind == CT_OPTION  ? WRC_OPTION : WRC_RESULT;
        out->u.var.tag = 0;
        out->u.var.payload = p;
        return 0;
    }
    default: return -1;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    WrLimits lim = {.fuel = 20000, .max_memory_bytes = 16u << 20, .max_call_depth = 200,
                    .stack_slots = 1u << 16};
    WrEngine *eng = wr_engine_new(&lim);
    WrcComponent *c;
    CmError err;
    if (!eng)
        return 0;
    if (wrc_component_load(eng, data, size, &c, &err)) {
        wr_engine_free(eng);
        return 0;
    }
    WrcLinker *lk = wrc_linker_new(eng);
    WrcInstance *inst = NULL;
    WrTrap trap;
    if (lk) {
        wrc_linker_trap_unknown(lk, 1);
        if (!wrc_instantiate(c, lk, &inst, &trap)) {
            for (uint32_t i = 0; i < wrc_instance_func_count(inst) && i < 64; i++) {
                WrcFunc *fn = wrc_instance_func(inst, wrc_instance_func_name(inst, i));
                const CtType *ft = fn ? wrc_func_type(fn) : NULL;
                Arena a;
                arena_init(&a);
                WrcVal *args = ft ? ARENA_ARRAY(&a, WrcVal, ft->n + 1) : NULL;
                int ok = args != NULL;
                for (uint32_t k = 0; ok && k < ft->n; k++)
                    ok = !default_val(&a, ft->fields[k].type, &args[k]);
                if (ok) {
                    WrcVal res;
                    wr_engine_set_limits(eng, &lim);
                    wrc_func_call(fn, args, ft->n, &res, &trap);
                }
                arena_release(&a);
            }
            wrc_instance_free(inst);
        }
        wrc_linker_free(lk);
    }
    wrc_component_free(c);
    wr_engine_free(eng);
    return 0;
}
