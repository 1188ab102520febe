/* rc_fuse.c - guest-to-guest calls of a composed component: the fused
 * adapter of CanonicalABI.md (a `canon lower` whose callee is the
 * `canon lift` of another instance), without WrcVal in between.
 *
 * At instantiation rc_fuse_plan pairs the plans (rc_plan.c) of the
 * caller's view of every parameter and of the result with the callee's.
 * Per call, the trampoline copies each value from the caller's flat values
 * or memory straight into the callee's (calling the callee's realloc for
 * strings and lists, transcoding strings between the two encodings in one
 * pass, moving own handles and lending borrows between the two handle
 * tables), calls the callee, copies the result back the same way into the
 * caller (flat, or at its out-pointer) and calls post-return.
 *
 * Every check of the WrcVal path (rc_canon.c, rc_res.c) is made here with
 * the same code and message, on the side it belongs to: a fault in the
 * caller's values traps the caller; a fault of the callee (its realloc,
 * its results, a borrow it kept) poisons the callee as well.  The source
 * side is checked as it is read, so a value that is bad in two places may
 * report a different one of them than the WrcVal path would.
 */
#include "rc_internal.h"
#include "utf8.h"

#include <stdio.h>
#include <string.h>

struct RcFuse {
    uint32_t n;              /* parameters */
    const RcInfo **sp, **dp; /* their plans: the caller's view, the callee's */
    uint32_t *off;           /* their offsets in the parameter tuple (params_indirect) */
    uint32_t psize, palign;  /* the parameter tuple */
    const RcInfo *sr, *dr;   /* the result: the callee's plan, the caller's (NULL: none) */
};

/* ---- the plan ---- */

/* Types a fused copy can map one to one (what subtyping allows between a
 * lowering and its callee is in practice the same structure). */
static int same_shape(const RcInfo *a, const RcInfo *b)
{
    if (a == b)
        return 1;
    if (a->t->kind != b->t->kind || a->size != b->size || a->align != b->align ||
        a->nflat != b->nflat || a->n != b->n)
        return 0;
    if (a->t->kind == CT_LIST)
        return same_shape(a->elem, b->elem);
    if (a->t->kind == CT_FLAGS)
        return a->t->n == b->t->n;
    for (uint32_t i = 0; i < a->n; i++) {
        if (!a->subs[i] != !b->subs[i])
            return 0;
        if (a->subs[i] && !same_shape(a->subs[i], b->subs[i]))
            return 0;
    }
    return 1;
}

/* Plans of t (caller) and u (callee); 0 when they differ in shape. */
static CmErr pair(WrcComponent *c, const CtType *t, const CtType *u, const RcInfo **ti,
                  const RcInfo **ui, int *ok)
{
    *ti = rc_info(c, t);
    *ui = rc_info(c, u);
    if (!*ti || !*ui)
        return CM_E_OOM;
    *ok = *ok && same_shape(*ti, *ui);
    return CM_OK;
}

CmErr rc_fuse_plan(WrcInstance *root, RcLower *lw)
{
    const CtType *ct = lw->type, *et = lw->callee->type;
    const CabiSig *cs = &lw->sig, *es = &lw->callee->sig;
    lw->fuse = NULL;
    if (ct->n != et->n || !ct->result != !et->result ||
        cs->params_indirect != es->params_indirect || cs->results_indirect != es->results_indirect)
        return CM_OK;
    Arena *a = &root->arena;
    uint32_t n = ct->n, off = 0;
    RcFuse *f = ARENA_NEW(a, RcFuse);
    if (!f || !(f->sp = ARENA_ARRAY(a, const RcInfo *, n + 1)) ||
        !(f->dp = ARENA_ARRAY(a, const RcInfo *, n + 1)) ||
        !(f->off = ARENA_ARRAY(a, uint32_t, n + 1)))
        return CM_E_OOM;
    int ok = 1;
    f->n = n;
    for (uint32_t i = 0; i < n; i++) {
        if (pair(root->c, ct->fields[i].type, et->fields[i].type, &f->sp[i], &f->dp[i], &ok))
            return CM_E_OOM;
        off = cabi_align_to(off, f->sp[i]->align);
        f->off[i] = off;
        off += f->sp[i]->size;
    }
    rc_params_layout(ct, &f->psize, &f->palign);
    if (ct->result && pair(root->c, et->result, ct->result, &f->sr, &f->dr, &ok))
        return CM_E_OOM;
    if (ok)
        lw->fuse = f;
    return CM_OK;
}

