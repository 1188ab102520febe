/* witpkg.h - resolution of one package on its own (wit-parser's
 * "UnresolvedPackage"): names looked up, types checked and interned,
 * functions desugared, everything numbered with package-local ids.
 *
 * Items of other packages are not known yet: each interface or world named
 * through `ns:pkg/name` gets a placeholder entry at the front of the local
 * arrays (foreign interfaces first, then local ones; likewise worlds), and
 * each type `use`d from such an interface a WIT_K_UNKNOWN placeholder at the
 * front of the types.  witresolve maps the placeholders onto the real items
 * when it appends the package to a WitResolve.
 */
#ifndef WITPKG_H
#define WITPKG_H

#include "witast.h"

typedef struct WitForeignItem {
    const char *name;
    int is_world;
    uint32_t id;           /* local interface or world index */
    WitStability *stabs;   /* one per mention (a gate on each `use`) */
    uint32_t nstabs, cstabs;
} WitForeignItem;

typedef struct WitForeignPkg {
    WitPkgName name;
    uint32_t span;         /* first mention */
    WitForeignItem *items;
    uint32_t n, cap;
} WitForeignPkg;

typedef struct WitReqResource {
    uint32_t type; /* local id of an UNKNOWN type used in a handle */
    uint32_t span;
} WitReqResource;

typedef struct WitUPkg {
    WitPkgName name;
    uint32_t name_span;
    const char *docs;
    WitTypeDef *types;
    uint32_t ntypes, ctypes;
    WitIface *ifaces;
    uint32_t nifaces, cifaces;
    WitWorld *worlds;
    uint32_t nworlds, cworlds;
    WitForeignPkg *deps;  /* in order of first mention */
    uint32_t ndeps, cdeps;
    WitReqResource *req;
    uint32_t nreq, creq;
} WitUPkg;

/* One package's syntax: the package declarations and declaration lists of
 * its files (files in path order, or the body of a nested package). */
typedef struct WitPkgSyntax {
    const WitAstPkgDecl **decls; /* may be absent (present == 0) */
    const WitAstDecls **lists;
    uint32_t n;
} WitPkgSyntax;

/* Build the package from its syntax.  Memory from a. */
CmErr witpkg_build(Arena *a, const WitPkgSyntax *syn, WitUPkg *out, WitError *err);

/* The documentation string for comments as wit-parser computes it, or NULL. */
const char *witpkg_docs(Arena *a, const WitAstDocs *d);

#endif
