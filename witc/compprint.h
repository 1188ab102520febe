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
/* A whole package (a WIT package encoded as a component): its interfaces
 * and worlds, then the packages it uses. */
void compprint_package(const WitResolve *r, uint32_t pkg, Buf *out);

#endif
