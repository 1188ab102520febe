/* witpkg.c - resolve one package by itself (see witpkg.h).
 *
 * The order in which ids are handed out follows wit-parser exactly, because
 * `witc json` must print the same indices as `wasm-tools component wit
 * --json`: foreign placeholders first; then local interfaces and worlds in
 * a topological order of their `use`/`include` edges (ties broken by source
 * order); types as each interface, then each world, is resolved — `use`d
 * names first, then definitions in topological order, anonymous types
 * created (and interned) as they are first met; inline interfaces of worlds
 * after all named ones. */
#include "witpkg.h"
#include "witint.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct Item {
    const char *name;
    int is_world;
    uint32_t id;
} Item;

typedef struct ItemMap {
    Item *v;
    uint32_t n, cap;
    WitStrMap index; /* name -> position in v */
} ItemMap;

typedef struct Lookup {
    const char *name;
    uint32_t id;   /* type id */
    uint32_t span;
} Lookup;

typedef struct LookupList {
    Lookup *v;
    uint32_t n, cap;
    WitStrMap index; /* name -> position in v */
} LookupList;

typedef struct R {
    Arena *a;
    WitError *err;
    WitUPkg *pkg;
    const WitPkgSyntax *syn;
    ItemMap *file_items;   /* per declaration list */
    ItemMap pkg_items;
    uint32_t cur;          /* current declaration list */
    LookupList *iface_lk;  /* per local interface: its names (after resolution) */
    uint32_t niface_lk, ciface_lk;
    LookupList lk;         /* names of the interface or world being resolved */
    struct FileName *fns;  /* populate_items: the current file's names */
    uint32_t nfns;
    WitStrMap fns_index;   /* name -> position in fns */
    WitStrMap dep_index;   /* "ns:name@ver/" -> index in pkg->deps */
    WitStrMap item_index;  /* "ns:name@ver/item" -> dep << 20 | item */
    uint32_t nforeign_ifaces; /* foreign interfaces have the smallest ids */
    struct Graph *graph;   /* populate_items: interfaces and worlds */
    uint32_t *anon;        /* hash table of anonymous type ids (WIT_NONE: empty) */
    uint32_t anon_cap, anon_n;
} R;

static const WitStability stab_unknown = {WIT_STAB_UNKNOWN, NULL, NULL, NULL};

