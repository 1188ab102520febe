/* wasi_ctx.c - the WASI preview-1 context: arguments, granted environment,
 * preopens, the descriptor table, errno mapping, and linking every function
 * into a WrLinker. */
#define _GNU_SOURCE
#include "wasi_int.h"
#include "utf8.h"
#include "wasi_sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char *dupstr(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

WasiCtx *wasi_ctx_new(void)
{
    WasiCtx *ctx = calloc(1, sizeof *ctx);
    if (!ctx)
        return NULL;
    ctx->capfds = 8;
    ctx->fds = calloc(ctx->capfds, sizeof *ctx->fds);
    if (!ctx->fds) {
        free(ctx);
        return NULL;
    }
    for (size_t i = 0; i < ctx->capfds; i++)
        ctx->fds[i].host = -1;
    wasi_ctx_set_stdio(ctx, 0, 1, 2);
    return ctx;
}

void wasi_ctx_free(WasiCtx *ctx)
{
    if (!ctx)
        return;
    for (size_t i = 0; i < ctx->argc; i++)
        free(ctx->argv[i]);
    free(ctx->argv);
    for (size_t i = 0; i < ctx->nenv; i++)
        free(ctx->env[i]);
    free(ctx->env);
    for (size_t i = 0; i < ctx->nfds; i++)
        wasi_fd_release(&ctx->fds[i]);
    free(ctx->fds);
    free(ctx);
}

CmErr wasi_ctx_set_args(WasiCtx *ctx, int argc, const char *const *argv)
{
    char **v = calloc((size_t)(argc > 0 ? argc : 1), sizeof *v);
    if (!v)
        return CM_E_OOM;
    for (int i = 0; i < argc; i++) {
        if (!(v[i] = dupstr(argv[i]))) {
            while (i--)
                free(v[i]);
            free(v);
            return CM_E_OOM;
        }
    }
    for (size_t i = 0; i < ctx->argc; i++)
        free(ctx->argv[i]);
    free(ctx->argv);
    ctx->argv = v;
    ctx->argc = (size_t)argc;
    return CM_OK;
}

CmErr wasi_ctx_add_env(WasiCtx *ctx, const char *kv)
{
    const char *eq = strchr(kv, '=');
    if (!eq || eq == kv)
        return CM_E_WASI_BAD_ENV;
    /* A later grant of the same key replaces the earlier one. */
    size_t klen = (size_t)(eq - kv) + 1;
    char *copy = dupstr(kv);
    if (!copy)
        return CM_E_OOM;
    for (size_t i = 0; i < ctx->nenv; i++) {
        if (!strncmp(ctx->env[i], kv, klen)) {
            free(ctx->env[i]);
            ctx->env[i] = copy;
            return CM_OK;
        }
    }
    if (ctx->nenv == ctx->capenv) {
        size_t cap = ctx->capenv ? 2 * ctx->capenv : 16;
        char **e = realloc(ctx->env, cap * sizeof *e);
        if (!e) {
            free(copy);
            return CM_E_OOM;
        }
        ctx->env = e;
        ctx->capenv = cap;
    }
    ctx->env[ctx->nenv++] = copy;
    return CM_OK;
}

CmErr wasi_ctx_inherit_env(WasiCtx *ctx, char **environ_)
{
    for (size_t i = 0; environ_ && environ_[i]; i++) {
        CmErr e = wasi_ctx_add_env(ctx, environ_[i]);
        if (e && e != CM_E_WASI_BAD_ENV)
            return e;
    }
    return CM_OK;
}

static uint8_t host_filetype(int fd)
{
    struct stat st;
    return fstat(fd, &st) == 0 ? wasi_filetype(st.st_mode) : WFT_UNKNOWN;
}

