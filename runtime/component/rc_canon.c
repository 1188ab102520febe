/* rc_canon.c - the canonical ABI at run time: lifting values out of a
 * guest's flat core values or linear memory into WrcVal, and lowering
 * WrcVal into a guest (CanonicalABI.md "Loading", "Storing", "Flat
 * Lifting", "Flat Lowering"; definitions.py load/store/lift_flat/lower_flat).
 *
 * Layouts come from libcm/cabi.h (the one implementation).  Every pointer
 * is checked for alignment and bounds before use, every char, discriminant
 * and string is validated, and every failure becomes a canonical-ABI trap
 * with a message naming the offending value.
 */
#include "rc_internal.h"
#include "utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

CmErr rc_fail(RcCx *cx, CmErr code, const char *fmt, ...)
{
    if (cx->code)
        return cx->code;
    cx->code = code;
    cx->msg[0] = 0;
    if (fmt) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(cx->msg, sizeof cx->msg, fmt, ap);
        va_end(ap);
    }
    return code;
}

static const RcInfo *info(RcCx *cx, const CtType *t)
{
    const RcInfo *in = rc_info(cx->root->c, t);
    if (!in)
        rc_fail(cx, CM_E_OOM, "canonical-ABI plan");
    return in;
}

/* ---- memory access ---- */

uint8_t *rc_mem_at(RcCx *cx, uint64_t ptr, uint64_t size, uint32_t align)
{
    if (!cx->opts || !cx->opts->mem) {
        rc_fail(cx, CM_E_CA_OOB, "no memory (missing canonical option 'memory')");
        return NULL;
    }
    if (ptr & (align - 1)) {
        rc_fail(cx, CM_E_CA_UNALIGNED, "pointer %llu is not aligned to %u", (unsigned long long)ptr,
                align);
        return NULL;
    }
    if (!cx->mbase) {
        cx->mbase = wr_memory_data(cx->opts->mem);
        cx->msize = wr_memory_size(cx->opts->mem);
    }
    uint64_t msize = cx->msize;
    if (ptr > msize || size > msize - ptr) {
        rc_fail(cx, CM_E_CA_OOB, "[%llu, %llu) is outside memory of %llu bytes",
                (unsigned long long)ptr, (unsigned long long)(ptr + size), (unsigned long long)msize);
        return NULL;
    }
    return cx->mbase + ptr;
}

CmErr rc_alloc(RcCx *cx, uint32_t align, uint32_t size, uint32_t *out)
{
    if (!cx->opts || !cx->opts->realloc)
        return rc_fail(cx, CM_E_CA_BAD_REALLOC, "no realloc (missing canonical option 'realloc')");
    WrVal args[4] = {{.u32 = 0}, {.u32 = 0}, {.u32 = align}, {.u32 = size}}, res[1];
    WrTrap trap;
    uint8_t saved = cx->ci->no_leave;
    cx->ci->no_leave = 1;
    CmErr e = wr_func_call(cx->root->eng, cx->opts->realloc, args, 4, res, 1, &trap);
    cx->ci->no_leave = saved;
    cx->mbase = NULL; /* realloc may have grown the memory */
    if (e) {
        if (!cx->root->pend_code) {
            cx->root->pend_code = trap.code;
            snprintf(cx->root->pend_msg, sizeof cx->root->pend_msg, "%s", trap.message);
        }
        return rc_fail(cx, cx->root->pend_code, "%s", cx->root->pend_msg);
    }
    uint32_t p = res[0].u32;
    if ((align > 1 && p % align) || !rc_mem_at(cx, p, size, 1)) {
        cx->code = CM_OK;
        return rc_fail(cx, CM_E_CA_BAD_REALLOC, "realloc returned %u for %u bytes aligned to %u", p,
                       size, align);
    }
    *out = p;
    return CM_OK;
}

/* ---- strings ---- */

