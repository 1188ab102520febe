/* ctypes_build.c - build the type model of a decoded component (ctypes.h).
 *
 * Mirrors a validator's walk (Explainer.md "Index spaces"): each component,
 * component type and instance type is a Scope with its own type, func,
 * instance and component index spaces, growing definition by definition.
 * Outer aliases look up enclosing scopes.  Core definitions are not
 * modelled: the core decoder and validator own them. */
#include "ctypes.h"

#include "vec.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

typedef VEC(CtType *) TypeVec;
typedef VEC(CtExtern) ExternVec;

typedef struct Scope {
    struct Scope *outer;
    int is_type; /* a component or instance *type* (not a component) */
    TypeVec types, funcs, instances, components;
    ExternVec imports, exports;
    VEC(struct CtModel *) nested; /* models of nested component definitions */
} Scope;

typedef struct B {
    Arena *a;
    CmError *err;
    const char *section;
    uint64_t off; /* offset of the item being built, for errors */
    uint32_t uid; /* resources made so far */
} B;

static CmErr fail(B *b, CmErr code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static CmErr fail(B *b, CmErr code, const char *fmt, ...)
{
    if (!b->err)
        return code;
    err_set(b->err, code, b->off, NULL);
    b->err->section = b->section;
    if (fmt) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(b->err->detail, sizeof b->err->detail, fmt, ap);
        va_end(ap);
    }
    return code;
}

static void scope_free(Scope *s)
{
    VEC_FREE(&s->types);
    VEC_FREE(&s->funcs);
    VEC_FREE(&s->instances);
    VEC_FREE(&s->components);
    VEC_FREE(&s->imports);
    VEC_FREE(&s->exports);
    VEC_FREE(&s->nested);
}

static CtType *new_type(B *b, CtKind k)
{
    CtType *t = ARENA_NEW(b->a, CtType);
    if (t)
        t->kind = k;
    return t;
}

static CtType *new_resource(B *b, int defined)
{
    CtType *t = new_type(b, CT_RESOURCE);
    if (t) {
        t->uid = ++b->uid;
        t->defined = (uint8_t)defined;
    }
    return t;
}

/* A NUL-terminated copy of a name or label.  Names and labels never contain
 * NUL (their grammars exclude it), so one that does is rejected here rather
 * than silently cut short. */
static CmErr cstr(B *b, WcStr s, const char **out)
{
    if (s.len && memchr(s.s, 0, s.len))
        return fail(b, CM_E_CT_BAD_LABEL, "name or label contains a NUL byte");
    *out = arena_strndup(b->a, s.s, s.len);
    return *out ? CM_OK : fail(b, CM_E_OOM, NULL);
}

static CmErr push(B *b, TypeVec *v, CtType *t)
{
    return VEC_PUSH(v, t) ? CM_OK : fail(b, CM_E_OOM, NULL);
}

static CmErr lookup(B *b, TypeVec *v, uint32_t idx, const char *space, CtType **out)
{
    *out = NULL;
    if (idx >= v->len)
        return fail(b, CM_E_CT_BAD_INDEX, "%s index %u (have %zu)", space, idx, v->len);
    *out = v->data[idx];
    return CM_OK;
}

/* ---- value types ---- */

static CtKind prim_kind(uint8_t op)
{
    return (CtKind)(CT_BOOL + (WC_PRIM_BOOL - op));
}

/* valtype: a primitive or an index that must name a value type */
static CmErr valtype(B *b, Scope *s, WcValType v, CtType **out)
{
    if (v.prim) {
        *out = (CtType *)ct_prim(prim_kind(v.prim));
        return CM_OK;
    }
    CmErr e = lookup(b, &s->types, v.idx, "type", out);
    if (!e && (!*out || !ct_is_value((*out)->kind)))
        return fail(b, CM_E_CT_NOT_VALTYPE, "type %u is a %s", v.idx,
                    *out ? ct_kind_name((*out)->kind) : "core type");
    return e;
}

/* Labels are kebab-case and strongly unique within one type. */
static CmErr check_labels(B *b, const char *const *names, uint32_t n, const char *what)
{
    const char *dup;
    for (uint32_t i = 0; i < n; i++)
        if (ct_check_label(names[i], strlen(names[i])))
            return fail(b, CM_E_CT_BAD_LABEL, "%s label '%s'", what, names[i]);
    if (ct_check_unique(names, n, &dup))
        return fail(b, CM_E_CT_DUP_LABEL, "%s label '%s'", what, dup);
    return CM_OK;
}

