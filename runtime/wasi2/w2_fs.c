/* w2_fs.c - wasi:filesystem/types@0.2: the methods of an open descriptor
 * (streams, read/write at an offset, stat, times, size, sync, listing a
 * directory), directory-entry-stream, and filesystem-error-code.  The
 * methods that take a path are in w2_fs_at.c.
 *
 * A descriptor records the descriptor-flags it was opened with; reading
 * needs "read" and writing "write" (else bad-descriptor, as wasmtime). */
#define _GNU_SOURCE
#include "w2_fs.h"
#include "w2_io.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

W2Desc *w2_desc_arg(W2Ctx *ctx, const WrcVal *v)
{
    W2Obj *o = w2_arg(ctx, v, W2K_DESC);
    return o ? &o->u.desc : NULL;
}

int w2_fs_ret(WrcCall *call, WrcVal *result, int code)
{
    return code == W2_OK ? w2_ok(call, result, NULL) : w2_err_enum(call, result, (uint32_t)code);
}

int w2_desc_new(W2Ctx *ctx, int fd, uint32_t flags, uint32_t *out_rep)
{
    struct stat st;
    if (fstat(fd, &st) < 0) {
        int e = errno;
        close(fd);
        return w2_errcode(e);
    }
    W2Obj *o = w2_obj_new(ctx, W2K_DESC, out_rep);
    if (!o) {
        close(fd);
        return W2E_INSUFFICIENT_MEMORY;
    }
    o->u.desc.fd = fd;
    o->u.desc.type = w2_type_of(st.st_mode);
    o->u.desc.flags = flags;
    return W2_OK;
}

/* option<datetime> of a timespec (none for a zero time is not done:
 * Linux always has all three). */
static WrcVal opt_datetime(WrcCall *call, const struct timespec *t)
{
    WrcVal *f = wrc_vals(call, 2);
    WrcVal *rec = f ? wrc_vals(call, 1) : NULL;
    if (!rec)
        return wrc_none();
    f[0] = wrc_u64((uint64_t)t->tv_sec);
    f[1] = wrc_u32((uint32_t)t->tv_nsec);
    *rec = wrc_record(f, 2);
    return wrc_some(rec);
}

int w2_ret_stat(WrcCall *call, WrcVal *result, const struct stat *st)
{
    WrcVal *f = wrc_vals(call, 6);
    if (!f)
        return w2_oom(call);
    f[0] = wrc_enum(w2_type_of(st->st_mode));
    f[1] = wrc_u64((uint64_t)st->st_nlink);
    f[2] = wrc_u64((uint64_t)st->st_size);
    f[3] = opt_datetime(call, &st->st_atim);
    f[4] = opt_datetime(call, &st->st_mtim);
    f[5] = opt_datetime(call, &st->st_ctim);
    if (wrc_call_failed(call))
        return w2_oom(call);
    WrcVal rec = wrc_record(f, 6);
    return w2_ok(call, result, &rec);
}

/* splitmix64: spreads (dev, ino) so that hashes do not reveal them. */
static uint64_t mix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15u;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9u;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebu;
    return x ^ (x >> 31);
}

int w2_ret_hash(WrcCall *call, WrcVal *result, const struct stat *st)
{
    WrcVal *f = wrc_vals(call, 2);
    if (!f)
        return w2_oom(call);
    uint64_t d = (uint64_t)st->st_dev, i = (uint64_t)st->st_ino;
    f[0] = wrc_u64(mix(d ^ mix(i)));
    f[1] = wrc_u64(mix(i ^ mix(d + 1)));
    WrcVal rec = wrc_record(f, 2);
    return w2_ok(call, result, &rec);
}

void w2_times(const WrcVal *atim, const WrcVal *mtim, struct timespec ts[2])
{
    const WrcVal *v[2] = {atim, mtim};
    for (int i = 0; i < 2; i++) {
        ts[i].tv_sec = 0;
        switch (v[i]->u.var.tag) {
        case W2TS_NO_CHANGE:
            ts[i].tv_nsec = UTIME_OMIT;
            break;
        case W2TS_NOW:
            ts[i].tv_nsec = UTIME_NOW;
            break;
        default: {
            const WrcVal *rec = v[i]->u.var.payload;
            ts[i].tv_sec = (time_t)rec->u.list.elems[0].u.u64;
            ts[i].tv_nsec = (long)rec->u.list.elems[1].u.u32;
            break;
        }
        }
    }
}

/* ---- streams ---- */

