/* utf8.h - UTF-8 validation and decoding (RFC 3629: no overlongs, no
 * surrogates, nothing above U+10FFFF), shared by the binary readers, the WIT
 * lexer and the canonical ABI's string checks. */
#ifndef CM_UTF8_H
#define CM_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* 1 if s[0..len) is valid UTF-8. */
int utf8_valid(const char *s, size_t len);
/* Decode one scalar at s[0..len); returns its byte length (1-4) and sets
 * *out, or 0 if the sequence is invalid or truncated. */
int utf8_decode(const char *s, size_t len, uint32_t *out);
/* Encode scalar c into out (room for 4); returns the byte count, 0 if c is
 * not a Unicode scalar value. */
int utf8_encode(uint32_t c, char *out);

#endif
