/* wit_resolve.c - time resolving a WIT tree in one process (no process
 * start-up, no printing): `wit_resolve DIR [N] [--all-features]` loads DIR
 * N times and prints the mean and the fastest run in milliseconds.
 * Built and run by bench/wit_resolve.sh. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wit.h"

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: wit_resolve DIR [N] [--all-features]\n");
        return 2;
    }
    int n = argc > 2 ? atoi(argv[2]) : 200;
    WitOptions o = {NULL, 0, argc > 3 && !strcmp(argv[3], "--all-features")};
    double total = 0, best = 1e9;
    uint32_t ntypes = 0;
    for (int i = 0; i < n; i++) {
        WitResolve r;
        WitError e = {0};
        uint32_t main_pkg;
        double t0 = now_ms();
        wit_resolve_init(&r, &o);
        if (wit_load_path(&r, argv[1], &main_pkg, &e) != CM_OK) {
            fprintf(stderr, "error: %s\n", e.msg);
            return 1;
        }
        ntypes = r.ntypes;
        wit_resolve_release(&r);
        double dt = now_ms() - t0;
        total += dt;
        if (dt < best)
            best = dt;
    }
    printf("resolve %s (%u types): mean %.3f ms, best %.3f ms over %d runs\n", argv[1], ntypes,
           total / n, best, n);
    return 0;
}
