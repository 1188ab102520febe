/* bgabi.c - lifting and lowering between C values and flat core values, as
 * generated C statements (CanonicalABI.md "Flat Lifting", "Flat Lowering").
 *
 * In linear memory nothing needs converting: on wasm32 the C types of the
 * bindings (natural alignment, `bool`, `{ptr, len}`, `{tag, union}`) have
 * exactly the canonical-ABI layout, so a value in memory is read and written
 * as its C type.  Only the flat form differs: records spread into their
 * fields, and variant payloads share slots whose core type is the join of
 * the cases' types (cabi_flatten gives both), which needs bit casts. */
#include "bgint.h"

#include <stdlib.h>
#include <string.h>

const char *bg_flat_ctype(CabiFlat f)
{
    static const char *const n[] = {"int32_t", "int64_t", "float", "double"};
    return n[f];
}

const char *bg_local(BgGen *g)
{
    return bg_fmt(g, "_t%u", g->tmp++);
}

void bg_flats_push(BgGen *g, BgFlats *fl, const char *expr, CabiFlat type)
{
    if (fl->n == fl->cap) {
        uint32_t nc = fl->cap ? 2 * fl->cap : 8;
        BgFlat *nv = ARENA_ARRAY(&g->a, BgFlat, nc);
        if (!nv) {
            g->oom = 1;
            return;
        }
        if (fl->n)
            memcpy(nv, fl->v, fl->n * sizeof *nv);
        fl->v = nv;
        fl->cap = nc;
    }
    fl->v[fl->n++] = (BgFlat){expr, type};
}

/* A payload value of core type `from` stored in a slot of type `to` (the
 * join), and back.  The helpers are defined in W.c (bgworld.c). */
static const char *widen(BgGen *g, const char *e, CabiFlat from, CabiFlat to)
{
    if (from == to)
        return e;
    if (to == CABI_I32) /* from f32 */
        return bg_fmt(g, "bg_f32_to_i32(%s)", e);
    switch (from) { /* to i64 */
    case CABI_I32:
        return bg_fmt(g, "(int64_t) (uint32_t) (%s)", e);
    case CABI_F32:
        return bg_fmt(g, "(int64_t) (uint32_t) bg_f32_to_i32(%s)", e);
    default: /* f64 */
        return bg_fmt(g, "bg_f64_to_i64(%s)", e);
    }
}

static const char *narrow(BgGen *g, const char *e, CabiFlat from, CabiFlat to)
{
    if (from == to)
        return e;
    if (from == CABI_I32) /* to f32 */
        return bg_fmt(g, "bg_i32_to_f32(%s)", e);
    switch (to) { /* from i64 */
    case CABI_I32:
        return bg_fmt(g, "(int32_t) (%s)", e);
    case CABI_F32:
        return bg_fmt(g, "bg_i32_to_f32((int32_t) (%s))", e);
    default:
        return bg_fmt(g, "bg_i64_to_f64(%s)", e);
    }
}

/* The case i of a variant-like type as (payload type, C member expr). */
static WitTy case_ty(const WitTypeDef *td, uint32_t i)
{
    switch (td->kind) {
    case WIT_K_VARIANT:
        return td->fields[i].ty;
    case WIT_K_OPTION:
        return i == 1 ? td->ty : WIT_TY_NONE;
    case WIT_K_RESULT:
        return i == 0 ? td->ty : td->ty2;
    default:
        return WIT_TY_NONE;
    }
}

static const char *case_member(BgGen *g, const WitTypeDef *td, const char *e, uint32_t i)
{
    switch (td->kind) {
    case WIT_K_VARIANT:
        return bg_fmt(g, "(%s).val.%s", e, bg_c_ident(g, td->fields[i].name));
    case WIT_K_OPTION:
        return bg_fmt(g, "(%s).val", e);
    default:
        return bg_fmt(g, "(%s).val.%s", e, i == 0 ? "ok" : "err");
    }
}

static uint32_t case_count(const WitTypeDef *td)
{
    return td->kind == WIT_K_VARIANT ? td->nfields : 2;
}

static const char *tag_expr(BgGen *g, const WitTypeDef *td, const char *e)
{
    switch (td->kind) {
    case WIT_K_VARIANT:
        return bg_fmt(g, "(int32_t) (%s).tag", e);
    case WIT_K_OPTION:
        return bg_fmt(g, "(int32_t) (%s).is_some", e);
    default:
        return bg_fmt(g, "(int32_t) (%s).is_err", e);
    }
}

static CabiFlat *flat_types(BgGen *g, WitTy t, uint32_t *n)
{
    CabiFlat *v = NULL;
    if (cabi_flatten(bg_ct(g, t), &v, n) != CM_OK) {
        g->oom = 1;
        *n = 0;
        return NULL;
    }
    CabiFlat *copy = *n ? arena_memdup(&g->a, v, *n * sizeof *v) : NULL;
    free(v);
    if (*n && !copy) {
        g->oom = 1;
        *n = 0;
    }
    return copy;
}

