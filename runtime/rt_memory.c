/* rt_memory.c - linear memories, tables and globals (core 2.0, 4.2.8-4.2.10).
 *
 * Two layouts, chosen at build time:
 *   - explicit checks: a heap block of exactly the current size, bounds
 *     checked by the interpreter on every access;
 *   - guard pages (RT_GUARD_PAGES, 64-bit Linux): RT_MEM_RESERVE bytes of
 *     address space reserved PROT_NONE, the accessible prefix made
 *     read-write; an access past it faults and rt_exec.c turns the fault
 *     into a trap.  Growing never moves the memory.
 * Growth respects both the declared maximum and the engine's
 * max_memory_bytes.
 */
#include "rt_internal.h"

#include <stdlib.h>
#include <string.h>
#ifdef RT_GUARD_PAGES
#include <sys/mman.h>

static uint8_t *mem_alloc(uint64_t size)
{
    void *p = mmap(NULL, RT_MEM_RESERVE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                   -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    if (size && mprotect(p, size, PROT_READ | PROT_WRITE)) {
        munmap(p, RT_MEM_RESERVE);
        return NULL;
    }
    return p;
}

static int mem_resize(WrMemory *m, uint64_t nsize)
{
    return mprotect(m->data + m->size, nsize - m->size, PROT_READ | PROT_WRITE) ? -1 : 0;
}

static void mem_release(WrMemory *m) { munmap(m->data, RT_MEM_RESERVE); }
#else
static uint8_t *mem_alloc(uint64_t size) { return calloc(size ? size : 1, 1); }

static int mem_resize(WrMemory *m, uint64_t nsize)
{
    uint8_t *d = realloc(m->data, nsize);
    if (!d)
        return -1;
    memset(d + m->size, 0, nsize - m->size);
    m->data = d;
    return 0;
}

static void mem_release(WrMemory *m) { free(m->data); }
#endif

WrMemory *rt_memory_make(WrEngine *eng, uint64_t min_pages, int64_t max_pages)
{
    uint64_t cap = eng->lim.max_memory_bytes / RT_PAGE;
    if (cap > 65536)
        cap = 65536;
    uint64_t max = max_pages < 0 ? 65536 : (uint64_t)max_pages;
    if (max > cap)
        max = cap;
    if (min_pages > max)
        return NULL;
    WrMemory *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->size = min_pages * RT_PAGE;
    m->max_pages = max;
    m->decl_max = max_pages;
    m->data = mem_alloc(m->size);
    if (!m->data) {
        free(m);
        return NULL;
    }
    return m;
}

WrMemory *rt_memory_new(WrEngine *eng, uint64_t min_pages, int64_t max_pages)
{
    WrMemory *m = rt_memory_make(eng, min_pages, max_pages);
    if (m) {
        m->next = eng->memories;
        eng->memories = m;
    }
    return m;
}

int64_t rt_memory_grow(WrMemory *m, uint64_t delta)
{
    uint64_t old = m->size / RT_PAGE;
    if (delta > m->max_pages || old + delta > m->max_pages)
        return -1;
    if (delta == 0)
        return (int64_t)old;
    uint64_t nsize = (old + delta) * RT_PAGE;
    if (mem_resize(m, nsize))
        return -1;
    m->size = nsize;
    return (int64_t)old;
}

void rt_memory_free(WrMemory *m)
{
    mem_release(m);
    free(m);
}

WrTable *rt_table_make(uint8_t type, uint64_t min, int64_t max, void *init)
{
    if (min > 10000000) /* an implementation limit: tables hold pointers */
        return NULL;
    WrTable *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->type = type;
    t->size = t->cap = (uint32_t)min;
    t->max = max < 0 ? UINT32_MAX : (uint64_t)max;
    t->has_max = max >= 0;
    t->elems = calloc(min ? min : 1, sizeof(void *));
    if (!t->elems) {
        free(t);
        return NULL;
    }
    for (uint64_t i = 0; i < min; i++)
        t->elems[i] = init;
    return t;
}

WrTable *rt_table_new(WrEngine *eng, uint8_t type, uint64_t min, int64_t max, void *init)
{
    WrTable *t = rt_table_make(type, min, max, init);
    if (t) {
        t->next = eng->tables;
        eng->tables = t;
    }
    return t;
}

void rt_table_free(WrTable *t)
{
    if (t)
        free(t->elems);
    free(t);
}

int64_t rt_table_grow(WrTable *t, uint64_t delta, void *init)
{
    uint64_t old = t->size;
    if (old + delta > t->max || old + delta > 10000000)
        return -1;
    if (old + delta > t->cap) {
        uint64_t cap = old + delta;
        void **n = realloc(t->elems, cap * sizeof(void *));
        if (!n)
            return -1;
        t->elems = n;
        t->cap = (uint32_t)cap;
    }
    for (uint64_t i = old; i < old + delta; i++)
        t->elems[i] = init;
    t->size = (uint32_t)(old + delta);
    return (int64_t)old;
}

/* ---- API ---- */

WrMemory *wr_memory_new(WrEngine *eng, uint32_t min_pages, int64_t max_pages)
{
    return rt_memory_new(eng, min_pages, max_pages);
}

WrTable *wr_table_new(WrEngine *eng, WrType elem, uint32_t min, int64_t max, void *init)
{
    WrTable *t = rt_table_new(eng, (uint8_t)elem, min, max, init);
    if (t && min)
        rt_ref_stored(init, t->type, NULL);
    return t;
}

WrGlobal *rt_global_make(WrType type, int mutable_, WrVal init)
{
    WrGlobal *g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    g->type = (uint8_t)type;
    g->mut = mutable_ != 0;
    g->val = init;
    return g;
}

WrGlobal *wr_global_new(WrEngine *eng, WrType type, int mutable_, WrVal init)
{
    WrGlobal *g = rt_global_make(type, mutable_, init);
    if (g) {
        rt_ref_stored(init.ref, g->type, NULL);
        g->next = eng->globals;
        eng->globals = g;
    }
    return g;
}

uint8_t *wr_memory_data(WrMemory *mem) { return mem->data; }
uint64_t wr_memory_size(const WrMemory *mem) { return mem->size; }
int64_t wr_memory_grow(WrMemory *mem, uint32_t delta) { return rt_memory_grow(mem, delta); }

WrVal wr_global_get(const WrGlobal *g) { return g->val; }
WrType wr_global_type(const WrGlobal *g) { return (WrType)g->type; }
int wr_global_set(WrGlobal *g, WrVal v)
{
    if (!g->mut)
        return -1;
    g->val = v;
    rt_ref_stored(v.ref, g->type, g->owner);
    return 0;
}

uint32_t wr_table_size(const WrTable *t) { return t->size; }
int wr_table_get(const WrTable *t, uint32_t i, void **out)
{
    if (i >= t->size)
        return -1;
    *out = t->elems[i];
    return 0;
}
int wr_table_set(WrTable *t, uint32_t i, void *ref)
{
    if (i >= t->size)
        return -1;
    t->elems[i] = ref;
    rt_ref_stored(ref, t->type, t->owner);
    return 0;
}
