/* ctypes_subst.c - type substitution: replace abstract resources by other
 * types, as instantiating a component does with its type imports
 * (Explainer.md "Type checking instantiate").  Unchanged subtrees are
 * shared, changed ones are copied into the arena, and each node is visited
 * once (types are DAGs: without the memo a hostile input could make the
 * copy exponential). */
#include "ctypes.h"

#include <stdlib.h>
#include <string.h>

/* Open-addressing memo: node -> its substituted form. */
typedef struct Memo {
    const CtType **key;
    CtType **val;
    size_t cap, len; /* cap is a power of two */
} Memo;

typedef struct Subst {
    Arena *a;
    const CtType *const *from;
    CtType *const *to;
    size_t n;
    Memo memo;
    int oom;
} Subst;

static size_t slot(const Memo *m, const CtType *t)
{
    size_t h = (size_t)(uintptr_t)t;
    h ^= h >> 17;
    h *= 0x9e3779b97f4a7c15ull & SIZE_MAX;
    return h & (m->cap - 1);
}

static CtType **memo_find(Memo *m, const CtType *t)
{
    if (!m->cap)
        return NULL;
    for (size_t i = slot(m, t);; i = (i + 1) & (m->cap - 1)) {
        if (m->key[i] == t)
            return &m->val[i];
        if (!m->key[i])
            return NULL;
    }
}

static int memo_put(Memo *m, const CtType *t, CtType *v)
{
    if ((m->len + 1) * 2 > m->cap) {
        Memo g = {0};
        g.cap = m->cap ? m->cap * 2 : 64;
        g.key = calloc(g.cap, sizeof *g.key);
        g.val = calloc(g.cap, sizeof *g.val);
        if (!g.key || !g.val) {
            free(g.key);
            free(g.val);
            return 0;
        }
        for (size_t i = 0; i < m->cap; i++)
            if (m->key[i])
                memo_put(&g, m->key[i], m->val[i]);
        free(m->key);
        free(m->val);
        *m = g;
    }
    size_t i = slot(m, t);
    while (m->key[i] && m->key[i] != t)
        i = (i + 1) & (m->cap - 1);
    if (!m->key[i])
        m->len++;
    m->key[i] = t;
    m->val[i] = v;
    return 1;
}

static CtType *subst(Subst *s, CtType *t);

static CtType *clone(Subst *s, const CtType *t)
{
    CtType *c = ARENA_NEW(s->a, CtType);
    if (!c) {
        s->oom = 1;
        return NULL;
    }
    *c = *t;
    return c;
}

/* Substitute an array of fields or externs; returns a new array only if
 * something changed (NULL and *changed == 0 otherwise). */
static CtField *fields(Subst *s, const CtField *f, uint32_t n, int *changed)
{
    CtField *out = NULL;
    for (uint32_t i = 0; i < n; i++) {
        CtType *t = f[i].type ? subst(s, f[i].type) : NULL;
        if (t == f[i].type)
            continue;
        if (!out && !(out = arena_memdup(s->a, f, n * sizeof *f))) {
            s->oom = 1;
            return NULL;
        }
        out[i].type = t;
    }
    *changed = out != NULL;
    return out;
}

static CtExtern *externs(Subst *s, const CtExtern *x, uint32_t n, int *changed)
{
    CtExtern *out = NULL;
    for (uint32_t i = 0; i < n; i++) {
        CtType *t = x[i].type ? subst(s, x[i].type) : NULL;
        if (t == x[i].type)
            continue;
        if (!out && !(out = arena_memdup(s->a, x, n * sizeof *x))) {
            s->oom = 1;
            return NULL;
        }
        out[i].type = t;
    }
    *changed = out != NULL;
    return out;
}

static CtType *subst_node(Subst *s, CtType *t);

static CtType *subst(Subst *s, CtType *t)
{
    if (!t || ct_is_prim(t->kind) || s->oom)
        return t;
    CtType **done = memo_find(&s->memo, t);
    if (done)
        return *done;
    CtType *r = subst_node(s, t);
    if (!memo_put(&s->memo, t, r))
        s->oom = 1;
    return r;
}

static CtType *subst_node(Subst *s, CtType *t)
{
    if (t->kind == CT_RESOURCE) {
        for (size_t i = 0; i < s->n; i++)
            if (s->from[i] == t)
                return s->to[i];
        return t;
    }
    CtType *elem = subst(s, t->elem), *err = subst(s, t->err), *result = subst(s, t->result);
    CtType *res = subst(s, t->resource);
    int fc = 0, tc = 0, ic = 0, ec = 0;
    CtField *f = fields(s, t->fields, t->fields ? t->n : 0, &fc);
    CtType **types = NULL;
    for (uint32_t i = 0; t->types && i < t->n; i++) {
        CtType *u = subst(s, t->types[i]);
        if (u == t->types[i])
            continue;
        if (!types && !(types = arena_memdup(s->a, t->types, t->n * sizeof *types))) {
            s->oom = 1;
            return t;
        }
        types[i] = u;
        tc = 1;
    }
    CtExtern *im = externs(s, t->imports, t->nimports, &ic);
    CtExtern *ex = externs(s, t->exports, t->nexports, &ec);
    if (s->oom || (elem == t->elem && err == t->err && result == t->result && res == t->resource &&
                   !fc && !tc && !ic && !ec))
        return t;
    CtType *c = clone(s, t);
    if (!c)
        return t;
    c->elem = elem, c->err = err, c->result = result, c->resource = res;
    if (fc)
        c->fields = f;
    if (tc)
        c->types = types;
    if (ic)
        c->imports = im;
    if (ec)
        c->exports = ex;
    return c;
}

CtType *ct_subst(Arena *a, CtType *t, const CtType *const *from, CtType *const *to, size_t n)
{
    Subst s = {a, from, to, n, {0}, 0};
    CtType *r = subst(&s, t);
    free(s.memo.key);
    free(s.memo.val);
    return s.oom ? NULL : r;
}
