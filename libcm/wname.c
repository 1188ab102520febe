/* wname.c - decoding the "name" custom section (core spec 2.0, Appendix 7.4).
 *
 *   namesec  ::= subsection*           (ids 0 module, 1 function, 2 local, in order)
 *   subsec   ::= id:byte size:u32 contents
 *   namemap  ::= vec(idx:u32 name)
 *   indirect ::= vec(idx:u32 namemap)
 *
 * Lenient by design (a custom section cannot make a module malformed):
 * decoding stops at the first problem and keeps what it has; `complete`
 * records whether the whole section was understood.
 */
#include "wname.h"

#include "reader.h"

#include <string.h>

/* Read a name into the arena; returns 0 on malformed input, -1 on OOM. */
static int read_name(Arena *a, const uint8_t **p, const uint8_t *end, WName *out)
{
    const char *s;
    uint32_t n;
    if (rd_name(p, end, &s, &n))
        return 0;
    char *copy = arena_strndup(a, s, n);
    if (!copy)
        return -1;
    out->str = copy;
    out->len = n;
    return 1;
}

/* Read a namemap; returns 1 ok, 0 malformed, -1 OOM. */
static int read_namemap(Arena *a, const uint8_t **p, const uint8_t *end, uint32_t *out_n,
                        const WNameAssoc **out)
{
    uint32_t n;
    if (rd_count(p, end, 2, &n))
        return 0;
    WNameAssoc *v = arena_array(a, n ? n : 1, sizeof *v);
    if (!v)
        return -1;
    for (uint32_t i = 0; i < n; i++) {
        if (rd_uleb32(p, end, &v[i].index))
            return 0;
        int r = read_name(a, p, end, &v[i].name);
        if (r <= 0)
            return r;
        *out_n = i + 1; /* keep the prefix read so far */
        *out = v;
    }
    *out_n = n;
    *out = v;
    return 1;
}

static int read_indirect(Arena *a, const uint8_t **p, const uint8_t *end, WNames *names)
{
    uint32_t n;
    if (rd_count(p, end, 2, &n))
        return 0;
    WLocalNames *v = arena_array(a, n ? n : 1, sizeof *v);
    if (!v)
        return -1;
    names->locals = v;
    for (uint32_t i = 0; i < n; i++) {
        if (rd_uleb32(p, end, &v[i].func))
            return 0;
        int r = read_namemap(a, p, end, &v[i].count, &v[i].names);
        if (r <= 0)
            return r;
        names->nlocals = i + 1;
    }
    return 1;
}

WNames *wname_decode(Arena *a, const uint8_t *data, size_t len)
{
    WNames *names = ARENA_NEW(a, WNames);
    if (!names)
        return NULL;
    const uint8_t *p = data, *end = data + len;
    int last_id = -1;
    while (p < end) {
        uint8_t id;
        uint32_t size;
        const uint8_t *body;
        if (rd_u8(&p, end, &id) || rd_uleb32(&p, end, &size) || rd_bytes(&p, end, size, &body))
            return names;
        if ((int)id <= last_id)
            return names; /* out of order or repeated: stop here */
        last_id = id;
        const uint8_t *q = body, *qend = body + size;
        int r = 1;
        if (id == 0) {
            r = read_name(a, &q, qend, &names->module);
            names->has_module = r > 0;
        } else if (id == 1) {
            r = read_namemap(a, &q, qend, &names->nfuncs, &names->funcs);
        } else if (id == 2) {
            r = read_indirect(a, &q, qend, names);
        } else {
            q = qend; /* later extensions (labels, types...): skipped */
        }
        if (r < 0)
            return NULL;
        if (r == 0 || q != qend)
            return names;
    }
    names->complete = 1;
    return names;
}