static void lower_variant(BgGen *g, Buf *b, const WitTypeDef *td, WitTy t, const char *e,
                          BgFlats *out)
{
    uint32_t nflat;
    CabiFlat *slots = flat_types(g, t, &nflat); /* [0] is the discriminant */
    const char *disc = bg_local(g);
    const char **slot = ARENA_ARRAY(&g->a, const char *, nflat ? nflat : 1);
    if (!slot) {
        g->oom = 1;
        return;
    }
    buf_printf(b, "int32_t %s;\n", disc);
    for (uint32_t j = 1; j < nflat; j++) {
        slot[j] = bg_local(g);
        buf_printf(b, "%s %s = 0;\n", bg_flat_ctype(slots[j]), slot[j]);
    }
    buf_printf(b, "switch (%s) {\n", tag_expr(g, td, e));
    for (uint32_t i = 0; i < case_count(td); i++) {
        buf_printf(b, "case %u: {\n%s = %u;\n", i, disc, i);
        WitTy ct = case_ty(td, i);
        if (ct) {
            BgFlats p = {0};
            bg_lower_flat(g, b, ct, case_member(g, td, e, i), &p);
            for (uint32_t j = 0; j < p.n && j + 1 < nflat; j++)
                buf_printf(b, "%s = %s;\n", slot[j + 1],
                           widen(g, p.v[j].expr, p.v[j].type, slots[j + 1]));
        }
        buf_str(b, "break;\n}\n");
    }
    buf_printf(b, "default: %s = 0; break;\n}\n", disc);
    bg_flats_push(g, out, disc, CABI_I32);
    for (uint32_t j = 1; j < nflat; j++)
        bg_flats_push(g, out, slot[j], slots[j]);
}

void bg_lower_flat(BgGen *g, Buf *b, WitTy t, const char *e, BgFlats *out)
{
    t = bg_unalias(g->r, t);
    if (!WIT_TY_IS_ID(t)) {
        switch (t) {
        case WIT_TY_U64:
        case WIT_TY_S64:
            bg_flats_push(g, out, bg_fmt(g, "(int64_t) (%s)", e), CABI_I64);
            break;
        case WIT_TY_F32:
            bg_flats_push(g, out, e, CABI_F32);
            break;
        case WIT_TY_F64:
            bg_flats_push(g, out, e, CABI_F64);
            break;
        case WIT_TY_STRING:
            bg_flats_push(g, out, bg_fmt(g, "(int32_t) (%s).ptr", e), CABI_I32);
            bg_flats_push(g, out, bg_fmt(g, "(int32_t) (%s).len", e), CABI_I32);
            break;
        default:
            bg_flats_push(g, out, bg_fmt(g, "(int32_t) (%s)", e), CABI_I32);
            break;
        }
        return;
    }
    const WitTypeDef *td = &g->r->types[WIT_TY_ID(t)];
    switch (td->kind) {
    case WIT_K_RECORD:
        for (uint32_t i = 0; i < td->nfields; i++)
            bg_lower_flat(g, b, td->fields[i].ty,
                          bg_fmt(g, "(%s).%s", e, bg_c_ident(g, td->fields[i].name)), out);
        break;
    case WIT_K_TUPLE:
        for (uint32_t i = 0; i < td->nfields; i++)
            bg_lower_flat(g, b, td->fields[i].ty, bg_fmt(g, "(%s).f%u", e, i), out);
        break;
    case WIT_K_LIST:
        bg_flats_push(g, out, bg_fmt(g, "(int32_t) (%s).ptr", e), CABI_I32);
        bg_flats_push(g, out, bg_fmt(g, "(int32_t) (%s).len", e), CABI_I32);
        break;
    case WIT_K_VARIANT:
    case WIT_K_OPTION:
    case WIT_K_RESULT:
        lower_variant(g, b, td, t, e, out);
        break;
    case WIT_K_OWN:
    case WIT_K_BORROW: {
        const BgRes *res = &g->res[bg_dealias(g->r, WIT_TY_ID(td->ty))];
        if (td->kind == WIT_K_BORROW && res->exported)
            bg_flats_push(g, out, bg_fmt(g, "(int32_t) (%s)", e), CABI_I32);
        else
            bg_flats_push(g, out, bg_fmt(g, "(%s).__handle", e), CABI_I32);
        break;
    }
    default: /* enum, flags */
        bg_flats_push(g, out, bg_fmt(g, "(int32_t) (%s)", e), CABI_I32);
        break;
    }
}

static const BgFlat *next(BgGen *g, const BgFlats *vals, uint32_t *i)
{
    static const BgFlat zero = {"0", CABI_I32};
    if (*i >= vals->n) {
        if (!g->failed)
            g->failed = err_set(g->err, CM_E_BINDGEN_UNSUPPORTED, CM_NO_OFFSET,
                                "flat value count mismatch");
        return &zero;
    }
    return &vals->v[(*i)++];
}

