/* compuses.c - where the `use`d types of interfaces come from, read off a
 * world's component type or a component's sections (see compdec.h).
 *
 * Types aliased out of an instance (`alias export $i "name" (type)`) carry
 * their origin; an instance type reaches them with `alias outer 1 N` and
 * exports them under a name with `(eq ...)`.  So an instance type's export
 * N with an origin is a `use` of that origin by whichever item is declared
 * with that instance type. */
#include "compdec.h"

#include <stdlib.h>
#include <string.h>

typedef struct Origin {
    const char *item, *name; /* NULL: a type of no instance */
} Origin;

typedef struct Pair { /* an export of an instance type with an origin */
    const char *name;
    Origin from;
} Pair;

typedef struct Summary { /* per outer type index: the pairs of an instance type */
    Pair *v;
    uint32_t n;
    const WcType *raw; /* the instance type itself */
} Summary;

typedef struct Walk {
    Arena *a;
    Origin *types;
    Summary *sums;
    uint32_t ntypes, ctypes;
    const char **insts;
    uint32_t ninsts, cinsts;
    CompUses *out;
    int oom;
} Walk;

static const char *str(Walk *w, WcStr s)
{
    const char *p = arena_strndup(w->a, s.s, s.len);
    if (!p)
        w->oom = 1;
    return p;
}

static void push_type(Walk *w, Origin o, Summary s)
{
    if (w->ntypes == w->ctypes) {
        uint32_t nc = w->ctypes ? w->ctypes * 2 : 64;
        Origin *t = realloc(w->types, nc * sizeof *t);
        Summary *u = t ? realloc(w->sums, nc * sizeof *u) : NULL;
        if (t)
            w->types = t;
        if (!t || !u) {
            w->oom = 1;
            return;
        }
        w->sums = u;
        w->ctypes = nc;
    }
    w->types[w->ntypes] = o;
    w->sums[w->ntypes++] = s;
}

static void push_inst(Walk *w, const char *name)
{
    if (w->ninsts == w->cinsts) {
        uint32_t nc = w->cinsts ? w->cinsts * 2 : 32;
        const char **p = realloc(w->insts, nc * sizeof *p);
        if (!p) {
            w->oom = 1;
            return;
        }
        w->insts = p;
        w->cinsts = nc;
    }
    w->insts[w->ninsts++] = name;
}

/* The pairs of an instance type nested in the current scope. */
static Summary summarize(Walk *w, const WcType *t)
{
    Summary s = {0};
    Origin *local = calloc((size_t)t->n + 1, sizeof *local);
    Pair *pairs = ARENA_ARRAY(w->a, Pair, (size_t)t->n + 1);
    uint32_t nl = 0;
    if (!local || !pairs) {
        free(local);
        w->oom = 1;
        return s;
    }
    for (uint32_t i = 0; i < t->n; i++) {
        const WcDecl *d = &t->decls[i];
        Origin o = {0};
        switch (d->kind) {
        case WC_DECL_TYPE:
            local[nl++] = o;
            break;
        case WC_DECL_ALIAS:
            if (d->alias.sort.sort != WC_SORT_TYPE)
                break;
            if (d->alias.target == WC_ALIAS_OUTER && d->alias.outer_ct == 1 &&
                d->alias.outer_idx < w->ntypes)
                o = w->types[d->alias.outer_idx];
            local[nl++] = o;
            break;
        case WC_DECL_EXPORT:
            if (d->desc.kind != WC_EXT_TYPE)
                break;
            if (d->desc.bound == 0 && d->desc.idx < nl && local[d->desc.idx].item)
                pairs[s.n++] = (Pair){str(w, d->name.name), local[d->desc.idx]};
            local[nl++] = o;
            break;
        default:
            break;
        }
    }
    free(local);
    s.v = pairs;
    s.raw = t;
    return s;
}

