/* wcomp_decode.c - component binary decoder (component model Binary.md,
 * the WASI 0.2 subset; see wcomp.h for what is rejected and why).
 *
 * One function per grammar rule, the rule in the comment above it.  Every
 * read is bounded by an end pointer; every failure records the offset of the
 * offending byte and the section being read. */
#include "wcomp.h"

#include "reader.h"
#include "vec.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

typedef struct Dec {
    Arena *a;
    const uint8_t *base; /* start of the outermost input: offsets are relative to it */
    CmError *err;
    const char *section;
} Dec;

static CmErr fail(Dec *d, CmErr code, const uint8_t *at, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static CmErr fail(Dec *d, CmErr code, const uint8_t *at, const char *fmt, ...)
{
    if (!d->err)
        return code;
    err_set(d->err, code, (uint64_t)(at - d->base), NULL);
    d->err->section = d->section;
    if (fmt) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(d->err->detail, sizeof d->err->detail, fmt, ap);
        va_end(ap);
    }
    return code;
}

/* Wrappers over reader.h that record where a read failed. */
static CmErr byte(Dec *d, const uint8_t **p, const uint8_t *end, uint8_t *out)
{
    CmErr e = rd_u8(p, end, out);
    return e ? fail(d, e, *p, NULL) : CM_OK;
}

static CmErr u32(Dec *d, const uint8_t **p, const uint8_t *end, uint32_t *out)
{
    CmErr e = rd_uleb32(p, end, out);
    return e ? fail(d, e, *p, NULL) : CM_OK;
}

static CmErr str(Dec *d, const uint8_t **p, const uint8_t *end, WcStr *out)
{
    CmErr e = rd_name(p, end, &out->s, &out->len);
    return e ? fail(d, e, *p, NULL) : CM_OK;
}

/* A vector length and its storage; every element takes >= 1 byte, so a
 * count larger than the rest of the input is rejected before allocating. */
static CmErr vec(Dec *d, const uint8_t **p, const uint8_t *end, size_t elem, uint32_t *out_n,
                 void **out)
{
    CmErr e = rd_count(p, end, 1, out_n);
    if (e)
        return fail(d, e, *p, NULL);
    *out = arena_array(d->a, *out_n ? *out_n : 1, elem);
    return *out ? CM_OK : fail(d, CM_E_OOM, *p, NULL);
}

/* <T>? ::= 0x00 | 0x01 T */
static CmErr optional(Dec *d, const uint8_t **p, const uint8_t *end, uint8_t *out)
{
    const uint8_t *at = *p;
    CmErr e = byte(d, p, end, out);
    if (!e && *out > 1)
        return fail(d, CM_E_COMP_BAD_OPTIONAL, at, "0x%02x", *out);
    return e;
}

/* ---- sorts ---- */

static int core_sort_ok(uint8_t s)
{
    return s <= WC_CSORT_TAG || s == WC_CSORT_TYPE || s == WC_CSORT_MODULE ||
           s == WC_CSORT_INSTANCE;
}

static CmErr core_sort(Dec *d, const uint8_t **p, const uint8_t *end, uint8_t *out)
{
    const uint8_t *at = *p;
    CmErr e = byte(d, p, end, out);
    if (!e && !core_sort_ok(*out))
        return fail(d, CM_E_COMP_BAD_SORT, at, "core sort 0x%02x", *out);
    return e;
}

/* sort ::= 0x00 core:sort | 0x01 func | 0x02 value | 0x03 type | 0x04 component | 0x05 instance */
static CmErr sort(Dec *d, const uint8_t **p, const uint8_t *end, WcSort *out)
{
    const uint8_t *at = *p;
    CmErr e = byte(d, p, end, &out->sort);
    if (e)
        return e;
    out->core_sort = 0;
    if (out->sort == WC_SORT_CORE)
        return core_sort(d, p, end, &out->core_sort);
    if (out->sort == WC_SORT_VALUE)
        return fail(d, CM_E_COMP_FEATURE, at, "value sort (component values are gated)");
    if (out->sort > WC_SORT_INSTANCE)
        return fail(d, CM_E_COMP_BAD_SORT, at, "sort 0x%02x", out->sort);
    return CM_OK;
}

static CmErr sortidx(Dec *d, const uint8_t **p, const uint8_t *end, WcSortIdx *out)
{
    CmErr e = sort(d, p, end, &out->sort);
    return e ? e : u32(d, p, end, &out->idx);
}

/* ---- names and extern descriptors ---- */

/* importname' / exportname' ::= 0x00 name | 0x01 name (legacy) | 0x02 name vec(attr) */
static CmErr extern_name(Dec *d, const uint8_t **p, const uint8_t *end, WcName *out)
{
    const uint8_t *at = *p;
    CmErr e = byte(d, p, end, &out->kind);
    if (e)
        return e;
    if (out->kind == 0x02)
        return fail(d, CM_E_COMP_FEATURE, at, "name attributes (0x02: implements/versionsuffix)");
    if (out->kind > 0x02)
        return fail(d, CM_E_COMP_BAD_NAME, at, "name kind 0x%02x", out->kind);
    return str(d, p, end, &out->name);
}

