/* ctypes_subst.c - type substitution: replace abstract resources by other
 * types, as instantiating a component does with its type imports
 * (Explainer.md "Type checking instantiate").  Unchanged subtrees are
 * shared, changed ones are copied into the arena. */
#include "ctypes.h"

#include <string.h>

typedef struct Subst {
    Arena *a;
    const CtType *const *from;
    CtType *const *to;
    size_t n;
    int oom;
} Subst;

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

static CtType *subst(Subst *s, CtType *t)
{
    if (!t || ct_is_prim(t->kind) || s->oom)
        return t;
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
    Subst s = {a, from, to, n, 0};
    CtType *r = subst(&s, t);
    return s.oom ? NULL : r;
}