static CmErr utf16_to_utf8(RcCx *cx, const uint8_t *p, uint32_t units, WrcVal *out)
{
    /* at most 3 UTF-8 bytes per UTF-16 unit */
    char *s = arena_alloc(cx->arena, (size_t)units * 3 + 1);
    if (!s)
        return rc_fail(cx, CM_E_OOM, "string of %u code units", units);
    size_t n = 0;
    for (uint32_t i = 0; i < units; i++) {
        uint32_t c = (uint32_t)rc_rd(p + 2 * i, 2);
        if (c >= 0xd800 && c < 0xdc00 && i + 1 < units) {
            uint32_t lo = (uint32_t)rc_rd(p + 2 * (i + 1), 2);
            if (lo >= 0xdc00 && lo < 0xe000) {
                c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
                i++;
            }
        }
        if (c >= 0xd800 && c < 0xe000)
            return rc_fail(cx, CM_E_CA_BAD_UTF16, "lone surrogate 0x%04x at unit %u", c, i);
        n += (size_t)utf8_encode(c, s + n);
    }
    s[n] = 0;
    out->kind = WRC_STRING;
    out->u.str.ptr = s;
    out->u.str.len = (uint32_t)n;
    return CM_OK;
}

static CmErr load_string(RcCx *cx, uint32_t ptr, uint32_t units, WrcVal *out)
{
    uint8_t enc = cx->opts ? cx->opts->enc : WC_OPT_UTF8;
    if (enc == WC_OPT_UTF8) {
        if (units > RC_MAX_STRING_BYTES)
            return rc_fail(cx, CM_E_CA_TOO_LONG, "string of %u bytes", units);
        const uint8_t *p = rc_mem_at(cx, ptr, units, 1);
        if (!p)
            return cx->code;
        if (!utf8_valid((const char *)p, units))
            return rc_fail(cx, CM_E_CA_BAD_UTF8, "string at %u, %u bytes", ptr, units);
        char *s = arena_strndup(cx->arena, (const char *)p, units);
        if (!s)
            return rc_fail(cx, CM_E_OOM, "string of %u bytes", units);
        out->kind = WRC_STRING;
        out->u.str.ptr = s;
        out->u.str.len = units;
        return CM_OK;
    }
    int utf16 = enc == WC_OPT_UTF16 || (units & RC_UTF16_TAG);
    if (enc == WC_OPT_LATIN1_UTF16)
        units &= ~RC_UTF16_TAG;
    if (utf16) {
        if ((uint64_t)units * 2 > RC_MAX_STRING_BYTES)
            return rc_fail(cx, CM_E_CA_TOO_LONG, "string of %u code units", units);
        const uint8_t *p = rc_mem_at(cx, ptr, (uint64_t)units * 2, 2);
        return p ? utf16_to_utf8(cx, p, units, out) : cx->code;
    }
    const uint8_t *p = rc_mem_at(cx, ptr, units, 2);
    if (!p)
        return cx->code;
    char *s = arena_alloc(cx->arena, (size_t)units * 2 + 1);
    if (!s)
        return rc_fail(cx, CM_E_OOM, "string of %u bytes", units);
    size_t n = 0;
    for (uint32_t i = 0; i < units; i++)
        n += (size_t)utf8_encode(p[i], s + n);
    out->kind = WRC_STRING;
    out->u.str.ptr = s;
    out->u.str.len = (uint32_t)n;
    return CM_OK;
}

/* Store a UTF-8 string in the guest's encoding; returns ptr and the
 * (tagged) code-unit count. */
static CmErr store_string(RcCx *cx, const WrcVal *v, uint32_t *out_ptr, uint32_t *out_units)
{
    const char *s = v->u.str.ptr;
    uint32_t len = v->u.str.len;
    uint8_t enc = cx->opts ? cx->opts->enc : WC_OPT_UTF8;
    if (enc == WC_OPT_UTF8) {
        uint32_t p;
        if (len > RC_MAX_STRING_BYTES)
            return rc_fail(cx, CM_E_CA_TOO_LONG, "string of %u bytes", len);
        if (rc_alloc(cx, 1, len, &p))
            return cx->code;
        if (len)
            memcpy(rc_mem_at(cx, p, len, 1), s, len);
        *out_ptr = p;
        *out_units = len;
        return CM_OK;
    }
    /* count UTF-16 units and whether latin1 suffices */
    uint64_t units = 0;
    int latin1 = 1;
    for (uint32_t i = 0; i < len;) {
        uint32_t c;
        int k = utf8_decode(s + i, len - i, &c);
        i += (uint32_t)k;
        units += c >= 0x10000 ? 2 : 1;
        if (c > 0xff)
            latin1 = 0;
    }
    if (units * 2 > RC_MAX_STRING_BYTES)
        return rc_fail(cx, CM_E_CA_TOO_LONG, "string of %llu code units", (unsigned long long)units);
    int narrow = enc == WC_OPT_LATIN1_UTF16 && latin1;
    uint32_t bytes = (uint32_t)(narrow ? units : units * 2), p;
    if (rc_alloc(cx, 2, bytes, &p))
        return cx->code;
    uint8_t *d = rc_mem_at(cx, p, bytes, 1);
    for (uint32_t i = 0; i < len;) {
        uint32_t c;
        i += (uint32_t)utf8_decode(s + i, len - i, &c);
        if (narrow) {
            *d++ = (uint8_t)c;
        } else if (c >= 0x10000) {
            rc_wr(d, 2, 0xd800 + ((c - 0x10000) >> 10));
            rc_wr(d + 2, 2, 0xdc00 + ((c - 0x10000) & 0x3ff));
            d += 4;
        } else {
            rc_wr(d, 2, c);
            d += 2;
        }
    }
    *out_ptr = p;
    *out_units = (uint32_t)units | (enc == WC_OPT_LATIN1_UTF16 && !narrow ? RC_UTF16_TAG : 0);
    return CM_OK;
}

