/* witprint.c - canonical WIT text (see witprint.h).
 *
 * Layout: two-space indentation, one item per line, documentation as `///`
 * lines, gates as `@since(...)`/`@unstable(...)`/`@deprecated(...)` lines.
 * A type that another interface owns is brought in with one `use` per
 * name; resources are printed with their constructor, methods and static
 * functions inside; a method's `self` parameter is implied. */
#include "witprint.h"
#include "witint.h"

typedef struct Pr {
    const WitResolve *r;
    Buf *b;
    int ind;
    uint32_t pkg; /* package being printed: decides short or full names */
} Pr;

static const char *const keywords[] = {
    "as", "async", "bool", "borrow", "char", "constructor", "enum", "export", "f32", "f64",
    "flags", "from", "func", "future", "import", "include", "interface", "list", "map", "option",
    "own", "package", "record", "resource", "result", "s8", "s16", "s32", "s64", "static",
    "stream", "string", "tuple", "type", "u8", "u16", "u32", "u64", "use", "variant", "with",
    "world", "error-context", "_",
};

void witprint_id(const char *name, Buf *out)
{
    for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
        if (!strcmp(name, keywords[i])) {
            buf_byte(out, '%');
            break;
        }
    buf_str(out, name);
}

static void id(Pr *p, const char *name)
{
    witprint_id(name, p->b);
}