static void add_uses(Walk *w, const char *item, uint32_t type)
{
    if (type >= w->ntypes)
        return;
    const Summary *s = &w->sums[type];
    if (s->raw) {
        CompUses *u = w->out;
        if (u->ninsts == u->cinsts) {
            uint32_t nc = u->cinsts ? u->cinsts * 2 : 32;
            CompInst *p = ARENA_ARRAY(w->a, CompInst, nc);
            if (!p) {
                w->oom = 1;
                return;
            }
            if (u->ninsts)
                memcpy(p, u->insts, u->ninsts * sizeof *p);
            u->insts = p;
            u->cinsts = nc;
        }
        u->insts[u->ninsts++] = (CompInst){item, s->raw};
    }
    for (uint32_t i = 0; i < s->n; i++) {
        CompUses *u = w->out;
        if (u->n == u->cap) {
            uint32_t nc = u->cap ? u->cap * 2 : 64;
            CompUse *p = ARENA_ARRAY(w->a, CompUse, nc);
            if (!p) {
                w->oom = 1;
                return;
            }
            if (u->n)
                memcpy(p, u->v, u->n * sizeof *p);
            u->v = p;
            u->cap = nc;
        }
        u->v[u->n++] = (CompUse){item, s->v[i].name, s->v[i].from.item, s->v[i].from.name};
    }
}

static void on_type(Walk *w, const WcType *t)
{
    Summary s = {0};
    if (t->kind == WC_TY_INSTANCE)
        s = summarize(w, t);
    push_type(w, (Origin){0}, s);
}

static void on_alias(Walk *w, const WcAlias *al)
{
    if (al->sort.sort == WC_SORT_TYPE) {
        Origin o = {0};
        if (al->target == WC_ALIAS_EXPORT && al->instance < w->ninsts)
            o = (Origin){w->insts[al->instance], str(w, al->name)};
        push_type(w, o, (Summary){0});
    } else if (al->sort.sort == WC_SORT_INSTANCE) {
        push_inst(w, NULL);
    }
}

/* An import or export bound to a type description. */
static void on_extern(Walk *w, WcName name, const WcExternDesc *d)
{
    if (d->kind == WC_EXT_TYPE) {
        push_type(w, (Origin){0}, (Summary){0});
    } else if (d->kind == WC_EXT_INSTANCE) {
        const char *n = str(w, name.name);
        add_uses(w, n, d->idx);
        push_inst(w, n);
    }
}

static int finish(Walk *w)
{
    free(w->types);
    free(w->sums);
    free(w->insts);
    return !w->oom;
}

int compdec_uses_decls(Arena *a, const WcDecl *decls, uint32_t n, CompUses *out)
{
    Walk w = {.a = a, .out = out};
    for (uint32_t i = 0; i < n && !w.oom; i++) {
        const WcDecl *d = &decls[i];
        switch (d->kind) {
        case WC_DECL_TYPE: on_type(&w, d->type); break;
        case WC_DECL_ALIAS: on_alias(&w, &d->alias); break;
        case WC_DECL_IMPORT:
        case WC_DECL_EXPORT: on_extern(&w, d->name, &d->desc); break;
        default: break;
        }
    }
    return finish(&w);
}

int compdec_uses_component(Arena *a, const WcComponent *c, CompUses *out)
{
    Walk w = {.a = a, .out = out};
    for (uint32_t i = 0; i < c->nsections && !w.oom; i++) {
        const WcSection *s = &c->sections[i];
        for (uint32_t k = 0; k < s->n && !w.oom; k++) {
            switch (s->id) {
            case WC_SEC_TYPE: on_type(&w, s->u.types[k]); break;
            case WC_SEC_ALIAS: on_alias(&w, &s->u.aliases[k]); break;
            case WC_SEC_IMPORT: on_extern(&w, s->u.imports[k].name, &s->u.imports[k].desc); break;
            case WC_SEC_INSTANCE: push_inst(&w, NULL); break;
            case WC_SEC_EXPORT: {
                const WcExport *x = &s->u.exports[k];
                if (x->item.sort.sort == WC_SORT_TYPE)
                    push_type(&w, (Origin){0}, (Summary){0});
                else if (x->item.sort.sort == WC_SORT_INSTANCE)
                    push_inst(&w, str(&w, x->name.name));
                break;
            }
            default: break;
            }
        }
    }
    return finish(&w);
}
