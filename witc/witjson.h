/* witjson.h - a WitResolve as JSON in the shape of wit-parser's `Resolve`
 * (what `wasm-tools component wit --json` prints): arrays "worlds",
 * "interfaces", "types", "packages" that refer to each other by index. */
#ifndef WITJSON_H
#define WITJSON_H

#include "buf.h"
#include "wit.h"

/* Append the JSON text to out (pretty-printed, 2-space indent). */
void witjson_write(const WitResolve *r, Buf *out);

#endif
