/* reader.c - bounded LEB128 / byte / name reads (core spec 5.2). */
#include "reader.h"

#include "utf8.h"

CmErr rd_bytes(const uint8_t **p, const uint8_t *end, size_t n, const uint8_t **out)
{
    if ((size_t)(end - *p) < n)
        return CM_E_UNEXPECTED_END;
    *out = *p;
    *p += n;
    return CM_OK;
}

CmErr rd_u32le(const uint8_t **p, const uint8_t *end, uint32_t *out)
{
    const uint8_t *b;
    CmErr e = rd_bytes(p, end, 4, &b);
    if (e)
        return e;
    *out = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
    return CM_OK;
}

CmErr rd_u64le(const uint8_t **p, const uint8_t *end, uint64_t *out)
{
    uint32_t lo, hi;
    CmErr e = rd_u32le(p, end, &lo);
    if (!e)
        e = rd_u32le(p, end, &hi);
    if (!e)
        *out = (uint64_t)hi << 32 | lo;
    return e;
}

CmErr rd_uleb(const uint8_t **p, const uint8_t *end, unsigned bits, uint64_t *out)
{
    const uint8_t *q = *p;
    uint64_t v = 0;
    unsigned shift = 0;
    for (;;) {
        if (q >= end)
            return CM_E_UNEXPECTED_END;
        uint8_t b = *q++;
        unsigned remaining = bits - shift; /* bits still wanted, > 0 */
        if (remaining < 7) {
            /* Last permitted byte: no continuation, and unused bits zero. */
            if (b & 0x80)
                return CM_E_LEB_TOO_LONG;
            if (b >> remaining)
                return CM_E_LEB_TOO_LARGE;
        }
        v |= (uint64_t)(b & 0x7f) << shift;
        shift += 7;
        if (!(b & 0x80))
            break;
        if (shift >= bits) /* continuation after the last full-width byte */
            return CM_E_LEB_TOO_LONG;
    }
    *p = q;
    *out = v;
    return CM_OK;
}

CmErr rd_sleb(const uint8_t **p, const uint8_t *end, unsigned bits, int64_t *out)
{
    const uint8_t *q = *p;
    uint64_t v = 0;
    unsigned shift = 0;
    uint8_t b;
    for (;;) {
        if (q >= end)
            return CM_E_UNEXPECTED_END;
        b = *q++;
        unsigned remaining = bits - shift;
        if (remaining < 7) {
            if (b & 0x80)
                return CM_E_LEB_TOO_LONG;
            /* Bits remaining-1 .. 6 must all equal the sign bit. */
            int sign = (b >> (remaining - 1)) & 1;
            uint8_t upper = (uint8_t)((b & 0x7f) >> (remaining - 1));
            uint8_t want = sign ? (uint8_t)(0x7f >> (remaining - 1)) : 0;
            if (upper != want)
                return CM_E_LEB_TOO_LARGE;
        }
        v |= (uint64_t)(b & 0x7f) << shift;
        shift += 7;
        if (!(b & 0x80))
            break;
        if (shift >= bits)
            return CM_E_LEB_TOO_LONG;
    }
    if (shift < 64 && (b & 0x40))
        v |= ~(uint64_t)0 << shift;
    *p = q;
    *out = (int64_t)v;
    return CM_OK;
}

CmErr rd_uleb32_slow(const uint8_t **p, const uint8_t *end, uint32_t *out)
{
    uint64_t v;
    CmErr e = rd_uleb(p, end, 32, &v);
    if (!e)
        *out = (uint32_t)v;
    return e;
}

CmErr rd_uleb64(const uint8_t **p, const uint8_t *end, uint64_t *out)
{
    return rd_uleb(p, end, 64, out);
}

CmErr rd_sleb32_slow(const uint8_t **p, const uint8_t *end, int32_t *out)
{
    int64_t v;
    CmErr e = rd_sleb(p, end, 32, &v);
    if (!e)
        *out = (int32_t)v;
    return e;
}

CmErr rd_sleb33(const uint8_t **p, const uint8_t *end, int64_t *out)
{
    return rd_sleb(p, end, 33, out);
}

CmErr rd_sleb64(const uint8_t **p, const uint8_t *end, int64_t *out)
{
    return rd_sleb(p, end, 64, out);
}

CmErr rd_name(const uint8_t **p, const uint8_t *end, const char **out, uint32_t *out_len)
{
    const uint8_t *start = *p;
    uint32_t len;
    const uint8_t *bytes;
    CmErr e = rd_uleb32(p, end, &len);
    if (e)
        return e;
    if ((size_t)(end - *p) < len) {
        *p = start;
        return CM_E_LENGTH_OUT_OF_BOUNDS;
    }
    rd_bytes(p, end, len, &bytes);
    if (!utf8_valid((const char *)bytes, len)) {
        *p = start;
        return CM_E_BAD_UTF8;
    }
    *out = (const char *)bytes;
    *out_len = len;
    return CM_OK;
}

CmErr rd_count(const uint8_t **p, const uint8_t *end, size_t min_elem, uint32_t *out)
{
    const uint8_t *start = *p;
    uint32_t n;
    CmErr e = rd_uleb32(p, end, &n);
    if (e)
        return e;
    if (min_elem && n > (size_t)(end - *p) / min_elem) {
        *p = start;
        return CM_E_LENGTH_OUT_OF_BOUNDS;
    }
    *out = n;
    return CM_OK;
}