/* ---- copying ---- */

typedef VEC(uint32_t) U32Vec;

/* One direction of a copy: s is read, d is written; made: the handles
 * put into d's table so far. */
typedef struct Fz {
    RcCx *s, *d;
    U32Vec made;
} Fz;

static CmErr fcode(const Fz *f) { return f->s->code ? f->s->code : f->d->code; }

/* The destination's realloc ran: if both sides share a memory (a guest
 * calling itself), the source's cached view of it is stale too. */
static void after_alloc(Fz *f)
{
    if (f->s->opts && f->d->opts && f->s->opts->mem == f->d->opts->mem)
        f->s->mbase = NULL;
}

static int char_ok(uint32_t c) { return c < 0x110000 && !(c >= 0xd800 && c < 0xe000); }

static uint32_t flags_mask(const CtType *t) { return t->n < 32 ? (1u << t->n) - 1 : ~0u; }

static CmErr copy_handle(Fz *f, const RcInfo *si, const RcInfo *di, uint32_t idx, uint32_t *out)
{
    WrcVal h; /* a handle in transit: type and rep, nothing allocated */
    if (rc_lift_handle(f->s, si->t, idx, &h) || rc_lower_handle(f->d, di->t, &h, out))
        return fcode(f);
    /* a borrow of the destination's own resource is its rep, not a handle */
    int is_rep = di->t->kind == CT_BORROW && h.u.handle.type->owner == f->d->ci;
    if (!is_rep && !VEC_PUSH(&f->made, *out))
        return rc_fail(f->d, CM_E_OOM, NULL);
    return CM_OK;
}

/* The end of one direction's copy.  After a fault of the source, the
 * WrcVal path would not have reached the destination at all (it lifts the
 * whole value first): the handles this copy gave the destination go again,
 * with no destructor (the value was never delivered). */
static void copy_done(Fz *f)
{
    if (f->s->code)
        for (size_t i = f->made.len; i-- > 0;)
            rc_handle_remove(f->d->ci, f->made.data[i]);
    VEC_FREE(&f->made);
}

/* ---- strings ---- */

enum { SF_UTF8, SF_UTF16, SF_LATIN1 };

/* A validated source string and what it measures in each encoding. */
typedef struct Str {
    uint8_t form;
    uint32_t ptr, units; /* code units of form */
    uint64_t n8, n16;    /* UTF-8 bytes, UTF-16 units */
    int latin1;          /* every code point < 0x100 */
} Str;

static uint32_t utf8_len(uint32_t c) { return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4; }

/* The code point at unit *i of a validated string, advancing *i. */
static uint32_t next_cp(const Str *s, const uint8_t *p, uint32_t *i)
{
    uint32_t c;
    if (s->form == SF_LATIN1 || (s->form == SF_UTF8 && p[*i] < 0x80))
        return p[(*i)++];
    if (s->form == SF_UTF8) {
        *i += (uint32_t)utf8_decode((const char *)p + *i, s->units - *i, &c);
        return c;
    }
    c = p[2 * *i] | (uint32_t)p[2 * *i + 1] << 8;
    (*i)++;
    if (c >= 0xd800 && c < 0xdc00 && *i < s->units) {
        uint32_t lo = p[2 * *i] | (uint32_t)p[2 * *i + 1] << 8;
        if (lo >= 0xdc00 && lo < 0xe000) {
            c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
            (*i)++;
        }
    }
    return c;
}

static uint64_t src_bytes(const Str *s)
{
    return s->form == SF_UTF16 ? (uint64_t)s->units * 2 : s->units;
}

/* load_string's checks, and the measures of the string (n16 and latin1
 * only when want16). */