/* ---- checking host values ---- */

static WrcKind want_kind(const CtType *t)
{
    switch (t->kind) {
    case CT_BOOL: return WRC_BOOL;
    case CT_S8: return WRC_S8;
    case CT_U8: return WRC_U8;
    case CT_S16: return WRC_S16;
    case CT_U16: return WRC_U16;
    case CT_S32: return WRC_S32;
    case CT_U32: return WRC_U32;
    case CT_S64: return WRC_S64;
    case CT_U64: return WRC_U64;
    case CT_F32: return WRC_F32;
    case CT_F64: return WRC_F64;
    case CT_CHAR: return WRC_CHAR;
    case CT_STRING: return WRC_STRING;
    case CT_LIST: return t->elem->kind == CT_U8 ? WRC_BYTES : WRC_LIST;
    case CT_RECORD: return WRC_RECORD;
    case CT_TUPLE: return WRC_TUPLE;
    case CT_VARIANT: return WRC_VARIANT;
    case CT_ENUM: return WRC_ENUM;
    case CT_OPTION: return WRC_OPTION;
    case CT_RESULT: return WRC_RESULT;
    case CT_FLAGS: return WRC_FLAGS;
    case CT_OWN: return WRC_OWN;
    default: return WRC_BORROW;
    }
}

static int is_scalar_valid(const CtType *t, const WrcVal *v)
{
    if (t->kind == CT_CHAR)
        return v->u.ch < 0x110000 && !(v->u.ch >= 0xd800 && v->u.ch < 0xe000);
    if (t->kind == CT_FLAGS)
        return t->n >= 32 || !(v->u.flags >> t->n);
    return 1;
}

static CmErr check_i(RcCx *cx, const RcInfo *in, const WrcVal *v)
{
    const CtType *t = in->t;
    WrcKind k = want_kind(t);
    int ok = v->kind == k && is_scalar_valid(t, v);
    if (ok && k == WRC_STRING && !((v->u.str.ptr || !v->u.str.len) && utf8_valid(v->u.str.ptr, v->u.str.len)))
        return rc_fail(cx, CM_E_CA_HOST_VALUE, "a string that is not valid UTF-8");
    if (ok && (k == WRC_RECORD || k == WRC_TUPLE)) {
        ok = v->u.list.n == in->n && (v->u.list.elems || !in->n);
        for (uint32_t i = 0; ok && i < in->n; i++)
            if (check_i(cx, in->subs[i], &v->u.list.elems[i]))
                return cx->code;
    }
    if (ok && k == WRC_LIST) {
        ok = v->u.list.elems || !v->u.list.n;
        for (uint32_t i = 0; ok && i < v->u.list.n; i++)
            if (check_i(cx, in->elem, &v->u.list.elems[i]))
                return cx->code;
    }
    if (ok && k == WRC_BYTES)
        ok = v->u.bytes.ptr || !v->u.bytes.len;
    if (ok && (k == WRC_VARIANT || k == WRC_ENUM || k == WRC_OPTION || k == WRC_RESULT)) {
        ok = v->u.var.tag < in->n;
        const RcInfo *ci = ok && in->types[v->u.var.tag] ? in->subs[v->u.var.tag] : NULL;
        if (ci) {
            if (!v->u.var.payload)
                ok = 0;
            else if (check_i(cx, ci, v->u.var.payload))
                return cx->code;
        }
    }
    if (ok)
        return CM_OK;
    Buf b = {0};
    ct_print(&b, t);
    rc_fail(cx, CM_E_CA_HOST_VALUE, "expected a value of type %s", b.data ? (char *)b.data : "?");
    free(b.data);
    return cx->code;
}

