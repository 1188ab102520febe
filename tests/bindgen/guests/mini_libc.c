/* mini_libc.c - the few C library functions the test guests and the
 * generated glue call, for guests linked without wasi-libc (so that the
 * component needs no WASI imports and no adapter).  A bump allocator whose
 * free() only reuses the most recent block: enough for short test runs.
 * Compiled with -fno-builtin so that the loops stay loops. */
#include <stddef.h>
#include <stdint.h>

extern unsigned char __heap_base;
static uintptr_t brk_ptr;
static uintptr_t last_block;

static void *grow(size_t n)
{
    if (!brk_ptr)
        brk_ptr = (uintptr_t)&__heap_base;
    uintptr_t p = (brk_ptr + 15) & ~(uintptr_t)15;
    uintptr_t end = p + 16 + n;
    size_t have = __builtin_wasm_memory_size(0) * 65536;
    if (end > have && __builtin_wasm_memory_grow(0, (end - have + 65535) / 65536) == (size_t)-1)
        return NULL;
    *(size_t *)p = n;
    brk_ptr = end;
    last_block = p + 16;
    return (void *)(p + 16);
}

void *malloc(size_t n) { return grow(n); }

void *memcpy(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    while (n--)
        *d++ = *s++;
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;
    while (n--)
        *d++ = (unsigned char)c;
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;
    for (; n; n--, x++, y++)
        if (*x != *y)
            return *x - *y;
    return 0;
}

size_t strlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

void free(void *p)
{
    if (p && (uintptr_t)p == last_block) {
        brk_ptr = (uintptr_t)p - 16;
        last_block = 0;
    }
}

void *realloc(void *p, size_t n)
{
    if (!p)
        return malloc(n);
    size_t old = *(size_t *)((uintptr_t)p - 16);
    if (n <= old)
        return p;
    void *q = malloc(n);
    if (q)
        memcpy(q, p, old);
    return q;
}

void abort(void) { __builtin_trap(); }
