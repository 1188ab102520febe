/* bgtypes.c - C definitions of WIT types: typedefs in the header, `_free`
 * helpers, resource handles, and the layout model (CtType) of each type
 * for cabi.h.
 *
 * Which types are defined, in which order and under which name follows
 * wit-bindgen's C generator: the live types of an interface (its own types,
 * then those its functions mention), dependencies first; named types get
 * the owner's prefix, anonymous ones a structural name, and anonymous types
 * made only of primitives are shared by the world (`W_list_u8_t`). */
#include "bgint.h"

#include <string.h>

/* ---- live types (wit-parser's LiveTypes: post-order, each once) ---- */

typedef struct Live {
    uint32_t *ids;
    uint32_t n;
    uint8_t *seen;
} Live;

static void live_ty(BgGen *g, Live *l, WitTy t);

static void live_id(BgGen *g, Live *l, uint32_t id)
{
    if (l->seen[id])
        return;
    l->seen[id] = 1;
    const WitTypeDef *td = &g->r->types[id];
    switch (td->kind) {
    case WIT_K_ALIAS:
    case WIT_K_LIST:
    case WIT_K_OPTION:
    case WIT_K_OWN:
    case WIT_K_BORROW:
        live_ty(g, l, td->ty);
        break;
    case WIT_K_RESULT:
        live_ty(g, l, td->ty);
        live_ty(g, l, td->ty2);
        break;
    case WIT_K_RECORD:
    case WIT_K_VARIANT:
    case WIT_K_TUPLE:
        for (uint32_t i = 0; i < td->nfields; i++)
            live_ty(g, l, td->fields[i].ty);
        break;
    default:
        break;
    }
    l->ids[l->n++] = id;
}

static void live_ty(BgGen *g, Live *l, WitTy t)
{
    if (WIT_TY_IS_ID(t))
        live_id(g, l, WIT_TY_ID(t));
}

static void live_func(BgGen *g, Live *l, const WitFunc *f)
{
    if (f->kind == WIT_FN_STATIC)
        live_id(g, l, f->resource);
    for (uint32_t i = 0; i < f->nparams; i++)
        live_ty(g, l, f->params[i].ty);
    live_ty(g, l, f->result);
}

static int live_init(BgGen *g, Live *l)
{
    uint32_t n = g->r->ntypes ? g->r->ntypes : 1;
    l->ids = ARENA_ARRAY(&g->a, uint32_t, n);
    l->seen = ARENA_ARRAY(&g->a, uint8_t, n);
    l->n = 0;
    if (!l->ids || !l->seen)
        g->oom = 1;
    return !g->oom;
}

/* ---- names ---- */

/* The prefix a type defined now gets (owner_namespace in wit-bindgen). */
static const char *owner_ns(BgGen *g, uint32_t id)
{
    const WitTypeDef *td = &g->r->types[id];
    if (td->owner_kind == WIT_OWNER_WORLD || !g->key)
        return g->wsnake;
    if (td->owner_kind == WIT_OWNER_IFACE && td->owner != g->iface) {
        /* a type of another interface reached through `use`: name it after
         * that interface's item in the world */
        const WitWorld *w = &g->r->worlds[g->world];
        const WitItemList *lists[2] = {&w->imports, &w->exports};
        for (int k = g->in_import ? 0 : 1, pass = 0; pass < 2; pass++, k ^= 1)
            for (uint32_t i = 0; i < lists[k]->n; i++) {
                const WitWorldItem *it = &lists[k]->items[i];
                if (it->kind == WIT_ITEM_IFACE && it->id == td->owner)
                    return bg_iface_ident(g, it, k == 1);
            }
    }
    return bg_iface_ident(g, g->key, !g->in_import);
}