static CmErr fields(B *b, Scope *s, const WcType *w, CtType *t, const char *what)
{
    const char **names = ARENA_ARRAY(b->a, const char *, w->n ? w->n : 1);
    t->n = w->n;
    t->fields = ARENA_ARRAY(b->a, CtField, w->n ? w->n : 1);
    if (!names || !t->fields)
        return fail(b, CM_E_OOM, NULL);
    for (uint32_t i = 0; i < w->n; i++) {
        CmErr e = cstr(b, w->fields[i].name, &t->fields[i].name);
        if (e)
            return e;
        names[i] = t->fields[i].name;
        if (w->fields[i].has_type && (e = valtype(b, s, w->fields[i].type, &t->fields[i].type)))
            return e;
    }
    return check_labels(b, names, w->n, what);
}

static CmErr labels(B *b, const WcType *w, CtType *t, const char *what)
{
    t->n = w->n;
    t->labels = ARENA_ARRAY(b->a, const char *, w->n ? w->n : 1);
    if (!t->labels)
        return fail(b, CM_E_OOM, NULL);
    for (uint32_t i = 0; i < w->n; i++) {
        CmErr e = cstr(b, w->names[i], &t->labels[i]);
        if (e)
            return e;
    }
    return check_labels(b, t->labels, w->n, what);
}

static CmErr resource_ref(B *b, Scope *s, uint32_t idx, CtType **out)
{
    CmErr e = lookup(b, &s->types, idx, "type", out);
    if (!e && (!*out || (*out)->kind != CT_RESOURCE))
        return fail(b, CM_E_CT_NOT_RESOURCE, "type %u", idx);
    return e;
}

static CmErr defvaltype(B *b, Scope *s, const WcType *w, CtType *t)
{
    CmErr e = CM_OK;
    switch (w->kind) {
    case WC_TY_PRIM:
        t->kind = prim_kind(w->prim);
        return CM_OK;
    case WC_TY_RECORD:
        t->kind = CT_RECORD;
        if (w->n == 0)
            return fail(b, CM_E_CT_EMPTY, "record");
        return fields(b, s, w, t, "field");
    case WC_TY_VARIANT:
        t->kind = CT_VARIANT;
        if (w->n == 0)
            return fail(b, CM_E_CT_EMPTY, "variant");
        return fields(b, s, w, t, "case");
    case WC_TY_LIST:
        t->kind = CT_LIST;
        return valtype(b, s, w->elem, &t->elem);
    case WC_TY_OPTION:
        t->kind = CT_OPTION;
        return valtype(b, s, w->elem, &t->elem);
    case WC_TY_TUPLE:
        t->kind = CT_TUPLE;
        if (w->n == 0)
            return fail(b, CM_E_CT_EMPTY, "tuple");
        t->n = w->n;
        if (!(t->types = ARENA_ARRAY(b->a, CtType *, w->n)))
            return fail(b, CM_E_OOM, NULL);
        for (uint32_t i = 0; !e && i < w->n; i++)
            e = valtype(b, s, w->types[i], &t->types[i]);
        return e;
    case WC_TY_FLAGS:
        t->kind = CT_FLAGS;
        if (w->n == 0)
            return fail(b, CM_E_CT_EMPTY, "flags");
        if (w->n > CT_MAX_FLAGS)
            return fail(b, CM_E_CT_TOO_MANY_FLAGS, "%u labels", w->n);
        return labels(b, w, t, "flags");
    case WC_TY_ENUM:
        t->kind = CT_ENUM;
        if (w->n == 0)
            return fail(b, CM_E_CT_EMPTY, "enum");
        return labels(b, w, t, "enum");
    case WC_TY_RESULT:
        t->kind = CT_RESULT;
        if (w->has_ok && (e = valtype(b, s, w->ok, &t->elem)))
            return e;
        return w->has_err ? valtype(b, s, w->err, &t->err) : CM_OK;
    case WC_TY_OWN:
    case WC_TY_BORROW:
        t->kind = w->kind == WC_TY_OWN ? CT_OWN : CT_BORROW;
        return resource_ref(b, s, w->res_idx, &t->resource);
    default:
        return fail(b, CM_E_CT_WRONG_KIND, "type opcode 0x%02x", w->kind);
    }
}

static CmErr functype(B *b, Scope *s, const WcType *w, CtType *t)
{
    t->kind = CT_FUNC;
    CmErr e = fields(b, s, w, t, "parameter");
    if (e)
        return e;
    for (uint32_t i = 0; i < t->n; i++)
        if (!t->fields[i].type)
            return fail(b, CM_E_CT_WRONG_KIND, "parameter without a type");
    if (w->has_result && (e = valtype(b, s, w->result, &t->result)))
        return e;
    if (t->result && ct_contains_borrow(t->result))
        return fail(b, CM_E_CT_BORROW_IN_RESULT, NULL);
    return CM_OK;
}

