/* w2_net.c - wasi:sockets@0.2 network, instance-network, and what the
 * socket files share (w2_net.h): the grant check, address conversions,
 * errno mapping, pollables and stream pairs over socket fds.
 * The sockets themselves: w2_tcp.c, w2_udp.c; name lookup: w2_dns.c. */
#define _GNU_SOURCE
#include "w2_net.h"
#include "w2_io.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

/* ---- grants ---- */

static int is_loopback(const W2Addr *a)
{
    if (a->v4.sin_family == AF_INET)
        return (ntohl(a->v4.sin_addr.s_addr) >> 24) == 127;
    return IN6_IS_ADDR_LOOPBACK(&a->v6.sin6_addr);
}

static int host_matches(const W2NetRule *r, const W2Addr *a)
{
    switch (r->host) {
    case W2H_ANY: return 1;
    case W2H_LOOPBACK: return is_loopback(a);
    case W2H_IP:
        if (r->ip.family != w2_addr_family(a))
            return 0;
        if (r->ip.family == W2AF_IPV4)
            return !memcmp(r->ip.b, &a->v4.sin_addr, 4);
        return !memcmp(r->ip.b, &a->v6.sin6_addr, 16);
    }
    return 0;
}

int w2_net_allowed(const W2Ctx *ctx, const W2Addr *a, int bind)
{
    int port = w2_addr_port(a);
    for (size_t i = 0; i < ctx->nnet; i++) {
        const W2NetRule *r = &ctx->net[i];
        if (host_matches(r, a) && (r->port < 0 || r->port == port || (bind && port == 0)))
            return 1;
    }
    return 0;
}

/* ---- addresses ---- */

int w2_addr_unspecified(const W2Addr *a)
{
    if (a->v4.sin_family == AF_INET)
        return a->v4.sin_addr.s_addr == htonl(INADDR_ANY);
    return IN6_IS_ADDR_UNSPECIFIED(&a->v6.sin6_addr);
}

int w2_addr_v4_mapped(const W2Addr *a)
{
    return a->v4.sin_family == AF_INET6 && IN6_IS_ADDR_V4MAPPED(&a->v6.sin6_addr);
}

int w2_addr_remote_ok(const W2Addr *a)
{
    if (w2_addr_unspecified(a) || w2_addr_port(a) == 0 || w2_addr_v4_mapped(a))
        return 0;
    if (a->v4.sin_family == AF_INET) {
        uint32_t ip = ntohl(a->v4.sin_addr.s_addr);
        return !IN_MULTICAST(ip) && ip != INADDR_BROADCAST;
    }
    return !IN6_IS_ADDR_MULTICAST(&a->v6.sin6_addr);
}

/* The n elements of a record or tuple value of that kind, or NULL. */
static const WrcVal *elems(const WrcVal *v, WrcKind k, uint32_t n)
{
    return v && v->kind == k && v->u.list.n == n ? v->u.list.elems : NULL;
}

int w2_addr_from_val(const WrcVal *v, W2Addr *out)
{
    memset(out, 0, sizeof *out);
    if (v->kind != WRC_VARIANT || !v->u.var.payload)
        return -1;
    const WrcVal *f;
    if (v->u.var.tag == 0) {
        const WrcVal *t;
            if (!(f = elems(v->u.var.payload, WRC_RECORD, 2)) || !(t = elems(&f[1], WRC_TUPLE, 4)))
            return -1;
        out->v4.sin_family = AF_INET;
        out->v4.sin_port = htons(f[0].u.u16);
        uint8_t *b = (uint8_t *)&out->v4.sin_addr;
        for (int i = 0; i < 4; i++)
            b[i] = t[i].u.u8;
        return 0;
    }
    const WrcVal *t;
    if (v->u.var.tag != 1 || !(f = elems(v->u.var.payload, WRC_RECORD, 4)) ||
        !(t = elems(&f[2], WRC_TUPLE, 8)))
        return -1;
    out->v6.sin6_family = AF_INET6;
    out->v6.sin6_port = htons(f[0].u.u16);
    out->v6.sin6_flowinfo = htonl(f[1].u.u32);
    for (int i = 0; i < 8; i++) {
        out->v6.sin6_addr.s6_addr[2 * i] = (uint8_t)(t[i].u.u16 >> 8);
        out->v6.sin6_addr.s6_addr[2 * i + 1] = (uint8_t)t[i].u.u16;
    }
    out->v6.sin6_scope_id = f[3].u.u32;
    return 0;
}

