/* w2_link.c - defining the WASI 0.2 host in a component linker: the
 * resource types, every function table, and the provider the wrun CLI uses
 * (wrc_wasi2_provider).  Also the value helpers of w2_bind.h. */
#include "w2_bind.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define W2_VERSION "@0.2.12"

/* Resource types by (interface, name), in W2Res order. */
static const struct {
    const char *iface, *name;
} res_names[W2R__COUNT] = {
    [W2R_ERROR] = {"wasi:io/error", "error"},
    [W2R_POLLABLE] = {"wasi:io/poll", "pollable"},
    [W2R_INPUT] = {"wasi:io/streams", "input-stream"},
    [W2R_OUTPUT] = {"wasi:io/streams", "output-stream"},
    [W2R_TERMINAL_INPUT] = {"wasi:cli/terminal-input", "terminal-input"},
    [W2R_TERMINAL_OUTPUT] = {"wasi:cli/terminal-output", "terminal-output"},
    [W2R_DESCRIPTOR] = {"wasi:filesystem/types", "descriptor"},
    [W2R_DIRSTREAM] = {"wasi:filesystem/types", "directory-entry-stream"},
    [W2R_NETWORK] = {"wasi:sockets/network", "network"},
    [W2R_TCP_SOCKET] = {"wasi:sockets/tcp", "tcp-socket"},
    [W2R_UDP_SOCKET] = {"wasi:sockets/udp", "udp-socket"},
    [W2R_INCOMING_DATAGRAMS] = {"wasi:sockets/udp", "incoming-datagram-stream"},
    [W2R_OUTGOING_DATAGRAMS] = {"wasi:sockets/udp", "outgoing-datagram-stream"},
    [W2R_RESOLVE_STREAM] = {"wasi:sockets/ip-name-lookup", "resolve-address-stream"},
    [W2R_FIELDS] = {"wasi:http/types", "fields"},
    [W2R_INCOMING_REQUEST] = {"wasi:http/types", "incoming-request"},
    [W2R_OUTGOING_REQUEST] = {"wasi:http/types", "outgoing-request"},
    [W2R_REQUEST_OPTIONS] = {"wasi:http/types", "request-options"},
    [W2R_RESPONSE_OUTPARAM] = {"wasi:http/types", "response-outparam"},
    [W2R_INCOMING_RESPONSE] = {"wasi:http/types", "incoming-response"},
    [W2R_INCOMING_BODY] = {"wasi:http/types", "incoming-body"},
    [W2R_FUTURE_TRAILERS] = {"wasi:http/types", "future-trailers"},
    [W2R_OUTGOING_RESPONSE] = {"wasi:http/types", "outgoing-response"},
    [W2R_OUTGOING_BODY] = {"wasi:http/types", "outgoing-body"},
    [W2R_FUTURE_INCOMING_RESPONSE] = {"wasi:http/types", "future-incoming-response"},
};

static const W2Def *const tables[] = {w2_defs_io,  w2_defs_cli, w2_defs_fs,  w2_defs_fs_at,
                                      w2_defs_net, w2_defs_tcp, w2_defs_udp, w2_defs_dns,
                                      w2_defs_http};
enum { NTABLES = sizeof tables / sizeof tables[0] };

/* Every host object is released when the guest drops its last handle. */
static void drop_obj(void *rep, void *user) { w2_obj_free(CTX, (uint32_t)(uintptr_t)rep); }

static CmErr define(WrcLinker *lk, const char *iface, const char *name, WrcHostFn fn,
                    void *user)
{
    char full[128];
    snprintf(full, sizeof full, "%s%s", iface, W2_VERSION);
    return wrc_linker_func(lk, full, name, fn, user);
}

CmErr w2_ctx_link(W2Ctx *ctx, WrcLinker *lk)
{
    for (int r = 0; r < W2R__COUNT; r++) {
        char full[128];
        snprintf(full, sizeof full, "%s%s", res_names[r].iface, W2_VERSION);
        if (!(ctx->rt[r] = wrc_linker_resource(lk, full, res_names[r].name, drop_obj, ctx)))
            return CM_E_OOM;
    }
    for (int t = 0; t < NTABLES; t++) {
        for (const W2Def *d = tables[t]; d->iface; d++) {
            CmErr e = define(lk, d->iface, d->name, d->fn, ctx);
            if (e)
                return e;
        }
    }
    return CM_OK;
}

unsigned w2_func_count(void)
{
    unsigned n = 0;
    for (int t = 0; t < NTABLES; t++)
        for (const W2Def *d = tables[t]; d->iface; d++)
            n++;
    return n;
}

const char *w2_func_name(unsigned i, char *buf, size_t cap)
{
    for (int t = 0; t < NTABLES; t++) {
        for (const W2Def *d = tables[t]; d->iface; d++) {
            if (i-- == 0) {
                snprintf(buf, cap, "%s#%s", d->iface, d->name);
                return buf;
            }
        }
    }
    return NULL;
}

/* ---- the provider for the wrun CLI ---- */