static int stream_common(WrcCall *call, WrcVal *result, W2Ctx *ctx, const WrcVal *self,
                         W2Kind kind, W2StreamKind sk, uint64_t off)
{
    W2Desc *d = w2_desc_arg(ctx, self);
    if (!d)
        return w2_bad_handle(call);
    uint32_t need = kind == W2K_INPUT ? W2DF_READ : W2DF_WRITE;
    if (!(d->flags & need))
        return w2_err_enum(call, result, W2E_BAD_DESCRIPTOR);
    if (d->type == W2T_DIRECTORY)
        return w2_err_enum(call, result, W2E_IS_DIRECTORY);
    int fd = fcntl(d->fd, F_DUPFD_CLOEXEC, 0);
    if (fd < 0)
        return w2_err_enum(call, result, (uint32_t)w2_errcode(errno));
    uint32_t rep;
    W2Obj *o = w2_obj_new(ctx, kind, &rep); /* d may move from here on */
    if (!o) {
        close(fd);
        return w2_oom(call);
    }
    w2_stream_init(&o->u.stream, sk, fd, 0, off);
    WrcVal h = w2_own(ctx, kind == W2K_INPUT ? W2R_INPUT : W2R_OUTPUT, rep);
    return w2_ok(call, result, &h);
}

W2FN(read_via_stream)
{
    (void)nargs;
    return stream_common(call, result, CTX, &args[0], W2K_INPUT, W2S_FILE, args[1].u.u64);
}

W2FN(write_via_stream)
{
    (void)nargs;
    return stream_common(call, result, CTX, &args[0], W2K_OUTPUT, W2S_FILE, args[1].u.u64);
}

W2FN(append_via_stream)
{
    (void)nargs;
    return stream_common(call, result, CTX, &args[0], W2K_OUTPUT, W2S_APPEND, 0);
}

/* ---- simple methods ---- */

W2FN(advise)
{
    (void)nargs;
    W2Desc *d = w2_desc_arg(CTX, &args[0]);
    if (!d)
        return w2_bad_handle(call);
    static const int advice[] = {POSIX_FADV_NORMAL,   POSIX_FADV_SEQUENTIAL, POSIX_FADV_RANDOM,
                                 POSIX_FADV_WILLNEED, POSIX_FADV_DONTNEED,   POSIX_FADV_NOREUSE};
    uint32_t a = args[3].u.var.tag;
    int e = posix_fadvise(d->fd, (off_t)args[1].u.u64, (off_t)args[2].u.u64, advice[a % 6]);
    return w2_fs_ret(call, result, e ? w2_errcode(e) : W2_OK);
}

static int sync_common(WrcCall *call, WrcVal *result, W2Ctx *ctx, const WrcVal *self, int data)
{
    W2Desc *d = w2_desc_arg(ctx, self);
    if (!d)
        return w2_bad_handle(call);
    int r = data ? fdatasync(d->fd) : fsync(d->fd);
    return w2_fs_ret(call, result, r < 0 ? w2_errcode(errno) : W2_OK);
}

W2FN(sync_data)
{
    (void)nargs;
    return sync_common(call, result, CTX, &args[0], 1);
}

W2FN(sync_all)
{
    (void)nargs;
    return sync_common(call, result, CTX, &args[0], 0);
}

W2FN(get_flags)
{
    (void)nargs;
    W2Desc *d = w2_desc_arg(CTX, &args[0]);
    if (!d)
        return w2_bad_handle(call);
    WrcVal v = wrc_flags(d->flags);
    return w2_ok(call, result, &v);
}

W2FN(get_type)
{
    (void)nargs;
    W2Desc *d = w2_desc_arg(CTX, &args[0]);
    if (!d)
        return w2_bad_handle(call);
    WrcVal v = wrc_enum(d->type);
    return w2_ok(call, result, &v);
}

W2FN(set_size)
{
    (void)nargs;
    W2Desc *d = w2_desc_arg(CTX, &args[0]);
    if (!d)
        return w2_bad_handle(call);
    if (d->type == W2T_DIRECTORY)
        return w2_err_enum(call, result, W2E_IS_DIRECTORY);
    if (!(d->flags & W2DF_WRITE))
        return w2_err_enum(call, result, W2E_BAD_DESCRIPTOR);
    if (args[1].u.u64 > INT64_MAX)
        return w2_err_enum(call, result, W2E_FILE_TOO_LARGE);
    int r = ftruncate(d->fd, (off_t)args[1].u.u64);
    return w2_fs_ret(call, result, r < 0 ? w2_errcode(errno) : W2_OK);
}

W2FN(set_times)
{
    (void)nargs;
    W2Desc *d = w2_desc_arg(CTX, &args[0]);
    if (!d)
        return w2_bad_handle(call);
    struct timespec ts[2];
    w2_times(&args[1], &args[2], ts);
    int r = futimens(d->fd, ts);
    return w2_fs_ret(call, result, r < 0 ? w2_errcode(errno) : W2_OK);
}

