/* wasi_path.c - the path_* functions of wasi_snapshot_preview1.  Every
 * path goes through wasi_sandbox.c, which keeps it beneath the directory
 * descriptor it is relative to; this file maps flags and errnos. */
#define _GNU_SOURCE
#include "wasi_int.h"
#include "wasi_sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define CTX ((WasiCtx *)user)

/* The directory entry for fd and the guest path, copied. */
static int dir_and_path(WrCaller *c, WasiCtx *ctx, uint32_t fd, uint32_t addr, uint32_t len,
                        WasiFd **out_dir, char **out_path)
{
    *out_path = NULL;
    WasiFd *d = wasi_fd_get(ctx, fd);
    if (!d)
        return WE_BADF;
    if (d->kind != WFD_DIR)
        return WE_NOTDIR;
    *out_dir = d;
    return wasi_get_path(c, addr, len, out_path);
}

/* Resolve the parent of a guest path: *out_parent (to close) and leaf;
 * *out_slash (may be NULL) says the path ended in '/'. */
static int parent_of(WrCaller *c, WasiCtx *ctx, uint32_t fd, uint32_t addr, uint32_t len,
                     int *out_parent, char *leaf, int *out_slash)
{
    WasiFd *d;
    char *path;
    int e = dir_and_path(c, ctx, fd, addr, len, &d, &path);
    if (!e) {
        int herr = sbx_parent(d->host, path, out_parent, leaf);
        e = wasi_errno(herr);
        if (out_slash)
            *out_slash = len > 1 && path[len - 1] == '/';
    }
    free(path);
    return e;
}

static int exists(int dirfd, const char *leaf, struct stat *st)
{
    return fstatat(dirfd, leaf, st, AT_SYMLINK_NOFOLLOW) == 0;
}

/* A non-directory (symlink, hard link) named with a trailing slash: the
 * name exists (exist) or cannot be made (noent), as POSIX says. */
static int slash_for_nondir(int parent, const char *leaf)
{
    struct stat st;
    return exists(parent, leaf, &st) ? WE_EXIST : WE_NOENT;
}

/* Host open(2) flags for an access mode and the witx oflags/fdflags. */
static int open_flags(int rd, int wr, uint32_t oflags, uint32_t fdflags)
{
    int flags = O_NOCTTY | (wr ? (rd ? O_RDWR : O_WRONLY) : O_RDONLY);
    if (oflags & WO_CREAT)
        flags |= O_CREAT;
    if (oflags & WO_DIRECTORY)
        flags |= O_DIRECTORY;
    if (oflags & WO_EXCL)
        flags |= O_EXCL;
    if (oflags & WO_TRUNC)
        flags |= O_TRUNC;
    if (fdflags & WFD_APPEND)
        flags |= O_APPEND;
    if (fdflags & WFD_DSYNC)
        flags |= O_DSYNC;
    if (fdflags & WFD_NONBLOCK)
        flags |= O_NONBLOCK;
    if (fdflags & (WFD_RSYNC | WFD_SYNC))
        flags |= O_SYNC;
    return flags;
}

static int path_open(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    uint32_t dirflags = a[1].u32, oflags = a[4].u32, fdflags = a[7].u32;
    uint64_t base = a[5].u64, inh = a[6].u64;
    if ((oflags & ~0xfu) || (fdflags & ~0x1fu))
        return wasi_ret(r, WE_INVAL);
    WasiFd *d;
    char *path;
    int e = dir_and_path(c, CTX, a[0].u32, a[2].u32, a[3].u32, &d, &path);
    if (e) {
        free(path);
        return wasi_ret(r, e);
    }
    /* A new descriptor gets no right its directory may not hand down. */
    base &= d->inheriting;
    inh &= d->inheriting;
    /* Truncating through a path needs the directory's right to do so. */
    if ((oflags & WO_TRUNC) && !(d->rights & WRIGHT_PATH_FILESTAT_SET_SIZE)) {
        free(path);
        return wasi_ret(r, WE_PERM);
    }
    /* As wasmtime: the requested rights decide the access mode. */
    int rd = (base & (WRIGHT_FD_READ | WRIGHT_FD_READDIR)) != 0;
    int wr = (base & (WRIGHT_FD_WRITE | WRIGHT_FD_ALLOCATE | WRIGHT_FD_FILESTAT_SET_SIZE)) != 0 ||
             (fdflags & WFD_APPEND);
    int flags = open_flags(rd, wr, oflags, fdflags);
    if ((oflags & WO_DIRECTORY) && wr) {
        free(path);
        return wasi_ret(r, WE_ISDIR);
    }
    int host;
    int herr = sbx_open(d->host, path, flags, 0666, dirflags & WLOOKUP_FOLLOW, &host);
    free(path);
    if (herr)
        return wasi_ret(r, wasi_errno(herr));
    struct stat st;
    if (fstat(host, &st) < 0) {
        e = wasi_errno(errno);
        close(host);
        return wasi_ret(r, e);
    }
    uint8_t ft = wasi_filetype(st.st_mode);
    int isdir = ft == WFT_DIR;
    uint32_t gfd;
    /* Files hand nothing down; directories what they were given. */
    e = wasi_fd_add(CTX, host, isdir ? WFD_DIR : WFD_FILE, ft, base & (isdir ? WRIGHTS_DIR : WRIGHTS_FILE),
                    isdir ? inh & (WRIGHTS_DIR | WRIGHTS_FILE) : 0, &gfd);
    if (e)
        return wasi_ret(r, e);
    if ((e = wasi_put32(c, a[8].u32, gfd)) != 0)
        wasi_fd_release(&CTX->fds[gfd]);
    return wasi_ret(r, e);
}

