/* w2_tcp.c - wasi:sockets@0.2 tcp and tcp-create-socket over non-blocking
 * host sockets.
 *
 * The state machine is the WIT's (w2_int.h W2TcpState).  bind and listen
 * happen in start-bind / start-listen (the WIT allows either); finish-*
 * only moves the state on.  start-connect calls connect(), which answers
 * EINPROGRESS; finish-connect polls the socket without waiting and answers
 * would-block until the connection is made or failed (SO_ERROR).
 * subscribe's pollable waits for the socket to be readable or writable,
 * which is when a pending accept or connect can finish; in every other
 * state a TCP socket is writable or hung up, so the pollable is ready at
 * once, as the WIT wants.  The streams (and the pollables) own their own
 * dup of the socket, so the guest may drop them in any order; shutdown()
 * acts on the connection, which they share. */
#define _GNU_SOURCE
#include "w2_net.h"

#include <errno.h>
#include <limits.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

enum { DEFAULT_BACKLOG = 128 };

static W2Tcp *tcp_arg(W2Ctx *ctx, const WrcVal *v)
{
    W2Obj *o = w2_arg(ctx, v, W2K_TCP);
    return o ? &o->u.tcp : NULL;
}

#define SELF(t)                                                                              \
    (void)nargs;                                                                             \
    W2Tcp *t = tcp_arg(CTX, &args[0]);                                                       \
    if (!t)                                                                                  \
    return w2_bad_handle(call)

static int err(WrcCall *call, WrcVal *result, int code)
{
    return w2_err_enum(call, result, (uint32_t)code);
}

/* A start-* in a state where another operation is under way. */
static int in_progress(const W2Tcp *t)
{
    return t->state == W2TCP_BIND_STARTED || t->state == W2TCP_LISTEN_STARTED ||
           t->state == W2TCP_CONNECTING;
}

/* Bound, in the WIT's sense (bound or any later state but closed). */
static int is_bound(const W2Tcp *t)
{
    return t->state != W2TCP_UNBOUND && t->state != W2TCP_BIND_STARTED &&
           t->state != W2TCP_CLOSED;
}

/* A new tcp-socket object over fd (owned from now on); 0 when the table is
 * full (fd closed). */
static uint32_t tcp_new(W2Ctx *ctx, int fd, int family, W2TcpState state)
{
    uint32_t rep;
    W2Obj *o = w2_obj_new(ctx, W2K_TCP, &rep);
    if (!o) {
        close(fd);
        return 0;
    }
    o->u.tcp.fd = fd;
    o->u.tcp.family = (uint8_t)family;
    o->u.tcp.state = (uint8_t)state;
    o->u.tcp.backlog = DEFAULT_BACKLOG;
    return rep;
}

W2FN(create_tcp_socket)
{
    (void)nargs;
    if (!CTX->nnet)
        return err(call, result, W2NET_ACCESS_DENIED);
    int family = (int)args[0].u.var.tag;
    int fd = w2_socket_new(family, SOCK_STREAM);
    if (fd < 0)
        return w2_net_err_errno(call, result, errno == EAFNOSUPPORT ? EOPNOTSUPP : errno);
    if (family == W2AF_IPV6) { /* the WIT: IPV6_V6ONLY, not configurable */
        int one = 1;
        (void)setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
    }
    uint32_t rep = tcp_new(CTX, fd, family, W2TCP_UNBOUND);
    if (!rep)
        return err(call, result, W2NET_NEW_SOCKET_LIMIT);
    WrcVal v = w2_own(CTX, W2R_TCP_SOCKET, rep);
    return w2_ok(call, result, &v);
}

enum { MALFORMED = -2 }; /* not W2_OK (-1), not an error-code */

/* The address argument checked against the socket's family: MALFORMED
 * (trap), else W2_OK or an error-code. */
static int addr_arg(const W2Tcp *t, const WrcVal *v, W2Addr *a)
{
    if (w2_addr_from_val(v, a))
        return MALFORMED;
    if (w2_addr_family(a) != t->family || w2_addr_v4_mapped(a))
        return W2NET_INVALID_ARGUMENT;
    return W2_OK;
}

