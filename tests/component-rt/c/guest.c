/* guest.c - a freestanding C guest with hand-written canonical-ABI glue
 * (the "legacy" names of wasm-tools component embed).  Built twice: world
 * `guest` (imports test:guest/logger) and, with -DCMD, world `cmd` (exports
 * wasi:cli/run; RUN_STATUS is what run returns: 0 ok, 1 err). */
#include <stddef.h>
#include <stdint.h>

static uint8_t heap[1 << 16];
static size_t top = 8;

__attribute__((export_name("cabi_realloc"))) void *cabi_realloc(void *old, size_t old_size,
                                                                  size_t align, size_t new_size)
{
    size_t p = (top + align - 1) & ~(align - 1);
    if (p + new_size > sizeof heap)
        __builtin_trap();
    uint8_t *d = heap + p;
    for (size_t i = 0; old && i < old_size && i < new_size; i++)
        d[i] = ((uint8_t *)old)[i];
    top = p + new_size;
    return d;
}

#ifndef CMD
__attribute__((import_module("test:guest/logger@0.1.0"), import_name("log"))) void
host_log(const char *p, size_t len);
#else
static void host_log(const char *p, size_t len) { (void)p; (void)len; }
#endif

static uint32_t ret_area[4];

__attribute__((export_name("greet"))) uint32_t *greet(const char *name, size_t len)
{
    static const char hello[] = "Hello, ";
    char *out = cabi_realloc(0, 0, 1, sizeof hello - 1 + len + 1);
    size_t n = 0;
    for (size_t i = 0; i < sizeof hello - 1; i++)
        out[n++] = hello[i];
    for (size_t i = 0; i < len; i++)
        out[n++] = name[i];
    out[n++] = '!';
    host_log(out, n);
    ret_area[0] = (uint32_t)(uintptr_t)out;
    ret_area[1] = (uint32_t)n;
    return ret_area;
}

/* After post-return nothing allocated during the call is live (the argument
 * the host lowered, the result it has copied out): start the heap over. */
__attribute__((export_name("cabi_post_greet"))) void post_greet(uint32_t *r)
{
    (void)r;
    top = 8;
}

__attribute__((export_name("add"))) uint32_t add(uint32_t a, uint32_t b) { return a + b; }

__attribute__((export_name("stats"))) double *stats(const double *xs, size_t n)
{
    static double r[2];
    double sum = 0, max = n ? xs[0] : 0;
    for (size_t i = 0; i < n; i++) {
        sum += xs[i];
        if (xs[i] > max)
            max = xs[i];
    }
    r[0] = n ? sum / (double)n : 0;
    r[1] = max;
    return r;
}

#ifdef CMD
#ifndef RUN_STATUS
#define RUN_STATUS 0
#endif
__attribute__((export_name("wasi:cli/run@0.2.12#run"))) int32_t run(void) { return RUN_STATUS; }
#endif
