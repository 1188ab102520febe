/* witenc.c - encode a resolved WIT world as a component type (see witenc.h;
 * component model Binary.md "Type Definitions", and the layout
 * wit-component gives the `component-type` custom section).
 *
 * Declarations are written straight into byte buffers: one for the world's
 * component type (the "outer" index space) and one for the instance type of
 * the interface being encoded, which is appended to the outer buffer as a
 * type declaration when it is complete.  So aliases that an instance type
 * needs in the outer space (its `alias outer 1 N` targets) always precede
 * the instance type itself.
 */
#include "witenc.h"

#include "witint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Declarator bytes shared by component-type and instance-type bodies. */
enum { D_TYPE = 0x01, D_ALIAS = 0x02, D_IMPORT = 0x03, D_EXPORT = 0x04 };
/* externdesc bytes. */
enum { X_FUNC = 0x01, X_TYPE = 0x03, X_COMPONENT = 0x04, X_INSTANCE = 0x05 };
enum { SORT_TYPE = 0x03 };

/* A component valtype: a primitive opcode, or (prim == 0) a type index. */
typedef struct Val {
    uint8_t prim;
    uint32_t idx;
} Val;

typedef struct FnType { /* a function type already defined in a space */
    const WitFunc *f;
    uint32_t idx;
} FnType;

typedef struct AnonDef { /* an anonymous type definition already made */
    uint32_t id, idx;
} AnonDef;

/* One type index space being written: a component type or an instance type. */
typedef struct Space {
    Buf body;         /* the declarators, without their count */
    uint32_t ndecls;
    uint32_t ntypes;  /* the type index space's size so far */
    uint32_t *map;    /* WIT type id -> type index here, or WIT_NONE */
    FnType *fns;
    uint32_t nfns, cfns;
    AnonDef *anons;
    uint32_t nanons, canons;
} Space;

/* Who the outer space belongs to, which decides how named types are bound
 * and how types of other interfaces are reached. */
typedef enum Mode {
    M_WORLD,       /* the world's component type (witenc_world) */
    M_TOP,         /* a component's own sections (witenc_comp_*) */
    M_SHIM_IMPORT, /* the shim component's imports: every named type imported */
    M_SHIM_EXPORT, /* the shim component's exports */
} Mode;

typedef struct Bound { /* a type import of a shim component */
    const char *name;
    uint32_t id;
} Bound;

typedef struct Enc {
    const WitResolve *r;
    Mode mode;
    int comp;             /* outer declarators become sections (not M_WORLD) */
    size_t *marks;        /* comp: where each outer declarator starts */
    uint32_t nmarks, cmarks;
    uint32_t nfuncs;      /* comp: component functions made so far */
    Bound *bound;         /* M_SHIM_IMPORT: the type imports, in order */
    uint32_t nbound, cbound;
    const uint32_t *import_map; /* M_SHIM_EXPORT: type id -> index of its import */
    Arena names;          /* import names made up here */
    Space outer, inst;
    int in_inst;          /* writing inst (else outer) */
    uint32_t iface;       /* interface whose instance is being written, or WIT_NONE */
    int import_types;     /* world-level named types become imports */
    uint32_t *inst_of;    /* interface id -> instance index in outer, or WIT_NONE */
    uint32_t *outer_alias; /* type id -> its alias in outer, or WIT_NONE */
    uint32_t ninstances;
    CmError *err;
    CmErr rc;             /* first error */
} Enc;

static const uint8_t prim_code[] = {
    [WIT_TY_BOOL] = 0x7f, [WIT_TY_U8] = 0x7d,  [WIT_TY_U16] = 0x7b, [WIT_TY_U32] = 0x79,
    [WIT_TY_U64] = 0x77,  [WIT_TY_S8] = 0x7e,  [WIT_TY_S16] = 0x7c, [WIT_TY_S32] = 0x7a,
    [WIT_TY_S64] = 0x78,  [WIT_TY_F32] = 0x76, [WIT_TY_F64] = 0x75, [WIT_TY_CHAR] = 0x74,
    [WIT_TY_STRING] = 0x73,
};

static Space *cur(Enc *e)
{
    return e->in_inst ? &e->inst : &e->outer;
}

static void put_str(Buf *b, const char *s)
{
    buf_name(b, s, strlen(s));
}

static void put_val(Buf *b, Val v)
{
    if (v.prim)
        buf_byte(b, v.prim);
    else
        buf_sleb(b, (int64_t)v.idx); /* an s33 */
}

static CmErr fail(Enc *e, CmErr code, const char *what, const char *name)
{
    if (!e->rc) {
        e->rc = code;
        err_set(e->err, code, CM_NO_OFFSET, "%s '%s'", what, name ? name : "?");
    }
    return code;
}

