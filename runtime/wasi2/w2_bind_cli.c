/* w2_bind_cli.c - wasi:cli@0.2 (environment, exit, stdio, terminals),
 * wasi:clocks@0.2 (monotonic-clock, wall-clock) and wasi:random@0.2. */
#define _GNU_SOURCE
#include "w2_bind.h"
#include "w2_io.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

/* ---- wasi:cli/environment ---- */

W2FN(get_environment)
{
    (void)args;
    (void)nargs;
    uint32_t n = (uint32_t)CTX->nenv;
    WrcVal *pairs = wrc_vals(call, n);
    if (n && !pairs)
        return w2_oom(call);
    for (uint32_t i = 0; i < n; i++) {
        const char *kv = CTX->env[i];
        const char *eq = strchr(kv, '=');
        WrcVal *t = wrc_vals(call, 2);
        if (!t)
            return w2_oom(call);
        t[0] = wrc_strdup(call, kv, (size_t)(eq - kv));
        t[1] = wrc_strdup(call, eq + 1, strlen(eq + 1));
        pairs[i] = wrc_tuple(t, 2);
    }
    *result = wrc_list(pairs, n);
    return wrc_call_failed(call) ? w2_oom(call) : 0;
}

W2FN(get_arguments)
{
    (void)args;
    (void)nargs;
    uint32_t n = (uint32_t)CTX->argc;
    WrcVal *v = wrc_vals(call, n);
    if (n && !v)
        return w2_oom(call);
    for (uint32_t i = 0; i < n; i++)
        v[i] = wrc_strdup(call, CTX->argv[i], strlen(CTX->argv[i]));
    *result = wrc_list(v, n);
    return wrc_call_failed(call) ? w2_oom(call) : 0;
}

W2FN(initial_cwd)
{
    (void)args;
    (void)nargs;
    if (!CTX->cwd) {
        *result = wrc_none();
        return 0;
    }
    WrcVal *s = wrc_box(call, wrc_strdup(call, CTX->cwd, strlen(CTX->cwd)));
    if (!s)
        return w2_oom(call);
    *result = wrc_some(s);
    return 0;
}

/* ---- wasi:cli/exit ---- */

static int do_exit(WrcCall *call, W2Ctx *ctx, int code)
{
    ctx->exited = 1;
    ctx->exit_code = code;
    return wrc_exit(call, code);
}

W2FN(exit_exit)
{
    (void)nargs;
    (void)result;
    return do_exit(call, CTX, args[0].u.var.tag == 0 ? 0 : 1);
}

W2FN(exit_with_code)
{
    (void)nargs;
    (void)result;
    return do_exit(call, CTX, args[0].u.u8);
}

/* ---- wasi:cli/stdin, stdout, stderr: a new stream over the host fd ---- */

static int ret_stdio(WrcCall *call, W2Ctx *ctx, WrcVal *result, int which)
{
    uint32_t rep;
    W2Obj *o = w2_obj_new(ctx, which == 0 ? W2K_INPUT : W2K_OUTPUT, &rep);
    if (!o)
        return w2_oom(call);
    w2_stream_init(&o->u.stream, W2S_FD, ctx->stdio[which], 1, 0);
    *result = w2_own(ctx, which == 0 ? W2R_INPUT : W2R_OUTPUT, rep);
    return 0;
}

W2FN(get_stdin)
{
    (void)args;
    (void)nargs;
    return ret_stdio(call, CTX, result, 0);
}

W2FN(get_stdout)
{
    (void)args;
    (void)nargs;
    return ret_stdio(call, CTX, result, 1);
}

W2FN(get_stderr)
{
    (void)args;
    (void)nargs;
    return ret_stdio(call, CTX, result, 2);
}

/* No terminals: a guest sees its stdio as plain streams. */
W2FN(get_terminal_none)
{
    (void)call;
    (void)args;
    (void)nargs;
    (void)user;
    *result = wrc_none();
    return 0;
}

/* ---- wasi:clocks ---- */

static uint64_t ts_ns(const struct timespec *t)
{
    return (uint64_t)t->tv_sec * 1000000000u + (uint64_t)t->tv_nsec;
}

W2FN(mono_now)
{
    (void)call;
    (void)args;
    (void)nargs;
    (void)user;
    *result = wrc_u64(w2_now_ns());
    return 0;
}

W2FN(mono_resolution)
{
    (void)call;
    (void)args;
    (void)nargs;
    (void)user;
    struct timespec t;
    clock_getres(CLOCK_MONOTONIC, &t);
    *result = wrc_u64(ts_ns(&t));
    return 0;
}

W2FN(mono_subscribe_instant)
{
    (void)nargs;
    return w2_ret_clock_pollable(CTX, call, result, args[0].u.u64);
}