W2FN(desc_read)
{
    (void)nargs;
    W2Desc *d = w2_desc_arg(CTX, &args[0]);
    if (!d)
        return w2_bad_handle(call);
    if (!(d->flags & W2DF_READ))
        return w2_err_enum(call, result, W2E_BAD_DESCRIPTOR);
    if (d->type == W2T_DIRECTORY)
        return w2_err_enum(call, result, W2E_IS_DIRECTORY);
    uint64_t len = args[1].u.u64, off = args[2].u.u64;
    size_t want = len > W2_READ_MAX ? W2_READ_MAX : (size_t)len;
    uint8_t *buf = want ? wrc_alloc(call, want) : NULL;
    if (want && !buf)
        return w2_oom(call);
    ssize_t r = 0;
    if (want) {
        do
            r = pread(d->fd, buf, want, (off_t)off);
        while (r < 0 && errno == EINTR);
    }
    if (r < 0)
        return w2_err_enum(call, result, (uint32_t)w2_errcode(errno));
    WrcVal *t = wrc_vals(call, 2);
    if (!t)
        return w2_oom(call);
    t[0] = wrc_bytes(buf, (uint32_t)r);
    t[1] = wrc_bool(want > 0 && r == 0); /* end of file: nothing more at off */
    WrcVal tup = wrc_tuple(t, 2);
    return w2_ok(call, result, &tup);
}

W2FN(desc_write)
{
    (void)nargs;
    W2Desc *d = w2_desc_arg(CTX, &args[0]);
    if (!d)
        return w2_bad_handle(call);
    if (!(d->flags & W2DF_WRITE))
        return w2_err_enum(call, result, W2E_BAD_DESCRIPTOR);
    if (d->type == W2T_DIRECTORY)
        return w2_err_enum(call, result, W2E_IS_DIRECTORY);
    ssize_t r;
    do
        r = pwrite(d->fd, args[1].u.bytes.ptr, args[1].u.bytes.len, (off_t)args[2].u.u64);
    while (r < 0 && errno == EINTR);
    if (r < 0)
        return w2_err_enum(call, result, (uint32_t)w2_errcode(errno));
    WrcVal v = wrc_u64((uint64_t)r);
    return w2_ok(call, result, &v);
}

W2FN(desc_stat)
{
    (void)nargs;
    W2Desc *d = w2_desc_arg(CTX, &args[0]);
    if (!d)
        return w2_bad_handle(call);
    struct stat st;
    if (fstat(d->fd, &st) < 0)
        return w2_err_enum(call, result, (uint32_t)w2_errcode(errno));
    return w2_ret_stat(call, result, &st);
}

W2FN(is_same_object)
{
    (void)nargs;
    W2Desc *a = w2_desc_arg(CTX, &args[0]), *b = w2_desc_arg(CTX, &args[1]);
    if (!a || !b)
        return w2_bad_handle(call);
    struct stat sa, sb;
    int same = fstat(a->fd, &sa) == 0 && fstat(b->fd, &sb) == 0 && sa.st_dev == sb.st_dev &&
               sa.st_ino == sb.st_ino;
    *result = wrc_bool(same);
    return 0;
}

W2FN(metadata_hash)
{
    (void)nargs;
    W2Desc *d = w2_desc_arg(CTX, &args[0]);
    if (!d)
        return w2_bad_handle(call);
    struct stat st;
    if (fstat(d->fd, &st) < 0)
        return w2_err_enum(call, result, (uint32_t)w2_errcode(errno));
    return w2_ret_hash(call, result, &st);
}

/* ---- listing a directory ---- */