static int space_init(Space *s, uint32_t ntypes)
{
    memset(s, 0, sizeof *s);
    buf_init(&s->body);
    s->map = malloc(((size_t)ntypes + 1) * sizeof *s->map);
    if (!s->map)
        return 0;
    for (uint32_t i = 0; i <= ntypes; i++)
        s->map[i] = WIT_NONE;
    return 1;
}

static void space_release(Space *s)
{
    buf_release(&s->body);
    free(s->map);
    free(s->fns);
    free(s->anons);
}

/* Start a fresh instance type (the outer space stays as it is). */
static void inst_reset(Enc *e)
{
    Space *s = &e->inst;
    s->body.len = 0;
    s->ndecls = s->ntypes = s->nfns = s->nanons = 0;
    for (uint32_t i = 0; i < e->r->ntypes; i++)
        s->map[i] = WIT_NONE;
}

/* Note where an outer declarator starts, so that flush can cut them into
 * sections in component mode. */
static void mark(Enc *e)
{
    if (!e->comp || e->in_inst)
        return;
    if (e->nmarks == e->cmarks) {
        uint32_t nc = e->cmarks ? e->cmarks * 2 : 64;
        size_t *p = realloc(e->marks, nc * sizeof *p);
        if (!p) {
            e->outer.body.failed = 1;
            return;
        }
        e->marks = p;
        e->cmarks = nc;
    }
    e->marks[e->nmarks++] = e->outer.body.len;
}

/* Begin a type declarator in the current space; returns its new index. */
static uint32_t def_type(Enc *e)
{
    mark(e);
    Space *s = cur(e);
    buf_byte(&s->body, D_TYPE);
    s->ndecls++;
    return s->ntypes++;
}

/* `(export|import "name" (type (eq idx)))`, or `(sub resource)` when
 * resource is set; returns the new type index.  In the world's space a
 * named type is an import (exports of types do not occur in worlds). */
static uint32_t bind_type(Enc *e, const char *name, uint32_t idx, int resource)
{
    Space *s = cur(e);
    mark(e);
    uint8_t kind = D_EXPORT;
    if (!e->in_inst && (e->import_types || e->mode == M_SHIM_IMPORT))
        kind = D_IMPORT;
    buf_byte(&s->body, kind);
    buf_byte(&s->body, 0x00);
    put_str(&s->body, name);
    if (e->comp && !e->in_inst && kind == D_EXPORT) { /* an export section item: sortidx, no ascription */
        buf_byte(&s->body, SORT_TYPE);
        buf_uleb(&s->body, idx);
        buf_byte(&s->body, 0x00);
        s->ndecls++;
        return s->ntypes++;
    }
    buf_byte(&s->body, X_TYPE);
    if (resource) {
        buf_byte(&s->body, 0x01);
    } else {
        buf_byte(&s->body, 0x00);
        buf_uleb(&s->body, idx);
    }
    s->ndecls++;
    return s->ntypes++;
}

/* A type import of a shim component: "import-type-NAME", made unique. */
static uint32_t shim_import(Enc *e, uint32_t id, uint32_t idx, int resource)
{
    const char *base = e->r->types[id].name;
    char buf[300];
    snprintf(buf, sizeof buf, "import-type-%s", base);
    for (uint32_t n = 0;; n++) {
        uint32_t k = 0;
        while (k < e->nbound && strcmp(e->bound[k].name, buf))
            k++;
        if (k == e->nbound)
            break;
        snprintf(buf, sizeof buf, "import-type-%s%u", base, n);
    }
    const char *name = arena_strdup(&e->names, buf);
    if (e->nbound == e->cbound) {
        uint32_t nc = e->cbound ? e->cbound * 2 : 16;
        Bound *p = realloc(e->bound, nc * sizeof *p);
        if (!p) {
            e->outer.body.failed = 1;
            return 0;
        }
        e->bound = p;
        e->cbound = nc;
    }
    if (!name) {
        e->outer.body.failed = 1;
        return 0;
    }
    e->bound[e->nbound++] = (Bound){name, id};
    return bind_type(e, name, idx, resource);
}

/* A type of another interface: alias it out of that interface's instance
 * in the world (once), then into the instance type being written. */
