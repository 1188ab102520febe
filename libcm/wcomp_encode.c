/* wcomp_encode.c - component binary encoder, the inverse of wcomp_decode.c
 * (component model Binary.md).  LEB128s are written minimally; everything
 * else (section grouping and order, name kinds 0x00/0x01, option order) comes
 * from the IR, so decode -> encode is byte-identical on minimal inputs.
 *
 * Each section body is encoded into a scratch Buf first because its size
 * prefix comes before it. */
#include "wcomp.h"

static void str(Buf *b, WcStr s)
{
    buf_name(b, s.s, s.len);
}

static void sort(Buf *b, WcSort s)
{
    buf_byte(b, s.sort);
    if (s.sort == WC_SORT_CORE)
        buf_byte(b, s.core_sort);
}

static void sortidx(Buf *b, WcSortIdx s)
{
    sort(b, s.sort);
    buf_uleb(b, s.idx);
}

static void extern_name(Buf *b, WcName n)
{
    buf_byte(b, n.kind);
    str(b, n.name);
}

static void externdesc(Buf *b, const WcExternDesc *x)
{
    buf_byte(b, x->kind);
    switch (x->kind) {
    case WC_EXT_MODULE:
        buf_byte(b, 0x11);
        buf_uleb(b, x->idx);
        break;
    case WC_EXT_TYPE:
        buf_byte(b, x->bound);
        if (x->bound == 0)
            buf_uleb(b, x->idx);
        break;
    default:
        buf_uleb(b, x->idx);
        break;
    }
}

/* ---- core types ---- */

static void core_valtype(Buf *b, WcCoreValType v)
{
    buf_byte(b, v.code);
    if (v.code == 0x63 || v.code == 0x64)
        buf_sleb(b, v.heap);
}

static void limits(Buf *b, const WcLimits *l)
{
    buf_byte(b, l->flags);
    buf_uleb(b, l->min);
    if (l->flags & 1)
        buf_uleb(b, l->max);
}

static void core_extern(Buf *b, const WcCoreExtern *x)
{
    buf_byte(b, x->kind);
    switch (x->kind) {
    case 0:
        buf_uleb(b, x->type_idx);
        break;
    case 1:
        core_valtype(b, x->val);
        limits(b, &x->limits);
        break;
    case 2:
        limits(b, &x->limits);
        break;
    case 3:
        core_valtype(b, x->val);
        buf_byte(b, x->mut);
        break;
    case 4:
        buf_byte(b, 0);
        buf_uleb(b, x->type_idx);
        break;
    }
}

static void core_type(Buf *b, const WcCoreType *t)
{
    buf_byte(b, t->kind);
    if (t->kind == WC_CT_FUNC) {
        buf_uleb(b, t->func.nparams);
        for (uint32_t i = 0; i < t->func.nparams; i++)
            core_valtype(b, t->func.params[i]);
        buf_uleb(b, t->func.nresults);
        for (uint32_t i = 0; i < t->func.nresults; i++)
            core_valtype(b, t->func.results[i]);
        return;
    }
    buf_uleb(b, t->ndecls);
    for (uint32_t i = 0; i < t->ndecls; i++) {
        const WcModuleDecl *m = &t->decls[i];
        buf_byte(b, m->kind);
        switch (m->kind) {
        case WC_MD_IMPORT:
            str(b, m->module);
            str(b, m->name);
            core_extern(b, &m->desc);
            break;
        case WC_MD_TYPE:
            core_type(b, m->type);
            break;
        case WC_MD_ALIAS:
            buf_byte(b, m->alias_sort);
            buf_byte(b, 0x01);
            buf_uleb(b, m->outer_ct);
            buf_uleb(b, m->outer_idx);
            break;
        case WC_MD_EXPORT:
            str(b, m->name);
            core_extern(b, &m->desc);
            break;
        }
    }
}

/* ---- component types ---- */

