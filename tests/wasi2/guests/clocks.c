/* clocks.c - the wall clock is near the host's, the monotonic clock
 * advances, a 50 ms sleep (poll on a clock pollable) lasts at least that
 * long.  Prints "ok NAME" or "FAIL NAME ...". */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static int64_t ns(clockid_t c)
{
    struct timespec t;
    clock_gettime(c, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

int main(int argc, char **argv)
{
    int64_t host_now = argc > 1 ? atoll(argv[1]) : 0; /* seconds since 1970 */
    int64_t wall = ns(CLOCK_REALTIME) / 1000000000;
    if (host_now && (wall < host_now - 60 || wall > host_now + 60))
        printf("FAIL wall %lld vs %lld\n", (long long)wall, (long long)host_now);
    else
        printf("ok wall\n");
    struct timespec res;
    clock_getres(CLOCK_MONOTONIC, &res);
    printf("%s resolution\n", res.tv_sec == 0 && res.tv_nsec > 0 && res.tv_nsec <= 1000000 ? "ok" : "FAIL");
    int64_t a = ns(CLOCK_MONOTONIC);
    struct timespec d = {0, 50000000};
    nanosleep(&d, NULL);
    int64_t b = ns(CLOCK_MONOTONIC);
    if (b - a >= 50000000 && b - a < 5000000000LL)
        printf("ok sleep\n");
    else
        printf("FAIL sleep %lld ns\n", (long long)(b - a));
    return 0;
}
