/* compwit.h - `witc component wit`: the world of a component printed as
 * WIT, the text `wasm-tools component wit` prints for it. */
#ifndef COMPWIT_H
#define COMPWIT_H

#include "buf.h"
#include "err.h"

#include <stddef.h>
#include <stdint.h>

/* Print the world of the component data[0..len) (file names it in
 * messages) into out.  On failure appends the diagnostic to msg. */
CmErr compwit_print(const char *file, const uint8_t *data, size_t len, Buf *out, Buf *msg);

/* The declarators of the world type in a component-type payload (NULL, 0
 * when it has no such type). */
#include "wcomp.h"
const WcDecl *world_decls(const WcComponent *c);
uint32_t world_ndecls(const WcComponent *c);

#endif