static void valtype(Buf *b, WcValType v)
{
    if (v.prim)
        buf_byte(b, v.prim);
    else
        buf_sleb(b, (int64_t)v.idx); /* an s33: indices >= 64 take an extra byte */
}

static void opt_valtype(Buf *b, uint8_t has, WcValType v)
{
    buf_byte(b, has ? 1 : 0);
    if (has)
        valtype(b, v);
}

static void alias(Buf *b, const WcAlias *a)
{
    sort(b, a->sort);
    buf_byte(b, a->target);
    if (a->target == WC_ALIAS_OUTER) {
        buf_uleb(b, a->outer_ct);
        buf_uleb(b, a->outer_idx);
    } else {
        buf_uleb(b, a->instance);
        str(b, a->name);
    }
}

static void deftype(Buf *b, const WcType *t);

static void decl(Buf *b, const WcDecl *d)
{
    buf_byte(b, d->kind);
    switch (d->kind) {
    case WC_DECL_CORE_TYPE:
        core_type(b, d->core_type);
        break;
    case WC_DECL_TYPE:
        deftype(b, d->type);
        break;
    case WC_DECL_ALIAS:
        alias(b, &d->alias);
        break;
    default:
        extern_name(b, d->name);
        externdesc(b, &d->desc);
        break;
    }
}

static void deftype(Buf *b, const WcType *t)
{
    if (t->kind == WC_TY_PRIM) {
        buf_byte(b, t->prim);
        return;
    }
    buf_byte(b, t->kind);
    switch (t->kind) {
    case WC_TY_RECORD:
    case WC_TY_FUNC:
        buf_uleb(b, t->n);
        for (uint32_t i = 0; i < t->n; i++) {
            str(b, t->fields[i].name);
            valtype(b, t->fields[i].type);
        }
        if (t->kind == WC_TY_FUNC) {
            if (t->has_result) {
                buf_byte(b, 0x00);
                valtype(b, t->result);
            } else {
                buf_byte(b, 0x01);
                buf_byte(b, 0x00);
            }
        }
        break;
    case WC_TY_VARIANT:
        buf_uleb(b, t->n);
        for (uint32_t i = 0; i < t->n; i++) {
            str(b, t->fields[i].name);
            opt_valtype(b, t->fields[i].has_type, t->fields[i].type);
            buf_byte(b, 0x00);
        }
        break;
    case WC_TY_LIST:
    case WC_TY_OPTION:
        valtype(b, t->elem);
        break;
    case WC_TY_TUPLE:
        buf_uleb(b, t->n);
        for (uint32_t i = 0; i < t->n; i++)
            valtype(b, t->types[i]);
        break;
    case WC_TY_FLAGS:
    case WC_TY_ENUM:
        buf_uleb(b, t->n);
        for (uint32_t i = 0; i < t->n; i++)
            str(b, t->names[i]);
        break;
    case WC_TY_RESULT:
        opt_valtype(b, t->has_ok, t->ok);
        opt_valtype(b, t->has_err, t->err);
        break;
    case WC_TY_OWN:
    case WC_TY_BORROW:
        buf_uleb(b, t->res_idx);
        break;
    case WC_TY_COMPONENT:
    case WC_TY_INSTANCE:
        buf_uleb(b, t->n);
        for (uint32_t i = 0; i < t->n; i++)
            decl(b, &t->decls[i]);
        break;
    case WC_TY_RESOURCE:
        buf_byte(b, 0x7f);
        buf_byte(b, t->has_dtor ? 1 : 0);
        if (t->has_dtor)
            buf_uleb(b, t->dtor);
        break;
    }
}

/* ---- the other items ---- */

static void core_instance(Buf *b, const WcCoreInstance *ci)
{
    buf_byte(b, ci->kind);
    if (ci->kind == 0) {
        buf_uleb(b, ci->module);
        buf_uleb(b, ci->n);
        for (uint32_t i = 0; i < ci->n; i++) {
            str(b, ci->args[i].name);
            buf_byte(b, WC_CSORT_INSTANCE);
            buf_uleb(b, ci->args[i].instance);
        }
    } else {
        buf_uleb(b, ci->n);
        for (uint32_t i = 0; i < ci->n; i++) {
            str(b, ci->exports[i].name);
            buf_byte(b, ci->exports[i].sort);
            buf_uleb(b, ci->exports[i].idx);
        }
    }
}

