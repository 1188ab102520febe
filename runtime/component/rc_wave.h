/* rc_wave.h - WAVE, the WebAssembly Value Encoding (the text form of
 * component values used by wasmtime --invoke and wasm-wave): parse a value
 * of a known type into a WrcVal, print a WrcVal of a known type.
 *
 *   bool: true false          numbers: 1 -2 3.5 nan inf -inf
 *   char: 'x' '\n' '\u{1F600}' string: "a\"b"
 *   list: [1, 2]              record: {a: 1, b-c: "x"}   tuple: (1, "x")
 *   variant/enum: case, case(payload)   option: some(x) none (or a bare x)
 *   result: ok, ok(x), err, err(x)      flags: {read, write}
 * Labels that are keywords are written with a leading '%'.
 */
#ifndef RC_WAVE_H
#define RC_WAVE_H

#include "arena.h"
#include "buf.h"
#include "ctypes.h"
#include "wrun_component.h"

/* Parse one value of type t from s[*pos..len); values live in a.  Returns 0,
 * or -1 with a message in err (cap bytes). */
int rc_wave_parse(Arena *a, const CtType *t, const char *s, size_t len, size_t *pos, WrcVal *out,
                  char *err, size_t cap);

/* Parse "name(arg, ...)" for function type ft: *out_name is the name (in a),
 * *out_args the ft->n arguments.  Returns 0 or -1 with err. */
int rc_wave_parse_call(Arena *a, const char *s, char **out_name, char *err, size_t cap);
int rc_wave_parse_args(Arena *a, const CtType *ft, const char *s, WrcVal **out_args, char *err,
                       size_t cap);

/* Append v (of type t) in WAVE syntax. */
void rc_wave_print(Buf *b, const CtType *t, const WrcVal *v);

#endif