/* ---- externs ---- */

static TypeVec *space_of(Scope *s, CtExternKind k)
{
    switch (k) {
    case CT_EXT_FUNC: return &s->funcs;
    case CT_EXT_TYPE: return &s->types;
    case CT_EXT_COMPONENT: return &s->components;
    case CT_EXT_INSTANCE: return &s->instances;
    default: return NULL;
    }
}

static CmErr want_kind(B *b, CtType *t, CtKind k, uint32_t idx)
{
    if (!t || t->kind != k)
        return fail(b, CM_E_CT_WRONG_KIND, "type %u is a %s, expected %s", idx,
                    t ? ct_kind_name(t->kind) : "core type", ct_kind_name(k));
    return CM_OK;
}

/* The type an externdesc describes.  A (sub resource) bound makes a fresh
 * abstract resource; `local` marks it as bound by an enclosing type. */
static CmErr externdesc(B *b, Scope *s, const WcExternDesc *d, CtExternKind *kind, CtType **out)
{
    CmErr e;
    switch (d->kind) {
    case WC_EXT_MODULE:
        *kind = CT_EXT_MODULE;
        *out = new_type(b, CT_MODULE);
        return *out ? CM_OK : fail(b, CM_E_OOM, NULL);
    case WC_EXT_FUNC:
        *kind = CT_EXT_FUNC;
        if ((e = lookup(b, &s->types, d->idx, "type", out)))
            return e;
        return want_kind(b, *out, CT_FUNC, d->idx);
    case WC_EXT_COMPONENT:
        *kind = CT_EXT_COMPONENT;
        if ((e = lookup(b, &s->types, d->idx, "type", out)))
            return e;
        return want_kind(b, *out, CT_COMPONENT, d->idx);
    case WC_EXT_INSTANCE:
        *kind = CT_EXT_INSTANCE;
        if ((e = lookup(b, &s->types, d->idx, "type", out)))
            return e;
        return want_kind(b, *out, CT_INSTANCE, d->idx);
    case WC_EXT_TYPE:
        *kind = CT_EXT_TYPE;
        if (d->bound == 1) {
            if (!(*out = new_resource(b, 0)))
                return fail(b, CM_E_OOM, NULL);
            (*out)->local = (uint8_t)s->is_type;
            return CM_OK;
        }
        if ((e = lookup(b, &s->types, d->idx, "type", out)))
            return e;
        if (!*out) /* any component type may be bound, core types may not */
            return fail(b, CM_E_CT_WRONG_KIND, "type %u is a core type", d->idx);
        return CM_OK;
    default:
        return fail(b, CM_E_CT_WRONG_KIND, "extern kind 0x%02x", d->kind);
    }
}

static const CtExtern *find_extern(const ExternVec *v, const char *name, size_t len)
{
    for (size_t i = 0; i < v->len; i++)
        if (strlen(v->data[i].name) == len && !memcmp(v->data[i].name, name, len))
            return &v->data[i];
    return NULL;
}

static CtType *find_resource(const ExternVec *v, const char *name, size_t len)
{
    const CtExtern *x = find_extern(v, name, len);
    return x && x->kind == CT_EXT_TYPE && x->type && x->type->kind == CT_RESOURCE ? x->type : NULL;
}

static int is_handle(const CtType *t, CtKind k, const CtType *r)
{
    return t && t->kind == k && t->resource == r;
}

/* [constructor]r returns own<r> or result<own<r>, E>; [method]r.m takes
 * self: borrow<r> first; [static]r.m needs the resource r.  The resource
 * must be named by an earlier extern of the same list. */
