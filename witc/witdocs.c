/* witdocs.c - documentation text from the comments in front of an item,
 * computed exactly as wit-parser does (its `docs` in the JSON): every
 * comment counts, not only `///` and doc blocks. */
#include "witpkg.h"

#include <stdint.h>
#include <string.h>

static int is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* wit-parser's rule: strip the comment markers, trim the end, remove the
 * common indentation (counted in whitespace bytes, removed as spaces), then
 * join the lines with '\n' and drop trailing newlines. */
const char *witpkg_docs(Arena *a, const WitAstDocs *d)
{
    if (!d->n)
        return NULL;
    const char **s = ARENA_ARRAY(a, const char *, d->n);
    size_t *len = ARENA_ARRAY(a, size_t, d->n);
    if (!s || !len)
        return NULL;
    size_t total = 0, minws = SIZE_MAX;
    for (uint32_t i = 0; i < d->n; i++) {
        const char *t = d->text[i];
        size_t n = strlen(t);
        if (n >= 3 && !strncmp(t, "/**", 3) && n >= 5 && !strcmp(t + n - 2, "*/"))
            t += 3, n -= 5;
        else
            while (n && *t == '/')
                t++, n--;
        while (n && is_ws(t[n - 1]))
            n--;
        s[i] = t, len[i] = n;
        if (n) {
            size_t w = 0;
            while (w < n && is_ws(t[w]))
                w++;
            if (w < minws)
                minws = w;
        }
        total += n + 1;
    }
    if (minws == SIZE_MAX)
        minws = 0;
    char *out = arena_alloc(a, total + 1), *o = out;
    if (!out)
        return NULL;
    for (uint32_t i = 0; i < d->n; i++) {
        const char *t = s[i];
        size_t n = len[i], k = 0;
        while (k < minws && k < n && t[k] == ' ')
            k++;
        if (k == minws)
            t += k, n -= k;
        if (!n) {
            *o++ = '\n';
            continue;
        }
        /* str::lines: split at '\n', dropping a '\r' before it */
        size_t p = 0;
        while (p < n) {
            size_t e = p;
            while (e < n && t[e] != '\n')
                e++;
            size_t le = e;
            if (le > p && t[le - 1] == '\r')
                le--;
            memcpy(o, t + p, le - p);
            o += le - p;
            *o++ = '\n';
            p = e + 1;
        }
    }
    while (o > out && o[-1] == '\n')
        o--;
    *o = 0;
    return out;
}

