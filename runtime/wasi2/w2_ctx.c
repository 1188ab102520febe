/* w2_ctx.c - the WASI 0.2 context: arguments, granted environment,
 * preopens, stdio, network grants, exit status; errno mapping. */
#define _GNU_SOURCE
#include "w2_int.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

char *w2_strndup(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

char *w2_strdup(const char *s) { return w2_strndup(s, strlen(s)); }

W2Ctx *w2_ctx_new(void)
{
    W2Ctx *ctx = calloc(1, sizeof *ctx);
    if (!ctx)
        return NULL;
    w2_ctx_set_stdio(ctx, 0, 1, 2);
    return ctx;
}

static void free_strv(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void w2_ctx_free(W2Ctx *ctx)
{
    if (!ctx)
        return;
    free_strv(ctx->argv, ctx->argc);
    free_strv(ctx->env, ctx->nenv);
    free(ctx->cwd);
    for (size_t i = 0; i < ctx->npre; i++) {
        close(ctx->pre[i].fd);
        free(ctx->pre[i].name);
    }
    free(ctx->pre);
    free(ctx->net);
    for (size_t i = 1; i < ctx->nobjs; i++)
        w2_obj_free(ctx, (uint32_t)i);
    free(ctx->objs);
    free(ctx);
}

CmErr w2_ctx_set_args(W2Ctx *ctx, int argc, const char *const *argv)
{
    size_t n = argc > 0 ? (size_t)argc : 0;
    char **v = calloc(n ? n : 1, sizeof *v);
    if (!v)
        return CM_E_OOM;
    for (size_t i = 0; i < n; i++) {
        if (!(v[i] = w2_strdup(argv[i]))) {
            free_strv(v, i);
            return CM_E_OOM;
        }
    }
    free_strv(ctx->argv, ctx->argc);
    ctx->argv = v;
    ctx->argc = n;
    return CM_OK;
}

CmErr w2_ctx_add_env(W2Ctx *ctx, const char *kv)
{
    const char *eq = strchr(kv, '=');
    if (!eq || eq == kv)
        return CM_E_WASI_BAD_ENV;
    size_t klen = (size_t)(eq - kv) + 1;
    char *copy = w2_strdup(kv);
    if (!copy)
        return CM_E_OOM;
    for (size_t i = 0; i < ctx->nenv; i++) {
        if (!strncmp(ctx->env[i], kv, klen)) {
            free(ctx->env[i]);
            ctx->env[i] = copy;
            return CM_OK;
        }
    }
    char **e = realloc(ctx->env, (ctx->nenv + 1) * sizeof *e);
    if (!e) {
        free(copy);
        return CM_E_OOM;
    }
    ctx->env = e;
    ctx->env[ctx->nenv++] = copy;
    return CM_OK;
}

CmErr w2_ctx_inherit_env(W2Ctx *ctx, char **environ_)
{
    for (size_t i = 0; environ_ && environ_[i]; i++) {
        CmErr e = w2_ctx_add_env(ctx, environ_[i]);
        if (e && e != CM_E_WASI_BAD_ENV)
            return e;
    }
    return CM_OK;
}

void w2_ctx_set_stdio(W2Ctx *ctx, int in, int out, int err)
{
    ctx->stdio[0] = in;
    ctx->stdio[1] = out;
    ctx->stdio[2] = err;
}

CmErr w2_ctx_preopen(W2Ctx *ctx, const char *host_dir, const char *guest_name, CmError *err)
{
    err_clear(err);
    int fd = open(host_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return err_set(err, CM_E_WASI_PREOPEN, CM_NO_OFFSET, "'%s': %s", host_dir, strerror(errno));
    W2Preopen *p = realloc(ctx->pre, (ctx->npre + 1) * sizeof *p);
    char *name = w2_strdup(guest_name ? guest_name : host_dir);
    if (!p || !name) {
        if (p)
            ctx->pre = p;
        free(name);
        close(fd);
        return err_set(err, CM_E_OOM, CM_NO_OFFSET, NULL);
    }
    ctx->pre = p;
    ctx->pre[ctx->npre].fd = fd;
    ctx->pre[ctx->npre].name = name;
    ctx->npre++;
    return CM_OK;
}

CmErr w2_ctx_set_cwd(W2Ctx *ctx, const char *cwd)
{
    char *c = NULL;
    if (cwd && !(c = w2_strdup(cwd)))
        return CM_E_OOM;
    free(ctx->cwd);
    ctx->cwd = c;
    return CM_OK;
}

/* The port of a grant: "*" (-1) or 1..65535. */
static int parse_port(const char *s, int *out)
{
    if (!strcmp(s, "*")) {
        *out = -1;
        return 0;
    }
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (!*s || *end || errno || v < 1 || v > 65535 || s[0] == '+' || s[0] == '-')
        return -1;
    *out = (int)v;
    return 0;
}

/* The host of a grant: "*", "localhost", an IPv4 literal or a bracketed
 * IPv6 literal. */
static int parse_host(const char *s, size_t n, W2NetRule *r)
{
    char buf[64];
    if (n == 0 || n >= sizeof buf)
        return -1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    memset(&r->ip, 0, sizeof r->ip);
    if (!strcmp(buf, "*")) {
        r->host = W2H_ANY;
        return 0;
    }
    if (!strcmp(buf, "localhost")) {
        r->host = W2H_LOOPBACK;
        return 0;
    }
    r->host = W2H_IP;
    if (buf[0] == '[' && buf[n - 1] == ']') {
        buf[n - 1] = '\0';
        r->ip.family = W2AF_IPV6;
        return inet_pton(AF_INET6, buf + 1, r->ip.b) == 1 ? 0 : -1;
    }
    r->ip.family = W2AF_IPV4;
    return inet_pton(AF_INET, buf, r->ip.b) == 1 ? 0 : -1;
}

CmErr w2_ctx_allow_net(W2Ctx *ctx, const char *spec)
{
    W2NetRule r;
    if (!strcmp(spec, "*")) {
        r.host = W2H_ANY;
        r.port = -1;
    } else {
        const char *colon = strrchr(spec, ':');
        if (!colon || parse_host(spec, (size_t)(colon - spec), &r) ||
            parse_port(colon + 1, &r.port))
            return CM_E_WASI_BAD_NET;
    }
    W2NetRule *v = realloc(ctx->net, (ctx->nnet + 1) * sizeof *v);
    if (!v)
        return CM_E_OOM;
    ctx->net = v;
    ctx->net[ctx->nnet++] = r;
    return CM_OK;
}

void w2_ctx_allow_dns(W2Ctx *ctx, int allowed) { ctx->allow_dns = allowed != 0; }

void w2_ctx_set_network(W2Ctx *ctx, int granted)
{
    if (!granted) {
        free(ctx->net);
        ctx->net = NULL;
        ctx->nnet = 0;
        ctx->allow_dns = 0;
        return;
    }
    if (w2_ctx_allow_net(ctx, "*") == CM_OK)
        ctx->allow_dns = 1;
}

void w2_ctx_set_deadline(W2Ctx *ctx, uint64_t monotonic_ns) { ctx->deadline_ns = monotonic_ns; }

int w2_ctx_exit_code(const W2Ctx *ctx, int *out_code)
{
    if (ctx->exited && out_code)
        *out_code = ctx->exit_code;
    return ctx->exited;
}

uint64_t w2_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint8_t w2_type_of(unsigned mode)
{
    switch (mode & S_IFMT) {
    case S_IFBLK: return W2T_BLOCK_DEVICE;
    case S_IFCHR: return W2T_CHARACTER_DEVICE;
    case S_IFDIR: return W2T_DIRECTORY;
    case S_IFIFO: return W2T_FIFO;
    case S_IFLNK: return W2T_SYMBOLIC_LINK;
    case S_IFREG: return W2T_REGULAR_FILE;
    case S_IFSOCK: return W2T_SOCKET;
    default: return W2T_UNKNOWN;
    }
}

/* The host errno values wasmtime maps the same way; anything else is io. */
int w2_errcode(int e)
{
    switch (e) {
    case EACCES: return W2E_ACCESS;
    case EAGAIN: return W2E_WOULD_BLOCK;
    case EALREADY: return W2E_ALREADY;
    case EBADF: return W2E_BAD_DESCRIPTOR;
    case EBUSY: return W2E_BUSY;
    case EDEADLK: return W2E_DEADLOCK;
    case EDQUOT: return W2E_QUOTA;
    case EEXIST: return W2E_EXIST;
    case EFBIG: return W2E_FILE_TOO_LARGE;
    case EILSEQ: return W2E_ILLEGAL_BYTE_SEQUENCE;
    case EINPROGRESS: return W2E_IN_PROGRESS;
    case EINTR: return W2E_INTERRUPTED;
    case EINVAL: return W2E_INVALID;
    case EISDIR: return W2E_IS_DIRECTORY;
    case ELOOP: return W2E_LOOP;
    case EMLINK: return W2E_TOO_MANY_LINKS;
    case EMSGSIZE: return W2E_MESSAGE_SIZE;
    case ENAMETOOLONG: return W2E_NAME_TOO_LONG;
    case ENODEV: return W2E_NO_DEVICE;
    case ENOENT: return W2E_NO_ENTRY;
    case ENOLCK: return W2E_NO_LOCK;
    case ENOMEM: return W2E_INSUFFICIENT_MEMORY;
    case ENOSPC: return W2E_INSUFFICIENT_SPACE;
    case ENOTDIR: return W2E_NOT_DIRECTORY;
    case ENOTEMPTY: return W2E_NOT_EMPTY;
    case ENOTRECOVERABLE: return W2E_NOT_RECOVERABLE;
    case ENOTSUP: return W2E_UNSUPPORTED;
    case ENOTTY: return W2E_NO_TTY;
    case ENXIO: return W2E_NO_SUCH_DEVICE;
    case EOVERFLOW: return W2E_OVERFLOW;
    case EPERM: return W2E_NOT_PERMITTED;
    case EPIPE: return W2E_PIPE;
    case EROFS: return W2E_READ_ONLY;
    case ESPIPE: return W2E_INVALID_SEEK;
    case ETXTBSY: return W2E_TEXT_FILE_BUSY;
    case EXDEV: return W2E_CROSS_DEVICE;
    default: return W2E_IO;
    }
}
