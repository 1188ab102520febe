/* w2_udp.c - wasi:sockets@0.2 udp and udp-create-socket over non-blocking
 * host sockets.
 *
 * bind happens in start-bind.  stream() connects the socket to the remote
 * address (or disconnects it) and hands out a new pair of datagram
 * streams, each over its own dup of the socket, so the guest may drop them
 * in any order; the kernel then filters what receive sees.  receive and
 * send never wait: they take or send what the socket allows now.
 * check-send permits up to SEND_PERMIT datagrams when the socket is
 * writable, 0 otherwise (its pollable waits for room). */
#define _GNU_SOURCE
#include "w2_net.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { RECV_MAX = 64, SEND_PERMIT = 64, DGRAM_MAX = 65536 };

static W2Udp *udp_arg(W2Ctx *ctx, const WrcVal *v)
{
    W2Obj *o = w2_arg(ctx, v, W2K_UDP);
    return o ? &o->u.udp : NULL;
}

#define SELF(u)                                                                              \
    (void)nargs;                                                                             \
    W2Udp *u = udp_arg(CTX, &args[0]);                                                       \
    if (!u)                                                                                  \
    return w2_bad_handle(call)

static int err(WrcCall *call, WrcVal *result, int code)
{
    return w2_err_enum(call, result, (uint32_t)code);
}

W2FN(create_udp_socket)
{
    (void)nargs;
    if (!CTX->nnet)
        return err(call, result, W2NET_ACCESS_DENIED);
    int family = (int)args[0].u.var.tag;
    int fd = w2_socket_new(family, SOCK_DGRAM);
    if (fd < 0)
        return w2_net_err_errno(call, result, errno == EAFNOSUPPORT ? EOPNOTSUPP : errno);
    if (family == W2AF_IPV6) {
        int one = 1;
        (void)setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
    }
    uint32_t rep;
    W2Obj *o = w2_obj_new(CTX, W2K_UDP, &rep);
    if (!o) {
        close(fd);
        return err(call, result, W2NET_NEW_SOCKET_LIMIT);
    }
    o->u.udp.fd = fd;
    o->u.udp.family = (uint8_t)family;
    WrcVal v = w2_own(CTX, W2R_UDP_SOCKET, rep);
    return w2_ok(call, result, &v);
}

W2FN(start_bind)
{
    SELF(u);
    if (!w2_is_network(CTX, &args[1]))
        return w2_bad_handle(call);
    W2Addr a;
    if (w2_addr_from_val(&args[2], &a))
        return w2_bad_handle(call);
    if (!w2_net_allowed(CTX, &a, 1))
        return err(call, result, W2NET_ACCESS_DENIED);
    if (u->state == W2UDP_BIND_STARTED)
        return err(call, result, W2NET_CONCURRENCY_CONFLICT);
    if (u->state != W2UDP_UNBOUND)
        return err(call, result, W2NET_INVALID_STATE);
    if (w2_addr_family(&a) != u->family || w2_addr_v4_mapped(&a))
        return err(call, result, W2NET_INVALID_ARGUMENT);
    if (bind(u->fd, (const struct sockaddr *)&a, w2_addr_len(&a)) < 0)
        return w2_net_err_errno(call, result, errno);
    u->state = W2UDP_BIND_STARTED;
    return w2_ok(call, result, NULL);
}

W2FN(finish_bind)
{
    SELF(u);
    if (u->state != W2UDP_BIND_STARTED)
        return err(call, result, W2NET_NOT_IN_PROGRESS);
    u->state = W2UDP_BOUND;
    return w2_ok(call, result, NULL);
}

/* A new datagram stream object of kind k over a dup of u's socket.  u must
 * not point into the object table (w2_obj_new may move it): a copy. */
static uint32_t dgram_new(W2Ctx *ctx, W2Kind k, const W2Udp *u)
{
    int d = fcntl(u->fd, F_DUPFD_CLOEXEC, 0);
    uint32_t rep;
    W2Obj *o = d >= 0 ? w2_obj_new(ctx, k, &rep) : NULL;
    if (!o) {
        if (d >= 0)
            close(d);
        return 0;
    }
    o->u.dgram.fd = d;
    o->u.dgram.family = u->family;
    o->u.dgram.has_remote = u->has_remote;
    o->u.dgram.remote = u->remote;
    return rep;
}