W2FN(start_bind)
{
    SELF(t);
    if (!w2_is_network(CTX, &args[1]))
        return w2_bad_handle(call);
    W2Addr a;
    int c = addr_arg(t, &args[2], &a);
    if (c == MALFORMED)
        return w2_bad_handle(call);
    if (!w2_net_allowed(CTX, &a, 1))
        return err(call, result, W2NET_ACCESS_DENIED);
    if (in_progress(t))
        return err(call, result, W2NET_CONCURRENCY_CONFLICT);
    if (t->state != W2TCP_UNBOUND)
        return err(call, result, W2NET_INVALID_STATE);
    if (c != W2_OK)
        return err(call, result, c);
    /* The WIT's implementors' note: rebinding a port in TIME_WAIT works. */
    int one = 1;
    (void)setsockopt(t->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(t->fd, (const struct sockaddr *)&a, w2_addr_len(&a)) < 0)
        return w2_net_err_errno(call, result, errno);
    t->state = W2TCP_BIND_STARTED;
    return w2_ok(call, result, NULL);
}

W2FN(finish_bind)
{
    SELF(t);
    if (t->state != W2TCP_BIND_STARTED)
        return err(call, result, W2NET_NOT_IN_PROGRESS);
    t->state = W2TCP_BOUND;
    return w2_ok(call, result, NULL);
}

W2FN(start_connect)
{
    SELF(t);
    if (!w2_is_network(CTX, &args[1]))
        return w2_bad_handle(call);
    W2Addr a;
    int c = addr_arg(t, &args[2], &a);
    if (c == MALFORMED)
        return w2_bad_handle(call);
    if (!w2_net_allowed(CTX, &a, 0))
        return err(call, result, W2NET_ACCESS_DENIED);
    if (in_progress(t))
        return err(call, result, W2NET_CONCURRENCY_CONFLICT);
    if (t->state != W2TCP_UNBOUND && t->state != W2TCP_BOUND)
        return err(call, result, W2NET_INVALID_STATE);
    if (c != W2_OK || !w2_addr_remote_ok(&a))
        return err(call, result, W2NET_INVALID_ARGUMENT);
    int r;
    do
        r = connect(t->fd, (const struct sockaddr *)&a, w2_addr_len(&a));
    while (r < 0 && errno == EINTR);
    if (r < 0 && errno != EINPROGRESS) {
        int e = errno;
        t->state = W2TCP_CLOSED; /* the WIT: a failed connect closes the socket */
        return w2_net_err_errno(call, result, e == EAGAIN ? EADDRINUSE : e);
    }
    t->state = W2TCP_CONNECTING;
    return w2_ok(call, result, NULL);
}

W2FN(finish_connect)
{
    SELF(t);
    if (t->state != W2TCP_CONNECTING)
        return err(call, result, W2NET_NOT_IN_PROGRESS);
    struct pollfd p = {.fd = t->fd, .events = POLLOUT};
    if (poll(&p, 1, 0) == 0)
        return err(call, result, W2NET_WOULD_BLOCK);
    int e = 0;
    if (w2_sockopt_get(t->fd, SOL_SOCKET, SO_ERROR, &e) < 0)
        e = errno;
    if (e) {
        t->state = W2TCP_CLOSED;
        return w2_net_err_errno(call, result, e);
    }
    t->state = W2TCP_CONNECTED;
    return w2_ret_socket_streams(CTX, call, result, t->fd, NULL);
}

W2FN(start_listen)
{
    SELF(t);
    if (in_progress(t))
        return err(call, result, W2NET_CONCURRENCY_CONFLICT);
    if (t->state != W2TCP_BOUND)
        return err(call, result, W2NET_INVALID_STATE);
    /* A bind to port 0 only needed its host granted; a listener must have
     * its actual port granted too (a "*:53" rule for a DNS client does not
     * open a server on a random port). */
    W2Addr local;
    socklen_t len = sizeof local;
    memset(&local, 0, sizeof local);
    if (getsockname(t->fd, (struct sockaddr *)&local, &len) < 0)
        return w2_net_err_errno(call, result, errno);
    if (!w2_net_allowed(CTX, &local, 0))
        return err(call, result, W2NET_ACCESS_DENIED);
    if (listen(t->fd, (int)t->backlog) < 0)
        return w2_net_err_errno(call, result, errno);
    t->state = W2TCP_LISTEN_STARTED;
    return w2_ok(call, result, NULL);
}

W2FN(finish_listen)
{
    SELF(t);
    if (t->state != W2TCP_LISTEN_STARTED)
        return err(call, result, W2NET_NOT_IN_PROGRESS);
    t->state = W2TCP_LISTENING;
    return w2_ok(call, result, NULL);
}