CmErr rc_check(RcCx *cx, const CtType *t, const WrcVal *v)
{
    const RcInfo *in = info(cx, t);
    return in ? check_i(cx, in, v) : cx->code;
}

/* ---- loading from memory ---- */

static CmErr load_i(RcCx *cx, const RcInfo *in, uint32_t ptr, WrcVal *out);
static CmErr store_i(RcCx *cx, const RcInfo *in, uint32_t ptr, const WrcVal *v);

static CmErr load_list(RcCx *cx, const CtType *t, const RcInfo *ei, uint32_t ptr, uint32_t n,
                       WrcVal *out)
{
    uint32_t esz = ei->size, al = ei->align;
    if ((uint64_t)esz * n > RC_MAX_LIST_BYTES)
        return rc_fail(cx, CM_E_CA_TOO_LONG, "list of %u elements of %u bytes", n, esz);
    if (!rc_mem_at(cx, ptr, (uint64_t)esz * n, al))
        return cx->code;
    if (t->elem->kind == CT_U8) {
        uint8_t *d = arena_alloc(cx->arena, n ? n : 1);
        if (!d)
            return rc_fail(cx, CM_E_OOM, "list of %u bytes", n);
        memcpy(d, rc_mem_at(cx, ptr, n, 1), n);
        out->kind = WRC_BYTES;
        out->u.bytes.ptr = d;
        out->u.bytes.len = n;
        return CM_OK;
    }
    WrcVal *e = ARENA_ARRAY(cx->arena, WrcVal, n ? n : 1);
    if (!e)
        return rc_fail(cx, CM_E_OOM, "list of %u elements", n);
    for (uint32_t i = 0; i < n; i++)
        if (load_i(cx, ei, ptr + i * esz, &e[i]))
            return cx->code;
    out->kind = WRC_LIST;
    out->u.list.elems = e;
    out->u.list.n = n;
    return CM_OK;
}

static CmErr load_fields(RcCx *cx, const CtType *t, const RcInfo *in, uint32_t ptr, WrcVal *out)
{
    uint32_t n = in->n;
    WrcVal *f = ARENA_ARRAY(cx->arena, WrcVal, n);
    if (!f)
        return rc_fail(cx, CM_E_OOM, NULL);
    for (uint32_t i = 0; i < n; i++)
        if (load_i(cx, in->subs[i], ptr + in->offsets[i], &f[i]))
            return cx->code;
    out->kind = want_kind(t);
    out->u.list.elems = f;
    out->u.list.n = n;
    return CM_OK;
}

static CmErr load_variant(RcCx *cx, const CtType *t, const RcInfo *in, uint32_t ptr, WrcVal *out)
{
    uint32_t n = in->n, ds = in->disc_size;
    uint32_t tag = (uint32_t)rc_rd(rc_mem_at(cx, ptr, ds, 1), ds);
    if (tag >= n)
        return rc_fail(cx, CM_E_CA_BAD_DISCRIMINANT, "%u for a %s of %u cases", tag,
                       ct_kind_name(t->kind), n);
    out->kind = want_kind(t);
    out->u.var.tag = tag;
    out->u.var.payload = NULL;
    const CtType *ct = in->types[tag];
    if (!ct)
        return CM_OK;
    WrcVal *p = ARENA_NEW(cx->arena, WrcVal);
    if (!p)
        return rc_fail(cx, CM_E_OOM, NULL);
    out->u.var.payload = p;
    return load_i(cx, in->subs[tag], ptr + in->payload_off, p);
}

CmErr rc_load(RcCx *cx, const CtType *t, uint32_t ptr, WrcVal *out)
{
    const RcInfo *in = info(cx, t);
    return in ? load_i(cx, in, ptr, out) : cx->code;
}