/* Connect u to *a, or disconnect it (a NULL); 0 or an errno. */
static int associate(W2Udp *u, const W2Addr *a)
{
    if (u->has_remote) {
        struct sockaddr none = {.sa_family = AF_UNSPEC};
        (void)connect(u->fd, &none, sizeof none);
        u->has_remote = 0;
    }
    if (!a)
        return 0;
    if (connect(u->fd, (const struct sockaddr *)a, w2_addr_len(a)) < 0)
        return errno;
    u->has_remote = 1;
    u->remote = *a;
    return 0;
}

W2FN(stream)
{
    SELF(u);
    const WrcVal *opt = &args[1];
    W2Addr a;
    int some = opt->kind == WRC_OPTION && opt->u.var.tag == 1;
    if (some && w2_addr_from_val(opt->u.var.payload, &a))
        return w2_bad_handle(call);
    if (some && !w2_net_allowed(CTX, &a, 0))
        return err(call, result, W2NET_ACCESS_DENIED);
    if (u->state != W2UDP_BOUND)
        return err(call, result, W2NET_INVALID_STATE);
    if (some && (w2_addr_family(&a) != u->family || !w2_addr_remote_ok(&a)))
        return err(call, result, W2NET_INVALID_ARGUMENT);
    int e = associate(u, some ? &a : NULL);
    if (e)
        return w2_net_err_errno(call, result, e);
    W2Udp copy = *u;
    uint32_t in = dgram_new(CTX, W2K_IN_DGRAM, &copy);
    uint32_t out = in ? dgram_new(CTX, W2K_OUT_DGRAM, &copy) : 0;
    WrcVal *t = out ? wrc_vals(call, 2) : NULL;
    if (!t) {
        w2_obj_free(CTX, in);
        w2_obj_free(CTX, out);
        return out ? w2_oom(call) : err(call, result, W2NET_NEW_SOCKET_LIMIT);
    }
    t[0] = w2_own(CTX, W2R_INCOMING_DATAGRAMS, in);
    t[1] = w2_own(CTX, W2R_OUTGOING_DATAGRAMS, out);
    WrcVal v = wrc_tuple(t, 2);
    return w2_ok(call, result, &v);
}

static int ret_name(WrcCall *call, WrcVal *result, int fd)
{
    W2Addr a;
    socklen_t len = sizeof a;
    memset(&a, 0, sizeof a);
    if (getsockname(fd, (struct sockaddr *)&a, &len) < 0)
        return w2_net_err_errno(call, result, errno);
    WrcVal v;
    if (w2_addr_to_val(call, &a, &v))
        return w2_oom(call);
    return w2_ok(call, result, &v);
}

W2FN(local_address)
{
    SELF(u);
    if (u->state != W2UDP_BOUND)
        return err(call, result, W2NET_INVALID_STATE);
    return ret_name(call, result, u->fd);
}

W2FN(remote_address)
{
    SELF(u);
    if (!u->has_remote)
        return err(call, result, W2NET_INVALID_STATE);
    WrcVal v;
    if (w2_addr_to_val(call, &u->remote, &v))
        return w2_oom(call);
    return w2_ok(call, result, &v);
}

W2FN(address_family)
{
    SELF(u);
    *result = wrc_enum(u->family);
    return 0;
}

W2FN(unicast_hop_limit)
{
    SELF(u);
    return w2_hop_get(call, result, u->fd, u->family);
}

W2FN(set_unicast_hop_limit)
{
    SELF(u);
    return w2_hop_set(call, result, u->fd, u->family, args[1].u.u8);
}

W2FN(receive_buffer_size)
{
    SELF(u);
    return w2_bufsize_get(call, result, u->fd, SO_RCVBUF);
}

W2FN(set_receive_buffer_size)
{
    SELF(u);
    return w2_bufsize_set(call, result, u->fd, SO_RCVBUF, args[1].u.u64);
}

