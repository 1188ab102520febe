/* cabi.h - canonical-ABI layouts: the one implementation of size,
 * alignment, flattening and field/payload offsets for every part of the
 * toolchain (bindgen, runtime, compose).
 *
 * Follows CanonicalABI.md and definitions.py (component-model
 * design/mvp/canonical-abi/): alignment, elem_size, flatten_type,
 * flatten_functype, join, discriminant_type, despecialize.  Only the sync,
 * 32-bit-memory ABI of WASI 0.2: pointers and lengths are i32.
 *
 * All functions take resolved value types (ctypes.h).  Types that pass
 * ct_build are bounded in depth and size, so none of this can overflow.
 */
#ifndef CM_CABI_H
#define CM_CABI_H

#include "arena.h"
#include "ctypes.h"
#include "err.h"

#include <stddef.h>
#include <stdint.h>

#define CABI_MAX_FLAT_PARAMS 16
#define CABI_MAX_FLAT_RESULTS 1

/* Core value types of flattened signatures. */
typedef enum CabiFlat { CABI_I32, CABI_I64, CABI_F32, CABI_F64 } CabiFlat;

/* Which side of a canon definition a signature is for: they differ when
 * results do not fit in MAX_FLAT_RESULTS (lift returns a pointer, lower
 * takes an extra out-pointer parameter). */
typedef enum CabiContext { CABI_LIFT, CABI_LOWER } CabiContext;

/* The core signature of a component function. */
typedef struct CabiSig {
    CabiFlat params[CABI_MAX_FLAT_PARAMS + 1]; /* + the lower out-pointer */
    uint32_t nparams;
    CabiFlat results[CABI_MAX_FLAT_RESULTS];
    uint32_t nresults;
    uint8_t params_indirect;  /* params passed as one i32 pointer to a tuple in memory */
    uint8_t results_indirect; /* lift: returns a pointer; lower: trailing out-pointer param */
} CabiSig;

/* "i32", "i64", "f32", "f64". */
const char *cabi_flat_name(CabiFlat f);

uint32_t cabi_align_to(uint32_t off, uint32_t align);
uint32_t cabi_alignment(const CtType *t);
/* elem_size: bytes a value takes in linear memory (a multiple of alignment). */
uint32_t cabi_size(const CtType *t);

/* Bytes of the discriminant of a variant with n cases: 1 (n <= 256), 2, 4. */
uint32_t cabi_discriminant_size(uint32_t ncases);
/* Bytes (and alignment) of a flags value with n labels (1 <= n <= 32). */
uint32_t cabi_flags_size(uint32_t nlabels);

/* Variant-like types (variant, option, result, enum) seen as variants, and
 * record-like ones (record, tuple) as records, without allocating. */
uint32_t cabi_case_count(const CtType *t);
const CtType *cabi_case_type(const CtType *t, uint32_t i); /* NULL: no payload */
uint32_t cabi_field_count(const CtType *t);
const CtType *cabi_field_type(const CtType *t, uint32_t i);

/* Offset of field i of a record or tuple. */
uint32_t cabi_field_offset(const CtType *t, uint32_t i);
/* Offset of the payload of a variant-like type (after the discriminant). */
uint32_t cabi_payload_offset(const CtType *t);

/* join of two flat types at one position of a variant's payload. */
CabiFlat cabi_join(CabiFlat a, CabiFlat b);

/* Number of flat values of t (flags count 1: at most 32 labels). */
uint32_t cabi_flat_count(const CtType *t);
/* Flatten t into a fresh heap array of cabi_flat_count(t) values; the caller
 * frees *out.  Fails only with CM_E_OOM. */
CmErr cabi_flatten(const CtType *t, CabiFlat **out, uint32_t *out_n);
/* flatten_functype(sync, ft, context). */
CmErr cabi_flatten_func(const CtType *ft, CabiContext ctx, CabiSig *out);

/* The despecialized form of t, allocated in a: tuple -> record with fields
 * "0", "1"...; enum -> variant without payloads; option -> variant
 * {none, some(T)}; result -> variant {ok(T?), error(E?)}.  Other types are
 * returned as they are.  NULL on OOM. */
const CtType *cabi_despecialize(Arena *a, const CtType *t);

#endif
