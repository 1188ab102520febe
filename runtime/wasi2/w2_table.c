/* w2_table.c - the table of host objects behind WASI 0.2 resource handles
 * (see w2_int.h): reps are indexes, 0 is never used, free slots are reused
 * lowest first. */
#include "w2_int.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

W2Obj *w2_obj_new(W2Ctx *ctx, W2Kind k, uint32_t *out_rep)
{
    size_t i = ctx->hint ? ctx->hint : 1;
    while (i < ctx->nobjs && ctx->objs[i].kind != W2K_FREE)
        i++;
    if (i >= W2_MAX_OBJS)
        return NULL;
    if (i >= ctx->capobjs) {
        size_t cap = ctx->capobjs ? 2 * ctx->capobjs : 64;
        W2Obj *n = realloc(ctx->objs, cap * sizeof *n);
        if (!n)
            return NULL;
        memset(n + ctx->capobjs, 0, (cap - ctx->capobjs) * sizeof *n);
        ctx->objs = n;
        ctx->capobjs = cap;
    }
    if (i >= ctx->nobjs)
        ctx->nobjs = i + 1;
    W2Obj *o = &ctx->objs[i];
    memset(o, 0, sizeof *o);
    o->kind = k;
    ctx->hint = (uint32_t)i + 1;
    *out_rep = (uint32_t)i;
    return o;
}

W2Obj *w2_obj_get(W2Ctx *ctx, uint32_t rep, W2Kind k)
{
    if (rep == 0 || rep >= ctx->nobjs || ctx->objs[rep].kind != k)
        return NULL;
    return &ctx->objs[rep];
}

static void fields_release(W2Fields *f)
{
    for (size_t i = 0; i < f->n; i++) {
        free(f->v[i].name);
        free(f->v[i].value);
    }
    free(f->v);
}

static void message_release(W2Ctx *ctx, W2Message *m)
{
    /* The headers object belongs to the message once attached. */
    if (m->headers)
        w2_obj_free(ctx, m->headers);
    free(m->method_other);
    free(m->path);
    free(m->authority);
    free(m->scheme_other);
}

void w2_obj_free(W2Ctx *ctx, uint32_t rep)
{
    if (rep == 0 || rep >= ctx->nobjs)
        return;
    W2Obj *o = &ctx->objs[rep];
    switch (o->kind) {
    case W2K_INPUT:
    case W2K_OUTPUT:
        if (!o->u.stream.borrowed_fd && o->u.stream.fd >= 0)
            close(o->u.stream.fd);
        break;
    case W2K_ERROR:
        free(o->u.error.msg);
        break;
    case W2K_POLLABLE:
        if (o->u.poll.owns_fd && o->u.poll.fd >= 0)
            close(o->u.poll.fd);
        break;
    case W2K_TCP:
        close(o->u.tcp.fd);
        break;
    case W2K_UDP:
        close(o->u.udp.fd);
        break;
    case W2K_IN_DGRAM:
    case W2K_OUT_DGRAM:
        close(o->u.dgram.fd);
        break;
    case W2K_RESOLVE:
        free(o->u.resolve.ips);
        break;
    case W2K_DESC:
        if (o->u.desc.fd >= 0)
            close(o->u.desc.fd);
        break;
    case W2K_DIRSTREAM:
        for (size_t i = 0; i < o->u.dir.n; i++)
            free(o->u.dir.ents[i].name);
        free(o->u.dir.ents);
        break;
    case W2K_FIELDS:
        fields_release(&o->u.fields);
        break;
    case W2K_OUT_REQUEST:
    case W2K_OUT_RESPONSE:
        message_release(ctx, &o->u.msg);
        break;
    default:
        break;
    }
    ctx->objs[rep].kind = W2K_FREE;
    if (rep < ctx->hint)
        ctx->hint = rep;
}
