/* w2_io.c - wasi:io/streams and wasi:io/poll over host fds (see w2_io.h).
 *
 * Output never buffers: write and blocking-write-and-flush both write all
 * bytes before returning, so check-write can always grant a fixed budget
 * and flush has nothing to do.  Input is read on demand: files with pread
 * at the stream's own offset (a dup()ed fd shares its position with the
 * descriptor, so positions are ours), stdin with read after a zero-timeout
 * poll when the caller must not block.  TCP streams (W2S_SOCKET) are read
 * the same way; their writes wait for room in the socket. */
#define _GNU_SOURCE
#include "w2_io.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

void w2_stream_init(W2Stream *s, W2StreamKind kind, int fd, int borrowed, uint64_t off)
{
    memset(s, 0, sizeof *s);
    s->kind = kind;
    s->fd = fd;
    s->borrowed_fd = borrowed;
    s->off = off;
}

static int fd_readable(int fd, int timeout_ms)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    int r;
    do
        r = poll(&p, 1, timeout_ms);
    while (r < 0 && errno == EINTR);
    return r != 0; /* an error counts as ready: the read reports it */
}

/* One read of up to len bytes into buf: >0 bytes, 0 at the end, -1 error. */
static ssize_t read_some(W2Stream *s, uint8_t *buf, size_t len)
{
    ssize_t r;
    do {
        if (s->kind == W2S_FILE)
            r = pread(s->fd, buf, len, (off_t)s->off);
        else
            r = read(s->fd, buf, len);
    } while (r < 0 && errno == EINTR);
    if (r > 0 && s->kind == W2S_FILE)
        s->off += (uint64_t)r;
    return r;
}

/* Wait until fd is readable; 0, or -1 when the deadline passed first. */
static int wait_readable(int fd, uint64_t deadline)
{
    for (;;) {
        int ms = -1;
        if (deadline) {
            uint64_t now = w2_now_ns();
            if (now >= deadline)
                return -1;
            uint64_t left = (deadline - now + 999999) / 1000000;
            ms = left > INT_MAX ? INT_MAX : (int)left;
        }
        if (fd_readable(fd, ms))
            return 0;
    }
}

W2Status w2_stream_read(W2Stream *s, uint64_t len, int blocking, uint64_t deadline, uint8_t **out,
                        size_t *out_n, int *out_errno)
{
    *out = NULL;
    *out_n = 0;
    if (s->closed || s->kind == W2S_EMPTY || s->kind == W2S_SINK)
        return W2ST_CLOSED;
    if (len == 0)
        return W2ST_OK;
    size_t want = len > W2_READ_MAX ? W2_READ_MAX : (size_t)len;
    int waits = s->kind == W2S_FD || s->kind == W2S_SOCKET;
    if (waits && !blocking && !fd_readable(s->fd, 0))
        return W2ST_OK;
    /* A socket is non-blocking: wait for it even without a deadline. */
    if (waits && blocking && (deadline || s->kind == W2S_SOCKET) &&
        wait_readable(s->fd, deadline))
        return W2ST_TIMEOUT;
    uint8_t *buf = malloc(want);
    if (!buf) {
        *out_errno = ENOMEM;
        return W2ST_FAILED;
    }
    ssize_t r = read_some(s, buf, want);
    if (r < 0 && errno == EAGAIN && s->kind == W2S_SOCKET) {
        free(buf); /* readable, yet nothing (a spurious wakeup): no bytes yet */
        return W2ST_OK;
    }
    if (r <= 0) {
        int e = errno;
        free(buf);
        s->closed = 1;
        if (r == 0)
            return W2ST_CLOSED;
        *out_errno = e;
        return W2ST_FAILED;
    }
    *out = buf;
    *out_n = (size_t)r;
    return W2ST_OK;
}

W2Status w2_stream_skip(W2Stream *s, uint64_t len, int blocking, uint64_t deadline,
                        uint64_t *out_n, int *out_errno)
{
    uint8_t *buf;
    size_t n;
    W2Status st = w2_stream_read(s, len, blocking, deadline, &buf, &n, out_errno);
    free(buf);
    *out_n = n;
    return st;
}

W2Status w2_stream_check_write(W2Stream *s, uint64_t *out_n)
{
    *out_n = 0;
    if (s->closed || s->kind == W2S_EMPTY)
        return W2ST_CLOSED;
    *out_n = W2_WRITE_BUDGET;
    return W2ST_OK;
}

static ssize_t write_some(W2Stream *s, const uint8_t *buf, size_t n)
{
    ssize_t r;
    do {
        if (s->kind == W2S_FILE) {
            r = pwrite(s->fd, buf, n, (off_t)s->off);
        } else if (s->kind == W2S_APPEND) {
            /* The shared position may be anywhere: seek first. */
            r = lseek(s->fd, 0, SEEK_END) < 0 ? -1 : write(s->fd, buf, n);
        } else if (s->kind == W2S_SOCKET) {
            /* A peer that went away is an error (EPIPE), not SIGPIPE. */
            r = send(s->fd, buf, n, MSG_NOSIGNAL);
        } else {
            r = write(s->fd, buf, n);
        }
    } while (r < 0 && errno == EINTR);
    if (r > 0 && s->kind == W2S_FILE)
        s->off += (uint64_t)r;
    return r;
}

/* Wait until fd has room; 0, or -1 when the deadline (0: none) passed. */
static int wait_writable(int fd, uint64_t deadline)
{
    int ms = -1;
    if (deadline) {
        uint64_t now = w2_now_ns();
        if (now >= deadline)
            return -1;
        uint64_t left = (deadline - now + 999999) / 1000000;
        ms = left > INT_MAX ? INT_MAX : (int)left;
    }
    struct pollfd p = {.fd = fd, .events = POLLOUT};
    (void)poll(&p, 1, ms);
    return 0;
}

