/* w2_net.h - what the wasi:sockets files share (w2_net.c, w2_tcp.c,
 * w2_udp.c, w2_dns.c): the grant check, conversions between WIT socket
 * addresses and host sockaddrs, and the errno -> error-code mapping.
 *
 * Policy (docs/wrun.md): without any --allow-net rule no socket can be
 * created (access-denied); with rules, every address a socket binds to,
 * connects to or sends to must match one, else access-denied. */
#ifndef W2_NET_H
#define W2_NET_H

#include "w2_bind.h"

#include <sys/socket.h>

/* Whether ctx lets a socket use address a: to bind to it (bind != 0) or to
 * reach it.  A bind to port 0 (an ephemeral port) matches a rule whose
 * host matches, whatever its port. */
int w2_net_allowed(const W2Ctx *ctx, const W2Addr *a, int bind);

/* The wasi:sockets error-code for a host errno value. */
int w2_net_errcode(int host_errno);

/* The host sockaddr of an ip-socket-address value; -1 when the value is
 * malformed (then the caller traps). */
int w2_addr_from_val(const WrcVal *v, W2Addr *out);
/* The ip-socket-address value of a; 0, or -1 when out of memory. */
int w2_addr_to_val(WrcCall *call, const W2Addr *a, WrcVal *out);
/* The ip-address value of ip; 0, or -1 when out of memory. */
int w2_ip_to_val(WrcCall *call, const W2Ip *ip, WrcVal *out);

/* W2AF_IPV4 or W2AF_IPV6 of a sockaddr. */
static inline int w2_addr_family(const W2Addr *a)
{
    return a->v4.sin_family == AF_INET6 ? W2AF_IPV6 : W2AF_IPV4;
}
static inline socklen_t w2_addr_len(const W2Addr *a)
{
    return a->v4.sin_family == AF_INET6 ? sizeof a->v6 : sizeof a->v4;
}
static inline uint16_t w2_addr_port(const W2Addr *a)
{
    return ntohs(a->v4.sin_family == AF_INET6 ? a->v6.sin6_port : a->v4.sin_port);
}
/* 0.0.0.0 or :: */
int w2_addr_unspecified(const W2Addr *a);
/* ::ffff:a.b.c.d */
int w2_addr_v4_mapped(const W2Addr *a);
/* Whether a is a valid unicast destination for connect/send (not the
 * unspecified address, not port 0, not multicast or broadcast, not
 * v4-mapped): else the WIT's invalid-argument. */
int w2_addr_remote_ok(const W2Addr *a);

/* Checks the network argument of a method (trap when not a network). */
static inline int w2_is_network(W2Ctx *ctx, const WrcVal *v)
{
    return w2_arg(ctx, v, W2K_NETWORK) != NULL;
}

/* A new host socket (non-blocking, close-on-exec) of family W2AF_* and
 * type SOCK_STREAM / SOCK_DGRAM; -1 with errno set. */
int w2_socket_new(int family, int type);
/* result<_, error-code> for host errno e. */
int w2_net_err_errno(WrcCall *call, WrcVal *result, int e);
/* getsockopt of an int option; 0 or -1 with errno. */
int w2_sockopt_get(int fd, int level, int name, int *out);
/* result<T, error-code> of an int option, T made by conv. */
int w2_opt_get(WrcCall *call, WrcVal *result, int fd, int level, int name, WrcVal (*conv)(int));
/* result<_, error-code> of setting an int option. */
int w2_opt_set(WrcCall *call, WrcVal *result, int fd, int level, int name, int v);
/* hop-limit (IP_TTL / IPV6_UNICAST_HOPS) and its setter (0: invalid-argument). */
int w2_hop_get(WrcCall *call, WrcVal *result, int fd, int family);
int w2_hop_set(WrcCall *call, WrcVal *result, int fd, int family, uint8_t v);
/* receive/send-buffer-size (SO_RCVBUF / SO_SNDBUF); 0: invalid-argument. */
int w2_bufsize_get(WrcCall *call, WrcVal *result, int fd, int name);
int w2_bufsize_set(WrcCall *call, WrcVal *result, int fd, int name, uint64_t v);
/* Return own<pollable> over a dup of fd waiting for events kind
 * (W2P_FD_IN, W2P_FD_OUT, W2P_FD_ANY), or ready at once (W2P_READY). */
int w2_ret_fd_pollable(W2Ctx *ctx, WrcCall *call, WrcVal *result, int fd, W2PollKind kind);
/* Return result<tuple<input-stream, output-stream>> ... over dups of fd,
 * with extra (a tcp-socket handle, or NULL) first in the tuple. */
int w2_ret_socket_streams(W2Ctx *ctx, WrcCall *call, WrcVal *result, int fd,
                          const WrcVal *extra);

#endif
