/* rc_plan.c - lift/lower plans: the canonical-ABI facts about each value
 * type (size, alignment, field offsets, discriminant size, payload offset,
 * the flattening of every variant case), computed once per type from
 * libcm/cabi.h when a function is lifted or lowered at instantiation, and
 * then only looked up by the per-call code in rc_canon.c.
 *
 * The plans live in the component (types belong to its model, which every
 * instance shares), in an open-addressing table keyed by the CtType pointer.
 */
#include "rc_internal.h"

#include <stdlib.h>
#include <string.h>

/* Types are 16-byte aligned arena objects: drop the zero bits, multiply,
 * and take the well-mixed high half. */
static size_t hash(const CtType *t)
{
    uint64_t x = (uint64_t)(uintptr_t)t >> 4;
    x *= 0x9e3779b97f4a7c15ull;
    return (size_t)(x >> 32);
}

static RcInfo *find(WrcComponent *c, const CtType *t)
{
    if (!c->ninfo)
        return NULL;
    for (size_t i = hash(t) & (c->capinfo - 1);; i = (i + 1) & (c->capinfo - 1)) {
        if (!c->info[i])
            return NULL;
        if (c->info[i]->t == t)
            return c->info[i];
    }
}

static int insert(WrcComponent *c, RcInfo *in)
{
    if ((c->ninfo + 1) * 2 > c->capinfo) {
        size_t cap = c->capinfo ? c->capinfo * 2 : 64;
        RcInfo **tab = calloc(cap, sizeof *tab);
        if (!tab)
            return -1;
        for (size_t k = 0; k < c->capinfo; k++) {
            RcInfo *x = c->info[k];
            if (!x)
                continue;
            size_t i = hash(x->t) & (cap - 1);
            while (tab[i])
                i = (i + 1) & (cap - 1);
            tab[i] = x;
        }
        free(c->info);
        c->info = tab;
        c->capinfo = cap;
    }
    size_t i = hash(in->t) & (c->capinfo - 1);
    while (c->info[i])
        i = (i + 1) & (c->capinfo - 1);
    c->info[i] = in;
    c->ninfo++;
    return 0;
}

/* Whether a value's bytes in memory can be copied to another memory as
 * they are: no pointer, handle, discriminant, char or bool to check or
 * rewrite (padding is copied too, which nobody reads). */
static uint8_t is_pod(const RcInfo *in)
{
    switch (in->t->kind) {
    case CT_S8: case CT_U8: case CT_S16: case CT_U16: case CT_S32: case CT_U32:
    case CT_S64: case CT_U64: case CT_F32: case CT_F64: return 1;
    case CT_RECORD:
    case CT_TUPLE:
        for (uint32_t i = 0; i < in->n; i++)
            if (!in->subs[i]->pod)
                return 0;
        return 1;
    default: return 0;
    }
}

static RcInfo *make(WrcComponent *c, const CtType *t)
{
    Arena *a = &c->arena;
    RcInfo *in = ARENA_NEW(a, RcInfo);
    if (!in)
        return NULL;
    in->t = t;
    /* value types only refer to earlier ones: the children's plans first */
    if (t->kind == CT_LIST && !(in->elem = rc_info(c, t->elem)))
        return NULL;
    in->size = cabi_size(t);
    in->align = cabi_alignment(t);
    in->nflat = cabi_flat_count(t);
    switch (t->kind) {
    case CT_RECORD:
    case CT_TUPLE:
        in->n = cabi_field_count(t);
        in->types = ARENA_ARRAY(a, const CtType *, in->n);
        in->offsets = ARENA_ARRAY(a, uint32_t, in->n);
        if (!in->types || !in->offsets)
            return NULL;
        for (uint32_t i = 0; i < in->n; i++) {
            in->types[i] = cabi_field_type(t, i);
            in->offsets[i] = cabi_field_offset(t, i);
        }
        break;
    case CT_VARIANT:
    case CT_ENUM:
    case CT_OPTION:
    case CT_RESULT:
        in->n = cabi_case_count(t);
        in->disc_size = cabi_discriminant_size(in->n);
        in->payload_off = cabi_payload_offset(t);
        in->types = ARENA_ARRAY(a, const CtType *, in->n);
        in->case_flat = ARENA_ARRAY(a, const CabiFlat *, in->n);
        in->case_nflat = ARENA_ARRAY(a, uint32_t, in->n);
        if (!in->types || !in->case_flat || !in->case_nflat)
            return NULL;
        for (uint32_t i = 0; i < in->n; i++) {
            CabiFlat *f;
            in->types[i] = cabi_case_type(t, i);
            if (!in->types[i])
                continue;
            if (cabi_flatten(in->types[i], &f, &in->case_nflat[i]))
                return NULL;
            in->case_flat[i] = arena_memdup(a, f, in->case_nflat[i] * sizeof(CabiFlat));
            free(f);
            if (!in->case_flat[i])
                return NULL;
        }
        break;
    default:
        break;
    }
    if (in->n && !(in->subs = ARENA_ARRAY(a, const RcInfo *, in->n)))
        return NULL;
    for (uint32_t i = 0; i < in->n; i++)
        if (in->types[i] && !(in->subs[i] = rc_info(c, in->types[i])))
            return NULL;
    in->pod = is_pod(in);
    return insert(c, in) ? NULL : in;
}

const RcInfo *rc_info(WrcComponent *c, const CtType *t)
{
    RcInfo *in = find(c, t);
    return in ? in : make(c, t);
}

/* The plan of t and of every type inside it. */
static CmErr prepare(WrcComponent *c, const CtType *t)
{
    if (!t || find(c, t))
        return CM_OK;
    const RcInfo *in = ct_is_value(t->kind) ? make(c, t) : NULL;
    if (!in && ct_is_value(t->kind))
        return CM_E_OOM;
    CmErr e = CM_OK;
    if (t->kind == CT_LIST)
        e = prepare(c, t->elem);
    for (uint32_t i = 0; in && !e && i < in->n; i++)
        e = prepare(c, in->types[i]);
    return e;
}

CmErr rc_prepare_func(WrcComponent *c, const CtType *fn)
{
    CmErr e = CM_OK;
    for (uint32_t i = 0; !e && i < fn->n; i++)
        e = prepare(c, fn->fields[i].type);
    return e ? e : prepare(c, fn->result);
}

void rc_plans_free(WrcComponent *c)
{
    free(c->info);
    c->info = NULL;
    c->ninfo = c->capinfo = 0;
}
