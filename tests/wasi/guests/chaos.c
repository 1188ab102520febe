/* chaos.c - a small in-guest fuzzer for the host: thousands of raw WASI
 * calls with pseudo-random descriptors, flags, sizes, pointers (in and out
 * of bounds) and paths made of "..", ".", "/", names and symlinks.  The
 * host must neither crash nor let anything out of the preopen; the test
 * driver checks the outside afterwards.  Sizes stay small so that the run
 * is quick and never blocks (no clock subscriptions, stdin is empty).
 *
 *   chaos SEED ITERATIONS */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IMP(name, ...)                                                                             \
    __attribute__((import_module("wasi_snapshot_preview1"), import_name(#name))) int32_t w_##name(__VA_ARGS__);
typedef int32_t P;
typedef int64_t L;
IMP(fd_read, P, P, P, P)
IMP(fd_write, P, P, P, P)
IMP(fd_pread, P, P, P, L, P)
IMP(fd_pwrite, P, P, P, L, P)
IMP(fd_seek, P, L, P, P)
IMP(fd_close, P)
IMP(fd_fdstat_get, P, P)
IMP(fd_fdstat_set_flags, P, P)
IMP(fd_filestat_get, P, P)
IMP(fd_filestat_set_size, P, L)
IMP(fd_filestat_set_times, P, L, L, P)
IMP(fd_readdir, P, P, P, L, P)
IMP(fd_renumber, P, P)
IMP(fd_allocate, P, L, L)
IMP(fd_prestat_get, P, P)
IMP(path_open, P, P, P, P, P, L, L, P, P)
IMP(path_create_directory, P, P, P)
IMP(path_remove_directory, P, P, P)
IMP(path_unlink_file, P, P, P)
IMP(path_rename, P, P, P, P, P, P)
IMP(path_link, P, P, P, P, P, P, P)
IMP(path_symlink, P, P, P, P, P)
IMP(path_readlink, P, P, P, P, P, P)
IMP(path_filestat_get, P, P, P, P, P)
IMP(path_filestat_set_times, P, P, P, P, L, L, P)
IMP(random_get, P, P)

static uint32_t state;
static uint32_t rnd(void)
{
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    return state;
}

static uint8_t scratch[8192];
static char paths[2][128];

/* A pointer: mostly into scratch, sometimes across or past the end of
 * memory (never into the guest's own data: corrupting itself would only
 * test the guest). */
static P ptr(uint32_t size)
{
    uint32_t end = (uint32_t)__builtin_wasm_memory_size(0) * 65536u;
    switch (rnd() % 8) {
    case 0: return (P)(end - rnd() % 16);
    case 1: return (P)(end + rnd() % (0xffffffffu - end));
    default: return (P)((uintptr_t)scratch + rnd() % (sizeof scratch - (size < 4096 ? size : 4096)));
    }
}

static P fd(void) { return (P)(rnd() % 10); } /* stdio, preopens, opened files */
static L small(void) { return (L)(rnd() % 5000); }

static P path(int which)
{
    static const char *const parts[] = {"a", "b", "..", ".", "l", "out", "f.txt", "d", ""};
    char *p = paths[which];
    p[0] = 0;
    if (rnd() % 20 == 0)
        strcat(p, "/");
    int n = 1 + (int)(rnd() % 4);
    for (int i = 0; i < n; i++) {
        if (i)
            strcat(p, "/");
        strcat(p, parts[rnd() % (sizeof parts / sizeof *parts)]);
    }
    return (P)(uintptr_t)p;
}
#define PATH(w) path(w), (P)strlen(paths[w])

/* iovecs in scratch pointing at scratch (sometimes at bad places). */
static P iovs(P *n)
{
    uint32_t *v = (uint32_t *)(void *)scratch;
    *n = (P)(rnd() % 4);
    for (P i = 0; i < *n; i++) {
        v[2 * i] = (uint32_t)ptr(64);
        v[2 * i + 1] = rnd() % 64;
    }
    /* A bad array pointer is out of bounds, never garbage inside memory:
     * iovecs read from garbage would point the host's writes anywhere in
     * the guest, which would only corrupt the guest itself. */
    uint32_t end = (uint32_t)__builtin_wasm_memory_size(0) * 65536u;
    return rnd() % 10 ? (P)(uintptr_t)v : (P)(end - 4 + rnd() % 64);
}

int main(int argc, char **argv)
{
    state = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) | 1 : 1;
    long iters = argc > 2 ? atol(argv[2]) : 1000;
    long failures = 0;
    for (long i = 0; i < iters; i++) {
        P n, e = 0;
        switch (rnd() % 26) {
        case 0: e = w_fd_read(fd(), iovs(&n), n, ptr(4)); break;
        case 1: { /* never stdio: the output stays readable */
            P f = fd();
            e = w_fd_write(f > 2 ? f : 9, iovs(&n), n, ptr(4));
            break;
        }
        case 2: e = w_fd_pread(fd(), iovs(&n), n, small(), ptr(4)); break;
        case 3: e = w_fd_pwrite(3 + fd(), iovs(&n), n, small(), ptr(4)); break;
        case 4: e = w_fd_seek(3 + fd(), small() - 2500, (P)(rnd() % 4), ptr(8)); break;
        case 5: e = rnd() % 4 ? 0 : w_fd_close(4 + (P)(rnd() % 6)); break; /* keep 3, the preopen */
        case 6: e = w_fd_fdstat_get(fd(), ptr(24)); break;
        case 7: e = w_fd_fdstat_set_flags(3 + fd(), (P)(rnd() % 40)); break;
        case 8: e = w_fd_filestat_get(fd(), ptr(64)); break;
        case 9: e = w_fd_filestat_set_size(4 + fd(), small()); break;
        case 10: e = w_fd_filestat_set_times(3 + fd(), small(), small(), (P)(rnd() % 17)); break;
        case 11: e = w_fd_readdir(fd(), ptr(256), (P)(rnd() % 256), (L)(rnd() % 8), ptr(4)); break;
        case 12: e = w_fd_renumber(4 + (P)(rnd() % 6), 4 + (P)(rnd() % 6)); break;
        case 13: e = w_fd_allocate(4 + fd(), small(), small()); break;
        case 14: e = w_fd_prestat_get(fd(), ptr(8)); break;
        case 15: e = w_path_open(3 + (P)(rnd() % 3), (P)(rnd() % 3), PATH(0), (P)(rnd() % 17),
                                 (L)rnd() | ((L)rnd() << 32), (L)rnd(), (P)(rnd() % 33), ptr(4));
            break;
        case 16: e = w_path_create_directory(3, PATH(0)); break;
        case 17: e = w_path_remove_directory(3, PATH(0)); break;
        case 18: e = w_path_unlink_file(3, PATH(0)); break;
        case 19: e = w_path_rename(3, PATH(0), 3 + (P)(rnd() % 2), PATH(1)); break;
        case 20: e = w_path_link(3, (P)(rnd() % 2), PATH(0), 3, PATH(1)); break;
        case 21: e = w_path_symlink(PATH(0), 3, PATH(1)); break;
        case 22: e = w_path_readlink(3, PATH(0), ptr(64), (P)(rnd() % 64), ptr(4)); break;
        case 23: e = w_path_filestat_get(3, (P)(rnd() % 3), PATH(0), ptr(64)); break;
        case 24: e = w_path_filestat_set_times(3, (P)(rnd() % 2), PATH(0), small(), small(), (P)(rnd() % 17));
            break;
        default: e = w_random_get(ptr(64), (P)(rnd() % 64)); break;
        }
        /* Every answer must be a witx errno. */
        if (e < 0 || e > 76) {
            printf("call %ld: errno %d out of range\n", i, (int)e);
            failures++;
        }
    }
    printf("chaos done, %ld bad answers\n", failures);
    return failures != 0;
}
