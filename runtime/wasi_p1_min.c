/* wasi_p1_min.c - the minimal WASI preview-1 subset (see wasi_p1_min.h).
 * Errno values follow the preview-1 witx: 0 success, 8 badf, 28 inval,
 * 21 fault (out-of-bounds pointers), 29 io.
 */
#include "wasi_p1_min.h"

#include <string.h>
#include <unistd.h>

enum { E_OK = 0, E_BADF = 8, E_FAULT = 21, E_INVAL = 28, E_IO = 29, E_SPIPE = 70 };

static int store_u32(WrCaller *c, uint32_t addr, uint32_t v)
{
    uint8_t *p = wr_caller_mem(c, addr, 4);
    if (!p)
        return 0;
    memcpy(p, &v, 4);
    return 1;
}

static int args_sizes_get(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    WasiMin *w = user;
    uint32_t size = 0;
    for (int i = 0; i < w->argc; i++)
        size += (uint32_t)strlen(w->argv[i]) + 1;
    int ok = store_u32(c, a[0].u32, (uint32_t)w->argc) && store_u32(c, a[1].u32, size);
    r[0].i32 = ok ? E_OK : E_FAULT;
    return 0;
}

static int args_get(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    WasiMin *w = user;
    uint32_t argv = a[0].u32, buf = a[1].u32;
    for (int i = 0; i < w->argc; i++) {
        uint32_t n = (uint32_t)strlen(w->argv[i]) + 1;
        uint8_t *p = wr_caller_mem(c, buf, n);
        if (!p || !store_u32(c, argv + 4u * (uint32_t)i, buf)) {
            r[0].i32 = E_FAULT;
            return 0;
        }
        memcpy(p, w->argv[i], n);
        buf += n;
    }
    r[0].i32 = E_OK;
    return 0;
}

static int environ_sizes_get(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    (void)user;
    int ok = store_u32(c, a[0].u32, 0) && store_u32(c, a[1].u32, 0);
    r[0].i32 = ok ? E_OK : E_FAULT;
    return 0;
}

static int environ_get(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    (void)c, (void)a, (void)user;
    r[0].i32 = E_OK;
    return 0;
}

static int fd_close(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    (void)c, (void)user;
    r[0].i32 = a[0].i32 <= 2 ? E_OK : E_BADF;
    return 0;
}

static int fd_fdstat_get(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    (void)user;
    int fd = a[0].i32;
    uint8_t *p = wr_caller_mem(c, a[1].u32, 24);
    if (fd < 0 || fd > 2) {
        r[0].i32 = E_BADF;
        return 0;
    }
    if (!p) {
        r[0].i32 = E_FAULT;
        return 0;
    }
    memset(p, 0, 24);
    p[0] = 2; /* filetype: character device */
    uint64_t rights = fd == 0 ? 0x2 : 0x40; /* fd_read / fd_write */
    memcpy(p + 8, &rights, 8);
    r[0].i32 = E_OK;
    return 0;
}

static int fd_seek(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    (void)c, (void)user;
    r[0].i32 = a[0].i32 <= 2 ? E_SPIPE : E_BADF;
    return 0;
}

static int fd_write(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    (void)user;
    int fd = a[0].i32;
    uint32_t iovs = a[1].u32, n = a[2].u32, out = a[3].u32, total = 0;
    if (fd != 1 && fd != 2) {
        r[0].i32 = E_BADF;
        return 0;
    }
    for (uint32_t i = 0; i < n; i++) {
        uint8_t *iov = wr_caller_mem(c, iovs + 8ull * i, 8);
        uint32_t ptr, len;
        if (!iov) {
            r[0].i32 = E_FAULT;
            return 0;
        }
        memcpy(&ptr, iov, 4);
        memcpy(&len, iov + 4, 4);
        uint8_t *p = wr_caller_mem(c, ptr, len);
        if (!p) {
            r[0].i32 = E_FAULT;
            return 0;
        }
        size_t done = 0;
        while (done < len) {
            ssize_t k = write(fd, p + done, len - done);
            if (k <= 0) {
                r[0].i32 = E_IO;
                return 0;
            }
            done += (size_t)k;
        }
        total += len;
    }
    r[0].i32 = store_u32(c, out, total) ? E_OK : E_FAULT;
    return 0;
}

static int proc_exit(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    (void)r, (void)user;
    return wr_caller_exit(c, a[0].i32);
}

CmErr wasi_min_define(WrLinker *lk, WasiMin *ctx)
{
    static const struct {
        const char *name, *sig;
        WrHostFn fn;
    } fns[] = {
        {"args_get", "ii:i", args_get},
        {"args_sizes_get", "ii:i", args_sizes_get},
        {"environ_get", "ii:i", environ_get},
        {"environ_sizes_get", "ii:i", environ_sizes_get},
        {"fd_close", "i:i", fd_close},
        {"fd_fdstat_get", "ii:i", fd_fdstat_get},
        {"fd_seek", "iIii:i", fd_seek},
        {"fd_write", "iiii:i", fd_write},
        {"proc_exit", "i:", proc_exit},
    };
    for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
        CmErr e = wr_linker_func(lk, "wasi_snapshot_preview1", fns[i].name, fns[i].sig, fns[i].fn,
                                 ctx);
        if (e)
            return e;
    }
    return CM_OK;
}
