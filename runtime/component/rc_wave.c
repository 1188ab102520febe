/* rc_wave.c - WAVE text for component values (wasm-wave's grammar, as
 * wasmtime --invoke reads and prints it).  Parsing is typed: the expected
 * type decides how a token is read (an enum case vs a variant case, flags
 * vs a record, the width of a number).
 */
#include "rc_wave.h"
#include "cabi.h"
#include "rc_internal.h"
#include "utf8.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct P {
    Arena *a;
    const char *s;
    size_t len, i;
    char *err;
    size_t cap;
} P;

static int perr(P *p, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static int perr(P *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = snprintf(p->err, p->cap, "at offset %zu: ", p->i);
    if (n >= 0 && (size_t)n < p->cap)
        vsnprintf(p->err + n, p->cap - (size_t)n, fmt, ap);
    va_end(ap);
    return -1;
}

static void ws(P *p)
{
    while (p->i < p->len && (p->s[p->i] == ' ' || p->s[p->i] == '\t' || p->s[p->i] == '\n' ||
                             p->s[p->i] == '\r'))
        p->i++;
}

static int eat(P *p, char c)
{
    ws(p);
    if (p->i < p->len && p->s[p->i] == c) {
        p->i++;
        return 1;
    }
    return 0;
}

static int is_label_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

/* A label (kebab-case, optionally %-prefixed): returns its length, sets *out. */
static size_t label(P *p, const char **out)
{
    ws(p);
    if (p->i < p->len && p->s[p->i] == '%')
        p->i++;
    size_t st = p->i;
    while (p->i < p->len && is_label_char(p->s[p->i]))
        p->i++;
    *out = p->s + st;
    return p->i - st;
}

static int label_is(const char *l, size_t n, const char *want)
{
    return strlen(want) == n && !memcmp(l, want, n);
}

static int is_keyword(const char *l, size_t n);

static int parse(P *p, const CtType *t, WrcVal *out);

static int number(P *p, const CtType *t, WrcVal *out)
{
    ws(p);
    size_t st = p->i;
    while (p->i < p->len && strchr("+-0123456789.eEinfa_xX", p->s[p->i]))
        p->i++;
    char tok[80];
    size_t n = p->i - st;
    if (!n || n >= sizeof tok)
        return perr(p, "expected a number");
    memcpy(tok, p->s + st, n);
    tok[n] = 0;
    char *end;
    errno = 0;
    if (t->kind == CT_F32 || t->kind == CT_F64) {
        double d = !strcmp(tok, "nan") ? NAN : !strcmp(tok, "inf") ? INFINITY
                 : !strcmp(tok, "-inf") ? -INFINITY : strtod(tok, &end);
        if (isfinite(d) && *end)
            return perr(p, "invalid float '%s'", tok);
        if (t->kind == CT_F32)
            *out = wrc_f32((float)d);
        else
            *out = wrc_f64(d);
        return 0;
    }
    int neg = tok[0] == '-';
    if (neg) {
        long long v = strtoll(tok, &end, 10);
        if (*end || errno)
            return perr(p, "invalid integer '%s'", tok);
        static const long long lo[] = {[CT_S8] = -128, [CT_S16] = -32768, [CT_S32] = INT32_MIN,
                                       [CT_S64] = INT64_MIN};
        if (t->kind != CT_S8 && t->kind != CT_S16 && t->kind != CT_S32 && t->kind != CT_S64)
            return perr(p, "negative value for %s", ct_kind_name(t->kind));
        if (v < lo[t->kind])
            return perr(p, "'%s' out of range for %s", tok, ct_kind_name(t->kind));
        out->u.s64 = v;
    } else {
        unsigned long long v = strtoull(tok, &end, 10);
        if (*end || errno || tok[0] == '+')
            return perr(p, "invalid integer '%s'", tok);
        static const unsigned long long hi[] = {
            [CT_S8] = 127, [CT_U8] = 255, [CT_S16] = 32767, [CT_U16] = 65535, [CT_S32] = INT32_MAX,
            [CT_U32] = UINT32_MAX, [CT_S64] = INT64_MAX, [CT_U64] = UINT64_MAX};
        if (v > hi[t->kind])
            return perr(p, "'%s' out of range for %s", tok, ct_kind_name(t->kind));
        out->u.u64 = v;
    }
    int64_t v = out->u.s64;
    switch (t->kind) {
    case CT_S8: *out = wrc_s8((int8_t)v); break;
    case CT_U8: *out = wrc_u8((uint8_t)v); break;
    case CT_S16: *out = wrc_s16((int16_t)v); break;
    case CT_U16: *out = wrc_u16((uint16_t)v); break;
    case CT_S32: *out = wrc_s32((int32_t)v); break;
    case CT_U32: *out = wrc_u32((uint32_t)v); break;
    case CT_S64: *out = wrc_s64(v); break;
    default: *out = wrc_u64((uint64_t)v); break;
    }
    return 0;
}

/* One character of a char or string literal (after the opening quote). */
static int text_char(P *p, uint32_t *out)
{
    if (p->i >= p->len)
        return perr(p, "unterminated literal");
    if (p->s[p->i] != '\\') {
        int n = utf8_decode(p->s + p->i, p->len - p->i, out);
        if (!n)
            return perr(p, "invalid UTF-8");
        p->i += (size_t)n;
        return 0;
    }
    p->i++;
    char c = p->i < p->len ? p->s[p->i++] : 0;
    switch (c) {
    case 'n': *out = '\n'; return 0;
    case 't': *out = '\t'; return 0;
    case 'r': *out = '\r'; return 0;
    case '\\': case '\'': case '"': *out = (uint32_t)c; return 0;
    case 'u': {
        if (!eat(p, '{'))
            return perr(p, "expected '{' after \\u");
        char *end;
        unsigned long v = strtoul(p->s + p->i, &end, 16);
        p->i = (size_t)(end - p->s);
        if (!eat(p, '}') || v >= 0x110000 || (v >= 0xd800 && v < 0xe000))
            return perr(p, "invalid \\u escape");
        *out = (uint32_t)v;
        return 0;
    }
    default: return perr(p, "invalid escape '\\%c'", c);
    }
}

static int string(P *p, WrcVal *out)
{
    Buf b = {0};
    if (!eat(p, '"'))
        return perr(p, "expected a string");
    while (p->i < p->len && p->s[p->i] != '"') {
        uint32_t c;
        char u[4];
        if (text_char(p, &c)) {
            free(b.data);
            return -1;
        }
        buf_put(&b, u, (size_t)utf8_encode(c, u));
    }
    if (p->i >= p->len) {
        free(b.data);
        return perr(p, "unterminated string");
    }
    p->i++;
    char *s = arena_strndup(p->a, b.data ? (const char *)b.data : "", b.len);
    *out = wrc_str(s, (uint32_t)b.len);
    free(b.data);
    return s ? 0 : perr(p, "out of memory");
}

static int seq(P *p, const CtType *elem, char close, WrcVal **out, uint32_t *n)
{
    VEC(WrcVal) v = {0};
    int done = eat(p, close);
    while (!done) {
        WrcVal x;
        if (parse(p, elem, &x) || !VEC_PUSH(&v, x)) {
            VEC_FREE(&v);
            return -1;
        }
        if (eat(p, ','))
            done = eat(p, close); /* a trailing comma */
        else if (!(done = eat(p, close))) {
            VEC_FREE(&v);
            return perr(p, "expected ',' or '%c'", close);
        }
    }
    *n = (uint32_t)v.len;
    *out = arena_memdup(p->a, v.data ? (void *)v.data : (void *)"", v.len * sizeof(WrcVal));
    VEC_FREE(&v);
    return *out ? 0 : perr(p, "out of memory");
}

static int list(P *p, const CtType *t, WrcVal *out)
{
    WrcVal *e = NULL;
    uint32_t n = 0;
    if (!eat(p, '['))
        return perr(p, "expected '['");
    if (seq(p, t->elem, ']', &e, &n))
        return -1;
    if (t->elem->kind != CT_U8) {
        *out = wrc_list(e, n);
        return 0;
    }
    uint8_t *d = arena_alloc(p->a, n + 1);
    if (!d)
        return perr(p, "out of memory");
    for (uint32_t i = 0; i < n; i++)
        d[i] = e[i].u.u8;
    *out = wrc_bytes(d, n);
    return 0;
}

static int record(P *p, const CtType *t, WrcVal *out)
{
    WrcVal *f = ARENA_ARRAY(p->a, WrcVal, t->n);
    uint8_t *seen = arena_alloc(p->a, t->n);
    if (!f || !seen)
        return perr(p, "out of memory");
    if (!eat(p, '{'))
        return perr(p, "expected '{'");
    size_t save = p->i;
    if (!(eat(p, ':') && eat(p, '}'))) /* {:} is a record whose fields are all none */
        p->i = save;
    for (uint32_t k = 0; p->s[p->i - 1] != '}' && !eat(p, '}'); k++) {
        const char *l;
        if (k && !eat(p, ','))
            return perr(p, "expected ',' or '}'");
        if (k && eat(p, '}'))
            break;
        size_t n = label(p, &l);
        uint32_t i = 0;
        while (i < t->n && !label_is(l, n, t->fields[i].name))
            i++;
        if (i == t->n || seen[i])
            return perr(p, "unknown or repeated field '%.*s'", (int)n, l);
        if (!eat(p, ':'))
            return perr(p, "expected ':'");
        if (parse(p, t->fields[i].type, &f[i]))
            return -1;
        seen[i] = 1;
    }
    for (uint32_t i = 0; i < t->n; i++) {
        if (seen[i])
            continue;
        if (t->fields[i].type->kind != CT_OPTION)
            return perr(p, "missing field '%s'", t->fields[i].name);
        f[i] = wrc_none();
    }
    *out = wrc_record(f, t->n);
    return 0;
}

static int tuple(P *p, const CtType *t, WrcVal *out)
{
    WrcVal *e = ARENA_ARRAY(p->a, WrcVal, t->n);
    if (!e)
        return perr(p, "out of memory");
    if (!eat(p, '('))
        return perr(p, "expected '('");
    for (uint32_t i = 0; i < t->n; i++)
        if ((i && !eat(p, ',')) || parse(p, t->types[i], &e[i]))
            return p->err[0] ? -1 : perr(p, "expected ','");
    eat(p, ',');
    if (!eat(p, ')'))
        return perr(p, "expected ')'");
    *out = wrc_tuple(e, t->n);
    return 0;
}

static int flags(P *p, const CtType *t, WrcVal *out)
{
    uint32_t bits = 0;
    if (!eat(p, '{'))
        return perr(p, "expected '{'");
    for (uint32_t k = 0; !eat(p, '}'); k++) {
        const char *l;
        if (k && !eat(p, ','))
            return perr(p, "expected ',' or '}'");
        size_t n = label(p, &l);
        uint32_t i = 0;
        while (i < t->n && !label_is(l, n, t->labels[i]))
            i++;
        if (i == t->n)
            return perr(p, "unknown flag '%.*s'", (int)n, l);
        bits |= 1u << i;
    }
    *out = wrc_flags(bits);
    return 0;
}

/* Variant-like: case name, then (payload) if the case has one. */
static int cases(P *p, const CtType *t, WrcVal *out)
{
    const char *l;
    size_t n = label(p, &l);
    /* a case named like a keyword must be written %name (WAVE) */
    int bare = l == p->s || l[-1] != '%';
    if ((t->kind == CT_VARIANT || t->kind == CT_ENUM) && bare && is_keyword(l, n))
        return perr(p, "case '%.*s' is a keyword: write %%%.*s", (int)n, l, (int)n, l);
    uint32_t nc = cabi_case_count(t), i = 0;
    for (; i < nc; i++) {
        const char *name = t->kind == CT_VARIANT ? t->fields[i].name
                         : t->kind == CT_ENUM    ? t->labels[i]
                         : t->kind == CT_OPTION  ? (i ? "some" : "none")
                                                 : (i ? "err" : "ok");
        if (label_is(l, n, name))
            break;
    }
    if (i == nc) {
        if (t->kind == CT_OPTION) { /* a bare value means some(value) */
            p->i -= n;
            WrcVal *v = ARENA_NEW(p->a, WrcVal);
            if (!v || parse(p, t->elem, v))
                return v ? -1 : perr(p, "out of memory");
            *out = wrc_some(v);
            return 0;
        }
        return perr(p, "unknown case '%.*s'", (int)n, l);
    }
    out->kind = t->kind == CT_VARIANT ? WRC_VARIANT : t->kind == CT_ENUM ? WRC_ENUM
              : t->kind == CT_OPTION  ? WRC_OPTION : WRC_RESULT;
    out->u.var.tag = i;
    out->u.var.payload = NULL;
    const CtType *ct = cabi_case_type(t, i);
    if (!ct)
        return 0;
    WrcVal *v = ARENA_NEW(p->a, WrcVal);
    if (!v)
        return perr(p, "out of memory");
    if (!eat(p, '(') || parse(p, ct, v) || !eat(p, ')'))
        return p->err[0] ? -1 : perr(p, "expected '(' payload ')'");
    out->u.var.payload = v;
    return 0;
}

static int parse(P *p, const CtType *t, WrcVal *out)
{
    const char *l;
    size_t n;
    switch (t->kind) {
    case CT_BOOL:
        n = label(p, &l);
        if (!label_is(l, n, "true") && !label_is(l, n, "false"))
            return perr(p, "expected true or false");
        *out = wrc_bool(label_is(l, n, "true"));
        return 0;
    case CT_CHAR: {
        uint32_t c;
        if (!eat(p, '\'') || text_char(p, &c) || !eat(p, '\''))
            return p->err[0] ? -1 : perr(p, "expected a char literal");
        *out = wrc_char(c);
        return 0;
    }
    case CT_STRING: return string(p, out);
    case CT_LIST: return list(p, t, out);
    case CT_RECORD: return record(p, t, out);
    case CT_TUPLE: return tuple(p, t, out);
    case CT_FLAGS: return flags(p, t, out);
    case CT_VARIANT:
    case CT_ENUM:
    case CT_OPTION:
    case CT_RESULT: return cases(p, t, out);
    case CT_OWN:
    case CT_BORROW: return perr(p, "resource handles cannot be written in WAVE");
    default: return number(p, t, out);
    }
}

int rc_wave_parse(Arena *a, const CtType *t, const char *s, size_t len, size_t *pos, WrcVal *out,
                  char *err, size_t cap)
{
    P p = {a, s, len, *pos, err, cap};
    err[0] = 0;
    int r = parse(&p, t, out);
    *pos = p.i;
    return r;
}

int rc_wave_parse_call(Arena *a, const char *s, char **out_name, char *err, size_t cap)
{
    const char *open = strchr(s, '(');
    size_t n = open ? (size_t)(open - s) : strlen(s);
    while (n && s[n - 1] == ' ')
        n--;
    if (!n) {
        snprintf(err, cap, "expected 'name(args...)'");
        return -1;
    }
    *out_name = arena_strndup(a, s, n);
    return *out_name ? 0 : -1;
}

int rc_wave_parse_args(Arena *a, const CtType *ft, const char *s, WrcVal **out_args, char *err,
                       size_t cap)
{
    P p = {a, s, strlen(s), 0, err, cap};
    err[0] = 0;
    const char *open = strchr(s, '(');
    WrcVal *args = ARENA_ARRAY(a, WrcVal, ft->n + 1);
    if (!args)
        return perr(&p, "out of memory");
    if (!open) {
        if (ft->n)
            return perr(&p, "expected '(' and %u argument(s)", ft->n);
        *out_args = args;
        return 0;
    }
    p.i = (size_t)(open - s) + 1;
    for (uint32_t i = 0; i < ft->n; i++) {
        if (i && !eat(&p, ','))
            return perr(&p, "expected ',' (the function takes %u arguments)", ft->n);
        if (parse(&p, ft->fields[i].type, &args[i]))
            return -1;
    }
    eat(&p, ',');
    if (!eat(&p, ')'))
        return perr(&p, "expected ')' (the function takes %u argument(s))", ft->n);
    ws(&p);
    if (p.i != p.len)
        return perr(&p, "unexpected text after ')'");
    *out_args = args;
    return 0;
}

/* ---- printing ---- */

static const char *const keywords[] = {"true", "false", "some", "none", "ok", "err", "inf", "nan"};

static int is_keyword(const char *l, size_t n)
{
    for (size_t i = 0; i < sizeof keywords / sizeof *keywords; i++)
        if (label_is(l, n, keywords[i]))
            return 1;
    return 0;
}

static void print_label(Buf *b, const char *l)
{
    for (size_t i = 0; i < sizeof keywords / sizeof *keywords; i++)
        if (!strcmp(l, keywords[i])) {
            buf_str(b, "%");
            break;
        }
    buf_str(b, l);
}

/* As wasm-wave's writer: \\ \" \' \t \r \n escaped in both chars and
 * strings, other control characters as \u{hex}. */
static void print_char(Buf *b, uint32_t c)
{
    char u[4];
    switch (c) {
    case '\n': buf_str(b, "\\n"); return;
    case '\t': buf_str(b, "\\t"); return;
    case '\r': buf_str(b, "\\r"); return;
    case '\\': buf_str(b, "\\\\"); return;
    case '"': buf_str(b, "\\\""); return;
    case '\'': buf_str(b, "\\'"); return;
    default: break;
    }
    if (c < 0x20 || (c >= 0x7f && c < 0xa0)) {
        buf_printf(b, "\\u{%x}", c);
    } else {
        buf_put(b, u, (size_t)utf8_encode(c, u));
        buf_str(b, "");
    }
}

static void print_float(Buf *b, double d, int is32)
{
    if (isnan(d)) {
        buf_str(b, "nan");
        return;
    }
    if (isinf(d)) {
        buf_str(b, d < 0 ? "-inf" : "inf");
        return;
    }
    /* Rust's Display, which wasm-wave uses: the shortest digits that read
     * back as the same value, written positionally (no exponent). */
    char tmp[64], digits[24];
    int prec = 0;
    for (; prec < 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*e", prec, d);
        if (is32 ? (float)strtod(tmp, NULL) == (float)d : strtod(tmp, NULL) == d)
            break;
    }
    const char *p = tmp;
    int nd = 0, neg = *p == '-';
    if (neg)
        p++;
    for (; *p && *p != 'e'; p++)
        if (*p >= '0' && *p <= '9')
            digits[nd++] = *p;
    int exp = atoi(p + 1); /* value = 0.d1d2d3... * 10^(exp+1) */
    while (nd > 1 && digits[nd - 1] == '0')
        nd--;
    if (neg)
        buf_str(b, "-");
    if (exp < 0) {
        buf_str(b, "0.");
        for (int i = -1; i > exp; i--)
            buf_str(b, "0");
        buf_put(b, digits, (size_t)nd);
    } else {
        for (int i = 0; i <= exp || i < nd; i++) {
            if (i == exp + 1)
                buf_str(b, ".");
            buf_put(b, i < nd ? &digits[i] : "0", 1);
        }
    }
    buf_str(b, "");
}

void rc_wave_print(Buf *b, const CtType *t, const WrcVal *v)
{
    switch (t->kind) {
    case CT_BOOL: buf_str(b, v->u.b ? "true" : "false"); return;
    case CT_S8: buf_printf(b, "%d", v->u.s8); return;
    case CT_U8: buf_printf(b, "%u", v->u.u8); return;
    case CT_S16: buf_printf(b, "%d", v->u.s16); return;
    case CT_U16: buf_printf(b, "%u", v->u.u16); return;
    case CT_S32: buf_printf(b, "%d", v->u.s32); return;
    case CT_U32: buf_printf(b, "%u", v->u.u32); return;
    case CT_S64: buf_printf(b, "%lld", (long long)v->u.s64); return;
    case CT_U64: buf_printf(b, "%llu", (unsigned long long)v->u.u64); return;
    case CT_F32: print_float(b, v->u.f32, 1); return;
    case CT_F64: print_float(b, v->u.f64, 0); return;
    case CT_CHAR: buf_str(b, "'"); print_char(b, v->u.ch); buf_str(b, "'"); return;
    case CT_STRING:
        buf_str(b, "\"");
        for (uint32_t i = 0; i < v->u.str.len;) {
            uint32_t c;
            int n = utf8_decode(v->u.str.ptr + i, v->u.str.len - i, &c);
            print_char(b, n ? c : 0xfffd);
            i += n ? (uint32_t)n : 1;
        }
        buf_str(b, "\"");
        return;
    case CT_LIST:
        buf_str(b, "[");
        if (v->kind == WRC_BYTES) {
            for (uint32_t i = 0; i < v->u.bytes.len; i++)
                buf_printf(b, "%s%u", i ? ", " : "", v->u.bytes.ptr[i]);
        } else {
            for (uint32_t i = 0; i < v->u.list.n; i++) {
                if (i)
                    buf_str(b, ", ");
                rc_wave_print(b, t->elem, &v->u.list.elems[i]);
            }
        }
        buf_str(b, "]");
        return;
    case CT_RECORD: {
        /* as wasm-wave: fields whose value is `none` are left out */
        int first = 1;
        buf_str(b, "{");
        for (uint32_t i = 0; i < t->n; i++) {
            const WrcVal *f = &v->u.list.elems[i];
            if (t->fields[i].type->kind == CT_OPTION && f->u.var.tag == 0)
                continue;
            buf_str(b, first ? "" : ", ");
            first = 0;
            buf_str(b, t->fields[i].name);
            buf_str(b, ": ");
            rc_wave_print(b, t->fields[i].type, f);
        }
        buf_str(b, first ? ":}" : "}");
        return;
    }
    case CT_TUPLE:
        buf_str(b, "(");
        for (uint32_t i = 0; i < t->n; i++) {
            if (i)
                buf_str(b, ", ");
            rc_wave_print(b, t->types[i], &v->u.list.elems[i]);
        }
        buf_str(b, ")");
        return;
    case CT_FLAGS: {
        int first = 1;
        buf_str(b, "{");
        for (uint32_t i = 0; i < t->n; i++)
            if (v->u.flags & (1u << i)) {
                if (!first)
                    buf_str(b, ", ");
                first = 0;
                buf_str(b, t->labels[i]);
            }
        buf_str(b, "}");
        return;
    }
    case CT_VARIANT:
    case CT_ENUM:
    case CT_OPTION:
    case CT_RESULT: {
        uint32_t i = v->u.var.tag;
        const char *name = t->kind == CT_VARIANT ? t->fields[i].name
                         : t->kind == CT_ENUM    ? t->labels[i]
                         : t->kind == CT_OPTION  ? (i ? "some" : "none")
                                                 : (i ? "err" : "ok");
        if (t->kind == CT_VARIANT || t->kind == CT_ENUM)
            print_label(b, name);
        else
            buf_str(b, name);
        const CtType *ct = cabi_case_type(t, i);
        if (ct && v->u.var.payload) {
            buf_str(b, "(");
            rc_wave_print(b, ct, v->u.var.payload);
            buf_str(b, ")");
        }
        return;
    }
    case CT_OWN:
    case CT_BORROW:
        buf_printf(b, "<%s %s>", t->kind == CT_OWN ? "own" : "borrow",
                   v->u.handle.type && v->u.handle.type->name ? v->u.handle.type->name : "resource");
        return;
    default: buf_str(b, "?"); return;
    }
}
