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

/* ---- component mode, for `witc component new` ----
 *
 * The same encoder writing a component's own sections instead of a type:
 * the world's imports become import sections (with the types and aliases
 * they need) and the types of lifted functions become type sections.  Each
 * declarator is cut into a one-item section by witenc_comp_flush, so the
 * caller can put its own sections in between; it keeps the type, function
 * and instance index spaces in step through witenc_comp_add.
 * Types of an interface other than `iface` are reached by `alias export`
 * of the instance bound to that interface (imported, or bound with
 * witenc_comp_bind_iface once exported); types of `iface` itself are
 * defined unnamed, except resources, which the caller defines and binds
 * with witenc_comp_bind_type. */
typedef struct WitencComp WitencComp;
typedef enum WitencSpace { WITENC_TYPE, WITENC_FUNC, WITENC_INSTANCE } WitencSpace;

CmErr witenc_comp_begin(const WitResolve *r, WitencComp **out, CmError *err);
void witenc_comp_end(WitencComp *c);
CmErr witenc_comp_import(WitencComp *c, const WitWorldItem *it);
/* The type index of t / of f's function type in the component. */
CmErr witenc_comp_type(WitencComp *c, uint32_t iface, WitTy t, uint32_t *out_idx);
CmErr witenc_comp_functype(WitencComp *c, uint32_t iface, const WitFunc *f, uint32_t *out_idx);
/* Take the next index of a space for an item the caller makes. */
uint32_t witenc_comp_add(WitencComp *c, WitencSpace space);
void witenc_comp_bind_type(WitencComp *c, uint32_t type_id, uint32_t idx);
void witenc_comp_bind_iface(WitencComp *c, uint32_t iface, uint32_t instance);
uint32_t witenc_comp_instance_of(const WitencComp *c, uint32_t iface); /* WIT_NONE: none */
/* Append the pending sections to out. */
void witenc_comp_flush(WitencComp *c, Buf *out);

/* One argument a shim component must be instantiated with. */
typedef struct WitencArg {
    const char *name; /* heap-owned (witenc_args_free) */
    int is_func;      /* 1: function `index` of the interface; 0: WIT type id `index` */
    uint32_t index;
} WitencArg;

/* The shim component that gives an exported interface its instance type:
 * it imports every named type the interface mentions ("import-type-NAME")
 * and its lifted functions ("import-func-NAME"), and exports them under
 * their names with the interface's types.  Appends the whole nested
 * component binary to out; *out_args (heap, witenc_args_free) lists the
 * instantiation arguments. */
CmErr witenc_shim(const WitResolve *r, uint32_t iface, Buf *out, WitencArg **out_args,
                  uint32_t *out_nargs, CmError *err);
void witenc_args_free(WitencArg *args, uint32_t n);

#endif