static int import_type(Enc *e, uint32_t owner, uint32_t id, uint32_t *out)
{
    const WitTypeDef *td = &e->r->types[id];
    if (e->inst_of[owner] == WIT_NONE)
        return fail(e, CM_E_WIT_RESOLVE, "type from an interface the world does not import:",
                    td->name) == CM_OK;
    uint32_t oidx = e->outer_alias[id];
    if (oidx == WIT_NONE) {
        int was = e->in_inst;
        e->in_inst = 0;
        mark(e);
        e->in_inst = was;
        Buf *b = &e->outer.body;
        buf_byte(b, D_ALIAS);
        buf_byte(b, SORT_TYPE);
        buf_byte(b, 0x00); /* export of an instance */
        buf_uleb(b, e->inst_of[owner]);
        put_str(b, td->name);
        e->outer.ndecls++;
        oidx = e->outer_alias[id] = e->outer.ntypes++;
    }
    if (!e->in_inst) {
        *out = oidx;
        return 1;
    }
    Buf *b = &e->inst.body;
    buf_byte(b, D_ALIAS);
    buf_byte(b, SORT_TYPE);
    buf_byte(b, 0x02); /* outer */
    buf_uleb(b, 1);
    buf_uleb(b, oidx);
    e->inst.ndecls++;
    *out = e->inst.ntypes++;
    return 1;
}

static int encode_val(Enc *e, WitTy t, Val *out);

static int encode_opt(Enc *e, WitTy t, Buf *tmp_vals, int *has)
{
    *has = t != WIT_TY_NONE;
    Val v = {0, 0};
    if (*has && !encode_val(e, t, &v))
        return 0;
    buf_put(tmp_vals, &v, sizeof v);
    return 1;
}

/* An anonymous definition equal to td already made in this space. */
static uint32_t find_anon(Enc *e, const WitTypeDef *td)
{
    Space *s = cur(e);
    for (uint32_t i = 0; i < s->nanons; i++) {
        const WitTypeDef *o = &e->r->types[s->anons[i].id];
        if (o->kind != td->kind || o->ty != td->ty || o->ty2 != td->ty2 ||
            o->nfields != td->nfields)
            continue;
        uint32_t k = 0;
        while (k < td->nfields && o->fields[k].ty == td->fields[k].ty)
            k++;
        if (k == td->nfields)
            return s->anons[i].idx;
    }
    return WIT_NONE;
}

static void remember_anon(Enc *e, uint32_t id, uint32_t idx)
{
    Space *s = cur(e);
    if (s->nanons == s->canons) {
        uint32_t nc = s->canons ? s->canons * 2 : 16;
        AnonDef *p = realloc(s->anons, nc * sizeof *p);
        if (!p) {
            fail(e, CM_E_OOM, "anonymous type", "");
            return;
        }
        s->anons = p;
        s->canons = nc;
    }
    s->anons[s->nanons++] = (AnonDef){id, idx};
}

/* The defvaltype of td, after its parts; returns 0 on error. */
static int define(Enc *e, const WitTypeDef *td, Val *out)
{
    Buf vals;
    buf_init(&vals);
    int ok = 1, has1 = 0, has2 = 0;
    switch (td->kind) {
    case WIT_K_RECORD:
    case WIT_K_VARIANT:
    case WIT_K_TUPLE:
        for (uint32_t i = 0; ok && i < td->nfields; i++) {
            int has;
            ok = encode_opt(e, td->fields[i].ty, &vals, &has);
        }
        break;
    case WIT_K_LIST:
    case WIT_K_OPTION:
    case WIT_K_OWN:
    case WIT_K_BORROW:
        ok = encode_opt(e, td->ty, &vals, &has1);
        break;
    case WIT_K_RESULT:
        ok = encode_opt(e, td->ty, &vals, &has1) && encode_opt(e, td->ty2, &vals, &has2);
        break;
    default:
        break;
    }
    if (!ok || vals.failed) {
        buf_release(&vals);
        if (vals.failed)
            fail(e, CM_E_OOM, "type", td->name);
        return 0;
    }
    const Val *vs = (const Val *)(void *)vals.data;
    uint32_t idx = def_type(e);
    Buf *b = &cur(e)->body;
    switch (td->kind) {
    case WIT_K_RECORD:
        buf_byte(b, 0x72);
        buf_uleb(b, td->nfields);
        for (uint32_t i = 0; i < td->nfields; i++) {
            put_str(b, td->fields[i].name);
            put_val(b, vs[i]);
        }
        break;
    case WIT_K_VARIANT:
        buf_byte(b, 0x71);
        buf_uleb(b, td->nfields);
        for (uint32_t i = 0; i < td->nfields; i++) {
            put_str(b, td->fields[i].name);
            if (td->fields[i].ty == WIT_TY_NONE) {
                buf_byte(b, 0x00);
            } else {
                buf_byte(b, 0x01);
                put_val(b, vs[i]);
            }
            buf_byte(b, 0x00); /* no refinement */
        }
        break;
    case WIT_K_TUPLE:
        buf_byte(b, 0x6f);
        buf_uleb(b, td->nfields);
        for (uint32_t i = 0; i < td->nfields; i++)
            put_val(b, vs[i]);
        break;
    case WIT_K_FLAGS:
    case WIT_K_ENUM:
        buf_byte(b, td->kind == WIT_K_FLAGS ? 0x6e : 0x6d);
        buf_uleb(b, td->nfields);
        for (uint32_t i = 0; i < td->nfields; i++)
            put_str(b, td->fields[i].name);
        break;
    case WIT_K_LIST:
    case WIT_K_OPTION:
        buf_byte(b, td->kind == WIT_K_LIST ? 0x70 : 0x6b);
        put_val(b, vs[0]);
        break;
    case WIT_K_OWN:
    case WIT_K_BORROW:
        buf_byte(b, td->kind == WIT_K_OWN ? 0x69 : 0x68);
        buf_uleb(b, vs[0].idx);
        break;
    case WIT_K_RESULT:
        buf_byte(b, 0x6a);
        buf_byte(b, (uint8_t)has1);
        if (has1)
            put_val(b, vs[0]);
        buf_byte(b, (uint8_t)has2);
        if (has2)
            put_val(b, vs[1]);
        break;
    default:
        break;
    }
    buf_release(&vals);
    *out = (Val){0, idx};
    return 1;
}

