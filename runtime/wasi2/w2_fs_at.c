/* w2_fs_at.c - wasi:filesystem/types@0.2: the descriptor methods that name
 * a path beneath a directory (open-at, stat-at, create-directory-at, ...)
 * and wasi:filesystem/preopens.
 *
 * Every path is resolved by the preview-1 host's sandbox
 * (runtime/wasi/wasi_sandbox.h): nothing outside the directory is reached
 * through "..", absolute paths or symlinks; an escape is "not-permitted".
 * Calls that act on a name in a directory resolve its parent with
 * sbx_parent and use the *at(2) call on the leaf, which never follows a
 * final symlink; calls that follow one open the object with sbx_open. */
#define _GNU_SOURCE
#include "w2_fs.h"
#include "wasi_sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The directory descriptor self and the path argument (NUL-terminated by
 * the runtime; an embedded NUL is "invalid").  Calls that change the
 * directory (mut) need its mutate-directory flag: "not-permitted" without,
 * as wasmtime.  W2_OK or an error code; *out_dir NULL means a handle this
 * host did not make. */
static int dir_path(W2Ctx *ctx, const WrcVal *self, const WrcVal *path, int mut, W2Desc **out_dir)
{
    W2Desc *d = *out_dir = w2_desc_arg(ctx, self);
    if (!d)
        return W2E_BAD_DESCRIPTOR;
    if (d->type != W2T_DIRECTORY)
        return W2E_NOT_DIRECTORY;
    if (strlen(path->u.str.ptr) != path->u.str.len)
        return W2E_INVALID;
    if (mut && !(d->flags & W2DF_MUTATE_DIRECTORY))
        return W2E_NOT_PERMITTED;
    return W2_OK;
}

/* Resolve the parent of a path: *out_parent (to close) and leaf. */
static int parent_of(W2Desc *d, const char *path, int *out_parent, char *leaf)
{
    int herr = sbx_parent(d->fd, path, out_parent, leaf);
    return herr ? w2_errcode(herr) : W2_OK;
}

static int ends_with_slash(const WrcVal *path)
{
    return path->u.str.len > 1 && path->u.str.ptr[path->u.str.len - 1] == '/';
}

/* The answer to a failed dir_path: a trap for a handle this host did not
 * make, else the error code. */
static int path_fail(WrcCall *call, WrcVal *result, const W2Desc *d, int code)
{
    return d ? w2_err_enum(call, result, (uint32_t)code) : w2_bad_handle(call);
}

W2FN(create_directory_at)
{
    (void)nargs;
    W2Desc *d;
    int chk = dir_path(CTX, &args[0], &args[1], 1, &d);
    if (chk != W2_OK)
        return path_fail(call, result, d, chk);
    int p;
    char leaf[NAME_MAX + 1];
    int code = parent_of(d, args[1].u.str.ptr, &p, leaf);
    if (code == W2_OK) {
        if (mkdirat(p, leaf, 0777) < 0)
            code = w2_errcode(errno);
        close(p);
    }
    return w2_fs_ret(call, result, code);
}

/* Open what path names as an O_PATH fd, following a final symlink when
 * path-flags say so. */
static int open_path(W2Desc *d, uint32_t pflags, const char *path, int *out)
{
    int herr = sbx_open(d->fd, path, O_PATH, 0, pflags & W2PF_SYMLINK_FOLLOW, out);
    return herr ? w2_errcode(herr) : W2_OK;
}

/* stat-at and metadata-hash-at: (self, path-flags, path) resolved in the
 * sandbox and the target stat'ed.  Returns 1 with *st filled, or 0 with the
 * error already written to result and its return value in *ret. */
static int stat_target(WrcCall *call, const WrcVal *args, WrcVal *result, W2Ctx *ctx,
                       struct stat *st, int *ret)
{
    W2Desc *d;
    int chk = dir_path(ctx, &args[0], &args[2], 0, &d);
    if (chk != W2_OK) {
        *ret = path_fail(call, result, d, chk);
        return 0;
    }
    int fd;
    int code = open_path(d, args[1].u.flags, args[2].u.str.ptr, &fd);
    if (code != W2_OK) {
        *ret = w2_err_enum(call, result, (uint32_t)code);
        return 0;
    }
    int r = fstat(fd, st);
    int e = errno;
    close(fd);
    if (r < 0) {
        *ret = w2_err_enum(call, result, (uint32_t)w2_errcode(e));
        return 0;
    }
    return 1;
}