static CmErr read_string(RcCx *cx, uint32_t ptr, uint32_t units, int want16, Str *s)
{
    uint8_t enc = cx->opts ? cx->opts->enc : WC_OPT_UTF8;
    const uint8_t *p;
    s->ptr = ptr;
    s->latin1 = 1;
    if (enc == WC_OPT_UTF8) {
        if (units > RC_MAX_STRING_BYTES)
            return rc_fail(cx, CM_E_CA_TOO_LONG, "string of %u bytes", units);
        if (!(p = rc_mem_at(cx, ptr, units, 1)))
            return cx->code;
        if (!utf8_valid((const char *)p, units))
            return rc_fail(cx, CM_E_CA_BAD_UTF8, "string at %u, %u bytes", ptr, units);
        s->form = SF_UTF8;
        s->units = units;
        s->n8 = units;
        s->n16 = 0;
        for (uint32_t i = 0; want16 && i < units;) {
            if (p[i] < 0x80) { /* ASCII, the common case, without a call */
                s->n16++;
                i++;
                continue;
            }
            uint32_t c = next_cp(s, p, &i);
            s->n16 += c >= 0x10000 ? 2 : 1;
            s->latin1 &= c < 0x100;
        }
        return CM_OK;
    }
    int utf16 = enc == WC_OPT_UTF16 || (units & RC_UTF16_TAG);
    if (enc == WC_OPT_LATIN1_UTF16)
        units &= ~RC_UTF16_TAG;
    s->units = s->n16 = units;
    if (!utf16) {
        s->form = SF_LATIN1;
        if (!(p = rc_mem_at(cx, ptr, units, 2)))
            return cx->code;
        s->n8 = units;
        for (uint32_t i = 0; i < units; i++)
            s->n8 += p[i] >= 0x80;
        return CM_OK;
    }
    s->form = SF_UTF16;
    if ((uint64_t)units * 2 > RC_MAX_STRING_BYTES)
        return rc_fail(cx, CM_E_CA_TOO_LONG, "string of %u code units", units);
    if (!(p = rc_mem_at(cx, ptr, (uint64_t)units * 2, 2)))
        return cx->code;
    s->n8 = 0;
    for (uint32_t i = 0; i < units;) {
        if (p[2 * i] < 0x80 && !p[2 * i + 1]) {
            s->n8++;
            i++;
            continue;
        }
        uint32_t at = i, c = next_cp(s, p, &i);
        if (c >= 0xd800 && c < 0xe000)
            return rc_fail(cx, CM_E_CA_BAD_UTF16, "lone surrogate 0x%04x at unit %u", c, at);
        s->n8 += utf8_len(c);
        s->latin1 &= c < 0x100;
    }
    return CM_OK;
}

/* store_string's allocation and encoding, from the source string. */
static CmErr write_string(Fz *f, const Str *s, uint32_t *out_ptr, uint32_t *out_units)
{
    RcCx *d = f->d;
    uint8_t enc = d->opts ? d->opts->enc : WC_OPT_UTF8;
    uint32_t q, i = 0;
    const uint8_t *p;
    uint8_t *o;
    if (enc == WC_OPT_UTF8) {
        uint32_t len = (uint32_t)s->n8;
        if (len > RC_MAX_STRING_BYTES)
            return rc_fail(d, CM_E_CA_TOO_LONG, "string of %u bytes", len);
        if (rc_alloc(d, 1, len, &q))
            return d->code;
        after_alloc(f);
        p = rc_mem_at(f->s, s->ptr, src_bytes(s), 1);
        o = rc_mem_at(d, q, len, 1);
        if (s->form == SF_UTF8)
            memmove(o, p, len);
        else
            while (i < s->units) {
                if (s->form == SF_UTF16 && p[2 * i] < 0x80 && !p[2 * i + 1]) {
                    *o++ = p[2 * i++];
                    continue;
                }
                uint32_t c = next_cp(s, p, &i);
                if (c < 0x80)
                    *o++ = (uint8_t)c;
                else
                    o += utf8_encode(c, (char *)o);
            }
        *out_ptr = q;
        *out_units = len;
        return CM_OK;
    }
    if (s->n16 * 2 > RC_MAX_STRING_BYTES)
        return rc_fail(d, CM_E_CA_TOO_LONG, "string of %llu code units",
                       (unsigned long long)s->n16);
    int narrow = enc == WC_OPT_LATIN1_UTF16 && s->latin1;
    uint32_t bytes = (uint32_t)(narrow ? s->n16 : s->n16 * 2);
    if (rc_alloc(d, 2, bytes, &q))
        return d->code;
    after_alloc(f);
    p = rc_mem_at(f->s, s->ptr, src_bytes(s), 1);
    o = rc_mem_at(d, q, bytes, 1);
    if ((narrow && s->form == SF_LATIN1) || (!narrow && s->form == SF_UTF16)) {
        memmove(o, p, bytes);
    } else {
        while (i < s->units) {
            if (!narrow && s->form == SF_UTF8 && p[i] < 0x80) {
                o[0] = p[i++];
                o[1] = 0;
                o += 2;
                continue;
            }
            uint32_t c = next_cp(s, p, &i);
            if (narrow) {
                *o++ = (uint8_t)c;
            } else if (c >= 0x10000) {
                rc_wr(o, 2, 0xd800 + ((c - 0x10000) >> 10));
                rc_wr(o + 2, 2, 0xdc00 + ((c - 0x10000) & 0x3ff));
                o += 4;
            } else {
                o[0] = (uint8_t)c;
                o[1] = (uint8_t)(c >> 8);
                o += 2;
            }
        }
    }
    *out_ptr = q;
    *out_units = (uint32_t)s->n16 | (enc == WC_OPT_LATIN1_UTF16 && !narrow ? RC_UTF16_TAG : 0);
    return CM_OK;
}

