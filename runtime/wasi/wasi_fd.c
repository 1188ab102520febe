/* wasi_fd.c - the fd_* functions of wasi_snapshot_preview1: reads and
 * writes through guest iovecs, seeking, descriptor flags and rights, file
 * status, preopen names and directory listings. */
#define _GNU_SOURCE
#include "wasi_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#define CTX ((WasiCtx *)user)

/* Guest iovecs (8 bytes each: buf, len) to host iovecs pointing into guest
 * memory.  More than IOV_MAX entries are cut (a short read/write is legal). */
static int gather(WrCaller *c, uint32_t iovs, uint32_t n, struct iovec *out, int *out_n)
{
    if (n > IOV_MAX)
        n = IOV_MAX;
    const uint8_t *arr = wr_caller_mem(c, iovs, (uint64_t)n * 8);
    if (!arr)
        return WE_FAULT;
    int k = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t buf = wasi_ld32(arr + 8 * i), len = wasi_ld32(arr + 8 * i + 4);
        if (len == 0)
            continue;
        uint8_t *p = wr_caller_mem(c, buf, len);
        if (!p)
            return WE_FAULT;
        out[k].iov_base = p;
        out[k].iov_len = len;
        k++;
    }
    *out_n = k;
    return WE_SUCCESS;
}

static int get(WasiCtx *ctx, uint32_t fd, WasiFd **out)
{
    *out = wasi_fd_get(ctx, fd);
    return *out ? WE_SUCCESS : WE_BADF;
}

/* With a deadline, wait until host fd is ready (a terminal or pipe may
 * block for ever); returns WASI_TIMED_OUT when the deadline passes first. */
enum { WASI_TIMED_OUT = -1 };

