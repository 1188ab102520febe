/* test_w2_net.c - the network grants of the WASI 0.2 host without wasm:
 * parsing --allow-net rules (w2_ctx_allow_net) and matching addresses for
 * bind and connect (w2_net_allowed, w2_net.h), the errno mapping, and a
 * socket stream read/written through the wasi:io logic (w2_io.h). */
#define _GNU_SOURCE
#include "w2_io.h"
#include "w2_net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

static W2Addr addr(const char *ip, int port)
{
    W2Addr a;
    memset(&a, 0, sizeof a);
    if (strchr(ip, ':')) {
        a.v6.sin6_family = AF_INET6;
        a.v6.sin6_port = htons((uint16_t)port);
        assert_int_equal(inet_pton(AF_INET6, ip, &a.v6.sin6_addr), 1);
    } else {
        a.v4.sin_family = AF_INET;
        a.v4.sin_port = htons((uint16_t)port);
        assert_int_equal(inet_pton(AF_INET, ip, &a.v4.sin_addr), 1);
    }
    return a;
}

static int allowed(W2Ctx *ctx, const char *ip, int port, int bind)
{
    W2Addr a = addr(ip, port);
    return w2_net_allowed(ctx, &a, bind);
}

static void test_nothing_granted(void **state)
{
    (void)state;
    W2Ctx *ctx = w2_ctx_new();
    assert_false(allowed(ctx, "127.0.0.1", 80, 0));
    assert_false(allowed(ctx, "127.0.0.1", 0, 1));
    w2_ctx_set_network(ctx, 1); /* everything */
    assert_true(allowed(ctx, "8.8.8.8", 53, 0));
    assert_true(allowed(ctx, "::", 0, 1));
    w2_ctx_set_network(ctx, 0); /* revoked */
    assert_false(allowed(ctx, "8.8.8.8", 53, 0));
    w2_ctx_free(ctx);
}

static void test_rules(void **state)
{
    (void)state;
    W2Ctx *ctx = w2_ctx_new();
    assert_int_equal(w2_ctx_allow_net(ctx, "127.0.0.1:8080"), CM_OK);
    assert_int_equal(w2_ctx_allow_net(ctx, "[::1]:*"), CM_OK);
    assert_int_equal(w2_ctx_allow_net(ctx, "*:53"), CM_OK);
    /* exact host and port */
    assert_true(allowed(ctx, "127.0.0.1", 8080, 0));
    assert_false(allowed(ctx, "127.0.0.1", 8081, 0));
    assert_false(allowed(ctx, "127.0.0.2", 8080, 0));
    /* an IPv4 rule is not its mapped IPv6 form */
    assert_false(allowed(ctx, "::ffff:127.0.0.1", 8080, 0));
    /* bind to an ephemeral port: the host is enough */
    assert_true(allowed(ctx, "127.0.0.1", 0, 1));
    assert_false(allowed(ctx, "127.0.0.1", 0, 0));
    /* ... any host, through "*:53" (a client binds 0.0.0.0:0 first) */
    assert_true(allowed(ctx, "10.0.0.1", 0, 1));
    /* the unspecified address only through a "*" host */
    assert_false(allowed(ctx, "0.0.0.0", 8080, 1));
    assert_true(allowed(ctx, "0.0.0.0", 53, 1));
    /* IPv6 any port; any host on port 53 */
    assert_true(allowed(ctx, "::1", 443, 0));
    assert_false(allowed(ctx, "::2", 443, 0));
    assert_true(allowed(ctx, "192.0.2.7", 53, 0));
    assert_true(allowed(ctx, "2001:db8::1", 53, 0));
    assert_false(allowed(ctx, "192.0.2.7", 54, 0));
    w2_ctx_free(ctx);
}

static void test_localhost(void **state)
{
    (void)state;
    W2Ctx *ctx = w2_ctx_new();
    assert_int_equal(w2_ctx_allow_net(ctx, "localhost:*"), CM_OK);
    assert_true(allowed(ctx, "127.0.0.1", 1, 0));
    assert_true(allowed(ctx, "127.9.9.9", 1, 0));
    assert_true(allowed(ctx, "::1", 1, 0));
    assert_false(allowed(ctx, "128.0.0.1", 1, 0));
    assert_false(allowed(ctx, "0.0.0.0", 0, 1));
    w2_ctx_free(ctx);
}

static void test_malformed(void **state)
{
    (void)state;
    W2Ctx *ctx = w2_ctx_new();
    static const char *const bad[] = {
        "", ":", "80", "127.0.0.1", "127.0.0.1:", ":80", "127.0.0.1:0", "127.0.0.1:65536",
        "127.0.0.1:-1", "127.0.0.1:+80", "127.0.0.1:8x", "1.2.3:80", "::1:80", "[::1]",
        "[::1:80", "example.com:80", "[127.0.0.1]:80", "**:80", "*:*:*"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        if (w2_ctx_allow_net(ctx, bad[i]) != CM_E_WASI_BAD_NET)
            fail_msg("accepted '%s'", bad[i]);
    }
    assert_false(allowed(ctx, "127.0.0.1", 80, 0)); /* nothing was added */
    assert_int_equal(w2_ctx_allow_net(ctx, "*:*"), CM_OK);
    assert_int_equal(w2_ctx_allow_net(ctx, "127.0.0.1:65535"), CM_OK);
    assert_true(allowed(ctx, "203.0.113.1", 1, 0));
    w2_ctx_free(ctx);
}

