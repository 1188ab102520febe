/* abuse.c - calls WASI functions with pointers and lengths that leave the
 * guest's memory, and with malformed paths, through raw imports (no libc
 * checks in between).  Prints "NAME errno N" for each; the host must answer
 * fault (21) / ilseq (25) / inval (28) and never crash. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

#define IMP(name, ...)                                                                             \
    __attribute__((import_module("wasi_snapshot_preview1"), import_name(#name))) int32_t raw_##name(__VA_ARGS__);
typedef int32_t P; /* a guest pointer or length */
IMP(args_get, P, P)
IMP(args_sizes_get, P, P)
IMP(environ_get, P, P)
IMP(environ_sizes_get, P, P)
IMP(clock_res_get, P, P)
IMP(clock_time_get, P, int64_t, P)
IMP(fd_fdstat_get, P, P)
IMP(fd_filestat_get, P, P)
IMP(fd_prestat_get, P, P)
IMP(fd_prestat_dir_name, P, P, P)
IMP(fd_read, P, P, P, P)
IMP(fd_write, P, P, P, P)
IMP(fd_pread, P, P, P, int64_t, P)
IMP(fd_pwrite, P, P, P, int64_t, P)
IMP(fd_seek, P, int64_t, P, P)
IMP(fd_tell, P, P)
IMP(fd_readdir, P, P, P, int64_t, P)
IMP(path_open, P, P, P, P, P, int64_t, int64_t, P, P)
IMP(path_create_directory, P, P, P)
IMP(path_filestat_get, P, P, P, P, P)
IMP(path_filestat_set_times, P, P, P, P, int64_t, int64_t, P)
IMP(path_readlink, P, P, P, P, P, P)
IMP(path_rename, P, P, P, P, P, P)
IMP(path_symlink, P, P, P, P, P)
IMP(path_link, P, P, P, P, P, P, P)
IMP(path_unlink_file, P, P, P)
IMP(path_remove_directory, P, P, P)
IMP(poll_oneoff, P, P, P, P)
IMP(random_get, P, P)

static void show(const char *name, int e) { printf("%s errno %d\n", name, e); }
#define T(name, call) show(name, call)

static char okbuf[256];
static uint32_t okout;

int main(void)
{
    P end = (P)(__builtin_wasm_memory_size(0) * 65536u);
    P bad = end - 2; /* a 4- or 8-byte object here crosses the end */
    P wild = -1;
    P ok = (P)(uintptr_t)okbuf, out = (P)(uintptr_t)&okout;
    __wasi_fd_t file;
    if (__wasi_path_open(3, 0, "abuse.txt", __WASI_OFLAGS_CREAT, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE,
                         0, 0, &file))
        return 1;
    P f = (P)file;
    /* An iovec in bounds whose buffer is not. */
    static uint32_t iov[2];
    iov[0] = (uint32_t)bad;
    iov[1] = 100;
    P badiov = (P)(uintptr_t)iov;

    T("args_get", raw_args_get(bad, bad));
    T("args_sizes_get", raw_args_sizes_get(wild, out));
    T("environ_get", raw_environ_get(ok, bad));
    T("environ_sizes_get", raw_environ_sizes_get(out, bad));
    T("clock_res_get", raw_clock_res_get(0, bad));
    T("clock_time_get", raw_clock_time_get(1, 0, wild));
    T("fd_fdstat_get", raw_fd_fdstat_get(1, bad));
    T("fd_filestat_get", raw_fd_filestat_get(f, bad));
    T("fd_prestat_get", raw_fd_prestat_get(3, bad));
    T("fd_prestat_dir_name", raw_fd_prestat_dir_name(3, bad, 100));
    T("fd_read-iovs", raw_fd_read(f, wild, 1, out));
    T("fd_read-buf", raw_fd_read(f, badiov, 1, out));
    T("fd_write-buf", raw_fd_write(f, badiov, 1, out));
    T("fd_write-count", raw_fd_write(f, end - 8, 2, out));
    T("fd_pread-buf", raw_fd_pread(f, badiov, 1, 0, out));
    T("fd_pwrite-buf", raw_fd_pwrite(f, badiov, 1, 0, out));
    T("fd_seek-out", raw_fd_seek(f, 0, 0, bad));
    T("fd_tell-out", raw_fd_tell(f, wild));
    T("fd_readdir-buf", raw_fd_readdir(3, bad, 100, 0, out));
    T("fd_readdir-out", raw_fd_readdir(3, ok, 100, 0, bad));
    T("path_open-path", raw_path_open(3, 0, bad, 10, 0, 0, 0, 0, out));
    T("path_open-len", raw_path_open(3, 0, ok, 0x7fffffff, 0, 0, 0, 0, out));
    memcpy(okbuf, "abuse.txt", 9);
    T("path_open-out", raw_path_open(3, 0, ok, 9, 0, 0, 0, 0, bad));
    T("path_create_directory", raw_path_create_directory(3, wild, 5));
    T("path_filestat_get-out", raw_path_filestat_get(3, 0, ok, 9, bad));
    T("path_filestat_set_times", raw_path_filestat_set_times(3, 0, bad, 5, 0, 0, 0));
    T("path_readlink-path", raw_path_readlink(3, bad, 4, ok, 10, out));
    T("path_rename-old", raw_path_rename(3, bad, 3, 3, ok, 1));
    T("path_rename-new", raw_path_rename(3, ok, 9, 3, wild, 4));
    T("path_symlink-target", raw_path_symlink(bad, 8, 3, ok, 1));
    T("path_link-new", raw_path_link(3, 0, ok, 9, 3, bad, 3));
    T("path_unlink_file", raw_path_unlink_file(3, bad, 3));
    T("path_remove_directory", raw_path_remove_directory(3, bad, 3));
    T("poll_oneoff-in", raw_poll_oneoff(bad, ok, 1, out));
    T("poll_oneoff-out", raw_poll_oneoff(ok, bad, 1, out));
    T("poll_oneoff-count", raw_poll_oneoff(ok, ok, 60000, out));
    T("random_get-buf", raw_random_get(bad, 100));
    T("random_get-len", raw_random_get(ok, 0x7fffffff));
    memcpy(okbuf, "ab\xff\xfe", 4);
    T("path-not-utf8", raw_path_create_directory(3, ok, 4));
    memcpy(okbuf, "ab\0cd", 5);
    T("path-with-nul", raw_path_create_directory(3, ok, 5));
    return 0;
}
