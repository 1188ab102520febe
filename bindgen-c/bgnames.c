/* bgnames.c - how the C bindings spell things: snake/shouty case as heck
 * (the Rust crate wit-bindgen uses) does it for WIT identifiers, C keyword
 * escaping, interface prefixes and the structural names of anonymous types.
 * These rules are the contract with guest code (docs/bindgen-c.md). */
#include "bgint.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *bg_fmt(BgGen *g, const char *fmt, ...)
{
    va_list ap, ap2;
    char small[256];
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n >= 0 && (size_t)n < sizeof small) { /* the usual case: format once */
        va_end(ap2);
        char *s = arena_strndup(&g->a, small, (size_t)n);
        if (!s)
            g->oom = 1;
        return s ? s : "";
    }
    char *s = n < 0 ? NULL : arena_alloc(&g->a, (size_t)n + 1);
    if (!s) {
        va_end(ap2);
        g->oom = 1;
        return "";
    }
    vsnprintf(s, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return s;
}

/* heck splits words at every non-alphanumeric character (and at case
 * changes, which WIT identifiers, being all-lower or all-upper per word, do
 * not have), drops those characters and joins the words with '_'. */
static char *snake_into(Arena *a, const char *name, int upper)
{
    size_t n = strlen(name);
    char *s = arena_alloc(a, n + 1);
    if (!s)
        return NULL;
    size_t o = 0;
    int pending = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)name[i];
        if (!isalnum(c)) {
            pending = o > 0;
            continue;
        }
        if (pending)
            s[o++] = '_';
        pending = 0;
        s[o++] = (char)(upper ? toupper(c) : tolower(c));
    }
    s[o] = 0;
    return s;
}

const char *bg_snake(Arena *a, const char *name)
{
    return snake_into(a, name, 0);
}

static const char *snake(BgGen *g, const char *name)
{
    const char *s = snake_into(&g->a, name, 0);
    if (!s)
        g->oom = 1;
    return s ? s : "";
}

const char *bg_shouty(BgGen *g, const char *name)
{
    const char *s = snake_into(&g->a, name, 1);
    if (!s)
        g->oom = 1;
    return s ? s : "";
}

/* C and C++ keywords, and the names the glue itself uses for out-params
 * and standard streams, get a trailing underscore (as in wit-bindgen). */
static const char *const keywords[] = {
    "alignas", "alignof", "and", "and_eq", "asm", "atomic_cancel", "atomic_commit",
    "atomic_noexcept", "auto", "bitand", "bitor", "bool", "break", "case", "catch", "char",
    "char8_t", "char16_t", "char32_t", "class", "compl", "concept", "const", "consteval",
    "constexpr", "constinit", "const_cast", "continue", "co_await", "co_return", "co_yield",
    "decltype", "default", "delete", "do", "double", "dynamic_cast", "else", "enum", "explicit",
    "export", "extern", "false", "float", "for", "friend", "goto", "if", "inline", "int", "long",
    "mutable", "namespace", "new", "noexcept", "not", "not_eq", "nullptr", "operator", "or",
    "or_eq", "private", "protected", "public", "reflexpr", "register", "reinterpret_cast",
    "requires", "return", "short", "signed", "sizeof", "static", "static_assert", "static_cast",
    "struct", "switch", "synchronized", "template", "this", "thread_local", "throw", "true", "try",
    "typedef", "typeid", "typename", "union", "unsigned", "using", "virtual", "void", "volatile",
    "wchar_t", "while", "xor", "xor_eq", "_Packed", "ret", "err", "stdin", "stdout", "stderr",
};

const char *bg_c_ident(BgGen *g, const char *name)
{
    for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
        if (!strcmp(name, keywords[i]))
            return bg_fmt(g, "%s_", name);
    return snake(g, name);
}

/* Does the resolve hold the package of iface in two versions?  Then the
 * version goes into the prefix so that the two do not collide. */
static int pkg_has_other_version(const WitResolve *r, const WitPackage *p)
{
    for (uint32_t i = 0; i < r->npackages; i++) {
        const WitPackage *q = &r->packages[i];
        if (q == p || strcmp(q->name.ns, p->name.ns) || strcmp(q->name.name, p->name.name))
            continue;
        const char *a = p->name.version ? p->name.version : "";
        const char *b = q->name.version ? q->name.version : "";
        if (strcmp(a, b))
            return 1;
    }
    return 0;
}