const char *bg_tyname(BgGen *g, WitTy t)
{
    static const char *const prims[] = {
        [WIT_TY_BOOL] = "bool",    [WIT_TY_U8] = "uint8_t",   [WIT_TY_U16] = "uint16_t",
        [WIT_TY_U32] = "uint32_t", [WIT_TY_U64] = "uint64_t", [WIT_TY_S8] = "int8_t",
        [WIT_TY_S16] = "int16_t",  [WIT_TY_S32] = "int32_t",  [WIT_TY_S64] = "int64_t",
        [WIT_TY_F32] = "float",    [WIT_TY_F64] = "double",   [WIT_TY_CHAR] = "uint32_t",
    };
    if (t == WIT_TY_STRING) {
        g->needs_string = 1;
        return bg_fmt(g, "%s_string_t", g->wsnake);
    }
    if (!WIT_TY_IS_ID(t))
        return t < sizeof prims / sizeof prims[0] && prims[t] ? prims[t] : "void";
    const char *n = g->names[WIT_TY_ID(t)];
    if (!n && !g->failed)
        g->failed = err_set(g->err, CM_E_BINDGEN_UNSUPPORTED, CM_NO_OFFSET,
                            "type %u used before it is defined", WIT_TY_ID(t));
    return n ? n : "void";
}

/* ---- typedefs ---- */

static void docs_in(Buf *b, const char *d, const char *indent)
{
    if (!d)
        return;
    while (*d == ' ' || *d == '\n')
        d++;
    size_t n = strlen(d);
    while (n && (d[n - 1] == '\n' || d[n - 1] == ' '))
        n--;
    while (n) {
        const char *nl = memchr(d, '\n', n);
        size_t len = nl ? (size_t)(nl - d) : n;
        buf_printf(b, "%s// ", indent);
        buf_put(b, d, len);
        buf_str(b, "\n");
        if (!nl)
            break;
        n -= len + 1;
        d = nl + 1;
    }
    buf_cstr(b);
}

static void docs(Buf *b, const char *d)
{
    docs_in(b, d, "");
}

static const char *int_repr(uint32_t bytes)
{
    return bytes == 1 ? "uint8_t" : bytes == 2 ? "uint16_t" : "uint32_t";
}

