/* guest.c - a wasi:cli/run component that calls wasi:sockets directly
 * (bindings by `witc bindgen wit --world sockets`).  Each mode prints one
 * line per step, so that runs under two hosts can be compared; the first
 * failing step prints its error-code name.
 *
 *   guest tcp-connect PORT MSG   connect to 127.0.0.1:PORT, send MSG, shut
 *                                down sending, print what comes back
 *   guest tcp-listen             listen on 127.0.0.1 (port 0), print
 *                                "port N", accept one client, print what
 *                                it sends, answer "got: " + that, close
 *   guest tcp-io PORT v4|v6      connect to 127.0.0.1 or ::1, write with
 *                                check-write/write/flush, read with
 *                                subscribe/read, splice the rest to stdout
 *   guest udp [v6]               two sockets on 127.0.0.1 (::1) exchange
 *                                datagrams
 *   guest deny PORT              try TCP and UDP towards 127.0.0.1:PORT
 *   guest dns NAME               resolve NAME, one address a line
 *   guest states                 the state machine's errors
 *   guest churn                  300 stream() calls while pollables pile up
 *                                (the host's object table grows meanwhile)
 *   guest pending                a connect that cannot complete (the
 *                                listener's queue is full): would-block */
#include "sockets.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef wasi_sockets_network_error_code_t Code;
typedef wasi_sockets_network_ip_socket_address_t Addr;
typedef wasi_sockets_tcp_borrow_tcp_socket_t Tcp;
typedef wasi_sockets_udp_borrow_udp_socket_t Udp;
#define TCP(m) wasi_sockets_tcp_method_tcp_socket_##m
#define UDP(m) wasi_sockets_udp_method_udp_socket_##m

static wasi_io_streams_own_output_stream_t out;
static wasi_sockets_network_own_network_t net;

static void say(const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    sockets_list_u8_t l = {(uint8_t *)buf, (size_t)(n < (int)sizeof buf ? n : (int)sizeof buf - 1)};
    wasi_io_streams_stream_error_t err;
    wasi_io_streams_method_output_stream_blocking_write_and_flush(
        wasi_io_streams_borrow_output_stream(out), &l, &err);
}

static const char *code_name(Code c)
{
    static const char *names[] = {
        "unknown", "access-denied", "not-supported", "invalid-argument", "out-of-memory",
        "timeout", "concurrency-conflict", "not-in-progress", "would-block", "invalid-state",
        "new-socket-limit", "address-not-bindable", "address-in-use", "remote-unreachable",
        "connection-refused", "connection-reset", "connection-aborted", "datagram-too-large",
        "name-unresolvable", "temporary-resolver-failure", "permanent-resolver-failure"};
    return c < sizeof names / sizeof names[0] ? names[c] : "?";
}

/* Print "what: ok" or "what: <error>"; returns ok. */
static bool step(const char *what, bool ok, Code c)
{
    if (ok)
        say("%s: ok\n", what);
    else
        say("%s: %s\n", what, code_name(c));
    return ok;
}

static wasi_sockets_network_borrow_network_t nw(void)
{
    return wasi_sockets_network_borrow_network(net);
}

static Addr v4(uint8_t a, uint8_t b, uint8_t c, uint8_t d, uint16_t port)
{
    Addr x;
    memset(&x, 0, sizeof x);
    x.tag = WASI_SOCKETS_NETWORK_IP_SOCKET_ADDRESS_IPV4;
    x.val.ipv4.port = port;
    x.val.ipv4.address.f0 = a;
    x.val.ipv4.address.f1 = b;
    x.val.ipv4.address.f2 = c;
    x.val.ipv4.address.f3 = d;
    return x;
}

static int family = WASI_SOCKETS_NETWORK_IP_ADDRESS_FAMILY_IPV4;

/* The loopback address of the current family. */
static Addr loopback(uint16_t port)
{
    if (family == WASI_SOCKETS_NETWORK_IP_ADDRESS_FAMILY_IPV4)
        return v4(127, 0, 0, 1, port);
    Addr x;
    memset(&x, 0, sizeof x);
    x.tag = WASI_SOCKETS_NETWORK_IP_SOCKET_ADDRESS_IPV6;
    x.val.ipv6.port = port;
    x.val.ipv6.address.f7 = 1;
    return x;
}

