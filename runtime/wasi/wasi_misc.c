/* wasi_misc.c - the rest of wasi_snapshot_preview1: args and environ,
 * clocks, random_get, poll_oneoff, proc_exit/proc_raise, sched_yield and
 * the sock_* functions (no sockets can be opened, so they answer notsup). */
#define _GNU_SOURCE
#include "wasi_int.h"

#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CTX ((WasiCtx *)user)

/* ---- args and environ: the same layout twice ---- */

static int sizes(WrCaller *c, char *const *v, size_t n, uint32_t out_n, uint32_t out_size)
{
    uint64_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += strlen(v[i]) + 1;
    if (total > UINT32_MAX)
        return WE_OVERFLOW;
    int e = wasi_put32(c, out_n, (uint32_t)n);
    return e ? e : wasi_put32(c, out_size, (uint32_t)total);
}

static int strings(WrCaller *c, char *const *v, size_t n, uint32_t ptrs, uint32_t buf)
{
    uint8_t *p = wr_caller_mem(c, ptrs, (uint64_t)n * 4);
    if (!p)
        return WE_FAULT;
    uint64_t at = buf;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(v[i]) + 1;
        uint8_t *dst = wr_caller_mem(c, at, len);
        if (!dst)
            return WE_FAULT;
        memcpy(dst, v[i], len);
        wasi_st32(p + 4 * i, (uint32_t)at);
        at += len;
    }
    return WE_SUCCESS;
}

static int args_sizes_get(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    return wasi_ret(r, sizes(c, CTX->argv, CTX->argc, a[0].u32, a[1].u32));
}

static int args_get(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    return wasi_ret(r, strings(c, CTX->argv, CTX->argc, a[0].u32, a[1].u32));
}

static int environ_sizes_get(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    return wasi_ret(r, sizes(c, CTX->env, CTX->nenv, a[0].u32, a[1].u32));
}

static int environ_get(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    return wasi_ret(r, strings(c, CTX->env, CTX->nenv, a[0].u32, a[1].u32));
}

/* ---- clocks ---- */

static int host_clock(uint32_t id, clockid_t *out)
{
    static const clockid_t ids[4] = {CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID,
                                     CLOCK_THREAD_CPUTIME_ID};
    if (id > 3)
        return WE_INVAL;
    *out = ids[id];
    return WE_SUCCESS;
}

