/* winstr.c - core instruction table, reader and writer (core spec 2.0, 5.4).
 *
 * The reader is table-driven: the opcode selects a row of opcodes.def and
 * the row's immediate kind says what follows.  Everything the binary format
 * makes malformed is checked here; typing is left to the validator.
 */
#include "winstr.h"

#include "reader.h"

#include <string.h>

#define NO WT_NO
#define XX WT_XX
#define I32 WT_I32
#define I64 WT_I64
#define F32 WT_F32
#define F64 WT_F64
#define V128 WT_V128

const WOpInfo winstr_ops[WOP__COUNT] = {
#define WOP(id, nm, pfx, cd, im, mm, p1, p2, p3, r)                                                \
    [WOP_##id] = {.name = nm,                                                                      \
                  .prefix = pfx,                                                                   \
                  .imm = WIMM_##im,                                                                \
                  .mem = mm,                                                                       \
                  .fixed = (r) != XX,                                                              \
                  .code = cd,                                                                      \
                  .nparams = ((p1) != NO && (p1) != XX) + ((p2) != NO && (p2) != XX) +             \
                             ((p3) != NO && (p3) != XX),                                           \
                  .params = {(p1) == XX ? NO : (p1), (p2) == XX ? NO : (p2),                       \
                             (p3) == XX ? NO : (p3)},                                              \
                  .result = (r) == XX ? NO : (r)},
#include "opcodes.def"
#undef WOP
};

#undef NO
#undef XX
#undef I32
#undef I64
#undef F32
#undef F64
#undef V128

/* Decode map built at compile time from the same table: slot
 * (prefix group * 256 + code) holds WOp + 1, 0 = no such opcode.  Every
 * sub-opcode of Wasm 2.0 is below 256. */
#define MAP_SLOT(pfx, cd) (((pfx) == 0xFC ? 256 : (pfx) == 0xFD ? 512 : 0) + (cd))
static const uint16_t opmap[768] = {
#define WOP(id, nm, pfx, cd, im, mm, p1, p2, p3, r) [MAP_SLOT(pfx, cd)] = WOP_##id + 1,
#include "opcodes.def"
#undef WOP
};

WOp winstr_lookup(uint8_t prefix, uint32_t code)
{
    if (code > 0xFF || (prefix != 0 && prefix != 0xFC && prefix != 0xFD))
        return WOP__COUNT;
    uint16_t v = opmap[MAP_SLOT(prefix, code)];
    return v ? (WOp)(v - 1) : WOP__COUNT;
}

const char *wtype_name(uint8_t b)
{
    switch (b) {
    case WT_I32: return "i32";
    case WT_I64: return "i64";
    case WT_F32: return "f32";
    case WT_F64: return "f64";
    case WT_V128: return "v128";
    case WT_FUNCREF: return "funcref";
    case WT_EXTERNREF: return "externref";
    case WT_EMPTY: return "empty";
    default: return "?";
    }
}

/* blocktype ::= 0x40 | valtype | s33 type index (>= 0). */
static CmErr read_blocktype(const uint8_t **p, const uint8_t *end, WInstr *out)
{
    if (*p >= end)
        return CM_E_UNEXPECTED_END;
    uint8_t b = **p;
    if (b == WT_EMPTY || wtype_is_val(b)) {
        out->bt_type = b;
        (*p)++;
        return CM_OK;
    }
    const uint8_t *at = *p;
    int64_t v;
    CmErr e = rd_sleb33(p, end, &v);
    if (e)
        return e;
    if (v < 0) {
        *p = at;
        return CM_E_MALFORMED_VALTYPE;
    }
    out->bt_type = 0;
    out->bt_index = (uint32_t)v;
    return CM_OK;
}

static CmErr read_zero(const uint8_t **p, const uint8_t *end)
{
    uint8_t b;
    CmErr e = rd_u8(p, end, &b);
    if (e)
        return e;
    if (b != 0) {
        (*p)--;
        return CM_E_ZERO_BYTE;
    }
    return CM_OK;
}

static CmErr read_memarg(const uint8_t **p, const uint8_t *end, WInstr *out)
{
    const uint8_t *at = *p;
    CmErr e = rd_uleb32(p, end, &out->align);
    if (e)
        return e;
    /* Bit 6 would announce a memory index (multi-memory), and alignments of
     * 2^32 and more cannot be natural for any access: both are malformed. */
    if (out->align >= 32) {
        *p = at;
        return CM_E_MEMOP_FLAGS;
    }
    uint32_t off;
    e = rd_uleb32(p, end, &off);
    out->offset = off;
    return e;
}

