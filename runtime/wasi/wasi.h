/* wasi.h - the WASI preview-1 host ("wasi_snapshot_preview1") over wrun.h.
 *
 * A WasiCtx holds what one guest program may see: its arguments, the
 * environment variables granted to it, its stdio, the directories preopened
 * for it, and the table of open descriptors.  Typical use:
 *
 *     WasiCtx *wasi = wasi_ctx_new();
 *     wasi_ctx_set_args(wasi, argc, argv);
 *     wasi_ctx_add_env(wasi, "LANG=C");
 *     if (wasi_ctx_preopen(wasi, "./data", "/data", &err)) ... report err ...
 *     wasi_ctx_link(wasi, linker);    define every preview-1 import
 *     ... instantiate, call "_start" ...
 *     wasi_ctx_free(wasi);            after the engine is done with it
 *
 * Guest fds 0-2 are the host's stdio (or the fds given to
 * wasi_ctx_set_stdio), 3.. the preopens in the order they were added.
 *
 * The sandbox: only preopened directories are reachable; absolute paths,
 * "..", and symlinks that lead out of the preopen are refused with "perm"
 * (see wasi_sandbox.h).  Errno values are those of the snapshot_preview1
 * witx.  Guest memory is always accessed through wr_caller_mem, so an
 * out-of-bounds pointer gives errno "fault" (21) and never a host crash.
 */
#ifndef WASI_H
#define WASI_H

#include "err.h"
#include "wrun.h"

typedef struct WasiCtx WasiCtx;

/* A context with no args, no env, the process's stdio and no preopens, or
 * NULL when out of memory.  Owned by the caller (wasi_ctx_free). */
WasiCtx *wasi_ctx_new(void);
/* Closes every descriptor the context opened (never the host's stdio). */
void wasi_ctx_free(WasiCtx *ctx);

/* The guest's argv (copied); argv[0] is the program name. */
CmErr wasi_ctx_set_args(WasiCtx *ctx, int argc, const char *const *argv);
/* Grant one variable "KEY=VALUE" (copied).  Without '=' returns
 * CM_E_WASI_BAD_ENV. */
CmErr wasi_ctx_add_env(WasiCtx *ctx, const char *kv);
/* Grant every variable of the host environment. */
CmErr wasi_ctx_inherit_env(WasiCtx *ctx, char **environ_);
/* Use host fds in/out/err as guest 0/1/2 (not closed by the context). */
void wasi_ctx_set_stdio(WasiCtx *ctx, int in, int out, int err);
/* Preopen host directory host_dir under the guest name guest_name (NULL:
 * the host path).  Fills err (detail: the path and the system's reason). */
CmErr wasi_ctx_preopen(WasiCtx *ctx, const char *host_dir, const char *guest_name, CmError *err);
/* A deadline on the monotonic clock (ns, 0 = none): poll_oneoff never
 * sleeps past it, and a sleep cut short by it traps with "timeout". */
void wasi_ctx_set_deadline(WasiCtx *ctx, uint64_t monotonic_ns);

/* Define every wasi_snapshot_preview1 function in lk under the module
 * names "wasi_snapshot_preview1" and, for older binaries, "wasi_unstable"
 * (snapshot 0: same functions, a few different layouts); ctx must outlive
 * the instances. */
CmErr wasi_ctx_link(WasiCtx *ctx, WrLinker *lk);

/* Resolve guest paths with the component walk even where openat2 exists
 * (for tests of the fallback; the default uses openat2 when it can).
 * Affects the whole process. */
void wasi_use_path_walk(int on);

/* Number of preview-1 functions defined by wasi_ctx_link and their names
 * (for listings and tests). */
unsigned wasi_func_count(void);
const char *wasi_func_name(unsigned i);

#endif