/* externdesc ::= 0x00 0x11 i | 0x01 i | 0x02 vb | 0x03 typebound | 0x04 i | 0x05 i
 * typebound  ::= 0x00 i (eq) | 0x01 (sub resource) */
static CmErr externdesc(Dec *d, const uint8_t **p, const uint8_t *end, WcExternDesc *out)
{
    const uint8_t *at = *p;
    uint8_t b;
    CmErr e = byte(d, p, end, &out->kind);
    if (e)
        return e;
    out->bound = 0;
    out->idx = 0;
    switch (out->kind) {
    case WC_EXT_MODULE:
        at = *p;
        if ((e = byte(d, p, end, &b)))
            return e;
        if (b != 0x11)
            return fail(d, CM_E_COMP_BAD_EXTERNDESC, at, "core module descriptor needs 0x11");
        return u32(d, p, end, &out->idx);
    case WC_EXT_FUNC:
    case WC_EXT_COMPONENT:
    case WC_EXT_INSTANCE:
        return u32(d, p, end, &out->idx);
    case WC_EXT_TYPE:
        at = *p;
        if ((e = byte(d, p, end, &out->bound)))
            return e;
        if (out->bound == 0)
            return u32(d, p, end, &out->idx);
        if (out->bound == 1)
            return CM_OK;
        return fail(d, CM_E_COMP_BAD_EXTERNDESC, at, "type bound 0x%02x", out->bound);
    case WC_EXT_VALUE:
        return fail(d, CM_E_COMP_FEATURE, at, "value import/export (component values are gated)");
    default:
        return fail(d, CM_E_COMP_BAD_EXTERNDESC, at, "descriptor 0x%02x", out->kind);
    }
}

/* ---- core types ---- */

/* core:valtype: numeric, v128, funcref/externref, or (ref null? heaptype) */
static CmErr core_valtype(Dec *d, const uint8_t **p, const uint8_t *end, WcCoreValType *out)
{
    const uint8_t *at = *p;
    CmErr e = byte(d, p, end, &out->code);
    if (e)
        return e;
    out->heap = 0;
    if ((out->code >= 0x7b && out->code <= 0x7f) || out->code == 0x70 || out->code == 0x6f)
        return CM_OK;
    if (out->code == 0x63 || out->code == 0x64) {
        e = rd_sleb33(p, end, &out->heap);
        return e ? fail(d, e, *p, NULL) : CM_OK;
    }
    return fail(d, CM_E_COMP_BAD_CORE_TYPE, at, "value type 0x%02x", out->code);
}

static CmErr core_valtypes(Dec *d, const uint8_t **p, const uint8_t *end, uint32_t *n,
                           WcCoreValType **out)
{
    CmErr e = vec(d, p, end, sizeof **out, n, (void **)out);
    for (uint32_t i = 0; !e && i < *n; i++)
        e = core_valtype(d, p, end, &(*out)[i]);
    return e;
}

/* limits ::= flags min max?  (bit 0 max, bit 1 shared, bit 2 64-bit) */
static CmErr limits(Dec *d, const uint8_t **p, const uint8_t *end, WcLimits *out)
{
    const uint8_t *at = *p;
    CmErr e = byte(d, p, end, &out->flags);
    if (e)
        return e;
    if (out->flags > 7)
        return fail(d, CM_E_COMP_BAD_CORE_TYPE, at, "limits flags 0x%02x", out->flags);
    unsigned bits = (out->flags & 4) ? 64 : 32;
    if ((e = rd_uleb(p, end, bits, &out->min)))
        return fail(d, e, *p, NULL);
    out->max = 0;
    if ((out->flags & 1) && (e = rd_uleb(p, end, bits, &out->max)))
        return fail(d, e, *p, NULL);
    return CM_OK;
}

/* core:importdesc ::= 0x00 typeidx | 0x01 tabletype | 0x02 memtype | 0x03 globaltype | 0x04 0x00 typeidx */
static CmErr core_extern(Dec *d, const uint8_t **p, const uint8_t *end, WcCoreExtern *out)
{
    const uint8_t *at = *p;
    uint8_t b;
    CmErr e = byte(d, p, end, &out->kind);
    if (e)
        return e;
    switch (out->kind) {
    case 0:
        return u32(d, p, end, &out->type_idx);
    case 1:
        if ((e = core_valtype(d, p, end, &out->val)))
            return e;
        return limits(d, p, end, &out->limits);
    case 2:
        return limits(d, p, end, &out->limits);
    case 3:
        if ((e = core_valtype(d, p, end, &out->val)))
            return e;
        at = *p;
        if ((e = byte(d, p, end, &out->mut)))
            return e;
        if (out->mut > 1)
            return fail(d, CM_E_COMP_BAD_CORE_TYPE, at, "global mutability 0x%02x", out->mut);
        return CM_OK;
    case 4:
        at = *p;
        if ((e = byte(d, p, end, &b)))
            return e;
        if (b != 0)
            return fail(d, CM_E_COMP_BAD_CORE_TYPE, at, "tag attribute 0x%02x", b);
        return u32(d, p, end, &out->type_idx);
    default:
        return fail(d, CM_E_COMP_BAD_CORE_TYPE, at, "import kind 0x%02x", out->kind);
    }
}