static void addr_str(const Addr *a, char *buf, size_t cap)
{
    if (a->tag == WASI_SOCKETS_NETWORK_IP_SOCKET_ADDRESS_IPV4) {
        const wasi_sockets_network_ipv4_address_t *x = &a->val.ipv4.address;
        snprintf(buf, cap, "%u.%u.%u.%u", x->f0, x->f1, x->f2, x->f3);
    } else {
        const wasi_sockets_network_ipv6_address_t *x = &a->val.ipv6.address;
        snprintf(buf, cap, "%x:%x:%x:%x:%x:%x:%x:%x", x->f0, x->f1, x->f2, x->f3, x->f4, x->f5,
                 x->f6, x->f7);
    }
}

static uint16_t port_of(const Addr *a)
{
    return a->tag == WASI_SOCKETS_NETWORK_IP_SOCKET_ADDRESS_IPV4 ? a->val.ipv4.port
                                                                 : a->val.ipv6.port;
}

/* Block on a pollable, then drop it. */
static void wait_on(wasi_io_poll_own_pollable_t p)
{
    wasi_io_poll_method_pollable_block(wasi_io_poll_borrow_pollable(p));
    wasi_io_poll_pollable_drop_own(p);
}

static void wait_tcp(Tcp t) { wait_on(TCP(subscribe)(t)); }

typedef wasi_sockets_tcp_tuple2_own_input_stream_own_output_stream_t Streams;

/* Connect t to a; on success the streams in *s. */
static bool connect_to(Tcp t, Addr a, Streams *s, Code *c)
{
    if (!TCP(start_connect)(t, nw(), &a, c))
        return false;
    for (;;) {
        if (TCP(finish_connect)(t, s, c))
            return true;
        if (*c != WASI_SOCKETS_NETWORK_ERROR_CODE_WOULD_BLOCK)
            return false;
        wait_tcp(t);
    }
}

static void write_all(wasi_io_streams_borrow_output_stream_t o, const char *text)
{
    sockets_list_u8_t l = {(uint8_t *)text, strlen(text)};
    wasi_io_streams_stream_error_t e;
    if (!wasi_io_streams_method_output_stream_blocking_write_and_flush(o, &l, &e))
        say("write: failed\n");
}

/* Everything until the stream closes, NUL-terminated, in buf. */
static void read_all(wasi_io_streams_borrow_input_stream_t in, char *buf, size_t cap)
{
    size_t n = 0;
    for (;;) {
        sockets_list_u8_t l;
        wasi_io_streams_stream_error_t e;
        if (!wasi_io_streams_method_input_stream_blocking_read(in, 4096, &l, &e)) {
            if (e.tag != WASI_IO_STREAMS_STREAM_ERROR_CLOSED)
                say("read: failed\n");
            break;
        }
        size_t k = l.len < cap - 1 - n ? l.len : cap - 1 - n;
        memcpy(buf + n, l.ptr, k);
        n += k;
        sockets_list_u8_free(&l);
    }
    buf[n] = '\0';
}

static void drop_streams(Streams *s)
{
    wasi_io_streams_input_stream_drop_own(s->f0);
    wasi_io_streams_output_stream_drop_own(s->f1);
}

static bool new_tcp(wasi_sockets_tcp_own_tcp_socket_t *t, Code *c)
{
    return wasi_sockets_tcp_create_socket_create_tcp_socket((uint8_t)family, t, c);
}

static void tcp_connect(unsigned port, const char *msg)
{
    wasi_sockets_tcp_own_tcp_socket_t own;
    Code c;
    Streams s;
    if (!step("create", new_tcp(&own, &c), c))
        return;
    Tcp t = wasi_sockets_tcp_borrow_tcp_socket(own);
    if (step("connect", connect_to(t, v4(127, 0, 0, 1, (uint16_t)port), &s, &c), c)) {
        Addr local, remote;
        char a[64];
        if (TCP(local_address)(t, &local, &c) && TCP(remote_address)(t, &remote, &c)) {
            addr_str(&remote, a, sizeof a);
            say("remote: %s port-matches=%d local-port>0=%d\n", a, port_of(&remote) == port,
                port_of(&local) > 0);
        }
        write_all(wasi_io_streams_borrow_output_stream(s.f1), msg);
        step("shutdown send", TCP(shutdown)(t, WASI_SOCKETS_TCP_SHUTDOWN_TYPE_SEND, &c), c);
        char buf[4096];
        read_all(wasi_io_streams_borrow_input_stream(s.f0), buf, sizeof buf);
        say("echo: %s\n", buf);
        drop_streams(&s);
    }
    wasi_sockets_tcp_tcp_socket_drop_own(own);
}