static CmErr check_func_name(B *b, const ExternVec *v, const char *name, const CtType *fn)
{
    static const char ctor[] = "[constructor]", meth[] = "[method]", stat[] = "[static]";
    if (!strncmp(name, ctor, sizeof ctor - 1)) {
        const char *r = name + sizeof ctor - 1;
        CtType *res = find_resource(v, r, strlen(r));
        const CtType *t = fn->result;
        if (!res)
            return fail(b, CM_E_CT_BAD_CONSTRUCTOR, "'%s': no resource '%s'", name, r);
        if (!is_handle(t, CT_OWN, res) && !(t && t->kind == CT_RESULT && is_handle(t->elem, CT_OWN, res)))
            return fail(b, CM_E_CT_BAD_CONSTRUCTOR, "'%s' must return own<%s>", name, r);
        return CM_OK;
    }
    int is_method = !strncmp(name, meth, sizeof meth - 1);
    if (!is_method && strncmp(name, stat, sizeof stat - 1))
        return CM_OK;
    const char *r = name + (is_method ? sizeof meth - 1 : sizeof stat - 1);
    const char *dot = strchr(r, '.');
    if (!dot)
        return fail(b, CM_E_CT_BAD_METHOD, "'%s' has no '.'", name);
    CtType *res = find_resource(v, r, (size_t)(dot - r));
    if (!res)
        return fail(b, CM_E_CT_BAD_METHOD, "'%s': no resource '%.*s'", name, (int)(dot - r), r);
    if (is_method && (fn->n == 0 || strcmp(fn->fields[0].name, "self") ||
                      !is_handle(fn->fields[0].type, CT_BORROW, res)))
        return fail(b, CM_E_CT_BAD_METHOD, "'%s' must take self: borrow<%.*s> first", name,
                    (int)(dot - r), r);
    return CM_OK;
}

/* The first nominal-ish type (record, variant, enum, flags, resource) in
 * t that no import or export has named, or NULL.  Bindings generators need
 * a name for each, so validators require them to be imported or exported
 * before a function or instance using them is. */
static const CtType *unnamed(const CtType *t)
{
    const CtType *u = NULL;
    if (!t)
        return NULL;
    switch (t->kind) {
    case CT_RECORD: case CT_VARIANT: case CT_ENUM: case CT_FLAGS: case CT_RESOURCE:
        if (!t->name)
            return t;
        break;
    default:
        break;
    }
    switch (t->kind) {
    case CT_RECORD: case CT_VARIANT: case CT_FUNC:
        for (uint32_t i = 0; i < t->n && !u; i++)
            u = unnamed(t->fields[i].type);
        return u ? u : unnamed(t->result);
    case CT_TUPLE:
        for (uint32_t i = 0; i < t->n && !u; i++)
            u = unnamed(t->types[i]);
        return u;
    case CT_LIST: case CT_OPTION: case CT_RESULT:
        return (u = unnamed(t->elem)) ? u : unnamed(t->err);
    case CT_OWN: case CT_BORROW:
        return unnamed(t->resource);
    default:
        return NULL;
    }
}

/* Record an import or export in list v (names strongly unique) and give the
 * item its index in the matching space. */
static CmErr add_extern(B *b, Scope *s, ExternVec *v, const char *name, CtExternKind kind, CtType *t)
{
    CmErr e;
    if (ct_check_extern_name(name, strlen(name), v == &s->imports))
        return fail(b, CM_E_CT_BAD_EXTERN_NAME, "'%s'", name);
    for (size_t i = 0; i < v->len; i++) {
        const char *pair[2] = {v->data[i].name, name};
        const char *dup;
        if (ct_check_unique(pair, 2, &dup))
            return fail(b, CM_E_CT_DUP_NAME, "'%s'", name);
    }
    if (kind == CT_EXT_FUNC && (e = check_func_name(b, v, name, t)))
        return e;
    if (!s->is_type && kind == CT_EXT_FUNC && unnamed(t))
        return fail(b, CM_E_CT_UNNAMED_TYPE, "'%s' uses an unnamed %s", name, ct_kind_name(unnamed(t)->kind));
    if (kind == CT_EXT_TYPE && t && !t->name && !(ct_is_prim(t->kind) && t == ct_prim(t->kind)))
        t->name = name;
    CtExtern x = {name, kind, t};
    if (!VEC_PUSH(v, x))
        return fail(b, CM_E_OOM, NULL);
    TypeVec *sp = space_of(s, kind);
    return sp ? push(b, sp, t) : CM_OK;
}

static CmErr finish_externs(B *b, Scope *s, CtType *t)
{
    t->nimports = (uint32_t)s->imports.len;
    t->nexports = (uint32_t)s->exports.len;
    t->imports = arena_memdup(b->a, s->imports.data, s->imports.len * sizeof(CtExtern));
    t->exports = arena_memdup(b->a, s->exports.data, s->exports.len * sizeof(CtExtern));
    return t->imports && t->exports ? CM_OK : fail(b, CM_E_OOM, NULL);
}

/* ---- aliases ---- */

static CtExternKind sort_kind(uint8_t sort)
{
    switch (sort) {
    case WC_SORT_FUNC: return CT_EXT_FUNC;
    case WC_SORT_TYPE: return CT_EXT_TYPE;
    case WC_SORT_COMPONENT: return CT_EXT_COMPONENT;
    default: return CT_EXT_INSTANCE;
    }
}

