/* winstr.h - the core instruction table and a streaming instruction reader/writer.
 *
 * Spec: core 2.0, 5.4 "Instructions".  The opcode set comes from opcodes.def
 * (see the parameter description there).  winstr_next decodes one instruction
 * (opcode + immediates) at *p, checking everything the binary format itself
 * makes malformed (unknown opcode, LEB ranges, the reserved zero bytes,
 * memarg flags, block/value/reference type bytes).  It does no type checking
 * and keeps no nesting state: `end` is just an instruction; callers that need
 * to know where an expression stops count blocks themselves (see
 * winstr_skip_expr).  No allocation: variable-length immediates (br_table
 * labels, select types) are returned as a pointer to their encoded bytes
 * plus a count, and can be expanded with winstr_br_table_targets.
 */
#ifndef CM_WINSTR_H
#define CM_WINSTR_H

#include "buf.h"
#include "err.h"
#include "wtype.h"

#include <stddef.h>
#include <stdint.h>

typedef enum WImm {
    WIMM_NONE,
    WIMM_BLOCKTYPE,
    WIMM_LABEL,
    WIMM_BR_TABLE,
    WIMM_FUNC,
    WIMM_CALL_INDIRECT,
    WIMM_LOCAL,
    WIMM_GLOBAL,
    WIMM_TABLE,
    WIMM_MEMARG,
    WIMM_I32,
    WIMM_I64,
    WIMM_F32,
    WIMM_F64,
    WIMM_MEMIDX,
    WIMM_MEMORY_INIT,
    WIMM_MEMORY_COPY,
    WIMM_DATA,
    WIMM_ELEM,
    WIMM_TABLE_INIT,
    WIMM_TABLE_COPY,
    WIMM_SELECT_T,
    WIMM_REFTYPE,
    WIMM_V128,
    WIMM_LANE,
    WIMM_MEMARG_LANE,
    WIMM_SHUFFLE,
    WIMM__COUNT
} WImm;

typedef enum WOp {
#define WOP(id, name, pfx, code, imm, mem, p1, p2, p3, r) WOP_##id,
#include "opcodes.def"
#undef WOP
    WOP__COUNT
} WOp;

/* One row of opcodes.def. */
typedef struct WOpInfo {
    const char *name;   /* text-format name */
    uint8_t prefix;     /* 0x00, 0xFC or 0xFD */
    uint8_t imm;        /* WImm */
    uint8_t mem;        /* bytes accessed by a memory op, else 0 */
    uint8_t fixed;      /* 1 if params/result below are the whole type */
    uint32_t code;      /* opcode byte or prefixed sub-opcode */
    uint8_t nparams;    /* number of params used (0..3), when fixed */
    uint8_t params[3];  /* WValType, deepest first; WT_NO when unused */
    uint8_t result;     /* WValType or WT_NO */
} WOpInfo;

/* The table, indexed by WOp. */
extern const WOpInfo winstr_ops[WOP__COUNT];

/* The operation with this encoding, or WOP__COUNT if none. */
WOp winstr_lookup(uint8_t prefix, uint32_t code);

/* A decoded instruction.  Which fields are meaningful depends on
 * winstr_ops[op].imm; the rest are zero. */
typedef struct WInstr {
    WOp op;
    const uint8_t *start;   /* first byte of the instruction (its prefix) */
    uint32_t idx;           /* LABEL FUNC LOCAL GLOBAL TABLE DATA ELEM: the index;
                               CALL_INDIRECT: type; MEMORY_INIT: data;
                               TABLE_INIT: elem; TABLE_COPY: destination */
    uint32_t idx2;          /* CALL_INDIRECT, TABLE_INIT: table; TABLE_COPY: source */
    /* BLOCKTYPE: bt_type is WT_EMPTY, a value type byte, or 0 when the block
     * has the function type bt_index. */
    uint8_t bt_type;
    uint32_t bt_index;
    uint32_t align;         /* MEMARG*: log2 alignment (< 32) */
    uint64_t offset;        /* MEMARG*: offset (u32 in Wasm 2.0) */
    uint8_t lane;           /* LANE, MEMARG_LANE: the lane index (unchecked range) */
    uint8_t reftype;        /* REFTYPE: WT_FUNCREF or WT_EXTERNREF */
    int64_t i64;            /* I32 (sign-extended), I64 */
    uint64_t bits;          /* F32 (low 32 bits), F64: the raw IEEE bits */
    uint8_t v128[16];       /* V128 bytes (little-endian), SHUFFLE lane indices */
    /* BR_TABLE: count labels encoded at `vec` (`vec_len` bytes), then the
     * default label in idx.  SELECT_T: count type bytes at `vec`. */
    uint32_t count;
    const uint8_t *vec;
    uint32_t vec_len;
} WInstr;

/* Decode one instruction at *p (bounded by end) into *out and advance *p.
 * On error *p points at the offending byte (the opcode for an unknown
 * opcode, else the bad immediate) and *out is unspecified.  Errors:
 * UNEXPECTED_END, LEB_*, ILLEGAL_OPCODE, ZERO_BYTE, MEMOP_FLAGS,
 * MALFORMED_VALTYPE, MALFORMED_REFTYPE, LENGTH_OUT_OF_BOUNDS. */
CmErr winstr_next(const uint8_t **p, const uint8_t *end, WInstr *out);

/* Expand the br_table labels of in (from winstr_next) into out[0..in->count).
 * Cannot fail: winstr_next already checked the encoding. */
void winstr_br_table_targets(const WInstr *in, uint32_t *out);

/* Block structure of an instruction sequence (5.4.1): block/loop/if open,
 * `else` may appear once in an open `if`, `end` closes; the `end` at depth
 * 0 closes the expression.  The caller owns the state (no allocation);
 * nesting deeper than WSCAN_MAX_DEPTH is an implementation limit. */
#define WSCAN_MAX_DEPTH 4096u
typedef struct WBlockScan {
    uint32_t depth;
    uint8_t is_if[WSCAN_MAX_DEPTH / 8]; /* bit d: block at depth d is an if before its else */
} WBlockScan;

/* Feed one decoded instruction.  Sets *out_done when it was the final `end`.
 * Errors: END_EXPECTED ("END opcode expected") for an `else` outside an
 * `if` (the reference decoder expects the `end` there), LIMIT. */
CmErr winstr_scan(WBlockScan *s, const WInstr *in, int *out_done);

/* Read instructions from *p until the `end` that closes the expression,
 * leaving *p after it.  Used for constant expressions.  Returns
 * UNEXPECTED_END if the bytes run out first, or a winstr_next/winstr_scan
 * error; *p then points at the problem. */
CmErr winstr_skip_expr(const uint8_t **p, const uint8_t *end);

/* Write in (op + immediates) in canonical form (shortest LEBs).  BR_TABLE
 * and SELECT_T copy in->vec verbatim.  Errors are reported through b->failed. */
void winstr_write(Buf *b, const WInstr *in);
/* Write a br_table from decoded labels (for code builders and tests). */
void winstr_write_br_table(Buf *b, const uint32_t *labels, uint32_t n, uint32_t default_label);

#endif