static void indent(Pr *p)
{
    for (int i = 0; i < p->ind; i++)
        buf_str(p->b, "  ");
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* `///` lines give back the text exactly when no line ends in blanks and
 * some line is not indented (the parser removes the common indentation). */
static int lines_roundtrip(const char *d)
{
    int min_ws = -1;
    for (const char *s = d;;) {
        const char *e = strchr(s, '\n');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        if (n) {
            int ws = 0;
            while ((size_t)ws < n && is_blank(s[ws]))
                ws++;
            if (min_ws < 0 || ws < min_ws)
                min_ws = ws;
            if (wit_trailing_ws(s, n))
                return 0;
        }
        if (!e)
            break;
        s = e + 1;
    }
    return min_ws <= 0;
}

/* A doc block comment gives back the text exactly unless the text holds
 * comment markers (they nest), begins or ends with '/' (it would fuse with
 * the markers), has a '\r' the line splitting would drop, or begins with
 * spaces (the parser strips them). */
static int block_roundtrip(const char *d)
{
    size_t n = strlen(d);
    if (strstr(d, "*/") || strstr(d, "/*") || strstr(d, "\r\n") ||
        (n && (d[0] == '/' || d[n - 1] == '/' || d[n - 1] == '\r' || d[0] == ' ')))
        return 0;
    return 1;
}

static void doc_lines(Pr *p, const char *d)
{
    for (const char *s = d;;) {
        const char *e = strchr(s, '\n');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        indent(p);
        buf_str(p->b, n ? "/// " : "///");
        buf_put(p->b, s, n);
        buf_byte(p->b, '\n');
        if (!e)
            break;
        s = e + 1;
    }
}

/* Text that no comment form carries exactly is normalised once: blanks at
 * line ends and the common indentation removed.  The result round-trips,
 * so printing stays a fixed point from then on. */
static void docs(Pr *p, const char *d)
{
    if (!d)
        return;
    if (lines_roundtrip(d)) {
        doc_lines(p, d);
        return;
    }
    if (block_roundtrip(d)) {
        indent(p);
        buf_str(p->b, "/**");
        buf_str(p->b, d);
        buf_str(p->b, "*/\n");
        return;
    }
    size_t len = strlen(d), min_ws = SIZE_MAX;
    for (const char *s = d;;) {
        const char *e = strchr(s, '\n');
        size_t n = e ? (size_t)(e - s) : strlen(s), ws = 0;
        n -= wit_trailing_ws(s, n);
        while (ws < n && is_blank(s[ws]))
            ws++;
        if (n && ws < min_ws)
            min_ws = ws;
        if (!e)
            break;
        s = e + 1;
    }
    if (min_ws == SIZE_MAX)
        min_ws = 0;
    Buf t;
    buf_init(&t);
    buf_reserve(&t, len + 1);
    for (const char *s = d;;) {
        const char *e = strchr(s, '\n');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        n -= wit_trailing_ws(s, n);
        if (n > min_ws)
            buf_put(&t, s + min_ws, n - min_ws);
        if (!e)
            break;
        buf_byte(&t, '\n');
        s = e + 1;
    }
    doc_lines(p, buf_cstr(&t));
    buf_release(&t);
}

static void stability(Pr *p, const WitStability *s)
{
    if (s->kind == WIT_STAB_STABLE) {
        indent(p);
        buf_printf(p->b, "@since(version = %s)\n", s->since);
    } else if (s->kind == WIT_STAB_UNSTABLE) {
        indent(p);
        buf_printf(p->b, "@unstable(feature = %s)\n", s->feature);
    }
    if (s->kind != WIT_STAB_UNKNOWN && s->deprecated) {
        indent(p);
        buf_printf(p->b, "@deprecated(version = %s)\n", s->deprecated);
    }
}

/* The structure of a type (not its name): `list<u8>`, `result<_, e>`...
 * Type expressions need only the resolve and the buffer. */
void witprint_structure(const WitResolve *r, const WitTypeDef *t, Buf *b)
{
    switch (t->kind) {
    case WIT_K_LIST:
    case WIT_K_OPTION:
        buf_str(b, t->kind == WIT_K_LIST ? "list<" : "option<");
        witprint_type(r, t->ty, b);
        buf_byte(b, '>');
        break;
    case WIT_K_RESULT:
        buf_str(b, "result");
        if (t->ty || t->ty2) {
            buf_byte(b, '<');
            if (t->ty)
                witprint_type(r, t->ty, b);
            else
                buf_byte(b, '_');
            if (t->ty2) {
                buf_str(b, ", ");
                witprint_type(r, t->ty2, b);
            }
            buf_byte(b, '>');
        }
        break;
    case WIT_K_TUPLE:
        buf_str(b, "tuple<");
        for (uint32_t i = 0; i < t->nfields; i++) {
            if (i)
                buf_str(b, ", ");
            witprint_type(r, t->fields[i].ty, b);
        }
        buf_byte(b, '>');
        break;
    case WIT_K_OWN:
        /* an anonymous `own<r>` is written `r` */
        if (t->name)
            buf_str(b, "own<");
        witprint_type(r, t->ty, b);
        if (t->name)
            buf_byte(b, '>');
        break;
    case WIT_K_BORROW:
        buf_str(b, "borrow<");
        witprint_type(r, t->ty, b);
        buf_byte(b, '>');
        break;
    case WIT_K_ALIAS:
        witprint_type(r, t->ty, b);
        break;
    default:
        buf_str(b, "<?>");
    }
}

void witprint_type(const WitResolve *r, WitTy t, Buf *b)
{
    if (!WIT_TY_IS_ID(t)) {
        buf_str(b, wit_prim_name(t) ? wit_prim_name(t) : "<?>");
        return;
    }
    const WitTypeDef *td = &r->types[WIT_TY_ID(t)];
    if (td->name)
        witprint_id(td->name, b);
    else
        witprint_structure(r, td, b);
}

static void ty(Pr *p, WitTy t)
{
    witprint_type(p->r, t, p->b);
}

static void structure(Pr *p, const WitTypeDef *t)
{
    witprint_structure(p->r, t, p->b);
}

/* `name` of an interface for a `use` or `import`: short inside its own
 * package, else `ns:pkg/name@ver`. */
static void iface_ref(Pr *p, uint32_t iface)
{
    const WitIface *it = &p->r->ifaces[iface];
    if (it->package != p->pkg) {
        const WitPkgName *n = &p->r->packages[it->package].name;
        id(p, n->ns);
        buf_byte(p->b, ':');
        id(p, n->name);
        buf_byte(p->b, '/');
    }
    id(p, it->name ? it->name : "<unnamed>");
    if (it->package != p->pkg && p->r->packages[it->package].name.version)
        buf_printf(p->b, "@%s", p->r->packages[it->package].name.version);
}

static void params(Pr *p, const WitFunc *f)
{
    buf_byte(p->b, '(');
    for (uint32_t i = f->kind == WIT_FN_METHOD; i < f->nparams; i++) {
        if (i > (f->kind == WIT_FN_METHOD))
            buf_str(p->b, ", ");
        id(p, f->params[i].name);
        buf_str(p->b, ": ");
        ty(p, f->params[i].ty);
    }
    buf_byte(p->b, ')');
}

static void func(Pr *p, const char *name, const WitFunc *f, const char *prefix)
{
    docs(p, f->docs);
    stability(p, &f->stab);
    indent(p);
    buf_str(p->b, prefix);
    if (f->kind == WIT_FN_CONSTRUCTOR) {
        buf_str(p->b, "constructor");
        params(p, f);
        const WitTypeDef *rt = WIT_TY_IS_ID(f->result) ? &p->r->types[WIT_TY_ID(f->result)] : NULL;
        if (rt && rt->kind == WIT_K_RESULT) {
            buf_str(p->b, " -> ");
            ty(p, f->result);
        }
        buf_str(p->b, ";\n");
        return;
    }
    id(p, name);
    buf_str(p->b, f->kind == WIT_FN_STATIC ? ": static func" : ": func");
    params(p, f);
    if (f->result) {
        buf_str(p->b, " -> ");
        ty(p, f->result);
    }
    buf_str(p->b, ";\n");
}

/* The part of a resource function's name after `[method]r.` etc. */
static const char *short_name(const char *n)
{
    const char *d = strchr(n, '.');
    return d ? d + 1 : n;
}

/* The i-th function of a list of functions or of world items (NULL if the
 * item is not a function). */
typedef struct Funcs {
    const WitFunc *funcs;
    const WitItemList *items;
    uint32_t n;
} Funcs;

static const WitFunc *func_at(const Funcs *f, uint32_t i)
{
    if (f->funcs)
        return &f->funcs[i];
    return f->items->items[i].kind == WIT_ITEM_FUNC ? &f->items->items[i].func : NULL;
}

static void resource(Pr *p, uint32_t tid, const Funcs *fs)
{
    const WitTypeDef *t = &p->r->types[tid];
    uint32_t count = 0;
    for (uint32_t i = 0; i < fs->n; i++) {
        const WitFunc *f = func_at(fs, i);
        count += f && f->kind != WIT_FN_FREE && f->resource == tid;
    }
    indent(p);
    buf_str(p->b, "resource ");
    id(p, t->name);
    if (!count) {
        buf_str(p->b, ";\n");
        return;
    }
    buf_str(p->b, " {\n");
    p->ind++;
    for (uint32_t i = 0; i < fs->n; i++) {
        const WitFunc *f = func_at(fs, i);
        if (f && f->kind != WIT_FN_FREE && f->resource == tid)
            func(p, short_name(f->name), f, "");
    }
    p->ind--;
    indent(p);
    buf_str(p->b, "}\n");
}

static void cases(Pr *p, const WitTypeDef *t, int with_types, const char *sep)
{
    buf_str(p->b, " {\n");
    p->ind++;
    for (uint32_t i = 0; i < t->nfields; i++) {
        docs(p, t->fields[i].docs);
        indent(p);
        id(p, t->fields[i].name);
        if (with_types && t->fields[i].ty) {
            buf_str(p->b, sep);
            ty(p, t->fields[i].ty);
            if (sep[0] == '(')
                buf_byte(p->b, ')');
        }
        buf_str(p->b, ",\n");
    }
    p->ind--;
    indent(p);
    buf_str(p->b, "}\n");
}

/* A named type owned by the interface or world being printed. */
static void typedef_(Pr *p, uint32_t tid, const Funcs *fs)
{
    const WitTypeDef *t = &p->r->types[tid];
    const WitTypeDef *target =
        t->kind == WIT_K_ALIAS && WIT_TY_IS_ID(t->ty) ? &p->r->types[WIT_TY_ID(t->ty)] : NULL;
    docs(p, t->docs);
    stability(p, &t->stab);
    if (target && target->name && target->owner_kind == WIT_OWNER_IFACE &&
        (target->owner_kind != t->owner_kind || target->owner != t->owner)) {
        indent(p);
        buf_str(p->b, "use ");
        iface_ref(p, target->owner);
        buf_str(p->b, ".{");
        id(p, target->name);
        if (strcmp(target->name, t->name)) {
            buf_str(p->b, " as ");
            id(p, t->name);
        }
        buf_str(p->b, "};\n");
        return;
    }
    switch (t->kind) {
    case WIT_K_RESOURCE:
        resource(p, tid, fs);
        return;
    case WIT_K_RECORD:
    case WIT_K_VARIANT:
    case WIT_K_ENUM:
    case WIT_K_FLAGS:
        indent(p);
        buf_str(p->b, t->kind == WIT_K_RECORD    ? "record "
                      : t->kind == WIT_K_VARIANT ? "variant "
                      : t->kind == WIT_K_ENUM    ? "enum "
                                                 : "flags ");
        id(p, t->name);
        cases(p, t, t->kind == WIT_K_RECORD || t->kind == WIT_K_VARIANT,
              t->kind == WIT_K_RECORD ? ": " : "(");
        return;
    default:
        indent(p);
        buf_str(p->b, "type ");
        id(p, t->name);
        buf_str(p->b, " = ");
        structure(p, t);
        buf_str(p->b, ";\n");
    }
}

static void iface_body(Pr *p, const WitIface *it)
{
    buf_str(p->b, "{\n");
    p->ind++;
    Funcs fs = {it->funcs, NULL, it->nfuncs};
    for (uint32_t i = 0; i < it->ntypes; i++)
        typedef_(p, it->types[i].id, &fs);
    for (uint32_t i = 0; i < it->nfuncs; i++)
        if (it->funcs[i].kind == WIT_FN_FREE)
            func(p, it->funcs[i].name, &it->funcs[i], "");
    p->ind--;
    indent(p);
    buf_str(p->b, "}\n");
}

static void world_items(Pr *p, const WitWorld *w, int import)
{
    const WitItemList *l = import ? &w->imports : &w->exports;
    const char *kw = import ? "import " : "export ";
    for (uint32_t i = 0; i < l->n; i++) {
        const WitWorldItem *it = &l->items[i];
        if (it->kind == WIT_ITEM_TYPE) {
            /* resource functions of world-owned resources are world items */
            Funcs fs = {NULL, l, l->n};
            typedef_(p, it->id, &fs);
            continue;
        }
        if (it->kind == WIT_ITEM_FUNC) {
            if (it->func.kind == WIT_FN_FREE)
                func(p, it->key_name, &it->func, kw);
            continue;
        }
        const WitIface *ifc = &p->r->ifaces[it->id];
        docs(p, it->docs ? it->docs : (it->key_name ? ifc->docs : NULL));
        stability(p, it->key_name ? &ifc->stab : &it->stab);
        indent(p);
        buf_str(p->b, kw);
        if (it->key_name) {
            id(p, it->key_name);
            buf_str(p->b, ": interface ");
            iface_body(p, ifc);
        } else {
            iface_ref(p, it->id);
            buf_str(p->b, ";\n");
        }
    }
}

static void pkg_body(Pr *p, uint32_t pkg, uint32_t only_world)
{
    const WitPackage *pk = &p->r->packages[pkg];
    int first = 1;
    for (uint32_t i = 0; i < pk->nifaces; i++) {
        const WitIface *it = &p->r->ifaces[pk->ifaces[i].id];
        if (!first)
            buf_byte(p->b, '\n');
        first = 0;
        docs(p, it->docs);
        stability(p, &it->stab);
        indent(p);
        buf_str(p->b, "interface ");
        id(p, pk->ifaces[i].name);
        buf_byte(p->b, ' ');
        iface_body(p, it);
    }
    for (uint32_t i = 0; i < pk->nworlds; i++) {
        uint32_t wid = pk->worlds[i].id;
        if (only_world != WIT_NONE && wid != only_world)
            continue;
        const WitWorld *w = &p->r->worlds[wid];
        if (!first)
            buf_byte(p->b, '\n');
        first = 0;
        docs(p, w->docs);
        stability(p, &w->stab);
        indent(p);
        buf_str(p->b, "world ");
        id(p, w->name);
        buf_str(p->b, " {\n");
        p->ind++;
        world_items(p, w, 1);
        world_items(p, w, 0);
        p->ind--;
        indent(p);
        buf_str(p->b, "}\n");
    }
}

static void pkg_name(Pr *p, const WitPkgName *n)
{
    id(p, n->ns);
    buf_byte(p->b, ':');
    id(p, n->name);
    if (n->version)
        buf_printf(p->b, "@%s", n->version);
}

void witprint_package(const WitResolve *r, uint32_t pkg, uint32_t world, Buf *out)
{
    Pr p = {r, out, 0, pkg};
    docs(&p, r->packages[pkg].docs);
    buf_str(out, "package ");
    pkg_name(&p, &r->packages[pkg].name);
    buf_str(out, ";\n\n");
    pkg_body(&p, pkg, world);
    for (uint32_t i = 0; i < r->npackages; i++) {
        if (i == pkg)
            continue;
        p.pkg = i;
        buf_byte(out, '\n');
        docs(&p, r->packages[i].docs);
        buf_str(out, "package ");
        pkg_name(&p, &r->packages[i].name);
        buf_str(out, " {\n");
        p.ind = 1;
        pkg_body(&p, i, WIT_NONE);
        p.ind = 0;
        buf_str(out, "}\n");
    }
}
