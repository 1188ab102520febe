/* w2_bind_io.c - wasi:io@0.2 (error, poll, streams) bound to the component
 * runtime; the logic is in w2_io.c. */
#include "w2_bind.h"
#include "w2_io.h"

#include <stdlib.h>
#include <string.h>

/* ---- wasi:io/error ---- */

W2FN(error_to_debug_string)
{
    (void)nargs;
    W2Obj *o = w2_arg(CTX, &args[0], W2K_ERROR);
    if (!o)
        return w2_bad_handle(call);
    *result = wrc_strdup(call, o->u.error.msg, strlen(o->u.error.msg));
    return 0;
}

/* ---- wasi:io/poll ---- */

/* A new pollable object; 0 when out of memory. */
static uint32_t pollable_new(W2Ctx *ctx, const W2Poll *p)
{
    uint32_t rep;
    W2Obj *o = w2_obj_new(ctx, W2K_POLLABLE, &rep);
    if (!o)
        return 0;
    o->u.poll = *p;
    return rep;
}

/* Return own<pollable> for p. */
static int ret_pollable(W2Ctx *ctx, WrcCall *call, WrcVal *result, const W2Poll *p)
{
    uint32_t rep = pollable_new(ctx, p);
    if (!rep)
        return w2_oom(call);
    *result = w2_own(ctx, W2R_POLLABLE, rep);
    return 0;
}

W2FN(pollable_ready)
{
    (void)nargs;
    W2Obj *o = w2_arg(CTX, &args[0], W2K_POLLABLE);
    if (!o)
        return w2_bad_handle(call);
    *result = wrc_bool(w2_poll_ready(&o->u.poll));
    return 0;
}

static int deadline_trap(WrcCall *call)
{
    return wrc_trap(call, "timeout: the program's deadline passed while it was waiting");
}

W2FN(pollable_block)
{
    (void)nargs;
    (void)result;
    W2Obj *o = w2_arg(CTX, &args[0], W2K_POLLABLE);
    if (!o)
        return w2_bad_handle(call);
    W2Poll p = o->u.poll;
    const W2Poll *ps[1] = {&p};
    uint32_t idx;
    size_t n;
    return w2_poll_wait(CTX, ps, 1, &idx, &n) ? deadline_trap(call) : 0;
}

W2FN(poll_poll)
{
    (void)nargs;
    const WrcVal *list = &args[0];
    uint32_t n = list->u.list.n;
    if (n == 0) /* wasmtime traps: waiting on nothing would never return */
        return wrc_trap(call, "poll: the list of pollables is empty");
    W2Poll *copy = calloc(n, sizeof *copy);
    const W2Poll **ps = calloc(n, sizeof *ps);
    uint32_t *idx = wrc_alloc(call, (size_t)n * sizeof *idx);
    int rc = 0;
    if (!copy || !ps || !idx) {
        rc = w2_oom(call);
        goto done;
    }
    for (uint32_t i = 0; i < n; i++) {
        W2Obj *o = w2_arg(CTX, &list->u.list.elems[i], W2K_POLLABLE);
        if (!o) {
            rc = w2_bad_handle(call);
            goto done;
        }
        copy[i] = o->u.poll;
        ps[i] = &copy[i];
    }
    size_t k;
    if (w2_poll_wait(CTX, ps, n, idx, &k)) {
        rc = deadline_trap(call);
        goto done;
    }
    WrcVal *out = wrc_vals(call, (uint32_t)k);
    if (!out) {
        rc = w2_oom(call);
        goto done;
    }
    for (size_t i = 0; i < k; i++)
        out[i] = wrc_u32(idx[i]);
    *result = wrc_list(out, (uint32_t)k);
done:
    free(copy);
    free(ps);
    return rc;
}

/* ---- wasi:io/streams ---- */

static W2Stream *stream_arg(W2Ctx *ctx, const WrcVal *v, W2Kind k)
{
    W2Obj *o = w2_arg(ctx, v, k);
    return o ? &o->u.stream : NULL;
}

