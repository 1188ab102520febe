/* w2_http.c - wasi:http@0.2 types and outgoing-handler, as far as a
 * command needs them: componentize-js components import them all.
 *
 * fields, outgoing-request, outgoing-response, outgoing-body and
 * request-options live in memory and behave as the WIT says (names are
 * case-insensitive tokens, kept in lower case as wasmtime's http crate does;
 * headers attached to a request or response are immutable).  No request
 * is ever sent: outgoing-handler.handle answers HTTP-request-denied.  The
 * incoming-* resources, response-outparam and the futures are never
 * created by this host, so their methods trap. */
#include "w2_bind.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* header-error cases and the error-code case this host answers */
enum { HE_INVALID_SYNTAX = 0, HE_FORBIDDEN = 1, HE_IMMUTABLE = 2 };
enum { HTTP_REQUEST_DENIED = 15 };
enum { METHOD_OTHER = 9, SCHEME_OTHER = 2 };

static int is_tchar(unsigned char c)
{
    return isalnum(c) || (c && strchr("!#$%&'*+-.^_`|~", c));
}

static int valid_name(const WrcVal *v)
{
    if (v->u.str.len == 0)
        return 0;
    for (uint32_t i = 0; i < v->u.str.len; i++)
        if (!is_tchar((unsigned char)v->u.str.ptr[i]))
            return 0;
    return 1;
}

static int valid_value(const WrcVal *v)
{
    for (uint32_t i = 0; i < v->u.bytes.len; i++) {
        uint8_t c = v->u.bytes.ptr[i];
        if (c == 0 || c == '\r' || c == '\n')
            return 0;
    }
    return 1;
}

static int name_eq(const char *a, const WrcVal *b)
{
    return strlen(a) == b->u.str.len && !strncasecmp(a, b->u.str.ptr, b->u.str.len);
}

/* Append (name, value) to f: 0, or -1 when out of memory. */
static int fields_add(W2Fields *f, const char *name, size_t nlen, const uint8_t *val, size_t vlen)
{
    if (f->n == f->cap) {
        size_t cap = f->cap ? 2 * f->cap : 8;
        W2Field *v = realloc(f->v, cap * sizeof *v);
        if (!v)
            return -1;
        f->v = v;
        f->cap = cap;
    }
    char *n = w2_strndup(name, nlen);
    uint8_t *b = malloc(vlen ? vlen : 1);
    if (!n || !b) {
        free(n);
        free(b);
        return -1;
    }
    for (size_t i = 0; i < nlen; i++)
        n[i] = (char)tolower((unsigned char)n[i]);
    memcpy(b, val, vlen);
    f->v[f->n++] = (W2Field){n, b, vlen};
    return 0;
}

static void fields_delete(W2Fields *f, const WrcVal *name)
{
    size_t k = 0;
    for (size_t i = 0; i < f->n; i++) {
        if (name_eq(f->v[i].name, name)) {
            free(f->v[i].name);
            free(f->v[i].value);
        } else {
            f->v[k++] = f->v[i];
        }
    }
    f->n = k;
}

/* A new fields object copying src (may be NULL: empty); 0 on OOM. */
static uint32_t fields_new(W2Ctx *ctx, const W2Fields *src, int immutable)
{
    uint32_t rep;
    W2Obj *o = w2_obj_new(ctx, W2K_FIELDS, &rep);
    if (!o)
        return 0;
    W2Fields f = {0};
    for (size_t i = 0; src && i < src->n; i++) {
        if (fields_add(&f, src->v[i].name, strlen(src->v[i].name), src->v[i].value,
                       src->v[i].len)) {
            o->u.fields = f;
            w2_obj_free(ctx, rep);
            return 0;
        }
    }
    f.immutable = immutable;
    ctx->objs[rep].u.fields = f; /* o is still valid: nothing was allocated in the table */
    return rep;
}

static W2Fields *fields_arg(W2Ctx *ctx, const WrcVal *v)
{
    W2Obj *o = w2_arg(ctx, v, W2K_FIELDS);
    return o ? &o->u.fields : NULL;
}

static int header_err(WrcCall *call, WrcVal *result, uint32_t tag)
{
    WrcVal *p = wrc_box(call, wrc_variant(tag, NULL));
    if (!p)
        return w2_oom(call);
    *result = wrc_err(p);
    return 0;
}