static CmErr alias(B *b, Scope *s, const WcAlias *al)
{
    CmErr e;
    if (al->sort.sort == WC_SORT_CORE)
        return CM_OK; /* core items are not modelled */
    CtExternKind kind = sort_kind(al->sort.sort);
    CtType *t;
    if (al->target == WC_ALIAS_EXPORT) {
        if ((e = lookup(b, &s->instances, al->instance, "instance", &t)))
            return e;
        const CtExtern *x = NULL;
        for (uint32_t i = 0; t && i < t->nexports && !x; i++)
            if (strlen(t->exports[i].name) == al->name.len &&
                !memcmp(t->exports[i].name, al->name.s, al->name.len))
                x = &t->exports[i];
        if (!x || x->kind != kind)
            return fail(b, CM_E_CT_BAD_ALIAS, "instance %u has no %s export '%.*s'", al->instance,
                        kind == CT_EXT_FUNC ? "func" : kind == CT_EXT_TYPE ? "type" : "instance/component",
                        (int)al->name.len, al->name.s);
        return push(b, space_of(s, kind), x->type);
    }
    if (al->target == WC_ALIAS_OUTER) {
        Scope *o = s;
        for (uint32_t i = 0; o && i < al->outer_ct; i++)
            o = o->outer;
        if (!o)
            return fail(b, CM_E_CT_BAD_ALIAS, "outer alias count %u too large", al->outer_ct);
        if (kind != CT_EXT_TYPE && kind != CT_EXT_COMPONENT)
            return fail(b, CM_E_CT_BAD_ALIAS, "outer alias of a sort other than type or component");
        if ((e = lookup(b, space_of(o, kind), al->outer_idx, "outer", &t)))
            return e;
        return push(b, space_of(s, kind), t);
    }
    return fail(b, CM_E_CT_BAD_ALIAS, "core export alias of a component sort");
}

/* ---- deftypes, component and instance types ---- */

static CmErr deftype(B *b, Scope *s, const WcType *w, CtType **out);

static CmErr decls(B *b, Scope *outer, const WcType *w, CtType *t)
{
    Scope s = {.outer = outer, .is_type = 1};
    CmErr e = CM_OK;
    for (uint32_t i = 0; !e && i < w->n; i++) {
        const WcDecl *d = &w->decls[i];
        CtType *dt;
        CtExternKind kind;
        switch (d->kind) {
        case WC_DECL_CORE_TYPE:
            break;
        case WC_DECL_TYPE:
            if (d->type->kind == WC_TY_RESOURCE) {
                b->off = d->type->offset;
                e = fail(b, CM_E_CT_RESOURCE_IN_TYPE, NULL);
                break;
            }
            if (!(e = deftype(b, &s, d->type, &dt)))
                e = push(b, &s.types, dt);
            break;
        case WC_DECL_ALIAS:
            e = alias(b, &s, &d->alias);
            break;
        case WC_DECL_IMPORT:
        case WC_DECL_EXPORT: {
            const char *name;
            if ((e = cstr(b, d->name.name, &name)))
                break;
            if (!(e = externdesc(b, &s, &d->desc, &kind, &dt)))
                e = add_extern(b, &s, d->kind == WC_DECL_IMPORT ? &s.imports : &s.exports, name, kind, dt);
            break;
        }
        }
    }
    if (!e)
        e = finish_externs(b, &s, t);
    scope_free(&s);
    return e;
}

static void add_child(CtType *t, const CtType *c)
{
    if (!c)
        return;
    if (c->depth + 1 > t->depth)
        t->depth = c->depth + 1;
    t->size = c->size > CT_MAX_SIZE ? CT_MAX_SIZE + 1 : t->size + c->size;
    if (t->size > CT_MAX_SIZE)
        t->size = CT_MAX_SIZE + 1;
}

/* Depth and size of t from its children (which are measured already:
 * types only refer to earlier types). */
static CmErr measure(B *b, CtType *t)
{
    t->depth = 1;
    t->size = 1;
    for (uint32_t i = 0; i < t->n; i++) {
        if (t->fields)
            add_child(t, t->fields[i].type);
        if (t->types)
            add_child(t, t->types[i]);
    }
    add_child(t, t->elem);
    add_child(t, t->err);
    add_child(t, t->result);
    /* Externs count for depth only: an instance's size is the sum over
     * its exports, which is bounded by the input already. */
    for (uint32_t i = 0; i < t->nimports + t->nexports; i++) {
        const CtType *c = i < t->nimports ? t->imports[i].type : t->exports[i - t->nimports].type;
        if (c && c->depth + 1 > t->depth)
            t->depth = c->depth + 1;
    }
    if (t->depth > CT_MAX_DEPTH)
        return fail(b, CM_E_LIMIT, "type nesting deeper than %d", CT_MAX_DEPTH);
    if (t->size > CT_MAX_SIZE)
        return fail(b, CM_E_LIMIT, "type larger than %d nodes", CT_MAX_SIZE);
    return CM_OK;
}