W2Status w2_stream_write(W2Stream *s, const uint8_t *buf, size_t n, int *out_errno)
{
    if (s->closed || s->kind == W2S_EMPTY)
        return W2ST_CLOSED;
    if (s->kind == W2S_SINK)
        return W2ST_OK;
    while (n > 0) {
        ssize_t r = write_some(s, buf, n);
        if (r < 0) {
            if (errno == EAGAIN) { /* a non-blocking host fd: wait for room */
                if (wait_writable(s->fd, s->deadline))
                    return W2ST_TIMEOUT;
                continue;
            }
            *out_errno = errno;
            s->closed = 1;
            return W2ST_FAILED;
        }
        buf += r;
        n -= (size_t)r;
    }
    return W2ST_OK;
}

W2Status w2_stream_write_zeroes(W2Stream *s, uint64_t n, int *out_errno)
{
    static const uint8_t zeroes[4096];
    while (n > 0) {
        size_t k = n > sizeof zeroes ? sizeof zeroes : (size_t)n;
        W2Status st = w2_stream_write(s, zeroes, k, out_errno);
        if (st)
            return st;
        n -= k;
    }
    return W2ST_OK;
}

W2Status w2_stream_splice(W2Stream *out, W2Stream *in, uint64_t len, int blocking,
                          uint64_t deadline, uint64_t *out_n, int *out_errno)
{
    *out_n = 0;
    if (out->closed || out->kind == W2S_EMPTY)
        return W2ST_CLOSED;
    uint8_t *buf;
    size_t n;
    W2Status st = w2_stream_read(in, len, blocking, deadline, &buf, &n, out_errno);
    if (st) {
        free(buf);
        return st;
    }
    st = w2_stream_write(out, buf, n, out_errno);
    free(buf);
    if (!st)
        *out_n = n;
    return st;
}

void w2_stream_pollable(const W2Stream *s, int output, W2Poll *out)
{
    memset(out, 0, sizeof *out);
    out->kind = W2P_READY;
    out->fd = -1;
    /* Sockets are waited on through a dup of their own (w2_int.h: a
     * pollable may outlive its stream). */
    if (s->kind == W2S_SOCKET && !s->closed) {
        int d = fcntl(s->fd, F_DUPFD_CLOEXEC, 0);
        if (d >= 0) {
            out->kind = output ? W2P_FD_OUT : W2P_FD_IN;
            out->fd = d;
            out->owns_fd = 1;
        }
    }
    /* Regular files are always ready; pipes and terminals are waited on. */
    if (s->kind == W2S_FD && !s->closed) {
        struct stat st;
        if (fstat(s->fd, &st) == 0 && !S_ISREG(st.st_mode)) {
            out->kind = output ? W2P_FD_OUT : W2P_FD_IN;
            out->fd = s->fd;
        }
    }
}

static short poll_events(W2PollKind k)
{
    return k == W2P_FD_IN ? POLLIN : k == W2P_FD_OUT ? POLLOUT : POLLIN | POLLOUT;
}

int w2_poll_ready(const W2Poll *p)
{
    switch (p->kind) {
    case W2P_READY: return 1;
    case W2P_CLOCK: return w2_now_ns() >= p->deadline;
    case W2P_FD_IN:
    case W2P_FD_OUT:
    case W2P_FD_ANY: {
        struct pollfd q = {.fd = p->fd, .events = poll_events(p->kind)};
        return poll(&q, 1, 0) != 0;
    }
    }
    return 1;
}

/* Milliseconds to sleep until the earliest clock (rounded up), capped by
 * the context deadline; -1 when nothing bounds the wait. */
static int wait_ms(W2Ctx *ctx, const W2Poll *const *ps, size_t n, uint64_t now)
{
    uint64_t until = UINT64_MAX;
    for (size_t i = 0; i < n; i++)
        if (ps[i]->kind == W2P_CLOCK && ps[i]->deadline < until)
            until = ps[i]->deadline;
    if (ctx->deadline_ns && ctx->deadline_ns < until)
        until = ctx->deadline_ns;
    if (until == UINT64_MAX)
        return -1;
    if (until <= now)
        return 0;
    uint64_t ms = (until - now + 999999) / 1000000;
    return ms > INT_MAX ? INT_MAX : (int)ms;
}

int w2_poll_wait(W2Ctx *ctx, const W2Poll *const *ps, size_t n, uint32_t *out_idx,
                 size_t *out_n)
{
    struct pollfd *fds = calloc(n ? n : 1, sizeof *fds);
    int rc = 0;
    for (;;) {
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            if (w2_poll_ready(ps[i]))
                out_idx[k++] = (uint32_t)i;
        if (k) {
            *out_n = k;
            break;
        }
        uint64_t now = w2_now_ns();
        if (ctx->deadline_ns && now >= ctx->deadline_ns) {
            rc = -1;
            break;
        }
        size_t nf = 0;
        for (size_t i = 0; fds && i < n; i++) {
            if (ps[i]->kind == W2P_FD_IN || ps[i]->kind == W2P_FD_OUT ||
                ps[i]->kind == W2P_FD_ANY) {
                fds[nf].fd = ps[i]->fd;
                fds[nf].events = poll_events(ps[i]->kind);
                nf++;
            }
        }
        (void)poll(fds, nf, wait_ms(ctx, ps, n, now));
    }
    free(fds);
    return rc;
}