static CmErr load_i(RcCx *cx, const RcInfo *in, uint32_t ptr, WrcVal *out)
{
    const CtType *t = in->t;
    uint32_t sz = in->size;
    const uint8_t *p = rc_mem_at(cx, ptr, sz, in->align);
    if (!p)
        return cx->code;
    out->kind = want_kind(t);
    switch (t->kind) {
    case CT_BOOL: out->u.b = p[0] != 0; return CM_OK;
    case CT_S8: out->u.s8 = (int8_t)p[0]; return CM_OK;
    case CT_U8: out->u.u8 = p[0]; return CM_OK;
    case CT_S16: out->u.s16 = (int16_t)rc_rd(p, 2); return CM_OK;
    case CT_U16: out->u.u16 = (uint16_t)rc_rd(p, 2); return CM_OK;
    case CT_S32: out->u.s32 = (int32_t)rc_rd(p, 4); return CM_OK;
    case CT_U32: out->u.u32 = (uint32_t)rc_rd(p, 4); return CM_OK;
    case CT_S64: out->u.s64 = (int64_t)rc_rd(p, 8); return CM_OK;
    case CT_U64: out->u.u64 = rc_rd(p, 8); return CM_OK;
    case CT_F32: { uint32_t b = (uint32_t)rc_rd(p, 4); memcpy(&out->u.f32, &b, 4); return CM_OK; }
    case CT_F64: { uint64_t b = rc_rd(p, 8); memcpy(&out->u.f64, &b, 8); return CM_OK; }
    case CT_CHAR:
        out->u.ch = (uint32_t)rc_rd(p, 4);
        if (!is_scalar_valid(t, out))
            return rc_fail(cx, CM_E_CA_BAD_CHAR, "0x%x", out->u.ch);
        return CM_OK;
    case CT_STRING: return load_string(cx, (uint32_t)rc_rd(p, 4), (uint32_t)rc_rd(p + 4, 4), out);
    case CT_LIST: return load_list(cx, t, in->elem, (uint32_t)rc_rd(p, 4), (uint32_t)rc_rd(p + 4, 4), out);
    case CT_RECORD:
    case CT_TUPLE: return load_fields(cx, t, in, ptr, out);
    case CT_VARIANT:
    case CT_ENUM:
    case CT_OPTION:
    case CT_RESULT: return load_variant(cx, t, in, ptr, out);
    case CT_FLAGS:
        out->u.flags = (uint32_t)rc_rd(p, sz);
        if (t->n < 32)
            out->u.flags &= (1u << t->n) - 1;
        return CM_OK;
    case CT_OWN:
    case CT_BORROW: return rc_lift_handle(cx, t, (uint32_t)rc_rd(p, 4), out);
    default: return rc_fail(cx, CM_E_CV_UNSUPPORTED, "type %s in a value", ct_kind_name(t->kind));
    }
}

/* ---- storing into memory ---- */

static CmErr store_list(RcCx *cx, const CtType *t, const RcInfo *ei, const WrcVal *v,
                        uint32_t *out_ptr, uint32_t *out_n)
{
    (void)t;
    uint32_t esz = ei->size, al = ei->align;
    uint32_t n = v->kind == WRC_BYTES ? v->u.bytes.len : v->u.list.n;
    if ((uint64_t)n * esz > RC_MAX_LIST_BYTES)
        return rc_fail(cx, CM_E_CA_TOO_LONG, "list of %u elements of %u bytes", n, esz);
    uint32_t p;
    if (rc_alloc(cx, al, n * esz, &p))
        return cx->code;
    if (v->kind == WRC_BYTES) {
        if (n)
            memcpy(rc_mem_at(cx, p, n, 1), v->u.bytes.ptr, n);
    } else {
        for (uint32_t i = 0; i < n; i++)
            if (store_i(cx, ei, p + i * esz, &v->u.list.elems[i]))
                return cx->code;
    }
    *out_ptr = p;
    *out_n = n;
    return CM_OK;
}

static CmErr store_variant(RcCx *cx, const RcInfo *in, uint32_t ptr, const WrcVal *v)
{
    uint32_t ds = in->disc_size;
    rc_wr(rc_mem_at(cx, ptr, ds, 1), ds, v->u.var.tag);
    const CtType *ct = in->types[v->u.var.tag];
    return ct ? store_i(cx, in->subs[v->u.var.tag], ptr + in->payload_off, v->u.var.payload) : CM_OK;
}

CmErr rc_store(RcCx *cx, const CtType *t, uint32_t ptr, const WrcVal *v)
{
    const RcInfo *in = info(cx, t);
    return in ? store_i(cx, in, ptr, v) : cx->code;
}

