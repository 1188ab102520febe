/* witenc.h - a resolved WIT world encoded as a component type, the payload
 * of the `component-type` custom section that `witc component embed` puts
 * into a core module and `witc component new` reads back.
 *
 * The layout is the one wit-component (wasm-tools) writes, so that
 * `wasm-tools component new` and `wasm-tools component wit` understand it:
 *
 *   (component
 *     (@custom "wit-component-encoding" "\04\<enc>")
 *     (type (component
 *       (type (component <the world: imports, then exports>))
 *       (export "ns:pkg/world@ver" (component (type 0)))))
 *     (export "<world>" (type 0)))
 *
 * Inside the world's component type every interface becomes an instance
 * type imported or exported under its name ("ns:pkg/iface@ver", or the
 * plain key of an inline interface); a type an interface `use`s from
 * another one is reached through `alias export` of that interface's
 * instance in the world plus `alias outer 1` inside the instance type, which
 * is what lets a decoder see that both name the same type.  Types are
 * defined on first use in dependency order, anonymous definitions and
 * function types are shared within one index space, and functions tied to
 * a resource come first in the order of their resource (as wit-component
 * does, so that our bytes and theirs are usually identical).
 */
#ifndef WITENC_H
#define WITENC_H

#include "buf.h"
#include "err.h"
#include "wit.h"

#include <stdint.h>

/* The string encoding recorded in `wit-component-encoding` (the canonical
 * option the core module's bindings were generated for). */
typedef enum WitEnc { WITENC_UTF8 = 0, WITENC_UTF16 = 1, WITENC_LATIN1_UTF16 = 2 } WitEnc;

/* Append to out the component binary for world `world` of r (the payload of
 * a `component-type` custom section; no section header).  Fails with
 * CM_E_OOM, or CM_E_WIT_RESOLVE (err->detail says why) if the world refers
 * to an interface type whose interface it neither imports nor exports. */
CmErr witenc_world(const WitResolve *r, uint32_t world, WitEnc enc, Buf *out, CmError *err);

/* The name of an interface as used in component import/export names:
 * "ns:pkg/iface@ver", or just its name when it has no package.  The string
 * lives in a. */
const char *witenc_iface_id(Arena *a, const WitResolve *r, uint32_t iface);

/* The name under which a world item is imported or exported: its key, or
 * the interface id for an item keyed by interface.  Lives in a. */
const char *witenc_item_name(Arena *a, const WitResolve *r, const WitWorldItem *it);

#endif
