/* reader.h - bounded reads from a binary.
 *
 * Every function takes (const uint8_t **p, const uint8_t *end): it reads at
 * *p, advances *p past what it read, and never looks at or past end.  On
 * failure *p is left where the bad item starts (so errors point at it) and a
 * CmErr is returned.  LEB128 decoding follows the core spec exactly: at most
 * ceil(N/7) bytes, and the unused bits of the last byte must be a sign/zero
 * extension ("integer too large") - otherwise "integer representation too
 * long".
 */
#ifndef CM_READER_H
#define CM_READER_H

#include "err.h"

#include <stdint.h>

/* The commonest reads are inline with a one-byte fast path: decoding
 * function bodies (four passes per body at load) is mostly these. */
static inline CmErr rd_u8(const uint8_t **p, const uint8_t *end, uint8_t *out)
{
    if (*p >= end) {
        *out = 0; /* defined even on failure: callers' compilers cannot see it unused */
        return CM_E_UNEXPECTED_END;
    }
    *out = *(*p)++;
    return CM_OK;
}
CmErr rd_bytes(const uint8_t **p, const uint8_t *end, size_t n, const uint8_t **out);
CmErr rd_u32le(const uint8_t **p, const uint8_t *end, uint32_t *out);
CmErr rd_u64le(const uint8_t **p, const uint8_t *end, uint64_t *out);

CmErr rd_uleb32_slow(const uint8_t **p, const uint8_t *end, uint32_t *out);
CmErr rd_sleb32_slow(const uint8_t **p, const uint8_t *end, int32_t *out);
static inline CmErr rd_uleb32(const uint8_t **p, const uint8_t *end, uint32_t *out)
{
    if (*p < end && **p < 0x80) {
        *out = *(*p)++;
        return CM_OK;
    }
    return rd_uleb32_slow(p, end, out);
}
static inline CmErr rd_sleb32(const uint8_t **p, const uint8_t *end, int32_t *out)
{
    if (*p < end && **p < 0x80) { /* one byte: bit 6 is the sign */
        uint8_t b = *(*p)++;
        *out = (int32_t)b - (b & 0x40 ? 0x80 : 0);
        return CM_OK;
    }
    return rd_sleb32_slow(p, end, out);
}
CmErr rd_uleb64(const uint8_t **p, const uint8_t *end, uint64_t *out);
CmErr rd_sleb33(const uint8_t **p, const uint8_t *end, int64_t *out); /* block types */
CmErr rd_sleb64(const uint8_t **p, const uint8_t *end, int64_t *out);
/* Generic unsigned/signed LEB of `bits` width (1..64), for the odd widths. */
CmErr rd_uleb(const uint8_t **p, const uint8_t *end, unsigned bits, uint64_t *out);
CmErr rd_sleb(const uint8_t **p, const uint8_t *end, unsigned bits, int64_t *out);

/* A name: u32 length then that many bytes of valid UTF-8.  out points into
 * the input (not NUL-terminated). */
CmErr rd_name(const uint8_t **p, const uint8_t *end, const char **out, uint32_t *out_len);

/* A vector length that is plausible: each element needs at least min_elem
 * bytes, so a count larger than (end - *p) / min_elem is "length out of
 * bounds" before anything is allocated. */
CmErr rd_count(const uint8_t **p, const uint8_t *end, size_t min_elem, uint32_t *out);

#endif