static CmErr core_type(Dec *d, const uint8_t **p, const uint8_t *end, int in_module, WcCoreType **out);

/* core:moduledecl ::= 0x00 core:import | 0x01 core:type | 0x02 core:alias | 0x03 core:exportdecl */
static CmErr module_decl(Dec *d, const uint8_t **p, const uint8_t *end, WcModuleDecl *m)
{
    const uint8_t *at = *p;
    uint8_t b;
    CmErr e = byte(d, p, end, &m->kind);
    if (e)
        return e;
    switch (m->kind) {
    case WC_MD_IMPORT:
        if ((e = str(d, p, end, &m->module)) || (e = str(d, p, end, &m->name)))
            return e;
        return core_extern(d, p, end, &m->desc);
    case WC_MD_TYPE:
        return core_type(d, p, end, 1, &m->type);
    case WC_MD_ALIAS:
        if ((e = core_sort(d, p, end, &m->alias_sort)))
            return e;
        at = *p;
        if ((e = byte(d, p, end, &b)))
            return e;
        if (b != 0x01)
            return fail(d, CM_E_COMP_BAD_ALIAS, at, "core alias target 0x%02x (only outer)", b);
        if ((e = u32(d, p, end, &m->outer_ct)))
            return e;
        return u32(d, p, end, &m->outer_idx);
    case WC_MD_EXPORT:
        if ((e = str(d, p, end, &m->name)))
            return e;
        return core_extern(d, p, end, &m->desc);
    default:
        return fail(d, CM_E_COMP_BAD_DECL, at, "module declarator 0x%02x", m->kind);
    }
}

/* core:type ::= 0x60 functype | 0x50 vec(core:moduledecl); GC types are rejected */
static CmErr core_type(Dec *d, const uint8_t **p, const uint8_t *end, int in_module, WcCoreType **out)
{
    const uint8_t *at = *p;
    WcCoreType *t = ARENA_NEW(d->a, WcCoreType);
    CmErr e;
    if (!t)
        return fail(d, CM_E_OOM, at, NULL);
    if ((e = byte(d, p, end, &t->kind)))
        return e;
    *out = t;
    switch (t->kind) {
    case WC_CT_FUNC:
        if ((e = core_valtypes(d, p, end, &t->func.nparams, &t->func.params)))
            return e;
        return core_valtypes(d, p, end, &t->func.nresults, &t->func.results);
    case WC_CT_MODULE:
        if (in_module)
            return fail(d, CM_E_COMP_BAD_CORE_TYPE, at, "nested module type");
        if ((e = vec(d, p, end, sizeof *t->decls, &t->ndecls, (void **)&t->decls)))
            return e;
        for (uint32_t i = 0; i < t->ndecls; i++)
            if ((e = module_decl(d, p, end, &t->decls[i])))
                return e;
        return CM_OK;
    case 0x4e: case 0x4f: case 0x5e: case 0x5f: case 0x00:
        return fail(d, CM_E_COMP_FEATURE, at, "core GC types (rec/sub/struct/array)");
    default:
        return fail(d, CM_E_COMP_BAD_CORE_TYPE, at, "core type 0x%02x", t->kind);
    }
}

/* ---- component types ---- */

static int is_prim(uint8_t b)
{
    return b >= WC_PRIM_STRING && b <= WC_PRIM_BOOL;
}

/* valtype ::= i:<typeidx> | pvt:<primvaltype>, both as one s33 */
static CmErr valtype(Dec *d, const uint8_t **p, const uint8_t *end, WcValType *out)
{
    const uint8_t *at = *p;
    int64_t v;
    CmErr e = rd_sleb33(p, end, &v);
    if (e)
        return fail(d, e, *p, NULL);
    out->prim = 0;
    out->idx = 0;
    if (v >= 0) {
        out->idx = (uint32_t)v;
        return CM_OK;
    }
    uint8_t b = (uint8_t)(v & 0x7f);
    if (v >= -0x40 && is_prim(b) && *p - at == 1) {
        out->prim = b;
        return CM_OK;
    }
    if (v == -0x1c)
        return fail(d, CM_E_COMP_FEATURE, at, "error-context type");
    return fail(d, CM_E_COMP_BAD_TYPE, at, "value type %lld", (long long)v);
}