static void define_resource(BgGen *g, uint32_t id)
{
    const WitTypeDef *td = &g->r->types[id];
    const char *ns = owner_ns(g, id), *sn = bg_snake(&g->a, td->name);
    if (!sn) {
        g->oom = 1;
        return;
    }
    BgRes *res = &g->res[id];
    res->own = bg_fmt(g, "%s_own_%s_t", ns, sn);
    res->borrow = bg_fmt(g, "%s_borrow_%s_t", ns, sn);
    res->exported = !g->in_import;
    res->drop_import = bg_fmt(g, "__wasm_import_%s_%s_drop", ns, sn);
    const char *module = g->in_import ? g->module : bg_fmt(g, "[export]%s", g->module);
    BgSrc *s = &g->src;
    buf_printf(&s->h_helpers, "\nextern void %s_%s_drop_own(%s handle);\n", ns, sn, res->own);
    buf_printf(&s->c_helpers,
               "\n__attribute__((__import_module__(\"%s\"), __import_name__(\"[resource-drop]%s\")))\n"
               "extern void %s(int32_t handle);\n\n"
               "void %s_%s_drop_own(%s handle) {\n  %s(handle.__handle);\n}\n",
               module, td->name, res->drop_import, ns, sn, res->own, res->drop_import);
    buf_printf(&s->h_defs, "\ntypedef struct %s {\n  int32_t __handle;\n} %s;\n", res->own,
               res->own);
    if (g->in_import) {
        buf_printf(&s->h_defs, "\ntypedef struct %s {\n  int32_t __handle;\n} %s;\n", res->borrow,
                   res->borrow);
        buf_printf(&s->h_helpers, "\nextern void %s_%s_drop_borrow(%s handle);\n", ns, sn,
                   res->borrow);
        buf_printf(&s->c_helpers, "\nvoid %s_%s_drop_borrow(%s handle) {\n  %s(handle.__handle);\n}\n",
                   ns, sn, res->borrow, res->drop_import);
        buf_printf(&s->h_helpers, "\nextern %s %s_borrow_%s(%s handle);\n", res->borrow, ns, sn,
                   res->own);
        buf_printf(&s->c_helpers, "\n%s %s_borrow_%s(%s arg) {\n  return (%s) { arg.__handle };\n}\n",
                   res->borrow, ns, sn, res->own, res->borrow);
        return;
    }
    /* exported: the user defines `struct T`; a borrow is a pointer to it */
    const char *t = g->names[id];
    buf_printf(&s->h_defs, "\ntypedef struct %s %s;\n\ntypedef %s* %s;\n", t, t, t, res->borrow);
    buf_printf(&s->h_helpers,
               "\nextern %s %s_%s_new(%s *rep);\nextern %s* %s_%s_rep(%s handle);\n"
               "void %s_%s_destructor(%s *rep);\n",
               res->own, ns, sn, t, t, ns, sn, res->own, ns, sn, t);
    /* P_r_new / P_r_rep over the [resource-new] / [resource-rep] intrinsics */
    const char *fn = bg_fmt(g, "%s_%s", ns, sn); /* P_r */
    const char *kinds[2] = {"new", "rep"};
    for (int k = 0; k < 2; k++)
        buf_printf(&s->c_helpers,
                   "\n__attribute__((__import_module__(\"%s\"), __import_name__(\"[resource-%s]%s\")))\n"
                   "extern int32_t __wasm_import_%s_%s(int32_t);\n",
                   module, kinds[k], td->name, fn, kinds[k]);
    buf_printf(&s->c_helpers,
               "\n%s %s_new(%s *rep) {\n  return (%s) { __wasm_import_%s_new((int32_t) rep) };\n}\n",
               res->own, fn, t, res->own, fn);
    buf_printf(&s->c_helpers,
               "\n%s* %s_rep(%s handle) {\n  return (%s*) __wasm_import_%s_rep(handle.__handle);\n}\n",
               t, fn, res->own, t, fn);
    /* the destructor export calls the user's P_r_destructor */
    buf_printf(&s->c_helpers,
               "\n__attribute__((__export_name__(\"%s#[dtor]%s\")))\n"
               "void __wasm_export_%s_dtor(%s* arg) {\n  %s_destructor(arg);\n}\n",
               g->module, td->name, fn, t, fn);
}

static void define_anonymous(BgGen *g, uint32_t id);