static CmErr copy_string(Fz *f, uint32_t ptr, uint32_t units, uint32_t *out_ptr,
                         uint32_t *out_units)
{
    Str s;
    int want16 = f->d->opts && f->d->opts->enc != WC_OPT_UTF8;
    if (read_string(f->s, ptr, units, want16, &s))
        return fcode(f);
    return write_string(f, &s, out_ptr, out_units);
}

/* ---- memory to memory ---- */

static CmErr copy_mem(Fz *f, const RcInfo *si, const RcInfo *di, uint32_t sp, uint32_t dp);

static CmErr copy_list(Fz *f, const RcInfo *se, const RcInfo *de, uint32_t ptr, uint32_t n,
                       uint32_t *out_ptr)
{
    uint32_t esz = se->size, q;
    uint64_t bytes = (uint64_t)esz * n;
    if (bytes > RC_MAX_LIST_BYTES)
        return rc_fail(f->s, CM_E_CA_TOO_LONG, "list of %u elements of %u bytes", n, esz);
    if (!rc_mem_at(f->s, ptr, bytes, se->align))
        return fcode(f);
    if (rc_alloc(f->d, de->align, (uint32_t)bytes, &q))
        return fcode(f);
    after_alloc(f);
    if (se->pod) {
        if (n)
            memmove(rc_mem_at(f->d, q, bytes, 1), rc_mem_at(f->s, ptr, bytes, 1), bytes);
    } else {
        for (uint32_t i = 0; i < n; i++)
            if (copy_mem(f, se, de, ptr + i * esz, q + i * esz))
                return fcode(f);
    }
    *out_ptr = q;
    return CM_OK;
}

static CmErr copy_mem_variant(Fz *f, const RcInfo *si, const RcInfo *di, uint32_t sp, uint32_t dp)
{
    uint32_t ds = si->disc_size;
    uint32_t tag = (uint32_t)rc_rd(rc_mem_at(f->s, sp, ds, 1), ds);
    if (tag >= si->n)
        return rc_fail(f->s, CM_E_CA_BAD_DISCRIMINANT, "%u for a %s of %u cases", tag,
                       ct_kind_name(si->t->kind), si->n);
    rc_wr(rc_mem_at(f->d, dp, ds, 1), ds, tag);
    if (!si->subs[tag])
        return CM_OK;
    return copy_mem(f, si->subs[tag], di->subs[tag], sp + si->payload_off, dp + di->payload_off);
}