static CmErr opt_valtype(Dec *d, const uint8_t **p, const uint8_t *end, uint8_t *has, WcValType *out)
{
    CmErr e = optional(d, p, end, has);
    if (!e && *has)
        e = valtype(d, p, end, out);
    return e;
}

/* vec(labelvaltype) with labelvaltype ::= l:<label'> t:<valtype> */
static CmErr fields(Dec *d, const uint8_t **p, const uint8_t *end, WcType *t)
{
    CmErr e = vec(d, p, end, sizeof *t->fields, &t->n, (void **)&t->fields);
    for (uint32_t i = 0; !e && i < t->n; i++) {
        t->fields[i].has_type = 1;
        if (!(e = str(d, p, end, &t->fields[i].name)))
            e = valtype(d, p, end, &t->fields[i].type);
    }
    return e;
}

/* case ::= l:<label'> t?:<valtype>? 0x00   (the 0x01 "refines" form is gone) */
static CmErr cases(Dec *d, const uint8_t **p, const uint8_t *end, WcType *t)
{
    CmErr e = vec(d, p, end, sizeof *t->fields, &t->n, (void **)&t->fields);
    for (uint32_t i = 0; !e && i < t->n; i++) {
        WcField *f = &t->fields[i];
        uint8_t b;
        if ((e = str(d, p, end, &f->name)) || (e = opt_valtype(d, p, end, &f->has_type, &f->type)))
            return e;
        const uint8_t *at = *p;
        if ((e = byte(d, p, end, &b)))
            return e;
        if (b != 0)
            return fail(d, CM_E_COMP_BAD_TYPE, at, "variant case 'refines' is not supported");
    }
    return e;
}

static CmErr labels(Dec *d, const uint8_t **p, const uint8_t *end, WcType *t)
{
    CmErr e = vec(d, p, end, sizeof *t->names, &t->n, (void **)&t->names);
    for (uint32_t i = 0; !e && i < t->n; i++)
        e = str(d, p, end, &t->names[i]);
    return e;
}

static CmErr alias(Dec *d, const uint8_t **p, const uint8_t *end, WcAlias *out);
static CmErr deftype(Dec *d, const uint8_t **p, const uint8_t *end, unsigned depth, WcType **out);

/* componentdecl ::= 0x03 importdecl | instancedecl
 * instancedecl  ::= 0x00 core:type | 0x01 type | 0x02 alias | 0x04 exportdecl */
static CmErr decl(Dec *d, const uint8_t **p, const uint8_t *end, int component, unsigned depth,
                  WcDecl *out)
{
    const uint8_t *at = *p;
    CmErr e = byte(d, p, end, &out->kind);
    if (e)
        return e;
    switch (out->kind) {
    case WC_DECL_CORE_TYPE:
        return core_type(d, p, end, 0, &out->core_type);
    case WC_DECL_TYPE:
        return deftype(d, p, end, depth + 1, &out->type);
    case WC_DECL_ALIAS:
        return alias(d, p, end, &out->alias);
    case WC_DECL_IMPORT:
        if (!component)
            break;
        /* fall through */
    case WC_DECL_EXPORT:
        if ((e = extern_name(d, p, end, &out->name)))
            return e;
        return externdesc(d, p, end, &out->desc);
    default:
        break;
    }
    return fail(d, CM_E_COMP_BAD_DECL, at, "%s declarator 0x%02x",
                component ? "component" : "instance", out->kind);
}

static CmErr decls(Dec *d, const uint8_t **p, const uint8_t *end, int component, unsigned depth,
                   WcType *t)
{
    CmErr e = vec(d, p, end, sizeof *t->decls, &t->n, (void **)&t->decls);
    for (uint32_t i = 0; !e && i < t->n; i++)
        e = decl(d, p, end, component, depth, &t->decls[i]);
    return e;
}

/* functype ::= 0x40 ps:vec(labelvaltype) rs:<resultlist>
 * resultlist ::= 0x00 t:<valtype> | 0x01 0x00 */
static CmErr functype(Dec *d, const uint8_t **p, const uint8_t *end, WcType *t)
{
    CmErr e = fields(d, p, end, t);
    uint8_t b;
    if (e)
        return e;
    const uint8_t *at = *p;
    if ((e = byte(d, p, end, &b)))
        return e;
    if (b == 0x00) {
        t->has_result = 1;
        return valtype(d, p, end, &t->result);
    }
    if (b != 0x01)
        return fail(d, CM_E_COMP_BAD_TYPE, at, "result list 0x%02x", b);
    at = *p;
    if ((e = byte(d, p, end, &b)))
        return e;
    if (b != 0x00)
        return fail(d, CM_E_COMP_BAD_TYPE, at, "named results are not supported");
    return CM_OK;
}