void wasi_ctx_set_stdio(WasiCtx *ctx, int in, int out, int err)
{
    int host[3] = {in, out, err};
    if (ctx->nfds < 3)
        ctx->nfds = 3;
    for (int i = 0; i < 3; i++) {
        WasiFd *f = &ctx->fds[i];
        wasi_fd_release(f);
        f->kind = WFD_STDIO;
        f->host = host[i];
        f->filetype = host_filetype(host[i]);
        /* A terminal must not look seekable: wasi-libc's isatty() checks
         * that FD_SEEK and FD_TELL are absent. */
        f->rights = WRIGHTS_FILE & ~(WRIGHT_FD_SEEK | WRIGHT_FD_TELL);
        if (f->filetype == WFT_REG)
            f->rights = WRIGHTS_FILE;
        f->inheriting = 0;
    }
}

CmErr wasi_ctx_preopen(WasiCtx *ctx, const char *host_dir, const char *guest_name, CmError *err)
{
    err_clear(err);
    int fd = open(host_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return err_set(err, CM_E_WASI_PREOPEN, CM_NO_OFFSET, "'%s': %s", host_dir, strerror(errno));
    uint32_t gfd;
    int e = wasi_fd_add(ctx, fd, WFD_DIR, WFT_DIR, WRIGHTS_DIR, WRIGHTS_DIR | WRIGHTS_FILE, &gfd);
    if (e)
        return err_set(err, e == WE_NOMEM ? CM_E_OOM : CM_E_LIMIT, CM_NO_OFFSET, "too many preopens");
    if (!(ctx->fds[gfd].preopen = dupstr(guest_name ? guest_name : host_dir))) {
        wasi_fd_release(&ctx->fds[gfd]);
        return err_set(err, CM_E_OOM, CM_NO_OFFSET, NULL);
    }
    return CM_OK;
}

void wasi_ctx_set_deadline(WasiCtx *ctx, uint64_t monotonic_ns) { ctx->deadline_ns = monotonic_ns; }

/* ---- descriptor table ---- */

WasiFd *wasi_fd_get(WasiCtx *ctx, uint32_t fd)
{
    if (fd >= ctx->nfds || ctx->fds[fd].kind == WFD_FREE)
        return NULL;
    return &ctx->fds[fd];
}

int wasi_fd_add(WasiCtx *ctx, int host, WasiFdKind kind, uint8_t filetype, uint64_t rights,
                uint64_t inheriting, uint32_t *out)
{
    size_t i = 0;
    while (i < ctx->nfds && ctx->fds[i].kind != WFD_FREE)
        i++;
    if (i >= WASI_MAX_FDS) {
        close(host);
        return WE_MFILE;
    }
    if (i == ctx->capfds) {
        size_t cap = 2 * ctx->capfds;
        WasiFd *n = realloc(ctx->fds, cap * sizeof *n);
        if (!n) {
            close(host);
            return WE_NOMEM;
        }
        memset(n + ctx->capfds, 0, (cap - ctx->capfds) * sizeof *n);
        for (size_t k = ctx->capfds; k < cap; k++)
            n[k].host = -1;
        ctx->fds = n;
        ctx->capfds = cap;
    }
    if (i == ctx->nfds)
        ctx->nfds++;
    WasiFd *f = &ctx->fds[i];
    memset(f, 0, sizeof *f);
    f->kind = kind;
    f->host = host;
    f->filetype = filetype;
    f->rights = rights;
    f->inheriting = inheriting;
    *out = (uint32_t)i;
    return WE_SUCCESS;
}

void wasi_fd_dir_clear(WasiFd *f)
{
    for (size_t i = 0; i < f->ndir; i++)
        free(f->dir[i].name);
    free(f->dir);
    f->dir = NULL;
    f->ndir = 0;
}

void wasi_fd_release(WasiFd *f)
{
    if (f->kind == WFD_FILE || f->kind == WFD_DIR)
        close(f->host);
    wasi_fd_dir_clear(f);
    free(f->preopen);
    memset(f, 0, sizeof *f);
    f->host = -1;
}

/* ---- conversions ---- */

uint8_t wasi_filetype(unsigned mode)
{
    switch (mode & S_IFMT) {
    case S_IFREG: return WFT_REG;
    case S_IFDIR: return WFT_DIR;
    case S_IFLNK: return WFT_SYMLINK;
    case S_IFCHR: return WFT_CHAR;
    case S_IFBLK: return WFT_BLOCK;
    case S_IFSOCK: return WFT_SOCK_STREAM;
    default: return WFT_UNKNOWN;
    }
}

int wasi_errno(int e)
{
    switch (e) {
    case 0: return WE_SUCCESS;
    case E2BIG: return WE_2BIG;
    case EACCES: return WE_ACCES;
    case EADDRINUSE: return WE_ADDRINUSE;
    case EADDRNOTAVAIL: return WE_ADDRNOTAVAIL;
    case EAFNOSUPPORT: return WE_AFNOSUPPORT;
    case EAGAIN: return WE_AGAIN;
    case EALREADY: return WE_ALREADY;
    case EBADF: return WE_BADF;
    case EBADMSG: return WE_BADMSG;
    case EBUSY: return WE_BUSY;
    case ECANCELED: return WE_CANCELED;
    case ECHILD: return WE_CHILD;
    case ECONNABORTED: return WE_CONNABORTED;
    case ECONNREFUSED: return WE_CONNREFUSED;
    case ECONNRESET: return WE_CONNRESET;
    case EDEADLK: return WE_DEADLK;
    case EDESTADDRREQ: return WE_DESTADDRREQ;
    case EDOM: return WE_DOM;
    case EDQUOT: return WE_DQUOT;
    case EEXIST: return WE_EXIST;
    case EFAULT: return WE_FAULT;
    case EFBIG: return WE_FBIG;
    case EHOSTUNREACH: return WE_HOSTUNREACH;
    case EIDRM: return WE_IDRM;
    case EILSEQ: return WE_ILSEQ;
    case EINPROGRESS: return WE_INPROGRESS;
    case EINTR: return WE_INTR;
    case EINVAL: return WE_INVAL;
    case EIO: return WE_IO;
    case EISCONN: return WE_ISCONN;
    case EISDIR: return WE_ISDIR;
    case ELOOP: return WE_LOOP;
    case EMFILE: return WE_MFILE;
    case EMLINK: return WE_MLINK;
    case EMSGSIZE: return WE_MSGSIZE;
    case EMULTIHOP: return WE_MULTIHOP;
    case ENAMETOOLONG: return WE_NAMETOOLONG;
    case ENETDOWN: return WE_NETDOWN;
    case ENETRESET: return WE_NETRESET;
    case ENETUNREACH: return WE_NETUNREACH;
    case ENFILE: return WE_NFILE;
    case ENOBUFS: return WE_NOBUFS;
    case ENODEV: return WE_NODEV;
    case ENOENT: return WE_NOENT;
    case ENOEXEC: return WE_NOEXEC;
    case ENOLCK: return WE_NOLCK;
    case ENOLINK: return WE_NOLINK;
    case ENOMEM: return WE_NOMEM;
    case ENOMSG: return WE_NOMSG;
    case ENOPROTOOPT: return WE_NOPROTOOPT;
    case ENOSPC: return WE_NOSPC;
    case ENOSYS: return WE_NOSYS;
    case ENOTCONN: return WE_NOTCONN;
    case ENOTDIR: return WE_NOTDIR;
    case ENOTEMPTY: return WE_NOTEMPTY;
    case ENOTRECOVERABLE: return WE_NOTRECOVERABLE;
    case ENOTSOCK: return WE_NOTSOCK;
    case ENOTSUP: return WE_NOTSUP;
    case ENOTTY: return WE_NOTTY;
    case ENXIO: return WE_NXIO;
    case EOVERFLOW: return WE_OVERFLOW;
    case EOWNERDEAD: return WE_OWNERDEAD;
    case EPERM: return WE_PERM;
    case EPIPE: return WE_PIPE;
    case EPROTO: return WE_PROTO;
    case EPROTONOSUPPORT: return WE_PROTONOSUPPORT;
    case EPROTOTYPE: return WE_PROTOTYPE;
    case ERANGE: return WE_RANGE;
    case EROFS: return WE_ROFS;
    case ESPIPE: return WE_SPIPE;
    case ESRCH: return WE_SRCH;
    case ESTALE: return WE_STALE;
    case ETIMEDOUT: return WE_TIMEDOUT;
    case ETXTBSY: return WE_TXTBSY;
    case EXDEV: return WE_XDEV;
    default: return WE_IO;
    }
}

/* ---- guest memory ---- */

int wasi_put32(WrCaller *c, uint32_t addr, uint32_t v)
{
    uint8_t *p = wr_caller_mem(c, addr, 4);
    if (!p)
        return WE_FAULT;
    wasi_st32(p, v);
    return WE_SUCCESS;
}

int wasi_put64(WrCaller *c, uint32_t addr, uint64_t v)
{
    uint8_t *p = wr_caller_mem(c, addr, 8);
    if (!p)
        return WE_FAULT;
    wasi_st64(p, v);
    return WE_SUCCESS;
}

int wasi_get_path(WrCaller *c, uint32_t addr, uint32_t len, char **out)
{
    *out = NULL;
    const uint8_t *p = wr_caller_mem(c, addr, len);
    if (!p)
        return WE_FAULT;
    if (len >= PATH_MAX)
        return WE_NAMETOOLONG;
    if (memchr(p, 0, len))
        return WE_INVAL;
    if (!utf8_valid((const char *)p, len))
        return WE_ILSEQ;
    char *s = malloc((size_t)len + 1);
    if (!s)
        return WE_NOMEM;
    memcpy(s, p, len);
    s[len] = 0;
    *out = s;
    return WE_SUCCESS;
}

void wasi_use_path_walk(int on) { sbx_set_mode(on ? SBX_WALK : SBX_AUTO); }

/* ---- linking ---- */

static const WasiFuncDef *const groups[] = {wasi_defs_fd, wasi_defs_path, wasi_defs_misc};

static const WasiFuncDef *nth(unsigned i)
{
    for (size_t g = 0; g < sizeof groups / sizeof *groups; g++) {
        for (const WasiFuncDef *d = groups[g]; d->name; d++) {
            if (i-- == 0)
                return d;
        }
    }
    return NULL;
}

unsigned wasi_func_count(void)
{
    unsigned n = 0;
    while (nth(n))
        n++;
    return n;
}

const char *wasi_func_name(unsigned i)
{
    const WasiFuncDef *d = nth(i);
    return d ? d->name : NULL;
}

static int overridden(const char *name)
{
    for (const WasiFuncDef *d = wasi_defs_unstable; d->name; d++)
        if (!strcmp(d->name, name))
            return 1;
    return 0;
}

CmErr wasi_ctx_link(WasiCtx *ctx, WrLinker *lk)
{
    for (size_t g = 0; g < sizeof groups / sizeof *groups; g++) {
        for (const WasiFuncDef *d = groups[g]; d->name; d++) {
            CmErr e = wr_linker_func(lk, "wasi_snapshot_preview1", d->name, d->sig, d->fn, ctx);
            /* Snapshot 0 shares all but a few functions. */
            if (!e && !overridden(d->name))
                e = wr_linker_func(lk, "wasi_unstable", d->name, d->sig, d->fn, ctx);
            if (e)
                return e;
        }
    }
    for (const WasiFuncDef *d = wasi_defs_unstable; d->name; d++) {
        CmErr e = wr_linker_func(lk, "wasi_unstable", d->name, d->sig, d->fn, ctx);
        if (e)
            return e;
    }
    return CM_OK;
}