static void define_named(BgGen *g, uint32_t id)
{
    const WitTypeDef *td = &g->r->types[id];
    Buf *h = &g->src.h_defs;
    const char *name = g->names[id];
    const char *ns = bg_shouty(g, owner_ns(g, id)), *up = bg_shouty(g, td->name);
    switch (td->kind) {
    case WIT_K_RECORD:
        buf_str(h, "\n");
        docs(h, td->docs);
        buf_printf(h, "typedef struct %s {\n", name);
        for (uint32_t i = 0; i < td->nfields; i++) {
            docs_in(h, td->fields[i].docs, "  ");
            buf_printf(h, "  %s %s;\n", bg_tyname(g, td->fields[i].ty),
                       bg_c_ident(g, td->fields[i].name));
        }
        buf_printf(h, "} %s;\n", name);
        break;
    case WIT_K_RESOURCE:
        define_resource(g, id);
        break;
    case WIT_K_FLAGS:
        buf_str(h, "\n");
        docs(h, td->docs);
        buf_printf(h, "typedef %s %s;\n\n", int_repr(cabi_flags_size(td->nfields)), name);
        for (uint32_t i = 0; i < td->nfields; i++) {
            docs(h, td->fields[i].docs);
            buf_printf(h, "#define %s_%s_%s (1 << %u)\n", ns, up, bg_shouty(g, td->fields[i].name),
                       i);
        }
        break;
    case WIT_K_ENUM:
    case WIT_K_VARIANT:
        buf_str(h, "\n");
        docs(h, td->docs);
        if (td->kind == WIT_K_ENUM) {
            buf_printf(h, "typedef %s %s;\n", int_repr(cabi_discriminant_size(td->nfields)), name);
        } else {
            buf_printf(h, "typedef struct %s {\n  %s tag;\n", name,
                       int_repr(cabi_discriminant_size(td->nfields)));
            int any = 0;
            for (uint32_t i = 0; i < td->nfields; i++) {
                if (!td->fields[i].ty)
                    continue;
                buf_str(h, any++ ? "" : "  union {\n");
                buf_printf(h, "    %s %s;\n", bg_tyname(g, td->fields[i].ty),
                           bg_c_ident(g, td->fields[i].name));
            }
            if (any)
                buf_str(h, "  } val;\n");
            buf_printf(h, "} %s;\n", name);
        }
        buf_str(h, "\n");
        for (uint32_t i = 0; i < td->nfields; i++) {
            docs(h, td->fields[i].docs);
            buf_printf(h, "#define %s_%s_%s %u\n", ns, up, bg_shouty(g, td->fields[i].name), i);
        }
        break;
    case WIT_K_ALIAS: {
        /* aliases of resources have no C type of their own; their handle
         * types are typedef'd where they are used */
        uint32_t target = WIT_TY_IS_ID(td->ty) ? bg_dealias(g->r, WIT_TY_ID(td->ty)) : WIT_NONE;
        if (target != WIT_NONE && g->r->types[target].kind == WIT_K_RESOURCE)
            break;
        buf_str(h, "\n");
        docs(h, td->docs);
        buf_printf(h, "typedef %s %s;\n", bg_tyname(g, td->ty), name);
        break;
    }
    default: /* named tuple, list, option, result, handle */
        docs(h, td->docs);
        define_anonymous(g, id);
        break;
    }
}

/* Structural types; a named one (`type x = tuple<...>`, which wit-parser
 * keeps as a named tuple, not an alias) also gets its name as struct tag. */
static void define_anonymous(BgGen *g, uint32_t id)
{
    const WitTypeDef *td = &g->r->types[id];
    Buf *h = &g->src.h_defs;
    const char *name = g->names[id];
    const char *tag = td->name ? bg_fmt(g, "%s ", name) : "";
    switch (td->kind) {
    case WIT_K_OWN:
    case WIT_K_BORROW: {
        const BgRes *res = &g->res[bg_dealias(g->r, WIT_TY_ID(td->ty))];
        const char *target = td->kind == WIT_K_OWN ? res->own : res->borrow;
        buf_printf(h, "\ntypedef %s %s;\n", target ? target : "void", name);
        break;
    }
    case WIT_K_TUPLE:
        buf_printf(h, "\ntypedef struct %s{\n", tag);
        for (uint32_t i = 0; i < td->nfields; i++)
            buf_printf(h, "  %s f%u;\n", bg_tyname(g, td->fields[i].ty), i);
        buf_printf(h, "} %s;\n", name);
        break;
    case WIT_K_OPTION:
        buf_printf(h, "\ntypedef struct %s{\n  bool is_some;\n  %s val;\n} %s;\n", tag,
                   bg_tyname(g, td->ty), name);
        break;
    case WIT_K_RESULT:
        buf_printf(h, "\ntypedef struct %s{\n  bool is_err;\n", tag);
        if (td->ty || td->ty2) {
            buf_str(h, "  union {\n");
            if (td->ty)
                buf_printf(h, "    %s ok;\n", bg_tyname(g, td->ty));
            if (td->ty2)
                buf_printf(h, "    %s err;\n", bg_tyname(g, td->ty2));
            buf_str(h, "  } val;\n");
        }
        buf_printf(h, "} %s;\n", name);
        break;
    case WIT_K_LIST:
        buf_printf(h, "\ntypedef struct %s{\n  %s *ptr;\n  size_t len;\n} %s;\n", tag,
                   bg_tyname(g, td->ty), name);
        break;
    default:
        break;
    }
}