/* resourcetype ::= 0x3f 0x7f f?:<core:funcidx>? */
static CmErr resourcetype(Dec *d, const uint8_t **p, const uint8_t *end, WcType *t)
{
    const uint8_t *at = *p;
    uint8_t rep;
    CmErr e = byte(d, p, end, &rep);
    if (e)
        return e;
    if (rep != 0x7f)
        return fail(d, CM_E_COMP_BAD_RESOURCE_REP, at, "0x%02x", rep);
    if ((e = optional(d, p, end, &t->has_dtor)))
        return e;
    return t->has_dtor ? u32(d, p, end, &t->dtor) : CM_OK;
}

static CmErr gated_type(Dec *d, const uint8_t *at, uint8_t op)
{
    const char *what = NULL;
    switch (op) {
    case 0x67: what = "fixed-length list type"; break;
    case 0x66: what = "stream type"; break;
    case 0x65: what = "future type"; break;
    case 0x64: what = "error-context type"; break;
    case 0x63: what = "map type"; break;
    case 0x43: what = "async function type"; break;
    case 0x3e: what = "async resource type"; break;
    default:
        return fail(d, CM_E_COMP_BAD_TYPE, at, "type opcode 0x%02x", op);
    }
    return fail(d, CM_E_COMP_FEATURE, at, "%s", what);
}

/* defvaltype / functype / componenttype / instancetype / resourcetype */
static CmErr deftype(Dec *d, const uint8_t **p, const uint8_t *end, unsigned depth, WcType **out)
{
    const uint8_t *at = *p;
    uint8_t op;
    CmErr e;
    if (depth > WC_MAX_DEPTH)
        return fail(d, CM_E_COMP_TOO_DEEP, at, "types nested more than %d deep", WC_MAX_DEPTH);
    WcType *t = ARENA_NEW(d->a, WcType);
    if (!t)
        return fail(d, CM_E_OOM, at, NULL);
    *out = t;
    t->offset = (uint64_t)(at - d->base);
    if ((e = byte(d, p, end, &op)))
        return e;
    if (is_prim(op)) {
        t->kind = WC_TY_PRIM;
        t->prim = op;
        return CM_OK;
    }
    t->kind = op;
    switch (op) {
    case WC_TY_RECORD: return fields(d, p, end, t);
    case WC_TY_VARIANT: return cases(d, p, end, t);
    case WC_TY_LIST:
    case WC_TY_OPTION: return valtype(d, p, end, &t->elem);
    case WC_TY_TUPLE:
        e = vec(d, p, end, sizeof *t->types, &t->n, (void **)&t->types);
        for (uint32_t i = 0; !e && i < t->n; i++)
            e = valtype(d, p, end, &t->types[i]);
        return e;
    case WC_TY_FLAGS:
    case WC_TY_ENUM: return labels(d, p, end, t);
    case WC_TY_RESULT:
        if ((e = opt_valtype(d, p, end, &t->has_ok, &t->ok)))
            return e;
        return opt_valtype(d, p, end, &t->has_err, &t->err);
    case WC_TY_OWN:
    case WC_TY_BORROW: return u32(d, p, end, &t->res_idx);
    case WC_TY_FUNC: return functype(d, p, end, t);
    case WC_TY_COMPONENT: return decls(d, p, end, 1, depth, t);
    case WC_TY_INSTANCE: return decls(d, p, end, 0, depth, t);
    case WC_TY_RESOURCE: return resourcetype(d, p, end, t);
    case 0x6c: return fail(d, CM_E_COMP_BAD_TYPE, at, "union types were removed");
    default: return gated_type(d, at, op);
    }
}

/* ---- aliases, instances ---- */

/* alias ::= s:<sort> t:<aliastarget>
 * aliastarget ::= 0x00 i name | 0x01 i name | 0x02 ct idx */
static CmErr alias(Dec *d, const uint8_t **p, const uint8_t *end, WcAlias *out)
{
    CmErr e = sort(d, p, end, &out->sort);
    if (e)
        return e;
    const uint8_t *at = *p;
    if ((e = byte(d, p, end, &out->target)))
        return e;
    switch (out->target) {
    case WC_ALIAS_EXPORT:
    case WC_ALIAS_CORE_EXPORT:
        if ((e = u32(d, p, end, &out->instance)))
            return e;
        return str(d, p, end, &out->name);
    case WC_ALIAS_OUTER:
        if ((e = u32(d, p, end, &out->outer_ct)))
            return e;
        return u32(d, p, end, &out->outer_idx);
    default:
        return fail(d, CM_E_COMP_BAD_ALIAS, at, "alias target 0x%02x", out->target);
    }
}

