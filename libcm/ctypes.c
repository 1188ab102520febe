/* ctypes.c - primitives, label rules, equality, subtyping and printing of
 * component types (component model Explainer.md "Type Definitions",
 * "Subtyping", Binary.md validation notes; WIT.md for the label syntax). */
#include "ctypes.h"

#include "vec.h"

#include <ctype.h>
#include <string.h>

#define PRIM(k) {.kind = k, .depth = 1, .size = 1}
static const CtType prims[] = {
    PRIM(CT_BOOL), PRIM(CT_S8),  PRIM(CT_U8),  PRIM(CT_S16), PRIM(CT_U16),  PRIM(CT_S32), PRIM(CT_U32),
    PRIM(CT_S64),  PRIM(CT_U64), PRIM(CT_F32), PRIM(CT_F64), PRIM(CT_CHAR), PRIM(CT_STRING),
};
#undef PRIM

int ct_is_prim(CtKind k)
{
    return k <= CT_STRING;
}

int ct_is_value(CtKind k)
{
    return k <= CT_BORROW;
}

const CtType *ct_prim(CtKind k)
{
    return ct_is_prim(k) ? &prims[k] : NULL;
}

const char *ct_kind_name(CtKind k)
{
    static const char *const names[] = {
        "bool", "s8", "u8", "s16", "u16", "s32", "u32", "s64", "u64", "f32", "f64", "char",
        "string", "record", "variant", "list", "tuple", "flags", "enum", "option", "result",
        "own", "borrow", "func", "instance", "component", "resource", "core module"};
    return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "?";
}

/* ---- labels ---- */

/* label ::= word ('-' word)*; word ::= [a-z][a-z0-9]* | [A-Z][A-Z0-9]* */
CmErr ct_check_label(const char *s, size_t len)
{
    size_t i = 0;
    if (len == 0)
        return CM_E_CT_BAD_LABEL;
    for (;;) {
        if (i >= len || !isalpha((unsigned char)s[i]))
            return CM_E_CT_BAD_LABEL;
        int upper = isupper((unsigned char)s[i]);
        for (i++; i < len && s[i] != '-'; i++) {
            unsigned char c = (unsigned char)s[i];
            if (!(isdigit(c) || (upper ? isupper(c) : islower(c))))
                return CM_E_CT_BAD_LABEL;
        }
        if (i == len)
            return CM_OK;
        i++; /* '-', which must be followed by another word */
    }
}

static int starts_with(const char *s, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);
    return len >= n && !memcmp(s, prefix, n);
}

/* [label] '.' [label] */
static CmErr check_dotted(const char *s, size_t len)
{
    const char *dot = memchr(s, '.', len);
    if (!dot)
        return CM_E_CT_BAD_EXTERN_NAME;
    size_t a = (size_t)(dot - s);
    if (ct_check_label(s, a) || ct_check_label(dot + 1, len - a - 1))
        return CM_E_CT_BAD_EXTERN_NAME;
    return CM_OK;
}

/* A semver number: 0 or no leading zero. */
static size_t semver_num(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len && isdigit((unsigned char)s[i]))
        i++;
    if (i == 0 || (i > 1 && s[0] == '0'))
        return 0;
    return i;
}

/* Dot-separated, non-empty identifiers of [0-9A-Za-z-]. */
static int ident_list(const char *s, size_t len)
{
    size_t ident = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '.') {
            if (!ident)
                return 0;
            ident = 0;
        } else if (isalnum(c) || c == '-') {
            ident++;
        } else {
            return 0;
        }
    }
    return ident > 0;
}

/* MAJOR.MINOR.PATCH ('-' prerelease)? ('+' build)? */
static int valid_semver(const char *s, size_t len)
{
    size_t i = 0;
    for (int part = 0; part < 3; part++) {
        size_t n = semver_num(s + i, len - i);
        if (!n)
            return 0;
        i += n;
        if (part < 2 && (i >= len || s[i++] != '.'))
            return 0;
    }
    const char *plus = memchr(s + i, '+', len - i);
    size_t build = plus ? (size_t)(plus - s) : len;
    if (i < build && (s[i] != '-' || !ident_list(s + i + 1, build - i - 1)))
        return 0;
    return !plus || ident_list(plus + 1, len - build - 1);
}