W2FN(stat_at)
{
    (void)nargs;
    struct stat st;
    int ret;
    return stat_target(call, args, result, CTX, &st, &ret) ? w2_ret_stat(call, result, &st) : ret;
}

W2FN(metadata_hash_at)
{
    (void)nargs;
    struct stat st;
    int ret;
    return stat_target(call, args, result, CTX, &st, &ret) ? w2_ret_hash(call, result, &st) : ret;
}


W2FN(set_times_at)
{
    (void)nargs;
    W2Desc *d;
    int chk = dir_path(CTX, &args[0], &args[2], 1, &d);
    if (chk != W2_OK)
        return path_fail(call, result, d, chk);
    struct timespec ts[2];
    w2_times(&args[3], &args[4], ts);
    int fd;
    int code = open_path(d, args[1].u.flags, args[2].u.str.ptr, &fd);
    if (code != W2_OK)
        return w2_err_enum(call, result, (uint32_t)code);
    /* utimensat cannot act on an O_PATH fd; its /proc link names exactly
     * the object already resolved inside the sandbox. */
    char proc[64];
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
    if (utimensat(AT_FDCWD, proc, ts, 0) < 0)
        code = w2_errcode(errno);
    close(fd);
    return w2_fs_ret(call, result, code);
}

/* A non-directory named with a trailing slash: the name exists (exist) or
 * cannot be made (no-entry). */
static int slash_for_nondir(int parent, const char *leaf)
{
    struct stat st;
    return fstatat(parent, leaf, &st, AT_SYMLINK_NOFOLLOW) == 0 ? W2E_EXIST : W2E_NO_ENTRY;
}

W2FN(link_at)
{
    (void)nargs;
    /* Following a symlink at the source is refused (as wasmtime): the
     * kernel would follow it without the sandbox's checks. */
    W2Desc *d, *d2;
    int chk = dir_path(CTX, &args[0], &args[2], 1, &d);
    if (chk != W2_OK)
        return path_fail(call, result, d, chk);
    int chk2 = dir_path(CTX, &args[3], &args[4], 1, &d2);
    if (chk2 != W2_OK)
        return path_fail(call, result, d2, chk2);
    if (args[1].u.flags & W2PF_SYMLINK_FOLLOW)
        return w2_err_enum(call, result, W2E_INVALID);
    int p1, p2;
    char l1[NAME_MAX + 1], l2[NAME_MAX + 1];
    int code = parent_of(d, args[2].u.str.ptr, &p1, l1);
    if (code != W2_OK)
        return w2_err_enum(call, result, (uint32_t)code);
    if ((code = parent_of(d2, args[4].u.str.ptr, &p2, l2)) == W2_OK) {
        if (ends_with_slash(&args[4]))
            code = slash_for_nondir(p2, l2);
        else if (linkat(p1, l1, p2, l2, 0) < 0)
            code = w2_errcode(errno);
        close(p2);
    }
    close(p1);
    return w2_fs_ret(call, result, code);
}

/* Host open(2) flags for open-at's flags; W2_OK or an error code. */
static int open_flags(uint32_t oflags, uint32_t dflags, int *out)
{
    int wr = (dflags & W2DF_WRITE) != 0, rd = (dflags & W2DF_READ) != 0;
    int f = O_NOCTTY;
    f |= wr ? (rd ? O_RDWR : O_WRONLY) : O_RDONLY;
    if (oflags & W2OF_CREATE)
        f |= O_CREAT;
    if (oflags & W2OF_DIRECTORY)
        f |= O_DIRECTORY;
    if (oflags & W2OF_EXCLUSIVE)
        f |= O_EXCL;
    if (oflags & W2OF_TRUNCATE)
        f |= O_TRUNC;
    if (dflags & W2DF_DATA_INTEGRITY_SYNC)
        f |= O_DSYNC;
    if (dflags & (W2DF_FILE_INTEGRITY_SYNC | W2DF_REQUESTED_WRITE_SYNC))
        f |= O_SYNC;
    if ((oflags & W2OF_DIRECTORY) && wr)
        return W2E_IS_DIRECTORY;
    /* Making or truncating a file needs a writable open, as on POSIX. */
    if ((oflags & W2OF_TRUNCATE) && !wr)
        return W2E_INVALID;
    *out = f;
    return W2_OK;
}