/* core:instance ::= 0x00 m vec(name 0x12 i) | 0x01 vec(name core:sortidx) */
static CmErr core_instance(Dec *d, const uint8_t **p, const uint8_t *end, WcCoreInstance *ci)
{
    const uint8_t *at = *p;
    CmErr e = byte(d, p, end, &ci->kind);
    if (e)
        return e;
    if (ci->kind == 0) {
        if ((e = u32(d, p, end, &ci->module)) ||
            (e = vec(d, p, end, sizeof *ci->args, &ci->n, (void **)&ci->args)))
            return e;
        for (uint32_t i = 0; i < ci->n; i++) {
            uint8_t s;
            if ((e = str(d, p, end, &ci->args[i].name)))
                return e;
            at = *p;
            if ((e = byte(d, p, end, &s)))
                return e;
            if (s != WC_CSORT_INSTANCE)
                return fail(d, CM_E_COMP_BAD_INSTANCE, at, "core instantiate argument sort 0x%02x", s);
            if ((e = u32(d, p, end, &ci->args[i].instance)))
                return e;
        }
        return CM_OK;
    }
    if (ci->kind == 1) {
        if ((e = vec(d, p, end, sizeof *ci->exports, &ci->n, (void **)&ci->exports)))
            return e;
        for (uint32_t i = 0; i < ci->n; i++) {
            WcCoreExport *x = &ci->exports[i];
            if ((e = str(d, p, end, &x->name)) || (e = core_sort(d, p, end, &x->sort)) ||
                (e = u32(d, p, end, &x->idx)))
                return e;
        }
        return CM_OK;
    }
    return fail(d, CM_E_COMP_BAD_INSTANCE, at, "core instance kind 0x%02x", ci->kind);
}

/* instance ::= 0x00 c vec(name sortidx) | 0x01 vec(exportname' sortidx) */
static CmErr instance(Dec *d, const uint8_t **p, const uint8_t *end, WcInstance *in)
{
    const uint8_t *at = *p;
    CmErr e = byte(d, p, end, &in->kind);
    if (e)
        return e;
    if (in->kind == 0) {
        if ((e = u32(d, p, end, &in->component)) ||
            (e = vec(d, p, end, sizeof *in->args, &in->n, (void **)&in->args)))
            return e;
        for (uint32_t i = 0; i < in->n; i++)
            if ((e = str(d, p, end, &in->args[i].name)) || (e = sortidx(d, p, end, &in->args[i].item)))
                return e;
        return CM_OK;
    }
    if (in->kind == 1) {
        if ((e = vec(d, p, end, sizeof *in->exports, &in->n, (void **)&in->exports)))
            return e;
        for (uint32_t i = 0; i < in->n; i++)
            if ((e = extern_name(d, p, end, &in->exports[i].name)) ||
                (e = sortidx(d, p, end, &in->exports[i].item)))
                return e;
        return CM_OK;
    }
    return fail(d, CM_E_COMP_BAD_INSTANCE, at, "instance kind 0x%02x", in->kind);
}

/* ---- canon ---- */

static const char *gated_canon(uint8_t op)
{
    if (op == 0x05 || (op >= 0x06 && op <= 0x0b) || op == 0x0d || (op >= 0x0e && op <= 0x1b) ||
        (op >= 0x1f && op <= 0x25))
        return "async built-in";
    if (op == 0x07)
        return "async resource.drop";
    if (op >= 0x1c && op <= 0x1e)
        return "error-context built-in";
    if (op == 0x0c || (op >= 0x26 && op <= 0x2d) || (op >= 0x40 && op <= 0x42))
        return "thread built-in";
    return NULL;
}

/* opts ::= vec(canonopt); no option twice, one string encoding at most */
static CmErr canon_opts(Dec *d, const uint8_t **p, const uint8_t *end, uint8_t kind, WcCanon *c)
{
    CmErr e = vec(d, p, end, sizeof *c->opts, &c->nopts, (void **)&c->opts);
    unsigned seen = 0; /* bit per option code; the encodings share bit 0 */
    for (uint32_t i = 0; !e && i < c->nopts; i++) {
        WcCanonOpt *o = &c->opts[i];
        const uint8_t *at = *p;
        if ((e = byte(d, p, end, &o->code)))
            return e;
        if (o->code == 0x06 || o->code == 0x07)
            return fail(d, CM_E_COMP_FEATURE, at, "canon option %s",
                        o->code == 0x06 ? "async" : "callback");
        if (o->code > WC_OPT_POST_RETURN)
            return fail(d, CM_E_COMP_BAD_CANONOPT, at, "option 0x%02x", o->code);
        unsigned bit = o->code <= WC_OPT_LATIN1_UTF16 ? 1u : 1u << o->code;
        if (seen & bit)
            return fail(d, CM_E_COMP_CANONOPT_CONFLICT, at, "option 0x%02x", o->code);
        seen |= bit;
        if (o->code == WC_OPT_POST_RETURN && kind != WC_CANON_LIFT)
            return fail(d, CM_E_COMP_CANONOPT_CONFLICT, at, "post-return is only allowed on canon lift");
        if (o->code >= WC_OPT_MEMORY)
            e = u32(d, p, end, &o->idx);
    }
    return e;
}

