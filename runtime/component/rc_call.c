/* rc_call.c - calls across the component boundary (CanonicalABI.md
 * "canon lift", "canon lower"; definitions.py canon_lift, canon_lower).
 *
 * rc_invoke calls any component function with WrcVal arguments: a host
 * function directly, a lifted core function by lowering the arguments into
 * the callee (flat, or through memory past 16 flat values), calling it,
 * lifting the result (flat, or from the returned pointer), checking that
 * every borrow lent to it was dropped and calling post-return.
 *
 * A `canon lower` is a host WrFunc (the trampoline) that lifts the core
 * arguments out of the calling guest, calls rc_invoke, and lowers the
 * result back (flat, or through the caller's out-pointer).  A `canon lower`
 * whose callee is a lifted function of another guest gets the fused
 * trampoline of rc_fuse.c instead (no WrcVal on the way); this one stays for
 * host callees and for the rare lowering whose type differs in shape from
 * the callee's.
 */
#include "rc_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rc_trap_from_cx(WrTrap *trap, CmErr code, const char *msg)
{
    const char *m = err_message(code);
    memset(trap, 0, sizeof *trap);
    trap->code = code;
    if (!msg || !msg[0])
        snprintf(trap->message, sizeof trap->message, "%s", m);
    else if (!strncmp(msg, m, strlen(m)))
        snprintf(trap->message, sizeof trap->message, "%s", msg);
    else
        snprintf(trap->message, sizeof trap->message, "%s: %s", m, msg);
}

/* Fill trap from cx (or from a trap pending in root) and poison ci. */
static CmErr fail_call(RcCx *cx, WrTrap *trap)
{
    if (cx->code)
        rc_trap_from_cx(trap, cx->code, cx->msg);
    return trap->code;
}

void rc_adopt_pending(WrcInstance *root, WrTrap *trap)
{
    if (root->pend_code && trap->code == CM_E_T_HOST) {
        trap->code = root->pend_code;
        snprintf(trap->message, sizeof trap->message, "%s", root->pend_msg);
        /* the backtrace: the callee's frames, then ours */
        uint32_t k = root->pend_nframes, n = trap->nframes;
        if (k + n > WR_TRAP_MAX_FRAMES)
            n = WR_TRAP_MAX_FRAMES - k;
        memmove(trap->frames + k, trap->frames, n * sizeof(WrFrame));
        memcpy(trap->frames, root->pend_frames, k * sizeof(WrFrame));
        trap->nframes = k + n;
        root->pend_nframes = 0;
    }
}

void rc_unlend(RcCx *cx)
{
    for (size_t i = 0; i < cx->lent.len; i++) {
        uint32_t k = cx->lent.data[i];
        if (k < cx->ci->handles.len && cx->ci->handles.data[k].lends)
            cx->ci->handles.data[k].lends--;
    }
    VEC_FREE(&cx->lent);
}

/* ---- host callee ---- */

static CmErr invoke_host(WrcFunc *fn, Arena *arena, const WrcVal *args, uint32_t nargs,
                         WrcVal *result, WrTrap *trap)
{
    WrcCall call = {fn->root, NULL, arena, fn->name, 0, 0, 0, {0}};
    WrcVal res = {0};
    int r = fn->host(&call, args, nargs, &res, fn->user);
    if (r || call.failed) {
        if (call.exited) {
            memset(trap, 0, sizeof *trap);
            trap->code = CM_E_T_EXIT;
            trap->exited = 1;
            trap->exit_code = call.exit_code;
            snprintf(trap->message, sizeof trap->message, "exit with code %d", call.exit_code);
            return CM_E_T_EXIT;
        }
        rc_trap_from_cx(trap, CM_E_T_HOST, call.msg[0] ? call.msg : "host function failed");
        return CM_E_T_HOST;
    }
    if (fn->type->result) {
        RcCx cx = {.root = fn->root, .arena = arena};
        if (rc_check(&cx, fn->type->result, &res)) {
            char m[400];
            snprintf(m, sizeof m, "'%s' returned a wrong value: %.100s", fn->name, cx.msg);
            rc_trap_from_cx(trap, CM_E_CA_HOST_VALUE, m);
            return trap->code;
        }
        *result = res;
    }
    return CM_OK;
}

/* ---- lifted callee ---- */

