/* compprint.h - a world decoded from a component (compdec.h) printed the
 * way `wasm-tools component wit` prints it (wit-component's WitPrinter):
 * the world's package first, then every other package as a nested
 * `package ns:name { ... }` block, blank lines between the items of a
 * block but not between imports or between `use` lines. */
#ifndef COMPPRINT_H
#define COMPPRINT_H

#include "buf.h"
#include "wit.h"

void compprint_world(const WitResolve *r, uint32_t world, Buf *out);

#endif