/* canon ::= 0x00 0x00 f opts ft | 0x01 0x00 f opts | 0x02 rt | 0x03 rt | 0x04 rt */
static CmErr canon(Dec *d, const uint8_t **p, const uint8_t *end, WcCanon *c)
{
    const uint8_t *at = *p;
    uint8_t b;
    CmErr e = byte(d, p, end, &c->kind);
    if (e)
        return e;
    switch (c->kind) {
    case WC_CANON_LIFT:
    case WC_CANON_LOWER:
        at = *p;
        if ((e = byte(d, p, end, &b)))
            return e;
        if (b != 0x00)
            return fail(d, CM_E_COMP_BAD_CANON, at, "expected func sort 0x00, got 0x%02x", b);
        if ((e = u32(d, p, end, &c->func)) || (e = canon_opts(d, p, end, c->kind, c)))
            return e;
        return c->kind == WC_CANON_LIFT ? u32(d, p, end, &c->type) : CM_OK;
    case WC_CANON_RES_NEW:
    case WC_CANON_RES_DROP:
    case WC_CANON_RES_REP:
        return u32(d, p, end, &c->type);
    default: {
        const char *what = gated_canon(c->kind);
        if (what)
            return fail(d, CM_E_COMP_FEATURE, at, "%s (canon 0x%02x)", what, c->kind);
        return fail(d, CM_E_COMP_BAD_CANON, at, "canon opcode 0x%02x", c->kind);
    }
    }
}

/* ---- sections ---- */

const char *wcomp_section_name(uint8_t id)
{
    static const char *const names[] = {"custom", "core module", "core instance", "core type",
                                        "component", "instance", "alias", "type", "canon",
                                        "start", "import", "export", "value"};
    return id < sizeof names / sizeof names[0] ? names[id] : "unknown";
}

int wcomp_is_component(const uint8_t *data, size_t len)
{
    return len >= 8 && !memcmp(data, "\0asm", 4) && data[6] == WC_LAYER && data[7] == 0;
}

static CmErr component(Dec *d, const uint8_t **p, const uint8_t *end, unsigned depth, WcComponent **out);

/* Decode the items of one vector section into s. */
static CmErr vector_section(Dec *d, const uint8_t **p, const uint8_t *end, WcSection *s)
{
    CmErr e = CM_OK;
    uint32_t i;
    switch (s->id) {
    case WC_SEC_CORE_INSTANCE:
        e = vec(d, p, end, sizeof(WcCoreInstance), &s->n, (void **)&s->u.core_instances);
        for (i = 0; !e && i < s->n; i++)
            e = core_instance(d, p, end, &s->u.core_instances[i]);
        break;
    case WC_SEC_CORE_TYPE:
        e = vec(d, p, end, sizeof(WcCoreType *), &s->n, (void **)&s->u.core_types);
        for (i = 0; !e && i < s->n; i++)
            e = core_type(d, p, end, 0, &s->u.core_types[i]);
        break;
    case WC_SEC_INSTANCE:
        e = vec(d, p, end, sizeof(WcInstance), &s->n, (void **)&s->u.instances);
        for (i = 0; !e && i < s->n; i++)
            e = instance(d, p, end, &s->u.instances[i]);
        break;
    case WC_SEC_ALIAS:
        e = vec(d, p, end, sizeof(WcAlias), &s->n, (void **)&s->u.aliases);
        for (i = 0; !e && i < s->n; i++)
            e = alias(d, p, end, &s->u.aliases[i]);
        break;
    case WC_SEC_TYPE:
        e = vec(d, p, end, sizeof(WcType *), &s->n, (void **)&s->u.types);
        for (i = 0; !e && i < s->n; i++)
            e = deftype(d, p, end, 0, &s->u.types[i]);
        break;
    case WC_SEC_CANON:
        e = vec(d, p, end, sizeof(WcCanon), &s->n, (void **)&s->u.canons);
        for (i = 0; !e && i < s->n; i++)
            e = canon(d, p, end, &s->u.canons[i]);
        break;
    case WC_SEC_IMPORT:
        e = vec(d, p, end, sizeof(WcImport), &s->n, (void **)&s->u.imports);
        for (i = 0; !e && i < s->n; i++) {
            WcImport *im = &s->u.imports[i];
            if (!(e = extern_name(d, p, end, &im->name)))
                e = externdesc(d, p, end, &im->desc);
        }
        break;
    case WC_SEC_EXPORT:
        e = vec(d, p, end, sizeof(WcExport), &s->n, (void **)&s->u.exports);
        for (i = 0; !e && i < s->n; i++) {
            WcExport *x = &s->u.exports[i];
            if ((e = extern_name(d, p, end, &x->name)) || (e = sortidx(d, p, end, &x->item)) ||
                (e = optional(d, p, end, &x->has_desc)))
                break;
            if (x->has_desc)
                e = externdesc(d, p, end, &x->desc);
        }
        break;
    default:
        break;
    }
    return e;
}

