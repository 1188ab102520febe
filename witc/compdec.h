/* compdec.h - the WIT view of a component type: the imports and exports of
 * a world's component type (from a `component-type` custom section) or of
 * a whole component, turned back into WIT packages, interfaces and a world
 * in a WitResolve (after wit-component's decoding.rs).
 *
 * An instance named `ns:pkg/iface@ver` becomes interface `iface` of package
 * `ns:pkg@ver` (created on first use and shared afterwards, which is how
 * several worlds are merged into one); an instance with a plain name
 * becomes an inline interface.  Types are recognised by identity in the
 * type model (ctypes.h): a type exported by an instance that another
 * interface or name already owns becomes a `use` (an alias type).
 */
#ifndef COMPDEC_H
#define COMPDEC_H

#include "ctypes.h"
#include "wit.h"

#include <stddef.h>

/* Add the imports and exports of ct (a CT_COMPONENT) to world `world` of
 * package `pkg` in r; both are created if r has none of that name, and an
 * existing world gains the items it lacks.  structural: ct is a whole
 * component's type, where equal named types of different interfaces are
 * taken as one (instantiation copies them).  On failure returns the code and
 * writes a message into msg[0..cap). */
CmErr compdec_world(WitResolve *r, const CtType *ct, const WitPkgName *pkg,
                    const char *world, int structural, uint32_t *out_world, char *msg,
                    size_t cap);

/* Split `ns:pkg/iface@ver` into a package name and an interface name (in
 * r's arena).  0 if name is not an interface name. */
int compdec_split_iface(WitResolve *r, const char *name, WitPkgName *out_pkg,
                        const char **out_iface);

#endif