W2FN(send_buffer_size)
{
    SELF(u);
    return w2_bufsize_get(call, result, u->fd, SO_SNDBUF);
}

W2FN(set_send_buffer_size)
{
    SELF(u);
    return w2_bufsize_set(call, result, u->fd, SO_SNDBUF, args[1].u.u64);
}

/* The socket itself has no operation to wait for. */
W2FN(udp_subscribe)
{
    SELF(u);
    return w2_ret_fd_pollable(CTX, call, result, u->fd, W2P_READY);
}

/* ---- datagram streams ---- */

static W2Dgram *dgram_arg(W2Ctx *ctx, const WrcVal *v, W2Kind k)
{
    W2Obj *o = w2_arg(ctx, v, k);
    return o ? &o->u.dgram : NULL;
}

/* One received datagram as an incoming-datagram record; -1 out of memory. */
static int datagram_val(WrcCall *call, const uint8_t *buf, size_t n, const W2Addr *src,
                        WrcVal *out)
{
    WrcVal *f = wrc_vals(call, 2);
    uint8_t *copy = n ? wrc_alloc(call, n) : NULL;
    if (!f || (n && !copy) || w2_addr_to_val(call, src, &f[1]))
        return -1;
    if (n)
        memcpy(copy, buf, n);
    f[0] = wrc_bytes(copy, (uint32_t)n);
    *out = wrc_record(f, 2);
    return 0;
}

W2FN(receive)
{
    (void)nargs;
    W2Dgram *d = dgram_arg(CTX, &args[0], W2K_IN_DGRAM);
    if (!d)
        return w2_bad_handle(call);
    uint64_t max = args[1].u.u64 > RECV_MAX ? RECV_MAX : args[1].u.u64;
    WrcVal *list = max ? wrc_vals(call, (uint32_t)max) : NULL;
    uint8_t *buf = max ? malloc(DGRAM_MAX) : NULL;
    if (max && (!list || !buf)) {
        free(buf);
        return w2_oom(call);
    }
    uint32_t k = 0;
    while (k < max) {
        W2Addr src;
        socklen_t len = sizeof src;
        memset(&src, 0, sizeof src);
        ssize_t r = recvfrom(d->fd, buf, DGRAM_MAX, MSG_DONTWAIT, (struct sockaddr *)&src, &len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            int e = errno;
            if (e == EAGAIN || k > 0)
                break;
            free(buf);
            return w2_net_err_errno(call, result, e);
        }
        if (datagram_val(call, buf, (size_t)r, &src, &list[k])) {
            free(buf);
            return w2_oom(call);
        }
        k++;
    }
    free(buf);
    WrcVal v = wrc_list(list, k);
    return w2_ok(call, result, &v);
}

W2FN(in_subscribe)
{
    (void)nargs;
    W2Dgram *d = dgram_arg(CTX, &args[0], W2K_IN_DGRAM);
    if (!d)
        return w2_bad_handle(call);
    return w2_ret_fd_pollable(CTX, call, result, d->fd, W2P_FD_IN);
}

W2FN(check_send)
{
    (void)nargs;
    W2Dgram *d = dgram_arg(CTX, &args[0], W2K_OUT_DGRAM);
    if (!d)
        return w2_bad_handle(call);
    struct pollfd p = {.fd = d->fd, .events = POLLOUT};
    d->permit = poll(&p, 1, 0) > 0 ? SEND_PERMIT : 0;
    WrcVal v = wrc_u64(d->permit);
    return w2_ok(call, result, &v);
}

static int same_addr(const W2Addr *a, const W2Addr *b)
{
    if (a->v4.sin_family != b->v4.sin_family || w2_addr_port(a) != w2_addr_port(b))
        return 0;
    if (a->v4.sin_family == AF_INET)
        return a->v4.sin_addr.s_addr == b->v4.sin_addr.s_addr;
    return !memcmp(&a->v6.sin6_addr, &b->v6.sin6_addr, 16);
}

/* Send one outgoing-datagram record: 0 sent, -1 malformed (trap), or
 * W2NET_* (would-block when the socket has no room). */