/* namespace ::= words ':' (lowercase); then label '/' label ('@' semver)? */
static CmErr check_interface(const char *s, size_t len)
{
    const char *colon = memchr(s, ':', len);
    size_t ns = (size_t)(colon - s);
    if (ct_check_label(s, ns) || isupper((unsigned char)s[0]))
        return CM_E_CT_BAD_EXTERN_NAME;
    for (size_t i = 0; i < ns; i++)
        if (isupper((unsigned char)s[i]))
            return CM_E_CT_BAD_EXTERN_NAME;
    const char *rest = colon + 1, *end = s + len;
    const char *at = memchr(rest, '@', (size_t)(end - rest));
    const char *stop = at ? at : end;
    const char *slash = memchr(rest, '/', (size_t)(stop - rest));
    if (!slash || ct_check_label(rest, (size_t)(slash - rest)) ||
        ct_check_label(slash + 1, (size_t)(stop - slash - 1)))
        return CM_E_CT_BAD_EXTERN_NAME;
    if (at && !valid_semver(at + 1, (size_t)(end - at - 1)))
        return CM_E_CT_BAD_EXTERN_NAME;
    return CM_OK;
}

CmErr ct_check_extern_name(const char *s, size_t len, int is_import)
{
    static const char *const dep_forms[] = {"unlocked-dep=<", "locked-dep=<", "url=<", "integrity=<"};
    if (memchr(s, ':', len) && !(is_import && memchr(s, '=', len)))
        return check_interface(s, len);
    if (starts_with(s, len, "[constructor]"))
        return ct_check_label(s + 13, len - 13) ? CM_E_CT_BAD_EXTERN_NAME : CM_OK;
    if (starts_with(s, len, "[method]"))
        return check_dotted(s + 8, len - 8);
    if (starts_with(s, len, "[static]"))
        return check_dotted(s + 8, len - 8);
    if (is_import)
        for (size_t i = 0; i < sizeof dep_forms / sizeof dep_forms[0]; i++)
            if (starts_with(s, len, dep_forms[i]))
                return s[len - 1] == '>' || memchr(s, '>', len) ? CM_OK : CM_E_CT_BAD_EXTERN_NAME;
    return ct_check_label(s, len) ? CM_E_CT_BAD_EXTERN_NAME : CM_OK;
}

static int same_ci(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return 0;
    return *a == *b;
}

CmErr ct_check_unique(const char *const *names, uint32_t n, const char **out_dup)
{
    for (uint32_t i = 0; i < n; i++)
        for (uint32_t j = 0; j < i; j++)
            if (same_ci(names[i], names[j])) {
                *out_dup = names[i];
                return CM_E_CT_DUP_LABEL;
            }
    return CM_OK;
}

int ct_contains_borrow(const CtType *t)
{
    if (!t)
        return 0;
    switch (t->kind) {
    case CT_BORROW:
        return 1;
    case CT_RECORD:
    case CT_VARIANT:
        for (uint32_t i = 0; i < t->n; i++)
            if (ct_contains_borrow(t->fields[i].type))
                return 1;
        return 0;
    case CT_TUPLE:
        for (uint32_t i = 0; i < t->n; i++)
            if (ct_contains_borrow(t->types[i]))
                return 1;
        return 0;
    case CT_LIST:
    case CT_OPTION:
    case CT_RESULT:
        return ct_contains_borrow(t->elem) || ct_contains_borrow(t->err);
    default:
        return 0;
    }
}

/* ---- equality and subtyping ---- */

/* Resources bound inside the two instance/component types being compared
 * are paired up by export/import name as the comparison goes. */
typedef struct Pair {
    const CtType *a, *b;
} Pair;

typedef struct Cmp {
    VEC(Pair) map;
    int oom;
} Cmp;

static int same_resource(Cmp *c, const CtType *a, const CtType *b)
{
    if (a == b || a->uid == b->uid)
        return 1;
    for (size_t i = 0; i < c->map.len; i++)
        if ((c->map.data[i].a == a && c->map.data[i].b == b) ||
            (c->map.data[i].a == b && c->map.data[i].b == a))
            return 1;
    return 0;
}