/* Encode WIT type t into the current space (defining what it needs first)
 * and say how to refer to it. */
static int encode_val(Enc *e, WitTy t, Val *out)
{
    if (!WIT_TY_IS_ID(t)) {
        *out = (Val){prim_code[t], 0};
        return 1;
    }
    uint32_t id = WIT_TY_ID(t);
    Space *s = cur(e);
    if (s->map[id] != WIT_NONE) {
        *out = (Val){0, s->map[id]};
        return 1;
    }
    const WitTypeDef *td = &e->r->types[id];
    if (e->mode == M_SHIM_EXPORT && td->owner_kind == WIT_OWNER_IFACE && td->owner != e->iface) {
        *out = (Val){0, e->import_map[id]}; /* the shim's import of it */
        cur(e)->map[id] = out->idx;
        return 1;
    }
    if (e->mode != M_SHIM_IMPORT && td->owner_kind == WIT_OWNER_IFACE && td->owner != e->iface) {
        uint32_t idx;
        if (!import_type(e, td->owner, id, &idx))
            return 0;
        cur(e)->map[id] = idx;
        *out = (Val){0, idx};
        return 1;
    }
    Val v = {0, 0};
    switch (td->kind) {
    case WIT_K_ALIAS:
        if (!encode_val(e, td->ty, &v))
            return 0;
        break;
    case WIT_K_RESOURCE: {
        uint32_t idx;
        if (e->mode == M_SHIM_IMPORT)
            idx = shim_import(e, id, 0, 1);
        else if (e->mode == M_SHIM_EXPORT)
            idx = bind_type(e, td->name, e->import_map[id], 0);
        else if (e->mode == M_TOP && e->iface != WIT_NONE && !e->in_inst)
            return fail(e, CM_E_WIT_RESOLVE, "resource without a definition:", td->name) == CM_OK;
        else
            idx = bind_type(e, td->name, 0, 1);
        cur(e)->map[id] = idx;
        *out = (Val){0, idx};
        return 1;
    }
    case WIT_K_UNKNOWN:
        return fail(e, CM_E_WIT_RESOLVE, "unresolved type", td->name) == CM_OK;
    default:
        if (!td->name) {
            uint32_t idx = find_anon(e, td);
            if (idx != WIT_NONE) {
                cur(e)->map[id] = idx;
                *out = (Val){0, idx};
                return 1;
            }
        }
        if (!define(e, td, &v))
            return 0;
        if (!td->name)
            remember_anon(e, id, v.idx);
        break;
    }
    /* A component's own sections do not name an interface's types (its
     * instances are made by the shim components). */
    int bind = td->name && !(e->mode == M_TOP && e->iface != WIT_NONE && !e->in_inst);
    if (bind) {
        uint32_t idx = v.idx;
        if (v.prim) { /* a named primitive needs a type of its own */
            idx = def_type(e);
            buf_byte(&cur(e)->body, v.prim);
        }
        v = (Val){0, e->mode == M_SHIM_IMPORT ? shim_import(e, id, idx, 0)
                                               : bind_type(e, td->name, idx, 0)};
    }
    if (!v.prim)
        cur(e)->map[id] = v.idx;
    *out = v;
    return !e->rc;
}

static int same_sig(const WitFunc *a, const WitFunc *b)
{
    if (a->nparams != b->nparams || a->result != b->result)
        return 0;
    for (uint32_t i = 0; i < a->nparams; i++)
        if (a->params[i].ty != b->params[i].ty || strcmp(a->params[i].name, b->params[i].name))
            return 0;
    return 1;
}

/* The function type of f in the current space (shared with an earlier
 * function of the same signature). */
