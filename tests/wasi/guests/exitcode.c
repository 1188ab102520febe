/* exitcode.c - ends in the way argv[1] says: "return N", "exit N",
 * "proc N" (raw proc_exit), "trap" (unreachable in a named function). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wasi/api.h>

__attribute__((noinline)) void crash_here(int depth)
{
    if (depth > 0) {
        crash_here(depth - 1);
        printf("unreachable\n"); /* keeps the call from being a tail call */
        return;
    }
    __builtin_trap();
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 100;
    int n = argc > 2 ? atoi(argv[2]) : 0;
    printf("start\n");
    fflush(stdout);
    if (!strcmp(argv[1], "return"))
        return n;
    if (!strcmp(argv[1], "exit"))
        exit(n);
    if (!strcmp(argv[1], "proc"))
        __wasi_proc_exit((__wasi_exitcode_t)n);
    if (!strcmp(argv[1], "trap"))
        crash_here(2);
    return 100;
}
