/* fsops.c - a guest that performs one raw WASI preview-1 call (or a short
 * sequence) on the first preopen (fd 3) and prints the errno, so that the
 * test driver can check exact snapshot_preview1 errno values and then
 * inspect the host directories.  The libc path layer is bypassed on
 * purpose: wasi-libc would refuse some escapes itself and hide what the
 * host does.
 *
 *   fsops OP ARGS...   prints "OP errno N" and, on success, extra lines.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wasi/api.h>

#define DIRFD 3
#define RIGHTS_RW (__WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_SEEK | __WASI_RIGHTS_FD_READDIR)

__attribute__((import_module("wasi_snapshot_preview1"), import_name("fd_write")))
int32_t raw_fd_write(int32_t fd, int32_t iovs, int32_t n, int32_t out);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("path_open")))
int32_t raw_path_open(int32_t fd, int32_t dirflags, int32_t path, int32_t len, int32_t oflags,
                      int64_t base, int64_t inh, int32_t fdflags, int32_t out);
__attribute__((import_module("wasi_snapshot_preview1"), import_name("args_get")))
int32_t raw_args_get(int32_t argv, int32_t buf);

static int report(const char *op, int e)
{
    printf("%s errno %d\n", op, e);
    return e;
}

static int open_at(const char *path, int follow, __wasi_oflags_t of, __wasi_rights_t rights, __wasi_fd_t *fd)
{
    return __wasi_path_open(DIRFD, follow ? __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW : 0, path, of, rights,
                            rights, 0, fd);
}

static void print_contents(__wasi_fd_t fd)
{
    char buf[256];
    __wasi_iovec_t iov = {(uint8_t *)buf, sizeof buf - 1};
    __wasi_size_t n = 0;
    int e = __wasi_fd_read(fd, &iov, 1, &n);
    buf[e ? 0 : n] = 0;
    printf("data %s\n", buf);
}

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* List a directory with fd_readdir using a small buffer, so that the
 * cookie protocol and cut entries are exercised. */