/* The mapping of the WIT's "Typical errors" (POSIX equivalents). */
static void test_errcodes(void **state)
{
    (void)state;
    static const struct {
        int e, code;
    } map[] = {
        {EACCES, W2NET_ACCESS_DENIED},        {EADDRINUSE, W2NET_ADDRESS_IN_USE},
        {EADDRNOTAVAIL, W2NET_ADDRESS_NOT_BINDABLE}, {ECONNREFUSED, W2NET_CONNECTION_REFUSED},
        {ECONNRESET, W2NET_CONNECTION_RESET}, {ECONNABORTED, W2NET_CONNECTION_ABORTED},
        {ETIMEDOUT, W2NET_TIMEOUT},           {EHOSTUNREACH, W2NET_REMOTE_UNREACHABLE},
        {ENETUNREACH, W2NET_REMOTE_UNREACHABLE}, {EMFILE, W2NET_NEW_SOCKET_LIMIT},
        {EAGAIN, W2NET_WOULD_BLOCK},          {EMSGSIZE, W2NET_DATAGRAM_TOO_LARGE},
        {EISCONN, W2NET_INVALID_STATE},       {EINVAL, W2NET_INVALID_ARGUMENT},
        {ENOBUFS, W2NET_OUT_OF_MEMORY},       {EIO, W2NET_UNKNOWN},
    };
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        assert_int_equal(w2_net_errcode(map[i].e), map[i].code);
}

/* A TCP connection's streams through the wasi:io logic: non-blocking read
 * of nothing is empty, blocking read waits for the peer's bytes, the end
 * is "closed", a write reaches the peer. */
static void test_socket_stream(void **state)
{
    (void)state;
    int sv[2];
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv), 0);
    W2Stream s, o; /* the input and the output stream of one connection */
    w2_stream_init(&s, W2S_SOCKET, sv[0], 0, 0);
    w2_stream_init(&o, W2S_SOCKET, sv[0], 0, 0);
    uint8_t *buf;
    size_t n;
    int e = 0;
    assert_int_equal(w2_stream_read(&s, 10, 0, 0, &buf, &n, &e), W2ST_OK);
    assert_int_equal(n, 0);
    free(buf);
    W2Poll p;
    w2_stream_pollable(&s, 0, &p);
    assert_int_equal(p.kind, W2P_FD_IN);
    assert_true(p.owns_fd);
    assert_false(w2_poll_ready(&p));
    assert_int_equal(write(sv[1], "abc", 3), 3);
    assert_true(w2_poll_ready(&p));
    close(p.fd);
    assert_int_equal(w2_stream_read(&s, 10, 1, 0, &buf, &n, &e), W2ST_OK);
    assert_int_equal(n, 3);
    assert_memory_equal(buf, "abc", 3);
    free(buf);
    assert_int_equal(w2_stream_write(&o, (const uint8_t *)"xy", 2, &e), W2ST_OK);
    char got[4] = {0};
    assert_int_equal(read(sv[1], got, sizeof got), 2);
    assert_string_equal(got, "xy");
    close(sv[1]);
    assert_int_equal(w2_stream_read(&s, 10, 1, 0, &buf, &n, &e), W2ST_CLOSED);
    free(buf);
    /* the peer is gone: a write fails (EPIPE, no SIGPIPE) */
    assert_int_equal(w2_stream_write(&o, (const uint8_t *)"z", 1, &e), W2ST_FAILED);
    assert_int_equal(e, EPIPE);
    close(sv[0]);
}

/* A peer that never reads: a write waits for room only until the stream's
 * deadline. */
static void test_socket_write_deadline(void **state)
{
    (void)state;
    int sv[2];
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv), 0);
    W2Stream o;
    w2_stream_init(&o, W2S_SOCKET, sv[0], 0, 0);
    o.deadline = w2_now_ns() + 50 * 1000000u;
    static uint8_t big[1 << 16];
    int e = 0;
    W2Status st = W2ST_OK;
    for (int i = 0; i < 1000 && st == W2ST_OK; i++) /* fills the socket's buffers */
        st = w2_stream_write(&o, big, sizeof big, &e);
    assert_int_equal(st, W2ST_TIMEOUT);
    assert_true(w2_now_ns() >= o.deadline);
    close(sv[0]);
    close(sv[1]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nothing_granted), cmocka_unit_test(test_rules),
        cmocka_unit_test(test_localhost),       cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_errcodes),        cmocka_unit_test(test_socket_stream),
        cmocka_unit_test(test_socket_write_deadline),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