static CmErr deftype_(B *b, Scope *s, const WcType *w, CtType *t);

static CmErr deftype(B *b, Scope *s, const WcType *w, CtType **out)
{
    CtType *t = new_type(b, CT_BOOL);
    if (!t)
        return fail(b, CM_E_OOM, NULL);
    *out = t;
    CmErr e = deftype_(b, s, w, t);
    return e ? e : measure(b, t);
}

static CmErr deftype_(B *b, Scope *s, const WcType *w, CtType *t)
{
    if (w->offset)
        b->off = w->offset;
    switch (w->kind) {
    case WC_TY_FUNC:
        return functype(b, s, w, t);
    case WC_TY_COMPONENT:
        t->kind = CT_COMPONENT;
        return decls(b, s, w, t);
    case WC_TY_INSTANCE:
        t->kind = CT_INSTANCE;
        return decls(b, s, w, t);
    case WC_TY_RESOURCE:
        t->kind = CT_RESOURCE;
        t->uid = ++b->uid;
        t->defined = 1;
        t->has_dtor = w->has_dtor;
        t->dtor = w->dtor;
        return CM_OK;
    default:
        return defvaltype(b, s, w, t);
    }
}

/* ---- components ---- */

static CmErr component(B *b, Scope *outer, const WcComponent *c, CtType **out, CtModel *model);

/* Bind the abstract resources that import im brings in (a (sub resource)
 * type import, or those exported by an imported instance type) to what
 * the argument gives for them. */
static CmErr bind_resources(B *b, const CtExtern *im, CtType *given, TypeVec *from, TypeVec *to)
{
    if (im->kind == CT_EXT_TYPE && im->type->kind == CT_RESOURCE && !im->type->defined)
        return push(b, from, im->type) || push(b, to, given) ? CM_E_OOM : CM_OK;
    if (im->kind != CT_EXT_INSTANCE || given->kind != CT_INSTANCE)
        return CM_OK;
    for (uint32_t k = 0; k < im->type->nexports; k++) {
        const CtExtern *x = &im->type->exports[k];
        if (x->kind != CT_EXT_TYPE || x->type->kind != CT_RESOURCE || x->type->defined)
            continue;
        for (uint32_t j = 0; j < given->nexports; j++)
            if (!strcmp(given->exports[j].name, x->name) &&
                (push(b, from, x->type) || push(b, to, given->exports[j].type)))
                return CM_E_OOM;
    }
    return CM_OK;
}

/* A type mismatch naming the import with its expected and actual types
 * (the types are cut short to fit the detail text). */
static CmErr mismatch(B *b, const char *name, const CtType *want, const CtType *given)
{
    Buf w = {0}, g = {0};
    ct_print(&w, want);
    ct_print(&g, given);
    CmErr e = fail(b, CM_E_CT_MISMATCH,
                   "instantiation argument '%s' does not match the import: expected %.70s, found %.70s",
                   name, w.data ? (const char *)w.data : "?", g.data ? (const char *)g.data : "?");
    buf_release(&w);
    buf_release(&g);
    return e;
}

/* Check each argument against the import it satisfies (arguments are
 * matched by name; each must be a subtype of the import with the resources
 * bound so far substituted) and collect the resource bindings. */