static uint8_t dirent_type(int dirfd, const struct dirent *de)
{
    switch (de->d_type) {
    case DT_BLK: return W2T_BLOCK_DEVICE;
    case DT_CHR: return W2T_CHARACTER_DEVICE;
    case DT_DIR: return W2T_DIRECTORY;
    case DT_FIFO: return W2T_FIFO;
    case DT_LNK: return W2T_SYMBOLIC_LINK;
    case DT_REG: return W2T_REGULAR_FILE;
    case DT_SOCK: return W2T_SOCKET;
    default: {
        struct stat st;
        return fstatat(dirfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 ? w2_type_of(st.st_mode)
                                                                         : W2T_UNKNOWN;
    }
    }
}

/* Read the whole listing of dirfd (without "." and "..", which WASI 0.2
 * does not list) into ds.  W2_OK or an error code. */
static int list_dir(int dirfd, W2DirStream *ds)
{
    /* A fresh open of "." has its own position: dirfd is not disturbed. */
    int fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR *dir = fd < 0 ? NULL : fdopendir(fd);
    if (!dir) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        return w2_errcode(e);
    }
    size_t cap = 0;
    int code = W2_OK;
    struct dirent *de;
    while ((de = readdir(dir)) != NULL) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        if (ds->n == cap) {
            size_t nc = cap ? 2 * cap : 16;
            W2DirEnt *n = realloc(ds->ents, nc * sizeof *n);
            if (!n) {
                code = W2E_INSUFFICIENT_MEMORY;
                break;
            }
            ds->ents = n;
            cap = nc;
        }
        W2DirEnt *e = &ds->ents[ds->n];
        if (!(e->name = w2_strdup(de->d_name))) {
            code = W2E_INSUFFICIENT_MEMORY;
            break;
        }
        e->type = dirent_type(fd, de);
        ds->n++;
    }
    closedir(dir);
    return code;
}

W2FN(read_directory)
{
    (void)nargs;
    W2Desc *d = w2_desc_arg(CTX, &args[0]);
    if (!d)
        return w2_bad_handle(call);
    if (d->type != W2T_DIRECTORY)
        return w2_err_enum(call, result, W2E_NOT_DIRECTORY);
    W2DirStream ds = {0};
    int code = list_dir(d->fd, &ds);
    uint32_t rep = 0;
    W2Obj *o = code == W2_OK ? w2_obj_new(CTX, W2K_DIRSTREAM, &rep) : NULL;
    if (!o) {
        for (size_t i = 0; i < ds.n; i++)
            free(ds.ents[i].name);
        free(ds.ents);
        return code == W2_OK ? w2_oom(call) : w2_err_enum(call, result, (uint32_t)code);
    }
    o->u.dir = ds;
    WrcVal h = w2_own(CTX, W2R_DIRSTREAM, rep);
    return w2_ok(call, result, &h);
}

W2FN(read_directory_entry)
{
    (void)nargs;
    W2Obj *o = w2_arg(CTX, &args[0], W2K_DIRSTREAM);
    if (!o)
        return w2_bad_handle(call);
    W2DirStream *ds = &o->u.dir;
    WrcVal opt = wrc_none();
    if (ds->next < ds->n) {
        W2DirEnt *e = &ds->ents[ds->next++];
        WrcVal *f = wrc_vals(call, 2);
        WrcVal *rec = f ? wrc_vals(call, 1) : NULL;
        if (!rec)
            return w2_oom(call);
        f[0] = wrc_enum(e->type);
        f[1] = wrc_strdup(call, e->name, strlen(e->name));
        *rec = wrc_record(f, 2);
        opt = wrc_some(rec);
    }
    return w2_ok(call, result, &opt);
}

W2FN(filesystem_error_code)
{
    (void)nargs;
    W2Obj *o = w2_arg(CTX, &args[0], W2K_ERROR);
    if (!o)
        return w2_bad_handle(call);
    if (o->u.error.fs_code == W2_OK) {
        *result = wrc_none();
        return 0;
    }
    WrcVal *p = wrc_box(call, wrc_enum((uint32_t)o->u.error.fs_code));
    if (!p)
        return w2_oom(call);
    *result = wrc_some(p);
    return 0;
}

#define FS "wasi:filesystem/types"
const W2Def w2_defs_fs[] = {
    {FS, "[method]descriptor.read-via-stream", read_via_stream},
    {FS, "[method]descriptor.write-via-stream", write_via_stream},
    {FS, "[method]descriptor.append-via-stream", append_via_stream},
    {FS, "[method]descriptor.advise", advise},
    {FS, "[method]descriptor.sync-data", sync_data},
    {FS, "[method]descriptor.get-flags", get_flags},
    {FS, "[method]descriptor.get-type", get_type},
    {FS, "[method]descriptor.set-size", set_size},
    {FS, "[method]descriptor.set-times", set_times},
    {FS, "[method]descriptor.read", desc_read},
    {FS, "[method]descriptor.write", desc_write},
    {FS, "[method]descriptor.read-directory", read_directory},
    {FS, "[method]descriptor.sync", sync_all},
    {FS, "[method]descriptor.stat", desc_stat},
    {FS, "[method]descriptor.is-same-object", is_same_object},
    {FS, "[method]descriptor.metadata-hash", metadata_hash},
    {FS, "[method]directory-entry-stream.read-directory-entry", read_directory_entry},
    {FS, "filesystem-error-code", filesystem_error_code},
    {NULL, NULL, NULL},
};