static int eq(Cmp *c, const CtType *a, const CtType *b);
static int sub(Cmp *c, const CtType *a, const CtType *b);

static int eq_opt(Cmp *c, const CtType *a, const CtType *b)
{
    return (!a && !b) || (a && b && eq(c, a, b));
}

static int eq_fields(Cmp *c, const CtType *a, const CtType *b)
{
    if (a->n != b->n)
        return 0;
    for (uint32_t i = 0; i < a->n; i++)
        if (strcmp(a->fields[i].name, b->fields[i].name) || !eq_opt(c, a->fields[i].type, b->fields[i].type))
            return 0;
    return 1;
}

static int eq(Cmp *c, const CtType *a, const CtType *b)
{
    if (a == b)
        return 1;
    if (a->kind != b->kind)
        return 0;
    switch (a->kind) {
    case CT_RECORD:
    case CT_VARIANT:
        return eq_fields(c, a, b);
    case CT_FUNC:
        return eq_fields(c, a, b) && eq_opt(c, a->result, b->result);
    case CT_LIST:
    case CT_OPTION:
    case CT_RESULT:
        return eq_opt(c, a->elem, b->elem) && eq_opt(c, a->err, b->err);
    case CT_TUPLE:
        if (a->n != b->n)
            return 0;
        for (uint32_t i = 0; i < a->n; i++)
            if (!eq(c, a->types[i], b->types[i]))
                return 0;
        return 1;
    case CT_FLAGS:
    case CT_ENUM:
        if (a->n != b->n)
            return 0;
        for (uint32_t i = 0; i < a->n; i++)
            if (strcmp(a->labels[i], b->labels[i]))
                return 0;
        return 1;
    case CT_OWN:
    case CT_BORROW:
        return same_resource(c, a->resource, b->resource);
    case CT_RESOURCE:
        return same_resource(c, a, b);
    case CT_INSTANCE:
    case CT_COMPONENT:
        return sub(c, a, b) && sub(c, b, a);
    default:
        return 1; /* primitives, core modules */
    }
}

static const CtExtern *find(const CtExtern *v, uint32_t n, const char *name)
{
    for (uint32_t i = 0; i < n; i++)
        if (!strcmp(v[i].name, name))
            return &v[i];
    return NULL;
}

/* have ⊑ want for one extern; a resource bound by the type on the `bound`
 * side is paired with the other side's type instead of compared. */
static int sub_extern(Cmp *c, const CtExtern *have, const CtExtern *want, const CtType *bound)
{
    if (have->kind != want->kind)
        return 0;
    if (have->kind == CT_EXT_TYPE && bound->kind == CT_RESOURCE && bound->local) {
        const CtType *other = bound == want->type ? have->type : want->type;
        if (other->kind != CT_RESOURCE)
            return 0;
        Pair p = {bound, other};
        if (!VEC_PUSH(&c->map, p))
            c->oom = 1;
        return 1;
    }
    return sub(c, have->type, want->type);
}

static int sub(Cmp *c, const CtType *a, const CtType *b)
{
    if (a == b)
        return 1;
    if (a->kind != b->kind)
        return 0;
    if (a->kind != CT_INSTANCE && a->kind != CT_COMPONENT)
        return eq(c, a, b);
    /* A component may import less: each of its imports must be provided by
     * what b's users give (contravariant). */
    for (uint32_t i = 0; i < a->nimports; i++) {
        const CtExtern *x = &a->imports[i], *y = find(b->imports, b->nimports, x->name);
        if (!y || !sub_extern(c, y, x, x->type))
            return 0;
    }
    /* It may export more: everything b exports must be there. */
    for (uint32_t i = 0; i < b->nexports; i++) {
        const CtExtern *y = &b->exports[i], *x = find(a->exports, a->nexports, y->name);
        if (!x || !sub_extern(c, x, y, y->type))
            return 0;
    }
    return 1;
}