static int send_one(W2Ctx *ctx, const W2Dgram *d, const WrcVal *rec)
{
    if (rec->kind != WRC_RECORD || rec->u.list.n != 2)
        return -1;
    const WrcVal *data = &rec->u.list.elems[0], *opt = &rec->u.list.elems[1];
    W2Addr a;
    int some = opt->kind == WRC_OPTION && opt->u.var.tag == 1;
    if (some && w2_addr_from_val(opt->u.var.payload, &a))
        return -1;
    if (d->has_remote && some && !same_addr(&a, &d->remote))
        return W2NET_INVALID_ARGUMENT;
    if (!d->has_remote) {
        if (!some)
            return W2NET_INVALID_ARGUMENT;
        if (!w2_net_allowed(ctx, &a, 0))
            return W2NET_ACCESS_DENIED;
        if (w2_addr_family(&a) != d->family || !w2_addr_remote_ok(&a))
            return W2NET_INVALID_ARGUMENT;
    }
    ssize_t r;
    do {
        if (d->has_remote)
            r = send(d->fd, data->u.bytes.ptr, data->u.bytes.len, MSG_DONTWAIT | MSG_NOSIGNAL);
        else
            r = sendto(d->fd, data->u.bytes.ptr, data->u.bytes.len, MSG_DONTWAIT | MSG_NOSIGNAL,
                       (const struct sockaddr *)&a, w2_addr_len(&a));
    } while (r < 0 && errno == EINTR);
    return r < 0 ? w2_net_errcode(errno) : 0;
}

W2FN(send_)
{
    (void)nargs;
    W2Dgram *d = dgram_arg(CTX, &args[0], W2K_OUT_DGRAM);
    if (!d)
        return w2_bad_handle(call);
    uint32_t n = args[1].u.list.n;
    if (n > d->permit)
        return wrc_trap(call, "outgoing-datagram-stream.send: more datagrams than check-send "
                              "permitted");
    d->permit = 0;
    uint64_t sent = 0;
    for (uint32_t i = 0; i < n; i++) {
        int c = send_one(CTX, d, &args[1].u.list.elems[i]);
        if (c == -1)
            return w2_bad_handle(call);
        if (c == W2NET_WOULD_BLOCK)
            break;
        if (c) {
            if (sent)
                break;
            return err(call, result, c);
        }
        sent++;
    }
    WrcVal v = wrc_u64(sent);
    return w2_ok(call, result, &v);
}

W2FN(out_subscribe)
{
    (void)nargs;
    W2Dgram *d = dgram_arg(CTX, &args[0], W2K_OUT_DGRAM);
    if (!d)
        return w2_bad_handle(call);
    return w2_ret_fd_pollable(CTX, call, result, d->fd, W2P_FD_OUT);
}

#define UDP "wasi:sockets/udp"
#define M(m, f) {UDP, "[method]udp-socket." m, f}
const W2Def w2_defs_udp[] = {
    {"wasi:sockets/udp-create-socket", "create-udp-socket", create_udp_socket},
    M("start-bind", start_bind),
    M("finish-bind", finish_bind),
    M("stream", stream),
    M("local-address", local_address),
    M("remote-address", remote_address),
    M("address-family", address_family),
    M("unicast-hop-limit", unicast_hop_limit),
    M("set-unicast-hop-limit", set_unicast_hop_limit),
    M("receive-buffer-size", receive_buffer_size),
    M("set-receive-buffer-size", set_receive_buffer_size),
    M("send-buffer-size", send_buffer_size),
    M("set-send-buffer-size", set_send_buffer_size),
    M("subscribe", udp_subscribe),
    {UDP, "[method]incoming-datagram-stream.receive", receive},
    {UDP, "[method]incoming-datagram-stream.subscribe", in_subscribe},
    {UDP, "[method]outgoing-datagram-stream.check-send", check_send},
    {UDP, "[method]outgoing-datagram-stream.send", send_},
    {UDP, "[method]outgoing-datagram-stream.subscribe", out_subscribe},
    {NULL, NULL, NULL},
};