static CmErr bind_args(B *b, Scope *s, const WcInstance *in, const CtType *c, TypeVec *from, TypeVec *to)
{
    for (uint32_t i = 0; i < c->nimports; i++) {
        const CtExtern *im = &c->imports[i];
        const WcArg *arg = NULL;
        for (uint32_t k = 0; k < in->n && !arg; k++)
            if (strlen(im->name) == in->args[k].name.len &&
                !memcmp(im->name, in->args[k].name.s, in->args[k].name.len))
                arg = &in->args[k];
        if (!arg)
            return fail(b, CM_E_CT_MISMATCH, "missing instantiation argument '%s'", im->name);
        if (arg->item.sort.sort == WC_SORT_CORE || im->kind == CT_EXT_MODULE) {
            if (arg->item.sort.sort != WC_SORT_CORE || arg->item.sort.core_sort != WC_CSORT_MODULE ||
                im->kind != CT_EXT_MODULE)
                return fail(b, CM_E_CT_MISMATCH, "instantiation argument '%s' has the wrong sort", im->name);
            continue; /* core module types are the core validator's business */
        }
        if (sort_kind(arg->item.sort.sort) != im->kind)
            return fail(b, CM_E_CT_MISMATCH, "instantiation argument '%s' has the wrong sort", im->name);
        CtType *given;
        CmErr e = lookup(b, space_of(s, im->kind), arg->item.idx, "argument", &given);
        if (e)
            return e;
        int ok;
        CtType *want = im->type;
        if (im->kind == CT_EXT_TYPE && im->type->kind == CT_RESOURCE && !im->type->defined) {
            ok = given->kind == CT_RESOURCE; /* (sub resource) takes any resource */
        } else {
            want = ct_subst(b->a, im->type, (const CtType *const *)from->data, to->data, from->len);
            if (!want)
                return fail(b, CM_E_OOM, NULL);
            ok = ct_subtype(given, want);
        }
        if (ok && (e = bind_resources(b, im, given, from, to)))
            return e;
        if (!ok)
            return mismatch(b, im->name, want, given);
    }
    return CM_OK;
}

/* instantiate: the instance exports what the component exports, with the
 * component's imported resources replaced by the arguments. */
static CmErr instantiate(B *b, Scope *s, const WcInstance *in, CtType *t)
{
    CtType *c;
    TypeVec from = {0}, to = {0};
    CmErr e = lookup(b, &s->components, in->component, "component", &c);
    if (!e)
        e = bind_args(b, s, in, c, &from, &to);
    CtType *inst = NULL, tmp; /* inst may be &tmp when nothing is substituted */
    if (!e) {
        tmp = *c;
        tmp.kind = CT_INSTANCE;
        tmp.nimports = 0;
        tmp.imports = NULL;
        inst = ct_subst(b->a, &tmp, (const CtType *const *)from.data, to.data, from.len);
        if (!inst)
            e = fail(b, CM_E_OOM, NULL);
    }
    VEC_FREE(&from);
    VEC_FREE(&to);
    if (e)
        return e;
    *t = *inst;
    for (uint32_t i = 0; i < t->nexports; i++) {
        CtType *x = t->exports[i].type;
        if (t->exports[i].kind == CT_EXT_TYPE && x && !x->name && !(ct_is_prim(x->kind) && x == ct_prim(x->kind)))
            x->name = t->exports[i].name;
    }
    return push(b, &s->instances, t);
}

static CmErr instance(B *b, Scope *s, const WcInstance *in)
{
    CmErr e;
    CtType *t = new_type(b, CT_INSTANCE);
    if (!t)
        return fail(b, CM_E_OOM, NULL);
    if (in->kind == 0)
        return instantiate(b, s, in, t);
    Scope tmp = {.outer = s->outer};
    e = CM_OK;
    for (uint32_t i = 0; !e && i < in->n; i++) {
        const WcInlineExport *x = &in->exports[i];
        if (x->item.sort.sort == WC_SORT_CORE)
            continue;
        CtExternKind kind = sort_kind(x->item.sort.sort);
        CtType *it;
        const char *name;
        if ((e = cstr(b, x->name.name, &name)))
            break;
        if (!(e = lookup(b, space_of(s, kind), x->item.idx, "item", &it)))
            e = add_extern(b, &tmp, &tmp.exports, name, kind, it);
    }
    if (!e)
        e = finish_externs(b, &tmp, t);
    if (!e)
        e = measure(b, t);
    scope_free(&tmp);
    return e ? e : push(b, &s->instances, t);
}

static CmErr canon(B *b, Scope *s, const WcCanon *cn)
{
    if (cn->kind == WC_CANON_LIFT) {
        CtType *t;
        CmErr e = lookup(b, &s->types, cn->type, "type", &t);
        if (!e)
            e = want_kind(b, t, CT_FUNC, cn->type);
        return e ? e : push(b, &s->funcs, t);
    }
    if (cn->kind != WC_CANON_LOWER) {
        CtType *t;
        return resource_ref(b, s, cn->type, &t);
    }
    return CM_OK; /* lower makes a core func */
}

/* An export with an ascribed type: the item's type must be a subtype of it
 * (a (sub resource) bound takes any resource).  The export then has the
 * ascribed type; a (sub resource) is a fresh abstract type outside. */
static CmErr ascribe(B *b, Scope *s, const WcExport *x, const char *name, CtExternKind *kind, CtType **t)
{
    CtType *item = *t, *want;
    CtExternKind k = *kind;
    CmErr e = externdesc(b, s, &x->desc, &k, &want);
    if (e)
        return e;
    int ok = k == *kind && (x->desc.kind == WC_EXT_TYPE && x->desc.bound == 1
                                ? item->kind == CT_RESOURCE
                                : ct_subtype(item, want));
    if (!ok)
        return fail(b, CM_E_CT_MISMATCH, "ascribed type of export '%s' does not match the item", name);
    *t = want;
    return CM_OK;
}