static CmErr lower_args(RcCx *cx, WrcFunc *fn, const WrcVal *args, WrVal *flat, uint32_t *nflat)
{
    const CtType *ft = fn->type;
    if (!fn->sig.params_indirect) {
        RcFlat out = {flat, fn->sig.params, 0, fn->sig.nparams};
        for (uint32_t i = 0; i < ft->n; i++)
            if (rc_lower_flat(cx, ft->fields[i].type, &args[i], &out))
                return cx->code;
        *nflat = out.i;
        return CM_OK;
    }
    uint32_t size, align, p, off = 0;
    rc_params_layout(ft, &size, &align);
    if (rc_alloc(cx, align, size, &p))
        return cx->code;
    for (uint32_t i = 0; i < ft->n; i++) {
        const CtType *pt = ft->fields[i].type;
        off = cabi_align_to(off, cabi_alignment(pt));
        if (rc_store(cx, pt, p + off, &args[i]))
            return cx->code;
        off += cabi_size(pt);
    }
    flat[0].u64 = p;
    *nflat = 1;
    return CM_OK;
}

static CmErr lift_result(RcCx *cx, WrcFunc *fn, WrVal *res, WrcVal *result)
{
    const CtType *rt = fn->type->result;
    if (!rt)
        return CM_OK;
    if (fn->sig.results_indirect)
        return rc_load(cx, rt, res[0].u32, result);
    RcFlat in = {res, fn->sig.results, 0, fn->sig.nresults};
    return rc_lift_flat(cx, rt, &in, result);
}

static CmErr invoke_lifted(WrcFunc *fn, Arena *arena, const WrcVal *args, WrcVal *result,
                           WrTrap *trap)
{
    RcCompInst *ci = fn->ci;
    RcBorrowScope scope = {0};
    RcCx cx = {.root = fn->root, .ci = ci, .opts = &fn->opts, .arena = arena, .scope = &scope};
    if (ci->poisoned || ci->busy) {
        rc_fail(&cx, CM_E_CA_CANNOT_ENTER, ci->poisoned ? "it was poisoned by an earlier trap"
                                                        : "it is already running a call (re-entry)");
        return fail_call(&cx, trap);
    }
    WrVal flat[CABI_MAX_FLAT_PARAMS + 1], res[CABI_MAX_FLAT_RESULTS];
    uint32_t nflat = 0;
    ci->busy = 1;
    CmErr e = lower_args(&cx, fn, args, flat, &nflat);
    if (!e) {
        fn->root->pend_code = CM_OK;
        fn->root->pend_nframes = 0;
        e = wr_func_call(fn->root->eng, fn->core, flat, nflat, res, fn->sig.nresults, trap);
        cx.mbase = NULL; /* the guest ran: its memory may have grown */
        if (e) {
            rc_adopt_pending(fn->root, trap);
            ci->busy = 0;
            if (e != CM_E_T_EXIT)
                ci->poisoned = 1;
            return trap->code;
        }
        if (scope.num_borrows)
            e = rc_fail(&cx, CM_E_CA_BORROWS_REMAIN, "%u borrow(s) of '%s'", scope.num_borrows,
                        fn->name);
    }
    if (!e)
        e = lift_result(&cx, fn, res, result);
    if (!e && fn->opts.post) {
        ci->no_leave = 1;
        e = wr_func_call(fn->root->eng, fn->opts.post, res, fn->sig.nresults, NULL, 0, trap);
        ci->no_leave = 0;
        if (e) {
            rc_adopt_pending(fn->root, trap);
            ci->busy = 0;
            ci->poisoned = 1;
            return trap->code;
        }
    }
    ci->busy = 0;
    if (e) {
        ci->poisoned = 1;
        return fail_call(&cx, trap);
    }
    return CM_OK;
}

CmErr rc_invoke(WrcFunc *fn, Arena *arena, const WrcVal *args, uint32_t nargs, WrcVal *result,
                WrTrap *trap)
{
    memset(trap, 0, sizeof *trap);
    switch (fn->kind) {
    case RC_FN_HOST: return invoke_host(fn, arena, args, nargs, result, trap);
    case RC_FN_LIFT: return invoke_lifted(fn, arena, args, result, trap);
    default:
        rc_trap_from_cx(trap, CM_E_CA_UNKNOWN_IMPORT_CALL, fn->name);
        return trap->code;
    }
}

