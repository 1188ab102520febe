/* crt_bench.c - component runtime figures (bench/component.sh runs it):
 * time to instantiate a loaded component, a host->guest call passing and
 * returning a ~100-byte string, and a guest->guest call doing the same
 * (g2g-bench.wat), fused and through WrcVal trees (the path guest-to-guest
 * calls took before rc_fuse.c, kept for host calls; chosen through the
 * runtime's internal flag).  Not a test: it prints numbers.
 *
 *     crt_bench DIR   (DIR: the components of tests/component-rt/gen.sh)
 */
#include "fileio.h"
#include "rc_internal.h"
#include "wrun_component.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static WrcComponent *load(WrEngine *eng, const char *dir, const char *name)
{
    char path[1024];
    uint8_t *b;
    size_t n;
    CmError err;
    WrcComponent *c;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (file_read(path, &b, &n)) {
        fprintf(stderr, "crt_bench: cannot read %s\n", path);
        exit(1);
    }
    if (wrc_component_load(eng, b, n, &c, &err)) {
        fprintf(stderr, "crt_bench: %s: %s\n", path, err_message(err.code));
        exit(1);
    }
    free(b);
    return c;
}

static void bench_instantiate(const char *dir, const char *name, int trap_unknown)
{
    WrEngine *eng = wr_engine_new(NULL);
    WrcComponent *c = load(eng, dir, name);
    WrcLinker *lk = wrc_linker_new(eng);
    wrc_linker_trap_unknown(lk, trap_unknown);
    int n = 2000;
    double best = 1e9;
    for (int round = 0; round < 5; round++) {
        double t0 = now();
        for (int i = 0; i < n; i++) {
            WrcInstance *inst;
            WrTrap trap;
            if (wrc_instantiate(c, lk, &inst, &trap)) {
                fprintf(stderr, "crt_bench: %s: %s\n", name, trap.message);
                exit(1);
            }
            wrc_instance_free(inst);
        }
        double per = (now() - t0) / n;
        if (per < best)
            best = per;
    }
    printf("instantiate %-22s %8.2f us   (target <= 50 us)\n", name, best * 1e6);
    wrc_linker_free(lk);
    wrc_component_free(c);
    wr_engine_free(eng);
}

/* Calls of `func` (string) -> string with an n-byte argument; want: the
 * result length.  A fresh instance per round keeps bump allocators small. */
static void bench_string_call(const char *dir, const char *file, const char *func, uint32_t n,
                              uint32_t want, const char *what)
{
    WrEngine *eng = wr_engine_new(NULL);
    WrcComponent *c = load(eng, dir, file);
    WrcInstance *inst = NULL;
    WrTrap trap;
    char s[256];
    memset(s, 'x', sizeof s);
    WrcVal arg = wrc_str(s, n), res;
    int calls = 20000;
    double best = 1e9;
    for (int round = 0; round < 10; round++) {
        if (wrc_instantiate(c, NULL, &inst, &trap)) {
            fprintf(stderr, "crt_bench: %s\n", trap.message);
            exit(1);
        }
        WrcFunc *fn = wrc_instance_func(inst, func);
        double t0 = now();
        for (int i = 0; i < calls; i++)
            if (wrc_func_call(fn, &arg, 1, &res, &trap) || res.u.str.len != want) {
                fprintf(stderr, "crt_bench: %s: %s\n", func, trap.message);
                exit(1);
            }
        double per = (now() - t0) / calls;
        if (per < best)
            best = per;
        wrc_instance_free(inst);
    }
    printf("call %-36s %8.3f us   %s\n", what, best * 1e6, !strcmp(func, "echo") ? "(target <= 1 us)" : "");
    wrc_component_free(c);
    wr_engine_free(eng);
}

/* One guest calling another `calls` times inside one host call of
 * run(calls); per guest->guest call. */
static void bench_g2g(const char *dir, const char *func, int fuse, const char *what)
{
    WrEngine *eng = wr_engine_new(NULL);
    WrcComponent *c = load(eng, dir, "g2g-bench.wasm");
    WrcInstance *inst = NULL;
    WrTrap trap;
    uint32_t calls = 20000;
    WrcVal arg = wrc_u32(calls), res;
    double best = 1e9;
    c->no_fuse = !fuse;
    for (int round = 0; round < 10; round++) {
        if (wrc_instantiate(c, NULL, &inst, &trap)) {
            fprintf(stderr, "crt_bench: %s\n", trap.message);
            exit(1);
        }
        double t0 = now();
        if (wrc_call(inst, func, &arg, 1, &res, &trap) || res.u.u32 != calls * 100) {
            fprintf(stderr, "crt_bench: %s: %s\n", func, trap.message);
            exit(1);
        }
        double per = (now() - t0) / calls;
        if (per < best)
            best = per;
        wrc_instance_free(inst);
    }
    printf("call %-36s %8.3f us   %s\n", what, best * 1e6, fuse ? "(fused)" : "(WrcVal, as before)");
    wrc_component_free(c);
    wr_engine_free(eng);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: crt_bench DIR\n");
        return 2;
    }
    bench_instantiate(argv[1], "c-cmd.wasm", 0);
    bench_instantiate(argv[1], "compose.wasm", 0);
    bench_string_call(argv[1], "values.wasm", "echo", 100, 100, "echo(100-byte string) -> string");
    bench_string_call(argv[1], "c-cmd.wasm", "greet", 92, 100, "C greet(92 bytes) -> 100 bytes");
    bench_g2g(argv[1], "run", 1, "guest->guest utf8->utf8 100 bytes");
    bench_g2g(argv[1], "run", 0, "guest->guest utf8->utf8 100 bytes");
    bench_g2g(argv[1], "run16", 1, "guest->guest utf8->utf16 100 bytes");
    bench_g2g(argv[1], "run16", 0, "guest->guest utf8->utf16 100 bytes");
    return 0;
}