static int path_create_directory(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    int p;
    char leaf[NAME_MAX + 1];
    int e = parent_of(c, CTX, a[0].u32, a[1].u32, a[2].u32, &p, leaf, NULL);
    if (e)
        return wasi_ret(r, e);
    if (mkdirat(p, leaf, 0777) < 0)
        e = wasi_errno(errno);
    close(p);
    return wasi_ret(r, e);
}

static int unlink_common(WrCaller *c, const WrVal *a, WrVal *r, void *user, int flag)
{
    int p;
    char leaf[NAME_MAX + 1];
    int e = parent_of(c, CTX, a[0].u32, a[1].u32, a[2].u32, &p, leaf, NULL);
    if (e)
        return wasi_ret(r, e);
    if (unlinkat(p, leaf, flag) < 0) {
        e = wasi_errno(errno);
        /* POSIX allows EEXIST for a non-empty directory; WASI says notempty. */
        if (e == WE_EXIST)
            e = WE_NOTEMPTY;
    }
    close(p);
    return wasi_ret(r, e);
}

static int path_unlink_file(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    return unlink_common(c, a, r, user, 0);
}

static int path_remove_directory(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    return unlink_common(c, a, r, user, AT_REMOVEDIR);
}

static int path_rename(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    int p1, p2, s1 = 0, s2 = 0;
    char l1[NAME_MAX + 1], l2[NAME_MAX + 1];
    int e = parent_of(c, CTX, a[0].u32, a[1].u32, a[2].u32, &p1, l1, &s1);
    if (e)
        return wasi_ret(r, e);
    if ((e = parent_of(c, CTX, a[3].u32, a[4].u32, a[5].u32, &p2, l2, &s2)) == 0) {
        struct stat st;
        /* Trailing slashes are allowed only when a directory moves. */
        if ((s1 || s2) && exists(p1, l1, &st) && !S_ISDIR(st.st_mode))
            e = WE_NOTDIR;
        else if (renameat(p1, l1, p2, l2) < 0)
            e = wasi_errno(errno);
        if (e == WE_EXIST) /* Linux may say so for a non-empty directory */
            e = WE_NOTEMPTY;
        close(p2);
    }
    close(p1);
    return wasi_ret(r, e);
}

static int path_link(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    /* Following a symlink at the source is refused (as wasmtime does): the
     * kernel would follow it without our sandbox checks. */
    if (a[1].u32 & WLOOKUP_FOLLOW)
        return wasi_ret(r, WE_INVAL);
    int p1, p2, s2 = 0;
    char l1[NAME_MAX + 1], l2[NAME_MAX + 1];
    int e = parent_of(c, CTX, a[0].u32, a[2].u32, a[3].u32, &p1, l1, NULL);
    if (e)
        return wasi_ret(r, e);
    if ((e = parent_of(c, CTX, a[4].u32, a[5].u32, a[6].u32, &p2, l2, &s2)) == 0) {
        if (s2)
            e = slash_for_nondir(p2, l2);
        else if (linkat(p1, l1, p2, l2, 0) < 0)
            e = wasi_errno(errno);
        close(p2);
    }
    close(p1);
    return wasi_ret(r, e);
}

static int path_symlink(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    /* The target is stored as text and never resolved here; resolution of
     * any path through the link later stays beneath the preopen.  An
     * absolute target could never be followed: refused at once, as
     * wasmtime does (and as wasi:filesystem symlink-at here). */
    char *target;
    int e = wasi_get_path(c, a[0].u32, a[1].u32, &target);
    if (e)
        return wasi_ret(r, e);
    if (target[0] == '/') {
        free(target);
        return wasi_ret(r, WE_PERM);
    }
    int p, slash = 0;
    char leaf[NAME_MAX + 1];
    if ((e = parent_of(c, CTX, a[2].u32, a[3].u32, a[4].u32, &p, leaf, &slash)) == 0) {
        if (slash)
            e = slash_for_nondir(p, leaf);
        else if (symlinkat(target, p, leaf) < 0)
            e = wasi_errno(errno);
        close(p);
    }
    free(target);
    return wasi_ret(r, e);
}