int ct_equal(const CtType *a, const CtType *b)
{
    Cmp c = {0};
    int r = eq(&c, a, b);
    VEC_FREE(&c.map);
    return r && !c.oom;
}

int ct_subtype(const CtType *a, const CtType *b)
{
    Cmp c = {0};
    int r = sub(&c, a, b);
    VEC_FREE(&c.map);
    return r && !c.oom;
}

/* ---- printing ---- */

void ct_print_ref(Buf *b, const CtType *t)
{
    if (!t)
        buf_str(b, "_");
    else if (t->name)
        buf_str(b, t->name);
    else if (t->kind == CT_RESOURCE)
        buf_printf(b, "resource#%u", t->uid);
    else
        ct_print(b, t);
}

static void print_externs(Buf *b, const char *what, const CtExtern *v, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        buf_printf(b, " %s %s: ", what, v[i].name);
        if (v[i].kind == CT_EXT_TYPE) {
            buf_str(b, "type ");
            if (v[i].type->name && v[i].type->name != v[i].name)
                ct_print_ref(b, v[i].type);
            else
                ct_print(b, v[i].type);
        } else {
            ct_print(b, v[i].type);
        }
        buf_str(b, ";");
    }
}

static void print_list(Buf *b, const CtType *t, int with_types, int parens)
{
    for (uint32_t i = 0; i < t->n; i++) {
        if (i)
            buf_str(b, ", ");
        if (t->kind == CT_FLAGS || t->kind == CT_ENUM) {
            buf_str(b, t->labels[i]);
            continue;
        }
        buf_str(b, t->fields[i].name);
        if (!with_types || !t->fields[i].type)
            continue;
        buf_str(b, parens ? "(" : ": ");
        ct_print_ref(b, t->fields[i].type);
        if (parens)
            buf_str(b, ")");
    }
}

void ct_print(Buf *b, const CtType *t)
{
    if (!t) {
        buf_str(b, "_");
        return;
    }
    if (ct_is_prim(t->kind)) {
        buf_str(b, ct_kind_name(t->kind));
        return;
    }
    switch (t->kind) {
    case CT_RECORD:
    case CT_VARIANT:
    case CT_FLAGS:
    case CT_ENUM:
        buf_printf(b, "%s { ", ct_kind_name(t->kind));
        print_list(b, t, 1, t->kind == CT_VARIANT);
        buf_str(b, " }");
        break;
    case CT_LIST:
    case CT_OPTION:
        buf_printf(b, "%s<", ct_kind_name(t->kind));
        ct_print_ref(b, t->elem);
        buf_str(b, ">");
        break;
    case CT_TUPLE:
        buf_str(b, "tuple<");
        for (uint32_t i = 0; i < t->n; i++) {
            if (i)
                buf_str(b, ", ");
            ct_print_ref(b, t->types[i]);
        }
        buf_str(b, ">");
        break;
    case CT_RESULT:
        buf_str(b, "result");
        if (t->elem || t->err) {
            buf_str(b, "<");
            ct_print_ref(b, t->elem);
            if (t->err) {
                buf_str(b, ", ");
                ct_print_ref(b, t->err);
            }
            buf_str(b, ">");
        }
        break;
    case CT_OWN: /* WIT spells own<r> as plain r */
        ct_print_ref(b, t->resource);
        break;
    case CT_BORROW:
        buf_str(b, "borrow<");
        ct_print_ref(b, t->resource);
        buf_str(b, ">");
        break;
    case CT_FUNC:
        buf_str(b, "func(");
        print_list(b, t, 1, 0);
        buf_str(b, ")");
        if (t->result) {
            buf_str(b, " -> ");
            ct_print_ref(b, t->result);
        }
        break;
    case CT_INSTANCE:
    case CT_COMPONENT:
        buf_printf(b, "%s {", ct_kind_name(t->kind));
        print_externs(b, "import", t->imports, t->nimports);
        print_externs(b, "export", t->exports, t->nexports);
        buf_str(b, " }");
        break;
    case CT_RESOURCE:
        buf_str(b, "resource");
        break;
    default:
        buf_str(b, ct_kind_name(t->kind));
        break;
    }
}