W2FN(fields_constructor)
{
    (void)args;
    (void)nargs;
    uint32_t rep = fields_new(CTX, NULL, 0);
    if (!rep)
        return w2_oom(call);
    *result = w2_own(CTX, W2R_FIELDS, rep);
    return 0;
}

W2FN(fields_from_list)
{
    (void)nargs;
    const WrcVal *list = &args[0];
    for (uint32_t i = 0; i < list->u.list.n; i++) {
        const WrcVal *t = list->u.list.elems[i].u.list.elems;
        if (!valid_name(&t[0]) || !valid_value(&t[1]))
            return header_err(call, result, HE_INVALID_SYNTAX);
    }
    uint32_t rep = fields_new(CTX, NULL, 0);
    if (!rep)
        return w2_oom(call);
    W2Fields *f = &CTX->objs[rep].u.fields;
    for (uint32_t i = 0; i < list->u.list.n; i++) {
        const WrcVal *t = list->u.list.elems[i].u.list.elems;
        if (fields_add(f, t[0].u.str.ptr, t[0].u.str.len, t[1].u.bytes.ptr, t[1].u.bytes.len))
            return w2_oom(call);
    }
    WrcVal h = w2_own(CTX, W2R_FIELDS, rep);
    return w2_ok(call, result, &h);
}

W2FN(fields_get)
{
    (void)nargs;
    W2Fields *f = fields_arg(CTX, &args[0]);
    if (!f)
        return w2_bad_handle(call);
    uint32_t k = 0;
    WrcVal *v = wrc_vals(call, (uint32_t)f->n);
    if (f->n && !v)
        return w2_oom(call);
    for (size_t i = 0; i < f->n; i++) {
        if (!name_eq(f->v[i].name, &args[1]))
            continue;
        uint8_t *b = wrc_alloc(call, f->v[i].len ? f->v[i].len : 1);
        if (!b)
            return w2_oom(call);
        memcpy(b, f->v[i].value, f->v[i].len);
        v[k++] = wrc_bytes(b, (uint32_t)f->v[i].len);
    }
    *result = wrc_list(v, k);
    return 0;
}

W2FN(fields_has)
{
    (void)nargs;
    W2Fields *f = fields_arg(CTX, &args[0]);
    if (!f)
        return w2_bad_handle(call);
    int has = 0;
    for (size_t i = 0; i < f->n && !has; i++)
        has = name_eq(f->v[i].name, &args[1]);
    *result = wrc_bool(has);
    return 0;
}

W2FN(fields_set)
{
    (void)nargs;
    W2Fields *f = fields_arg(CTX, &args[0]);
    if (!f)
        return w2_bad_handle(call);
    if (f->immutable)
        return header_err(call, result, HE_IMMUTABLE);
    const WrcVal *vals = &args[2];
    if (!valid_name(&args[1]))
        return header_err(call, result, HE_INVALID_SYNTAX);
    for (uint32_t i = 0; i < vals->u.list.n; i++)
        if (!valid_value(&vals->u.list.elems[i]))
            return header_err(call, result, HE_INVALID_SYNTAX);
    fields_delete(f, &args[1]);
    for (uint32_t i = 0; i < vals->u.list.n; i++) {
        const WrcVal *b = &vals->u.list.elems[i];
        if (fields_add(f, args[1].u.str.ptr, args[1].u.str.len, b->u.bytes.ptr, b->u.bytes.len))
            return w2_oom(call);
    }
    return w2_ok(call, result, NULL);
}

W2FN(fields_delete_fn)
{
    (void)nargs;
    W2Fields *f = fields_arg(CTX, &args[0]);
    if (!f)
        return w2_bad_handle(call);
    if (f->immutable)
        return header_err(call, result, HE_IMMUTABLE);
    if (!valid_name(&args[1]))
        return header_err(call, result, HE_INVALID_SYNTAX);
    fields_delete(f, &args[1]);
    return w2_ok(call, result, NULL);
}

