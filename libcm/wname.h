/* wname.h - the "name" custom section (core spec 2.0, Appendix 7.4).
 *
 * Decoded leniently: the spec says a malformed custom section must not make
 * the module malformed, so errors stop decoding and leave what was read.
 */
#ifndef CM_WNAME_H
#define CM_WNAME_H

#include "wmod.h"

/* Decode the payload (after the section name) of a "name" section into an
 * arena-owned WNames.  Returns NULL only on allocation failure. */
WNames *wname_decode(Arena *a, const uint8_t *data, size_t len);

#endif
