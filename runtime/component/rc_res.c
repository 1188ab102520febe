/* rc_res.c - resources: the per-instance handle table and the
 * `canon resource.new/rep/drop` built-ins (CanonicalABI.md "Handles",
 * "canon resource.*"; definitions.py HandleTable, lift_own, lift_borrow,
 * lower_own, lower_borrow).
 *
 * One table per component instance holds every handle; index 0 is
 * reserved, freed slots are reused last-in first-out.  A handle is the
 * run-time resource type, the representation, own/borrow, the number of
 * borrows of it lent to running calls, and (borrows) the call it belongs to.
 */
#include "rc_internal.h"

#include <stdio.h>
#include <string.h>

#define MAX_HANDLES ((1u << 28) - 1)

WrcResType *rc_resmap(RcCompInst *ci, const CtType *ct)
{
    for (size_t i = ci->resmap.len; i-- > 0;)
        if (ci->resmap.data[i].ct == ct)
            return ci->resmap.data[i].res;
    return NULL;
}

CmErr rc_resmap_add(RcCompInst *ci, const CtType *ct, WrcResType *res)
{
    RcResMap m = {ct, res};
    return VEC_PUSH(&ci->resmap, m) ? CM_OK : CM_E_OOM;
}

CmErr rc_handle_add(RcCx *cx, RcCompInst *ci, WrcResType *t, void *rep, int own, RcBorrowScope *scope,
                    uint32_t *out)
{
    RcHandle h = {t, rep, (uint8_t)own, 0, scope, 0};
    if (ci->handles.len == 0) {
        RcHandle zero = {0};
        if (!VEC_PUSH(&ci->handles, zero))
            return rc_fail(cx, CM_E_OOM, NULL);
    }
    if (ci->free_head) {
        uint32_t i = ci->free_head;
        ci->free_head = ci->handles.data[i].next_free;
        ci->handles.data[i] = h;
        *out = i;
    } else {
        if (ci->handles.len >= MAX_HANDLES)
            return rc_fail(cx, CM_E_CA_TABLE_FULL, "%u handles", MAX_HANDLES);
        if (!VEC_PUSH(&ci->handles, h))
            return rc_fail(cx, CM_E_OOM, NULL);
        *out = (uint32_t)ci->handles.len - 1;
    }
    if (scope)
        scope->num_borrows++;
    return CM_OK;
}

static RcHandle *get(RcCx *cx, RcCompInst *ci, uint32_t i, WrcResType *want)
{
    if (i == 0 || i >= ci->handles.len || !ci->handles.data[i].type) {
        rc_fail(cx, CM_E_CA_UNKNOWN_HANDLE, "%u", i);
        return NULL;
    }
    RcHandle *h = &ci->handles.data[i];
    if (want && h->type != want) {
        rc_fail(cx, CM_E_CA_HANDLE_TYPE, "handle %u is a '%s', expected a '%s'", i,
                h->type->name ? h->type->name : "resource", want->name ? want->name : "resource");
        return NULL;
    }
    return h;
}

static void release(RcCompInst *ci, uint32_t i)
{
    memset(&ci->handles.data[i], 0, sizeof(RcHandle));
    ci->handles.data[i].next_free = ci->free_head;
    ci->free_head = i;
}

void rc_handle_remove(RcCompInst *ci, uint32_t i) { release(ci, i); }

static WrcResType *want_res(RcCx *cx, const CtType *t)
{
    WrcResType *r = rc_resmap(cx->ci, t->resource);
    if (!r)
        rc_fail(cx, CM_E_CV_UNSUPPORTED, "resource type '%s' has no run-time type",
                t->resource->name ? t->resource->name : "?");
    return r;
}

CmErr rc_lift_handle(RcCx *cx, const CtType *t, uint32_t idx, WrcVal *out)
{
    WrcResType *r = want_res(cx, t);
    RcHandle *h = r ? get(cx, cx->ci, idx, r) : NULL;
    if (!h)
        return cx->code;
    out->kind = t->kind == CT_OWN ? WRC_OWN : WRC_BORROW;
    out->u.handle.type = r;
    out->u.handle.rep = h->rep;
    if (t->kind == CT_OWN) {
        if (!h->own)
            return rc_fail(cx, CM_E_CA_NOT_OWN, "handle %u", idx);
        if (h->lends)
            return rc_fail(cx, CM_E_CA_HANDLE_LENT, "handle %u", idx);
        release(cx->ci, idx);
        return CM_OK;
    }
    h->lends++;
    if (!VEC_PUSH(&cx->lent, idx))
        return rc_fail(cx, CM_E_OOM, NULL);
    return CM_OK;
}

CmErr rc_lower_handle(RcCx *cx, const CtType *t, const WrcVal *v, uint32_t *out)
{
    WrcResType *r = want_res(cx, t);
    if (!r)
        return cx->code;
    if (v->u.handle.type != r)
        return rc_fail(cx, CM_E_CA_HANDLE_TYPE, "a '%s' where a '%s' is expected",
                       v->u.handle.type && v->u.handle.type->name ? v->u.handle.type->name : "resource",
                       r->name ? r->name : "resource");
    if (t->kind == CT_BORROW && r->owner == cx->ci) {
        *out = (uint32_t)(uintptr_t)v->u.handle.rep;
        return CM_OK;
    }
    return rc_handle_add(cx, cx->ci, r, v->u.handle.rep, t->kind == CT_OWN,
                         t->kind == CT_BORROW ? cx->scope : NULL, out);
}