W2FN(fields_append)
{
    (void)nargs;
    W2Fields *f = fields_arg(CTX, &args[0]);
    if (!f)
        return w2_bad_handle(call);
    if (f->immutable)
        return header_err(call, result, HE_IMMUTABLE);
    if (!valid_name(&args[1]) || !valid_value(&args[2]))
        return header_err(call, result, HE_INVALID_SYNTAX);
    if (fields_add(f, args[1].u.str.ptr, args[1].u.str.len, args[2].u.bytes.ptr,
                   args[2].u.bytes.len))
        return w2_oom(call);
    return w2_ok(call, result, NULL);
}

W2FN(fields_entries)
{
    (void)nargs;
    W2Fields *f = fields_arg(CTX, &args[0]);
    if (!f)
        return w2_bad_handle(call);
    WrcVal *v = wrc_vals(call, (uint32_t)f->n);
    if (f->n && !v)
        return w2_oom(call);
    for (size_t i = 0; i < f->n; i++) {
        WrcVal *t = wrc_vals(call, 2);
        uint8_t *b = wrc_alloc(call, f->v[i].len ? f->v[i].len : 1);
        if (!t || !b)
            return w2_oom(call);
        memcpy(b, f->v[i].value, f->v[i].len);
        t[0] = wrc_strdup(call, f->v[i].name, strlen(f->v[i].name));
        t[1] = wrc_bytes(b, (uint32_t)f->v[i].len);
        v[i] = wrc_tuple(t, 2);
    }
    *result = wrc_list(v, (uint32_t)f->n);
    return wrc_call_failed(call) ? w2_oom(call) : 0;
}

W2FN(fields_clone)
{
    (void)nargs;
    if (!fields_arg(CTX, &args[0]))
        return w2_bad_handle(call);
    /* The table may move in fields_new: pass the source by rep again. */
    W2Fields src = *fields_arg(CTX, &args[0]);
    uint32_t rep = fields_new(CTX, &src, 0);
    if (!rep)
        return w2_oom(call);
    *result = w2_own(CTX, W2R_FIELDS, rep);
    return 0;
}

/* ---- outgoing-request, outgoing-response ---- */

/* Make a message of kind k over the fields handle h (taken over). */
static int message_new(WrcCall *call, WrcVal *result, W2Ctx *ctx, const WrcVal *h, W2Kind k)
{
    W2Obj *fo = w2_arg(ctx, h, W2K_FIELDS);
    if (!fo)
        return w2_bad_handle(call);
    fo->u.fields.immutable = 1;
    uint32_t frep = w2_rep(h), rep;
    W2Obj *o = w2_obj_new(ctx, k, &rep);
    if (!o) {
        w2_obj_free(ctx, frep);
        return w2_oom(call);
    }
    o->u.msg.headers = frep;
    o->u.msg.status = 200;
    *result = w2_own(ctx, k == W2K_OUT_REQUEST ? W2R_OUTGOING_REQUEST : W2R_OUTGOING_RESPONSE, rep);
    return 0;
}

W2FN(request_constructor)
{
    (void)nargs;
    return message_new(call, result, CTX, &args[0], W2K_OUT_REQUEST);
}

W2FN(response_constructor)
{
    (void)nargs;
    return message_new(call, result, CTX, &args[0], W2K_OUT_RESPONSE);
}

static W2Message *msg_arg(W2Ctx *ctx, const WrcVal *v)
{
    W2Obj *o = w2_arg(ctx, v, W2K_OUT_REQUEST);
    if (!o)
        o = w2_arg(ctx, v, W2K_OUT_RESPONSE);
    return o ? &o->u.msg : NULL;
}

W2FN(message_headers)
{
    (void)nargs;
    W2Message *m = msg_arg(CTX, &args[0]);
    if (!m)
        return w2_bad_handle(call);
    /* A snapshot: the headers are immutable, so a copy cannot differ. */
    W2Fields src = CTX->objs[m->headers].u.fields;
    uint32_t rep = fields_new(CTX, &src, 1);
    if (!rep)
        return w2_oom(call);
    *result = w2_own(CTX, W2R_FIELDS, rep);
    return 0;
}

W2FN(message_body)
{
    (void)nargs;
    W2Message *m = msg_arg(CTX, &args[0]);
    if (!m)
        return w2_bad_handle(call);
    if (m->body_taken) {
        *result = wrc_err(NULL);
        return 0;
    }
    m->body_taken = 1;
    uint32_t rep;
    if (!w2_obj_new(CTX, W2K_OUT_BODY, &rep))
        return w2_oom(call);
    WrcVal h = w2_own(CTX, W2R_OUTGOING_BODY, rep);
    return w2_ok(call, result, &h);
}