static int read_common(WrcCall *call, const WrcVal *args, WrcVal *result, void *user,
                       int blocking)
{
    W2Stream *s = stream_arg(CTX, &args[0], W2K_INPUT);
    if (!s)
        return w2_bad_handle(call);
    uint8_t *buf;
    size_t n;
    int e = 0;
    W2Status st = w2_stream_read(s, args[1].u.u64, blocking, CTX->deadline_ns, &buf, &n, &e);
    if (st == W2ST_TIMEOUT)
        return deadline_trap(call);
    if (st)
        return w2_stream_err(CTX, call, result, st == W2ST_CLOSED, e);
    uint8_t *copy = n ? wrc_alloc(call, n) : NULL;
    if (n && !copy) {
        free(buf);
        return w2_oom(call);
    }
    if (n)
        memcpy(copy, buf, n);
    free(buf);
    WrcVal v = wrc_bytes(copy, (uint32_t)n);
    return w2_ok(call, result, &v);
}

W2FN(input_read)
{
    (void)nargs;
    return read_common(call, args, result, user, 0);
}

W2FN(input_blocking_read)
{
    (void)nargs;
    return read_common(call, args, result, user, 1);
}

static int skip_common(WrcCall *call, const WrcVal *args, WrcVal *result, void *user,
                       int blocking)
{
    W2Stream *s = stream_arg(CTX, &args[0], W2K_INPUT);
    if (!s)
        return w2_bad_handle(call);
    uint64_t n;
    int e = 0;
    W2Status st = w2_stream_skip(s, args[1].u.u64, blocking, CTX->deadline_ns, &n, &e);
    if (st == W2ST_TIMEOUT)
        return deadline_trap(call);
    if (st)
        return w2_stream_err(CTX, call, result, st == W2ST_CLOSED, e);
    WrcVal v = wrc_u64(n);
    return w2_ok(call, result, &v);
}

W2FN(input_skip)
{
    (void)nargs;
    return skip_common(call, args, result, user, 0);
}

W2FN(input_blocking_skip)
{
    (void)nargs;
    return skip_common(call, args, result, user, 1);
}

static int subscribe_common(WrcCall *call, const WrcVal *args, WrcVal *result, void *user,
                            W2Kind k)
{
    W2Stream *s = stream_arg(CTX, &args[0], k);
    if (!s)
        return w2_bad_handle(call);
    W2Poll p;
    w2_stream_pollable(s, k == W2K_OUTPUT, &p);
    return ret_pollable(CTX, call, result, &p);
}

W2FN(input_subscribe)
{
    (void)nargs;
    return subscribe_common(call, args, result, user, W2K_INPUT);
}

W2FN(output_subscribe)
{
    (void)nargs;
    return subscribe_common(call, args, result, user, W2K_OUTPUT);
}

/* result<_, stream-error> of a write; a socket that had no room before the
 * program's deadline traps, as a blocking read does. */
static int write_result(W2Ctx *ctx, WrcCall *call, WrcVal *result, W2Status st, int e)
{
    if (st == W2ST_TIMEOUT)
        return deadline_trap(call);
    return st ? w2_stream_err(ctx, call, result, st == W2ST_CLOSED, e) : w2_ok(call, result, NULL);
}

W2FN(output_check_write)
{
    (void)nargs;
    W2Stream *s = stream_arg(CTX, &args[0], W2K_OUTPUT);
    if (!s)
        return w2_bad_handle(call);
    uint64_t n;
    if (w2_stream_check_write(s, &n))
        return w2_stream_err(CTX, call, result, 1, 0);
    WrcVal v = wrc_u64(n);
    return w2_ok(call, result, &v);
}

W2FN(output_write)
{
    (void)nargs;
    W2Stream *s = stream_arg(CTX, &args[0], W2K_OUTPUT);
    if (!s)
        return w2_bad_handle(call);
    /* write may not exceed what check-write granted (the WIT's rule). */
    if (args[1].u.bytes.len > W2_WRITE_BUDGET)
        return wrc_trap(call, "output-stream.write: more than check-write permitted");
    int e = 0;
    W2Status st = w2_stream_write(s, args[1].u.bytes.ptr, args[1].u.bytes.len, &e);
    return write_result(CTX, call, result, st, e);
}

