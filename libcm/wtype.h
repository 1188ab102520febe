/* wtype.h - core WebAssembly value and reference types (core spec 5.3.1-5.3.3).
 *
 * A value type is kept as its binary byte, so that decoding and encoding
 * need no translation table and the IR can hold types as plain bytes.
 */
#ifndef CM_WTYPE_H
#define CM_WTYPE_H

#include <stdint.h>

typedef enum WValType {
    WT_NO = 0x00,        /* "no type": an unused signature slot */
    WT_I32 = 0x7F,
    WT_I64 = 0x7E,
    WT_F32 = 0x7D,
    WT_F64 = 0x7C,
    WT_V128 = 0x7B,
    WT_FUNCREF = 0x70,
    WT_EXTERNREF = 0x6F,
    WT_EMPTY = 0x40,     /* the empty block type */
    WT_XX = 0xFF         /* opcodes.def: not a fixed signature */
} WValType;

/* 1 if b is the byte of a value type of Wasm 2.0 (numeric, vector or reference). */
static inline int wtype_is_val(uint8_t b)
{
    return (b >= WT_V128 && b <= WT_I32) || b == WT_FUNCREF || b == WT_EXTERNREF;
}

/* 1 if b is a reference type byte. */
static inline int wtype_is_ref(uint8_t b)
{
    return b == WT_FUNCREF || b == WT_EXTERNREF;
}

/* The text name of a type byte ("i32", "funcref"), "?" if unknown. */
const char *wtype_name(uint8_t b);

#endif
