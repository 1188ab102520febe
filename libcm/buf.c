/* buf.c - growable byte buffer and binary-format writers (see buf.h). */
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void buf_init(Buf *b)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->failed = 0;
}

void buf_release(Buf *b)
{
    free(b->data);
    buf_init(b);
}

uint8_t *buf_take(Buf *b, size_t *out_len)
{
    uint8_t *d = b->data;
    if (out_len)
        *out_len = b->len;
    buf_init(b);
    return d;
}

int buf_reserve(Buf *b, size_t n)
{
    if (b->failed)
        return 0;
    /* +1 keeps room for the NUL of the text helpers. */
    if (n >= SIZE_MAX - b->len - 1) {
        b->failed = 1;
        return 0;
    }
    size_t need = b->len + n + 1;
    if (need <= b->cap)
        return 1;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    uint8_t *d = realloc(b->data, cap);
    if (!d) {
        b->failed = 1;
        return 0;
    }
    b->data = d;
    b->cap = cap;
    return 1;
}

void buf_put(Buf *b, const void *p, size_t n)
{
    if (!n || !buf_reserve(b, n))
        return;
    memcpy(b->data + b->len, p, n);
    b->len += n;
}

void buf_byte(Buf *b, uint8_t v)
{
    if (!buf_reserve(b, 1))
        return;
    b->data[b->len++] = v;
}

void buf_u32le(Buf *b, uint32_t v)
{
    uint8_t t[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    buf_put(b, t, 4);
}

void buf_u64le(Buf *b, uint64_t v)
{
    buf_u32le(b, (uint32_t)v);
    buf_u32le(b, (uint32_t)(v >> 32));
}

void buf_uleb(Buf *b, uint64_t v)
{
    do {
        uint8_t byte = v & 0x7f;
        v >>= 7;
        buf_byte(b, v ? byte | 0x80 : byte);
    } while (v);
}

void buf_sleb(Buf *b, int64_t v)
{
    for (;;) {
        uint8_t byte = v & 0x7f;
        v >>= 7; /* arithmetic shift: gcc and clang define it */
        int done = (v == 0 && !(byte & 0x40)) || (v == -1 && (byte & 0x40));
        buf_byte(b, done ? byte : byte | 0x80);
        if (done)
            return;
    }
}

size_t buf_uleb_size(uint64_t v)
{
    size_t n = 1;
    while (v >>= 7)
        n++;
    return n;
}

void buf_name(Buf *b, const char *s, size_t len)
{
    buf_uleb(b, len);
    buf_put(b, s, len);
}

static void terminate(Buf *b)
{
    if (buf_reserve(b, 0))
        b->data[b->len] = '\0';
}

void buf_str(Buf *b, const char *s)
{
    buf_put(b, s, strlen(s));
    terminate(b);
}

void buf_vprintf(Buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0 || !buf_reserve(b, (size_t)n))
        return;
    vsnprintf((char *)b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void buf_printf(Buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(b, fmt, ap);
    va_end(ap);
}

const char *buf_cstr(Buf *b)
{
    terminate(b);
    return b->data ? (const char *)b->data : "";
}
