/* clocks.c - sanity of clocks, random_get, poll_oneoff and the small
 * calls; prints "ok NAME" or "FAIL NAME ..." and exits 1 on a failure. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

/* proc_raise left wasi-libc's header; import it by hand. */
__attribute__((import_module("wasi_snapshot_preview1"), import_name("proc_raise")))
int32_t raw_proc_raise(int32_t sig);

static int failures;

static void check(int ok, const char *name, long long detail)
{
    if (ok)
        printf("ok %s\n", name);
    else
        printf("FAIL %s (%lld)\n", name, detail);
    failures += !ok;
}

static __wasi_timestamp_t now(__wasi_clockid_t id)
{
    __wasi_timestamp_t t = 0;
    if (__wasi_clock_time_get(id, 1, &t))
        return 0;
    return t;
}

static int sleep_ns(uint64_t ns, int abs)
{
    __wasi_subscription_t s;
    memset(&s, 0, sizeof s);
    s.userdata = 42;
    s.u.tag = __WASI_EVENTTYPE_CLOCK;
    s.u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
    s.u.u.clock.timeout = abs ? now(__WASI_CLOCKID_MONOTONIC) + ns : ns;
    s.u.u.clock.flags = abs ? __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME : 0;
    __wasi_event_t ev;
    __wasi_size_t n = 0;
    int e = __wasi_poll_oneoff(&s, &ev, 1, &n);
    return e ? -e : (n == 1 && ev.userdata == 42 && ev.type == __WASI_EVENTTYPE_CLOCK && !ev.error) ? 0 : -1000;
}

int main(void)
{
    __wasi_timestamp_t real = now(__WASI_CLOCKID_REALTIME);
    check(real > 1600000000ull * 1000000000ull, "realtime after 2020", (long long)(real / 1000000000ull));
    __wasi_timestamp_t m1 = now(__WASI_CLOCKID_MONOTONIC), m2 = now(__WASI_CLOCKID_MONOTONIC);
    check(m1 && m2 >= m1, "monotonic", (long long)(m2 - m1));
    check(now(__WASI_CLOCKID_PROCESS_CPUTIME_ID) > 0, "process cputime", 0);
    check(now(__WASI_CLOCKID_THREAD_CPUTIME_ID) > 0, "thread cputime", 0);
    __wasi_timestamp_t res = 0;
    int e = __wasi_clock_res_get(__WASI_CLOCKID_MONOTONIC, &res);
    check(!e && res > 0 && res <= 1000000, "resolution", (long long)res);
    __wasi_timestamp_t t;
    check(__wasi_clock_time_get(9, 1, &t) == __WASI_ERRNO_INVAL, "unknown clock is inval", 0);

    uint8_t a[32], b[32], zero[32] = {0};
    e = __wasi_random_get(a, sizeof a) | __wasi_random_get(b, sizeof b);
    check(!e && memcmp(a, b, 32) && memcmp(a, zero, 32), "random differs", e);

    __wasi_timestamp_t t0 = now(__WASI_CLOCKID_MONOTONIC);
    e = sleep_ns(50000000, 0);
    __wasi_timestamp_t dt = now(__WASI_CLOCKID_MONOTONIC) - t0;
    check(!e && dt >= 50000000 && dt < 5000000000ull, "relative sleep 50ms", (long long)dt);
    t0 = now(__WASI_CLOCKID_MONOTONIC);
    e = sleep_ns(30000000, 1);
    dt = now(__WASI_CLOCKID_MONOTONIC) - t0;
    check(!e && dt >= 30000000 && dt < 5000000000ull, "absolute sleep 30ms", (long long)dt);

    /* stdout (a file or pipe in the tests) is writable at once, long
     * before the 10 s clock. */
    __wasi_subscription_t s[2];
    memset(s, 0, sizeof s);
    s[0].userdata = 1;
    s[0].u.tag = __WASI_EVENTTYPE_CLOCK;
    s[0].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
    s[0].u.u.clock.timeout = 10000000000ull;
    s[1].userdata = 2;
    s[1].u.tag = __WASI_EVENTTYPE_FD_WRITE;
    s[1].u.u.fd_write.file_descriptor = 1;
    __wasi_event_t ev[2];
    __wasi_size_t n = 0;
    t0 = now(__WASI_CLOCKID_MONOTONIC);
    e = __wasi_poll_oneoff(s, ev, 2, &n);
    dt = now(__WASI_CLOCKID_MONOTONIC) - t0;
    check(!e && n == 1 && ev[0].userdata == 2 && ev[0].type == __WASI_EVENTTYPE_FD_WRITE &&
              dt < 5000000000ull, "poll stdout writable", (long long)n);
    s[1].u.u.fd_write.file_descriptor = 55;
    e = __wasi_poll_oneoff(s, ev, 2, &n);
    check(!e && n == 1 && ev[0].userdata == 2 && ev[0].error == __WASI_ERRNO_BADF, "poll bad fd", e);
    check(__wasi_poll_oneoff(s, ev, 0, &n) == __WASI_ERRNO_INVAL, "poll no subscriptions", 0);

    check(raw_proc_raise(6) == __WASI_ERRNO_NOSYS, "proc_raise nosys", 0);
    check(__wasi_sched_yield() == 0, "sched_yield", 0);
    __wasi_fd_t fd;
    check(__wasi_sock_accept(0, 0, &fd) == __WASI_ERRNO_NOTSUP, "sock_accept notsup", 0);
    check(__wasi_sock_shutdown(0, __WASI_SDFLAGS_RD) == __WASI_ERRNO_NOTSUP, "sock_shutdown notsup", 0);
    return failures ? 1 : 0;
}