W2FN(accept_)
{
    SELF(t);
    if (t->state != W2TCP_LISTENING)
        return err(call, result, W2NET_INVALID_STATE);
    int fd;
    do
        fd = accept4(t->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    while (fd < 0 && errno == EINTR);
    if (fd < 0)
        return w2_net_err_errno(call, result, errno);
    /* keep-alive, hop limit and buffer sizes are inherited by the kernel. */
    uint32_t rep = tcp_new(CTX, fd, t->family, W2TCP_CONNECTED);
    if (!rep)
        return err(call, result, W2NET_NEW_SOCKET_LIMIT);
    WrcVal sock = w2_own(CTX, W2R_TCP_SOCKET, rep);
    W2Obj *o = w2_obj_get(CTX, rep, W2K_TCP);
    int rc = w2_ret_socket_streams(CTX, call, result, o->u.tcp.fd, &sock);
    if (rc == 0 && result->u.var.tag == 1)
        w2_obj_free(CTX, rep); /* no streams: the socket is not handed out */
    return rc;
}

/* result<ip-socket-address, error-code> of getsockname/getpeername. */
static int ret_addr(WrcCall *call, WrcVal *result, int fd, int peer)
{
    W2Addr a;
    socklen_t len = sizeof a;
    memset(&a, 0, sizeof a);
    int r = peer ? getpeername(fd, (struct sockaddr *)&a, &len)
                 : getsockname(fd, (struct sockaddr *)&a, &len);
    if (r < 0)
        return w2_net_err_errno(call, result, errno);
    WrcVal v;
    if (w2_addr_to_val(call, &a, &v))
        return w2_oom(call);
    return w2_ok(call, result, &v);
}

W2FN(local_address)
{
    SELF(t);
    /* bind() ran in start-bind: like wasmtime, the address is known then. */
    if (!is_bound(t) && t->state != W2TCP_BIND_STARTED)
        return err(call, result, W2NET_INVALID_STATE);
    return ret_addr(call, result, t->fd, 0);
}

W2FN(remote_address)
{
    SELF(t);
    if (t->state != W2TCP_CONNECTED)
        return err(call, result, W2NET_INVALID_STATE);
    return ret_addr(call, result, t->fd, 1);
}

W2FN(is_listening)
{
    SELF(t);
    *result = wrc_bool(t->state == W2TCP_LISTENING);
    return 0;
}

W2FN(address_family)
{
    SELF(t);
    *result = wrc_enum(t->family);
    return 0;
}

W2FN(set_listen_backlog_size)
{
    SELF(t);
    uint64_t v = args[1].u.u64;
    if (v == 0)
        return err(call, result, W2NET_INVALID_ARGUMENT);
    if (t->state == W2TCP_CONNECTING || t->state == W2TCP_CONNECTED)
        return err(call, result, W2NET_INVALID_STATE);
    t->backlog = v > INT_MAX ? INT_MAX : (uint32_t)v;
    /* Linux changes the queue of a listening socket by listening again. */
    if (t->state == W2TCP_LISTENING && listen(t->fd, (int)t->backlog) < 0)
        return w2_net_err_errno(call, result, errno);
    return w2_ok(call, result, NULL);
}

/* ---- socket options ---- */

static WrcVal as_bool(int v) { return wrc_bool(v); }
static WrcVal as_u32(int v) { return wrc_u32((uint32_t)v); }
/* Keep-alive times are whole seconds in the kernel, durations in ns. */
static WrcVal secs_as_ns(int v) { return wrc_u64((uint64_t)v * 1000000000u); }

/* A duration in ns as whole seconds (rounded up, at least 1, capped). */
static int ns_as_secs(uint64_t ns)
{
    uint64_t s = ns / 1000000000u + (ns % 1000000000u != 0);
    return s > 32767 ? 32767 : (int)s; /* the kernel's MAX_TCP_KEEPIDLE */
}


W2FN(keep_alive_enabled)
{
    SELF(t);
    return w2_opt_get(call, result, t->fd, SOL_SOCKET, SO_KEEPALIVE, as_bool);
}

W2FN(set_keep_alive_enabled)
{
    SELF(t);
    return w2_opt_set(call, result, t->fd, SOL_SOCKET, SO_KEEPALIVE, args[1].u.b);
}

W2FN(keep_alive_idle_time)
{
    SELF(t);
    return w2_opt_get(call, result, t->fd, IPPROTO_TCP, TCP_KEEPIDLE, secs_as_ns);
}

W2FN(set_keep_alive_idle_time)
{
    SELF(t);
    if (args[1].u.u64 == 0)
        return err(call, result, W2NET_INVALID_ARGUMENT);
    return w2_opt_set(call, result, t->fd, IPPROTO_TCP, TCP_KEEPIDLE, ns_as_secs(args[1].u.u64));
}

W2FN(keep_alive_interval)
{
    SELF(t);
    return w2_opt_get(call, result, t->fd, IPPROTO_TCP, TCP_KEEPINTVL, secs_as_ns);
}

W2FN(set_keep_alive_interval)
{
    SELF(t);
    if (args[1].u.u64 == 0)
        return err(call, result, W2NET_INVALID_ARGUMENT);
    return w2_opt_set(call, result, t->fd, IPPROTO_TCP, TCP_KEEPINTVL, ns_as_secs(args[1].u.u64));
}

W2FN(keep_alive_count)
{
    SELF(t);
    return w2_opt_get(call, result, t->fd, IPPROTO_TCP, TCP_KEEPCNT, as_u32);
}

W2FN(set_keep_alive_count)
{
    SELF(t);
    uint32_t v = args[1].u.u32;
    if (v == 0)
        return err(call, result, W2NET_INVALID_ARGUMENT);
    return w2_opt_set(call, result, t->fd, IPPROTO_TCP, TCP_KEEPCNT, v > 127 ? 127 : (int)v);
}

W2FN(hop_limit)
{
    SELF(t);
    return w2_hop_get(call, result, t->fd, t->family);
}

W2FN(set_hop_limit)
{
    SELF(t);
    return w2_hop_set(call, result, t->fd, t->family, args[1].u.u8);
}

W2FN(receive_buffer_size)
{
    SELF(t);
    return w2_bufsize_get(call, result, t->fd, SO_RCVBUF);
}

W2FN(set_receive_buffer_size)
{
    SELF(t);
    return w2_bufsize_set(call, result, t->fd, SO_RCVBUF, args[1].u.u64);
}

W2FN(send_buffer_size)
{
    SELF(t);
    return w2_bufsize_get(call, result, t->fd, SO_SNDBUF);
}

W2FN(set_send_buffer_size)
{
    SELF(t);
    return w2_bufsize_set(call, result, t->fd, SO_SNDBUF, args[1].u.u64);
}

W2FN(subscribe)
{
    SELF(t);
    W2PollKind k = t->state == W2TCP_LISTENING || t->state == W2TCP_CONNECTING ? W2P_FD_ANY
                                                                                : W2P_READY;
    return w2_ret_fd_pollable(CTX, call, result, t->fd, k);
}

W2FN(shutdown_)
{
    SELF(t);
    if (t->state != W2TCP_CONNECTED)
        return err(call, result, W2NET_INVALID_STATE);
    static const int how[] = {SHUT_RD, SHUT_WR, SHUT_RDWR};
    uint32_t k = args[1].u.var.tag;
    /* ENOTCONN: the peer is gone already; shutting down is idempotent. */
    if (k > 2 || (shutdown(t->fd, how[k]) < 0 && errno != ENOTCONN))
        return k > 2 ? w2_bad_handle(call) : w2_net_err_errno(call, result, errno);
    return w2_ok(call, result, NULL);
}

#define TCP "wasi:sockets/tcp"
#define M(m, f) {TCP, "[method]tcp-socket." m, f}
const W2Def w2_defs_tcp[] = {
    {"wasi:sockets/tcp-create-socket", "create-tcp-socket", create_tcp_socket},
    M("start-bind", start_bind),
    M("finish-bind", finish_bind),
    M("start-connect", start_connect),
    M("finish-connect", finish_connect),
    M("start-listen", start_listen),
    M("finish-listen", finish_listen),
    M("accept", accept_),
    M("local-address", local_address),
    M("remote-address", remote_address),
    M("is-listening", is_listening),
    M("address-family", address_family),
    M("set-listen-backlog-size", set_listen_backlog_size),
    M("keep-alive-enabled", keep_alive_enabled),
    M("set-keep-alive-enabled", set_keep_alive_enabled),
    M("keep-alive-idle-time", keep_alive_idle_time),
    M("set-keep-alive-idle-time", set_keep_alive_idle_time),
    M("keep-alive-interval", keep_alive_interval),
    M("set-keep-alive-interval", set_keep_alive_interval),
    M("keep-alive-count", keep_alive_count),
    M("set-keep-alive-count", set_keep_alive_count),
    M("hop-limit", hop_limit),
    M("set-hop-limit", set_hop_limit),
    M("receive-buffer-size", receive_buffer_size),
    M("set-receive-buffer-size", set_receive_buffer_size),
    M("send-buffer-size", send_buffer_size),
    M("set-send-buffer-size", set_send_buffer_size),
    M("subscribe", subscribe),
    M("shutdown", shutdown_),
    {NULL, NULL, NULL},
};