W2FN(open_at)
{
    (void)nargs;
    W2Desc *d;
    int chk = dir_path(CTX, &args[0], &args[2], 0, &d);
    if (chk != W2_OK)
        return path_fail(call, result, d, chk);
    uint32_t pflags = args[1].u.flags, oflags = args[3].u.flags, dflags = args[4].u.flags;
    /* A descriptor gets no more than its directory had: writing, creating
     * or truncating beneath a directory needs its mutate-directory. */
    if (((dflags & (W2DF_WRITE | W2DF_MUTATE_DIRECTORY)) ||
         (oflags & (W2OF_CREATE | W2OF_TRUNCATE))) &&
        !(d->flags & W2DF_MUTATE_DIRECTORY))
        return w2_err_enum(call, result, W2E_NOT_PERMITTED);
    int flags;
    int code = open_flags(oflags, dflags, &flags);
    if (code != W2_OK)
        return w2_err_enum(call, result, (uint32_t)code);
    int fd;
    int herr = sbx_open(d->fd, args[2].u.str.ptr, flags, 0666, pflags & W2PF_SYMLINK_FOLLOW, &fd);
    if (herr)
        return w2_err_enum(call, result, (uint32_t)w2_errcode(herr));
    /* A directory inherits its parent's flags (as wasmtime's directory
     * permissions); a file has what was asked for. */
    uint32_t parent_flags = d->flags, rep;
    if ((code = w2_desc_new(CTX, fd, dflags, &rep)) != W2_OK)
        return w2_err_enum(call, result, (uint32_t)code);
    W2Desc *nd = &CTX->objs[rep].u.desc;
    if (nd->type == W2T_DIRECTORY)
        nd->flags = parent_flags;
    WrcVal h = w2_own(CTX, W2R_DESCRIPTOR, rep);
    return w2_ok(call, result, &h);
}

W2FN(readlink_at)
{
    (void)nargs;
    W2Desc *d;
    int chk = dir_path(CTX, &args[0], &args[1], 0, &d);
    if (chk != W2_OK)
        return path_fail(call, result, d, chk);
    int p;
    char leaf[NAME_MAX + 1];
    int code = parent_of(d, args[1].u.str.ptr, &p, leaf);
    if (code != W2_OK)
        return w2_err_enum(call, result, (uint32_t)code);
    char *buf = wrc_alloc(call, PATH_MAX + 1);
    ssize_t n = buf ? readlinkat(p, leaf, buf, PATH_MAX) : -1;
    int e = errno;
    close(p);
    if (!buf)
        return w2_oom(call);
    if (n < 0)
        return w2_err_enum(call, result, (uint32_t)w2_errcode(e));
    WrcVal s = wrc_str(buf, (uint32_t)n);
    return w2_ok(call, result, &s);
}

static int unlink_common(WrcCall *call, const WrcVal *args, WrcVal *result, W2Ctx *ctx, int flag)
{
    W2Desc *d;
    int chk = dir_path(ctx, &args[0], &args[1], 1, &d);
    if (chk != W2_OK)
        return path_fail(call, result, d, chk);
    int p;
    char leaf[NAME_MAX + 1];
    int code = parent_of(d, args[1].u.str.ptr, &p, leaf);
    if (code != W2_OK)
        return w2_err_enum(call, result, (uint32_t)code);
    if (unlinkat(p, leaf, flag) < 0) {
        code = w2_errcode(errno);
        /* POSIX allows EEXIST for a non-empty directory; WASI says not-empty. */
        if (code == W2E_EXIST)
            code = W2E_NOT_EMPTY;
    }
    close(p);
    return w2_fs_ret(call, result, code);
}

W2FN(unlink_file_at)
{
    (void)nargs;
    return unlink_common(call, args, result, CTX, 0);
}

W2FN(remove_directory_at)
{
    (void)nargs;
    return unlink_common(call, args, result, CTX, AT_REMOVEDIR);
}

