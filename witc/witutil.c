/* witutil.c - small helpers of the WIT front end: growth of arena arrays,
 * errors, SemVer ordering, package names. */
#include "witint.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

int wit_grow_(Arena *a, void **data, uint32_t n, uint32_t *cap, size_t elem)
{
    if (n < *cap)
        return 1;
    uint32_t ncap = *cap ? *cap * 2 : 4;
    if (ncap < *cap)
        return 0;
    void *p = arena_array(a, ncap, elem);
    if (!p)
        return 0;
    if (n)
        memcpy(p, *data, (size_t)n * elem);
    *data = p;
    *cap = ncap;
    return 1;
}

uint32_t wit_hash(const char *s)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (uint8_t)*s) * 16777619u;
    return h;
}

uint32_t wit_map_get(const WitStrMap *m, const char *key)
{
    if (!m->cap)
        return WIT_NONE;
    for (uint32_t i = wit_hash(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        if (!m->keys[i])
            return WIT_NONE;
        if (!strcmp(m->keys[i], key))
            return m->vals[i];
    }
}

static void map_insert(WitStrMap *m, const char *key, uint32_t val)
{
    uint32_t i = wit_hash(key) & (m->cap - 1);
    while (m->keys[i] && strcmp(m->keys[i], key))
        i = (i + 1) & (m->cap - 1);
    if (!m->keys[i])
        m->n++;
    m->keys[i] = key;
    m->vals[i] = val;
}

int wit_map_put(Arena *a, WitStrMap *m, const char *key, uint32_t val)
{
    if ((m->n + 1) * 2 > m->cap) {
        WitStrMap g = {0};
        g.cap = m->cap ? m->cap * 2 : 16;
        if (g.cap < m->cap)
            return 0;
        g.keys = ARENA_ARRAY(a, const char *, g.cap);
        g.vals = ARENA_ARRAY(a, uint32_t, g.cap);
        if (!g.keys || !g.vals)
            return 0;
        for (uint32_t i = 0; i < m->cap; i++)
            if (m->keys[i])
                map_insert(&g, m->keys[i], m->vals[i]);
        *m = g;
    }
    map_insert(m, key, val);
    return 1;
}

CmErr wit_error(WitError *err, CmErr code, uint32_t pos, const char *fmt, ...)
{
    err->code = code;
    err->pos = pos;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return code;
}

static const char *const prim_names[] = {
    NULL, "bool", "u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64", "f32", "f64", "char",
    "string",
};

const char *wit_prim_name(WitTy t)
{
    return t > 0 && t <= WIT_TY_STRING ? prim_names[t] : NULL;
}

const char *wit_pkg_name_str(Arena *a, const WitPkgName *n)
{
    size_t len = strlen(n->ns) + strlen(n->name) + (n->version ? strlen(n->version) + 1 : 0) + 2;
    char *s = arena_alloc(a, len);
    if (s)
        snprintf(s, len, "%s:%s%s%s", n->ns, n->name, n->version ? "@" : "",
                 n->version ? n->version : "");
    return s;
}

/* The canonical form of a plain name for "strong uniqueness" (component
 * model Explainer, "Import and export definitions"): annotations dropped
 * except [constructor] and [set], hyphens removed, lowercase, and `x.x`
 * folded to `x`.  Written into out[cap] (truncated, always terminated). */
void wit_name_canon(const char *s, char *out, size_t cap)
{
    const char *pre = "";
    while (*s == '[') {
        if (!strncmp(s, "[constructor]", 13))
            pre = "[constructor]";
        else if (!strncmp(s, "[set]", 5))
            pre = "[set]";
        const char *e = strchr(s, ']');
        if (!e)
            break;
        s = e + 1;
    }
    size_t n = 0, dot = SIZE_MAX;
    for (; *pre && n + 1 < cap; pre++)
        out[n++] = *pre;
    size_t body = n;
    for (; *s && n + 1 < cap; s++) {
        if (*s == '-')
            continue;
        if (*s == '.' && dot == SIZE_MAX)
            dot = n;
        out[n++] = (char)tolower((unsigned char)*s);
    }
    out[n] = 0;
    /* `[...]x.x` is the same name as `x` */
    if (dot != SIZE_MAX && n - dot - 1 == dot - body && !memcmp(out + body, out + dot + 1, dot - body)) {
        memmove(out, out + body, dot - body);
        out[dot - body] = 0;
    }
}

int wit_name_eqi(const char *a, const char *b)
{
    char x[256], y[256];
    wit_name_canon(a, x, sizeof x);
    wit_name_canon(b, y, sizeof y);
    return !strcmp(x, y);
}

/* ---- SemVer ---- */

static int is_num(const char *s, size_t n)
{
    if (!n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return 0;
    return 1;
}

/* A dot-separated list of identifiers [0-9A-Za-z-]; numeric ones without
 * leading zeros when `strict_num`. */
static int valid_idents(const char *s, size_t n, int strict_num)
{
    size_t i = 0;
    if (!n)
        return 0;
    while (i <= n) {
        size_t j = i;
        while (j < n && s[j] != '.')
            j++;
        if (j == i)
            return 0;
        for (size_t k = i; k < j; k++)
            if (!isalnum((unsigned char)s[k]) && s[k] != '-')
                return 0;
        if (strict_num && is_num(s + i, j - i) && j - i > 1 && s[i] == '0')
            return 0;
        i = j + 1;
    }
    return 1;
}

int wit_semver_valid(const char *s, size_t n)
{
    size_t i = 0;
    for (int part = 0; part < 3; part++) {
        size_t j = i;
        while (j < n && isdigit((unsigned char)s[j]))
            j++;
        if (j == i || (j - i > 1 && s[i] == '0') || j - i > 19)
            return 0;
        i = j;
        if (part < 2) {
            if (i >= n || s[i] != '.')
                return 0;
            i++;
        }
    }
    if (i < n && s[i] == '-') {
        size_t j = ++i;
        while (j < n && s[j] != '+')
            j++;
        if (!valid_idents(s + i, j - i, 1))
            return 0;
        i = j;
    }
    if (i < n && s[i] == '+') {
        i++;
        if (!valid_idents(s + i, n - i, 0))
            return 0;
        i = n;
    }
    return i == n;
}

static int cmp_num(const char *a, size_t an, const char *b, size_t bn)
{
    while (an > 1 && *a == '0')
        a++, an--;
    while (bn > 1 && *b == '0')
        b++, bn--;
    if (an != bn)
        return an < bn ? -1 : 1;
    int c = memcmp(a, b, an);
    return c < 0 ? -1 : c > 0;
}

/* Compare dot-separated identifier lists the SemVer way: numeric ones
 * numerically and below alphanumeric ones, then by count. */
static int cmp_idents(const char *a, size_t an, const char *b, size_t bn)
{
    size_t i = 0, j = 0;
    while (i < an && j < bn) {
        size_t ie = i, je = j;
        while (ie < an && a[ie] != '.')
            ie++;
        while (je < bn && b[je] != '.')
            je++;
        int na = is_num(a + i, ie - i), nb = is_num(b + j, je - j);
        int c;
        if (na && nb)
            c = cmp_num(a + i, ie - i, b + j, je - j);
        else if (na != nb)
            c = na ? -1 : 1;
        else {
            size_t m = ie - i < je - j ? ie - i : je - j;
            c = memcmp(a + i, b + j, m);
            c = c ? (c < 0 ? -1 : 1) : (ie - i == je - j ? 0 : (ie - i < je - j ? -1 : 1));
        }
        if (c)
            return c;
        i = ie + 1, j = je + 1;
    }
    int ra = i < an, rb = j < bn;
    return ra == rb ? 0 : (ra ? 1 : -1);
}

typedef struct Ver {
    const char *s[3];
    size_t n[3];
    const char *pre, *build;
    size_t npre, nbuild;
} Ver;

static void split_ver(const char *v, Ver *o)
{
    memset(o, 0, sizeof *o);
    const char *p = v;
    for (int i = 0; i < 3; i++) {
        o->s[i] = p;
        while (isdigit((unsigned char)*p))
            p++;
        o->n[i] = (size_t)(p - o->s[i]);
        if (*p == '.')
            p++;
    }
    if (*p == '-') {
        o->pre = ++p;
        while (*p && *p != '+')
            p++;
        o->npre = (size_t)(p - o->pre);
    }
    if (*p == '+') {
        o->build = ++p;
        o->nbuild = strlen(p);
    }
}

int wit_semver_cmp(const char *a, const char *b)
{
    if (!a || !b)
        return a ? 1 : b ? -1 : 0;
    Ver x, y;
    split_ver(a, &x);
    split_ver(b, &y);
    for (int i = 0; i < 3; i++) {
        int c = cmp_num(x.s[i], x.n[i], y.s[i], y.n[i]);
        if (c)
            return c;
    }
    /* a pre-release sorts before the release */
    if (!x.pre != !y.pre)
        return x.pre ? -1 : 1;
    if (x.pre) {
        int c = cmp_idents(x.pre, x.npre, y.pre, y.npre);
        if (c)
            return c;
    }
    if (!x.build != !y.build)
        return x.build ? 1 : -1;
    return x.build ? cmp_idents(x.build, x.nbuild, y.build, y.nbuild) : 0;
}

int wit_pkg_name_cmp(const WitPkgName *a, const WitPkgName *b)
{
    int c = strcmp(a->ns, b->ns);
    if (!c)
        c = strcmp(a->name, b->name);
    if (!c)
        c = wit_semver_cmp(a->version, b->version);
    return c;
}

int wit_pkg_name_eq(const WitPkgName *a, const WitPkgName *b)
{
    return !strcmp(a->ns, b->ns) && !strcmp(a->name, b->name) &&
           wit_streq(a->version, b->version);
}