/* vec(labelidx) labelidx: scan once to check, keep the raw bytes. */
static CmErr read_br_table(const uint8_t **p, const uint8_t *end, WInstr *out)
{
    /* No plausibility check on the count: like the reference decoder we read
     * labels until the input says otherwise, which gives the spec's errors. */
    CmErr e = rd_uleb32(p, end, &out->count);
    if (e)
        return e;
    out->vec = *p;
    for (uint32_t i = 0; i < out->count; i++) {
        uint32_t l;
        if ((e = rd_uleb32(p, end, &l)))
            return e;
    }
    out->vec_len = (uint32_t)(*p - out->vec);
    return rd_uleb32(p, end, &out->idx);
}

static CmErr read_select_types(const uint8_t **p, const uint8_t *end, WInstr *out)
{
    CmErr e = rd_uleb32(p, end, &out->count);
    if (e)
        return e;
    out->vec = *p;
    for (uint32_t i = 0; i < out->count; i++) {
        if (*p >= end)
            return CM_E_UNEXPECTED_END;
        if (!wtype_is_val(**p))
            return CM_E_MALFORMED_VALTYPE;
        (*p)++;
    }
    out->vec_len = out->count;
    return CM_OK;
}

static CmErr read_imm(const uint8_t **p, const uint8_t *end, WImm imm, WInstr *out)
{
    CmErr e = CM_OK;
    const uint8_t *b;
    int32_t s32;
    switch (imm) {
    case WIMM_NONE:
        return CM_OK;
    case WIMM_BLOCKTYPE:
        return read_blocktype(p, end, out);
    case WIMM_LABEL: case WIMM_FUNC: case WIMM_LOCAL: case WIMM_GLOBAL:
    case WIMM_TABLE: case WIMM_DATA: case WIMM_ELEM:
        return rd_uleb32(p, end, &out->idx);
    case WIMM_BR_TABLE:
        return read_br_table(p, end, out);
    case WIMM_CALL_INDIRECT: case WIMM_TABLE_INIT: case WIMM_TABLE_COPY:
        if (!(e = rd_uleb32(p, end, &out->idx)))
            e = rd_uleb32(p, end, &out->idx2);
        return e;
    case WIMM_MEMARG:
        return read_memarg(p, end, out);
    case WIMM_MEMARG_LANE:
        if (!(e = read_memarg(p, end, out)))
            e = rd_u8(p, end, &out->lane);
        return e;
    case WIMM_I32:
        if (!(e = rd_sleb32(p, end, &s32)))
            out->i64 = s32;
        return e;
    case WIMM_I64:
        return rd_sleb64(p, end, &out->i64);
    case WIMM_F32:
        if (!(e = rd_bytes(p, end, 4, &b)))
            out->bits = (uint64_t)b[0] | (uint64_t)b[1] << 8 | (uint64_t)b[2] << 16 |
                        (uint64_t)b[3] << 24;
        return e;
    case WIMM_F64:
        return rd_u64le(p, end, &out->bits);
    case WIMM_MEMIDX:
        return read_zero(p, end);
    case WIMM_MEMORY_INIT:
        if (!(e = rd_uleb32(p, end, &out->idx)))
            e = read_zero(p, end);
        return e;
    case WIMM_MEMORY_COPY:
        if (!(e = read_zero(p, end)))
            e = read_zero(p, end);
        return e;
    case WIMM_SELECT_T:
        return read_select_types(p, end, out);
    case WIMM_REFTYPE:
        if ((e = rd_u8(p, end, &out->reftype)))
            return e;
        if (!wtype_is_ref(out->reftype)) {
            (*p)--;
            return CM_E_MALFORMED_REFTYPE;
        }
        return CM_OK;
    case WIMM_V128: case WIMM_SHUFFLE:
        if (!(e = rd_bytes(p, end, 16, &b)))
            memcpy(out->v128, b, 16);
        return e;
    case WIMM_LANE:
        return rd_u8(p, end, &out->lane);
    case WIMM__COUNT:
        break;
    }
    return CM_E_ILLEGAL_OPCODE;
}

CmErr winstr_next(const uint8_t **p, const uint8_t *end, WInstr *out)
{
    const uint8_t *start = *p;
    memset(out, 0, sizeof *out);
    out->start = start;
    uint8_t b;
    CmErr e = rd_u8(p, end, &b);
    if (e)
        return e;
    WOp op;
    if (b == 0xFC || b == 0xFD) {
        uint32_t sub;
        if ((e = rd_uleb32(p, end, &sub)))
            return e;
        op = winstr_lookup(b, sub);
    } else {
        op = winstr_lookup(0, b);
    }
    if (op == WOP__COUNT) {
        *p = start;
        return CM_E_ILLEGAL_OPCODE;
    }
    out->op = op;
    return read_imm(p, end, (WImm)winstr_ops[op].imm, out);
}

void winstr_br_table_targets(const WInstr *in, uint32_t *out)
{
    const uint8_t *p = in->vec, *end = in->vec + in->vec_len;
    for (uint32_t i = 0; i < in->count; i++)
        if (rd_uleb32(&p, end, &out[i]))
            out[i] = 0; /* unreachable: checked by winstr_next */
}

