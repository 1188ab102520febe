/* wasi2.h - the WASI 0.2 host (wasi:cli, io, clocks, random, filesystem,
 * sockets, http) over the component runtime's host API (wrun_component.h).
 *
 * A W2Ctx holds what one component may see, with the same options as the
 * preview-1 WasiCtx (wasi.h) so that a CLI can build both from one set of
 * flags:
 *
 *     W2Ctx *w2 = w2_ctx_new();
 *     w2_ctx_set_args(w2, argc, argv);
 *     w2_ctx_add_env(w2, "LANG=C");            granted variables only
 *     if (w2_ctx_preopen(w2, "./data", "/data", &err)) ... report err ...
 *     w2_ctx_link(w2, linker);                 define every wasi:*@0.2.x import
 *     ... instantiate, call wasi:cli/run.run ...
 *     w2_ctx_exit_code(w2, &code);             if the guest called exit
 *     w2_ctx_free(w2);                         after the engine is done
 *
 * The sandbox is the preview-1 host's (runtime/wasi/wasi_sandbox.h): only
 * preopened directories are reachable; "..", absolute paths and symlinks
 * that lead out of a preopen are refused with error-code "not-permitted".
 *
 * Network policy: every wasi:sockets import links, and nothing is granted
 * by default.  Without any address grant (w2_ctx_allow_net) creating a
 * socket answers "access-denied"; with grants, sockets are real
 * non-blocking host sockets, and every address one binds to, connects to
 * or sends to must match a grant ("access-denied" otherwise).  Name
 * lookup needs its own grant (w2_ctx_allow_dns).  wasi:http/outgoing-handler.handle always answers
 * HTTP-request-denied; the wasi:http/types resources (fields, requests,
 * responses) work in memory so that guests can build them.
 */
#ifndef WASI2_H
#define WASI2_H

#include "err.h"

#include <stddef.h>
#include <stdint.h>

typedef struct W2Ctx W2Ctx;

/* A context with no args, no env, the process's stdio, no preopens and no
 * network, or NULL when out of memory.  Owned by the caller (w2_ctx_free). */
W2Ctx *w2_ctx_new(void);
/* Frees every resource the guest left open (never the host's stdio). */
void w2_ctx_free(W2Ctx *ctx);

/* The guest's arguments (copied); argv[0] is the program name. */
CmErr w2_ctx_set_args(W2Ctx *ctx, int argc, const char *const *argv);
/* Grant one variable "KEY=VALUE" (copied); a later grant of the same key
 * replaces it.  Without '=' returns CM_E_WASI_BAD_ENV. */
CmErr w2_ctx_add_env(W2Ctx *ctx, const char *kv);
/* Grant every variable of environ_ (NULL-terminated). */
CmErr w2_ctx_inherit_env(W2Ctx *ctx, char **environ_);
/* Use host fds in/out/err as the guest's stdin/stdout/stderr (never closed
 * by the context). */
void w2_ctx_set_stdio(W2Ctx *ctx, int in, int out, int err);
/* Preopen host directory host_dir under guest_name (NULL: the host path).
 * Fills err (detail: the path and the system's reason). */
CmErr w2_ctx_preopen(W2Ctx *ctx, const char *host_dir, const char *guest_name, CmError *err);
/* The initial working directory reported by wasi:cli/environment (copied;
 * NULL: none, the default). */
CmErr w2_ctx_set_cwd(W2Ctx *ctx, const char *cwd);
/* Grant the addresses spec names (copied): "HOST:PORT", "HOST:*",
 * "*:PORT" or "*", where HOST is an IPv4 literal, a bracketed IPv6 literal
 * ("[::1]:8080"), "localhost" (every loopback address) or "*".  A grant
 * covers both ends: addresses the guest may connect or send to, and local
 * addresses it may bind to (binding port 0, an ephemeral port, needs only
 * the host to match).  The unspecified address (0.0.0.0, ::) matches only
 * host "*" or itself.  CM_E_WASI_BAD_NET when spec is malformed. */
CmErr w2_ctx_allow_net(W2Ctx *ctx, const char *spec);
/* Grant wasi:sockets/ip-name-lookup (the host's resolver). */
void w2_ctx_allow_dns(W2Ctx *ctx, int allowed);
/* granted: every address and name lookup (as w2_ctx_allow_net(ctx, "*")
 * and w2_ctx_allow_dns(ctx, 1)); 0: revoke all network grants. */
void w2_ctx_set_network(W2Ctx *ctx, int granted);
/* A deadline on the monotonic clock (ns, 0 = none): no blocking call sleeps
 * past it. */
void w2_ctx_set_deadline(W2Ctx *ctx, uint64_t monotonic_ns);

struct WrcLinker;
/* Define every wasi:*@0.2.12 function and resource type in lk (imports at
 * any 0.2.x match them); ctx must outlive the instances made with lk. */
CmErr w2_ctx_link(W2Ctx *ctx, struct WrcLinker *lk);

/* Number of functions w2_ctx_link defines and their "interface#name"
 * (without version), for listings and tests. */
unsigned w2_func_count(void);
/* Writes "iface#name" into buf (cap bytes); NULL past the end. */
const char *w2_func_name(unsigned i, char *buf, size_t cap);

/* Whether the guest called wasi:cli/exit, and with which code (exit(ok) is
 * 0, exit(err) is 1, exit-with-code(n) is n). */
int w2_ctx_exit_code(const W2Ctx *ctx, int *out_code);

#endif