/* ---- `_free` helpers ---- */

void bg_free(BgGen *g, Buf *b, WitTy t, const char *expr)
{
    if (t == WIT_TY_STRING) {
        g->needs_string = 1;
        buf_printf(b, "%s_string_free(%s);\n", g->wsnake, expr);
    } else if (WIT_TY_IS_ID(t) && g->dtors[WIT_TY_ID(t)]) {
        buf_printf(b, "%s(%s);\n", g->dtors[WIT_TY_ID(t)], expr);
    }
}

int bg_needs_free(BgGen *g, WitTy t)
{
    return t == WIT_TY_STRING || (WIT_TY_IS_ID(t) && g->dtors[WIT_TY_ID(t)]);
}

/* Does wit-bindgen give t a `_free` helper?  (It forgets the one of a
 * primitive anonymous type met again in another package or after the
 * import/export switch, and so leaves out the helpers of aggregates that
 * hold only such members; we keep those as private functions of W.c, so
 * that every helper frees everything, while the header declares exactly
 * wit-bindgen's set.) */
static int has_pub_dtor(BgGen *g, WitTy t)
{
    return t == WIT_TY_STRING || (WIT_TY_IS_ID(t) && g->pub_dtors[WIT_TY_ID(t)]);
}

/* Which types get a `_free` helper is part of the API, so it follows
 * wit-bindgen exactly: every list, variant, option and result has one (even
 * when it owns nothing), a record, tuple or alias has one when a member
 * does.  The helpers free strings and lists, never handles. */
static void define_dtor(BgGen *g, uint32_t id)
{
    const WitTypeDef *td = &g->r->types[id];
    Buf body;
    buf_init(&body);
    int always = 0, pub = 0;
    switch (td->kind) {
    case WIT_K_ALIAS:
        bg_free(g, &body, td->ty, "ptr");
        pub = has_pub_dtor(g, td->ty);
        break;
    case WIT_K_RECORD:
    case WIT_K_TUPLE:
        for (uint32_t i = 0; i < td->nfields; i++) {
            if (!bg_needs_free(g, td->fields[i].ty))
                continue;
            pub |= has_pub_dtor(g, td->fields[i].ty);
            const char *e = td->kind == WIT_K_RECORD
                                ? bg_fmt(g, "&ptr->%s", bg_c_ident(g, td->fields[i].name))
                                : bg_fmt(g, "&ptr->f%u", i);
            bg_free(g, &body, td->fields[i].ty, e);
        }
        break;
    case WIT_K_LIST:
        always = 1;
        buf_str(&body, "size_t list_len = ptr->len;\nif (list_len > 0) {\n");
        buf_printf(&body, "%s *list_ptr = ptr->ptr;\n", bg_tyname(g, td->ty));
        if (bg_needs_free(g, td->ty)) {
            buf_str(&body, "for (size_t i = 0; i < list_len; i++) {\n");
            bg_free(g, &body, td->ty, "&list_ptr[i]");
            buf_str(&body, "}\n");
        }
        buf_str(&body, "free(list_ptr);\n}\n");
        break;
    case WIT_K_VARIANT: {
        always = 1;
        Buf cases;
        buf_init(&cases);
        for (uint32_t i = 0; i < td->nfields; i++) {
            if (!bg_needs_free(g, td->fields[i].ty))
                continue;
            buf_printf(&cases, "case %u: {\n", i);
            bg_free(g, &cases, td->fields[i].ty,
                    bg_fmt(g, "&ptr->val.%s", bg_c_ident(g, td->fields[i].name)));
            buf_str(&cases, "break;\n}\n");
        }
        if (cases.len)
            buf_printf(&body, "switch ((int32_t) ptr->tag) {\n%s}\n", buf_cstr(&cases));
        if (cases.failed)
            g->oom = 1;
        buf_release(&cases);
        break;
    }
    case WIT_K_OPTION:
        always = 1;
        if (bg_needs_free(g, td->ty)) {
            buf_str(&body, "if (ptr->is_some) {\n");
            bg_free(g, &body, td->ty, "&ptr->val");
            buf_str(&body, "}\n");
        }
        break;
    case WIT_K_RESULT: {
        always = 1;
        int ok = td->ty && bg_needs_free(g, td->ty), er = td->ty2 && bg_needs_free(g, td->ty2);
        if (ok) {
            buf_str(&body, "if (!ptr->is_err) {\n");
            bg_free(g, &body, td->ty, "&ptr->val.ok");
            buf_str(&body, "}\n");
        }
        if (er) {
            buf_str(&body, "if (ptr->is_err) {\n");
            bg_free(g, &body, td->ty2, "&ptr->val.err");
            buf_str(&body, "}\n");
        }
        break;
    }
    default:
        break;
    }
    pub |= always;
    if (body.len || always) {
        const char *name = g->names[id];
        size_t n = strlen(name);
        const char *prefix = bg_fmt(g, "%.*s", (int)(n - 2), name);
        if (pub)
            buf_printf(&g->src.h_helpers, "\nvoid %s_free(%s *ptr);\n", prefix, name);
        buf_printf(&g->src.c_helpers, "\n%svoid %s_free(%s *ptr) {\n%s}\n",
                   pub ? "" : "__attribute__((__unused__)) static ", prefix, name,
                   body.len ? buf_cstr(&body) : "(void) ptr;\n");
        g->dtors[id] = bg_fmt(g, "%s_free", prefix);
        g->pub_dtors[id] = (uint8_t)pub;
    }
    if (body.failed)
        g->oom = 1;
    buf_release(&body);
}