/* The tuple of an ipv4-address or ipv6-address. */
static int ip_tuple(WrcCall *call, int family, const uint8_t *b, WrcVal *out)
{
    uint32_t n = family == W2AF_IPV4 ? 4 : 8;
    WrcVal *t = wrc_vals(call, n);
    if (!t)
        return -1;
    for (uint32_t i = 0; i < n; i++)
        t[i] = family == W2AF_IPV4 ? wrc_u8(b[i])
                                   : wrc_u16((uint16_t)(b[2 * i] << 8 | b[2 * i + 1]));
    *out = wrc_tuple(t, n);
    return 0;
}

int w2_addr_to_val(WrcCall *call, const W2Addr *a, WrcVal *out)
{
    int v6 = a->v4.sin_family == AF_INET6;
    WrcVal *f = wrc_vals(call, v6 ? 4 : 2);
    if (!f)
        return -1;
    f[0] = wrc_u16(w2_addr_port(a));
    if (!v6) {
        if (ip_tuple(call, W2AF_IPV4, (const uint8_t *)&a->v4.sin_addr, &f[1]))
            return -1;
    } else {
        f[1] = wrc_u32(ntohl(a->v6.sin6_flowinfo));
        if (ip_tuple(call, W2AF_IPV6, a->v6.sin6_addr.s6_addr, &f[2]))
            return -1;
        f[3] = wrc_u32(a->v6.sin6_scope_id);
    }
    WrcVal *rec = wrc_box(call, wrc_record(f, v6 ? 4 : 2));
    if (!rec)
        return -1;
    *out = wrc_variant(v6 ? 1 : 0, rec);
    return 0;
}

int w2_ip_to_val(WrcCall *call, const W2Ip *ip, WrcVal *out)
{
    WrcVal t, *p;
    if (ip_tuple(call, ip->family, ip->b, &t) || !(p = wrc_box(call, t)))
        return -1;
    *out = wrc_variant(ip->family == W2AF_IPV4 ? 0 : 1, p);
    return 0;
}

/* ---- errors ---- */

int w2_net_errcode(int e)
{
    switch (e) {
    case EACCES:
    case EPERM: return W2NET_ACCESS_DENIED;
    case EOPNOTSUPP: return W2NET_NOT_SUPPORTED;
    case EINVAL:
    case EAFNOSUPPORT: return W2NET_INVALID_ARGUMENT;
    case ENOMEM:
    case ENOBUFS: return W2NET_OUT_OF_MEMORY;
    case ETIMEDOUT: return W2NET_TIMEOUT;
    case EALREADY: return W2NET_CONCURRENCY_CONFLICT;
    case EAGAIN:
    case EINPROGRESS: return W2NET_WOULD_BLOCK;
    case EISCONN:
    case ENOTCONN:
    case EDESTADDRREQ: return W2NET_INVALID_STATE;
    case EMFILE:
    case ENFILE: return W2NET_NEW_SOCKET_LIMIT;
    case EADDRNOTAVAIL: return W2NET_ADDRESS_NOT_BINDABLE;
    case EADDRINUSE: return W2NET_ADDRESS_IN_USE;
    case EHOSTUNREACH:
    case EHOSTDOWN:
    case ENETUNREACH:
    case ENETDOWN:
    case ENONET: return W2NET_REMOTE_UNREACHABLE;
    case ECONNREFUSED: return W2NET_CONNECTION_REFUSED;
    case ECONNRESET:
    case EPIPE: return W2NET_CONNECTION_RESET;
    case ECONNABORTED: return W2NET_CONNECTION_ABORTED;
    case EMSGSIZE: return W2NET_DATAGRAM_TOO_LARGE;
    default: return W2NET_UNKNOWN;
    }
}

int w2_net_err_errno(WrcCall *call, WrcVal *result, int e)
{
    return w2_err_enum(call, result, (uint32_t)w2_net_errcode(e));
}

/* ---- sockets, pollables, streams ---- */

int w2_socket_new(int family, int type)
{
    return socket(family == W2AF_IPV6 ? AF_INET6 : AF_INET, type | SOCK_NONBLOCK | SOCK_CLOEXEC,
                  0);
}

int w2_sockopt_get(int fd, int level, int name, int *out)
{
    socklen_t len = sizeof *out;
    *out = 0;
    return getsockopt(fd, level, name, out, &len);
}

int w2_opt_get(WrcCall *call, WrcVal *result, int fd, int level, int name, WrcVal (*conv)(int))
{
    int v;
    if (w2_sockopt_get(fd, level, name, &v) < 0)
        return w2_net_err_errno(call, result, errno);
    WrcVal r = conv(v);
    return w2_ok(call, result, &r);
}

int w2_opt_set(WrcCall *call, WrcVal *result, int fd, int level, int name, int v)
{
    if (setsockopt(fd, level, name, &v, sizeof v) < 0)
        return w2_net_err_errno(call, result, errno);
    return w2_ok(call, result, NULL);
}