static int path_readlink(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    int p;
    char leaf[NAME_MAX + 1];
    int e = parent_of(c, CTX, a[0].u32, a[1].u32, a[2].u32, &p, leaf, NULL);
    if (e)
        return wasi_ret(r, e);
    char *tmp = malloc(PATH_MAX);
    ssize_t n = tmp ? readlinkat(p, leaf, tmp, PATH_MAX) : -1;
    e = !tmp ? WE_NOMEM : n < 0 ? wasi_errno(errno) : WE_SUCCESS;
    close(p);
    if (!e) {
        uint32_t cap = a[4].u32, k = (uint64_t)n < cap ? (uint32_t)n : cap; /* truncated to the buffer */
        uint8_t *out = wr_caller_mem(c, a[3].u32, cap);
        if (!out)
            e = WE_FAULT;
        else
            memcpy(out, tmp, k);
        if (!e)
            e = wasi_put32(c, a[5].u32, k);
    }
    free(tmp);
    return wasi_ret(r, e);
}

/* Open the object a path names as an O_PATH fd (following a final symlink
 * if lookup flags say so). */
static int open_path(WrCaller *c, WasiCtx *ctx, const WrVal *a, int *out)
{
    if (a[1].u32 & ~1u)
        return WE_INVAL;
    WasiFd *d;
    char *path;
    int e = dir_and_path(c, ctx, a[0].u32, a[2].u32, a[3].u32, &d, &path);
    if (!e)
        e = wasi_errno(sbx_open(d->host, path, O_PATH, 0, a[1].u32 & WLOOKUP_FOLLOW, out));
    free(path);
    return e;
}

int wasi_path_filestat(WrCaller *c, WasiCtx *ctx, const WrVal *a, WasiPutStat put)
{
    int fd;
    int e = open_path(c, ctx, a, &fd);
    if (e)
        return e;
    struct stat st;
    e = fstat(fd, &st) < 0 ? wasi_errno(errno) : WE_SUCCESS;
    close(fd);
    return e ? e : put(c, a[4].u32, &st);
}

static int path_filestat_get(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    return wasi_ret(r, wasi_path_filestat(c, CTX, a, wasi_put_filestat));
}

static int path_filestat_set_times(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    struct timespec ts[2];
    int e = wasi_times(a[4].u64, a[5].u64, a[6].u32, ts);
    if (e)
        return wasi_ret(r, e);
    if (a[1].u32 & ~1u)
        return wasi_ret(r, WE_INVAL);
    if (!(a[1].u32 & WLOOKUP_FOLLOW)) {
        /* The name itself: act on it in its (sandboxed) parent. */
        int p;
        char leaf[NAME_MAX + 1];
        if ((e = parent_of(c, CTX, a[0].u32, a[2].u32, a[3].u32, &p, leaf, NULL)) != 0)
            return wasi_ret(r, e);
        e = utimensat(p, leaf, ts, AT_SYMLINK_NOFOLLOW) < 0 ? wasi_errno(errno) : WE_SUCCESS;
        close(p);
        return wasi_ret(r, e);
    }
    int fd;
    if ((e = open_path(c, CTX, a, &fd)) != 0)
        return wasi_ret(r, e);
    /* Following: utimensat cannot act on an O_PATH fd directly, but its
     * /proc link names exactly the object already resolved inside the
     * sandbox. */
    char proc[64];
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
    e = utimensat(AT_FDCWD, proc, ts, 0) < 0 ? wasi_errno(errno) : WE_SUCCESS;
    close(fd);
    return wasi_ret(r, e);
}

const WasiFuncDef wasi_defs_path[] = {
    {"path_create_directory", "iii:i", path_create_directory},
    {"path_filestat_get", "iiiii:i", path_filestat_get},
    {"path_filestat_set_times", "iiiiIIi:i", path_filestat_set_times},
    {"path_link", "iiiiiii:i", path_link},
    {"path_open", "iiiiiIIii:i", path_open},
    {"path_readlink", "iiiiii:i", path_readlink},
    {"path_remove_directory", "iii:i", path_remove_directory},
    {"path_rename", "iiiiii:i", path_rename},
    {"path_symlink", "iiiii:i", path_symlink},
    {"path_unlink_file", "iii:i", path_unlink_file},
    {NULL, NULL, NULL},
};