static CmErr section(B *b, Scope *s, const WcSection *sec)
{
    CmErr e = CM_OK;
    CtType *t;
    CtExternKind kind;
    b->section = wcomp_section_name(sec->id);
    b->off = sec->offset;
    for (uint32_t i = 0; !e && i < sec->n; i++) {
        switch (sec->id) {
        case WC_SEC_INSTANCE: e = instance(b, s, &sec->u.instances[i]); break;
        case WC_SEC_ALIAS: e = alias(b, s, &sec->u.aliases[i]); break;
        case WC_SEC_TYPE:
            if (!(e = deftype(b, s, sec->u.types[i], &t)))
                e = push(b, &s->types, t);
            break;
        case WC_SEC_CANON: e = canon(b, s, &sec->u.canons[i]); break;
        case WC_SEC_IMPORT: {
            const WcImport *im = &sec->u.imports[i];
            const char *name;
            if ((e = cstr(b, im->name.name, &name)))
                return e;
            if (!(e = externdesc(b, s, &im->desc, &kind, &t)))
                e = add_extern(b, s, &s->imports, name, kind, t);
            break;
        }
        case WC_SEC_EXPORT: {
            const WcExport *x = &sec->u.exports[i];
            const char *name;
            if ((e = cstr(b, x->name.name, &name)))
                return e;
            if (x->item.sort.sort == WC_SORT_CORE) {
                kind = CT_EXT_MODULE;
                t = new_type(b, CT_MODULE);
            } else {
                kind = sort_kind(x->item.sort.sort);
                if ((e = lookup(b, space_of(s, kind), x->item.idx, "item", &t)))
                    break;
                if (x->has_desc && (e = ascribe(b, s, x, name, &kind, &t)))
                    break;
            }
            e = add_extern(b, s, &s->exports, name, kind, t);
            break;
        }
        default: break;
        }
    }
    if (!e && sec->id == WC_SEC_COMPONENT) {
        CtModel *m = ARENA_NEW(b->a, CtModel);
        if (!m || !VEC_PUSH(&s->nested, m))
            return fail(b, CM_E_OOM, NULL);
        if (!(e = component(b, s, sec->u.component, &t, m)))
            e = push(b, &s->components, t);
    }
    return e;
}

/* Copy an index space into the arena for the model; 0 on OOM. */
static int take(B *b, const TypeVec *v, uint32_t *out_n, CtType ***out)
{
    *out_n = (uint32_t)v->len;
    *out = arena_memdup(b->a, v->data, v->len * sizeof(CtType *));
    return *out != NULL;
}

static CmErr component(B *b, Scope *outer, const WcComponent *c, CtType **out, CtModel *model)
{
    Scope s = {.outer = outer};
    CmErr e = CM_OK;
    CtType *t = new_type(b, CT_COMPONENT);
    if (!t)
        return fail(b, CM_E_OOM, NULL);
    for (uint32_t i = 0; !e && i < c->nsections; i++)
        e = section(b, &s, &c->sections[i]);
    if (!e)
        e = finish_externs(b, &s, t);
    if (!e)
        e = measure(b, t);
    if (!e && model) {
        model->type = t;
        if (!take(b, &s.types, &model->ntypes, &model->types) ||
            !take(b, &s.funcs, &model->nfuncs, &model->funcs) ||
            !take(b, &s.instances, &model->ninstances, &model->instances) ||
            !take(b, &s.components, &model->ncomponents, &model->components))
            e = fail(b, CM_E_OOM, NULL);
        model->nnested = (uint32_t)s.nested.len;
        model->nested = arena_memdup(b->a, s.nested.data, s.nested.len * sizeof(CtModel *));
        if (!e && !model->nested)
            e = fail(b, CM_E_OOM, NULL);
    }
    scope_free(&s);
    *out = t;
    return e;
}

CmErr ct_build(Arena *a, const WcComponent *c, CtModel **out, CmError *err)
{
    B b = {a, err, NULL, 0, 0};
    CtType *t;
    if (err)
        err_clear(err);
    CtModel *m = ARENA_NEW(a, CtModel);
    if (!m)
        return fail(&b, CM_E_OOM, NULL);
    CmErr e = component(&b, NULL, c, &t, m);
    m->next_uid = b.uid;
    *out = m;
    return e;
}