static CmErr copy_mem(Fz *f, const RcInfo *si, const RcInfo *di, uint32_t sp, uint32_t dp)
{
    const CtType *t = si->t;
    uint32_t sz = si->size, a, b;
    const uint8_t *p = rc_mem_at(f->s, sp, sz, si->align);
    uint8_t *q = p ? rc_mem_at(f->d, dp, di->size, di->align) : NULL;
    if (!q)
        return fcode(f);
    if (si->pod) {
        memmove(q, p, sz);
        return CM_OK;
    }
    switch (t->kind) {
    case CT_BOOL: q[0] = p[0] != 0; return CM_OK;
    case CT_CHAR:
        a = (uint32_t)rc_rd(p, 4);
        if (!char_ok(a))
            return rc_fail(f->s, CM_E_CA_BAD_CHAR, "0x%x", a);
        rc_wr(q, 4, a);
        return CM_OK;
    case CT_FLAGS: rc_wr(q, sz, (uint32_t)rc_rd(p, sz) & flags_mask(t)); return CM_OK;
    case CT_STRING:
    case CT_LIST:
        a = (uint32_t)rc_rd(p, 4);
        b = (uint32_t)rc_rd(p + 4, 4);
        if (t->kind == CT_STRING ? copy_string(f, a, b, &a, &b)
                                 : copy_list(f, si->elem, di->elem, a, b, &a))
            return fcode(f);
        /* realloc may have grown the destination: look the slot up again */
        q = rc_mem_at(f->d, dp, 8, 1);
        rc_wr(q, 4, a);
        rc_wr(q + 4, 4, b);
        return CM_OK;
    case CT_RECORD:
    case CT_TUPLE:
        for (uint32_t i = 0; i < si->n; i++)
            if (copy_mem(f, si->subs[i], di->subs[i], sp + si->offsets[i], dp + di->offsets[i]))
                return fcode(f);
        return CM_OK;
    case CT_VARIANT:
    case CT_ENUM:
    case CT_OPTION:
    case CT_RESULT: return copy_mem_variant(f, si, di, sp, dp);
    case CT_OWN:
    case CT_BORROW:
        if (copy_handle(f, si, di, (uint32_t)rc_rd(p, 4), &a))
            return fcode(f);
        rc_wr(rc_mem_at(f->d, dp, 4, 1), 4, a);
        return CM_OK;
    default: return rc_fail(f->s, CM_E_CV_UNSUPPORTED, "type %s in a value", ct_kind_name(t->kind));
    }
}

/* ---- flat to flat ---- */

static CmErr next_flat(Fz *f, RcFlat *in, WrVal *out)
{
    if (in->i >= in->n)
        return rc_fail(f->s, CM_E_T_ARGS, "too few flat values");
    *out = in->v[in->i++];
    return CM_OK;
}

static CmErr put_flat(Fz *f, RcFlat *out, WrVal x)
{
    if (out->i >= out->n)
        return rc_fail(f->d, CM_E_T_ARGS, "too many flat values");
    out->v[out->i++] = x;
    return CM_OK;
}

static CmErr copy_flat(Fz *f, const RcInfo *si, const RcInfo *di, RcFlat *in, RcFlat *out);

/* The case's slots are read back from the joined ones, copied as the case
 * type, and joined again on the other side (lift/lower_flat_variant). */
static CmErr copy_flat_variant(Fz *f, const RcInfo *si, const RcInfo *di, RcFlat *in, RcFlat *out)
{
    WrVal d = {.u64 = 0};
    uint32_t n = si->n, nj = si->nflat - 1, base;
    if (next_flat(f, in, &d))
        return fcode(f);
    if (d.u32 >= n)
        return rc_fail(f->s, CM_E_CA_BAD_DISCRIMINANT, "%u for a %s of %u cases", d.u32,
                       ct_kind_name(si->t->kind), n);
    if (in->i + nj > in->n)
        return rc_fail(f->s, CM_E_T_ARGS, "too few flat values");
    if (put_flat(f, out, (WrVal){.u64 = d.u32}))
        return fcode(f);
    base = out->i;
    if (base + nj > out->n)
        return rc_fail(f->d, CM_E_T_ARGS, "too many flat values");
    for (uint32_t j = 0; j < nj; j++)
        out->v[base + j].u64 = 0;
    if (si->subs[d.u32]) {
        const CabiFlat *sf = si->case_flat[d.u32], *df = di->case_flat[d.u32];
        uint32_t cn = si->case_nflat[d.u32];
        WrVal a[CABI_MAX_FLAT_PARAMS + 1], b[CABI_MAX_FLAT_PARAMS + 1];
        if (cn > CABI_MAX_FLAT_PARAMS)
            return rc_fail(f->s, CM_E_T_ARGS, "too many flat values");
        for (uint32_t j = 0; j < cn; j++)
            a[j] = rc_coerce_in(in->v[in->i + j], in->types[in->i + j], sf[j]);
        RcFlat sub_in = {a, sf, 0, cn}, sub_out = {b, df, 0, cn};
        if (copy_flat(f, si->subs[d.u32], di->subs[d.u32], &sub_in, &sub_out))
            return fcode(f);
        for (uint32_t j = 0; j < cn; j++)
            out->v[base + j] = rc_coerce_out(b[j], df[j], out->types[base + j]);
    }
    in->i += nj;
    out->i = base + nj;
    return CM_OK;
}