static void lift_variant(BgGen *g, Buf *b, const WitTypeDef *td, WitTy t, const char *dst,
                         const BgFlats *vals, uint32_t *i)
{
    uint32_t nflat;
    CabiFlat *slots = flat_types(g, t, &nflat);
    const BgFlat *disc = next(g, vals, i);
    const BgFlat **slot = ARENA_ARRAY(&g->a, const BgFlat *, nflat ? nflat : 1);
    if (!slot) {
        g->oom = 1;
        return;
    }
    for (uint32_t j = 1; j < nflat; j++)
        slot[j] = next(g, vals, i);
    buf_printf(b, "switch (%s) {\n", disc->expr);
    for (uint32_t c = 0; c < case_count(td); c++) {
        buf_printf(b, "case %u: {\n", c);
        if (td->kind == WIT_K_VARIANT)
            buf_printf(b, "(%s).tag = %u;\n", dst, c);
        else if (td->kind == WIT_K_OPTION)
            buf_printf(b, "(%s).is_some = %s;\n", dst, c ? "true" : "false");
        else
            buf_printf(b, "(%s).is_err = %s;\n", dst, c ? "true" : "false");
        WitTy ct = case_ty(td, c);
        if (ct) {
            uint32_t np;
            CabiFlat *pt = flat_types(g, ct, &np);
            BgFlats p = {0};
            for (uint32_t j = 0; j < np && j + 1 < nflat; j++) {
                const char *v = bg_local(g);
                buf_printf(b, "%s %s = %s;\n", bg_flat_ctype(pt[j]), v,
                           narrow(g, slot[j + 1]->expr, slots[j + 1], pt[j]));
                bg_flats_push(g, &p, v, pt[j]);
            }
            uint32_t k = 0;
            bg_lift_flat(g, b, ct, case_member(g, td, dst, c), &p, &k);
        }
        buf_str(b, "break;\n}\n");
    }
    buf_str(b, "}\n");
}

void bg_lift_flat(BgGen *g, Buf *b, WitTy t, const char *dst, const BgFlats *vals, uint32_t *i)
{
    t = bg_unalias(g->r, t);
    if (!WIT_TY_IS_ID(t)) {
        if (t == WIT_TY_STRING) {
            const BgFlat *p = next(g, vals, i), *n = next(g, vals, i);
            buf_printf(b, "(%s).ptr = (uint8_t *) (%s);\n(%s).len = (size_t) (%s);\n", dst,
                       p->expr, dst, n->expr);
        } else if (t == WIT_TY_BOOL) {
            buf_printf(b, "%s = (%s) != 0;\n", dst, next(g, vals, i)->expr);
        } else {
            buf_printf(b, "%s = (%s) (%s);\n", dst, bg_tyname(g, t), next(g, vals, i)->expr);
        }
        return;
    }
    const WitTypeDef *td = &g->r->types[WIT_TY_ID(t)];
    switch (td->kind) {
    case WIT_K_RECORD:
        for (uint32_t k = 0; k < td->nfields; k++)
            bg_lift_flat(g, b, td->fields[k].ty,
                         bg_fmt(g, "(%s).%s", dst, bg_c_ident(g, td->fields[k].name)), vals, i);
        break;
    case WIT_K_TUPLE:
        for (uint32_t k = 0; k < td->nfields; k++)
            bg_lift_flat(g, b, td->fields[k].ty, bg_fmt(g, "(%s).f%u", dst, k), vals, i);
        break;
    case WIT_K_LIST: {
        const BgFlat *p = next(g, vals, i), *n = next(g, vals, i);
        buf_printf(b, "(%s).ptr = (%s *) (%s);\n(%s).len = (size_t) (%s);\n", dst,
                   bg_tyname(g, td->ty), p->expr, dst, n->expr);
        break;
    }
    case WIT_K_VARIANT:
    case WIT_K_OPTION:
    case WIT_K_RESULT:
        lift_variant(g, b, td, t, dst, vals, i);
        break;
    case WIT_K_OWN:
    case WIT_K_BORROW: {
        const BgRes *res = &g->res[bg_dealias(g->r, WIT_TY_ID(td->ty))];
        const BgFlat *h = next(g, vals, i);
        if (td->kind == WIT_K_BORROW && res->exported)
            buf_printf(b, "%s = (%s) (%s);\n", dst, bg_tyname(g, t), h->expr);
        else
            buf_printf(b, "(%s).__handle = %s;\n", dst, h->expr);
        break;
    }
    default: /* enum, flags */
        buf_printf(b, "%s = (%s) (%s);\n", dst, bg_tyname(g, t), next(g, vals, i)->expr);
        break;
    }
}
