/* witint.h - helpers shared by the front end's modules (not public API). */
#ifndef WITINT_H
#define WITINT_H

#include "wit.h"

#include <string.h>

/* Make room for one more element of an arena-backed array (zeroed); the
 * old block stays in the arena.  0 on allocation failure. */
int wit_grow_(Arena *a, void **data, uint32_t n, uint32_t *cap, size_t elem);
#define WIT_PUSH(a, arr, n, cap)                                                                   \
    (wit_grow_((a), (void **)&(arr), (n), &(cap), sizeof *(arr)) ? &(arr)[(n)++] : NULL)

/* A string -> uint32 hash map in an arena (open addressing), so that name
 * lookups stay linear-time on hostile inputs with many names. */
typedef struct WitStrMap {
    const char **keys;
    uint32_t *vals;
    uint32_t cap, n; /* cap is 0 or a power of two */
} WitStrMap;

uint32_t wit_hash(const char *s);
/* The value for key, or WIT_NONE. */
uint32_t wit_map_get(const WitStrMap *m, const char *key);
/* Insert or overwrite; 0 on allocation failure. */
int wit_map_put(Arena *a, WitStrMap *m, const char *key, uint32_t val);

/* Compare two SemVer 2.0 versions (build metadata last, as the semver
 * crate does); <0, 0, >0.  NULL sorts before any version. */
int wit_semver_cmp(const char *a, const char *b);
/* 1 if s[0..n) is a valid SemVer 2.0 version. */
int wit_semver_valid(const char *s, size_t n);
/* Order of package names as in wit-parser (namespace, name, version). */
int wit_pkg_name_cmp(const WitPkgName *a, const WitPkgName *b);
int wit_pkg_name_eq(const WitPkgName *a, const WitPkgName *b);

static inline int wit_streq(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

/* Equality of "strongly unique" names (case and hyphens ignored,
 * `[method]r.m` same as `[static]r.m`); wit_name_canon gives the key. */
int wit_name_eqi(const char *a, const char *b);
void wit_name_canon(const char *s, char *out, size_t cap);

#endif