static CmErr store_i(RcCx *cx, const RcInfo *in, uint32_t ptr, const WrcVal *v)
{
    const CtType *t = in->t;
    uint32_t sz = in->size, a, b;
    if (!rc_mem_at(cx, ptr, sz, in->align))
        return cx->code;
    switch (t->kind) {
    case CT_BOOL: *rc_mem_at(cx, ptr, 1, 1) = (uint8_t)(v->u.b != 0); return CM_OK;
    case CT_S8:
    case CT_U8: *rc_mem_at(cx, ptr, 1, 1) = v->u.u8; return CM_OK;
    case CT_S16:
    case CT_U16: rc_wr(rc_mem_at(cx, ptr, 2, 1), 2, v->u.u16); return CM_OK;
    case CT_S32:
    case CT_U32:
    case CT_CHAR: rc_wr(rc_mem_at(cx, ptr, 4, 1), 4, v->u.u32); return CM_OK;
    case CT_S64:
    case CT_U64: rc_wr(rc_mem_at(cx, ptr, 8, 1), 8, v->u.u64); return CM_OK;
    case CT_F32: memcpy(&a, &v->u.f32, 4); rc_wr(rc_mem_at(cx, ptr, 4, 1), 4, a); return CM_OK;
    case CT_F64: { uint64_t q; memcpy(&q, &v->u.f64, 8); rc_wr(rc_mem_at(cx, ptr, 8, 1), 8, q); return CM_OK; }
    case CT_FLAGS: rc_wr(rc_mem_at(cx, ptr, sz, 1), sz, v->u.flags); return CM_OK;
    case CT_STRING:
    case CT_LIST:
        if (t->kind == CT_STRING ? store_string(cx, v, &a, &b) : store_list(cx, t, in->elem, v, &a, &b))
            return cx->code;
        /* realloc may have grown memory: look the slot up again */
        rc_wr(rc_mem_at(cx, ptr, 8, 1), 4, a);
        rc_wr(rc_mem_at(cx, ptr + 4, 4, 1), 4, b);
        return CM_OK;
    case CT_RECORD:
    case CT_TUPLE:
        for (uint32_t i = 0; i < v->u.list.n; i++)
            if (store_i(cx, in->subs[i], ptr + in->offsets[i], &v->u.list.elems[i]))
                return cx->code;
        return CM_OK;
    case CT_VARIANT:
    case CT_ENUM:
    case CT_OPTION:
    case CT_RESULT: return store_variant(cx, in, ptr, v);
    case CT_OWN:
    case CT_BORROW:
        if (rc_lower_handle(cx, t, v, &a))
            return cx->code;
        rc_wr(rc_mem_at(cx, ptr, 4, 1), 4, a);
        return CM_OK;
    default: return rc_fail(cx, CM_E_CV_UNSUPPORTED, "type %s in a value", ct_kind_name(t->kind));
    }
}

/* ---- flat values ---- */

static CmErr next_flat(RcCx *cx, RcFlat *in, WrVal *out)
{
    if (in->i >= in->n)
        return rc_fail(cx, CM_E_T_ARGS, "too few flat values");
    *out = in->v[in->i++];
    return CM_OK;
}

/* A joined slot of type have read back as want (lift_flat_variant). */
WrVal rc_coerce_in(WrVal x, CabiFlat have, CabiFlat want)
{
    WrVal r = {.u64 = 0};
    if (have == want)
        return x;
    switch (want) {
    case CABI_I32: r.u32 = (uint32_t)(have == CABI_I64 ? x.u64 : x.u32); break;
    case CABI_F32: { uint32_t b = have == CABI_I64 ? (uint32_t)x.u64 : x.u32; memcpy(&r.f32, &b, 4); break; }
    case CABI_F64: memcpy(&r.f64, &x.u64, 8); break;
    default: r.u64 = x.u64; break;
    }
    return r;
}

/* A case value of type have stored into a joined slot of type want. */
WrVal rc_coerce_out(WrVal x, CabiFlat have, CabiFlat want)
{
    WrVal r = {.u64 = 0};
    if (have == want)
        return x;
    uint32_t b;
    switch (have) {
    case CABI_I32: r.u64 = x.u32; break;
    case CABI_F32: memcpy(&b, &x.f32, 4); if (want == CABI_I64) r.u64 = b; else r.u32 = b; break;
    case CABI_F64: memcpy(&r.u64, &x.f64, 8); break;
    default: r.u64 = x.u64; break;
    }
    return r;
}

