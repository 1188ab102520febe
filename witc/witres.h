/* witres.h - internals shared by witresolve.c, witinclude.c and witload.c. */
#ifndef WITRES_H
#define WITRES_H

#include "witpkg.h"

/* 1 if the @unstable feature is enabled in r's options. */
int witres_feature_on(const WitResolve *r, const char *feature);
/* 1 if the type contains a `borrow` handle. */
int witres_has_borrow(const WitResolve *r, WitTy ty);
/* Fill the derived fields of a type about to be appended to r. */
void witres_derive(const WitResolve *r, WitTypeDef *t);
/* Deepest chain of interface or type dependencies followed recursively. */
#define WITRES_MAX_DEPTH 10000
/* Append the packages (all parsed, in any order) to r in dependency order;
 * main_index says which of them is the root.  *out_main gets its id. */
CmErr witres_push_packages(WitResolve *r, WitUPkg *pkgs, uint32_t n, uint32_t main_index,
                           uint32_t *out_main, WitError *err);

/* Expand the includes of world `wid` (appended from package `pkg`, whose
 * local world ids `wmap` maps) into its imports and exports. */
CmErr witres_includes(WitResolve *r, uint32_t wid, uint32_t pkg, const uint32_t *wmap,
                      WitError *err);
/* Add the implicit imports of a world and order its items like wit-parser. */
CmErr witres_elaborate(WitResolve *r, uint32_t wid, WitError *err);

#endif