W2FN(request_method)
{
    (void)nargs;
    W2Message *m = msg_arg(CTX, &args[0]);
    if (!m)
        return w2_bad_handle(call);
    if (m->method != METHOD_OTHER) {
        *result = wrc_variant(m->method, NULL);
        return 0;
    }
    WrcVal *s = wrc_box(call, wrc_strdup(call, m->method_other, strlen(m->method_other)));
    if (!s)
        return w2_oom(call);
    *result = wrc_variant(METHOD_OTHER, s);
    return 0;
}

W2FN(request_set_method)
{
    (void)nargs;
    W2Message *m = msg_arg(CTX, &args[0]);
    if (!m)
        return w2_bad_handle(call);
    const WrcVal *v = &args[1];
    char *other = NULL;
    if (v->u.var.tag == METHOD_OTHER) {
        if (!valid_name(v->u.var.payload)) {
            *result = wrc_err(NULL);
            return 0;
        }
        if (!(other = w2_strndup(v->u.var.payload->u.str.ptr, v->u.var.payload->u.str.len)))
            return w2_oom(call);
    }
    free(m->method_other);
    m->method_other = other;
    m->method = (uint8_t)v->u.var.tag;
    return w2_ok(call, result, NULL);
}

static int ret_opt_str(WrcCall *call, WrcVal *result, const char *s)
{
    if (!s) {
        *result = wrc_none();
        return 0;
    }
    WrcVal *p = wrc_box(call, wrc_strdup(call, s, strlen(s)));
    if (!p)
        return w2_oom(call);
    *result = wrc_some(p);
    return 0;
}

/* Replace *slot by the option<string> v. */
static int set_opt_str(WrcCall *call, WrcVal *result, char **slot, const WrcVal *v)
{
    char *s = NULL;
    if (v->u.var.tag == 1) {
        const WrcVal *p = v->u.var.payload;
        if (!(s = w2_strndup(p->u.str.ptr, p->u.str.len)))
            return w2_oom(call);
    }
    free(*slot);
    *slot = s;
    return w2_ok(call, result, NULL);
}

W2FN(request_path)
{
    (void)nargs;
    W2Message *m = msg_arg(CTX, &args[0]);
    return m ? ret_opt_str(call, result, m->path) : w2_bad_handle(call);
}

W2FN(request_set_path)
{
    (void)nargs;
    W2Message *m = msg_arg(CTX, &args[0]);
    return m ? set_opt_str(call, result, &m->path, &args[1]) : w2_bad_handle(call);
}

W2FN(request_authority)
{
    (void)nargs;
    W2Message *m = msg_arg(CTX, &args[0]);
    return m ? ret_opt_str(call, result, m->authority) : w2_bad_handle(call);
}

W2FN(request_set_authority)
{
    (void)nargs;
    W2Message *m = msg_arg(CTX, &args[0]);
    return m ? set_opt_str(call, result, &m->authority, &args[1]) : w2_bad_handle(call);
}

W2FN(request_scheme)
{
    (void)nargs;
    W2Message *m = msg_arg(CTX, &args[0]);
    if (!m)
        return w2_bad_handle(call);
    if (!m->has_scheme) {
        *result = wrc_none();
        return 0;
    }
    WrcVal *payload = NULL;
    if (m->scheme == SCHEME_OTHER &&
        !(payload = wrc_box(call, wrc_strdup(call, m->scheme_other, strlen(m->scheme_other)))))
        return w2_oom(call);
    WrcVal *v = wrc_box(call, wrc_variant(m->scheme, payload));
    if (!v)
        return w2_oom(call);
    *result = wrc_some(v);
    return 0;
}

W2FN(request_set_scheme)
{
    (void)nargs;
    W2Message *m = msg_arg(CTX, &args[0]);
    if (!m)
        return w2_bad_handle(call);
    const WrcVal *opt = &args[1];
    char *other = NULL;
    const WrcVal *sch = opt->u.var.tag ? opt->u.var.payload : NULL;
    if (sch && sch->u.var.tag == SCHEME_OTHER) {
        const WrcVal *p = sch->u.var.payload;
        if (!(other = w2_strndup(p->u.str.ptr, p->u.str.len)))
            return w2_oom(call);
    }
    free(m->scheme_other);
    m->scheme_other = other;
    m->has_scheme = sch != NULL;
    m->scheme = sch ? (uint8_t)sch->u.var.tag : 0;
    return w2_ok(call, result, NULL);
}