const char *bg_iface_ident(BgGen *g, const WitWorldItem *key, int in_export)
{
    if (g->opts && g->opts->nrenames) {
        const char *module = bg_key_module(g, key);
        for (uint32_t i = 0; i < g->opts->nrenames; i++)
            if (!strcmp(g->opts->renames[i].from, module))
                return bg_fmt(g, "%s%s", in_export && !key->key_name ? "exports_" : "",
                              g->opts->renames[i].to);
    }
    if (key->key_name)
        return snake(g, key->key_name);
    const WitIface *in = &g->r->ifaces[key->id];
    const WitPackage *p = &g->r->packages[in->package];
    const char *ver = "";
    if (p->name.version && pkg_has_other_version(g->r, p)) {
        char *v = arena_strdup(&g->a, p->name.version);
        if (!v) {
            g->oom = 1;
            return "";
        }
        for (char *c = v; *c; c++)
            if (*c == '.' || *c == '-' || *c == '+')
                *c = '_';
        ver = bg_fmt(g, "%s_", v);
    }
    return bg_fmt(g, "%s%s_%s_%s%s", in_export ? "exports_" : "", snake(g, p->name.ns),
                  snake(g, p->name.name), ver, snake(g, in->name));
}

const char *bg_key_module(BgGen *g, const WitWorldItem *key)
{
    if (key->key_name)
        return key->key_name;
    const WitIface *in = &g->r->ifaces[key->id];
    const WitPackage *p = &g->r->packages[in->package];
    if (p->name.version)
        return bg_fmt(g, "%s:%s/%s@%s", p->name.ns, p->name.name, in->name, p->name.version);
    return bg_fmt(g, "%s:%s/%s", p->name.ns, p->name.name, in->name);
}

uint32_t bg_dealias(const WitResolve *r, uint32_t id)
{
    while (r->types[id].kind == WIT_K_ALIAS && WIT_TY_IS_ID(r->types[id].ty))
        id = WIT_TY_ID(r->types[id].ty);
    return id;
}

WitTy bg_unalias(const WitResolve *r, WitTy t)
{
    while (WIT_TY_IS_ID(t) && r->types[WIT_TY_ID(t)].kind == WIT_K_ALIAS)
        t = r->types[WIT_TY_ID(t)].ty;
    return t;
}

static void push_encoded(BgGen *g, Buf *b, WitTy t)
{
    if (!WIT_TY_IS_ID(t)) {
        buf_str(b, t == WIT_TY_CHAR ? "char32" : wit_prim_name(t));
        return;
    }
    const WitTypeDef *td = &g->r->types[WIT_TY_ID(t)];
    if (td->name) {
        buf_str(b, snake(g, td->name));
        return;
    }
    switch (td->kind) {
    case WIT_K_ALIAS:
        push_encoded(g, b, td->ty);
        break;
    case WIT_K_TUPLE:
        buf_printf(b, "tuple%u", td->nfields);
        for (uint32_t i = 0; i < td->nfields; i++) {
            buf_str(b, "_");
            push_encoded(g, b, td->fields[i].ty);
        }
        break;
    case WIT_K_OPTION:
        buf_str(b, "option_");
        push_encoded(g, b, td->ty);
        break;
    case WIT_K_RESULT:
        buf_str(b, "result_");
        if (td->ty)
            push_encoded(g, b, td->ty);
        else
            buf_str(b, "void");
        buf_str(b, "_");
        if (td->ty2)
            push_encoded(g, b, td->ty2);
        else
            buf_str(b, "void");
        break;
    case WIT_K_LIST:
        buf_str(b, "list_");
        push_encoded(g, b, td->ty);
        break;
    case WIT_K_OWN:
    case WIT_K_BORROW:
        buf_str(b, td->kind == WIT_K_OWN ? "own_" : "borrow_");
        push_encoded(g, b, td->ty);
        break;
    default:
        buf_str(b, "unknown");
        break;
    }
}

const char *bg_ty_encoded(BgGen *g, WitTy t)
{
    Buf b;
    buf_init(&b);
    push_encoded(g, &b, t);
    const char *s = b.failed ? NULL : arena_strdup(&g->a, buf_cstr(&b));
    buf_release(&b);
    if (!s)
        g->oom = 1;
    return s ? s : "";
}

int bg_is_prim_ty(const WitResolve *r, WitTy t)
{
    if (!WIT_TY_IS_ID(t))
        return 1;
    const WitTypeDef *td = &r->types[WIT_TY_ID(t)];
    if (td->name)
        return 0;
    switch (td->kind) {
    case WIT_K_LIST:
    case WIT_K_OPTION:
    case WIT_K_ALIAS:
        return bg_is_prim_ty(r, td->ty);
    case WIT_K_TUPLE:
        for (uint32_t i = 0; i < td->nfields; i++)
            if (!bg_is_prim_ty(r, td->fields[i].ty))
                return 0;
        return 1;
    default:
        return 0;
    }
}

const char *bg_func_name(BgGen *g, const WitFunc *f)
{
    const char *prefix = g->key ? bg_iface_ident(g, g->key, !g->in_import)
                                : bg_fmt(g, "%s%s", g->in_import ? "" : "exports_", g->wsnake);
    return bg_fmt(g, "%s_%s", prefix, snake(g, f->name));
}
