/* arena.c - chunked bump allocator (see arena.h). */
#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct ArenaChunk {
    ArenaChunk *next;
    size_t size; /* usable bytes in data */
    _Alignas(16) unsigned char data[];
};

enum { CHUNK_MIN = 16 * 1024 };

void arena_init(Arena *a)
{
    a->head = NULL;
    a->used = 0;
    a->total = 0;
    a->limit = 0;
}

void arena_release(Arena *a)
{
    ArenaChunk *c = a->head;
    while (c) {
        ArenaChunk *next = c->next;
        free(c);
        c = next;
    }
    size_t limit = a->limit;
    arena_init(a);
    a->limit = limit;
}

void *arena_alloc(Arena *a, size_t n)
{
    size_t need = (n + 15) & ~(size_t)15;
    if (need < n)
        return NULL;
    if (a->limit && (a->total + need < a->total || a->total + need > a->limit))
        return NULL;
    if (!a->head || a->head->size - a->used < need) {
        size_t size = need > CHUNK_MIN ? need : CHUNK_MIN;
        /* Grow chunk sizes geometrically so big inputs need few mallocs. */
        if (a->head && a->head->size * 2 > size && a->head->size < (SIZE_MAX / 4))
            size = a->head->size * 2 > need ? a->head->size * 2 : need;
        if (size > SIZE_MAX - sizeof(ArenaChunk))
            return NULL;
        ArenaChunk *c = malloc(sizeof(ArenaChunk) + size);
        if (!c)
            return NULL;
        c->next = a->head;
        c->size = size;
        a->head = c;
        a->used = 0;
    }
    void *p = a->head->data + a->used;
    a->used += need;
    a->total += need;
    memset(p, 0, n);
    return p;
}

void *arena_array(Arena *a, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    return arena_alloc(a, n * size);
}

char *arena_strndup(Arena *a, const char *s, size_t len)
{
    char *d = arena_alloc(a, len + 1);
    if (d && len)
        memcpy(d, s, len);
    return d;
}

char *arena_strdup(Arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

void *arena_memdup(Arena *a, const void *p, size_t n)
{
    void *d = arena_alloc(a, n ? n : 1);
    if (d && n)
        memcpy(d, p, n);
    return d;
}