static void tcp_listen(void)
{
    wasi_sockets_tcp_own_tcp_socket_t own;
    Code c;
    if (!new_tcp(&own, &c)) {
        say("create: %s\n", code_name(c));
        return;
    }
    Tcp t = wasi_sockets_tcp_borrow_tcp_socket(own);
    Addr any = v4(127, 0, 0, 1, 0), local;
    if (step("bind", TCP(start_bind)(t, nw(), &any, &c) && TCP(finish_bind)(t, &c), c) &&
        step("listen", TCP(start_listen)(t, &c) && TCP(finish_listen)(t, &c), c) &&
        TCP(local_address)(t, &local, &c)) {
        say("is-listening: %d\n", TCP(is_listening)(t));
        say("port %u\n", port_of(&local)); /* the driver connects to it */
        wasi_sockets_tcp_tuple3_own_tcp_socket_own_input_stream_own_output_stream_t acc;
        for (;;) {
            if (TCP(accept)(t, &acc, &c))
                break;
            if (c != WASI_SOCKETS_NETWORK_ERROR_CODE_WOULD_BLOCK) {
                say("accept: %s\n", code_name(c));
                wasi_sockets_tcp_tcp_socket_drop_own(own);
                return;
            }
            wait_tcp(t);
        }
        Tcp client = wasi_sockets_tcp_borrow_tcp_socket(acc.f0);
        Addr remote;
        char a[64] = "?";
        if (TCP(remote_address)(client, &remote, &c))
            addr_str(&remote, a, sizeof a);
        say("accepted: from %s, client listening: %d\n", a, TCP(is_listening)(client));
        char buf[2048], reply[2100];
        read_all(wasi_io_streams_borrow_input_stream(acc.f1), buf, sizeof buf);
        say("received: %s\n", buf);
        snprintf(reply, sizeof reply, "got: %s", buf);
        write_all(wasi_io_streams_borrow_output_stream(acc.f2), reply);
        wasi_io_streams_input_stream_drop_own(acc.f1);
        wasi_io_streams_output_stream_drop_own(acc.f2);
        wasi_sockets_tcp_tcp_socket_drop_own(acc.f0);
    }
    wasi_sockets_tcp_tcp_socket_drop_own(own);
}

/* The wasi:io side of a connection: check-write + write + flush, then
 * blocking-write-and-flush; a non-blocking read woken by the stream's
 * pollable; blocking-splice of the rest into stdout. */
static void tcp_io(unsigned port)
{
    wasi_sockets_tcp_own_tcp_socket_t own;
    Code c;
    Streams s;
    if (!step("create", new_tcp(&own, &c), c))
        return;
    Tcp t = wasi_sockets_tcp_borrow_tcp_socket(own);
    if (!step("connect", connect_to(t, loopback((uint16_t)port), &s, &c), c)) {
        wasi_sockets_tcp_tcp_socket_drop_own(own);
        return;
    }
    Addr remote;
    char a[64] = "?";
    if (TCP(remote_address)(t, &remote, &c))
        addr_str(&remote, a, sizeof a);
    say("address-family: %d, remote: %s\n", TCP(address_family)(t), a);
    wasi_io_streams_borrow_output_stream_t o = wasi_io_streams_borrow_output_stream(s.f1);
    wasi_io_streams_borrow_input_stream_t in = wasi_io_streams_borrow_input_stream(s.f0);
    wasi_io_streams_stream_error_t e;
    uint64_t room = 0;
    wasi_io_streams_method_output_stream_check_write(o, &room, &e);
    say("check-write >= 3: %d\n", room >= 3);
    sockets_list_u8_t abc = {(uint8_t *)"abc", 3}, rest = {(uint8_t *)"defgh", 5};
    say("write: %d\n", wasi_io_streams_method_output_stream_write(o, &abc, &e));
    say("flush: %d\n", wasi_io_streams_method_output_stream_flush(o, &e));
    say("blocking-write-and-flush: %d\n",
        wasi_io_streams_method_output_stream_blocking_write_and_flush(o, &rest, &e));
    step("shutdown send", TCP(shutdown)(t, WASI_SOCKETS_TCP_SHUTDOWN_TYPE_SEND, &c), c);
    char got[4] = "";
    size_t n = 0;
    wasi_io_poll_own_pollable_t p = wasi_io_streams_method_input_stream_subscribe(in);
    while (n < 3) {
        sockets_list_u8_t l;
        if (!wasi_io_streams_method_input_stream_read(in, 3 - n, &l, &e)) {
            say("read: failed\n");
            break;
        }
        if (l.len == 0)
            wasi_io_poll_method_pollable_block(wasi_io_poll_borrow_pollable(p));
        memcpy(got + n, l.ptr, l.len);
        n += l.len;
        sockets_list_u8_free(&l);
    }
    wasi_io_poll_pollable_drop_own(p);
    say("read: %s\nsplice: [", got);
    for (;;) {
        uint64_t moved;
        if (!wasi_io_streams_method_output_stream_blocking_splice(
                wasi_io_streams_borrow_output_stream(out), in, 100, &moved, &e)) {
            say("] %s\n", e.tag == WASI_IO_STREAMS_STREAM_ERROR_CLOSED ? "closed" : "failed");
            break;
        }
    }
    drop_streams(&s);
    step("shutdown both after drop", TCP(shutdown)(t, WASI_SOCKETS_TCP_SHUTDOWN_TYPE_BOTH, &c), c);
    wasi_sockets_tcp_tcp_socket_drop_own(own);
}

