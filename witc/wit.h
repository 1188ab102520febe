/* wit.h - the resolved WIT model (WitResolve) and the front end's entry points.
 *
 * Design after wit-parser (wasm-tools): everything lives in one arena, and
 * packages, interfaces, worlds and types refer to each other by index into
 * the arrays of WitResolve.  The indices are exactly the ones wit-parser
 * gives (and prints in `wasm-tools component wit --json`), so that index 0 is
 * a real item here; WIT_NONE marks "no item".  Types are stored in
 * dependency order: a type only refers to types with smaller indices, so
 * derived data can be computed in one forward pass.  Anonymous types (list,
 * option, result, tuple, borrow) are interned once per package.
 *
 * Pipeline: witlex (tokens) -> witparse (syntax tree, witast.h) -> witpkg
 * (one package: names, types, functions, local ids) -> witresolve (merge
 * packages in dependency order, feature gates, includes, world elaboration).
 * witload reads a directory with deps/ or a file.  witjson and witprint write
 * the result; no module here prints or exits.
 */
#ifndef WIT_H
#define WIT_H

#include "arena.h"
#include "err.h"

#include <stddef.h>
#include <stdint.h>

#define WIT_NONE UINT32_MAX

/* A type reference: a primitive code below WIT_TY_ID_BASE, or a type index
 * plus WIT_TY_ID_BASE.  WIT_TY_NONE means "absent" (no result, no payload). */
typedef uint32_t WitTy;
enum {
    WIT_TY_NONE = 0,
    WIT_TY_BOOL, WIT_TY_U8, WIT_TY_U16, WIT_TY_U32, WIT_TY_U64,
    WIT_TY_S8, WIT_TY_S16, WIT_TY_S32, WIT_TY_S64,
    WIT_TY_F32, WIT_TY_F64, WIT_TY_CHAR, WIT_TY_STRING,
    WIT_TY_ID_BASE = 32
};
#define WIT_TY_IS_ID(t) ((t) >= WIT_TY_ID_BASE)
#define WIT_TY_ID(t) ((uint32_t)((t) - WIT_TY_ID_BASE))
#define WIT_TY_OF(id) ((WitTy)((id) + WIT_TY_ID_BASE))

/* The spelling of a primitive ("u32"), or NULL for an id or none. */
const char *wit_prim_name(WitTy t);

/* @since / @unstable / @deprecated.  Versions are kept as written. */
typedef enum { WIT_STAB_UNKNOWN, WIT_STAB_STABLE, WIT_STAB_UNSTABLE } WitStabKind;
typedef struct WitStability {
    WitStabKind kind;
    const char *since;      /* stable: version */
    const char *feature;    /* unstable: feature name */
    const char *deprecated; /* either: version or NULL */
} WitStability;

typedef enum WitKind {
    WIT_K_ALIAS,    /* type x = ty (also `use`): ty */
    WIT_K_RECORD,   /* fields[].name/ty */
    WIT_K_VARIANT,  /* fields[].name/ty (ty may be NONE) */
    WIT_K_ENUM,     /* fields[].name */
    WIT_K_FLAGS,    /* fields[].name */
    WIT_K_TUPLE,    /* fields[].ty */
    WIT_K_LIST,     /* ty */
    WIT_K_OPTION,   /* ty */
    WIT_K_RESULT,   /* ty = ok, ty2 = err (either may be NONE) */
    WIT_K_RESOURCE,
    WIT_K_OWN,      /* ty = the resource (an id) */
    WIT_K_BORROW,   /* ty = the resource (an id) */
    WIT_K_UNKNOWN   /* placeholder for a foreign type during resolution */
} WitKind;

typedef enum { WIT_OWNER_NONE, WIT_OWNER_IFACE, WIT_OWNER_WORLD } WitOwnerKind;

typedef struct WitField {
    const char *name; /* NULL for tuple members */
    WitTy ty;
    const char *docs; /* NULL when there are none */
    uint32_t span;
} WitField;

typedef struct WitTypeDef {
    const char *name; /* NULL: anonymous */
    WitKind kind;
    WitTy ty, ty2;
    WitField *fields;
    uint32_t nfields;
    WitOwnerKind owner_kind;
    uint32_t owner;   /* interface or world index */
    const char *docs;
    WitStability stab;
    uint32_t span;    /* source position (WitSource offset space) */
    uint8_t has_borrow; /* contains a `borrow` (derived, set when appended) */
} WitTypeDef;

typedef enum { WIT_FN_FREE, WIT_FN_METHOD, WIT_FN_STATIC, WIT_FN_CONSTRUCTOR } WitFuncKind;

typedef struct WitParam {
    const char *name;
    WitTy ty;
} WitParam;

typedef struct WitFunc {
    const char *name;   /* mangled: "[method]r.m", "[constructor]r"... */
    WitFuncKind kind;
    uint32_t resource;  /* type index for methods, statics, constructors */
    WitParam *params;
    uint32_t nparams;
    WitTy result;       /* WIT_TY_NONE: no result */
    const char *docs;
    WitStability stab;
    uint32_t span;
} WitFunc;

typedef struct WitNamedId {
    const char *name;
    uint32_t id;
} WitNamedId;

