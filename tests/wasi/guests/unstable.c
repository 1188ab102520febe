/* unstable.c - the snapshot-0 ABI ("wasi_unstable") of older binaries:
 * its own whence numbering, 56-byte filestat and 56-byte clock
 * subscriptions.  Imports those calls by hand next to wasi-libc's
 * preview-1 ones, prints "ok NAME" / "FAIL NAME". */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define U(name) __attribute__((import_module("wasi_unstable"), import_name(#name)))
U(path_open) int32_t u_path_open(int32_t, int32_t, const char *, int32_t, int32_t, int64_t, int64_t, int32_t, uint32_t *);
U(fd_write) int32_t u_fd_write(int32_t, const void *, int32_t, uint32_t *);
U(fd_seek) int32_t u_fd_seek(int32_t, int64_t, int32_t, uint64_t *);
U(fd_filestat_get) int32_t u_fd_filestat_get(int32_t, uint8_t *);
U(path_filestat_get) int32_t u_path_filestat_get(int32_t, int32_t, const char *, int32_t, uint8_t *);
U(poll_oneoff) int32_t u_poll_oneoff(const uint8_t *, uint8_t *, int32_t, uint32_t *);
U(fd_close) int32_t u_fd_close(int32_t);
U(clock_time_get) int32_t u_clock_time_get(int32_t, int64_t, uint64_t *);

static int failures;
static void check(const char *name, int ok)
{
    printf("%s %s\n", ok ? "ok" : "FAIL", name);
    failures += !ok;
}

static uint64_t ld64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }
static uint32_t ld32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }

static void check_stat(const char *name, const uint8_t *st)
{
    int ok = st[16] == 4 && ld32(st + 20) == 1 && ld64(st + 24) == 11 && ld64(st + 48) != 0;
    for (int i = 56; i < 64; i++)
        ok &= st[i] == 0xaa; /* nothing written past the 56-byte record */
    check(name, ok);
}

int main(void)
{
    uint32_t fd = 0;
    const char *name = "old.txt";
    int e = u_path_open(3, 0, name, (int32_t)strlen(name), 1 /* creat */, 0x7f, 0, 0, &fd);
    check("path_open", e == 0);
    struct { const void *buf; uint32_t len; } iov = {"hello world", 11};
    uint32_t n = 0;
    check("fd_write", u_fd_write((int32_t)fd, &iov, 1, &n) == 0 && n == 11);
    uint64_t pos = 99;
    check("seek set is 2", u_fd_seek((int32_t)fd, 3, 2, &pos) == 0 && pos == 3);
    check("seek cur is 0", u_fd_seek((int32_t)fd, 2, 0, &pos) == 0 && pos == 5);
    check("seek end is 1", u_fd_seek((int32_t)fd, 0, 1, &pos) == 0 && pos == 11);
    check("seek bad whence", u_fd_seek((int32_t)fd, 0, 3, &pos) == 28);
    uint8_t st[64];
    memset(st, 0xaa, sizeof st);
    check("fd_filestat_get", u_fd_filestat_get((int32_t)fd, st) == 0);
    check_stat("fd filestat layout", st);
    memset(st, 0xaa, sizeof st);
    check("path_filestat_get", u_path_filestat_get(3, 0, name, (int32_t)strlen(name), st) == 0);
    check_stat("path filestat layout", st);
    u_fd_close((int32_t)fd);

    uint8_t sub[56], ev[32];
    memset(sub, 0, sizeof sub);
    uint64_t userdata = 7, identifier = 1234, timeout = 20000000;
    uint32_t clock = 1;
    memcpy(sub, &userdata, 8);
    sub[8] = 0; /* clock */
    memcpy(sub + 16, &identifier, 8);
    memcpy(sub + 24, &clock, 4);
    memcpy(sub + 32, &timeout, 8);
    uint64_t t0, t1;
    u_clock_time_get(1, 1, &t0);
    e = u_poll_oneoff(sub, ev, 1, &n);
    u_clock_time_get(1, 1, &t1);
    check("poll_oneoff clock", e == 0 && n == 1 && ld64(ev) == 7 && ev[10] == 0 && ev[8] == 0 &&
                                   t1 - t0 >= 20000000 && t1 - t0 < 5000000000ull);
    printf("%d failures\n", failures);
    return failures != 0;
}