static CmErr copy_flat(Fz *f, const RcInfo *si, const RcInfo *di, RcFlat *in, RcFlat *out)
{
    const CtType *t = si->t;
    WrVal x = {.u64 = 0}, y = {.u64 = 0};
    uint32_t a, b;
    switch (t->kind) {
    case CT_RECORD:
    case CT_TUPLE:
        for (uint32_t i = 0; i < si->n; i++)
            if (copy_flat(f, si->subs[i], di->subs[i], in, out))
                return fcode(f);
        return CM_OK;
    case CT_VARIANT:
    case CT_ENUM:
    case CT_OPTION:
    case CT_RESULT: return copy_flat_variant(f, si, di, in, out);
    case CT_STRING:
    case CT_LIST:
        if (next_flat(f, in, &x) || next_flat(f, in, &y))
            return fcode(f);
        b = y.u32;
        if (t->kind == CT_STRING ? copy_string(f, x.u32, y.u32, &a, &b)
                                 : copy_list(f, si->elem, di->elem, x.u32, y.u32, &a))
            return fcode(f);
        if (put_flat(f, out, (WrVal){.u64 = a}))
            return fcode(f);
        return put_flat(f, out, (WrVal){.u64 = b});
    default: break;
    }
    if (next_flat(f, in, &x))
        return fcode(f);
    switch (t->kind) {
    case CT_BOOL: y.u64 = x.u32 != 0; break;
    case CT_S8: y.u64 = (uint32_t)(int32_t)(int8_t)x.u32; break;
    case CT_U8: y.u64 = (uint8_t)x.u32; break;
    case CT_S16: y.u64 = (uint32_t)(int32_t)(int16_t)x.u32; break;
    case CT_U16: y.u64 = (uint16_t)x.u32; break;
    case CT_S32:
    case CT_U32: y.u64 = x.u32; break;
    case CT_S64:
    case CT_U64: y.u64 = x.u64; break;
    case CT_F32: y.f32 = x.f32; break;
    case CT_F64: y.f64 = x.f64; break;
    case CT_CHAR:
        if (!char_ok(x.u32))
            return rc_fail(f->s, CM_E_CA_BAD_CHAR, "0x%x", x.u32);
        y.u64 = x.u32;
        break;
    case CT_FLAGS: y.u64 = x.u32 & flags_mask(t); break;
    case CT_OWN:
    case CT_BORROW:
        if (copy_handle(f, si, di, x.u32, &a))
            return fcode(f);
        y.u64 = a;
        break;
    default: return rc_fail(f->s, CM_E_CV_UNSUPPORTED, "type %s in a value", ct_kind_name(t->kind));
    }
    return put_flat(f, out, y);
}

/* ---- the call ---- */

static CmErr copy_params(Fz *f, const RcLower *lw, WrVal *in, WrVal *flat, uint32_t *nflat)
{
    const RcFuse *fz = lw->fuse;
    const WrcFunc *fn = lw->callee;
    if (!lw->sig.params_indirect) {
        RcFlat src = {in, lw->sig.params, 0, lw->sig.nparams};
        RcFlat dst = {flat, fn->sig.params, 0, fn->sig.nparams};
        for (uint32_t i = 0; i < fz->n; i++)
            if (copy_flat(f, fz->sp[i], fz->dp[i], &src, &dst))
                return fcode(f);
        *nflat = dst.i;
        return CM_OK;
    }
    uint32_t p = in[0].u32, q;
    if (p % fz->palign)
        return rc_fail(f->s, CM_E_CA_UNALIGNED, "parameter tuple at %u", p);
    if (rc_alloc(f->d, fz->palign, fz->psize, &q))
        return fcode(f);
    after_alloc(f);
    for (uint32_t i = 0; i < fz->n; i++)
        if (copy_mem(f, fz->sp[i], fz->dp[i], p + fz->off[i], q + fz->off[i]))
            return fcode(f);
    flat[0].u64 = q;
    *nflat = 1;
    return CM_OK;
}

/* The state of one fused call. */
typedef struct Call {
    WrCaller *caller;
    RcLower *lw;
    RcCompInst *ce; /* the callee's instance */
    RcCx a, b;      /* the caller's side, the callee's */
    WrTrap trap;
} Call;

static void finish(Call *k)
{
    k->ce->busy = 0;
    rc_unlend(&k->a);
    rc_unlend(&k->b);
}

/* A copy failed: the fault of the side whose cx holds it; the callee's
 * own faults poison it. */