typedef wasi_sockets_udp_tuple2_own_incoming_datagram_stream_own_outgoing_datagram_stream_t
    Dgrams;

static bool new_udp_bound(wasi_sockets_udp_own_udp_socket_t *u, Code *c)
{
    if (!wasi_sockets_udp_create_socket_create_udp_socket((uint8_t)family, u, c))
        return false;
    Addr any = loopback(0);
    Udp b = wasi_sockets_udp_borrow_udp_socket(*u);
    if (UDP(start_bind)(b, nw(), &any, c) && UDP(finish_bind)(b, c))
        return true;
    wasi_sockets_udp_udp_socket_drop_own(*u);
    return false;
}

/* Send one datagram (to *to, or the connected peer when NULL). */
static bool send_dgram(wasi_sockets_udp_own_outgoing_datagram_stream_t o, const char *text,
                       const Addr *to, Code *c)
{
    wasi_sockets_udp_borrow_outgoing_datagram_stream_t b =
        wasi_sockets_udp_borrow_outgoing_datagram_stream(o);
    uint64_t permit = 0, sent = 0;
    while (permit == 0) {
        if (!wasi_sockets_udp_method_outgoing_datagram_stream_check_send(b, &permit, c))
            return false;
        if (permit == 0)
            wait_on(wasi_sockets_udp_method_outgoing_datagram_stream_subscribe(b));
    }
    wasi_sockets_udp_outgoing_datagram_t d;
    d.data.ptr = (uint8_t *)text;
    d.data.len = strlen(text);
    d.remote_address.is_some = to != NULL;
    if (to)
        d.remote_address.val = *to;
    wasi_sockets_udp_list_outgoing_datagram_t l = {&d, 1};
    if (!wasi_sockets_udp_method_outgoing_datagram_stream_send(b, &l, &sent, c))
        return false;
    return sent == 1;
}

/* Wait for one datagram; print it and return its source in *from. */
static bool recv_dgram(wasi_sockets_udp_own_incoming_datagram_stream_t i, const char *who,
                       Addr *from, Code *c)
{
    wasi_sockets_udp_borrow_incoming_datagram_stream_t b =
        wasi_sockets_udp_borrow_incoming_datagram_stream(i);
    for (;;) {
        wasi_sockets_udp_list_incoming_datagram_t l;
        if (!wasi_sockets_udp_method_incoming_datagram_stream_receive(b, 4, &l, c))
            return false;
        if (l.len) {
            *from = l.ptr[0].remote_address;
            say("%s received %u datagram(s): %.*s\n", who, (unsigned)l.len,
                (int)l.ptr[0].data.len, (char *)l.ptr[0].data.ptr);
            for (size_t k = 0; k < l.len; k++)
                sockets_list_u8_free(&l.ptr[k].data);
            free(l.ptr);
            return true;
        }
        wait_on(wasi_sockets_udp_method_incoming_datagram_stream_subscribe(b));
    }
}