static void instance(Buf *b, const WcInstance *in)
{
    buf_byte(b, in->kind);
    if (in->kind == 0) {
        buf_uleb(b, in->component);
        buf_uleb(b, in->n);
        for (uint32_t i = 0; i < in->n; i++) {
            str(b, in->args[i].name);
            sortidx(b, in->args[i].item);
        }
    } else {
        buf_uleb(b, in->n);
        for (uint32_t i = 0; i < in->n; i++) {
            extern_name(b, in->exports[i].name);
            sortidx(b, in->exports[i].item);
        }
    }
}

static void canon(Buf *b, const WcCanon *c)
{
    buf_byte(b, c->kind);
    if (c->kind != WC_CANON_LIFT && c->kind != WC_CANON_LOWER) {
        buf_uleb(b, c->type);
        return;
    }
    buf_byte(b, 0x00);
    buf_uleb(b, c->func);
    buf_uleb(b, c->nopts);
    for (uint32_t i = 0; i < c->nopts; i++) {
        buf_byte(b, c->opts[i].code);
        if (c->opts[i].code >= WC_OPT_MEMORY)
            buf_uleb(b, c->opts[i].idx);
    }
    if (c->kind == WC_CANON_LIFT)
        buf_uleb(b, c->type);
}

static void section_body(Buf *b, const WcSection *s)
{
    uint32_t i;
    switch (s->id) {
    case WC_SEC_CUSTOM:
        str(b, s->u.custom.name);
        buf_put(b, s->u.custom.data.data, s->u.custom.data.len);
        return;
    case WC_SEC_CORE_MODULE:
        buf_put(b, s->u.module.data, s->u.module.len);
        return;
    case WC_SEC_COMPONENT:
        wcomp_encode(s->u.component, b);
        return;
    default:
        break;
    }
    buf_uleb(b, s->n);
    for (i = 0; i < s->n; i++) {
        switch (s->id) {
        case WC_SEC_CORE_INSTANCE: core_instance(b, &s->u.core_instances[i]); break;
        case WC_SEC_CORE_TYPE: core_type(b, s->u.core_types[i]); break;
        case WC_SEC_INSTANCE: instance(b, &s->u.instances[i]); break;
        case WC_SEC_ALIAS: alias(b, &s->u.aliases[i]); break;
        case WC_SEC_TYPE: deftype(b, s->u.types[i]); break;
        case WC_SEC_CANON: canon(b, &s->u.canons[i]); break;
        case WC_SEC_IMPORT:
            extern_name(b, s->u.imports[i].name);
            externdesc(b, &s->u.imports[i].desc);
            break;
        case WC_SEC_EXPORT: {
            const WcExport *x = &s->u.exports[i];
            extern_name(b, x->name);
            sortidx(b, x->item);
            buf_byte(b, x->has_desc ? 1 : 0);
            if (x->has_desc)
                externdesc(b, &x->desc);
            break;
        }
        }
    }
}

void wcomp_encode(const WcComponent *c, Buf *out)
{
    static const uint8_t preamble[8] = {0x00, 0x61, 0x73, 0x6d, WC_VERSION, 0x00, WC_LAYER, 0x00};
    buf_put(out, preamble, sizeof preamble);
    for (uint32_t i = 0; i < c->nsections; i++) {
        Buf body;
        buf_init(&body);
        section_body(&body, &c->sections[i]);
        if (body.failed)
            out->failed = 1;
        buf_byte(out, c->sections[i].id);
        buf_uleb(out, body.len);
        buf_put(out, body.data, body.len);
        buf_release(&body);
    }
}