static int encode_func(Enc *e, const WitFunc *f, uint32_t *out)
{
    Space *s = cur(e);
    for (uint32_t i = 0; i < s->nfns; i++)
        if (same_sig(s->fns[i].f, f)) {
            *out = s->fns[i].idx;
            return 1;
        }
    Val *ps = calloc((size_t)f->nparams + 1, sizeof *ps);
    Val res = {0, 0};
    if (!ps)
        return fail(e, CM_E_OOM, "function", f->name) == CM_OK;
    int ok = 1;
    for (uint32_t i = 0; ok && i < f->nparams; i++)
        ok = encode_val(e, f->params[i].ty, &ps[i]);
    if (ok && f->result != WIT_TY_NONE)
        ok = encode_val(e, f->result, &res);
    if (ok) {
        uint32_t idx = def_type(e);
        s = cur(e);
        Buf *b = &s->body;
        buf_byte(b, 0x40);
        buf_uleb(b, f->nparams);
        for (uint32_t i = 0; i < f->nparams; i++) {
            put_str(b, f->params[i].name);
            put_val(b, ps[i]);
        }
        if (f->result == WIT_TY_NONE) {
            buf_byte(b, 0x01);
            buf_byte(b, 0x00);
        } else {
            buf_byte(b, 0x00);
            put_val(b, res);
        }
        if (s->nfns == s->cfns) {
            uint32_t nc = s->cfns ? s->cfns * 2 : 16;
            FnType *p = realloc(s->fns, nc * sizeof *p);
            if (!p) {
                free(ps);
                return fail(e, CM_E_OOM, "function", f->name) == CM_OK;
            }
            s->fns = p;
            s->cfns = nc;
        }
        s->fns[s->nfns++] = (FnType){f, idx};
        *out = idx;
    }
    free(ps);
    return ok;
}

/* Where f sorts among the functions of iface: functions of a resource
 * first, in the order the resources are defined, then the free ones. */
static uint32_t func_rank(const WitIface *iface, const WitFunc *f)
{
    if (f->kind == WIT_FN_FREE)
        return iface->ntypes;
    for (uint32_t i = 0; i < iface->ntypes; i++)
        if (iface->types[i].id == f->resource)
            return i;
    return iface->ntypes;
}

/* Write the instance type of interface id into the outer space; returns
 * its type index there. */
static int encode_instance(Enc *e, uint32_t id, uint32_t *out)
{
    const WitIface *iface = &e->r->ifaces[id];
    inst_reset(e);
    e->in_inst = 1;
    e->iface = id;
    for (uint32_t i = 0; i < iface->ntypes; i++) {
        Val v;
        if (!encode_val(e, WIT_TY_OF(iface->types[i].id), &v))
            return 0;
    }
    /* A stable selection by rank: few functions, so quadratic is fine. */
    uint32_t maxrank = iface->ntypes;
    for (uint32_t rank = 0; rank <= maxrank; rank++) {
        for (uint32_t i = 0; i < iface->nfuncs; i++) {
            const WitFunc *f = &iface->funcs[i];
            if (func_rank(iface, f) != rank)
                continue;
            uint32_t ft;
            if (!encode_func(e, f, &ft))
                return 0;
            Buf *b = &e->inst.body;
            buf_byte(b, D_EXPORT);
            buf_byte(b, 0x00);
            put_str(b, f->name);
            buf_byte(b, X_FUNC);
            buf_uleb(b, ft);
            e->inst.ndecls++;
        }
    }
    e->in_inst = 0;
    e->iface = WIT_NONE;
    uint32_t idx = def_type(e);
    Buf *b = &e->outer.body;
    buf_byte(b, 0x42);
    buf_uleb(b, e->inst.ndecls);
    buf_put(b, e->inst.body.data, e->inst.body.len);
    if (e->inst.body.failed)
        b->failed = 1;
    e->inst_of[id] = e->ninstances++;
    *out = idx;
    return 1;
}

const char *witenc_iface_id(Arena *a, const WitResolve *r, uint32_t iface)
{
    const WitIface *in = &r->ifaces[iface];
    const char *name = in->name ? in->name : "";
    if (in->package == WIT_NONE)
        return arena_strdup(a, name);
    const WitPkgName *p = &r->packages[in->package].name;
    size_t len = strlen(p->ns) + strlen(p->name) + strlen(name) + 3 +
                 (p->version ? strlen(p->version) + 1 : 0);
    char *s = arena_alloc(a, len);
    if (s)
        snprintf(s, len, "%s:%s/%s%s%s", p->ns, p->name, name, p->version ? "@" : "",
                 p->version ? p->version : "");
    return s;
}

const char *witenc_item_name(Arena *a, const WitResolve *r, const WitWorldItem *it)
{
    if (it->key_name)
        return it->key_name;
    return witenc_iface_id(a, r, it->id);
}