static void udp(void)
{
    wasi_sockets_udp_own_udp_socket_t a, b;
    Code c;
    if (!step("bind a", new_udp_bound(&a, &c), c))
        return;
    if (!step("bind b", new_udp_bound(&b, &c), c)) {
        wasi_sockets_udp_udp_socket_drop_own(a);
        return;
    }
    Udp ua = wasi_sockets_udp_borrow_udp_socket(a), ub = wasi_sockets_udp_borrow_udp_socket(b);
    Addr la, lb, from, rb;
    UDP(local_address)(ua, &la, &c);
    UDP(local_address)(ub, &lb, &c);
    Dgrams sa, sb;
    step("stream a (any peer)", UDP(stream)(ua, NULL, &sa, &c), c);
    step("stream b (peer a)", UDP(stream)(ub, &la, &sb, &c), c);
    if (UDP(remote_address)(ub, &rb, &c))
        say("b remote is a: %d\n", port_of(&rb) == port_of(&la));
    step("a remote-address", UDP(remote_address)(ua, &rb, &c), c);
    step("b sends", send_dgram(sb.f1, "ping", NULL, &c), c);
    if (recv_dgram(sa.f0, "a", &from, &c))
        say("from b: %d\n", port_of(&from) == port_of(&lb));
    step("a replies", send_dgram(sa.f1, "pong", &lb, &c), c);
    recv_dgram(sb.f0, "b", &from, &c);
    Addr other = loopback(9);
    step("b sends elsewhere", send_dgram(sb.f1, "x", &other, &c), c);
    step("a sends without address", send_dgram(sa.f1, "x", NULL, &c), c);
    wasi_sockets_udp_incoming_datagram_stream_drop_own(sa.f0);
    wasi_sockets_udp_outgoing_datagram_stream_drop_own(sa.f1);
    wasi_sockets_udp_incoming_datagram_stream_drop_own(sb.f0);
    wasi_sockets_udp_outgoing_datagram_stream_drop_own(sb.f1);
    wasi_sockets_udp_udp_socket_drop_own(a);
    wasi_sockets_udp_udp_socket_drop_own(b);
}

static void churn(void)
{
    wasi_sockets_udp_own_udp_socket_t u;
    Code c;
    if (!step("bind", new_udp_bound(&u, &c), c))
        return;
    Udp b = wasi_sockets_udp_borrow_udp_socket(u);
    static wasi_io_poll_own_pollable_t ps[300];
    int ok = 0;
    for (int i = 0; i < 300; i++) {
        ps[i] = UDP(subscribe)(b);
        Dgrams d;
        if (UDP(stream)(b, NULL, &d, &c)) {
            ok++;
            wasi_sockets_udp_incoming_datagram_stream_drop_own(d.f0);
            wasi_sockets_udp_outgoing_datagram_stream_drop_own(d.f1);
        }
    }
    for (int i = 0; i < 300; i++)
        wasi_io_poll_pollable_drop_own(ps[i]);
    say("streams: %d of 300\n", ok);
    wasi_sockets_udp_udp_socket_drop_own(u);
}

/* The first error of a TCP connect and of a UDP send towards port. */
static void deny(unsigned port)
{
    Code c;
    wasi_sockets_tcp_own_tcp_socket_t t;
    Streams s;
    bool ok = new_tcp(&t, &c);
    if (ok) {
        ok = connect_to(wasi_sockets_tcp_borrow_tcp_socket(t), v4(127, 0, 0, 1, (uint16_t)port),
                        &s, &c);
        if (ok)
            drop_streams(&s);
        wasi_sockets_tcp_tcp_socket_drop_own(t);
    }
    step("tcp", ok, c);
    wasi_sockets_udp_own_udp_socket_t u;
    ok = new_udp_bound(&u, &c);
    if (ok) {
        Dgrams d;
        Addr to = v4(127, 0, 0, 1, (uint16_t)port);
        ok = UDP(stream)(wasi_sockets_udp_borrow_udp_socket(u), NULL, &d, &c);
        if (ok) {
            ok = send_dgram(d.f1, "x", &to, &c);
            wasi_sockets_udp_incoming_datagram_stream_drop_own(d.f0);
            wasi_sockets_udp_outgoing_datagram_stream_drop_own(d.f1);
        }
        wasi_sockets_udp_udp_socket_drop_own(u);
    }
    step("udp", ok, c);
}