static int rfail(R *r, uint32_t pos, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static int rfail(R *r, uint32_t pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    r->err->code = CM_E_WIT_RESOLVE;
    r->err->pos = pos;
    vsnprintf(r->err->msg, sizeof r->err->msg, fmt, ap);
    va_end(ap);
    return -1;
}

static int room(R *r)
{
    wit_error(r->err, CM_E_OOM, WIT_NONE, "out of memory (limit 1 GiB)");
    return -1;
}

static Item *map_get(ItemMap *m, const char *name)
{
    uint32_t i = wit_map_get(&m->index, name);
    return i == WIT_NONE ? NULL : &m->v[i];
}

static int map_put(R *r, ItemMap *m, const char *name, int is_world, uint32_t id)
{
    Item *it = WIT_PUSH(r->a, m->v, m->n, m->cap);
    if (!it || !wit_map_put(r->a, &m->index, name, m->n - 1))
        return room(r);
    it->name = name, it->is_world = is_world, it->id = id;
    return 0;
}

static Lookup *lk_get(LookupList *l, const char *name)
{
    uint32_t i = wit_map_get(&l->index, name);
    return i == WIT_NONE ? NULL : &l->v[i];
}

/* Add a name (id WIT_NONE marks a function: not a type). */
static int lk_add(R *r, LookupList *l, const char *name, uint32_t id, uint32_t span)
{
    Lookup *x = WIT_PUSH(r->a, l->v, l->n, l->cap);
    if (!x || !wit_map_put(r->a, &l->index, name, l->n - 1))
        return room(r);
    x->name = name, x->id = id, x->span = span;
    return 0;
}

/* ---- documentation and gates ---- */

static const char *docs(R *r, const WitAstDocs *d)
{
    return witpkg_docs(r->a, d);
}

static int stability(R *r, const WitAstAttrs *at, WitStability *out)
{
    const WitAstAttr *since = NULL, *dep = NULL, *unst = NULL;
    for (uint32_t i = 0; i < at->n; i++) {
        const WitAstAttr *x = &at->v[i];
        const WitAstAttr **slot = x->kind == WITA_SINCE ? &since
                                  : x->kind == WITA_DEPRECATED ? &dep
                                                               : &unst;
        if (*slot)
            return rfail(r, x->span, "cannot specify @%s twice",
                         x->kind == WITA_SINCE ? "since"
                         : x->kind == WITA_DEPRECATED ? "deprecated"
                                                      : "unstable");
        *slot = x;
    }
    *out = stab_unknown;
    if (since && unst)
        return rfail(r, since->span, "cannot specify both @since and @unstable");
    if (dep && !since && !unst)
        return rfail(r, dep->span, "cannot specify @deprecated without @since or @unstable");
    if (since)
        out->kind = WIT_STAB_STABLE, out->since = since->value;
    if (unst)
        out->kind = WIT_STAB_UNSTABLE, out->feature = unst->value;
    if (dep)
        out->deprecated = dep->value;
    return 0;
}

/* ---- arenas of the package ---- */

static uint32_t alloc_type(R *r, const WitTypeDef *t)
{
    WitUPkg *p = r->pkg;
    WitTypeDef *slot = WIT_PUSH(r->a, p->types, p->ntypes, p->ctypes);
    if (!slot)
        return room(r), WIT_NONE;
    *slot = *t;
    return p->ntypes - 1;
}

static uint32_t alloc_iface(R *r, uint32_t span)
{
    WitUPkg *p = r->pkg;
    WitIface *it = WIT_PUSH(r->a, p->ifaces, p->nifaces, p->cifaces);
    LookupList *lk = WIT_PUSH(r->a, r->iface_lk, r->niface_lk, r->ciface_lk);
    if (!it || !lk)
        return room(r), WIT_NONE;
    it->span = span;
    it->package = WIT_NONE;
    it->clone_of = WIT_NONE;
    return p->nifaces - 1;
}

static uint32_t alloc_world(R *r, uint32_t span)
{
    WitUPkg *p = r->pkg;
    WitWorld *w = WIT_PUSH(r->a, p->worlds, p->nworlds, p->cworlds);
    if (!w)
        return room(r), WIT_NONE;
    w->span = span;
    w->package = WIT_NONE;
    w->name = "";
    return p->nworlds - 1;
}

/* ---- walking every `use`/`import`/`include` path (wit-parser's
 * for_each_path, in the same order: per world, uses and includes first,
 * then imports, then exports) ---- */

typedef enum { PK_IFACE, PK_WORLD, PK_UNKNOWN } PathKind;
typedef int (*PathFn)(R *r, const WitAstId *cur, const WitAstAttrs *attrs, const WitAstPath *path,
                      const WitAstUseName *names, uint32_t nnames, int has_names, PathKind kind);

static int visit_extern(R *r, const WitAstExtern *e, const WitAstAttrs *attrs, PathFn f)
{
    if (e->kind == WITEK_INTERFACE) {
        for (uint32_t i = 0; i < e->nitems; i++) {
            const WitAstIfaceItem *it = &e->items[i];
            if (it->kind == WITII_USE &&
                f(r, NULL, &it->use.attrs, &it->use.from, it->use.names, it->use.nnames, 1,
                  PK_IFACE))
                return -1;
        }
        return 0;
    }
    if (e->kind == WITEK_PATH)
        return f(r, NULL, attrs, &e->path, NULL, 0, 0, PK_IFACE);
    return 0;
}

static int for_each_path(R *r, const WitAstDecls *dl, PathFn f)
{
    for (uint32_t i = 0; i < dl->n; i++) {
        const WitAstTop *t = &dl->items[i];
        if (t->kind == WITTOP_WORLD) {
            const WitAstWorld *w = &t->world;
            for (uint32_t j = 0; j < w->nitems; j++) {
                const WitAstWorldItem *it = &w->items[j];
                int rc = 0;
                if (it->kind == WITWI_USE)
                    rc = f(r, NULL, &it->use.attrs, &it->use.from, it->use.names, it->use.nnames,
                           1, PK_IFACE);
                else if (it->kind == WITWI_INCLUDE)
                    rc = f(r, &w->name, &it->attrs, &it->inc, NULL, 0, 0, PK_WORLD);
                if (rc)
                    return -1;
            }
            for (int pass = 0; pass < 2; pass++)
                for (uint32_t j = 0; j < w->nitems; j++) {
                    const WitAstWorldItem *it = &w->items[j];
                    if (it->kind == (pass ? WITWI_EXPORT : WITWI_IMPORT) &&
                        visit_extern(r, &it->ext, &it->attrs, f))
                        return -1;
                }
        } else if (t->kind == WITTOP_IFACE) {
            for (uint32_t j = 0; j < t->iface.nitems; j++) {
                const WitAstIfaceItem *it = &t->iface.items[j];
                if (it->kind == WITII_USE &&
                    f(r, &t->iface.name, &it->use.attrs, &it->use.from, it->use.names,
                      it->use.nnames, 1, PK_IFACE))
                    return -1;
            }
        } else if (t->kind == WITTOP_USE) {
            if (f(r, NULL, &t->attrs, &t->path, NULL, 0, 0, PK_UNKNOWN))
                return -1;
        }
    }
    return 0;
}

/* ---- foreign dependencies ---- */

/* "ns:name@ver/item" (or without "/item") into buf; NULL if too long. */
static const char *dep_key(const WitAstPath *path, const char *item, char *buf, size_t cap)
{
    int n = snprintf(buf, cap, "%s:%s@%s/%s", path->pkg.ns, path->pkg.name,
                     path->pkg.version ? path->pkg.version : "", item ? item : "");
    return n < 0 || (size_t)n >= cap ? NULL : buf;
}

static const WitForeignItem *foreign_item(R *r, const WitAstPath *path);

static WitForeignPkg *dep_pkg(R *r, const WitAstPath *path)
{
    char buf[512];
    const char *k = dep_key(path, NULL, buf, sizeof buf);
    if (k) {
        uint32_t i = wit_map_get(&r->dep_index, k);
        return i == WIT_NONE ? NULL : &r->pkg->deps[i];
    }
    WitUPkg *p = r->pkg;
    for (uint32_t i = 0; i < p->ndeps; i++)
        if (wit_pkg_name_eq(&p->deps[i].name, &path->pkg))
            return &p->deps[i];
    return NULL;
}

static int foreign_dep(R *r, const WitAstId *cur, const WitAstAttrs *attrs,
                       const WitAstPath *path, const WitAstUseName *names, uint32_t nnames,
                       int has_names, PathKind kind)
{
    (void)cur, (void)names, (void)nnames, (void)has_names;
    if (!path->is_pkg)
        return 0;
    WitStability st;
    if (stability(r, attrs, &st))
        return -1;
    WitUPkg *p = r->pkg;
    WitForeignPkg *d = dep_pkg(r, path);
    char buf[512];
    if (!d) {
        if (!(d = WIT_PUSH(r->a, p->deps, p->ndeps, p->cdeps)))
            return room(r);
        d->name = path->pkg;
        d->span = path->pkg_span;
        const char *k = dep_key(path, NULL, buf, sizeof buf);
        if (k && (!(k = arena_strdup(r->a, k)) || !wit_map_put(r->a, &r->dep_index, k, p->ndeps - 1)))
            return room(r);
    }
    WitForeignItem *fi = (WitForeignItem *)foreign_item(r, path);
    if (!fi) {
        if (!(fi = WIT_PUSH(r->a, d->items, d->n, d->cap)))
            return room(r);
        /* indexed while the packed value fits; beyond, lookups are linear */
        const char *k = d->n <= 0x100000 && p->ndeps <= 0x1000
                            ? dep_key(path, path->name.name, buf, sizeof buf)
                            : NULL;
        if (k && (!(k = arena_strdup(r->a, k)) ||
                  !wit_map_put(r->a, &r->item_index, k,
                               (uint32_t)(d - p->deps) << 20 | (d->n - 1))))
            return room(r);
        fi->name = path->name.name;
        fi->is_world = kind == PK_WORLD;
        fi->id = fi->is_world ? alloc_world(r, path->name.span) : alloc_iface(r, path->name.span);
        if (fi->id == WIT_NONE)
            return -1;
        if (!fi->is_world)
            p->ifaces[fi->id].name = fi->name;
        else
            p->worlds[fi->id].name = fi->name;
    }
    WitStability *s = WIT_PUSH(r->a, fi->stabs, fi->nstabs, fi->cstabs);
    if (!s)
        return room(r);
    *s = st;
    return 0;
}

static const WitForeignItem *foreign_item(R *r, const WitAstPath *path)
{
    char buf[512];
    const char *k = dep_key(path, path->name.name, buf, sizeof buf);
    uint32_t v = k ? wit_map_get(&r->item_index, k) : WIT_NONE;
    if (v != WIT_NONE && (v >> 20) < r->pkg->ndeps && (v & 0xfffff) < r->pkg->deps[v >> 20].n &&
        !strcmp(r->pkg->deps[v >> 20].items[v & 0xfffff].name, path->name.name))
        return &r->pkg->deps[v >> 20].items[v & 0xfffff];
    WitForeignPkg *d = dep_pkg(r, path);
    for (uint32_t i = 0; d && i < d->n; i++)
        if (!strcmp(d->items[i].name, path->name.name))
            return &d->items[i];
    return NULL;
}

/* ---- topological sort (wit-parser's toposort: among the nodes whose
 * dependencies are placed, always take the earliest in source order) ---- */

typedef struct Edge {
    uint32_t from;
    const char *to;
    uint32_t span;
} Edge;

typedef struct Graph {
    const char **names;
    uint32_t n, cap;
    Edge *edges;
    uint32_t nedges, cedges;
    WitStrMap index; /* name -> node */
} Graph;

static int64_t node_index(const Graph *g, const char *name)
{
    uint32_t i = wit_map_get(&g->index, name);
    return i == WIT_NONE ? -1 : (int64_t)i;
}

static const char **add_node(R *r, Graph *g, const char *name)
{
    const char **s = WIT_PUSH(r->a, g->names, g->n, g->cap);
    if (!s || !wit_map_put(r->a, &g->index, name, g->n - 1)) {
        room(r);
        return NULL;
    }
    *s = name;
    return s;
}

/* A binary min-heap of node indices. */
static void heap_push(uint32_t *h, uint32_t *n, uint32_t v)
{
    uint32_t i = (*n)++;
    while (i > 0 && h[(i - 1) / 2] > v) {
        h[i] = h[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    h[i] = v;
}

static uint32_t heap_pop(uint32_t *h, uint32_t *n)
{
    uint32_t top = h[0], v = h[--(*n)], i = 0;
    for (;;) {
        uint32_t c = 2 * i + 1;
        if (c >= *n)
            break;
        if (c + 1 < *n && h[c + 1] < h[c])
            c++;
        if (h[c] >= v)
            break;
        h[i] = h[c];
        i = c;
    }
    if (*n)
        h[i] = v;
    return top;
}

static int toposort(R *r, const Graph *g, const char *kind, uint32_t **out)
{
    uint32_t n = g->n, ne = g->nedges;
    uint32_t *remaining = ARENA_ARRAY(r->a, uint32_t, n + 1);
    uint32_t *target = ARENA_ARRAY(r->a, uint32_t, ne + 1);
    uint32_t *first = ARENA_ARRAY(r->a, uint32_t, n + 2); /* reverse edges, CSR */
    uint32_t *rev = ARENA_ARRAY(r->a, uint32_t, ne + 1);
    uint32_t *order = ARENA_ARRAY(r->a, uint32_t, n + 1);
    uint32_t *heap = ARENA_ARRAY(r->a, uint32_t, n + 1);
    if (!remaining || !target || !first || !rev || !order || !heap)
        return room(r);
    for (uint32_t e = 0; e < ne; e++) {
        int64_t j = node_index(g, g->edges[e].to);
        if (j < 0)
            return rfail(r, g->edges[e].span, "%s `%s` does not exist", kind, g->edges[e].to);
        target[e] = (uint32_t)j;
        remaining[g->edges[e].from]++;
        first[j + 1]++;
    }
    for (uint32_t i = 0; i < n; i++)
        first[i + 1] += first[i];
    uint32_t *fill = ARENA_ARRAY(r->a, uint32_t, n + 1);
    if (!fill)
        return room(r);
    for (uint32_t e = 0; e < ne; e++)
        rev[first[target[e]] + fill[target[e]]++] = g->edges[e].from;
    /* always place the earliest (in source order) node that is ready */
    uint32_t placed = 0, nh = 0;
    for (uint32_t i = 0; i < n; i++)
        if (!remaining[i])
            heap_push(heap, &nh, i);
    while (nh) {
        uint32_t pick = heap_pop(heap, &nh);
        order[placed++] = pick;
        for (uint32_t k = first[pick]; k < first[pick + 1]; k++)
            if (--remaining[rev[k]] == 0)
                heap_push(heap, &nh, rev[k]);
    }
    if (placed < n) {
        /* report like wit-parser: the first unplaced node (in source order)
         * and its first edge to another unplaced node */
        uint32_t best = UINT32_MAX;
        for (uint32_t e = 0; e < ne; e++) {
            uint32_t f = g->edges[e].from;
            if (remaining[f] && remaining[target[e]] && (best == UINT32_MAX || f < g->edges[best].from))
                best = e;
        }
        if (best != UINT32_MAX)
            return rfail(r, g->edges[best].span, "%s `%s` depends on itself", kind,
                         g->edges[best].to);
        return rfail(r, WIT_NONE, "%s cycle", kind);
    }
    *out = order;
    return 0;
}

/* ---- package-level names (wit-parser's populate_ast_items) ---- */

typedef struct Local {
    const char *name;
    uint32_t span;
    const WitAstTop *top;
} Local;

/* A file's top-level names: where each points (for ordering edges). */
typedef struct FileName {
    const char *name;
    const char *local; /* the local item it stands for, or NULL if foreign */
    uint32_t span;     /* where that item is named (the edge's position) */
} FileName;

static int add_edge(R *r, Graph *g, uint32_t from, const char *to, uint32_t span)
{
    Edge *e = WIT_PUSH(r->a, g->edges, g->nedges, g->cedges);
    if (!e)
        return room(r);
    e->from = from, e->to = to, e->span = span;
    return 0;
}


static int order_edge(R *r, const WitAstId *cur, const WitAstAttrs *attrs, const WitAstPath *path,
                      const WitAstUseName *names, uint32_t nnames, int has_names, PathKind kind)
{
    (void)attrs, (void)names, (void)nnames, (void)has_names, (void)kind;
    if (!cur || path->is_pkg)
        return 0;
    int64_t from = node_index(r->graph, cur->name);
    uint32_t i = wit_map_get(&r->fns_index, path->name.name);
    if (i != WIT_NONE) {
        if (!r->fns[i].local)
            return 0;
        return add_edge(r, r->graph, (uint32_t)from, r->fns[i].local, r->fns[i].span);
    }
    if (map_get(&r->pkg_items, path->name.name) || node_index(r->graph, path->name.name) >= 0)
        return add_edge(r, r->graph, (uint32_t)from, path->name.name, path->name.span);
    return rfail(r, path->name.span, "interface or world `%s` does not exist", path->name.name);
}

/* An interface or world to resolve: its id, syntax and file. */
typedef struct Order {
    uint32_t id;
    const WitAstTop *top;
    uint32_t file;
} Order;

static int populate_items(R *r, Order **out_ifaces, uint32_t *n_ifaces, Order **out_worlds,
                          uint32_t *n_worlds)
{
    const WitPkgSyntax *syn = r->syn;
    Graph g = {0};
    const WitAstTop **tops = NULL;
    uint32_t ntops = 0, ctops = 0, *tfile = NULL, ntf = 0, ctf = 0;
    for (uint32_t f = 0; f < syn->n; f++) {
        const WitAstDecls *dl = syn->lists[f];
        for (uint32_t i = 0; i < dl->n; i++) {
            const WitAstTop *t = &dl->items[i];
            if (t->kind != WITTOP_IFACE && t->kind != WITTOP_WORLD)
                continue;
            const WitAstId *name = t->kind == WITTOP_IFACE ? &t->iface.name : &t->world.name;
            if (node_index(&g, name->name) >= 0)
                return rfail(r, name->span, "duplicate item named `%s`", name->name);
            const WitAstTop **ts = WIT_PUSH(r->a, tops, ntops, ctops);
            uint32_t *tf = WIT_PUSH(r->a, tfile, ntf, ctf);
            if (!ts || !tf)
                return room(r);
            *tf = f;
            if (!add_node(r, &g, name->name))
                return -1;
            *ts = t;
        }
    }
    for (uint32_t f = 0; f < syn->n; f++) {
        const WitAstDecls *dl = syn->lists[f];
        FileName *fns = ARENA_ARRAY(r->a, FileName, dl->n + 1);
        uint32_t nfns = 0;
        WitStrMap index = {0};
        if (!fns)
            return room(r);
        for (uint32_t i = 0; i < dl->n; i++) {
            const WitAstTop *t = &dl->items[i];
            const WitAstId *name;
            const char *local;
            uint32_t span;
            if (t->kind == WITTOP_USE) {
                name = t->as.name ? &t->as : &t->path.name;
                local = t->path.is_pkg ? NULL : t->path.name.name;
                span = t->path.name.span;
            } else if (t->kind == WITTOP_IFACE || t->kind == WITTOP_WORLD) {
                name = t->kind == WITTOP_IFACE ? &t->iface.name : &t->world.name;
                local = name->name;
                span = name->span;
            } else {
                continue;
            }
            if (wit_map_get(&index, name->name) != WIT_NONE)
                return rfail(r, name->span, "duplicate name `%s` in this file", name->name);
            if (!wit_map_put(r->a, &index, name->name, nfns))
                return room(r);
            fns[nfns].name = name->name;
            fns[nfns].span = span;
            fns[nfns++].local = local;
        }
        r->fns = fns, r->nfns = nfns, r->graph = &g, r->fns_index = index;
        if (for_each_path(r, dl, order_edge))
            return -1;
    }
    uint32_t *order;
    if (toposort(r, &g, "interface or world", &order))
        return -1;
    Order *ifo = ARENA_ARRAY(r->a, Order, g.n + 1);
    Order *wo = ARENA_ARRAY(r->a, Order, g.n + 1);
    uint32_t *ids = ARENA_ARRAY(r->a, uint32_t, g.n + 1);
    if (!ifo || !wo || !ids)
        return room(r);
    *n_ifaces = *n_worlds = 0;
    for (uint32_t k = 0; k < g.n; k++) {
        uint32_t i = order[k];
        const WitAstTop *t = tops[i];
        if (t->kind == WITTOP_IFACE) {
            uint32_t id = alloc_iface(r, t->iface.name.span);
            if (id == WIT_NONE)
                return -1;
            r->pkg->ifaces[id].name = t->iface.name.name;
            ids[i] = id;
            ifo[(*n_ifaces)++] = (Order){id, t, tfile[i]};
        } else {
            uint32_t id = alloc_world(r, t->world.name.span);
            if (id == WIT_NONE)
                return -1;
            r->pkg->worlds[id].name = t->world.name.name;
            ids[i] = id;
            wo[(*n_worlds)++] = (Order){id, t, tfile[i]};
        }
    }
    /* per-file scopes; `use` at the top level only enters the file's */
    for (uint32_t f = 0; f < syn->n; f++) {
        const WitAstDecls *dl = syn->lists[f];
        ItemMap *m = &r->file_items[f];
        for (uint32_t i = 0; i < dl->n; i++) {
            const WitAstTop *t = &dl->items[i];
            if (t->kind == WITTOP_USE) {
                if (t->attrs.n)
                    return rfail(r, t->span, "attributes not allowed on top-level use");
                const char *name = t->as.name ? t->as.name : t->path.name.name;
                if (t->path.is_pkg) {
                    const WitForeignItem *fi = foreign_item(r, &t->path);
                    if (map_put(r, m, name, fi->is_world, fi->id))
                        return -1;
                } else {
                    int64_t j = node_index(&g, t->path.name.name);
                    if (j < 0)
                        return rfail(r, t->path.name.span,
                                     "interface or world `%s` does not exist",
                                     t->path.name.name);
                    if (map_put(r, m, name, tops[j]->kind == WITTOP_WORLD, ids[j]))
                        return -1;
                }
            } else if (t->kind == WITTOP_IFACE || t->kind == WITTOP_WORLD) {
                int w = t->kind == WITTOP_WORLD;
                const char *name = w ? t->world.name.name : t->iface.name.name;
                uint32_t id = ids[node_index(&g, name)];
                if (map_put(r, m, name, w, id) || map_put(r, &r->pkg_items, name, w, id))
                    return -1;
            }
        }
    }
    *out_ifaces = ifo;
    *out_worlds = wo;
    return 0;
}

/* ---- paths ---- */

static int resolve_path(R *r, const WitAstPath *path, Item *out)
{
    if (path->is_pkg) {
        const WitForeignItem *fi = foreign_item(r, path);
        out->name = fi->name, out->is_world = fi->is_world, out->id = fi->id;
        return 0;
    }
    Item *it = map_get(&r->file_items[r->cur], path->name.name);
    if (!it)
        it = map_get(&r->pkg_items, path->name.name);
    if (!it)
        return rfail(r, path->name.span, "interface or world `%s` does not exist",
                     path->name.name);
    *out = *it;
    return 0;
}

static int path_iface(R *r, const WitAstPath *path, uint32_t *out)
{
    Item it;
    if (resolve_path(r, path, &it))
        return -1;
    if (it.is_world)
        return rfail(r, path->name.span, "name `%s` is defined as a world, not an interface",
                     path->name.name);
    *out = it.id;
    return 0;
}

static int foreign_iface(R *r, uint32_t id)
{
    return id < r->nforeign_ifaces;
}

static int iface_add_type(R *r, WitIface *it, const char *name, uint32_t id)
{
    WitNamedId *n = WIT_PUSH(r->a, it->types, it->ntypes, it->ctypes);
    if (!n)
        return room(r);
    n->name = name, n->id = id;
    return 0;
}

/* Placeholders for types `use`d from foreign interfaces. */
static int foreign_types(R *r, const WitAstId *cur, const WitAstAttrs *attrs,
                         const WitAstPath *path, const WitAstUseName *names, uint32_t nnames,
                         int has_names, PathKind kind)
{
    (void)cur, (void)kind;
    if (!has_names)
        return 0;
    WitStability st;
    uint32_t iface = 0;
    if (stability(r, attrs, &st) || path_iface(r, path, &iface))
        return -1;
    if (!foreign_iface(r, iface))
        return 0;
    for (uint32_t i = 0; i < nnames; i++) {
        LookupList *lk = &r->iface_lk[iface];
        if (lk_get(lk, names[i].name.name))
            continue;
        WitTypeDef t = {.name = names[i].name.name, .kind = WIT_K_UNKNOWN,
                        .owner_kind = WIT_OWNER_IFACE, .owner = iface, .stab = st,
                        .span = names[i].name.span};
        uint32_t id = alloc_type(r, &t);
        if (id == WIT_NONE)
            return -1;
        if (lk_add(r, &r->iface_lk[iface], t.name, id, t.span))
            return -1;
        if (iface_add_type(r, &r->pkg->ifaces[iface], t.name, id))
            return -1;
    }
    return 0;
}

/* ---- types ---- */

static int define_name(R *r, const WitAstId *name, uint32_t id)
{
    if (lk_get(&r->lk, name->name))
        return rfail(r, name->span, "name `%s` is defined more than once", name->name);
    return lk_add(r, &r->lk, name->name, id, name->span);
}

static int type_name(R *r, const WitAstId *name, uint32_t *out)
{
    Lookup *l = lk_get(&r->lk, name->name);
    if (!l)
        return rfail(r, name->span, "name `%s` does not exist", name->name);
    if (l->id == WIT_NONE)
        return rfail(r, name->span, "cannot use function `%s` as a type", name->name);
    *out = l->id;
    return 0;
}

static int validate_resource(R *r, const WitAstId *name, uint32_t *out)
{
    if (type_name(r, name, out))
        return -1;
    uint32_t cur = *out;
    for (;;) {
        WitTypeDef *t = &r->pkg->types[cur];
        if (t->kind == WIT_K_RESOURCE)
            return 0;
        if (t->kind == WIT_K_ALIAS && WIT_TY_IS_ID(t->ty)) {
            cur = WIT_TY_ID(t->ty);
            continue;
        }
        if (t->kind == WIT_K_UNKNOWN) {
            WitReqResource *q = WIT_PUSH(r->a, r->pkg->req, r->pkg->nreq, r->pkg->creq);
            if (!q)
                return room(r);
            q->type = cur, q->span = name->span;
            return 0;
        }
        return rfail(r, name->span, "type `%s` used in a handle must be a resource", name->name);
    }
}

/* The gate of the first gated named type a new anonymous type refers to. */
static WitStability find_stability(R *r, const WitTypeDef *k, const WitStability *st)
{
    if (st->kind != WIT_STAB_UNKNOWN)
        return *st;
    WitTy refs[2] = {WIT_TY_NONE, WIT_TY_NONE};
    switch (k->kind) {
    case WIT_K_ALIAS: case WIT_K_LIST: case WIT_K_OPTION: case WIT_K_OWN: case WIT_K_BORROW:
        refs[0] = k->ty;
        break;
    case WIT_K_RESULT:
        refs[0] = k->ty, refs[1] = k->ty2;
        break;
    case WIT_K_TUPLE:
        for (uint32_t i = 0; i < k->nfields; i++)
            if (WIT_TY_IS_ID(k->fields[i].ty) &&
                r->pkg->types[WIT_TY_ID(k->fields[i].ty)].stab.kind != WIT_STAB_UNKNOWN)
                return r->pkg->types[WIT_TY_ID(k->fields[i].ty)].stab;
        return stab_unknown;
    default:
        return stab_unknown;
    }
    for (int i = 0; i < 2; i++)
        if (WIT_TY_IS_ID(refs[i]) &&
            r->pkg->types[WIT_TY_ID(refs[i])].stab.kind != WIT_STAB_UNKNOWN)
            return r->pkg->types[WIT_TY_ID(refs[i])].stab;
    return stab_unknown;
}

static int same_anon(const WitTypeDef *a, const WitTypeDef *b)
{
    if (a->name || a->owner_kind != WIT_OWNER_NONE || a->kind != b->kind || a->ty != b->ty ||
        a->ty2 != b->ty2 || a->nfields != b->nfields)
        return 0;
    for (uint32_t i = 0; i < a->nfields; i++)
        if (a->fields[i].ty != b->fields[i].ty)
            return 0;
    return 1;
}

static uint32_t anon_hash(const WitTypeDef *k)
{
    uint32_t h = (uint32_t)k->kind * 0x9e3779b9u ^ k->ty * 0x85ebca6bu ^ k->ty2 * 0xc2b2ae35u;
    for (uint32_t i = 0; i < k->nfields; i++)
        h = (h ^ k->fields[i].ty) * 16777619u;
    return h;
}

static int anon_insert(R *r, uint32_t id)
{
    if ((r->anon_n + 1) * 2 > r->anon_cap) {
        uint32_t cap = r->anon_cap ? r->anon_cap * 2 : 64, *old = r->anon, ocap = r->anon_cap;
        uint32_t *t = ARENA_ARRAY(r->a, uint32_t, cap);
        if (!t)
            return room(r);
        memset(t, 0xff, sizeof *t * cap);
        r->anon = t, r->anon_cap = cap, r->anon_n = 0;
        for (uint32_t i = 0; i < ocap; i++)
            if (old[i] != WIT_NONE && anon_insert(r, old[i]))
                return -1;
    }
    uint32_t i = anon_hash(&r->pkg->types[id]) & (r->anon_cap - 1);
    while (r->anon[i] != WIT_NONE)
        i = (i + 1) & (r->anon_cap - 1);
    r->anon[i] = id;
    r->anon_n++;
    return 0;
}

/* An anonymous type: aliases and `own` collapse to what they name, the
 * rest are interned (one id per distinct structure in the package). */
static int anon_type(R *r, WitTypeDef *k, WitTy *out)
{
    if (k->kind == WIT_K_ALIAS || k->kind == WIT_K_OWN) {
        *out = k->ty;
        return 0;
    }
    if (r->anon_cap)
        for (uint32_t i = anon_hash(k) & (r->anon_cap - 1); r->anon[i] != WIT_NONE;
             i = (i + 1) & (r->anon_cap - 1))
            if (same_anon(&r->pkg->types[r->anon[i]], k)) {
                *out = WIT_TY_OF(r->anon[i]);
                return 0;
            }
    uint32_t id = alloc_type(r, k);
    if (id == WIT_NONE || anon_insert(r, id))
        return -1;
    *out = WIT_TY_OF(id);
    return 0;
}

static int type_def(R *r, const WitAstType *ty, const WitStability *st, WitTypeDef *out);

static int resolve_type(R *r, const WitAstType *ty, const WitStability *st, WitTy *out)
{
    WitTypeDef k;
    if (type_def(r, ty, st, &k))
        return -1;
    k.stab = find_stability(r, &k, st);
    k.span = ty->span;
    return anon_type(r, &k, out);
}

static int opt_type(R *r, const WitAstType *ty, const WitStability *st, WitTy *out)
{
    *out = WIT_TY_NONE;
    return ty ? resolve_type(r, ty, st, out) : 0;
}

static int unique_names(R *r, const char *what, const WitAstField *f, uint32_t n)
{
    for (uint32_t i = 1; i < n; i++)
        for (uint32_t j = 0; j < i; j++)
            if (wit_name_eqi(f[i].name.name, f[j].name.name)) {
                if (!strcmp(f[i].name.name, f[j].name.name))
                    return rfail(r, f[i].name.span, "duplicate %s `%s`", what, f[j].name.name);
                return rfail(r, f[i].name.span, "%s `%s` conflicts with previous %s `%s`", what,
                             f[i].name.name, what, f[j].name.name);
            }
    return 0;
}

static int fields(R *r, const WitAstType *ty, const WitStability *st, WitTypeDef *out, int types)
{
    out->nfields = ty->nfields;
    out->fields = ARENA_ARRAY(r->a, WitField, ty->nfields + 1);
    if (!out->fields)
        return room(r);
    for (uint32_t i = 0; i < ty->nfields; i++) {
        WitField *f = &out->fields[i];
        f->name = ty->fields[i].name.name;
        f->span = ty->fields[i].name.span;
        f->docs = docs(r, &ty->fields[i].docs);
        if (types && opt_type(r, ty->fields[i].ty, st, &f->ty))
            return -1;
    }
    return 0;
}

static int type_def(R *r, const WitAstType *ty, const WitStability *st, WitTypeDef *out)
{
    memset(out, 0, sizeof *out);
    uint32_t id = 0;
    switch (ty->kind) {
    case WITY_PRIM:
        out->kind = WIT_K_ALIAS, out->ty = ty->prim;
        return 0;
    case WITY_NAME:
        if (type_name(r, &ty->name, &id))
            return -1;
        out->kind = WIT_K_ALIAS, out->ty = WIT_TY_OF(id);
        return 0;
    case WITY_LIST:
    case WITY_OPTION:
        out->kind = ty->kind == WITY_LIST ? WIT_K_LIST : WIT_K_OPTION;
        return resolve_type(r, ty->a, st, &out->ty);
    case WITY_RESULT:
        out->kind = WIT_K_RESULT;
        return opt_type(r, ty->a, st, &out->ty) || opt_type(r, ty->b, st, &out->ty2) ? -1 : 0;
    case WITY_OWN:
    case WITY_BORROW:
        if (validate_resource(r, &ty->name, &id))
            return -1;
        out->kind = ty->kind == WITY_OWN ? WIT_K_OWN : WIT_K_BORROW;
        out->ty = WIT_TY_OF(id);
        return 0;
    case WITY_RESOURCE:
        out->kind = WIT_K_RESOURCE;
        return 0;
    case WITY_RECORD:
        if (!ty->nfields)
            return rfail(r, ty->span, "empty record");
        out->kind = WIT_K_RECORD;
        return unique_names(r, "field", ty->fields, ty->nfields) || fields(r, ty, st, out, 1);
    case WITY_FLAGS:
        if (!ty->nfields)
            return rfail(r, ty->span, "empty flags");
        if (ty->nfields > 32)
            return rfail(r, ty->fields[32].name.span, "cannot have more than 32 flags");
        out->kind = WIT_K_FLAGS;
        return unique_names(r, "flag", ty->fields, ty->nfields) || fields(r, ty, st, out, 0);
    case WITY_VARIANT:
        if (!ty->nfields)
            return rfail(r, ty->span, "empty variant");
        out->kind = WIT_K_VARIANT;
        return unique_names(r, "case", ty->fields, ty->nfields) || fields(r, ty, st, out, 1);
    case WITY_ENUM:
        if (!ty->nfields)
            return rfail(r, ty->span, "empty enum");
        out->kind = WIT_K_ENUM;
        return unique_names(r, "case", ty->fields, ty->nfields) || fields(r, ty, st, out, 0);
    case WITY_TUPLE:
        if (!ty->ntypes)
            return rfail(r, ty->span, "empty tuple");
        out->kind = WIT_K_TUPLE;
        out->nfields = ty->ntypes;
        out->fields = ARENA_ARRAY(r->a, WitField, ty->ntypes);
        if (!out->fields)
            return room(r);
        for (uint32_t i = 0; i < ty->ntypes; i++)
            if (resolve_type(r, ty->types[i], st, &out->fields[i].ty))
                return -1;
        return 0;
    }
    return -1;
}

static int collect_deps(R *r, Graph *g, uint32_t from, const WitAstType *ty)
{
    if (!ty)
        return 0;
    switch (ty->kind) {
    case WITY_NAME:
    case WITY_OWN:
    case WITY_BORROW:
        return add_edge(r, g, from, ty->name.name, ty->name.span);
    case WITY_LIST:
    case WITY_OPTION:
        return collect_deps(r, g, from, ty->a);
    case WITY_RESULT:
        return collect_deps(r, g, from, ty->a) || collect_deps(r, g, from, ty->b);
    case WITY_TUPLE:
        for (uint32_t i = 0; i < ty->ntypes; i++)
            if (collect_deps(r, g, from, ty->types[i]))
                return -1;
        return 0;
    case WITY_RECORD:
    case WITY_VARIANT:
        for (uint32_t i = 0; i < ty->nfields; i++)
            if (collect_deps(r, g, from, ty->fields[i].ty))
                return -1;
        return 0;
    default:
        return 0;
    }
}

static int resolve_use(R *r, WitOwnerKind ok, uint32_t owner, const WitAstUse *u)
{
    uint32_t from = 0;
    WitStability st;
    if (path_iface(r, &u->from, &from) || stability(r, &u->attrs, &st))
        return -1;
    for (uint32_t i = 0; i < u->nnames; i++) {
        const WitAstUseName *n = &u->names[i];
        Lookup *l = lk_get(&r->iface_lk[from], n->name.name);
        if (!l)
            return rfail(r, n->name.span, "name `%s` does not exist", n->name.name);
        if (l->id == WIT_NONE)
            return rfail(r, n->name.span, "cannot import function `%s`", n->name.name);
        const WitAstId *as = n->as.name ? &n->as : &n->name;
        WitTypeDef t = {.name = as->name, .kind = WIT_K_ALIAS, .ty = WIT_TY_OF(l->id),
                        .owner_kind = ok, .owner = owner, .stab = st, .span = n->name.span};
        uint32_t id = alloc_type(r, &t);
        if (id == WIT_NONE || define_name(r, as, id))
            return -1;
    }
    return 0;
}

/* A `use` or a type definition of an interface or world, in source order. */
typedef struct TItem {
    const WitAstUse *use;     /* or NULL */
    const WitAstId *name;     /* definition */
    const WitAstType *ty;
    const WitAstDocs *docs;
    const WitAstAttrs *attrs;
} TItem;

/* `use`s, then type definitions in dependency order. */
static int resolve_types(R *r, WitOwnerKind ok, uint32_t owner, const TItem *items, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        if (items[i].use && resolve_use(r, ok, owner, items[i].use))
            return -1;
    Graph g = {0};
    const TItem **node_def = NULL;
    uint32_t nnd = 0, cnd = 0;
    /* nodes as they come in the source; the names of a `use` have no edges */
    for (uint32_t i = 0; i < n; i++) {
        const TItem *t = &items[i];
        if (!t->use) {
            if (node_index(&g, t->name->name) >= 0)
                return rfail(r, t->name->span, "name `%s` is defined more than once",
                             t->name->name);
            const TItem **nd = WIT_PUSH(r->a, node_def, nnd, cnd);
            if (!nd)
                return room(r);
            if (!add_node(r, &g, t->name->name))
                return -1;
            *nd = t;
            if (collect_deps(r, &g, g.n - 1, t->ty))
                return -1;
        } else {
            for (uint32_t k = 0; k < t->use->nnames; k++) {
                const WitAstUseName *un = &t->use->names[k];
                const char *nm = un->as.name ? un->as.name : un->name.name;
                int64_t j = node_index(&g, nm);
                if (j >= 0) {
                    node_def[j] = NULL;
                    continue;
                }
                const TItem **nd = WIT_PUSH(r->a, node_def, nnd, cnd);
                if (!nd)
                    return room(r);
                if (!add_node(r, &g, nm))
                    return -1;
                *nd = NULL;
            }
        }
    }
    uint32_t *order;
    if (toposort(r, &g, "type", &order))
        return -1;
    for (uint32_t k = 0; k < g.n; k++) {
        const TItem *t = node_def[order[k]];
        if (!t)
            continue;
        WitTypeDef def;
        WitStability st;
        if (stability(r, t->attrs, &st) || type_def(r, t->ty, &st, &def))
            return -1;
        def.name = t->name->name;
        def.docs = docs(r, t->docs);
        def.stab = st;
        def.owner_kind = ok;
        def.owner = owner;
        def.span = t->name->span;
        uint32_t id = alloc_type(r, &def);
        if (id == WIT_NONE || define_name(r, t->name, id))
            return -1;
    }
    return 0;
}

/* ---- functions ---- */

static int resolve_func(R *r, const WitAstDocs *d, const WitAstAttrs *attrs, const char *name,
                        uint32_t span, const WitAstFunc *f, WitFuncKind kind, uint32_t res,
                        WitFunc *out)
{
    memset(out, 0, sizeof *out);
    out->name = name;
    out->kind = kind;
    out->resource = res;
    out->span = span;
    out->docs = docs(r, d);
    if (stability(r, attrs, &out->stab))
        return -1;
    uint32_t n = f->nparams + (kind == WIT_FN_METHOD);
    out->params = ARENA_ARRAY(r->a, WitParam, n + 1);
    if (!out->params)
        return room(r);
    if (kind == WIT_FN_METHOD) {
        WitTypeDef b = {.kind = WIT_K_BORROW, .ty = WIT_TY_OF(res), .span = f->span};
        b.stab = find_stability(r, &b, &stab_unknown);
        out->params[0].name = "self";
        if (anon_type(r, &b, &out->params[0].ty))
            return -1;
        out->nparams = 1;
    }
    for (uint32_t i = 0; i < f->nparams; i++) {
        const WitAstParam *p = &f->params[i];
        for (uint32_t k = 0; k < out->nparams; k++)
            if (wit_name_eqi(out->params[k].name, p->name.name))
                return rfail(r, p->name.span, "param `%s` is defined more than once",
                             p->name.name);
        WitParam *q = &out->params[out->nparams];
        q->name = p->name.name;
        if (resolve_type(r, p->ty, &stab_unknown, &q->ty))
            return -1;
        out->nparams++;
    }
    if (kind != WIT_FN_CONSTRUCTOR)
        return opt_type(r, f->result, &stab_unknown, &out->result);
    if (!f->result) {
        out->result = WIT_TY_OF(res);
        return 0;
    }
    /* fallible constructor: result<r, E> */
    if (resolve_type(r, f->result, &stab_unknown, &out->result))
        return -1;
    const WitTypeDef *t =
        WIT_TY_IS_ID(out->result) ? &r->pkg->types[WIT_TY_ID(out->result)] : NULL;
    if (!t || t->kind != WIT_K_RESULT)
        return rfail(r, f->result->span,
                     "if a constructor return type is declared it must be a `result`");
    if (t->ty != WIT_TY_OF(res))
        return rfail(r, f->result->a ? f->result->a->span : f->result->span,
                     "the `ok` type must be the resource being constructed");
    return 0;
}

static int resource_func(R *r, const WitAstResFunc *rf, const WitAstId *res, WitFunc *out)
{
    Lookup *l = lk_get(&r->lk, res->name);
    const char *fmt = rf->kind == WITRF_CTOR     ? "[constructor]%s"
                      : rf->kind == WITRF_METHOD ? "[method]%s.%s"
                                                 : "[static]%s.%s";
    size_t len = strlen(res->name) + strlen(rf->name.name) + 16;
    char *name = arena_alloc(r->a, len);
    if (!name)
        return room(r);
    snprintf(name, len, fmt, res->name, rf->name.name);
    WitFuncKind k = rf->kind == WITRF_CTOR     ? WIT_FN_CONSTRUCTOR
                    : rf->kind == WITRF_METHOD ? WIT_FN_METHOD
                                               : WIT_FN_STATIC;
    return resolve_func(r, &rf->docs, &rf->attrs, name, rf->name.span, &rf->func, k, l->id, out);
}

/* Names of an interface or of one side of a world must be "strongly
 * unique": distinct even ignoring case. */
typedef struct Scope {
    const char **names;
    uint32_t n, cap;
    WitStrMap canon; /* wit_name_canon(name) -> position in names */
} Scope;

static int scope_define(R *r, Scope *s, const char *name, uint32_t span)
{
    char key[256];
    wit_name_canon(name, key, sizeof key);
    uint32_t i = wit_map_get(&s->canon, key);
    if (i != WIT_NONE) {
        if (!strcmp(s->names[i], name))
            return rfail(r, span, "duplicate name `%s`", name);
        return rfail(r, span, "name `%s` conflicts with previous name `%s`", name, s->names[i]);
    }
    const char **slot = WIT_PUSH(r->a, s->names, s->n, s->cap);
    const char *k = arena_strdup(r->a, key);
    if (!slot || !k || !wit_map_put(r->a, &s->canon, k, s->n - 1))
        return room(r);
    *slot = name;
    return 0;
}

static int add_func(R *r, WitIface *it, const WitFunc *f)
{
    WitFunc *slot = WIT_PUSH(r->a, it->funcs, it->nfuncs, it->cfuncs);
    if (!slot)
        return room(r);
    *slot = *f;
    return 0;
}

static int resolve_iface(R *r, uint32_t id, const WitAstIfaceItem *items, uint32_t n,
                         const WitAstDocs *d, const WitAstAttrs *attrs)
{
    WitIface *it = &r->pkg->ifaces[id];
    it->docs = docs(r, d);
    if (stability(r, attrs, &it->stab))
        return -1;
    TItem *ti = ARENA_ARRAY(r->a, TItem, n + 1);
    uint32_t nti = 0;
    if (!ti)
        return room(r);
    for (uint32_t i = 0; i < n; i++) {
        if (items[i].kind == WITII_USE)
            ti[nti++].use = &items[i].use;
        else if (items[i].kind == WITII_TYPE)
            ti[nti++] = (TItem){NULL, &items[i].name, items[i].ty, &items[i].docs,
                                &items[i].attrs};
    }
    r->lk.n = 0;
    r->lk.v = NULL, r->lk.cap = 0;
    if (resolve_types(r, WIT_OWNER_IFACE, id, ti, nti))
        return -1;
    Scope names = {0};
    it = &r->pkg->ifaces[id];
    for (uint32_t i = 0; i < r->lk.n; i++)
        if (scope_define(r, &names, r->lk.v[i].name, r->lk.v[i].span) ||
            iface_add_type(r, it, r->lk.v[i].name, r->lk.v[i].id))
            return -1;
    for (uint32_t i = 0; i < n; i++) {
        const WitAstIfaceItem *x = &items[i];
        WitFunc f;
        if (x->kind == WITII_FUNC) {
            /* a function's name, looked up as a type, gets a precise error */
            if (!lk_get(&r->lk, x->name.name) &&
                lk_add(r, &r->lk, x->name.name, WIT_NONE, x->name.span))
                return -1;
            if (resolve_func(r, &x->docs, &x->attrs, x->name.name, x->name.span, &x->func,
                             WIT_FN_FREE, WIT_NONE, &f) ||
                scope_define(r, &names, f.name, x->name.span) || add_func(r, it, &f))
                return -1;
        } else if (x->kind == WITII_TYPE && x->ty->kind == WITY_RESOURCE) {
            for (uint32_t k = 0; k < x->ty->nfuncs; k++)
                if (resource_func(r, &x->ty->funcs[k], &x->name, &f) ||
                    scope_define(r, &names, f.name, x->ty->funcs[k].name.span) ||
                    add_func(r, it, &f))
                    return -1;
        }
    }
    r->iface_lk[id] = r->lk;
    r->lk = (LookupList){0};
    return 0;
}

/* ---- worlds ---- */

static WitItemList *side(WitWorld *w, int import)
{
    return import ? &w->imports : &w->exports;
}

static WitWorldItem *find_key(WitItemList *l, const char *name, uint32_t iface)
{
    for (uint32_t i = 0; i < l->n; i++) {
        WitWorldItem *it = &l->items[i];
        if (name ? (it->key_name && !strcmp(it->key_name, name))
                 : (!it->key_name && it->id == iface))
            return it;
    }
    return NULL;
}

static WitWorldItem *push_item(R *r, WitItemList *l)
{
    WitWorldItem *it = WIT_PUSH(r->a, l->items, l->n, l->cap);
    if (!it)
        room(r);
    return it;
}

static const char *kind_word(WitItemKind k)
{
    return k == WIT_ITEM_IFACE ? "interface" : k == WIT_ITEM_FUNC ? "func" : "type";
}

static int world_extern(R *r, const WitAstWorldItem *x, WitWorldItem *out)
{
    const WitAstExtern *e = &x->ext;
    memset(out, 0, sizeof *out);
    out->span = e->span;
    if (e->kind == WITEK_INTERFACE) {
        LookupList saved = r->lk;
        r->lk = (LookupList){0};
        uint32_t id = alloc_iface(r, e->name.span);
        if (id == WIT_NONE || resolve_iface(r, id, e->items, e->nitems, &x->docs, &x->attrs))
            return -1;
        r->lk = saved;
        out->key_name = e->name.name;
        out->kind = WIT_ITEM_IFACE;
        out->id = id;
        out->stab = r->pkg->ifaces[id].stab;
        return 0;
    }
    if (stability(r, &x->attrs, &out->stab))
        return -1;
    if (e->kind == WITEK_PATH) {
        out->docs = docs(r, &x->docs);
        out->kind = WIT_ITEM_IFACE;
        out->span = e->path.name.span;
        return path_iface(r, &e->path, &out->id);
    }
    out->kind = WIT_ITEM_FUNC;
    out->key_name = e->name.name;
    return resolve_func(r, &x->docs, &x->attrs, e->name.name, e->name.span, &e->func,
                        WIT_FN_FREE, WIT_NONE, &out->func);
}

static int world_includes(R *r, uint32_t wid, const WitAstWorld *w);
static int world_items(R *r, uint32_t wid, const WitAstWorld *w);

static int resolve_world(R *r, uint32_t wid, const WitAstWorld *w)
{
    WitWorld *world = &r->pkg->worlds[wid];
    world->docs = docs(r, &w->docs);
    if (stability(r, &w->attrs, &world->stab))
        return -1;
    TItem *ti = ARENA_ARRAY(r->a, TItem, w->nitems + 1);
    uint32_t nti = 0;
    if (!ti)
        return room(r);
    for (uint32_t i = 0; i < w->nitems; i++) {
        const WitAstWorldItem *x = &w->items[i];
        if (x->kind == WITWI_USE)
            ti[nti++].use = &x->use;
        else if (x->kind == WITWI_TYPE)
            ti[nti++] = (TItem){NULL, &x->name, x->ty, &x->docs, &x->attrs};
    }
    r->lk = (LookupList){0};
    if (resolve_types(r, WIT_OWNER_WORLD, wid, ti, nti) || world_includes(r, wid, w))
        return -1;
    return world_items(r, wid, w);
}

/* `include`s are only recorded here; witworld expands them after the merge. */
static int world_includes(R *r, uint32_t wid, const WitAstWorld *w)
{
    for (uint32_t i = 0; i < w->nitems; i++) {
        const WitAstWorldItem *x = &w->items[i];
        if (x->kind != WITWI_INCLUDE)
            continue;
        Item it;
        WitStability st;
        if (stability(r, &x->attrs, &st) || resolve_path(r, &x->inc, &it))
            return -1;
        if (!it.is_world)
            return rfail(r, x->inc.name.span, "name `%s` is defined as an interface, not a world",
                         x->inc.name.name);
        WitWorld *world = &r->pkg->worlds[wid];
        WitInclude *inc = WIT_PUSH(r->a, world->includes, world->nincludes, world->cincludes);
        if (!inc)
            return room(r);
        inc->world = it.id;
        inc->stab = st;
        inc->span = x->inc.name.span;
        inc->nnames = x->ninc_with;
        inc->names = ARENA_ARRAY(r->a, WitIncludeName, x->ninc_with + 1);
        if (!inc->names)
            return room(r);
        for (uint32_t k = 0; k < x->ninc_with; k++)
            inc->names[k].name = x->inc_with[k].name.name, inc->names[k].as = x->inc_with[k].as.name;
    }
    return 0;
}

/* Imports and exports: the world's types first, then the items in order;
 * names strongly unique on each side. */
static int world_items(R *r, uint32_t wid, const WitAstWorld *w)
{
    WitWorld *world;
    Scope inames = {0}, enames = {0};
    for (uint32_t i = 0; i < r->lk.n; i++) {
        world = &r->pkg->worlds[wid];
        if (scope_define(r, &inames, r->lk.v[i].name, r->lk.v[i].span))
            return -1;
        WitWorldItem *it = push_item(r, &world->imports);
        if (!it)
            return -1;
        it->key_name = r->lk.v[i].name;
        it->kind = WIT_ITEM_TYPE;
        it->id = r->lk.v[i].id;
        it->span = r->lk.v[i].span;
    }
    uint32_t *seen_i = ARENA_ARRAY(r->a, uint32_t, w->nitems + 1);
    uint32_t *seen_e = ARENA_ARRAY(r->a, uint32_t, w->nitems + 1);
    uint32_t nsi = 0, nse = 0;
    if (!seen_i || !seen_e)
        return room(r);
    for (uint32_t i = 0; i < w->nitems; i++) {
        const WitAstWorldItem *x = &w->items[i];
        if (x->kind == WITWI_TYPE && x->ty->kind == WITY_RESOURCE) {
            for (uint32_t k = 0; k < x->ty->nfuncs; k++) {
                WitWorldItem item = {.kind = WIT_ITEM_FUNC};
                if (resource_func(r, &x->ty->funcs[k], &x->name, &item.func) ||
                    scope_define(r, &inames, item.func.name, x->ty->funcs[k].name.span))
                    return -1;
                item.key_name = item.func.name;
                item.span = x->ty->funcs[k].name.span;
                WitWorldItem *it = push_item(r, &r->pkg->worlds[wid].imports);
                if (!it)
                    return -1;
                *it = item;
            }
            continue;
        }
        if (x->kind != WITWI_IMPORT && x->kind != WITWI_EXPORT)
            continue;
        int imp = x->kind == WITWI_IMPORT;
        const char *desc = imp ? "import" : "export";
        WitWorldItem item;
        if (world_extern(r, x, &item))
            return -1;
        world = &r->pkg->worlds[wid];
        if (!item.key_name) {
            uint32_t *seen = imp ? seen_i : seen_e, *ns = imp ? &nsi : &nse;
            for (uint32_t k = 0; k < *ns; k++)
                if (seen[k] == item.id)
                    return rfail(r, x->ext.span, "interface cannot be %sed more than once", desc);
            seen[(*ns)++] = item.id;
        }
        WitWorldItem *prev = find_key(side(world, imp), item.key_name, item.id);
        if (prev)
            return rfail(r, x->ext.span, "%s `%s` conflicts with prior %s of same name", desc,
                         item.key_name, kind_word(prev->kind));
        if (item.key_name && scope_define(r, imp ? &inames : &enames, item.key_name, x->ext.span))
            return -1;
        WitWorldItem *it = push_item(r, side(&r->pkg->worlds[wid], imp));
        if (!it)
            return -1;
        *it = item;
    }
    r->lk = (LookupList){0};
    return 0;
}

/* ---- the package ---- */

CmErr witpkg_build(Arena *a, const WitPkgSyntax *syn, WitUPkg *out, WitError *err)
{
    memset(out, 0, sizeof *out);
    R r = {.a = a, .err = err, .pkg = out, .syn = syn};
    const WitAstPkgDecl *name = NULL;
    for (uint32_t i = 0; i < syn->n; i++) {
        const WitAstPkgDecl *d = syn->decls[i];
        if (!d || !d->present)
            continue;
        if (name && !wit_pkg_name_eq(&name->name, &d->name)) {
            const char *cur = wit_pkg_name_str(a, &d->name), *prev = wit_pkg_name_str(a, &name->name);
            wit_error(err, CM_E_WIT_RESOLVE, d->span,
                      "package identifier `%s` does not match previous package name of `%s`",
                      cur ? cur : "?", prev ? prev : "?");
            return err->code;
        }
        name = d;
        const char *dd = witpkg_docs(a, &d->docs);
        if (dd) {
            if (out->docs)
                return wit_error(err, CM_E_WIT_RESOLVE, d->span,
                                 "found doc comments on multiple 'package' items");
            out->docs = dd;
        }
    }
    if (!name)
        return wit_error(err, CM_E_WIT_RESOLVE, WIT_NONE,
                         "no `package` header was found in any WIT file for this package");
    out->name = name->name;
    out->name_span = name->span;
    r.file_items = ARENA_ARRAY(a, ItemMap, syn->n + 1);
    if (!r.file_items)
        return wit_error(err, CM_E_OOM, WIT_NONE, "out of memory (limit 1 GiB)");
    for (uint32_t f = 0; f < syn->n; f++)
        if (for_each_path(&r, syn->lists[f], foreign_dep))
            return err->code;
    r.nforeign_ifaces = out->nifaces;
    Order *ifo = NULL, *wo = NULL;
    uint32_t nif = 0, nw = 0;
    if (populate_items(&r, &ifo, &nif, &wo, &nw))
        return err->code;
    for (uint32_t f = 0; f < syn->n; f++) {
        r.cur = f;
        if (for_each_path(&r, syn->lists[f], foreign_types))
            return err->code;
    }
    for (uint32_t k = 0; k < nif; k++) {
        const WitAstIface *it = &ifo[k].top->iface;
        r.cur = ifo[k].file;
        if (resolve_iface(&r, ifo[k].id, it->items, it->nitems, &it->docs, &it->attrs))
            return err->code;
    }
    for (uint32_t k = 0; k < nw; k++) {
        r.cur = wo[k].file;
        if (resolve_world(&r, wo[k].id, &wo[k].top->world))
            return err->code;
    }
    return CM_OK;
}