W2FN(response_status)
{
    (void)nargs;
    W2Message *m = msg_arg(CTX, &args[0]);
    if (!m)
        return w2_bad_handle(call);
    *result = wrc_u16(m->status);
    return 0;
}

W2FN(response_set_status)
{
    (void)nargs;
    W2Message *m = msg_arg(CTX, &args[0]);
    if (!m)
        return w2_bad_handle(call);
    uint16_t s = args[1].u.u16;
    if (s < 100 || s > 999) {
        *result = wrc_err(NULL);
        return 0;
    }
    m->status = s;
    return w2_ok(call, result, NULL);
}

/* ---- outgoing-body: bytes written to it go nowhere ---- */

W2FN(body_write)
{
    (void)nargs;
    W2Obj *o = w2_arg(CTX, &args[0], W2K_OUT_BODY);
    if (!o)
        return w2_bad_handle(call);
    if (o->u.stream_taken) {
        *result = wrc_err(NULL);
        return 0;
    }
    o->u.stream_taken = 1;
    uint32_t rep;
    W2Obj *s = w2_obj_new(CTX, W2K_OUTPUT, &rep);
    if (!s)
        return w2_oom(call);
    s->u.stream.kind = W2S_SINK;
    s->u.stream.fd = -1;
    WrcVal h = w2_own(CTX, W2R_OUTPUT, rep);
    return w2_ok(call, result, &h);
}

W2FN(body_finish)
{
    (void)nargs;
    if (!w2_arg(CTX, &args[0], W2K_OUT_BODY))
        return w2_bad_handle(call);
    w2_obj_free(CTX, w2_rep(&args[0]));
    if (args[1].u.var.tag == 1)
        w2_obj_free(CTX, w2_rep(args[1].u.var.payload));
    return w2_ok(call, result, NULL);
}

/* ---- request-options ---- */

W2FN(options_constructor)
{
    (void)args;
    (void)nargs;
    uint32_t rep;
    W2Obj *o = w2_obj_new(CTX, W2K_REQ_OPTIONS, &rep);
    if (!o)
        return w2_oom(call);
    for (int i = 0; i < 3; i++)
        o->u.timeouts[i] = UINT64_MAX;
    *result = w2_own(CTX, W2R_REQUEST_OPTIONS, rep);
    return 0;
}

static int options_get(WrcCall *call, const WrcVal *args, WrcVal *result, W2Ctx *ctx, int i)
{
    W2Obj *o = w2_arg(ctx, &args[0], W2K_REQ_OPTIONS);
    if (!o)
        return w2_bad_handle(call);
    if (o->u.timeouts[i] == UINT64_MAX) {
        *result = wrc_none();
        return 0;
    }
    WrcVal *p = wrc_box(call, wrc_u64(o->u.timeouts[i]));
    if (!p)
        return w2_oom(call);
    *result = wrc_some(p);
    return 0;
}

static int options_set(WrcCall *call, const WrcVal *args, WrcVal *result, W2Ctx *ctx, int i)
{
    W2Obj *o = w2_arg(ctx, &args[0], W2K_REQ_OPTIONS);
    if (!o)
        return w2_bad_handle(call);
    o->u.timeouts[i] = args[1].u.var.tag ? args[1].u.var.payload->u.u64 : UINT64_MAX;
    return w2_ok(call, result, NULL);
}

#define OPT_FNS(i, get, set)                                                                 \
    W2FN(get)                                                                                \
    {                                                                                        \
        (void)nargs;                                                                         \
        return options_get(call, args, result, CTX, i);                                      \
    }                                                                                        \
    W2FN(set)                                                                                \
    {                                                                                        \
        (void)nargs;                                                                         \
        return options_set(call, args, result, CTX, i);                                      \
    }
OPT_FNS(0, opt_connect, opt_set_connect)
OPT_FNS(1, opt_first_byte, opt_set_first_byte)
OPT_FNS(2, opt_between_bytes, opt_set_between_bytes)

/* ---- outgoing-handler and the rest ---- */