static void dns(const char *name)
{
    sockets_string_t n = {(uint8_t *)name, strlen(name)};
    wasi_sockets_ip_name_lookup_own_resolve_address_stream_t rs;
    Code c;
    if (!step("resolve-addresses", wasi_sockets_ip_name_lookup_resolve_addresses(nw(), &n, &rs, &c),
              c))
        return;
    wasi_sockets_ip_name_lookup_borrow_resolve_address_stream_t b =
        wasi_sockets_ip_name_lookup_borrow_resolve_address_stream(rs);
    for (;;) {
        wasi_sockets_ip_name_lookup_option_ip_address_t ip;
        if (!wasi_sockets_ip_name_lookup_method_resolve_address_stream_resolve_next_address(
                b, &ip, &c)) {
            if (c == WASI_SOCKETS_NETWORK_ERROR_CODE_WOULD_BLOCK) {
                wait_on(wasi_sockets_ip_name_lookup_method_resolve_address_stream_subscribe(b));
                continue;
            }
            say("next: %s\n", code_name(c));
            break;
        }
        if (!ip.is_some)
            break;
        Addr a;
        memset(&a, 0, sizeof a);
        a.tag = ip.val.tag;
        if (ip.val.tag == WASI_SOCKETS_NETWORK_IP_ADDRESS_IPV4)
            a.val.ipv4.address = ip.val.val.ipv4;
        else
            a.val.ipv6.address = ip.val.val.ipv6;
        char s[64];
        addr_str(&a, s, sizeof s);
        say("address: %s\n", s);
    }
    wasi_sockets_ip_name_lookup_resolve_address_stream_drop_own(rs);
}

