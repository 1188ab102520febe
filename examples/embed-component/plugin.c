/* plugin.c - the guest of the component embedding example: world `plugin`
 * of plugin.wit, with the canonical-ABI glue written by hand (freestanding
 * C, no libc).  Build (tests/component-rt does this):
 *
 *   clang --target=wasm32 -nostdlib -Wl,--no-entry -O2 plugin.c -o plugin.core.wasm
 *   wasm-tools component embed plugin.wit -w plugin plugin.core.wasm -o plugin.embed.wasm
 *   wasm-tools component new plugin.embed.wasm -o plugin.wasm
 */
#include <stddef.h>
#include <stdint.h>

#define HOST "example:plugin/host@0.1.0"

__attribute__((import_module(HOST), import_name("log"))) void host_log(int32_t level, const char *p,
                                                                         size_t n);
__attribute__((import_module(HOST), import_name("[constructor]counter"))) int32_t counter_new(uint32_t start);
__attribute__((import_module(HOST), import_name("[method]counter.bump"))) uint32_t counter_bump(int32_t self);

static uint8_t heap[16384];
static size_t top;

__attribute__((export_name("cabi_realloc"))) void *cabi_realloc(void *old, size_t old_size,
                                                                  size_t align, size_t size)
{
    (void)old, (void)old_size;
    size_t p = (top + align - 1) & ~(align - 1);
    if (p + size > sizeof heap)
        __builtin_trap();
    top = p + size;
    return heap + p;
}

static size_t append(char *d, size_t n, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        d[n++] = s[i];
    return n;
}

static int32_t counter; /* own<counter>, made on first use; the host frees it at teardown */
static uint32_t ret[3];  /* result<string, string>: tag, ptr, len */

__attribute__((export_name("greet"))) uint32_t *greet(const char *name, size_t len)
{
    static const char empty[] = "empty name";
    if (len == 0) {
        host_log(1, empty, sizeof empty - 1);
        ret[0] = 1;
        ret[1] = (uint32_t)(uintptr_t)empty;
        ret[2] = sizeof empty - 1;
        return ret;
    }
    if (!counter)
        counter = counter_new(1);
    uint32_t k = counter_bump(counter);
    char *out = cabi_realloc(0, 0, 1, len + 32), digit = (char)('0' + k % 10);
    size_t n = append(out, 0, "Hello, ", 7);
    n = append(out, n, name, len);
    n = append(out, n, "! (#", 4);
    n = append(out, n, &digit, 1);
    n = append(out, n, ")", 1);
    host_log(0, out, n);
    ret[0] = 0;
    ret[1] = (uint32_t)(uintptr_t)out;
    ret[2] = (uint32_t)n;
    return ret;
}

/* After the host has copied the result out: free this call's memory. */
__attribute__((export_name("cabi_post_greet"))) void post_greet(uint32_t *r)
{
    (void)r;
    top = 0;
}