W2FN(rename_at)
{
    (void)nargs;
    W2Desc *d, *d2;
    int chk = dir_path(CTX, &args[0], &args[1], 1, &d);
    if (chk != W2_OK)
        return path_fail(call, result, d, chk);
    int chk2 = dir_path(CTX, &args[2], &args[3], 1, &d2);
    if (chk2 != W2_OK)
        return path_fail(call, result, d2, chk2);
    int p1, p2;
    char l1[NAME_MAX + 1], l2[NAME_MAX + 1];
    int code = parent_of(d, args[1].u.str.ptr, &p1, l1);
    if (code != W2_OK)
        return w2_err_enum(call, result, (uint32_t)code);
    if ((code = parent_of(d2, args[3].u.str.ptr, &p2, l2)) == W2_OK) {
        struct stat st;
        /* Trailing slashes are allowed only when a directory moves. */
        if ((ends_with_slash(&args[1]) || ends_with_slash(&args[3])) &&
            fstatat(p1, l1, &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISDIR(st.st_mode))
            code = W2E_NOT_DIRECTORY;
        else if (renameat(p1, l1, p2, l2) < 0)
            code = w2_errcode(errno);
        if (code == W2E_EXIST) /* Linux may say so for a non-empty directory */
            code = W2E_NOT_EMPTY;
        close(p2);
    }
    close(p1);
    return w2_fs_ret(call, result, code);
}

W2FN(symlink_at)
{
    (void)nargs;
    /* The target is stored as text and never resolved here; any later
     * resolution through the link stays beneath the directory.  An absolute
     * target could never be followed, so it is refused at once (as
     * wasmtime: not-permitted); a relative one that climbs out is kept. */
    W2Desc *d;
    int chk = dir_path(CTX, &args[0], &args[2], 1, &d);
    if (chk != W2_OK)
        return path_fail(call, result, d, chk);
    const WrcVal *target = &args[1];
    if (strlen(target->u.str.ptr) != target->u.str.len)
        return w2_err_enum(call, result, W2E_INVALID);
    if (target->u.str.ptr[0] == '/')
        return w2_err_enum(call, result, W2E_NOT_PERMITTED);
    int p;
    char leaf[NAME_MAX + 1];
    int code = parent_of(d, args[2].u.str.ptr, &p, leaf);
    if (code != W2_OK)
        return w2_err_enum(call, result, (uint32_t)code);
    if (ends_with_slash(&args[2]))
        code = slash_for_nondir(p, leaf);
    else if (symlinkat(target->u.str.ptr, p, leaf) < 0)
        code = w2_errcode(errno);
    close(p);
    return w2_fs_ret(call, result, code);
}

/* ---- wasi:filesystem/preopens ---- */

W2FN(get_directories)
{
    (void)args;
    (void)nargs;
    W2Ctx *ctx = CTX;
    uint32_t n = (uint32_t)ctx->npre;
    WrcVal *v = wrc_vals(call, n);
    if (n && !v)
        return w2_oom(call);
    for (uint32_t i = 0; i < n; i++) {
        /* Each call hands out new descriptors; the preopen fd stays ours. */
        int fd = fcntl(ctx->pre[i].fd, F_DUPFD_CLOEXEC, 0);
        uint32_t rep;
        if (fd < 0 || w2_desc_new(ctx, fd, W2DF_READ | W2DF_MUTATE_DIRECTORY, &rep) != W2_OK)
            return wrc_trap(call, "get-directories: cannot duplicate preopen '%s'",
                            ctx->pre[i].name);
        WrcVal *t = wrc_vals(call, 2);
        if (!t)
            return w2_oom(call);
        t[0] = w2_own(ctx, W2R_DESCRIPTOR, rep);
        t[1] = wrc_strdup(call, ctx->pre[i].name, strlen(ctx->pre[i].name));
        v[i] = wrc_tuple(t, 2);
    }
    *result = wrc_list(v, n);
    return wrc_call_failed(call) ? w2_oom(call) : 0;
}

#define FS "wasi:filesystem/types"
const W2Def w2_defs_fs_at[] = {
    {FS, "[method]descriptor.create-directory-at", create_directory_at},
    {FS, "[method]descriptor.stat-at", stat_at},
    {FS, "[method]descriptor.set-times-at", set_times_at},
    {FS, "[method]descriptor.link-at", link_at},
    {FS, "[method]descriptor.open-at", open_at},
    {FS, "[method]descriptor.readlink-at", readlink_at},
    {FS, "[method]descriptor.remove-directory-at", remove_directory_at},
    {FS, "[method]descriptor.rename-at", rename_at},
    {FS, "[method]descriptor.symlink-at", symlink_at},
    {FS, "[method]descriptor.unlink-file-at", unlink_file_at},
    {FS, "[method]descriptor.metadata-hash-at", metadata_hash_at},
    {"wasi:filesystem/preopens", "get-directories", get_directories},
    {NULL, NULL, NULL},
};