static uint64_t now_ns(clockid_t id)
{
    struct timespec t;
    clock_gettime(id, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static int clock_res_get(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    (void)user;
    clockid_t id;
    int e = host_clock(a[0].u32, &id);
    if (e)
        return wasi_ret(r, e);
    struct timespec t;
    if (clock_getres(id, &t) < 0)
        return wasi_ret(r, wasi_errno(errno));
    return wasi_ret(r, wasi_put64(c, a[1].u32, (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec));
}

static int clock_time_get(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    (void)user;
    clockid_t id;
    int e = host_clock(a[0].u32, &id);
    if (e)
        return wasi_ret(r, e);
    return wasi_ret(r, wasi_put64(c, a[2].u32, now_ns(id)));
}

/* ---- random ---- */

static int random_get(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    (void)user;
    uint8_t *p = wr_caller_mem(c, a[0].u32, a[1].u32);
    if (!p)
        return wasi_ret(r, WE_FAULT);
    size_t left = a[1].u32;
    while (left) {
        ssize_t n = getrandom(p, left, 0);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return wasi_ret(r, wasi_errno(errno));
        }
        p += n;
        left -= (size_t)n;
    }
    return wasi_ret(r, WE_SUCCESS);
}

/* ---- poll_oneoff ---- */

enum { WASI_MAX_SUBS = 65536, EVENT_SIZE = 32, EV_CLOCK = 0, EV_FD_READ = 1, EV_FD_WRITE = 2 };

/* Where a subscription's fields are: preview 1 (48 bytes, clock id at 16)
 * or snapshot 0 (56 bytes: a u64 "identifier" comes first, id at 24).  The
 * clock's timeout is 8 bytes after the id, its flags 24 bytes after. */
typedef struct SubLayout {
    uint32_t size, clock;
} SubLayout;
static const SubLayout layouts[2] = {{48, 16}, {56, 24}};

typedef struct Sub {
    uint64_t userdata;
    uint8_t tag;
    uint64_t deadline;  /* clock: monotonic ns */
    int pollidx;        /* fd: index in the pollfd array, or -1 when the fd is bad */
    int host;
} Sub;

static void put_event(uint8_t *ev, uint64_t userdata, uint16_t err, uint8_t type, uint64_t nbytes,
                      uint16_t flags)
{
    memset(ev, 0, EVENT_SIZE);
    wasi_st64(ev, userdata);
    wasi_st16(ev + 8, err);
    ev[10] = type;
    wasi_st64(ev + 16, nbytes);
    wasi_st16(ev + 24, flags);
}

/* Bytes readable now on a host fd (0 when unknown). */
static uint64_t readable(int fd)
{
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
        off_t pos = lseek(fd, 0, SEEK_CUR);
        return pos >= 0 && st.st_size > pos ? (uint64_t)(st.st_size - pos) : 0;
    }
    int n = 0;
    return ioctl(fd, FIONREAD, &n) == 0 && n > 0 ? (uint64_t)n : 0;
}

/* Decode the subscriptions; WE_INVAL for an unknown tag or clock. */
static int decode_subs(WasiCtx *ctx, const uint8_t *in, uint32_t n, const SubLayout *lay, Sub *subs,
                       struct pollfd *pfd, int *out_npfd)
{
    uint64_t mono = now_ns(CLOCK_MONOTONIC), real = now_ns(CLOCK_REALTIME);
    int npfd = 0;
    for (uint32_t i = 0; i < n; i++) {
        const uint8_t *s = in + (size_t)i * lay->size;
        Sub *sb = &subs[i];
        sb->userdata = wasi_ld64(s);
        sb->tag = s[8];
        sb->pollidx = -1;
        if (sb->tag == EV_CLOCK) {
            uint32_t id = wasi_ld32(s + lay->clock);
            uint64_t t = wasi_ld64(s + lay->clock + 8);
            int abs = wasi_ld16(s + lay->clock + 24) & 1;
            if (id > 3)
                return WE_INVAL;
            if (!abs)
                sb->deadline = t > UINT64_MAX - mono ? UINT64_MAX : mono + t;
            else if (id == 0) /* realtime: convert to the monotonic clock */
                sb->deadline = t <= real ? mono : (t - real > UINT64_MAX - mono ? UINT64_MAX : mono + (t - real));
            else
                sb->deadline = t;
        } else if (sb->tag == EV_FD_READ || sb->tag == EV_FD_WRITE) {
            WasiFd *f = wasi_fd_get(ctx, wasi_ld32(s + 16));
            if (f) {
                sb->host = f->host;
                sb->pollidx = npfd;
                pfd[npfd].fd = f->host;
                pfd[npfd].events = sb->tag == EV_FD_READ ? POLLIN : POLLOUT;
                pfd[npfd].revents = 0;
                npfd++;
            }
        } else {
            return WE_INVAL;
        }
    }
    *out_npfd = npfd;
    return WE_SUCCESS;
}

/* Write the events that are ready; returns their number. */
static uint32_t collect(const Sub *subs, uint32_t n, const struct pollfd *pfd, uint8_t *out, int clocks)
{
    uint64_t mono = now_ns(CLOCK_MONOTONIC);
    uint32_t k = 0;
    for (uint32_t i = 0; i < n; i++) {
        const Sub *s = &subs[i];
        uint8_t *ev = out + (size_t)k * EVENT_SIZE;
        if (s->tag == EV_CLOCK) {
            if (clocks && s->deadline <= mono) {
                put_event(ev, s->userdata, 0, EV_CLOCK, 0, 0);
                k++;
            }
        } else if (s->pollidx < 0) {
            put_event(ev, s->userdata, WE_BADF, s->tag, 0, 0);
            k++;
        } else if (pfd[s->pollidx].revents) {
            short re = pfd[s->pollidx].revents;
            uint16_t err = re & POLLNVAL ? WE_BADF : 0;
            uint64_t nb = s->tag == EV_FD_READ ? readable(s->host) : 0;
            put_event(ev, s->userdata, err, s->tag, nb, re & POLLHUP ? 1 : 0);
            k++;
        }
    }
    return k;
}

int wasi_poll(WrCaller *c, WasiCtx *ctx, const WrVal *a, WrVal *r, int snapshot0)
{
    const SubLayout *lay = &layouts[snapshot0 ? 1 : 0];
    uint32_t n = a[2].u32;
    /* Bounded so that a guest cannot make the host allocate gigabytes. */
    if (n == 0 || n > WASI_MAX_SUBS)
        return wasi_ret(r, WE_INVAL);
    const uint8_t *in = wr_caller_mem(c, a[0].u32, (uint64_t)n * lay->size);
    uint8_t *out = wr_caller_mem(c, a[1].u32, (uint64_t)n * EVENT_SIZE);
    if (!in || !out)
        return wasi_ret(r, WE_FAULT);
    Sub *subs = malloc((size_t)n * sizeof *subs);
    struct pollfd *pfd = malloc((size_t)n * sizeof *pfd);
    int npfd = 0, e = subs && pfd ? WE_SUCCESS : WE_NOMEM;
    if (!e)
        e = decode_subs(ctx, in, n, lay, subs, pfd, &npfd);
    uint32_t k = 0;
    int timed_out = 0;
    while (!e) {
        /* Sleep until the first clock, the context deadline, or an fd. */
        uint64_t first = UINT64_MAX, mono = now_ns(CLOCK_MONOTONIC);
        for (uint32_t i = 0; i < n; i++) {
            if (subs[i].tag == EV_CLOCK && subs[i].deadline < first)
                first = subs[i].deadline;
            if (subs[i].tag != EV_CLOCK && subs[i].pollidx < 0)
                first = mono; /* a bad fd is an event right now */
        }
        int capped = ctx->deadline_ns && ctx->deadline_ns < first;
        if (capped)
            first = ctx->deadline_ns;
        struct timespec ts, *tsp = NULL;
        if (first != UINT64_MAX) {
            uint64_t wait = first > mono ? first - mono : 0;
            ts.tv_sec = (time_t)(wait / 1000000000u);
            ts.tv_nsec = (long)(wait % 1000000000u);
            tsp = &ts;
        }
        int got = ppoll(pfd, (nfds_t)npfd, tsp, NULL);
        if (got < 0 && errno != EINTR) {
            e = wasi_errno(errno);
            break;
        }
        k = collect(subs, n, pfd, out, 1);
        if (k)
            break;
        if (capped && now_ns(CLOCK_MONOTONIC) >= ctx->deadline_ns) {
            timed_out = 1;
            break;
        }
    }
    free(subs);
    free(pfd);
    if (timed_out)
        return wr_caller_trap(c, "timeout: deadline exceeded while the guest slept");
    if (e)
        return wasi_ret(r, e);
    return wasi_ret(r, wasi_put32(c, a[3].u32, k));
}

static int poll_oneoff(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    return wasi_poll(c, CTX, a, r, 0);
}

/* ---- processes, scheduling, sockets ---- */

static int proc_exit(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    (void)r;
    (void)user;
    return wr_caller_exit(c, a[0].i32);
}

static int proc_raise(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    (void)c, (void)a, (void)user;
    return wasi_ret(r, WE_NOSYS);
}

static int sched_yield_(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    (void)c, (void)a, (void)user;
    sched_yield();
    return wasi_ret(r, WE_SUCCESS);
}

static int sock_any(WrCaller *c, const WrVal *a, WrVal *r, void *user)
{
    (void)c;
    return wasi_ret(r, wasi_fd_get(CTX, a[0].u32) ? WE_NOTSUP : WE_BADF);
}

const WasiFuncDef wasi_defs_misc[] = {
    {"args_get", "ii:i", args_get},
    {"args_sizes_get", "ii:i", args_sizes_get},
    {"environ_get", "ii:i", environ_get},
    {"environ_sizes_get", "ii:i", environ_sizes_get},
    {"clock_res_get", "ii:i", clock_res_get},
    {"clock_time_get", "iIi:i", clock_time_get},
    {"random_get", "ii:i", random_get},
    {"poll_oneoff", "iiii:i", poll_oneoff},
    {"proc_exit", "i:", proc_exit},
    {"proc_raise", "i:i", proc_raise},
    {"sched_yield", ":i", sched_yield_},
    {"sock_accept", "iii:i", sock_any},
    {"sock_recv", "iiiiii:i", sock_any},
    {"sock_send", "iiiii:i", sock_any},
    {"sock_shutdown", "ii:i", sock_any},
    {NULL, NULL, NULL},
};