static int copy_failed(Call *k)
{
    RcCx *cx = k->a.code ? &k->a : &k->b;
    if (cx == &k->b)
        k->ce->poisoned = 1;
    finish(k);
    return rc_trampoline_fail(k->caller, k->lw, cx->code, cx->msg, NULL);
}

/* A core call into the callee (its function, its post-return) trapped. */
static int core_failed(Call *k, CmErr e)
{
    WrcInstance *root = k->lw->ci->root;
    rc_adopt_pending(root, &k->trap);
    if (e != CM_E_T_EXIT)
        k->ce->poisoned = 1;
    finish(k);
    if (k->trap.code == CM_E_T_EXIT)
        return wr_caller_exit(k->caller, k->trap.exit_code);
    return rc_trampoline_fail(k->caller, k->lw, k->trap.code, k->trap.message, &k->trap);
}

static void copy_result(Call *k, WrVal *in, WrVal *res, WrVal *results)
{
    RcLower *lw = k->lw;
    const WrcFunc *fn = lw->callee;
    Fz f = {&k->b, &k->a, {0}};
    if (!lw->type->result)
        return;
    if (lw->sig.results_indirect) {
        copy_mem(&f, lw->fuse->sr, lw->fuse->dr, res[0].u32, in[lw->sig.nparams - 1].u32);
    } else {
        RcFlat src = {res, fn->sig.results, 0, fn->sig.nresults};
        RcFlat dst = {results, lw->sig.results, 0, lw->sig.nresults};
        copy_flat(&f, lw->fuse->sr, lw->fuse->dr, &src, &dst);
    }
    copy_done(&f);
}

int rc_fuse_trampoline(WrCaller *caller, const WrVal *args, WrVal *results, void *user)
{
    RcLower *lw = user;
    WrcFunc *fn = lw->callee;
    WrcInstance *root = lw->ci->root;
    RcBorrowScope scope = {0};
    Call k; /* not zeroed as a whole: the WrTrap is large and filled only on a trap */
    k.caller = caller;
    k.lw = lw;
    k.ce = fn->ci;
    k.a = (RcCx){.root = root, .ci = lw->ci, .opts = &lw->opts};
    k.b = (RcCx){.root = root, .ci = fn->ci, .opts = &fn->opts, .scope = &scope};
    if (lw->ci->no_leave)
        return rc_trampoline_fail(caller, lw, CM_E_CA_CANNOT_LEAVE,
                                  "an import was called during realloc or post-return", NULL);
    if (k.ce->poisoned || k.ce->busy) {
        rc_fail(&k.b, CM_E_CA_CANNOT_ENTER, "%s",
                k.ce->poisoned ? "it was poisoned by an earlier trap"
                               : "it is already running a call (re-entry)");
        return rc_trampoline_fail(caller, lw, k.b.code, k.b.msg, NULL);
    }
    WrVal in[CABI_MAX_FLAT_PARAMS + 1], flat[CABI_MAX_FLAT_PARAMS + 1], res[CABI_MAX_FLAT_RESULTS];
    uint32_t nflat = 0;
    memcpy(in, args, lw->sig.nparams * sizeof(WrVal));
    Fz f = {&k.a, &k.b, {0}};
    k.ce->busy = 1;
    copy_params(&f, lw, in, flat, &nflat);
    copy_done(&f);
    if (k.a.code || k.b.code)
        return copy_failed(&k);
    root->pend_code = CM_OK;
    root->pend_nframes = 0;
    CmErr e = wr_func_call(root->eng, fn->core, flat, nflat, res, fn->sig.nresults, &k.trap);
    k.a.mbase = k.b.mbase = NULL; /* the guests ran: their memories may have grown */
    if (e)
        return core_failed(&k, e);
    if (scope.num_borrows) {
        rc_fail(&k.b, CM_E_CA_BORROWS_REMAIN, "%u borrow(s) of '%s'", scope.num_borrows, fn->name);
        return copy_failed(&k);
    }
    copy_result(&k, in, res, results);
    if (k.b.code)
        return copy_failed(&k);
    /* post-return runs even when the caller's side failed (as after a
     * WrcVal call, whose result is stored into the caller afterwards) */
    if (fn->opts.post) {
        k.ce->no_leave = 1;
        e = wr_func_call(root->eng, fn->opts.post, res, fn->sig.nresults, NULL, 0, &k.trap);
        k.ce->no_leave = 0;
        if (e)
            return core_failed(&k, e);
    }
    if (k.a.code)
        return copy_failed(&k);
    finish(&k);
    return 0;
}