/* One entry of the CLI's environment grants: "KEY=VALUE", or "KEY" for
 * the host's value of KEY (nothing when it has none), as the preview-1 CLI
 * reads --env.  Malformed inherited entries ("=x") are skipped. */
static CmErr grant_env(W2Ctx *ctx, const char *kv)
{
    if (strchr(kv, '=')) {
        CmErr e = w2_ctx_add_env(ctx, kv);
        return e == CM_E_WASI_BAD_ENV ? CM_OK : e;
    }
    const char *v = getenv(kv);
    if (!v)
        return CM_OK;
    size_t n = strlen(kv) + strlen(v) + 2;
    char *both = malloc(n);
    if (!both)
        return CM_E_OOM;
    snprintf(both, n, "%s=%s", kv, v);
    CmErr e = w2_ctx_add_env(ctx, both);
    free(both);
    return e;
}

static CmErr provider_link(WrcLinker *lk, const WrcHostConfig *cfg, void **out_state,
                           CmError *err)
{
    err_clear(err);
    *out_state = NULL;
    W2Ctx *ctx = w2_ctx_new();
    if (!ctx)
        return err_set(err, CM_E_OOM, CM_NO_OFFSET, NULL);
    CmErr e = w2_ctx_set_args(ctx, cfg->argc, cfg->argv);
    for (size_t i = 0; !e && i < cfg->nenv; i++)
        e = grant_env(ctx, cfg->env[i]);
    if (e) {
        w2_ctx_free(ctx);
        return err_set(err, e, CM_NO_OFFSET, NULL);
    }
    for (size_t i = 0; i < cfg->ndirs; i++) {
        if ((e = w2_ctx_preopen(ctx, cfg->dir_host[i], cfg->dir_guest ? cfg->dir_guest[i] : NULL,
                                err)) != CM_OK) {
            w2_ctx_free(ctx);
            return e;
        }
    }
    for (size_t i = 0; i < cfg->nnet; i++) {
        if ((e = w2_ctx_allow_net(ctx, cfg->net[i])) != CM_OK) {
            w2_ctx_free(ctx);
            return err_set(err, e, CM_NO_OFFSET, "--allow-net '%s'", cfg->net[i]);
        }
    }
    w2_ctx_allow_dns(ctx, cfg->allow_dns);
    w2_ctx_set_stdio(ctx, cfg->stdin_fd, cfg->stdout_fd, cfg->stderr_fd);
    w2_ctx_set_deadline(ctx, cfg->deadline_ns);
    if ((e = w2_ctx_link(ctx, lk)) != CM_OK) {
        w2_ctx_free(ctx);
        return err_set(err, e, CM_NO_OFFSET, NULL);
    }
    *out_state = ctx;
    return CM_OK;
}

static void provider_free(void *state) { w2_ctx_free(state); }

const WrcHostProvider wrc_wasi2_provider = {"wasi 0.2", provider_link, provider_free};

/* ---- value helpers (w2_bind.h) ---- */

W2Obj *w2_arg(W2Ctx *ctx, const WrcVal *v, W2Kind k)
{
    if (v->kind != WRC_OWN && v->kind != WRC_BORROW)
        return NULL;
    return w2_obj_get(ctx, w2_rep(v), k);
}

int w2_bad_handle(WrcCall *call)
{
    return wrc_trap(call, "%s: handle not made by this host", wrc_call_func_name(call));
}

int w2_oom(WrcCall *call) { return wrc_trap(call, "out of memory"); }

int w2_ok(WrcCall *call, WrcVal *result, const WrcVal *payload)
{
    WrcVal *p = NULL;
    if (payload && !(p = wrc_box(call, *payload)))
        return w2_oom(call);
    *result = wrc_ok(p);
    return 0;
}

int w2_err_enum(WrcCall *call, WrcVal *result, uint32_t code)
{
    WrcVal *p = wrc_box(call, wrc_enum(code));
    if (!p)
        return w2_oom(call);
    *result = wrc_err(p);
    return 0;
}

uint32_t w2_error_new(W2Ctx *ctx, const char *msg, int fs_code)
{
    char *m = w2_strdup(msg);
    uint32_t rep;
    W2Obj *o = m ? w2_obj_new(ctx, W2K_ERROR, &rep) : NULL;
    if (!o) {
        free(m);
        return 0;
    }
    o->u.error.msg = m;
    o->u.error.fs_code = fs_code;
    return rep;
}

int w2_stream_err(W2Ctx *ctx, WrcCall *call, WrcVal *result, int closed, int e)
{
    WrcVal *var = wrc_vals(call, 1);
    if (!var)
        return w2_oom(call);
    if (closed) {
        *var = wrc_variant(1, NULL);
    } else {
        uint32_t rep = w2_error_new(ctx, strerror(e), w2_errcode(e));
        WrcVal *h = rep ? wrc_box(call, w2_own(ctx, W2R_ERROR, rep)) : NULL;
        if (!h)
            return w2_oom(call);
        *var = wrc_variant(0, h);
    }
    *result = wrc_err(var);
    return 0;
}