int bg_owns_memory(const WitResolve *r, WitTy t)
{
    t = bg_unalias(r, t);
    if (t == WIT_TY_STRING)
        return 1;
    if (!WIT_TY_IS_ID(t))
        return 0;
    const WitTypeDef *td = &r->types[WIT_TY_ID(t)];
    switch (td->kind) {
    case WIT_K_LIST:
        return 1;
    case WIT_K_OPTION:
        return bg_owns_memory(r, td->ty);
    case WIT_K_RESULT:
        return (td->ty && bg_owns_memory(r, td->ty)) || (td->ty2 && bg_owns_memory(r, td->ty2));
    case WIT_K_RECORD:
    case WIT_K_TUPLE:
    case WIT_K_VARIANT:
        for (uint32_t i = 0; i < td->nfields; i++)
            if (td->fields[i].ty && bg_owns_memory(r, td->fields[i].ty))
                return 1;
        return 0;
    default:
        return 0;
    }
}

/* ---- define_live_types ---- */

static BgPrim *find_prim(BgGen *g, const char *name)
{
    for (uint32_t i = 0; i < g->nprims; i++)
        if (!strcmp(g->prims[i].name, name))
            return &g->prims[i];
    return NULL;
}

static void define_live(BgGen *g, const Live *l)
{
    for (uint32_t k = 0; k < l->n && !g->oom; k++) {
        uint32_t id = l->ids[k];
        if (g->names[id])
            continue;
        const WitTypeDef *td = &g->r->types[id];
        const char *enc = bg_ty_encoded(g, WIT_TY_OF(id));
        if (td->name) {
            g->names[id] = bg_fmt(g, "%s_%s_t", owner_ns(g, id), enc);
            define_named(g, id);
            define_dtor(g, id);
            continue;
        }
        if (bg_is_prim_ty(g->r, WIT_TY_OF(id))) {
            const char *name = bg_fmt(g, "%s_%s_t", g->wsnake, enc);
            g->names[id] = name;
            BgPrim *p = find_prim(g, name);
            if (p) { /* defined once per world; reuse its `_free` */
                g->dtors[id] = p->dtor;
                continue; /* (not public for this id, see has_pub_dtor) */
            }
            define_anonymous(g, id);
            define_dtor(g, id);
            if (g->nprims == g->cprims) {
                uint32_t nc = g->cprims ? 2 * g->cprims : 16;
                BgPrim *np = ARENA_ARRAY(&g->a, BgPrim, nc);
                if (!np) {
                    g->oom = 1;
                    return;
                }
                if (g->nprims)
                    memcpy(np, g->prims, g->nprims * sizeof *np);
                g->prims = np;
                g->cprims = nc;
            }
            g->prims[g->nprims++] = (BgPrim){name, g->dtors[id]};
            continue;
        }
        g->names[id] = bg_fmt(g, "%s_%s_t", owner_ns(g, id), enc);
        if ((td->kind == WIT_K_OWN || td->kind == WIT_K_BORROW) &&
            bg_dealias(g->r, WIT_TY_ID(td->ty)) == WIT_TY_ID(td->ty))
            continue; /* the handle types of type_resource under this name */
        define_anonymous(g, id);
        define_dtor(g, id);
    }
}