static WrcVal as_u8(int v) { return wrc_u8((uint8_t)v); }
static WrcVal as_u64(int v) { return wrc_u64((uint64_t)v); }

int w2_hop_get(WrcCall *call, WrcVal *result, int fd, int family)
{
    if (family == W2AF_IPV6)
        return w2_opt_get(call, result, fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, as_u8);
    return w2_opt_get(call, result, fd, IPPROTO_IP, IP_TTL, as_u8);
}

int w2_hop_set(WrcCall *call, WrcVal *result, int fd, int family, uint8_t v)
{
    if (v == 0)
        return w2_err_enum(call, result, W2NET_INVALID_ARGUMENT);
    if (family == W2AF_IPV6)
        return w2_opt_set(call, result, fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, v);
    return w2_opt_set(call, result, fd, IPPROTO_IP, IP_TTL, v);
}

int w2_bufsize_get(WrcCall *call, WrcVal *result, int fd, int name)
{
    return w2_opt_get(call, result, fd, SOL_SOCKET, name, as_u64);
}

int w2_bufsize_set(WrcCall *call, WrcVal *result, int fd, int name, uint64_t v)
{
    if (v == 0)
        return w2_err_enum(call, result, W2NET_INVALID_ARGUMENT);
    /* The kernel doubles the value and caps it at its maximum: clamp. */
    int n = v > INT_MAX / 2 ? INT_MAX / 2 : (int)v;
    return w2_opt_set(call, result, fd, SOL_SOCKET, name, n);
}

int w2_ret_fd_pollable(W2Ctx *ctx, WrcCall *call, WrcVal *result, int fd, W2PollKind kind)
{
    int dupfd = -1;
    if (kind != W2P_READY && (dupfd = fcntl(fd, F_DUPFD_CLOEXEC, 0)) < 0)
        kind = W2P_READY; /* cannot wait on it: say ready, the next call tells */
    uint32_t rep;
    W2Obj *o = w2_obj_new(ctx, W2K_POLLABLE, &rep);
    if (!o) {
        if (dupfd >= 0)
            close(dupfd);
        return w2_oom(call);
    }
    o->u.poll.kind = kind;
    o->u.poll.fd = dupfd;
    o->u.poll.owns_fd = dupfd >= 0;
    *result = w2_own(ctx, W2R_POLLABLE, rep);
    return 0;
}

/* A new stream object of kind k over its own dup of fd; 0 on failure. */
static uint32_t socket_stream(W2Ctx *ctx, W2Kind k, int fd)
{
    int d = fcntl(fd, F_DUPFD_CLOEXEC, 0);
    uint32_t rep;
    W2Obj *o = d >= 0 ? w2_obj_new(ctx, k, &rep) : NULL;
    if (!o) {
        if (d >= 0)
            close(d);
        return 0;
    }
    w2_stream_init(&o->u.stream, W2S_SOCKET, d, 0, 0);
    o->u.stream.deadline = ctx->deadline_ns;
    return rep;
}

int w2_ret_socket_streams(W2Ctx *ctx, WrcCall *call, WrcVal *result, int fd,
                          const WrcVal *extra)
{
    uint32_t in = socket_stream(ctx, W2K_INPUT, fd);
    uint32_t out = in ? socket_stream(ctx, W2K_OUTPUT, fd) : 0;
    uint32_t n = extra ? 3 : 2;
    WrcVal *t = out ? wrc_vals(call, n) : NULL;
    if (!t) {
        w2_obj_free(ctx, in);
        w2_obj_free(ctx, out);
        return in && out ? w2_oom(call) : w2_net_err_errno(call, result, errno);
    }
    if (extra)
        t[0] = *extra;
    t[n - 2] = w2_own(ctx, W2R_INPUT, in);
    t[n - 1] = w2_own(ctx, W2R_OUTPUT, out);
    WrcVal v = wrc_tuple(t, n);
    return w2_ok(call, result, &v);
}

/* ---- network, instance-network ---- */

/* Errors of socket streams are wasi:io errors with a filesystem code only:
 * none of them converts to a sockets error-code. */
W2FN(network_error_code)
{
    (void)call;
    (void)args;
    (void)nargs;
    (void)user;
    *result = wrc_none();
    return 0;
}

W2FN(instance_network)
{
    (void)args;
    (void)nargs;
    uint32_t rep;
    if (!w2_obj_new(CTX, W2K_NETWORK, &rep))
        return w2_oom(call);
    *result = w2_own(CTX, W2R_NETWORK, rep);
    return 0;
}

const W2Def w2_defs_net[] = {
    {"wasi:sockets/network", "network-error-code", network_error_code},
    {"wasi:sockets/instance-network", "instance-network", instance_network},
    {NULL, NULL, NULL},
};