/* section ::= id:u8 size:u32 contents, with contents exactly `size` bytes */
static CmErr section(Dec *d, const uint8_t **p, const uint8_t *end, unsigned depth, WcSection *s)
{
    const uint8_t *at = *p;
    uint32_t size;
    CmErr e;
    d->section = NULL;
    s->offset = (uint64_t)(at - d->base);
    if ((e = byte(d, p, end, &s->id)))
        return e;
    if (s->id > WC_SEC_VALUE)
        return fail(d, CM_E_BAD_SECTION_ID, at, "section id %u", s->id);
    d->section = wcomp_section_name(s->id);
    if ((e = u32(d, p, end, &size)))
        return e;
    if (size > (size_t)(end - *p))
        return fail(d, CM_E_LENGTH_OUT_OF_BOUNDS, at, "section size %u past the end", size);
    const uint8_t *send = *p + size;
    switch (s->id) {
    case WC_SEC_CUSTOM:
        if ((e = str(d, p, send, &s->u.custom.name)))
            return e;
        s->u.custom.data.data = *p;
        s->u.custom.data.len = (size_t)(send - *p);
        *p = send;
        break;
    case WC_SEC_CORE_MODULE:
        if (size < 8 || memcmp(*p, "\0asm\x01\0\0\0", 8))
            return fail(d, CM_E_BAD_MAGIC, *p, "nested core module has no core module header");
        s->u.module.data = *p;
        s->u.module.len = size;
        *p = send;
        break;
    case WC_SEC_COMPONENT:
        if ((e = component(d, p, send, depth + 1, &s->u.component)))
            return e;
        d->section = "component";
        break;
    case WC_SEC_START:
        return fail(d, CM_E_COMP_FEATURE, at, "start section (component values are gated)");
    case WC_SEC_VALUE:
        return fail(d, CM_E_COMP_FEATURE, at, "value section (component values are gated)");
    default:
        if ((e = vector_section(d, p, send, s)))
            return e;
    }
    if (*p != send)
        return fail(d, CM_E_SECTION_SIZE, *p, "%u bytes left over", (unsigned)(send - *p));
    return CM_OK;
}

/* preamble ::= magic version layer */
static CmErr preamble(Dec *d, const uint8_t **p, const uint8_t *end)
{
    const uint8_t *at = *p;
    d->section = NULL;
    if ((size_t)(end - at) < 4 || memcmp(at, "\0asm", 4))
        return fail(d, CM_E_BAD_MAGIC, at, NULL);
    if ((size_t)(end - at) < 8)
        return fail(d, CM_E_UNEXPECTED_END, end, NULL);
    if (at[6] != WC_LAYER || at[7] != 0)
        return fail(d, CM_E_COMP_NOT_COMPONENT, at + 6, "layer %u", at[6] | at[7] << 8);
    if (at[4] != WC_VERSION || at[5] != 0)
        return fail(d, CM_E_BAD_VERSION, at + 4, "component version 0x%02x%02x (want 0x000d)",
                    at[5], at[4]);
    *p = at + 8;
    return CM_OK;
}

/* component ::= preamble section* */
static CmErr component(Dec *d, const uint8_t **p, const uint8_t *end, unsigned depth, WcComponent **out)
{
    const uint8_t *at = *p;
    VEC(WcSection) secs = {0};
    CmErr e;
    if (depth > WC_MAX_DEPTH)
        return fail(d, CM_E_COMP_TOO_DEEP, at, "components nested more than %d deep", WC_MAX_DEPTH);
    WcComponent *c = ARENA_NEW(d->a, WcComponent);
    if (!c)
        return fail(d, CM_E_OOM, at, NULL);
    c->offset = (uint64_t)(at - d->base);
    if ((e = preamble(d, p, end)))
        return e;
    while (*p < end) {
        WcSection s;
        memset(&s, 0, sizeof s);
        if ((e = section(d, p, end, depth, &s)))
            goto fail;
        if (!VEC_PUSH(&secs, s)) {
            e = fail(d, CM_E_OOM, *p, NULL);
            goto fail;
        }
    }
    c->nsections = (uint32_t)secs.len;
    c->sections = arena_memdup(d->a, secs.data, secs.len * sizeof(WcSection));
    if (!c->sections) {
        e = fail(d, CM_E_OOM, *p, NULL);
        goto fail;
    }
    VEC_FREE(&secs);
    *out = c;
    return CM_OK;
fail:
    VEC_FREE(&secs);
    return e;
}

CmErr wcomp_decode(Arena *a, const uint8_t *data, size_t len, WcComponent **out, CmError *err)
{
    Dec d = {a, data, err, NULL};
    const uint8_t *p = data;
    if (err)
        err_clear(err);
    return component(&d, &p, data + len, 0, out);
}
