/* buf.h - a growable byte buffer, with the writers of the binary formats.
 *
 * Used both for binary output (LEB128, names, sections) and for building
 * text.  A Buf owns its heap memory: buf_release frees it, buf_take hands it
 * to the caller.  Allocation failure sets `failed` and turns later writes
 * into no-ops, so an encoder can write everything and check once at the end.
 */
#ifndef CM_BUF_H
#define CM_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

typedef struct Buf {
    uint8_t *data;
    size_t len;
    size_t cap;
    int failed; /* an allocation failed; contents are incomplete */
} Buf;

void buf_init(Buf *b);
void buf_release(Buf *b);
/* Hand data to the caller (who frees it with free()); b becomes empty. */
uint8_t *buf_take(Buf *b, size_t *out_len);
/* Make room for n more bytes; returns 0 on failure (and sets failed). */
int buf_reserve(Buf *b, size_t n);

void buf_put(Buf *b, const void *p, size_t n);
void buf_byte(Buf *b, uint8_t v);
void buf_u32le(Buf *b, uint32_t v);
void buf_u64le(Buf *b, uint64_t v);
void buf_uleb(Buf *b, uint64_t v);
void buf_sleb(Buf *b, int64_t v);
/* u32 length + bytes (a binary-format name). */
void buf_name(Buf *b, const char *s, size_t len);
/* Text helpers; the buffer is kept NUL-terminated after each of them (the
 * NUL is not counted in len). */
void buf_str(Buf *b, const char *s);
void buf_printf(Buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void buf_vprintf(Buf *b, const char *fmt, va_list ap);
/* The contents as a C string (valid until the next write). */
const char *buf_cstr(Buf *b);

/* Number of bytes buf_uleb would write for v. */
size_t buf_uleb_size(uint64_t v);

#endif
