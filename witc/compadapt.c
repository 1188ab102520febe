/* compadapt.c - what an adapter really needs from the world.
 *
 * A preview-1 adapter imports every WASI interface any preview-1 call could
 * use.  wit-component garbage-collects the adapter down to the exports the
 * main module uses; we keep the adapter as it is, but find which of its
 * function imports can be reached from what is used (its start function,
 * the exports the main module and the component use, its realloc, every
 * function in an element segment), following `call`, `return_call` and
 * `ref.func` through the function bodies.  The other imports are satisfied
 * by trapping stubs instead of component imports, so the component imports
 * only the interfaces the program can call, as wasm-tools' does.
 */
#include "compnew_int.h"

#include "winstr.h"

#include <stdlib.h>
#include <string.h>

typedef struct Reach {
    const WModule *m;
    uint8_t *live;  /* per function index (imports first) */
    uint32_t *work;
    uint32_t nwork, nfuncs;
} Reach;

static void mark(Reach *r, uint32_t f)
{
    if (f >= r->nfuncs || r->live[f])
        return;
    r->live[f] = 1;
    r->work[r->nwork++] = f;
}

static void mark_export(Reach *r, const char *name)
{
    for (uint32_t i = 0; name && i < r->m->nexports; i++)
        if (r->m->exports[i].kind == WEXT_FUNC && !strcmp(r->m->exports[i].name.str, name))
            mark(r, r->m->exports[i].index);
}

/* Functions named by ref.func in a constant expression. */
static void scan_expr(Reach *r, const WExpr *e)
{
    const uint8_t *p = e->code.data, *end = p + e->code.len;
    WInstr in;
    while (p < end && !winstr_next(&p, end, &in))
        if (in.op == WOP_REF_FUNC)
            mark(r, in.idx);
}

static int scan_body(Reach *r, uint32_t f)
{
    const WBody *b = &r->m->bodies[f - r->m->nfunc_imports];
    const uint8_t *p = b->code.data, *end = p + b->code.len;
    WInstr in;
    while (p < end) {
        if (winstr_next(&p, end, &in))
            return 0;
        if (winstr_ops[in.op].imm == WIMM_FUNC) /* call, return_call, ref.func */
            mark(r, in.idx);
    }
    return 1;
}

int cn_adapter_stubs(Cn *cn)
{
    for (uint32_t a = 0; a < cn->nadapters; a++) {
        CnAdapter *ad = &cn->adapters[a];
        const WModule *m = ad->m;
        Reach r = {.m = m, .nfuncs = m->nfunc_imports + m->nfuncs};
        r.live = calloc((size_t)r.nfuncs + 1, 1);
        r.work = calloc((size_t)r.nfuncs + 1, sizeof *r.work);
        if (!r.live || !r.work) {
            free(r.live);
            free(r.work);
            return cn_fail(cn, CM_E_OOM, "out of memory");
        }
        if (m->has_start)
            mark(&r, m->start);
        mark_export(&r, ad->realloc_name);
        for (uint32_t i = 0; i < cn->main_nimps; i++)
            if (cn->imps[i].kind == CI_ADAPTER && cn->imps[i].adapter == a)
                mark_export(&r, cn->imps[i].im->field.str);
        for (uint32_t i = 0; i < cn->nexps; i++)
            if (cn->exps[i].user == a + 1) {
                mark_export(&r, cn->exps[i].core_name);
                mark_export(&r, cn->exps[i].post);
            }
        for (uint32_t i = 0; i < m->nelems; i++) {
            const WElem *e = &m->elems[i];
            for (uint32_t k = 0; k < e->count; k++) {
                if (e->func_indices)
                    mark(&r, e->func_indices[k]);
                else
                    scan_expr(&r, &e->exprs[k]);
            }
        }
        for (uint32_t i = 0; i < m->nglobals; i++)
            scan_expr(&r, &m->globals[i].init);
        int ok = 1;
        while (r.nwork && ok) {
            uint32_t f = r.work[--r.nwork];
            if (f >= m->nfunc_imports)
                ok = scan_body(&r, f);
        }
        /* function imports nothing reaches become stubs */
        for (uint32_t i = ad->first_imp, f = 0; ok && i < ad->first_imp + ad->nimps; i++) {
            CnImp *ci = &cn->imps[i];
            if (ci->im->kind != WEXT_FUNC)
                continue;
            if (!r.live[f] && (ci->kind == CI_LOWER || ci->kind == CI_RES_DROP))
                ci->kind = CI_STUB;
            f++;
        }
        free(r.live);
        free(r.work);
        if (!ok) /* an undecodable body: keep every import */
            continue;
    }
    return 1;
}