/* One import or export of the world into the outer space. */
static int encode_item(Enc *e, Arena *a, const WitWorldItem *it, int is_import)
{
    uint8_t desc;
    uint32_t idx;
    switch (it->kind) {
    case WIT_ITEM_IFACE:
        if (!encode_instance(e, it->id, &idx))
            return 0;
        desc = X_INSTANCE;
        break;
    case WIT_ITEM_FUNC:
        if (!encode_func(e, &it->func, &idx))
            return 0;
        desc = X_FUNC;
        break;
    default: { /* a named type: its binding is the import */
        Val v;
        e->import_types = 1;
        int ok = encode_val(e, WIT_TY_OF(it->id), &v);
        e->import_types = 0;
        return ok;
    }
    }
    const char *name = witenc_item_name(a, e->r, it);
    if (!name)
        return fail(e, CM_E_OOM, "item", "") == CM_OK;
    mark(e);
    Buf *b = &e->outer.body;
    buf_byte(b, is_import ? D_IMPORT : D_EXPORT);
    buf_byte(b, 0x00);
    put_str(b, name);
    buf_byte(b, desc);
    buf_uleb(b, idx);
    e->outer.ndecls++;
    if (desc == X_FUNC)
        e->nfuncs++;
    return 1;
}

static void section(Buf *out, uint8_t id, const Buf *body)
{
    buf_byte(out, id);
    buf_uleb(out, body->len);
    buf_put(out, body->data, body->len);
}

/* The wrapper component around the world's component type. */
static void finish(Enc *e, const WitResolve *r, const WitWorld *w, const char *world_id,
                   WitEnc enc, Buf *out)
{
    static const uint8_t preamble[] = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};
    (void)r;
    Buf sec, body;
    buf_init(&sec);
    buf_init(&body);
    buf_put(out, preamble, sizeof preamble);
    /* custom "wit-component-encoding" = [0x04, encoding] */
    put_str(&sec, "wit-component-encoding");
    buf_byte(&sec, 0x04);
    buf_byte(&sec, (uint8_t)enc);
    section(out, 0, &sec);
    /* (type (component (type <world>) (export "id" (component (type 0))))) */
    sec.len = 0;
    buf_uleb(&sec, 1);
    buf_byte(&sec, 0x41);
    buf_uleb(&sec, 2);
    buf_byte(&sec, D_TYPE);
    buf_byte(&sec, 0x41);
    buf_uleb(&sec, e->outer.ndecls);
    buf_put(&sec, e->outer.body.data, e->outer.body.len);
    buf_byte(&sec, D_EXPORT);
    buf_byte(&sec, 0x00);
    put_str(&sec, world_id);
    buf_byte(&sec, X_COMPONENT);
    buf_uleb(&sec, 0);
    section(out, 7, &sec);
    /* (export "<world>" (type 0)) */
    buf_uleb(&body, 1);
    buf_byte(&body, 0x00);
    put_str(&body, w->name);
    buf_byte(&body, SORT_TYPE);
    buf_uleb(&body, 0);
    buf_byte(&body, 0x00); /* no ascribed type */
    section(out, 11, &body);
    if (sec.failed || body.failed || e->outer.body.failed)
        out->failed = 1;
    buf_release(&sec);
    buf_release(&body);
}

static int enc_init(Enc *e, const WitResolve *r, Mode mode, CmError *err)
{
    memset(e, 0, sizeof *e);
    e->r = r;
    e->mode = mode;
    e->comp = mode != M_WORLD;
    e->iface = WIT_NONE;
    e->err = err;
    err_clear(err);
    arena_init(&e->names);
    int ok = space_init(&e->outer, r->ntypes) && space_init(&e->inst, r->ntypes);
    e->inst_of = malloc(((size_t)r->nifaces + 1) * sizeof *e->inst_of);
    e->outer_alias = malloc(((size_t)r->ntypes + 1) * sizeof *e->outer_alias);
    if (!ok || !e->inst_of || !e->outer_alias)
        return fail(e, CM_E_OOM, "encoder", "") == CM_OK;
    for (uint32_t i = 0; i < r->nifaces; i++)
        e->inst_of[i] = WIT_NONE;
    for (uint32_t i = 0; i < r->ntypes; i++)
        e->outer_alias[i] = WIT_NONE;
    return 1;
}

static void enc_release(Enc *e)
{
    space_release(&e->outer);
    space_release(&e->inst);
    free(e->inst_of);
    free(e->outer_alias);
    free(e->marks);
    free(e->bound);
    arena_release(&e->names);
}