W2FN(output_blocking_write_and_flush)
{
    (void)nargs;
    W2Stream *s = stream_arg(CTX, &args[0], W2K_OUTPUT);
    if (!s)
        return w2_bad_handle(call);
    /* The WIT caps one blocking write at 4096 bytes; wasmtime traps past it. */
    if (args[1].u.bytes.len > 4096)
        return wrc_trap(call, "blocking-write-and-flush: more than 4096 bytes");
    int e = 0;
    W2Status st = w2_stream_write(s, args[1].u.bytes.ptr, args[1].u.bytes.len, &e);
    return write_result(CTX, call, result, st, e);
}

/* flush and blocking-flush: nothing is buffered; a closed stream says so. */
W2FN(output_flush)
{
    (void)nargs;
    W2Stream *s = stream_arg(CTX, &args[0], W2K_OUTPUT);
    if (!s)
        return w2_bad_handle(call);
    return s->closed ? w2_stream_err(CTX, call, result, 1, 0) : w2_ok(call, result, NULL);
}

W2FN(output_write_zeroes)
{
    (void)nargs;
    W2Stream *s = stream_arg(CTX, &args[0], W2K_OUTPUT);
    if (!s)
        return w2_bad_handle(call);
    int e = 0;
    W2Status st = w2_stream_write_zeroes(s, args[1].u.u64, &e);
    return write_result(CTX, call, result, st, e);
}

static int splice_common(WrcCall *call, const WrcVal *args, WrcVal *result, void *user,
                         int blocking)
{
    W2Stream *out = stream_arg(CTX, &args[0], W2K_OUTPUT);
    W2Stream *in = stream_arg(CTX, &args[1], W2K_INPUT);
    if (!out || !in)
        return w2_bad_handle(call);
    uint64_t n;
    int e = 0;
    W2Status st = w2_stream_splice(out, in, args[2].u.u64, blocking, CTX->deadline_ns, &n, &e);
    if (st == W2ST_TIMEOUT)
        return deadline_trap(call);
    if (st)
        return w2_stream_err(CTX, call, result, st == W2ST_CLOSED, e);
    WrcVal v = wrc_u64(n);
    return w2_ok(call, result, &v);
}

W2FN(output_splice)
{
    (void)nargs;
    return splice_common(call, args, result, user, 0);
}

W2FN(output_blocking_splice)
{
    (void)nargs;
    return splice_common(call, args, result, user, 1);
}

int w2_ret_clock_pollable(W2Ctx *ctx, WrcCall *call, WrcVal *result, uint64_t deadline)
{
    W2Poll p = {.kind = W2P_CLOCK, .fd = -1, .deadline = deadline};
    return ret_pollable(ctx, call, result, &p);
}

#define IO_ERR "wasi:io/error"
#define IO_POLL "wasi:io/poll"
#define IO_STR "wasi:io/streams"
const W2Def w2_defs_io[] = {
    {IO_ERR, "[method]error.to-debug-string", error_to_debug_string},
    {IO_POLL, "[method]pollable.ready", pollable_ready},
    {IO_POLL, "[method]pollable.block", pollable_block},
    {IO_POLL, "poll", poll_poll},
    {IO_STR, "[method]input-stream.read", input_read},
    {IO_STR, "[method]input-stream.blocking-read", input_blocking_read},
    {IO_STR, "[method]input-stream.skip", input_skip},
    {IO_STR, "[method]input-stream.blocking-skip", input_blocking_skip},
    {IO_STR, "[method]input-stream.subscribe", input_subscribe},
    {IO_STR, "[method]output-stream.check-write", output_check_write},
    {IO_STR, "[method]output-stream.write", output_write},
    {IO_STR, "[method]output-stream.blocking-write-and-flush", output_blocking_write_and_flush},
    {IO_STR, "[method]output-stream.flush", output_flush},
    {IO_STR, "[method]output-stream.blocking-flush", output_flush},
    {IO_STR, "[method]output-stream.subscribe", output_subscribe},
    {IO_STR, "[method]output-stream.write-zeroes", output_write_zeroes},
    {IO_STR, "[method]output-stream.blocking-write-zeroes-and-flush", output_write_zeroes},
    {IO_STR, "[method]output-stream.splice", output_splice},
    {IO_STR, "[method]output-stream.blocking-splice", output_blocking_splice},
    {NULL, NULL, NULL},
};
