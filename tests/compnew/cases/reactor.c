/* A WASI preview-1 reactor (clang -mexec-model=reactor + wasi-libc) that
 * exports a world function and uses libc (printf) inside it. */
#include <stdio.h>

__attribute__((export_name("count"))) unsigned count(void)
{
    static unsigned n;
    printf("count %u\n", n);
    return ++n;
}