static CmErr lift_flat_variant(RcCx *cx, const CtType *t, const RcInfo *ti, RcFlat *in, WrcVal *out)
{
    WrVal d = {.u64 = 0};
    if (next_flat(cx, in, &d))
        return cx->code;
    uint32_t n = ti->n, nj = ti->nflat - 1;
    if (d.u32 >= n)
        return rc_fail(cx, CM_E_CA_BAD_DISCRIMINANT, "%u for a %s of %u cases", d.u32,
                       ct_kind_name(t->kind), n);
    if (in->i + nj > in->n)
        return rc_fail(cx, CM_E_T_ARGS, "too few flat values");
    out->kind = want_kind(t);
    out->u.var.tag = d.u32;
    out->u.var.payload = NULL;
    const CtType *ct = ti->types[d.u32];
    if (ct) {
        const CabiFlat *cf = ti->case_flat[d.u32];
        uint32_t cn = ti->case_nflat[d.u32];
        WrVal tmp[CABI_MAX_FLAT_PARAMS + 1];
        WrcVal *p = ARENA_NEW(cx->arena, WrcVal);
        if (!p)
            return rc_fail(cx, CM_E_OOM, NULL);
        for (uint32_t j = 0; j < cn && j <= CABI_MAX_FLAT_PARAMS; j++)
            tmp[j] = rc_coerce_in(in->v[in->i + j], in->types[in->i + j], cf[j]);
        RcFlat sub = {tmp, cf, 0, cn};
        CmErr e = rc_lift_flat(cx, ct, &sub, p);
        if (e)
            return e;
        out->u.var.payload = p;
    }
    in->i += nj;
    return CM_OK;
}

CmErr rc_lift_flat(RcCx *cx, const CtType *t, RcFlat *in, WrcVal *out)
{
    WrVal x = {.u64 = 0};
    const RcInfo *ti = info(cx, t);
    if (!ti)
        return cx->code;
    switch (t->kind) {
    case CT_RECORD:
    case CT_TUPLE: {
        uint32_t n = ti->n;
        WrcVal *f = ARENA_ARRAY(cx->arena, WrcVal, n);
        if (!f)
            return rc_fail(cx, CM_E_OOM, NULL);
        for (uint32_t i = 0; i < n; i++)
            if (rc_lift_flat(cx, ti->types[i], in, &f[i]))
                return cx->code;
        out->kind = want_kind(t);
        out->u.list.elems = f;
        out->u.list.n = n;
        return CM_OK;
    }
    case CT_VARIANT:
    case CT_ENUM:
    case CT_OPTION:
    case CT_RESULT: return lift_flat_variant(cx, t, ti, in, out);
    case CT_STRING:
    case CT_LIST: {
        WrVal len = {.u64 = 0};
        if (next_flat(cx, in, &x) || next_flat(cx, in, &len))
            return cx->code;
        return t->kind == CT_STRING ? load_string(cx, x.u32, len.u32, out)
                                    : load_list(cx, t, ti->elem, x.u32, len.u32, out);
    }
    default: break;
    }
    if (next_flat(cx, in, &x))
        return cx->code;
    out->kind = want_kind(t);
    switch (t->kind) {
    case CT_BOOL: out->u.b = x.u32 != 0; return CM_OK;
    case CT_S8: out->u.s8 = (int8_t)x.u32; return CM_OK;
    case CT_U8: out->u.u8 = (uint8_t)x.u32; return CM_OK;
    case CT_S16: out->u.s16 = (int16_t)x.u32; return CM_OK;
    case CT_U16: out->u.u16 = (uint16_t)x.u32; return CM_OK;
    case CT_S32:
    case CT_U32: out->u.u32 = x.u32; return CM_OK;
    case CT_S64:
    case CT_U64: out->u.u64 = x.u64; return CM_OK;
    case CT_F32: out->u.f32 = x.f32; return CM_OK;
    case CT_F64: out->u.f64 = x.f64; return CM_OK;
    case CT_CHAR:
        out->u.ch = x.u32;
        if (!is_scalar_valid(t, out))
            return rc_fail(cx, CM_E_CA_BAD_CHAR, "0x%x", x.u32);
        return CM_OK;
    case CT_FLAGS:
        out->u.flags = x.u32 & (t->n < 32 ? (1u << t->n) - 1 : ~0u);
        return CM_OK;
    case CT_OWN:
    case CT_BORROW: return rc_lift_handle(cx, t, x.u32, out);
    default: return rc_fail(cx, CM_E_CV_UNSUPPORTED, "type %s in a value", ct_kind_name(t->kind));
    }
}