CmErr winstr_scan(WBlockScan *s, const WInstr *in, int *out_done)
{
    *out_done = 0;
    switch (in->op) {
    case WOP_BLOCK: case WOP_LOOP: case WOP_IF:
        if (s->depth >= WSCAN_MAX_DEPTH)
            return CM_E_LIMIT;
        if (in->op == WOP_IF)
            s->is_if[s->depth / 8] |= (uint8_t)(1u << (s->depth % 8));
        else
            s->is_if[s->depth / 8] &= (uint8_t)~(1u << (s->depth % 8));
        s->depth++;
        return CM_OK;
    case WOP_ELSE: {
        /* `else` belongs to the innermost open `if`, once. */
        if (s->depth == 0)
            return CM_E_END_EXPECTED;
        uint32_t d = s->depth - 1;
        uint8_t bit = (uint8_t)(1u << (d % 8));
        if (!(s->is_if[d / 8] & bit))
            return CM_E_END_EXPECTED;
        s->is_if[d / 8] &= (uint8_t)~bit;
        return CM_OK;
    }
    case WOP_END:
        if (s->depth == 0)
            *out_done = 1;
        else
            s->depth--;
        return CM_OK;
    default:
        return CM_OK;
    }
}

CmErr winstr_skip_expr(const uint8_t **p, const uint8_t *end)
{
    WBlockScan scan = {0};
    WInstr in;
    int done = 0;
    while (!done) {
        if (*p >= end)
            return CM_E_UNEXPECTED_END;
        const uint8_t *at = *p;
        CmErr e = winstr_next(p, end, &in);
        if (!e)
            e = winstr_scan(&scan, &in, &done);
        if (e) {
            if (e == CM_E_END_EXPECTED || e == CM_E_LIMIT)
                *p = at;
            return e;
        }
    }
    return CM_OK;
}

static void write_imm(Buf *b, const WInstr *in)
{
    switch ((WImm)winstr_ops[in->op].imm) {
    case WIMM_NONE: case WIMM__COUNT:
        break;
    case WIMM_BLOCKTYPE:
        if (in->bt_type)
            buf_byte(b, in->bt_type);
        else
            buf_sleb(b, (int64_t)in->bt_index);
        break;
    case WIMM_LABEL: case WIMM_FUNC: case WIMM_LOCAL: case WIMM_GLOBAL:
    case WIMM_TABLE: case WIMM_DATA: case WIMM_ELEM:
        buf_uleb(b, in->idx);
        break;
    case WIMM_BR_TABLE:
        buf_uleb(b, in->count);
        buf_put(b, in->vec, in->vec_len);
        buf_uleb(b, in->idx);
        break;
    case WIMM_CALL_INDIRECT: case WIMM_TABLE_INIT: case WIMM_TABLE_COPY:
        buf_uleb(b, in->idx);
        buf_uleb(b, in->idx2);
        break;
    case WIMM_MEMARG: case WIMM_MEMARG_LANE:
        buf_uleb(b, in->align);
        buf_uleb(b, in->offset);
        if (winstr_ops[in->op].imm == WIMM_MEMARG_LANE)
            buf_byte(b, in->lane);
        break;
    case WIMM_I32: case WIMM_I64:
        buf_sleb(b, in->i64);
        break;
    case WIMM_F32:
        buf_u32le(b, (uint32_t)in->bits);
        break;
    case WIMM_F64:
        buf_u64le(b, in->bits);
        break;
    case WIMM_MEMIDX:
        buf_byte(b, 0);
        break;
    case WIMM_MEMORY_INIT:
        buf_uleb(b, in->idx);
        buf_byte(b, 0);
        break;
    case WIMM_MEMORY_COPY:
        buf_byte(b, 0);
        buf_byte(b, 0);
        break;
    case WIMM_SELECT_T:
        buf_uleb(b, in->count);
        buf_put(b, in->vec, in->vec_len);
        break;
    case WIMM_REFTYPE:
        buf_byte(b, in->reftype);
        break;
    case WIMM_V128: case WIMM_SHUFFLE:
        buf_put(b, in->v128, 16);
        break;
    case WIMM_LANE:
        buf_byte(b, in->lane);
        break;
    }
}

void winstr_write(Buf *b, const WInstr *in)
{
    if ((unsigned)in->op >= WOP__COUNT) {
        b->failed = 1;
        return;
    }
    const WOpInfo *o = &winstr_ops[in->op];
    if (o->prefix) {
        buf_byte(b, o->prefix);
        buf_uleb(b, o->code);
    } else {
        buf_byte(b, (uint8_t)o->code);
    }
    write_imm(b, in);
}

void winstr_write_br_table(Buf *b, const uint32_t *labels, uint32_t n, uint32_t default_label)
{
    buf_byte(b, 0x0E);
    buf_uleb(b, n);
    for (uint32_t i = 0; i < n; i++)
        buf_uleb(b, labels[i]);
    buf_uleb(b, default_label);
}
