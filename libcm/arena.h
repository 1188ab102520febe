/* arena.h - bump allocation for data that dies together.
 *
 * Compiler data (WIT syntax trees, resolved packages, decoded modules) lives
 * in an Arena and is released at once with arena_release.  Allocations are
 * 16-byte aligned.  An allocation failure returns NULL; callers report
 * CM_E_OOM instead of aborting, because a hostile input may ask for a lot.
 */
#ifndef CM_ARENA_H
#define CM_ARENA_H

#include <stddef.h>

typedef struct ArenaChunk ArenaChunk;

typedef struct Arena {
    ArenaChunk *head;  /* newest chunk first */
    size_t used;       /* bytes used in head */
    size_t total;      /* bytes handed out, for statistics and limits */
    size_t limit;      /* 0 = unlimited; else arena_alloc fails past it */
} Arena;

void arena_init(Arena *a);
/* Free every chunk; the arena may be reused afterwards. */
void arena_release(Arena *a);
/* n zeroed bytes, or NULL on failure.  Owned by the arena. */
void *arena_alloc(Arena *a, size_t n);
/* n*size zeroed bytes with overflow checking, or NULL. */
void *arena_array(Arena *a, size_t n, size_t size);
/* A NUL-terminated copy of s[0..len), or NULL. */
char *arena_strndup(Arena *a, const char *s, size_t len);
char *arena_strdup(Arena *a, const char *s);
/* A copy of p[0..n), or NULL (n == 0 gives a valid non-NULL pointer). */
void *arena_memdup(Arena *a, const void *p, size_t n);

#define ARENA_NEW(a, T) ((T *)arena_alloc((a), sizeof(T)))
#define ARENA_ARRAY(a, T, n) ((T *)arena_array((a), (n), sizeof(T)))

#endif