void bg_define_iface_types(BgGen *g, uint32_t iface)
{
    Live l;
    if (!live_init(g, &l))
        return;
    const WitIface *in = &g->r->ifaces[iface];
    for (uint32_t i = 0; i < in->ntypes; i++)
        live_id(g, &l, in->types[i].id);
    for (uint32_t i = 0; i < in->nfuncs; i++)
        live_func(g, &l, &in->funcs[i]);
    define_live(g, &l);
}

void bg_define_func_types(BgGen *g, const WitFunc *const *funcs, uint32_t n)
{
    Live l;
    if (!live_init(g, &l))
        return;
    for (uint32_t i = 0; i < n; i++)
        live_func(g, &l, funcs[i]);
    define_live(g, &l);
}

void bg_define_type_ids(BgGen *g, const uint32_t *ids, uint32_t n)
{
    Live l;
    if (!live_init(g, &l))
        return;
    for (uint32_t i = 0; i < n; i++)
        live_id(g, &l, ids[i]);
    define_live(g, &l);
}

/* An interface can be both imported and exported with the same type ids;
 * the exports need their own definitions (`exports_` prefix), except for
 * the imported types that exported interfaces `use`.  (wit-bindgen's
 * remove_types_redefined_by_exports.) */
void bg_reset_for_exports(BgGen *g)
{
    const WitWorld *w = &g->r->worlds[g->world];
    Live ex, keep;
    if (!live_init(g, &ex) || !live_init(g, &keep))
        return;
    for (uint32_t i = 0; i < w->exports.n; i++) {
        const WitWorldItem *it = &w->exports.items[i];
        if (it->kind != WIT_ITEM_IFACE)
            continue;
        const WitIface *in = &g->r->ifaces[it->id];
        for (uint32_t k = 0; k < in->ntypes; k++)
            live_id(g, &ex, in->types[k].id);
        for (uint32_t k = 0; k < in->nfuncs; k++)
            live_func(g, &ex, &in->funcs[k]);
    }
    for (uint32_t k = 0; k < ex.n; k++) {
        const WitTypeDef *td = &g->r->types[ex.ids[k]];
        if (td->owner_kind != WIT_OWNER_IFACE)
            continue;
        int exported = 0;
        for (uint32_t i = 0; i < w->exports.n; i++)
            if (w->exports.items[i].kind == WIT_ITEM_IFACE && w->exports.items[i].id == td->owner)
                exported = 1;
        if (exported)
            continue;
        const WitIface *in = &g->r->ifaces[td->owner];
        for (uint32_t t = 0; t < in->ntypes; t++)
            live_id(g, &keep, in->types[t].id);
        for (uint32_t t = 0; t < in->nfuncs; t++)
            live_func(g, &keep, &in->funcs[t]);
    }
    for (uint32_t id = 0; id < g->r->ntypes; id++) {
        if (keep.seen[id])
            continue;
        g->names[id] = NULL;
        g->dtors[id] = NULL;
        g->pub_dtors[id] = 0;
        memset(&g->res[id], 0, sizeof g->res[id]);
    }
}

