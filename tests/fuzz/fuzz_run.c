// fuzz-libs: wrt cm
/* fuzz_run.c - load (decode, validate, translate) any input; when it is a
 * valid module, instantiate it with stub imports and call every exported
 * function with zero arguments under small limits (fuel, memory, depth).
 * Looks for crashes and sanitizer errors in the validator, the translator
 * and the interpreter; traps are expected and ignored. */
#include "../../runtime/rt_internal.h"
#include "wrun.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int stub(WrCaller *c, const WrVal *args, WrVal *results, void *user)
{
    (void)c;
    (void)args;
    const RtFuncType *t = user;
    for (uint32_t i = 0; i < t->nresults; i++)
        results[i].u64 = 0;
    return 0;
}

static void sig_of(const RtFuncType *t, char *buf)
{
    size_t k = 0;
    for (uint32_t i = 0; i < t->nparams + t->nresults; i++) {
        if (i == t->nparams)
            buf[k++] = ':';
        switch (t->types[i]) {
        case WR_I32: buf[k++] = 'i'; break;
        case WR_I64: buf[k++] = 'I'; break;
        case WR_F32: buf[k++] = 'f'; break;
        case WR_F64: buf[k++] = 'F'; break;
        case WR_FUNCREF: buf[k++] = 'r'; break;
        default: buf[k++] = 'x'; break;
        }
    }
    if (t->nresults == 0)
        buf[k++] = ':';
    buf[k] = 0;
}

static void define_stubs(WrEngine *eng, WrLinker *lk, const WrModule *m)
{
    const WModule *w = m->w;
    for (uint32_t i = 0; i < w->nimports; i++) {
        const WImport *im = &w->imports[i];
        WrExtern x;
        memset(&x, 0, sizeof x);
        x.kind = (WrExternKind)im->kind;
        switch (im->kind) {
        case WEXT_FUNC: {
            const RtFuncType *t = &m->types[im->type_index];
            char *sig = malloc((size_t)t->nparams + t->nresults + 2);
            if (!sig)
                return;
            sig_of(t, sig);
            x.u.func = wr_func_new(eng, sig, stub, (void *)t);
            free(sig);
            break;
        }
        case WEXT_TABLE:
            x.u.table = wr_table_new(eng, (WrType)im->table.elem_type, im->table.limits.min,
                                     im->table.limits.has_max ? (int64_t)im->table.limits.max : -1, NULL);
            break;
        case WEXT_MEMORY:
            x.u.memory = wr_memory_new(eng, im->memory.min,
                                       im->memory.has_max ? (int64_t)im->memory.max : -1);
            break;
        default: {
            WrVal v = {0};
            x.u.global = wr_global_new(eng, (WrType)im->global.type, im->global.mutable_, v);
            break;
        }
        }
        if (x.u.func)
            wr_linker_extern(lk, im->module.str, im->field.str, x);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    WrLimits lim = {.fuel = 20000, .max_memory_bytes = 16u << 20, .max_call_depth = 200,
                    .stack_slots = 1u << 16, .timeout_ms = 2000};
    WrEngine *eng = wr_engine_new(&lim);
    if (!eng)
        return 0;
    WrModule *mod;
    CmError err;
    if (wr_module_load(eng, data, size, &mod, &err) == CM_OK) {
        WrLinker *lk = wr_linker_new(eng);
        WrInstance *inst;
        WrTrap trap;
        if (lk)
            define_stubs(eng, lk, mod);
        if (lk && wr_instantiate(eng, mod, lk, &inst, &trap) == CM_OK) {
            for (uint32_t i = 0; i < mod->w->nexports; i++) {
                WrExtern x;
                if (wr_instance_export(inst, mod->w->exports[i].name.str, &x) ||
                    x.kind != WR_EXTERN_FUNC)
                    continue;
                WrVal args[16], res[16];
                memset(args, 0, sizeof args);
                uint32_t np = wr_func_param_count(x.u.func), nr = wr_func_result_count(x.u.func);
                if (np > 16 || nr > 16)
                    continue;
                wr_engine_set_limits(eng, &lim); /* fresh fuel per export */
                wr_func_call(eng, x.u.func, args, np, res, nr, &trap);
            }
        }
    }
    wr_engine_free(eng);
    return 0;
}
