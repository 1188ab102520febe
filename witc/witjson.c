/* witjson.c - JSON output of a resolution (see witjson.h).  Keys and
 * nesting follow wit-parser's serde derive: optional fields (docs,
 * stability, a function's result) are left out when empty; types are a
 * primitive's name or a type index. */
#include "witjson.h"
#include "witint.h"

#include <stdio.h>

typedef struct J {
    Buf *b;
    int depth;
    int first; /* no member written yet at this level */
} J;

static void nl(J *j)
{
    buf_byte(j->b, '\n');
    for (int i = 0; i < j->depth; i++)
        buf_str(j->b, "  ");
}

static void str(J *j, const char *s)
{
    buf_byte(j->b, '"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '"': buf_str(j->b, "\\\""); break;
        case '\\': buf_str(j->b, "\\\\"); break;
        case '\n': buf_str(j->b, "\\n"); break;
        case '\r': buf_str(j->b, "\\r"); break;
        case '\t': buf_str(j->b, "\\t"); break;
        case '\b': buf_str(j->b, "\\b"); break;
        case '\f': buf_str(j->b, "\\f"); break;
        default:
            if (c < 0x20)
                buf_printf(j->b, "\\u%04x", c);
            else
                buf_byte(j->b, c);
        }
    }
    buf_byte(j->b, '"');
}

static void open(J *j, char c)
{
    buf_byte(j->b, (uint8_t)c);
    j->depth++;
    j->first = 1;
}

static void close(J *j, char c)
{
    j->depth--;
    if (!j->first)
        nl(j);
    buf_byte(j->b, (uint8_t)c);
    j->first = 0;
}

/* Start a member: `"key": ` (key NULL inside arrays). */
static void key(J *j, const char *k)
{
    if (!j->first)
        buf_byte(j->b, ',');
    j->first = 0;
    nl(j);
    if (k) {
        str(j, k);
        buf_str(j->b, ": ");
    }
}

static void ty(J *j, WitTy t)
{
    if (t == WIT_TY_NONE)
        buf_str(j->b, "null");
    else if (WIT_TY_IS_ID(t))
        buf_printf(j->b, "%u", WIT_TY_ID(t));
    else
        str(j, wit_prim_name(t));
}

static void num_or_null(J *j, uint32_t v)
{
    if (v == WIT_NONE)
        buf_str(j->b, "null");
    else
        buf_printf(j->b, "%u", v);
}

static void docs(J *j, const char *d)
{
    if (!d)
        return;
    key(j, "docs");
    open(j, '{');
    key(j, "contents");
    str(j, d);
    close(j, '}');
}

static void stability(J *j, const WitStability *s)
{
    if (s->kind == WIT_STAB_UNKNOWN)
        return;
    key(j, "stability");
    open(j, '{');
    key(j, s->kind == WIT_STAB_STABLE ? "stable" : "unstable");
    open(j, '{');
    if (s->kind == WIT_STAB_STABLE) {
        key(j, "since");
        str(j, s->since);
    } else {
        key(j, "feature");
        str(j, s->feature);
    }
    if (s->deprecated) {
        key(j, "deprecated");
        str(j, s->deprecated);
    }
    close(j, '}');
    close(j, '}');
}

static void fields(J *j, const WitTypeDef *t, const char *outer, const char *inner, int with_ty)
{
    open(j, '{');
    key(j, outer);
    open(j, '{');
    key(j, inner);
    open(j, '[');
    for (uint32_t i = 0; i < t->nfields; i++) {
        key(j, NULL);
        open(j, '{');
        key(j, "name");
        str(j, t->fields[i].name);
        if (with_ty) {
            key(j, "type");
            ty(j, t->fields[i].ty);
        }
        docs(j, t->fields[i].docs);
        close(j, '}');
    }
    close(j, ']');
    close(j, '}');
    close(j, '}');
}

static void kind(J *j, const WitTypeDef *t)
{
    switch (t->kind) {
    case WIT_K_ALIAS:
    case WIT_K_LIST:
    case WIT_K_OPTION:
        open(j, '{');
        key(j, t->kind == WIT_K_ALIAS ? "type" : t->kind == WIT_K_LIST ? "list" : "option");
        ty(j, t->ty);
        close(j, '}');
        break;
    case WIT_K_RESULT:
        open(j, '{');
        key(j, "result");
        open(j, '{');
        key(j, "ok");
        ty(j, t->ty);
        key(j, "err");
        ty(j, t->ty2);
        close(j, '}');
        close(j, '}');
        break;
    case WIT_K_RECORD: fields(j, t, "record", "fields", 1); break;
    case WIT_K_VARIANT: fields(j, t, "variant", "cases", 1); break;
    case WIT_K_ENUM: fields(j, t, "enum", "cases", 0); break;
    case WIT_K_FLAGS: fields(j, t, "flags", "flags", 0); break;
    case WIT_K_TUPLE:
        open(j, '{');
        key(j, "tuple");
        open(j, '{');
        key(j, "types");
        open(j, '[');
        for (uint32_t i = 0; i < t->nfields; i++) {
            key(j, NULL);
            ty(j, t->fields[i].ty);
        }
        close(j, ']');
        close(j, '}');
        close(j, '}');
        break;
    case WIT_K_RESOURCE: str(j, "resource"); break;
    case WIT_K_UNKNOWN: str(j, "unknown"); break;
    case WIT_K_OWN:
    case WIT_K_BORROW:
        open(j, '{');
        key(j, "handle");
        open(j, '{');
        key(j, t->kind == WIT_K_OWN ? "own" : "borrow");
        ty(j, t->ty);
        close(j, '}');
        close(j, '}');
        break;
    }
}