/* The errors the WIT documents for operations in the wrong state. */
static void states(void)
{
    wasi_sockets_tcp_own_tcp_socket_t own, own2;
    Code c;
    Addr a;
    Streams s;
    uint64_t u64;
    bool b;
    if (!step("create", new_tcp(&own, &c), c))
        return;
    Tcp t = wasi_sockets_tcp_borrow_tcp_socket(own);
    say("address-family: %d, is-listening: %d\n", TCP(address_family)(t), TCP(is_listening)(t));
    step("finish-bind before start", TCP(finish_bind)(t, &c), c);
    step("finish-connect before start", TCP(finish_connect)(t, &s, &c), c);
    step("finish-listen before start", TCP(finish_listen)(t, &c), c);
    step("local-address unbound", TCP(local_address)(t, &a, &c), c);
    step("remote-address unbound", TCP(remote_address)(t, &a, &c), c);
    step("listen unbound", TCP(start_listen)(t, &c), c);
    step("accept unbound", TCP(accept)(t, NULL, &c), c);
    step("shutdown unbound", TCP(shutdown)(t, WASI_SOCKETS_TCP_SHUTDOWN_TYPE_BOTH, &c), c);
    step("set-listen-backlog-size 0", TCP(set_listen_backlog_size)(t, 0, &c), c);
    step("set-hop-limit 0", TCP(set_hop_limit)(t, 0, &c), c);
    step("set-hop-limit 42", TCP(set_hop_limit)(t, 42, &c), c);
    uint8_t hop = 0;
    if (TCP(hop_limit)(t, &hop, &c))
        say("hop-limit: %u\n", hop);
    step("set-keep-alive-enabled", TCP(set_keep_alive_enabled)(t, true, &c), c);
    if (TCP(keep_alive_enabled)(t, &b, &c))
        say("keep-alive-enabled: %d\n", b);
    step("set-keep-alive-idle-time 0", TCP(set_keep_alive_idle_time)(t, 0, &c), c);
    step("set-keep-alive-idle-time 5s", TCP(set_keep_alive_idle_time)(t, 5000000000ull, &c), c);
    if (TCP(keep_alive_idle_time)(t, &u64, &c))
        say("keep-alive-idle-time: %llu\n", (unsigned long long)u64);
    step("set-keep-alive-interval 0", TCP(set_keep_alive_interval)(t, 0, &c), c);
    step("set-keep-alive-interval 1.5s", TCP(set_keep_alive_interval)(t, 1500000000ull, &c), c);
    if (TCP(keep_alive_interval)(t, &u64, &c))
        say("keep-alive-interval: %llu\n", (unsigned long long)u64);
    step("set-keep-alive-count 0", TCP(set_keep_alive_count)(t, 0, &c), c);
    step("set-keep-alive-count 3", TCP(set_keep_alive_count)(t, 3, &c), c);
    uint32_t cnt = 0;
    if (TCP(keep_alive_count)(t, &cnt, &c))
        say("keep-alive-count: %u\n", cnt);
    step("set-receive-buffer-size 0", TCP(set_receive_buffer_size)(t, 0, &c), c);
    step("set-receive-buffer-size 16384", TCP(set_receive_buffer_size)(t, 16384, &c), c);
    if (TCP(receive_buffer_size)(t, &u64, &c))
        say("receive-buffer-size >= 16384: %d\n", u64 >= 16384);
    step("set-send-buffer-size 65536", TCP(set_send_buffer_size)(t, 65536, &c), c);
    if (TCP(send_buffer_size)(t, &u64, &c))
        say("send-buffer-size > 0: %d\n", u64 > 0);
    Addr zero_port = v4(127, 0, 0, 1, 0), any = v4(0, 0, 0, 0, 80);
    step("connect to port 0", TCP(start_connect)(t, nw(), &zero_port, &c), c);
    step("connect to 0.0.0.0", TCP(start_connect)(t, nw(), &any, &c), c);
    Addr bind_to = v4(127, 0, 0, 1, 0);
    step("start-bind", TCP(start_bind)(t, nw(), &bind_to, &c), c);
    step("start-bind again", TCP(start_bind)(t, nw(), &bind_to, &c), c);
    step("local-address bind in progress", TCP(local_address)(t, &a, &c), c);
    step("finish-bind", TCP(finish_bind)(t, &c), c);
    step("finish-bind again", TCP(finish_bind)(t, &c), c);
    step("start-bind bound", TCP(start_bind)(t, nw(), &bind_to, &c), c);
    step("start-listen", TCP(start_listen)(t, &c), c);
    step("start-listen again", TCP(start_listen)(t, &c), c);
    step("finish-listen", TCP(finish_listen)(t, &c), c);
    say("is-listening: %d\n", TCP(is_listening)(t));
    step("accept none pending", TCP(accept)(t, NULL, &c), c);
    step("set-listen-backlog-size 10", TCP(set_listen_backlog_size)(t, 10, &c), c);
    step("connect listening", TCP(start_connect)(t, nw(), &bind_to, &c), c);
    Addr local;
    TCP(local_address)(t, &local, &c);
    /* A port nobody listens on: this one, once closed. */
    uint16_t closed_port = port_of(&local);
    wasi_sockets_tcp_tcp_socket_drop_own(own);
    if (!new_tcp(&own2, &c))
        return;
    t = wasi_sockets_tcp_borrow_tcp_socket(own2);
    step("connect refused", connect_to(t, v4(127, 0, 0, 1, closed_port), &s, &c), c);
    step("connect after failure", TCP(start_connect)(t, nw(), &bind_to, &c), c);
    wasi_sockets_tcp_tcp_socket_drop_own(own2);
    wasi_sockets_udp_own_udp_socket_t u;
    if (!wasi_sockets_udp_create_socket_create_udp_socket(
            WASI_SOCKETS_NETWORK_IP_ADDRESS_FAMILY_IPV4, &u, &c))
        return;
    Udp ub = wasi_sockets_udp_borrow_udp_socket(u);
    Dgrams d;
    step("udp stream unbound", UDP(stream)(ub, NULL, &d, &c), c);
    step("udp local-address unbound", UDP(local_address)(ub, &a, &c), c);
    step("udp finish-bind before start", UDP(finish_bind)(ub, &c), c);
    step("udp set-unicast-hop-limit 0", UDP(set_unicast_hop_limit)(ub, 0, &c), c);
    step("udp set-unicast-hop-limit 7", UDP(set_unicast_hop_limit)(ub, 7, &c), c);
    uint8_t uhop = 0;
    if (UDP(unicast_hop_limit)(ub, &uhop, &c))
        say("udp unicast-hop-limit: %u\n", uhop);
    say("udp address-family: %d\n", UDP(address_family)(ub));
    step("udp set-receive-buffer-size 0", UDP(set_receive_buffer_size)(ub, 0, &c), c);
    step("udp set-receive-buffer-size 8192", UDP(set_receive_buffer_size)(ub, 8192, &c), c);
    if (UDP(receive_buffer_size)(ub, &u64, &c))
        say("udp receive-buffer-size >= 8192: %d\n", u64 >= 8192);
    step("udp set-send-buffer-size 0", UDP(set_send_buffer_size)(ub, 0, &c), c);
    if (UDP(send_buffer_size)(ub, &u64, &c))
        say("udp send-buffer-size > 0: %d\n", u64 > 0);
    wasi_io_poll_own_pollable_t up = UDP(subscribe)(ub);
    say("udp subscribe ready: %d\n",
        wasi_io_poll_method_pollable_ready(wasi_io_poll_borrow_pollable(up)));
    wasi_io_poll_pollable_drop_own(up);
    step("udp remote-address unbound", UDP(remote_address)(ub, &a, &c), c);
    wasi_sockets_udp_udp_socket_drop_own(u);
}