/* ---- layout model ---- */

static CtKind prim_kind(WitTy t)
{
    static const CtKind k[] = {
        [WIT_TY_BOOL] = CT_BOOL, [WIT_TY_U8] = CT_U8,   [WIT_TY_U16] = CT_U16,
        [WIT_TY_U32] = CT_U32,   [WIT_TY_U64] = CT_U64, [WIT_TY_S8] = CT_S8,
        [WIT_TY_S16] = CT_S16,   [WIT_TY_S32] = CT_S32, [WIT_TY_S64] = CT_S64,
        [WIT_TY_F32] = CT_F32,   [WIT_TY_F64] = CT_F64, [WIT_TY_CHAR] = CT_CHAR,
        [WIT_TY_STRING] = CT_STRING,
    };
    return k[t];
}

static CtType *build_ct(BgGen *g, uint32_t id)
{
    const WitTypeDef *td = &g->r->types[id];
    CtType *c = ARENA_NEW(&g->a, CtType);
    if (!c)
        return NULL;
    c->n = td->nfields;
    switch (td->kind) {
    case WIT_K_RECORD:
    case WIT_K_VARIANT:
        c->kind = td->kind == WIT_K_RECORD ? CT_RECORD : CT_VARIANT;
        c->fields = ARENA_ARRAY(&g->a, CtField, td->nfields ? td->nfields : 1);
        if (!c->fields)
            return NULL;
        for (uint32_t i = 0; i < td->nfields; i++) {
            c->fields[i].name = td->fields[i].name;
            c->fields[i].type = td->fields[i].ty ? (CtType *)bg_ct(g, td->fields[i].ty) : NULL;
        }
        break;
    case WIT_K_TUPLE:
        c->kind = CT_TUPLE;
        c->types = ARENA_ARRAY(&g->a, CtType *, td->nfields ? td->nfields : 1);
        if (!c->types)
            return NULL;
        for (uint32_t i = 0; i < td->nfields; i++)
            c->types[i] = (CtType *)bg_ct(g, td->fields[i].ty);
        break;
    case WIT_K_ENUM:
    case WIT_K_FLAGS:
        c->kind = td->kind == WIT_K_ENUM ? CT_ENUM : CT_FLAGS;
        c->labels = ARENA_ARRAY(&g->a, const char *, td->nfields ? td->nfields : 1);
        if (!c->labels)
            return NULL;
        for (uint32_t i = 0; i < td->nfields; i++)
            c->labels[i] = td->fields[i].name;
        break;
    case WIT_K_LIST:
    case WIT_K_OPTION:
        c->kind = td->kind == WIT_K_LIST ? CT_LIST : CT_OPTION;
        c->elem = (CtType *)bg_ct(g, td->ty);
        break;
    case WIT_K_RESULT:
        c->kind = CT_RESULT;
        c->elem = td->ty ? (CtType *)bg_ct(g, td->ty) : NULL;
        c->err = td->ty2 ? (CtType *)bg_ct(g, td->ty2) : NULL;
        break;
    case WIT_K_OWN:
    case WIT_K_BORROW:
        c->kind = td->kind == WIT_K_OWN ? CT_OWN : CT_BORROW;
        c->resource = (CtType *)bg_ct(g, td->ty);
        break;
    default: /* resource (only behind a handle), unknown */
        c->kind = CT_RESOURCE;
        break;
    }
    return c;
}

const CtType *bg_ct(BgGen *g, WitTy t)
{
    t = bg_unalias(g->r, t);
    if (!WIT_TY_IS_ID(t))
        return ct_prim(prim_kind(t));
    uint32_t id = WIT_TY_ID(t);
    if (!g->ct[id]) {
        g->ct[id] = build_ct(g, id);
        if (!g->ct[id]) {
            g->oom = 1;
            return ct_prim(CT_U8);
        }
    }
    return g->ct[id];
}