static CmErr put_flat(RcCx *cx, RcFlat *out, WrVal x)
{
    if (out->i >= out->n)
        return rc_fail(cx, CM_E_T_ARGS, "too many flat values");
    out->v[out->i++] = x;
    return CM_OK;
}

static CmErr lower_flat_variant(RcCx *cx, const RcInfo *ti, const WrcVal *v, RcFlat *out)
{
    uint32_t nj = ti->nflat - 1, base;
    if (put_flat(cx, out, (WrVal){.u64 = v->u.var.tag}))
        return cx->code;
    base = out->i;
    if (base + nj > out->n)
        return rc_fail(cx, CM_E_T_ARGS, "too many flat values");
    for (uint32_t j = 0; j < nj; j++)
        out->v[base + j].u64 = 0;
    const CtType *ct = ti->types[v->u.var.tag];
    if (ct) {
        const CabiFlat *cf = ti->case_flat[v->u.var.tag];
        uint32_t cn = ti->case_nflat[v->u.var.tag];
        WrVal tmp[CABI_MAX_FLAT_PARAMS + 1];
        RcFlat sub = {tmp, cf, 0, cn <= CABI_MAX_FLAT_PARAMS ? cn : 0};
        CmErr e = rc_lower_flat(cx, ct, v->u.var.payload, &sub);
        for (uint32_t j = 0; !e && j < cn; j++)
            out->v[base + j] = rc_coerce_out(tmp[j], cf[j], out->types[base + j]);
        if (e)
            return e;
    }
    out->i = base + nj;
    return CM_OK;
}

CmErr rc_lower_flat(RcCx *cx, const CtType *t, const WrcVal *v, RcFlat *out)
{
    WrVal x = {.u64 = 0};
    uint32_t a, b;
    const RcInfo *ti = info(cx, t);
    if (!ti)
        return cx->code;
    switch (t->kind) {
    case CT_RECORD:
    case CT_TUPLE:
        for (uint32_t i = 0; i < v->u.list.n; i++)
            if (rc_lower_flat(cx, ti->types[i], &v->u.list.elems[i], out))
                return cx->code;
        return CM_OK;
    case CT_VARIANT:
    case CT_ENUM:
    case CT_OPTION:
    case CT_RESULT: return lower_flat_variant(cx, ti, v, out);
    case CT_STRING:
    case CT_LIST:
        if (t->kind == CT_STRING ? store_string(cx, v, &a, &b) : store_list(cx, t, ti->elem, v, &a, &b))
            return cx->code;
        if (put_flat(cx, out, (WrVal){.u64 = a}))
            return cx->code;
        return put_flat(cx, out, (WrVal){.u64 = b});
    case CT_BOOL: x.u64 = v->u.b != 0; break;
    case CT_S8: x.u64 = (uint32_t)(int32_t)v->u.s8; break;
    case CT_U8: x.u64 = v->u.u8; break;
    case CT_S16: x.u64 = (uint32_t)(int32_t)v->u.s16; break;
    case CT_U16: x.u64 = v->u.u16; break;
    case CT_S32:
    case CT_U32:
    case CT_CHAR: x.u64 = v->u.u32; break;
    case CT_S64:
    case CT_U64: x.u64 = v->u.u64; break;
    case CT_F32: x.f32 = v->u.f32; break;
    case CT_F64: x.f64 = v->u.f64; break;
    case CT_FLAGS: x.u64 = v->u.flags; break;
    case CT_OWN:
    case CT_BORROW:
        if (rc_lower_handle(cx, t, v, &a))
            return cx->code;
        x.u64 = a;
        break;
    default: return rc_fail(cx, CM_E_CV_UNSUPPORTED, "type %s in a value", ct_kind_name(t->kind));
    }
    return put_flat(cx, out, x);
}

void rc_params_layout(const CtType *fn, uint32_t *out_size, uint32_t *out_align)
{
    uint32_t off = 0, al = 1;
    for (uint32_t i = 0; i < fn->n; i++) {
        uint32_t a = cabi_alignment(fn->fields[i].type);
        off = cabi_align_to(off, a) + cabi_size(fn->fields[i].type);
        if (a > al)
            al = a;
    }
    *out_size = cabi_align_to(off, al);
    *out_align = al;
}
