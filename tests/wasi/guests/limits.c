/* limits.c - runaway guests: "loop" spins forever, "recurse" recurses
 * without end, "grow" grows memory until memory.grow fails, "sleep MS"
 * sleeps (through poll_oneoff). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

volatile unsigned counter;

/* Recursion through a volatile function pointer: the compiler cannot turn
 * it into a loop, and it uses no linear-memory stack (so it is the wasm
 * call depth that runs out, not the shadow stack). */
unsigned recurse(unsigned n);
static unsigned (*volatile self)(unsigned) = recurse;
unsigned recurse(unsigned n) { return self(n + 1) + 1; }

int main(int argc, char **argv)
{
    if (argc < 2)
        return 100;
    if (!strcmp(argv[1], "loop")) {
        for (;;)
            counter++;
    }
    if (!strcmp(argv[1], "recurse"))
        return (int)recurse(0);
    if (!strcmp(argv[1], "grow")) {
        unsigned long before = __builtin_wasm_memory_size(0);
        while (__builtin_wasm_memory_grow(0, 1) != (unsigned long)-1)
            ;
        unsigned long after = __builtin_wasm_memory_size(0);
        void *volatile big = malloc(64u << 20);
        printf("pages %lu -> %lu\n", before, after);
        printf("malloc(64 MiB) %s\n", big ? "succeeded" : "failed");
        return 0;
    }
    if (!strcmp(argv[1], "sleep")) {
        long ms = argc > 2 ? atol(argv[2]) : 0;
        struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
        nanosleep(&ts, NULL);
        printf("slept\n");
        return 0;
    }
    return 100;
}