CmErr witenc_world(const WitResolve *r, uint32_t world, WitEnc enc, Buf *out, CmError *err)
{
    Enc e;
    const WitWorld *w = &r->worlds[world];
    if (!enc_init(&e, r, M_WORLD, err))
        goto done;
    Arena *a = &e.names;
    for (uint32_t i = 0; i < w->imports.n && !e.rc; i++)
        if (!encode_item(&e, a, &w->imports.items[i], 1) && !e.rc)
            fail(&e, CM_E_WIT_RESOLVE, "import", w->imports.items[i].key_name);
    for (uint32_t i = 0; i < w->exports.n && !e.rc; i++)
        if (!encode_item(&e, a, &w->exports.items[i], 0) && !e.rc)
            fail(&e, CM_E_WIT_RESOLVE, "export", w->exports.items[i].key_name);
    if (!e.rc) {
        const char *world_id = w->name;
        if (w->package != WIT_NONE) {
            const WitPkgName *p = &r->packages[w->package].name;
            size_t len = strlen(p->ns) + strlen(p->name) + strlen(w->name) + 3 +
                         (p->version ? strlen(p->version) + 1 : 0);
            char *s = arena_alloc(a, len);
            if (s)
                snprintf(s, len, "%s:%s/%s%s%s", p->ns, p->name, w->name,
                         p->version ? "@" : "", p->version ? p->version : "");
            world_id = s;
        }
        if (!world_id)
            fail(&e, CM_E_OOM, "world", w->name);
        else
            finish(&e, r, w, world_id, enc, out);
        if (out->failed || e.inst.body.failed)
            fail(&e, CM_E_OOM, "world", w->name);
    }
done:
    enc_release(&e);
    return e.rc;
}

/* ---- component mode ---- */

struct WitencComp {
    Enc e;
};

/* Cut the pending outer declarators into one-item sections. */
static void flush(Enc *e, Buf *out)
{
    static const uint8_t sec_of[] = {[D_TYPE] = 7, [D_ALIAS] = 6, [D_IMPORT] = 10, [D_EXPORT] = 11};
    const Buf *b = &e->outer.body;
    for (uint32_t i = 0; i < e->nmarks; i++) {
        size_t start = e->marks[i], end = i + 1 < e->nmarks ? e->marks[i + 1] : b->len;
        buf_byte(out, sec_of[b->data[start]]);
        buf_uleb(out, end - start); /* the count byte replaces the declarator byte */
        buf_byte(out, 1);
        buf_put(out, b->data + start + 1, end - start - 1);
    }
    if (b->failed)
        out->failed = 1;
    e->outer.body.len = 0;
    e->nmarks = 0;
}

CmErr witenc_comp_begin(const WitResolve *r, WitencComp **out, CmError *err)
{
    WitencComp *c = calloc(1, sizeof *c);
    *out = c;
    if (!c)
        return err_set(err, CM_E_OOM, CM_NO_OFFSET, NULL);
    enc_init(&c->e, r, M_TOP, err);
    return c->e.rc;
}

void witenc_comp_end(WitencComp *c)
{
    if (!c)
        return;
    enc_release(&c->e);
    free(c);
}

CmErr witenc_comp_import(WitencComp *c, const WitWorldItem *it)
{
    Enc *e = &c->e;
    if (!encode_item(e, &e->names, it, 1) && !e->rc)
        fail(e, CM_E_WIT_RESOLVE, "import", it->key_name);
    return e->rc;
}

CmErr witenc_comp_type(WitencComp *c, uint32_t iface, WitTy t, uint32_t *out_idx)
{
    Enc *e = &c->e;
    e->iface = iface;
    Val v = {0, 0};
    if (encode_val(e, t, &v) && v.prim) { /* callers want an index */
        v.idx = def_type(e);
        buf_byte(&e->outer.body, v.prim);
    }
    e->iface = WIT_NONE;
    *out_idx = v.idx;
    return e->rc;
}

CmErr witenc_comp_functype(WitencComp *c, uint32_t iface, const WitFunc *f, uint32_t *out_idx)
{
    Enc *e = &c->e;
    e->iface = iface;
    encode_func(e, f, out_idx);
    e->iface = WIT_NONE;
    return e->rc;
}

uint32_t witenc_comp_add(WitencComp *c, WitencSpace space)
{
    Enc *e = &c->e;
    switch (space) {
    case WITENC_TYPE: return e->outer.ntypes++;
    case WITENC_FUNC: return e->nfuncs++;
    default: return e->ninstances++;
    }
}

void witenc_comp_bind_type(WitencComp *c, uint32_t type_id, uint32_t idx)
{
    c->e.outer.map[type_id] = idx;
}

void witenc_comp_bind_iface(WitencComp *c, uint32_t iface, uint32_t instance)
{
    c->e.inst_of[iface] = instance;
}

uint32_t witenc_comp_instance_of(const WitencComp *c, uint32_t iface)
{
    return c->e.inst_of[iface];
}

void witenc_comp_flush(WitencComp *c, Buf *out)
{
    flush(&c->e, out);
}