W2FN(mono_subscribe_duration)
{
    (void)nargs;
    uint64_t now = w2_now_ns(), d = args[0].u.u64;
    uint64_t at = d > UINT64_MAX - now ? UINT64_MAX : now + d;
    return w2_ret_clock_pollable(CTX, call, result, at);
}

static int ret_datetime(WrcCall *call, WrcVal *result, const struct timespec *t)
{
    WrcVal *f = wrc_vals(call, 2);
    if (!f)
        return w2_oom(call);
    f[0] = wrc_u64((uint64_t)t->tv_sec);
    f[1] = wrc_u32((uint32_t)t->tv_nsec);
    *result = wrc_record(f, 2);
    return 0;
}

W2FN(wall_now)
{
    (void)args;
    (void)nargs;
    (void)user;
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    return ret_datetime(call, result, &t);
}

W2FN(wall_resolution)
{
    (void)args;
    (void)nargs;
    (void)user;
    struct timespec t;
    clock_getres(CLOCK_REALTIME, &t);
    return ret_datetime(call, result, &t);
}

/* ---- wasi:random ---- */

static int fill_random(void *buf, size_t n)
{
    uint8_t *p = buf;
    while (n > 0) {
        ssize_t r = getrandom(p, n, 0);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += r;
        n -= (size_t)r;
    }
    return 0;
}

/* Guests may ask for any length: cap it so one call cannot exhaust the
 * host (wasmtime does not cap, but a u64 length cannot be honoured). */
enum { RANDOM_MAX = 64 * 1024 * 1024 };

W2FN(random_bytes)
{
    (void)nargs;
    (void)user;
    uint64_t n = args[0].u.u64;
    if (n > RANDOM_MAX)
        return wrc_trap(call, "get-random-bytes: %llu bytes is more than this host gives at once",
                        (unsigned long long)n);
    uint8_t *buf = n ? wrc_alloc(call, (size_t)n) : NULL;
    if (n && !buf)
        return w2_oom(call);
    if (fill_random(buf, (size_t)n))
        return wrc_trap(call, "getrandom: %s", strerror(errno));
    *result = wrc_bytes(buf, (uint32_t)n);
    return 0;
}

W2FN(random_u64)
{
    (void)args;
    (void)nargs;
    (void)user;
    uint64_t v;
    if (fill_random(&v, sizeof v))
        return wrc_trap(call, "getrandom: %s", strerror(errno));
    *result = wrc_u64(v);
    return 0;
}

W2FN(insecure_seed)
{
    (void)args;
    (void)nargs;
    W2Ctx *ctx = CTX;
    if (!ctx->have_seed) {
        if (fill_random(ctx->seed, sizeof ctx->seed))
            return wrc_trap(call, "getrandom: %s", strerror(errno));
        ctx->have_seed = 1;
    }
    WrcVal *t = wrc_vals(call, 2);
    if (!t)
        return w2_oom(call);
    t[0] = wrc_u64(ctx->seed[0]);
    t[1] = wrc_u64(ctx->seed[1]);
    *result = wrc_tuple(t, 2);
    return 0;
}

const W2Def w2_defs_cli[] = {
    {"wasi:cli/environment", "get-environment", get_environment},
    {"wasi:cli/environment", "get-arguments", get_arguments},
    {"wasi:cli/environment", "initial-cwd", initial_cwd},
    {"wasi:cli/exit", "exit", exit_exit},
    {"wasi:cli/exit", "exit-with-code", exit_with_code},
    {"wasi:cli/stdin", "get-stdin", get_stdin},
    {"wasi:cli/stdout", "get-stdout", get_stdout},
    {"wasi:cli/stderr", "get-stderr", get_stderr},
    {"wasi:cli/terminal-stdin", "get-terminal-stdin", get_terminal_none},
    {"wasi:cli/terminal-stdout", "get-terminal-stdout", get_terminal_none},
    {"wasi:cli/terminal-stderr", "get-terminal-stderr", get_terminal_none},
    {"wasi:clocks/monotonic-clock", "now", mono_now},
    {"wasi:clocks/monotonic-clock", "resolution", mono_resolution},
    {"wasi:clocks/monotonic-clock", "subscribe-instant", mono_subscribe_instant},
    {"wasi:clocks/monotonic-clock", "subscribe-duration", mono_subscribe_duration},
    {"wasi:clocks/wall-clock", "now", wall_now},
    {"wasi:clocks/wall-clock", "resolution", wall_resolution},
    {"wasi:random/random", "get-random-bytes", random_bytes},
    {"wasi:random/random", "get-random-u64", random_u64},
    {"wasi:random/insecure", "get-insecure-random-bytes", random_bytes},
    {"wasi:random/insecure", "get-insecure-random-u64", random_u64},
    {"wasi:random/insecure-seed", "insecure-seed", insecure_seed},
    {NULL, NULL, NULL},
};