typedef struct WitIface {
    const char *name;   /* NULL for `name: interface { ... }` in a world */
    WitNamedId *types;  /* in definition order */
    uint32_t ntypes, ctypes;
    WitFunc *funcs;
    uint32_t nfuncs, cfuncs;
    const char *docs;
    WitStability stab;
    uint32_t package;   /* WIT_NONE while foreign in a package being built */
    uint32_t span;
    uint32_t clone_of;  /* WIT_NONE unless copied by an include */
} WitIface;

typedef enum { WIT_ITEM_IFACE, WIT_ITEM_FUNC, WIT_ITEM_TYPE } WitItemKind;

/* One import or export of a world.  The key is either a plain name or an
 * interface (then written "interface-N" in JSON). */
typedef struct WitWorldItem {
    const char *key_name; /* NULL: keyed by the interface `id` */
    WitItemKind kind;
    uint32_t id;          /* interface or type index */
    WitFunc func;         /* kind == WIT_ITEM_FUNC */
    const char *docs;
    WitStability stab;
    uint32_t span;
} WitWorldItem;

typedef struct WitIncludeName {
    const char *name, *as;
} WitIncludeName;

typedef struct WitInclude {
    uint32_t world;
    WitIncludeName *names;
    uint32_t nnames;
    WitStability stab;
    uint32_t span;
} WitInclude;

typedef struct WitItemList {
    WitWorldItem *items;
    uint32_t n, cap;
} WitItemList;

typedef struct WitWorld {
    const char *name;
    WitItemList imports, exports;
    WitInclude *includes; /* only while resolving */
    uint32_t nincludes, cincludes;
    const char *docs;
    WitStability stab;
    uint32_t package;
    uint32_t span;
} WitWorld;

typedef struct WitPkgName {
    const char *ns, *name;
    const char *version; /* NULL if none */
} WitPkgName;

typedef struct WitPackage {
    WitPkgName name;
    const char *docs;
    WitNamedId *ifaces;
    uint32_t nifaces, cifaces;
    WitNamedId *worlds;
    uint32_t nworlds, cworlds;
} WitPackage;

/* One source file; positions (spans) are offsets into the concatenation of
 * all files, each file starting at `base`. */
typedef struct WitSource {
    const char *path;
    const char *text;
    uint32_t len;
    uint32_t base;
} WitSource;

/* An error of the front end: where (WIT_NONE if nowhere) and what. */
typedef struct WitError {
    CmErr code;
    uint32_t pos;
    char msg[384];
} WitError;

typedef struct WitOptions {
    const char *const *features; /* enabled @unstable features */
    size_t nfeatures;
    int all_features;
} WitOptions;

typedef struct WitResolve {
    Arena arena;
    WitTypeDef *types;
    uint32_t ntypes, ctypes;
    WitIface *ifaces;
    uint32_t nifaces, cifaces;
    WitWorld *worlds;
    uint32_t nworlds, cworlds;
    WitPackage *packages;
    uint32_t npackages, cpackages;
    WitSource *sources;
    uint32_t nsources, csources;
    uint32_t next_base; /* base of the next source */
    WitOptions opts;
} WitResolve;

/* A resolution may use at most this much memory: hostile input (say, a
 * long chain of worlds each including the previous one) is quadratic in
 * size and must fail with an error rather than exhaust the machine. */
#define WIT_MEMORY_LIMIT ((size_t)1 << 30)

void wit_resolve_init(WitResolve *r, const WitOptions *opts);
void wit_resolve_release(WitResolve *r);

/* Add a source text (copied into the arena); returns its index or WIT_NONE. */
uint32_t wit_add_source(WitResolve *r, const char *path, const char *text, size_t len);

/* Resolve a root package given as a directory (its *.wit files plus deps/)
 * or a single file, and everything it depends on.  On success *out_main is
 * the root package's index. */
CmErr wit_load_path(WitResolve *r, const char *path, uint32_t *out_main, WitError *err);

/* Resolve one in-memory WIT document (may hold nested packages) as the root
 * package.  Used by the fuzzer and the unit tests. */
CmErr wit_load_text(WitResolve *r, const char *name, const char *text, size_t len,
                    uint32_t *out_main, WitError *err);

/* Pick a world like wasm-tools: spec NULL means "the only world of the main
 * package"; else a plain name in the main package or `ns:pkg/name[@ver]`. */
CmErr wit_select_world(const WitResolve *r, uint32_t main_pkg, const char *spec,
                       uint32_t *out_world, WitError *err);

/* Locate a position: the source, 1-based line and column (in characters). */
const WitSource *wit_locate(const WitResolve *r, uint32_t pos, uint32_t *out_line,
                            uint32_t *out_col);

/* Check the structural invariants of a resolution (ids in range, types in
 * dependency order, owners agree).  0 if they hold. */
int wit_check_invariants(const WitResolve *r);

/* "ns:name@ver" into a fresh arena string. */
const char *wit_pkg_name_str(Arena *a, const WitPkgName *n);

/* Set an error with a formatted message; returns err->code. */
CmErr wit_error(WitError *err, CmErr code, uint32_t pos, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

#endif
