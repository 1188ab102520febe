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

/* Which interface a `use`d type comes from, read off the binary (the type
 * model keeps identity, not the instance a type was aliased from):
 * interface `item` exports type `name` as an alias of type `from_name` of
 * the instance imported or exported as `from_item`. */
typedef struct CompUse {
    const char *item, *name, *from_item, *from_name;
} CompUse;

/* The instance type an interface item was declared with, when the binary
 * has one (imports, and everything in a world): function signatures are
 * read off it so that each parameter names the type the binary names (the
 * type model cannot tell `type headers = fields` from `fields`). */
typedef struct CompInst {
    const char *item;
    const WcType *type;
} CompInst;

typedef struct CompUses {
    CompUse *v;
    uint32_t n, cap;
    CompInst *insts;
    uint32_t ninsts, cinsts;
} CompUses;

/* Collect the uses of a world's component type (its declarators) or of a
 * component's own sections.  Strings live in a (or in the input).  0 on
 * allocation failure. */
int compdec_uses_decls(Arena *a, const WcDecl *decls, uint32_t n, CompUses *out);
int compdec_uses_component(Arena *a, const WcComponent *c, CompUses *out);

/* Add the imports and exports of ct (a CT_COMPONENT) to world `world` of
 * package `pkg` in r; both are created if r has none of that name, and an
 * existing world gains the items it lacks.  structural: ct is a whole
 * component's type, where equal named types of different interfaces are
 * taken as one (instantiation copies them).  uses may be NULL.  On failure returns the code and
 * writes a message into msg[0..cap). */
CmErr compdec_world(WitResolve *r, const CtType *ct, const CompUses *uses,
                    const WitPkgName *pkg, const char *world, int structural,
                    uint32_t *out_world, char *msg, size_t cap);

/* Split `ns:pkg/iface@ver` into a package name and an interface name (in
 * r's arena).  0 if name is not an interface name. */
int compdec_split_iface(WitResolve *r, const char *name, WitPkgName *out_pkg,
                        const char **out_iface);

#endif
