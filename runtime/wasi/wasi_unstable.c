/* wasi_unstable.c - WASI snapshot 0 ("wasi_unstable"), the ABI before
 * preview 1, still found in older binaries.  It is preview 1 with a few
 * different layouts (phases/old/snapshot_0/witx/typenames.witx):
 *   - whence is cur = 0, end = 1, set = 2 (preview 1: set, cur, end);
 *   - filestat is 56 bytes: nlink is a u32 at 20, size at 24, times at
 *     32/40/48 (preview 1: 64 bytes, nlink u64);
 *   - a clock subscription starts with a u64 identifier (56 bytes);
 * every other function is shared with preview 1 (wasi_ctx_link). */
#define _GNU_SOURCE
#include "wasi_int.h"

#define CTX ((WasiCtx *)user)

static uint64_t ns(struct timespec t) { return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec; }

static int put_filestat0(WrCaller *c, uint32_t out, const struct stat *st)
{
    uint8_t *p = wr_caller_mem(c, out, 56);
    if (!p)
        return WE_FAULT;
    memset(p, 0, 56);
    wasi_st64(p + 0, (uint64_t)st->st_dev);
    wasi_st64(p + 8, (uint64_t)st->st_ino);
    p[16] = wasi_filetype(st->st_mode);
    wasi_st32(p + 20, st->st_nlink > UINT32_MAX ? UINT32_MAX : (uint32_t)st->st_nlink);
    wasi_st64(p + 24, (uint64_t)st->st_size);
    wasi_st64(p + 32, ns(st->st_atim));
    wasi_st64(p + 40, ns(st->st_mtim));
    wasi_st64(p + 48, ns(st->st_ctim));
    return WE_SUCCESS;
}

static int fd_filestat_get0(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    return wasi_ret(r, wasi_fd_filestat(c, CTX, a, put_filestat0));
}

static int path_filestat_get0(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    return wasi_ret(r, wasi_path_filestat(c, CTX, a, put_filestat0));
}

static int fd_seek0(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    static const uint32_t to_p1[3] = {1, 2, 0}; /* cur, end, set */
    uint32_t w = a[2].u32;
    return wasi_ret(r, wasi_seek(c, CTX, a[0].u32, a[1].i64, w < 3 ? to_p1[w] : w, a[3].u32));
}

static int poll_oneoff0(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    return wasi_poll(c, CTX, a, r, 1);
}

const WasiFuncDef wasi_defs_unstable[] = {
    {"fd_filestat_get", "ii:i", fd_filestat_get0},
    {"fd_seek", "iIii:i", fd_seek0},
    {"path_filestat_get", "iiiii:i", path_filestat_get0},
    {"poll_oneoff", "iiii:i", poll_oneoff0},
    {NULL, NULL, NULL},
};