/* A listener with backlog 1 that never accepts: two connections fill its
 * queue, the kernel drops the third's SYN, so that connect stays pending. */
static void pending(void)
{
    wasi_sockets_tcp_own_tcp_socket_t l, c[3];
    Code code;
    Addr local, any = v4(127, 0, 0, 1, 0);
    if (!new_tcp(&l, &code))
        return;
    Tcp lt = wasi_sockets_tcp_borrow_tcp_socket(l);
    if (!step("listen", TCP(start_bind)(lt, nw(), &any, &code) && TCP(finish_bind)(lt, &code) &&
                            TCP(set_listen_backlog_size)(lt, 1, &code) &&
                            TCP(start_listen)(lt, &code) && TCP(finish_listen)(lt, &code) &&
                            TCP(local_address)(lt, &local, &code),
              code))
        return;
    Streams s[3];
    for (int i = 0; i < 2; i++) {
        new_tcp(&c[i], &code);
        step("queued connect", connect_to(wasi_sockets_tcp_borrow_tcp_socket(c[i]), local, &s[i],
                                          &code),
             code);
    }
    new_tcp(&c[2], &code);
    Tcp t = wasi_sockets_tcp_borrow_tcp_socket(c[2]);
    step("start-connect", TCP(start_connect)(t, nw(), &local, &code), code);
    step("finish-connect", TCP(finish_connect)(t, &s[2], &code), code);
    step("start-connect again", TCP(start_connect)(t, nw(), &local, &code), code);
    step("start-listen while connecting", TCP(start_listen)(t, &code), code);
    step("remote-address while connecting", TCP(remote_address)(t, &local, &code), code);
    wasi_io_poll_own_pollable_t p = TCP(subscribe)(t);
    bool ready = wasi_io_poll_method_pollable_ready(wasi_io_poll_borrow_pollable(p));
    say("pollable ready: %d\n", ready);
    wasi_io_poll_pollable_drop_own(p);
    wasi_sockets_tcp_tcp_socket_drop_own(c[2]);
    for (int i = 0; i < 2; i++) {
        drop_streams(&s[i]);
        wasi_sockets_tcp_tcp_socket_drop_own(c[i]);
    }
    wasi_sockets_tcp_tcp_socket_drop_own(l);
}

bool exports_wasi_cli_run_run(void)
{
    out = wasi_cli_stdout_get_stdout();
    net = wasi_sockets_instance_network_instance_network();
    sockets_list_string_t args;
    wasi_cli_environment_get_arguments(&args);
    char mode[64] = "", a1[256] = "", a2[256] = "";
    if (args.len > 1)
        snprintf(mode, sizeof mode, "%.*s", (int)args.ptr[1].len, (char *)args.ptr[1].ptr);
    if (args.len > 2)
        snprintf(a1, sizeof a1, "%.*s", (int)args.ptr[2].len, (char *)args.ptr[2].ptr);
    if (args.len > 3)
        snprintf(a2, sizeof a2, "%.*s", (int)args.ptr[3].len, (char *)args.ptr[3].ptr);
    sockets_list_string_free(&args);
    if (!strcmp(mode, "tcp-connect"))
        tcp_connect((unsigned)atoi(a1), a2);
    else if (!strcmp(mode, "tcp-listen"))
        tcp_listen();
    else if (!strcmp(mode, "tcp-io")) {
        family = strcmp(a2, "v6") ? WASI_SOCKETS_NETWORK_IP_ADDRESS_FAMILY_IPV4
                                  : WASI_SOCKETS_NETWORK_IP_ADDRESS_FAMILY_IPV6;
        tcp_io((unsigned)atoi(a1));
    } else if (!strcmp(mode, "udp")) {
        if (!strcmp(a1, "v6"))
            family = WASI_SOCKETS_NETWORK_IP_ADDRESS_FAMILY_IPV6;
        udp();
    }
    else if (!strcmp(mode, "deny"))
        deny((unsigned)atoi(a1));
    else if (!strcmp(mode, "dns"))
        dns(a1);
    else if (!strcmp(mode, "states"))
        states();
    else if (!strcmp(mode, "pending"))
        pending();
    else if (!strcmp(mode, "churn"))
        churn();
    else
        say("usage: guest tcp-connect PORT MSG | tcp-io PORT v4|v6 | tcp-listen | udp [v6] | "
            "deny PORT | dns NAME | states | pending | churn\n");
    wasi_sockets_network_network_drop_own(net);
    wasi_io_streams_output_stream_drop_own(out);
    return true;
}