/* ---- canon lower: the trampoline ---- */

int rc_trampoline_fail(WrCaller *caller, RcLower *lw, CmErr code, const char *msg,
                       const WrTrap *inner)
{
    WrcInstance *root = lw->ci->root;
    WrTrap t;
    rc_trap_from_cx(&t, code, msg);
    root->pend_nframes = inner ? inner->nframes : 0;
    if (inner)
        memcpy(root->pend_frames, inner->frames, inner->nframes * sizeof(WrFrame));
    root->pend_code = t.code;
    snprintf(root->pend_msg, sizeof root->pend_msg, "%s", t.message);
    return wr_caller_trap(caller, "%s", t.message);
}

static CmErr lift_args(RcCx *cx, RcLower *lw, const WrVal *args, WrcVal *vals)
{
    const CtType *ft = lw->type;
    if (!lw->sig.params_indirect) {
        RcFlat in = {(WrVal *)args, lw->sig.params, 0, lw->sig.nparams};
        for (uint32_t i = 0; i < ft->n; i++)
            if (rc_lift_flat(cx, ft->fields[i].type, &in, &vals[i]))
                return cx->code;
        return CM_OK;
    }
    uint32_t size, align, p = args[0].u32, off = 0;
    rc_params_layout(ft, &size, &align);
    if (p % align)
        return rc_fail(cx, CM_E_CA_UNALIGNED, "parameter tuple at %u", p);
    for (uint32_t i = 0; i < ft->n; i++) {
        const CtType *pt = ft->fields[i].type;
        off = cabi_align_to(off, cabi_alignment(pt));
        if (rc_load(cx, pt, p + off, &vals[i]))
            return cx->code;
        off += cabi_size(pt);
    }
    return CM_OK;
}

static int trampoline(WrCaller *caller, const WrVal *args, WrVal *results, void *user)
{
    RcLower *lw = user;
    RcCompInst *ci = lw->ci;
    const CtType *ft = lw->type;
    if (ci->no_leave)
        return rc_trampoline_fail(caller, lw, CM_E_CA_CANNOT_LEAVE,
                                  "an import was called during realloc or post-return", NULL);
    WrVal in[CABI_MAX_FLAT_PARAMS + 1];
    memcpy(in, args, lw->sig.nparams * sizeof(WrVal));
    Arena arena;
    arena_init(&arena);
    RcCx cx = {.root = ci->root, .ci = ci, .opts = &lw->opts, .arena = &arena};
    WrcVal small[8], *vals = ft->n <= 8 ? small : ARENA_ARRAY(&arena, WrcVal, ft->n);
    WrcVal result = {0};
    WrTrap trap;
    int r = 0;
    if (!vals)
        rc_fail(&cx, CM_E_OOM, NULL);
    else
        lift_args(&cx, lw, in, vals);
    if (cx.code) {
        rc_unlend(&cx);
        arena_release(&arena);
        return rc_trampoline_fail(caller, lw, cx.code, cx.msg, NULL);
    }
    CmErr e = rc_invoke(lw->callee, &arena, vals, ft->n, &result, &trap);
    cx.mbase = NULL; /* wasm ran */
    rc_unlend(&cx);
    if (e == CM_E_T_EXIT) {
        r = wr_caller_exit(caller, trap.exit_code);
    } else if (e) {
        r = rc_trampoline_fail(caller, lw, e, trap.message, &trap);
    } else if (ft->result) {
        /* results: flat, or through the out-pointer (the last argument) */
        if (lw->sig.results_indirect) {
            rc_store(&cx, ft->result, in[lw->sig.nparams - 1].u32, &result);
        } else {
            RcFlat out = {results, lw->sig.results, 0, lw->sig.nresults};
            rc_lower_flat(&cx, ft->result, &result, &out);
        }
        if (cx.code)
            r = rc_trampoline_fail(caller, lw, cx.code, cx.msg, NULL);
    }
    arena_release(&arena);
    return r;
}

static void sig_string(const CabiSig *s, char *out)
{
    static const char letters[] = {'i', 'I', 'f', 'F'};
    size_t n = 0;
    for (uint32_t i = 0; i < s->nparams; i++)
        out[n++] = letters[s->params[i]];
    out[n++] = ':';
    for (uint32_t i = 0; i < s->nresults; i++)
        out[n++] = letters[s->results[i]];
    out[n] = 0;
}