/* ---- built-ins ---- */

typedef struct Builtin {
    WrcInstance *root;
    RcCompInst *ci;
    WrcResType *res;
} Builtin;

static int builtin_trap(WrCaller *caller, RcCx *cx)
{
    WrcInstance *root = cx->root;
    root->pend_code = cx->code;
    snprintf(root->pend_msg, sizeof root->pend_msg, "%s%s%.200s", err_message(cx->code),
             cx->msg[0] ? ": " : "", cx->msg);
    VEC_FREE(&cx->lent);
    return wr_caller_trap(caller, "%s", root->pend_msg);
}

static int res_new(WrCaller *caller, const WrVal *args, WrVal *results, void *user)
{
    Builtin *b = user;
    RcCx cx = {.root = b->root, .ci = b->ci};
    uint32_t idx;
    if (rc_handle_add(&cx, b->ci, b->res, (void *)(uintptr_t)args[0].u32, 1, NULL, &idx))
        return builtin_trap(caller, &cx);
    results[0].u64 = idx;
    return 0;
}

static int res_rep(WrCaller *caller, const WrVal *args, WrVal *results, void *user)
{
    Builtin *b = user;
    RcCx cx = {.root = b->root, .ci = b->ci};
    RcHandle *h = get(&cx, b->ci, args[0].u32, b->res);
    if (!h)
        return builtin_trap(caller, &cx);
    results[0].u64 = (uint32_t)(uintptr_t)h->rep;
    return 0;
}

/* Run the destructor of a resource whose last own handle went away. */
static CmErr destroy(RcCx *cx, WrcResType *t, void *rep)
{
    if (t->dtor) {
        t->dtor(rep, t->user);
        return CM_OK;
    }
    if (!t->core_dtor)
        return CM_OK;
    WrVal a = {.u64 = (uint32_t)(uintptr_t)rep};
    WrTrap trap;
    if (wr_func_call(cx->root->eng, t->core_dtor, &a, 1, NULL, 0, &trap)) {
        if (!cx->root->pend_code) {
            cx->root->pend_code = trap.code;
            snprintf(cx->root->pend_msg, sizeof cx->root->pend_msg, "%s", trap.message);
        }
        if (t->owner)
            t->owner->poisoned = 1;
        return rc_fail(cx, cx->root->pend_code, "%s", cx->root->pend_msg);
    }
    return CM_OK;
}

static int res_drop(WrCaller *caller, const WrVal *args, WrVal *results, void *user)
{
    (void)results;
    Builtin *b = user;
    RcCx cx = {.root = b->root, .ci = b->ci};
    uint32_t i = args[0].u32;
    RcHandle *h = get(&cx, b->ci, i, b->res);
    if (!h)
        return builtin_trap(caller, &cx);
    if (h->lends) {
        rc_fail(&cx, CM_E_CA_HANDLE_LENT, "handle %u", i);
        return builtin_trap(caller, &cx);
    }
    RcHandle copy = *h;
    release(b->ci, i);
    if (!copy.own) {
        if (copy.scope && copy.scope->num_borrows)
            copy.scope->num_borrows--;
        return 0;
    }
    if (copy.type->owner && copy.type->owner->poisoned) {
        rc_fail(&cx, CM_E_CA_CANNOT_ENTER, "the instance defining '%s' is poisoned",
                copy.type->name ? copy.type->name : "resource");
        return builtin_trap(caller, &cx);
    }
    if (destroy(&cx, copy.type, copy.rep))
        return builtin_trap(caller, &cx);
    return 0;
}

WrFunc *rc_resource_builtin(WrcInstance *root, RcCompInst *ci, uint8_t kind, WrcResType *res)
{
    Builtin *b = ARENA_NEW(&root->arena, Builtin);
    if (!b)
        return NULL;
    b->root = root;
    b->ci = ci;
    b->res = res;
    switch (kind) {
    case WC_CANON_RES_NEW: return rc_own_func(root, wr_func_new(root->eng, "i:i", res_new, b));
    case WC_CANON_RES_REP: return rc_own_func(root, wr_func_new(root->eng, "i:i", res_rep, b));
    default: return rc_own_func(root, wr_func_new(root->eng, "i:", res_drop, b));
    }
}

/* At instance teardown: host resources still owned by a guest are released
 * with their host destructor (guest destructors are not run: the guest is
 * going away too). */
void rc_handles_release(RcCompInst *ci)
{
    for (size_t i = 1; i < ci->handles.len; i++) {
        RcHandle *h = &ci->handles.data[i];
        if (h->type && h->own && h->type->dtor)
            h->type->dtor(h->rep, h->type->user);
    }
    VEC_FREE(&ci->handles);
    VEC_FREE(&ci->resmap);
}

CmErr wrc_resource_drop(WrcInstance *inst, WrcVal own, WrTrap *trap)
{
    RcCx cx = {.root = inst, .ci = inst->top};
    memset(trap, 0, sizeof *trap);
    if (own.kind != WRC_OWN || !own.u.handle.type) {
        rc_trap_from_cx(trap, CM_E_T_ARGS, "not an own handle");
        return CM_E_T_ARGS;
    }
    inst->pend_code = CM_OK;
    if (destroy(&cx, own.u.handle.type, own.u.handle.rep)) {
        rc_trap_from_cx(trap, cx.code, cx.msg);
        return cx.code;
    }
    return CM_OK;
}