/* Part 2 of a shim component: its exports, typed by the interface. */
static void shim_exports(Enc *e, uint32_t iface, const uint32_t *first_func)
{
    const WitIface *it = &e->r->ifaces[iface];
    e->iface = iface;
    for (uint32_t i = 0; i < it->ntypes && !e->rc; i++) {
        Val v;
        encode_val(e, WIT_TY_OF(it->types[i].id), &v);
    }
    for (uint32_t i = 0; i < it->nfuncs && !e->rc; i++) {
        const WitFunc *f = &it->funcs[i];
        uint32_t ft;
        if (!encode_func(e, f, &ft))
            return;
        mark(e);
        Buf *b = &e->outer.body;
        buf_byte(b, D_EXPORT);
        buf_byte(b, 0x00);
        put_str(b, f->name);
        buf_byte(b, 0x01); /* sort func */
        buf_uleb(b, first_func[i]);
        buf_byte(b, 0x01); /* ascribed: */
        buf_byte(b, X_FUNC);
        buf_uleb(b, ft);
        e->outer.ndecls++;
    }
}

CmErr witenc_shim(const WitResolve *r, uint32_t iface, Buf *out, WitencArg **out_args,
                  uint32_t *out_nargs, CmError *err)
{
    static const uint8_t preamble[] = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};
    const WitIface *it = &r->ifaces[iface];
    Enc e, x;
    *out_args = NULL;
    *out_nargs = 0;
    int ok = enc_init(&e, r, M_SHIM_IMPORT, err);
    ok = ok && enc_init(&x, r, M_SHIM_EXPORT, err);
    uint32_t *ffunc = calloc((size_t)it->nfuncs + 1, sizeof *ffunc);
    WitencArg *args = calloc((size_t)r->ntypes + it->nfuncs + 1, sizeof *args);
    uint32_t nargs = 0;
    if (!ok || !ffunc || !args) {
        if (!e.rc)
            fail(&e, CM_E_OOM, "shim", it->name);
        goto done;
    }
    /* Part 1: import every named type the interface mentions, then its
     * functions (lifted by the outer component). */
    e.iface = iface;
    for (uint32_t i = 0; i < it->ntypes && !e.rc; i++) {
        Val v;
        encode_val(&e, WIT_TY_OF(it->types[i].id), &v);
    }
    for (uint32_t i = 0; i < it->nfuncs && !e.rc; i++) {
        uint32_t ft;
        if (!encode_func(&e, &it->funcs[i], &ft))
            break;
        char name[300];
        const WitFunc *f = &it->funcs[i];
        static const char *const kinds[] = {"func", "method", "static", "constructor"};
        const char *base = f->name;
        if (f->kind != WIT_FN_FREE) /* [method]r.m -> method-r-m */
            base = strchr(f->name, ']') + 1;
        snprintf(name, sizeof name, "import-%s-%s", kinds[f->kind], base);
        for (char *p = name; *p; p++)
            if (*p == '.')
                *p = '-';
        const char *nm = arena_strdup(&e.names, name);
        mark(&e);
        Buf *b = &e.outer.body;
        buf_byte(b, D_IMPORT);
        buf_byte(b, 0x00);
        put_str(b, nm ? nm : "");
        buf_byte(b, X_FUNC);
        buf_uleb(b, ft);
        e.outer.ndecls++;
        ffunc[i] = e.nfuncs++;
        args[nargs++] = (WitencArg){nm, 1, i};
    }
    for (uint32_t i = 0; i < e.nbound; i++)
        args[nargs++] = (WitencArg){e.bound[i].name, 0, e.bound[i].id};
    if (e.rc)
        goto done;
    /* Part 2 continues the same index spaces. */
    x.outer.ntypes = e.outer.ntypes;
    x.nfuncs = e.nfuncs;
    x.import_map = e.outer.map;
    shim_exports(&x, iface, ffunc);
    if (x.rc) {
        e.rc = x.rc;
        goto done;
    }
    buf_put(out, preamble, sizeof preamble);
    flush(&e, out);
    flush(&x, out);
    if (out->failed)
        fail(&e, CM_E_OOM, "shim", it->name);
    /* names live in e's arena: copy them out with the args */
    for (uint32_t i = 0; i < nargs && !e.rc; i++) {
        char *nm = strdup(args[i].name ? args[i].name : "");
        if (!nm)
            fail(&e, CM_E_OOM, "shim", it->name);
        args[i].name = nm;
    }
done:
    free(ffunc);
    if (e.rc) {
        for (uint32_t i = 0; args && i < nargs; i++)
            ; /* names not yet copied: nothing to free */
        free(args);
    } else {
        *out_args = args;
        *out_nargs = nargs;
    }
    CmErr rc = e.rc;
    enc_release(&e);
    if (ok)
        enc_release(&x);
    return rc;
}

void witenc_args_free(WitencArg *args, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        free((char *)args[i].name);
    free(args);
}