WrFunc *rc_lower_trampoline(WrcInstance *root, RcLower *lw)
{
    char sig[CABI_MAX_FLAT_PARAMS + CABI_MAX_FLAT_RESULTS + 4];
    if (cabi_flatten_func(lw->type, CABI_LOWER, &lw->sig))
        return NULL;
    sig_string(&lw->sig, sig);
    if (lw->callee->kind == RC_FN_LIFT && !root->c->no_fuse && rc_fuse_plan(root, lw))
        return NULL;
    root->nfused += lw->fuse != NULL;
    WrHostFn cb = lw->fuse ? rc_fuse_trampoline : trampoline;
    return rc_own_func(root, wr_func_new(root->eng, sig, cb, lw));
}

/* ---- the embedder's side ---- */

void *wrc_alloc(WrcCall *call, size_t n)
{
    void *p = arena_alloc(call->arena, n ? n : 1);
    if (!p) {
        call->failed = 1;
        snprintf(call->msg, sizeof call->msg, "out of memory");
    }
    return p;
}

WrcVal *wrc_vals(WrcCall *call, uint32_t n)
{
    return wrc_alloc(call, (size_t)n * sizeof(WrcVal));
}

WrcVal wrc_strdup(WrcCall *call, const char *s, size_t len)
{
    char *d = wrc_alloc(call, len + 1);
    if (!d || len > UINT32_MAX)
        return wrc_str("", 0);
    memcpy(d, s, len);
    d[len] = 0;
    return wrc_str(d, (uint32_t)len);
}

WrcVal *wrc_box(WrcCall *call, WrcVal v)
{
    WrcVal *p = wrc_vals(call, 1);
    if (p)
        *p = v;
    return p;
}

int wrc_call_failed(const WrcCall *call) { return call->failed; }
WrcInstance *wrc_call_instance(WrcCall *call) { return call->root; }
const char *wrc_call_func_name(const WrcCall *call) { return call->name; }

int wrc_trap(WrcCall *call, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(call->msg, sizeof call->msg, fmt, ap);
    va_end(ap);
    call->failed = 1;
    return -1;
}

int wrc_exit(WrcCall *call, int code)
{
    call->failed = 1;
    call->exited = 1;
    call->exit_code = code;
    return -1;
}

CmErr wrc_func_call(WrcFunc *fn, const WrcVal *args, uint32_t nargs, WrcVal *result,
                    WrTrap *trap)
{
    WrTrap local;
    if (!trap)
        trap = &local;
    WrcInstance *root = fn->root;
    arena_release(&root->call_arena);
    if (nargs != fn->type->n) {
        rc_trap_from_cx(trap, CM_E_T_ARGS, NULL);
        snprintf(trap->message, sizeof trap->message, "'%s' takes %u argument(s), %u given",
                 fn->name, fn->type->n, nargs);
        return CM_E_T_ARGS;
    }
    RcCx cx = {.root = root, .arena = &root->call_arena};
    for (uint32_t i = 0; i < nargs; i++) {
        if (rc_check(&cx, fn->type->fields[i].type, &args[i])) {
            char m[400];
            snprintf(m, sizeof m, "'%s' argument %u ('%s'): %.150s", fn->name, i + 1,
                     fn->type->fields[i].name, cx.msg);
            rc_trap_from_cx(trap, CM_E_T_ARGS, m);
            return CM_E_T_ARGS;
        }
    }
    WrcVal res = {0};
    CmErr e = rc_invoke(fn, &root->call_arena, args, nargs, &res, trap);
    if (!e && result)
        *result = res;
    return e;
}

CmErr wrc_call(WrcInstance *inst, const char *name, const WrcVal *args, uint32_t nargs,
               WrcVal *result, WrTrap *trap)
{
    WrcFunc *fn = wrc_instance_func(inst, name);
    if (!fn) {
        if (trap) {
            rc_trap_from_cx(trap, CM_E_T_NO_EXPORT, NULL);
            snprintf(trap->message, sizeof trap->message, "no such export: '%s'", name);
        }
        return CM_E_T_NO_EXPORT;
    }
    return wrc_func_call(fn, args, nargs, result, trap);
}
