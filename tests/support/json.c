/* json.c - recursive-descent JSON reader (see json.h). */
#include "json.h"

#include "buf.h"
#include "utf8.h"

#include <stdio.h>
#include <string.h>

typedef struct P {
    Arena *a;
    const char *s, *end, *start;
    char *err;
    size_t errcap;
    int depth;
} P;

static Json *bad(P *p, const char *what)
{
    if (p->err && p->errcap)
        snprintf(p->err, p->errcap, "offset %zu: %s", (size_t)(p->s - p->start), what);
    return NULL;
}

static void ws(P *p)
{
    while (p->s < p->end && (*p->s == ' ' || *p->s == '\t' || *p->s == '\n' || *p->s == '\r'))
        p->s++;
}

static int hex4(P *p, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        if (p->s >= p->end)
            return 0;
        char c = *p->s++;
        v <<= 4;
        if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
        else return 0;
    }
    *out = v;
    return 1;
}

/* One escape after the backslash; appends UTF-8 to b.  Surrogate pairs
 * combine; a lone surrogate is an error. */
static int escape(P *p, Buf *b)
{
    if (p->s >= p->end)
        return 0;
    char c = *p->s++;
    const char *simple = "\"\"\\\\//b\bf\fn\nr\rt\t";
    for (const char *q = simple; *q; q += 2)
        if (*q == c) {
            buf_byte(b, (uint8_t)q[1]);
            return 1;
        }
    if (c != 'u')
        return 0;
    unsigned u, lo;
    if (!hex4(p, &u))
        return 0;
    if (u >= 0xD800 && u < 0xDC00) {
        if (p->end - p->s < 6 || p->s[0] != '\\' || p->s[1] != 'u')
            return 0;
        p->s += 2;
        if (!hex4(p, &lo) || lo < 0xDC00 || lo >= 0xE000)
            return 0;
        u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
    } else if (u >= 0xDC00 && u < 0xE000) {
        return 0;
    }
    char enc[4];
    int n = utf8_encode(u, enc);
    buf_put(b, enc, (size_t)n);
    return n > 0;
}

static Json *string(P *p, Json *v)
{
    Buf b;
    buf_init(&b);
    p->s++; /* opening quote */
    for (;;) {
        if (p->s >= p->end) {
            buf_release(&b);
            return bad(p, "unterminated string");
        }
        char c = *p->s++;
        if (c == '"')
            break;
        if ((unsigned char)c < 0x20) {
            buf_release(&b);
            return bad(p, "control character in string");
        }
        if (c == '\\') {
            if (!escape(p, &b)) {
                buf_release(&b);
                return bad(p, "bad escape");
            }
        } else {
            buf_byte(&b, (uint8_t)c);
        }
    }
    v->kind = JSON_STR;
    v->len = b.len;
    v->str = arena_strndup(p->a, b.len ? (const char *)b.data : "", b.len);
    int failed = b.failed;
    buf_release(&b);
    return failed || !v->str ? bad(p, "out of memory") : v;
}

static Json *value(P *p);

/* Array or object: items separated by commas, up to `close`. */
static Json *container(P *p, Json *v, char close)
{
    int is_obj = close == '}';
    size_t cap = 0;
    v->kind = is_obj ? JSON_OBJ : JSON_ARR;
    p->s++;
    ws(p);
    if (p->s < p->end && *p->s == close) {
        p->s++;
        return v;
    }
    for (;;) {
        Json key = {0};
        ws(p);
        if (is_obj) {
            if (p->s >= p->end || *p->s != '"' || !string(p, &key))
                return bad(p, "object key expected");
            ws(p);
            if (p->s >= p->end || *p->s++ != ':')
                return bad(p, "':' expected");
        }
        Json *item = value(p);
        if (!item)
            return NULL;
        if (v->n == cap) {
            size_t ncap = cap ? cap * 2 : 8;
            Json **items = arena_array(p->a, ncap, sizeof *items);
            const char **keys = arena_array(p->a, ncap, sizeof *keys);
            if (!items || !keys)
                return bad(p, "out of memory");
            if (v->n) {
                memcpy(items, v->items, v->n * sizeof *items);
                if (is_obj)
                    memcpy(keys, v->keys, v->n * sizeof *keys);
            }
            v->items = items;
            v->keys = keys;
            cap = ncap;
        }
        v->items[v->n] = item;
        if (is_obj)
            v->keys[v->n] = key.str;
        v->n++;
        ws(p);
        if (p->s < p->end && *p->s == ',') {
            p->s++;
            continue;
        }
        if (p->s < p->end && *p->s == close) {
            p->s++;
            return v;
        }
        return bad(p, "',' or closing bracket expected");
    }
}

static Json *number(P *p, Json *v)
{
    const char *st = p->s;
    if (p->s < p->end && *p->s == '-')
        p->s++;
    while (p->s < p->end && strchr("0123456789.eE+-", *p->s))
        p->s++;
    if (p->s == st)
        return bad(p, "value expected");
    v->kind = JSON_NUM;
    v->len = (size_t)(p->s - st);
    v->str = arena_strndup(p->a, st, v->len);
    return v->str ? v : bad(p, "out of memory");
}

static int word(P *p, const char *w)
{
    size_t n = strlen(w);
    if ((size_t)(p->end - p->s) < n || memcmp(p->s, w, n) != 0)
        return 0;
    p->s += n;
    return 1;
}

static Json *value(P *p)
{
    ws(p);
    if (p->s >= p->end)
        return bad(p, "unexpected end");
    if (++p->depth > 200)
        return bad(p, "nesting too deep");
    Json *v = ARENA_NEW(p->a, Json);
    if (!v)
        return bad(p, "out of memory");
    Json *r;
    switch (*p->s) {
    case '{': r = container(p, v, '}'); break;
    case '[': r = container(p, v, ']'); break;
    case '"': r = string(p, v); break;
    default:
        if (word(p, "null")) {
            v->kind = JSON_NULL;
            r = v;
        } else if (word(p, "true")) {
            v->kind = JSON_BOOL;
            v->boolean = 1;
            r = v;
        } else if (word(p, "false")) {
            v->kind = JSON_BOOL;
            r = v;
        } else {
            r = number(p, v);
        }
    }
    p->depth--;
    return r;
}

Json *json_parse(Arena *a, const char *text, size_t len, char *errbuf, size_t errcap)
{
    P p = {a, text, text + len, text, errbuf, errcap, 0};
    Json *v = value(&p);
    if (!v)
        return NULL;
    ws(&p);
    if (p.s != p.end)
        return bad(&p, "content after the value");
    return v;
}

const Json *json_get(const Json *v, const char *key)
{
    if (!v || v->kind != JSON_OBJ)
        return NULL;
    for (size_t i = 0; i < v->n; i++)
        if (strcmp(v->keys[i], key) == 0)
            return v->items[i];
    return NULL;
}

const char *json_str(const Json *v)
{
    return v && (v->kind == JSON_STR || v->kind == JSON_NUM) ? v->str : NULL;
}

const Json *json_at(const Json *v, size_t i)
{
    return v && v->kind == JSON_ARR && i < v->n ? v->items[i] : NULL;
}

size_t json_len(const Json *v)
{
    return v && (v->kind == JSON_ARR || v->kind == JSON_OBJ) ? v->n : 0;
}