static void type(J *j, const WitTypeDef *t)
{
    open(j, '{');
    key(j, "name");
    if (t->name)
        str(j, t->name);
    else
        buf_str(j->b, "null");
    key(j, "kind");
    kind(j, t);
    key(j, "owner");
    if (t->owner_kind == WIT_OWNER_NONE) {
        buf_str(j->b, "null");
    } else {
        open(j, '{');
        key(j, t->owner_kind == WIT_OWNER_IFACE ? "interface" : "world");
        buf_printf(j->b, "%u", t->owner);
        close(j, '}');
    }
    docs(j, t->docs);
    stability(j, &t->stab);
    close(j, '}');
}

static void func(J *j, const WitFunc *f)
{
    static const char *const kinds[] = {"freestanding", "method", "static", "constructor"};
    open(j, '{');
    key(j, "name");
    str(j, f->name);
    key(j, "kind");
    if (f->kind == WIT_FN_FREE) {
        str(j, kinds[0]);
    } else {
        open(j, '{');
        key(j, kinds[f->kind]);
        buf_printf(j->b, "%u", f->resource);
        close(j, '}');
    }
    key(j, "params");
    open(j, '[');
    for (uint32_t i = 0; i < f->nparams; i++) {
        key(j, NULL);
        open(j, '{');
        key(j, "name");
        str(j, f->params[i].name);
        key(j, "type");
        ty(j, f->params[i].ty);
        close(j, '}');
    }
    close(j, ']');
    if (f->result != WIT_TY_NONE) {
        key(j, "result");
        ty(j, f->result);
    }
    docs(j, f->docs);
    stability(j, &f->stab);
    close(j, '}');
}

static void iface(J *j, const WitIface *it)
{
    open(j, '{');
    key(j, "name");
    if (it->name)
        str(j, it->name);
    else
        buf_str(j->b, "null");
    key(j, "types");
    open(j, '{');
    for (uint32_t i = 0; i < it->ntypes; i++) {
        key(j, it->types[i].name);
        buf_printf(j->b, "%u", it->types[i].id);
    }
    close(j, '}');
    key(j, "functions");
    open(j, '{');
    for (uint32_t i = 0; i < it->nfuncs; i++) {
        key(j, it->funcs[i].name);
        func(j, &it->funcs[i]);
    }
    close(j, '}');
    docs(j, it->docs);
    stability(j, &it->stab);
    key(j, "package");
    num_or_null(j, it->package);
    if (it->clone_of != WIT_NONE) {
        key(j, "clone_of");
        buf_printf(j->b, "%u", it->clone_of);
    }
    close(j, '}');
}

static void items(J *j, const WitItemList *l)
{
    open(j, '{');
    for (uint32_t i = 0; i < l->n; i++) {
        const WitWorldItem *it = &l->items[i];
        char k[32];
        if (it->key_name) {
            key(j, it->key_name);
        } else {
            snprintf(k, sizeof k, "interface-%u", it->id);
            key(j, k);
        }
        open(j, '{');
        if (it->kind == WIT_ITEM_IFACE) {
            key(j, "interface");
            open(j, '{');
            key(j, "id");
            buf_printf(j->b, "%u", it->id);
            stability(j, &it->stab);
            docs(j, it->docs);
            close(j, '}');
        } else if (it->kind == WIT_ITEM_FUNC) {
            key(j, "function");
            func(j, &it->func);
        } else {
            key(j, "type");
            buf_printf(j->b, "%u", it->id);
        }
        close(j, '}');
    }
    close(j, '}');
}

static void named_ids(J *j, const char *k, const WitNamedId *v, uint32_t n)
{
    key(j, k);
    open(j, '{');
    for (uint32_t i = 0; i < n; i++) {
        key(j, v[i].name);
        buf_printf(j->b, "%u", v[i].id);
    }
    close(j, '}');
}

void witjson_write(const WitResolve *r, Buf *out)
{
    J j = {out, 0, 1};
    open(&j, '{');
    key(&j, "worlds");
    open(&j, '[');
    for (uint32_t i = 0; i < r->nworlds; i++) {
        const WitWorld *w = &r->worlds[i];
        key(&j, NULL);
        open(&j, '{');
        key(&j, "name");
        str(&j, w->name);
        key(&j, "imports");
        items(&j, &w->imports);
        key(&j, "exports");
        items(&j, &w->exports);
        key(&j, "package");
        num_or_null(&j, w->package);
        docs(&j, w->docs);
        stability(&j, &w->stab);
        close(&j, '}');
    }
    close(&j, ']');
    key(&j, "interfaces");
    open(&j, '[');
    for (uint32_t i = 0; i < r->nifaces; i++) {
        key(&j, NULL);
        iface(&j, &r->ifaces[i]);
    }
    close(&j, ']');
    key(&j, "types");
    open(&j, '[');
    for (uint32_t i = 0; i < r->ntypes; i++) {
        key(&j, NULL);
        type(&j, &r->types[i]);
    }
    close(&j, ']');
    key(&j, "packages");
    open(&j, '[');
    for (uint32_t i = 0; i < r->npackages; i++) {
        const WitPackage *p = &r->packages[i];
        key(&j, NULL);
        open(&j, '{');
        key(&j, "name");
        const WitPkgName *n = &p->name;
        buf_byte(out, '"');
        buf_printf(out, "%s:%s%s%s", n->ns, n->name, n->version ? "@" : "",
                   n->version ? n->version : "");
        buf_byte(out, '"');
        docs(&j, p->docs);
        named_ids(&j, "interfaces", p->ifaces, p->nifaces);
        named_ids(&j, "worlds", p->worlds, p->nworlds);
        close(&j, '}');
    }
    close(&j, ']');
    close(&j, '}');
    buf_byte(out, '\n');
}
