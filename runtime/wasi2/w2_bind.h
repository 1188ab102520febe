/* w2_bind.h - what the binding files share: turning host objects into
 * resource handles and back, and building the result values that recur in
 * WASI 0.2 (result<T, error-code>, stream-error).  Every host function gets
 * the W2Ctx as its user pointer. */
#ifndef W2_BIND_H
#define W2_BIND_H

#include "w2_int.h"
#include "wrun_component.h"

#include <stdint.h>

#define CTX ((W2Ctx *)user)
#define W2FN(name)                                                                           \
    static int name(WrcCall *call, const WrcVal *args, uint32_t nargs, WrcVal *result,       \
                    void *user)

/* One host function: interface without version ("wasi:io/streams"), name
 * as the component model spells it ("[method]output-stream.write"). */
typedef struct W2Def {
    const char *iface;
    const char *name;
    WrcHostFn fn;
} W2Def;

/* The tables of each binding file, ended by a NULL iface. */
extern const W2Def w2_defs_io[];     /* w2_bind_io.c: error, poll, streams */
extern const W2Def w2_defs_cli[];    /* w2_bind_cli.c: cli, clocks, random */
extern const W2Def w2_defs_fs[];     /* w2_fs.c: filesystem descriptor methods */
extern const W2Def w2_defs_fs_at[];  /* w2_fs_at.c: the *-at methods, preopens */
extern const W2Def w2_defs_net[];    /* w2_net.c: network, instance-network */
extern const W2Def w2_defs_tcp[];    /* w2_tcp.c: tcp, tcp-create-socket */
extern const W2Def w2_defs_udp[];    /* w2_udp.c: udp, udp-create-socket */
extern const W2Def w2_defs_dns[];    /* w2_dns.c: ip-name-lookup */
extern const W2Def w2_defs_http[];   /* w2_http.c: http types, outgoing-handler */

/* The object behind a handle argument, or NULL (then trap). */
static inline uint32_t w2_rep(const WrcVal *v) { return (uint32_t)(uintptr_t)v->u.handle.rep; }
W2Obj *w2_arg(W2Ctx *ctx, const WrcVal *v, W2Kind k);

/* A new own handle for the object at rep (of resource type r). */
static inline WrcVal w2_own(W2Ctx *ctx, W2Res r, uint32_t rep)
{
    return wrc_own(ctx->rt[r], (void *)(uintptr_t)rep);
}

/* The trap for a handle this host did not make (a runtime bug). */
int w2_bad_handle(WrcCall *call);
/* The trap for an allocation failure. */
int w2_oom(WrcCall *call);

/* result<_, E> / result<T, E> with a value. */
int w2_ok(WrcCall *call, WrcVal *result, const WrcVal *payload);
/* result<_, error-code> err(code) of an enum error-code. */
int w2_err_enum(WrcCall *call, WrcVal *result, uint32_t code);
/* result<T, stream-error>: closed, or last-operation-failed(error) with a
 * new error resource describing host errno e. */
int w2_stream_err(W2Ctx *ctx, WrcCall *call, WrcVal *result, int closed, int e);

/* A new wasi:io/error object (message copied, fs_code W2_OK for none);
 * 0 when out of memory. */
uint32_t w2_error_new(W2Ctx *ctx, const char *msg, int fs_code);

/* Return own<pollable> ready at monotonic instant deadline (w2_bind_io.c). */
int w2_ret_clock_pollable(W2Ctx *ctx, WrcCall *call, WrcVal *result, uint64_t deadline);

#endif