W2FN(outgoing_handle)
{
    (void)nargs;
    if (!w2_arg(CTX, &args[0], W2K_OUT_REQUEST))
        return w2_bad_handle(call);
    w2_obj_free(CTX, w2_rep(&args[0]));
    if (args[1].u.var.tag == 1)
        w2_obj_free(CTX, w2_rep(args[1].u.var.payload));
    WrcVal *p = wrc_box(call, wrc_variant(HTTP_REQUEST_DENIED, NULL));
    if (!p)
        return w2_oom(call);
    *result = wrc_err(p);
    return 0;
}

W2FN(http_error_code)
{
    (void)call;
    (void)args;
    (void)nargs;
    (void)user;
    *result = wrc_none();
    return 0;
}

W2FN(unreachable)
{
    (void)args;
    (void)nargs;
    (void)result;
    (void)user;
    return w2_bad_handle(call);
}

#define HT "wasi:http/types"
#define NEVER(name) {HT, name, unreachable}
const W2Def w2_defs_http[] = {
    {HT, "http-error-code", http_error_code},
    {HT, "[constructor]fields", fields_constructor},
    {HT, "[static]fields.from-list", fields_from_list},
    {HT, "[method]fields.get", fields_get},
    {HT, "[method]fields.has", fields_has},
    {HT, "[method]fields.set", fields_set},
    {HT, "[method]fields.delete", fields_delete_fn},
    {HT, "[method]fields.append", fields_append},
    {HT, "[method]fields.entries", fields_entries},
    {HT, "[method]fields.clone", fields_clone},
    {HT, "[constructor]outgoing-request", request_constructor},
    {HT, "[method]outgoing-request.body", message_body},
    {HT, "[method]outgoing-request.method", request_method},
    {HT, "[method]outgoing-request.set-method", request_set_method},
    {HT, "[method]outgoing-request.path-with-query", request_path},
    {HT, "[method]outgoing-request.set-path-with-query", request_set_path},
    {HT, "[method]outgoing-request.scheme", request_scheme},
    {HT, "[method]outgoing-request.set-scheme", request_set_scheme},
    {HT, "[method]outgoing-request.authority", request_authority},
    {HT, "[method]outgoing-request.set-authority", request_set_authority},
    {HT, "[method]outgoing-request.headers", message_headers},
    {HT, "[constructor]request-options", options_constructor},
    {HT, "[method]request-options.connect-timeout", opt_connect},
    {HT, "[method]request-options.set-connect-timeout", opt_set_connect},
    {HT, "[method]request-options.first-byte-timeout", opt_first_byte},
    {HT, "[method]request-options.set-first-byte-timeout", opt_set_first_byte},
    {HT, "[method]request-options.between-bytes-timeout", opt_between_bytes},
    {HT, "[method]request-options.set-between-bytes-timeout", opt_set_between_bytes},
    {HT, "[constructor]outgoing-response", response_constructor},
    {HT, "[method]outgoing-response.status-code", response_status},
    {HT, "[method]outgoing-response.set-status-code", response_set_status},
    {HT, "[method]outgoing-response.headers", message_headers},
    {HT, "[method]outgoing-response.body", message_body},
    {HT, "[method]outgoing-body.write", body_write},
    {HT, "[static]outgoing-body.finish", body_finish},
    NEVER("[method]incoming-request.method"),
    NEVER("[method]incoming-request.path-with-query"),
    NEVER("[method]incoming-request.scheme"),
    NEVER("[method]incoming-request.authority"),
    NEVER("[method]incoming-request.headers"),
    NEVER("[method]incoming-request.consume"),
    NEVER("[method]response-outparam.send-informational"),
    NEVER("[static]response-outparam.set"),
    NEVER("[method]incoming-response.status"),
    NEVER("[method]incoming-response.headers"),
    NEVER("[method]incoming-response.consume"),
    NEVER("[method]incoming-body.stream"),
    NEVER("[static]incoming-body.finish"),
    NEVER("[method]future-trailers.subscribe"),
    NEVER("[method]future-trailers.get"),
    NEVER("[method]future-incoming-response.subscribe"),
    NEVER("[method]future-incoming-response.get"),
    {"wasi:http/outgoing-handler", "handle", outgoing_handle},
    {NULL, NULL, NULL},
};