static int wait_ready(WasiCtx *ctx, int host, short events)
{
    for (;;) {
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        uint64_t t = (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
        if (t >= ctx->deadline_ns)
            return WASI_TIMED_OUT;
        uint64_t left = ctx->deadline_ns - t;
        struct timespec ts = {(time_t)(left / 1000000000u), (long)(left % 1000000000u)};
        struct pollfd p = {host, events, 0};
        int n = ppoll(&p, 1, &ts, NULL);
        if (n > 0 || (n < 0 && errno != EINTR))
            return 0; /* ready, or let the read itself report the error */
    }
}

/* Read (write = 0) or write through iovecs; offset < 0: at the position. */
static int rw(WrCaller *c, WasiCtx *ctx, const WrVal *a, int write, int64_t offset, uint32_t out)
{
    WasiFd *f;
    int e = get(ctx, a[0].u32, &f);
    if (e)
        return e;
    if (f->kind == WFD_DIR)
        return WE_ISDIR;
    /* A file opened without the right cannot be read or written (as
     * wasmtime: the rights chose the open mode). */
    if (f->kind == WFD_FILE && !(f->rights & (write ? WRIGHT_FD_WRITE : WRIGHT_FD_READ)))
        return WE_BADF;
    if (ctx->deadline_ns && offset < 0 && f->filetype != WFT_REG &&
        wait_ready(ctx, f->host, write ? POLLOUT : POLLIN) == WASI_TIMED_OUT)
        return WASI_TIMED_OUT;
    /* The common case (printf, a few buffers) needs no allocation. */
    struct iovec small[16], *iov = small;
    if (a[2].u32 > 16 && !(iov = malloc(IOV_MAX * sizeof *iov)))
        return WE_NOMEM;
    int n = 0;
    e = gather(c, a[1].u32, a[2].u32, iov, &n);
    ssize_t r = 0;
    if (!e && n > 0) {
        do {
            if (offset >= 0)
                r = write ? pwritev(f->host, iov, n, offset) : preadv(f->host, iov, n, offset);
            else
                r = write ? writev(f->host, iov, n) : readv(f->host, iov, n);
        } while (r < 0 && errno == EINTR);
        if (r < 0)
            e = wasi_errno(errno);
    }
    if (iov != small)
        free(iov);
    if (e)
        return e;
    return wasi_put32(c, out, (uint32_t)r);
}

static int fd_read(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    int e = rw(c, CTX, a, 0, -1, a[3].u32);
    if (e == WASI_TIMED_OUT)
        return wr_caller_trap(c, "timeout: deadline exceeded while the guest waited for input");
    return wasi_ret(r, e);
}

static int fd_write(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    int e = rw(c, CTX, a, 1, -1, a[3].u32);
    if (e == WASI_TIMED_OUT)
        return wr_caller_trap(c, "timeout: deadline exceeded while the guest waited for output");
    return wasi_ret(r, e);
}

static int fd_pread(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    if (a[3].i64 < 0)
        return wasi_ret(r, WE_INVAL);
    WasiFd *f = wasi_fd_get(CTX, a[0].u32);
    if (f && f->kind == WFD_STDIO && f->filetype != WFT_REG)
        return wasi_ret(r, WE_SPIPE);
    return wasi_ret(r, rw(c, CTX, a, 0, a[3].i64, a[4].u32));
}

static int fd_pwrite(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    if (a[3].i64 < 0)
        return wasi_ret(r, WE_INVAL);
    WasiFd *f = wasi_fd_get(CTX, a[0].u32);
    if (f && f->kind == WFD_STDIO && f->filetype != WFT_REG)
        return wasi_ret(r, WE_SPIPE);
    return wasi_ret(r, rw(c, CTX, a, 1, a[3].i64, a[4].u32));
}

int wasi_seek(WrCaller *c, WasiCtx *ctx, uint32_t fd, int64_t off, uint32_t whence, uint32_t out)
{
    WasiFd *f;
    int e = get(ctx, fd, &f);
    if (e)
        return e;
    if (f->kind == WFD_DIR)
        return WE_BADF;
    static const int hw[3] = {SEEK_SET, SEEK_CUR, SEEK_END};
    if (whence > 2)
        return WE_INVAL;
    off_t pos = lseek(f->host, off, hw[whence]);
    if (pos < 0)
        return wasi_errno(errno);
    return wasi_put64(c, out, (uint64_t)pos);
}

static int fd_seek(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    return wasi_ret(r, wasi_seek(c, CTX, a[0].u32, a[1].i64, a[2].u32, a[3].u32));
}

static int fd_tell(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    return wasi_ret(r, wasi_seek(c, CTX, a[0].u32, 0, 1, a[1].u32));
}

static int fd_close(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    (void)c;
    WasiFd *f;
    int e = get(CTX, a[0].u32, &f);
    if (!e)
        wasi_fd_release(f);
    return wasi_ret(r, e);
}

static int fd_fdstat_get(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    WasiFd *f;
    int e = get(CTX, a[0].u32, &f);
    if (e)
        return wasi_ret(r, e);
    int fl = fcntl(f->host, F_GETFL);
    if (fl < 0)
        return wasi_ret(r, wasi_errno(errno));
    uint16_t flags = 0;
    if (fl & O_APPEND)
        flags |= WFD_APPEND;
    if (fl & O_NONBLOCK)
        flags |= WFD_NONBLOCK;
    if ((fl & O_SYNC) == O_SYNC)
        flags |= WFD_SYNC | WFD_RSYNC; /* Linux: O_RSYNC == O_SYNC */
    else if (fl & O_DSYNC)
        flags |= WFD_DSYNC;
    uint8_t *p = wr_caller_mem(c, a[1].u32, 24);
    if (!p)
        return wasi_ret(r, WE_FAULT);
    memset(p, 0, 24);
    p[0] = f->filetype;
    wasi_st16(p + 2, flags);
    wasi_st64(p + 8, f->rights);
    wasi_st64(p + 16, f->inheriting);
    return wasi_ret(r, WE_SUCCESS);
}

static int fd_fdstat_set_flags(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    (void)c;
    WasiFd *f;
    int e = get(CTX, a[0].u32, &f);
    if (e)
        return wasi_ret(r, e);
    uint32_t want = a[1].u32;
    if (want & ~0x1fu)
        return wasi_ret(r, WE_INVAL);
    /* Linux cannot change the sync flags of an open file. */
    if (want & (WFD_DSYNC | WFD_RSYNC | WFD_SYNC))
        return wasi_ret(r, WE_NOTSUP);
    int fl = fcntl(f->host, F_GETFL);
    if (fl < 0)
        return wasi_ret(r, wasi_errno(errno));
    fl &= ~(O_APPEND | O_NONBLOCK);
    fl |= (want & WFD_APPEND ? O_APPEND : 0) | (want & WFD_NONBLOCK ? O_NONBLOCK : 0);
    if (fcntl(f->host, F_SETFL, fl) < 0)
        return wasi_ret(r, wasi_errno(errno));
    return wasi_ret(r, WE_SUCCESS);
}

static int fd_fdstat_set_rights(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    (void)c;
    WasiFd *f;
    int e = get(CTX, a[0].u32, &f);
    if (e)
        return wasi_ret(r, e);
    uint64_t base = a[1].u64, inh = a[2].u64;
    /* Rights can only shrink. */
    if ((base & ~f->rights) || (inh & ~f->inheriting))
        return wasi_ret(r, WE_NOTCAPABLE);
    f->rights = base;
    f->inheriting = inh;
    return wasi_ret(r, WE_SUCCESS);
}

static uint64_t ns(struct timespec t) { return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec; }

int wasi_put_filestat(WrCaller *c, uint32_t out, const struct stat *st)
{
    uint8_t *p = wr_caller_mem(c, out, 64);
    if (!p)
        return WE_FAULT;
    memset(p, 0, 64);
    wasi_st64(p + 0, (uint64_t)st->st_dev);
    wasi_st64(p + 8, (uint64_t)st->st_ino);
    p[16] = wasi_filetype(st->st_mode);
    wasi_st64(p + 24, (uint64_t)st->st_nlink);
    wasi_st64(p + 32, (uint64_t)st->st_size);
    wasi_st64(p + 40, ns(st->st_atim));
    wasi_st64(p + 48, ns(st->st_mtim));
    wasi_st64(p + 56, ns(st->st_ctim));
    return WE_SUCCESS;
}

int wasi_fd_filestat(WrCaller *c, WasiCtx *ctx, const WrVal *a, WasiPutStat put)
{
    WasiFd *f;
    int e = get(ctx, a[0].u32, &f);
    if (e)
        return e;
    struct stat st;
    if (fstat(f->host, &st) < 0)
        return wasi_errno(errno);
    return put(c, a[1].u32, &st);
}

static int fd_filestat_get(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    return wasi_ret(r, wasi_fd_filestat(c, CTX, a, wasi_put_filestat));
}

static int fd_filestat_set_size(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    (void)c;
    WasiFd *f;
    int e = get(CTX, a[0].u32, &f);
    if (e)
        return wasi_ret(r, e);
    if (a[1].i64 < 0)
        return wasi_ret(r, WE_INVAL);
    if (f->kind == WFD_DIR)
        return wasi_ret(r, WE_ISDIR);
    if (ftruncate(f->host, a[1].i64) < 0)
        return wasi_ret(r, wasi_errno(errno));
    return wasi_ret(r, WE_SUCCESS);
}

int wasi_times(uint64_t atim, uint64_t mtim, uint32_t fst, struct timespec ts[2])
{
    if ((fst & ~0xfu) || ((fst & WFST_ATIM) && (fst & WFST_ATIM_NOW)) ||
        ((fst & WFST_MTIM) && (fst & WFST_MTIM_NOW)))
        return WE_INVAL;
    uint64_t t[2] = {atim, mtim};
    for (int i = 0; i < 2; i++) {
        uint32_t set = i ? WFST_MTIM : WFST_ATIM, now = i ? WFST_MTIM_NOW : WFST_ATIM_NOW;
        if (fst & now) {
            ts[i].tv_sec = 0;
            ts[i].tv_nsec = UTIME_NOW;
        } else if (fst & set) {
            ts[i].tv_sec = (time_t)(t[i] / 1000000000u);
            ts[i].tv_nsec = (long)(t[i] % 1000000000u);
        } else {
            ts[i].tv_sec = 0;
            ts[i].tv_nsec = UTIME_OMIT;
        }
    }
    return WE_SUCCESS;
}

static int fd_filestat_set_times(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    (void)c;
    WasiFd *f;
    int e = get(CTX, a[0].u32, &f);
    if (e)
        return wasi_ret(r, e);
    struct timespec ts[2];
    if ((e = wasi_times(a[1].u64, a[2].u64, a[3].u32, ts)) != 0)
        return wasi_ret(r, e);
    if (futimens(f->host, ts) < 0)
        return wasi_ret(r, wasi_errno(errno));
    return wasi_ret(r, WE_SUCCESS);
}

static int fd_prestat_get(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    WasiFd *f;
    int e = get(CTX, a[0].u32, &f);
    if (e || !f->preopen)
        return wasi_ret(r, WE_BADF);
    uint8_t *p = wr_caller_mem(c, a[1].u32, 8);
    if (!p)
        return wasi_ret(r, WE_FAULT);
    memset(p, 0, 8); /* tag 0: a directory */
    wasi_st32(p + 4, (uint32_t)strlen(f->preopen));
    return wasi_ret(r, WE_SUCCESS);
}

static int fd_prestat_dir_name(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    WasiFd *f;
    int e = get(CTX, a[0].u32, &f);
    if (e || !f->preopen)
        return wasi_ret(r, WE_BADF);
    size_t n = strlen(f->preopen);
    if (a[2].u32 < n)
        return wasi_ret(r, WE_NAMETOOLONG);
    uint8_t *p = wr_caller_mem(c, a[1].u32, n);
    if (!p)
        return wasi_ret(r, WE_FAULT);
    memcpy(p, f->preopen, n);
    return wasi_ret(r, WE_SUCCESS);
}

static uint8_t dtype(int dirfd, const struct dirent *d)
{
    switch (d->d_type) {
    case DT_REG: return WFT_REG;
    case DT_DIR: return WFT_DIR;
    case DT_LNK: return WFT_SYMLINK;
    case DT_CHR: return WFT_CHAR;
    case DT_BLK: return WFT_BLOCK;
    case DT_SOCK: return WFT_SOCK_STREAM;
    case DT_FIFO: return WFT_UNKNOWN;
    default: {
        struct stat st;
        return fstatat(dirfd, d->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 ? wasi_filetype(st.st_mode)
                                                                         : WFT_UNKNOWN;
    }
    }
}

/* Take a fresh listing of directory f. */
static int list_dir(WasiFd *f)
{
    wasi_fd_dir_clear(f);
    int fd = dup(f->host);
    if (fd < 0)
        return wasi_errno(errno);
    DIR *d = fdopendir(fd);
    if (!d) {
        int e = errno;
        close(fd);
        return wasi_errno(e);
    }
    rewinddir(d);
    size_t cap = 0;
    int e = WE_SUCCESS;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (f->ndir == cap) {
            cap = cap ? 2 * cap : 32;
            WasiDirEnt *n = realloc(f->dir, cap * sizeof *n);
            if (!n) {
                e = WE_NOMEM;
                break;
            }
            f->dir = n;
        }
        WasiDirEnt *ent = &f->dir[f->ndir];
        size_t len = strlen(de->d_name);
        if (!(ent->name = malloc(len + 1))) {
            e = WE_NOMEM;
            break;
        }
        memcpy(ent->name, de->d_name, len + 1);
        ent->ino = de->d_ino;
        ent->type = dtype(dirfd(d), de);
        f->ndir++;
    }
    closedir(d);
    if (e)
        wasi_fd_dir_clear(f);
    return e;
}

static int fd_readdir(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    WasiFd *f;
    int e = get(CTX, a[0].u32, &f);
    if (e)
        return wasi_ret(r, e);
    if (f->kind != WFD_DIR)
        return wasi_ret(r, WE_NOTDIR);
    uint32_t buf = a[1].u32, len = a[2].u32;
    uint64_t cookie = a[3].u64;
    uint8_t *out = wr_caller_mem(c, buf, len);
    if (!out)
        return wasi_ret(r, WE_FAULT);
    if ((cookie == 0 || !f->dir) && (e = list_dir(f)) != 0)
        return wasi_ret(r, e);
    uint32_t used = 0;
    for (uint64_t i = cookie; i < f->ndir && used < len; i++) {
        const WasiDirEnt *d = &f->dir[i];
        uint8_t hdr[24] = {0};
        uint32_t nlen = (uint32_t)strlen(d->name);
        wasi_st64(hdr, i + 1);
        wasi_st64(hdr + 8, d->ino);
        wasi_st32(hdr + 16, nlen);
        hdr[20] = d->type;
        /* The last entry may be cut: the guest sees a full buffer and asks
         * again with a bigger one. */
        uint32_t n = len - used < 24 ? len - used : 24;
        memcpy(out + used, hdr, n);
        used += n;
        n = len - used < nlen ? len - used : nlen;
        memcpy(out + used, d->name, n);
        used += n;
    }
    return wasi_ret(r, wasi_put32(c, a[4].u32, used));
}

static int fd_sync(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    (void)c;
    WasiFd *f;
    int e = get(CTX, a[0].u32, &f);
    if (!e && fsync(f->host) < 0)
        e = wasi_errno(errno);
    return wasi_ret(r, e);
}

static int fd_datasync(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    (void)c;
    WasiFd *f;
    int e = get(CTX, a[0].u32, &f);
    if (!e && fdatasync(f->host) < 0)
        e = wasi_errno(errno);
    return wasi_ret(r, e);
}

static int fd_advise(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    (void)c;
    WasiFd *f;
    int e = get(CTX, a[0].u32, &f);
    if (e)
        return wasi_ret(r, e);
    static const int adv[6] = {POSIX_FADV_NORMAL, POSIX_FADV_SEQUENTIAL, POSIX_FADV_RANDOM,
                               POSIX_FADV_WILLNEED, POSIX_FADV_DONTNEED, POSIX_FADV_NOREUSE};
    if (a[3].u32 > 5 || a[1].i64 < 0 || a[2].i64 < 0)
        return wasi_ret(r, WE_INVAL);
    if (f->kind == WFD_DIR)
        return wasi_ret(r, WE_BADF);
    int err = posix_fadvise(f->host, a[1].i64, a[2].i64, adv[a[3].u32]);
    return wasi_ret(r, wasi_errno(err));
}

static int fd_allocate(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    (void)c;
    WasiFd *f;
    int e = get(CTX, a[0].u32, &f);
    if (e)
        return wasi_ret(r, e);
    if (f->kind == WFD_DIR)
        return wasi_ret(r, WE_BADF);
    if (a[1].i64 < 0 || a[2].i64 <= 0 || a[1].i64 > INT64_MAX - a[2].i64)
        return wasi_ret(r, WE_INVAL);
    int err = posix_fallocate(f->host, a[1].i64, a[2].i64);
    return wasi_ret(r, wasi_errno(err));
}

static int fd_renumber(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    (void)c;
    WasiFd *from, *to;
    int e = get(CTX, a[0].u32, &from);
    if (!e)
        e = get(CTX, a[1].u32, &to);
    if (e || from == to)
        return wasi_ret(r, e);
    wasi_fd_release(to);
    *to = *from;
    memset(from, 0, sizeof *from); /* ownership moved: nothing to close */
    from->host = -1;
    return wasi_ret(r, WE_SUCCESS);
}

const WasiFuncDef wasi_defs_fd[] = {
    {"fd_advise", "iIIi:i", fd_advise},
    {"fd_allocate", "iII:i", fd_allocate},
    {"fd_close", "i:i", fd_close},
    {"fd_datasync", "i:i", fd_datasync},
    {"fd_fdstat_get", "ii:i", fd_fdstat_get},
    {"fd_fdstat_set_flags", "ii:i", fd_fdstat_set_flags},
    {"fd_fdstat_set_rights", "iII:i", fd_fdstat_set_rights},
    {"fd_filestat_get", "ii:i", fd_filestat_get},
    {"fd_filestat_set_size", "iI:i", fd_filestat_set_size},
    {"fd_filestat_set_times", "iIIi:i", fd_filestat_set_times},
    {"fd_pread", "iiiIi:i", fd_pread},
    {"fd_prestat_get", "ii:i", fd_prestat_get},
    {"fd_prestat_dir_name", "iii:i", fd_prestat_dir_name},
    {"fd_pwrite", "iiiIi:i", fd_pwrite},
    {"fd_read", "iiii:i", fd_read},
    {"fd_readdir", "iiiIi:i", fd_readdir},
    {"fd_renumber", "ii:i", fd_renumber},
    {"fd_seek", "iIii:i", fd_seek},
    {"fd_sync", "i:i", fd_sync},
    {"fd_tell", "ii:i", fd_tell},
    {"fd_write", "iiii:i", fd_write},
    {NULL, NULL, NULL},
};