static int list(const char *path)
{
    __wasi_fd_t fd;
    int e = open_at(path, 1, __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READDIR, &fd);
    if (e)
        return e;
    char *names[256];
    int n = 0;
    __wasi_dircookie_t cookie = 0;
    for (;;) {
        uint8_t buf[40];
        __wasi_size_t used;
        if ((e = __wasi_fd_readdir(fd, buf, sizeof buf, cookie, &used)) != 0)
            return e;
        __wasi_size_t at = 0, got = 0;
        while (at + sizeof(__wasi_dirent_t) <= used) {
            __wasi_dirent_t d;
            memcpy(&d, buf + at, sizeof d);
            if (at + sizeof d + d.d_namlen > used)
                break; /* cut: ask again from this cookie */
            char *name = strndup((char *)buf + at + sizeof d, d.d_namlen);
            if (strcmp(name, ".") && strcmp(name, "..") && n < 256)
                names[n++] = name;
            else
                free(name);
            cookie = d.d_next;
            at += sizeof d + d.d_namlen;
            got++;
        }
        if (used < sizeof buf && at == used)
            break;
        if (!got) { /* one entry bigger than the buffer: not in these tests */
            printf("entry too long\n");
            return 0;
        }
    }
    qsort(names, (size_t)n, sizeof *names, cmp);
    for (int i = 0; i < n; i++) {
        printf("entry %s\n", names[i]);
        free(names[i]);
    }
    (void)__wasi_fd_close(fd);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 100;
    const char *op = argv[1], *a = argc > 2 ? argv[2] : "", *b = argc > 3 ? argv[3] : "";
    __wasi_fd_t fd;
    int e;
    if (!strcmp(op, "open") || !strcmp(op, "open-nofollow")) {
        e = report(op, open_at(a, !strcmp(op, "open"), 0, __WASI_RIGHTS_FD_READ, &fd));
        if (!e)
            print_contents(fd);
    } else if (!strcmp(op, "create")) {
        e = report(op, open_at(a, 1, __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC, RIGHTS_RW, &fd));
        if (!e) {
            __wasi_ciovec_t iov = {(const uint8_t *)b, strlen(b)};
            __wasi_size_t n;
            report("write", __wasi_fd_write(fd, &iov, 1, &n));
        }
    } else if (!strcmp(op, "create-excl")) {
        report(op, open_at(a, 0, __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL, RIGHTS_RW, &fd));
    } else if (!strcmp(op, "opendir")) {
        report(op, open_at(a, 1, __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READDIR, &fd));
    } else if (!strcmp(op, "mkdir")) {
        report(op, __wasi_path_create_directory(DIRFD, a));
    } else if (!strcmp(op, "rmdir")) {
        report(op, __wasi_path_remove_directory(DIRFD, a));
    } else if (!strcmp(op, "unlink")) {
        report(op, __wasi_path_unlink_file(DIRFD, a));
    } else if (!strcmp(op, "rename")) {
        report(op, __wasi_path_rename(DIRFD, a, DIRFD, b));
    } else if (!strcmp(op, "link")) {
        report(op, __wasi_path_link(DIRFD, 0, a, DIRFD, b));
    } else if (!strcmp(op, "link-follow")) {
        report(op, __wasi_path_link(DIRFD, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, a, DIRFD, b));
    } else if (!strcmp(op, "symlink")) {
        report(op, __wasi_path_symlink(a, DIRFD, b));
    } else if (!strcmp(op, "readlink")) {
        char buf[128];
        __wasi_size_t n = 0;
        if (!report(op, __wasi_path_readlink(DIRFD, a, (uint8_t *)buf, sizeof buf, &n)))
            printf("target %.*s\n", (int)n, buf);
    } else if (!strcmp(op, "stat") || !strcmp(op, "lstat")) {
        __wasi_filestat_t st;
        int follow = !strcmp(op, "stat") ? __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW : 0;
        if (!report(op, __wasi_path_filestat_get(DIRFD, follow, a, &st)))
            printf("type %d size %llu\n", st.filetype, (unsigned long long)st.size);
    } else if (!strcmp(op, "utimes") || !strcmp(op, "lutimes")) {
        int follow = !strcmp(op, "utimes") ? __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW : 0;
        report(op, __wasi_path_filestat_set_times(DIRFD, follow, a, 0, 1000000000ull, __WASI_FSTFLAGS_MTIM));
    } else if (!strcmp(op, "ls")) {
        report(op, list(a));
    } else if (!strcmp(op, "prestat")) {
        __wasi_prestat_t ps;
        char name[64];
        if (!report(op, __wasi_fd_prestat_get(DIRFD, &ps)) &&
            !__wasi_fd_prestat_dir_name(DIRFD, (uint8_t *)name, ps.u.dir.pr_name_len))
            printf("name %.*s\n", (int)ps.u.dir.pr_name_len, name);
        report("prestat-stdout", __wasi_fd_prestat_get(1, &ps));
        report("prestat-closed", __wasi_fd_prestat_get(77, &ps));
    } else if (!strcmp(op, "stdin")) {
        /* Readiness first (a file: ready, with its size), then read it all. */
        __wasi_subscription_t s;
        memset(&s, 0, sizeof s);
        s.u.tag = __WASI_EVENTTYPE_FD_READ;
        s.u.u.fd_read.file_descriptor = 0;
        __wasi_event_t ev;
        __wasi_size_t nev;
        if (strcmp(a, "nopoll") && !report("poll", __wasi_poll_oneoff(&s, &ev, 1, &nev)))
            printf("events %u type %d nbytes %llu\n", (unsigned)nev, ev.type,
                   (unsigned long long)ev.fd_readwrite.nbytes);
        char buf[256];
        size_t total = 0;
        for (;;) {
            __wasi_iovec_t iov = {(uint8_t *)buf + total, sizeof buf - 1 - total};
            __wasi_size_t n = 0;
            e = __wasi_fd_read(0, &iov, 1, &n);
            if (e || n == 0)
                break;
            total += n;
        }
        buf[total] = 0;
        report("read", e);
        printf("stdin %zu: %s\n", total, buf);
    } else if (!strcmp(op, "badptr")) {
        /* Out-of-bounds guest pointers must give errno fault (21). */
        report("fd_write-iovs", raw_fd_write(1, -16, 1, 0x1000));
        report("path_open-path", raw_path_open(DIRFD, 0, -8, 100, 0, 0, 0, 0, 0x1000));
        report("args_get-buf", raw_args_get(0x1000, -4));
        report("fd_write-badfd", raw_fd_write(99, 0x1000, 0, 0x1000));
    } else if (!strcmp(op, "seq")) {
        /* The usual life of a file: create, write, seek, read, stat, close. */
        e = report("create", open_at("f.txt", 0, __WASI_OFLAGS_CREAT, RIGHTS_RW, &fd));
        if (e)
            return 1;
        __wasi_ciovec_t iov[2] = {{(const uint8_t *)"hello ", 6}, {(const uint8_t *)"world", 5}};
        __wasi_size_t n;
        report("write", __wasi_fd_write(fd, iov, 2, &n));
        printf("written %u\n", (unsigned)n);
        __wasi_filesize_t pos;
        report("tell", __wasi_fd_tell(fd, &pos));
        printf("pos %llu\n", (unsigned long long)pos);
        report("seek", __wasi_fd_seek(fd, 6, __WASI_WHENCE_SET, &pos));
        print_contents(fd);
        char pb[6] = {0};
        __wasi_iovec_t piov = {(uint8_t *)pb, 5};
        report("pread", __wasi_fd_pread(fd, &piov, 1, 0, &n));
        printf("pread %s\n", pb);
        __wasi_filestat_t st;
        report("fstat", __wasi_fd_filestat_get(fd, &st));
        printf("size %llu type %d\n", (unsigned long long)st.size, st.filetype);
        report("truncate", __wasi_fd_filestat_set_size(fd, 5));
        report("fstat", __wasi_fd_filestat_get(fd, &st));
        printf("size %llu\n", (unsigned long long)st.size);
        __wasi_fdstat_t fs;
        report("fdstat", __wasi_fd_fdstat_get(fd, &fs));
        printf("filetype %d\n", fs.fs_filetype);
        report("seek-bad-whence", __wasi_fd_seek(fd, 0, 7, &pos));
        report("sync", __wasi_fd_sync(fd));
        __wasi_fd_t fd2;
        report("open2", open_at("f.txt", 0, 0, __WASI_RIGHTS_FD_READ, &fd2));
        report("renumber", __wasi_fd_renumber(fd, fd2));
        report("close-old", __wasi_fd_close(fd));
        report("renumber-closed", __wasi_fd_renumber(fd, fd2));
        report("close", __wasi_fd_close(fd2));
        report("close-again", __wasi_fd_close(fd2));
        report("readdir-on-file", __wasi_fd_readdir(1, (uint8_t *)pb, 4, 0, &n));
    } else {
        return 100;
    }
    return 0;
}
