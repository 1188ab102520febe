/* dump_component.c - `witc dump` for component binaries: the sections in
 * file order (nested components indented), canon definitions with their
 * options, nested core modules with their sizes, then the component's
 * imports, exports and type index space printed through the type model
 * (ctypes.h).  Errors are printed as
 *   FILE: offset 0x1a3 (section 'type'): error: MESSAGE
 * and make the command return 1. */
#include "dump.h"

#include "ctypes.h"
#include "wcomp.h"

#include <inttypes.h>
#include <stdio.h>

static const char *core_sort_name(uint8_t s)
{
    switch (s) {
    case WC_CSORT_FUNC: return "core func";
    case WC_CSORT_TABLE: return "core table";
    case WC_CSORT_MEMORY: return "core memory";
    case WC_CSORT_GLOBAL: return "core global";
    case WC_CSORT_TAG: return "core tag";
    case WC_CSORT_TYPE: return "core type";
    case WC_CSORT_MODULE: return "core module";
    default: return "core instance";
    }
}

static const char *sort_name(WcSort s)
{
    switch (s.sort) {
    case WC_SORT_CORE: return core_sort_name(s.core_sort);
    case WC_SORT_FUNC: return "func";
    case WC_SORT_TYPE: return "type";
    case WC_SORT_COMPONENT: return "component";
    default: return "instance";
    }
}

static const char *extern_name(uint8_t kind)
{
    static const char *const names[] = {"core module", "func", "value", "type", "component", "instance"};
    return kind < 6 ? names[kind] : "?";
}

static void print_desc(const WcExternDesc *d)
{
    if (d->kind == WC_EXT_TYPE && d->bound == 1)
        printf("type (sub resource)");
    else if (d->kind == WC_EXT_TYPE)
        printf("type (eq %" PRIu32 ")", d->idx);
    else
        printf("%s (type %" PRIu32 ")", extern_name(d->kind), d->idx);
}

static const char *core_val(WcCoreValType v)
{
    switch (v.code) {
    case 0x7f: return "i32";
    case 0x7e: return "i64";
    case 0x7d: return "f32";
    case 0x7c: return "f64";
    case 0x7b: return "v128";
    case 0x70: return "funcref";
    case 0x6f: return "externref";
    default: return "ref";
    }
}

static void print_core_type(const WcCoreType *t)
{
    if (t->kind == WC_CT_MODULE) {
        uint32_t imports = 0, exports = 0;
        for (uint32_t i = 0; i < t->ndecls; i++) {
            imports += t->decls[i].kind == WC_MD_IMPORT;
            exports += t->decls[i].kind == WC_MD_EXPORT;
        }
        printf("module type (%" PRIu32 " imports, %" PRIu32 " exports)", imports, exports);
        return;
    }
    printf("func (");
    for (uint32_t i = 0; i < t->func.nparams; i++)
        printf("%s%s", i ? " " : "", core_val(t->func.params[i]));
    printf(") -> (");
    for (uint32_t i = 0; i < t->func.nresults; i++)
        printf("%s%s", i ? " " : "", core_val(t->func.results[i]));
    printf(")");
}

static void print_opts(const WcCanon *c)
{
    static const char *const enc[] = {"utf8", "utf16", "latin1+utf16"};
    for (uint32_t i = 0; i < c->nopts; i++) {
        const WcCanonOpt *o = &c->opts[i];
        if (o->code <= WC_OPT_LATIN1_UTF16)
            printf(" string-encoding=%s", enc[o->code]);
        else
            printf(" (%s %" PRIu32 ")",
                   o->code == WC_OPT_MEMORY ? "memory" : o->code == WC_OPT_REALLOC ? "realloc" : "post-return",
                   o->idx);
    }
}

static void print_canon(const WcCanon *c)
{
    switch (c->kind) {
    case WC_CANON_LIFT:
        printf("canon lift (core func %" PRIu32 ")", c->func);
        print_opts(c);
        printf(" (type %" PRIu32 ")", c->type);
        break;
    case WC_CANON_LOWER:
        printf("canon lower (func %" PRIu32 ")", c->func);
        print_opts(c);
        break;
    default:
        printf("canon resource.%s (type %" PRIu32 ")",
               c->kind == WC_CANON_RES_NEW ? "new" : c->kind == WC_CANON_RES_DROP ? "drop" : "rep",
               c->type);
    }
}

/* The type model of the outermost component (NULL inside nested ones or
 * when it could not be built) and the next index of its type space. */
typedef struct TypeCursor {
    const CtModel *m;
    uint32_t next;
} TypeCursor;

static void print_item(const WcSection *s, uint32_t i, TypeCursor *tc)
{
    switch (s->id) {
    case WC_SEC_CORE_INSTANCE: {
        const WcCoreInstance *ci = &s->u.core_instances[i];
        if (ci->kind == 0) {
            printf("core instance: instantiate module %" PRIu32, ci->module);
            for (uint32_t k = 0; k < ci->n; k++)
                printf(" (with \"%.*s\" instance %" PRIu32 ")", (int)ci->args[k].name.len,
                       ci->args[k].name.s, ci->args[k].instance);
        } else {
            printf("core instance: %" PRIu32 " exports", ci->n);
            for (uint32_t k = 0; k < ci->n; k++)
                printf(" \"%.*s\"=%s %" PRIu32, (int)ci->exports[k].name.len, ci->exports[k].name.s,
                       core_sort_name(ci->exports[k].sort), ci->exports[k].idx);
        }
        break;
    }
    case WC_SEC_CORE_TYPE:
        printf("core type: ");
        print_core_type(s->u.core_types[i]);
        break;
    case WC_SEC_INSTANCE: {
        const WcInstance *in = &s->u.instances[i];
        if (in->kind == 0) {
            printf("instance: instantiate component %" PRIu32, in->component);
            for (uint32_t k = 0; k < in->n; k++)
                printf(" (with \"%.*s\" %s %" PRIu32 ")", (int)in->args[k].name.len, in->args[k].name.s,
                       sort_name(in->args[k].item.sort), in->args[k].item.idx);
        } else {
            printf("instance: %" PRIu32 " exports", in->n);
            for (uint32_t k = 0; k < in->n; k++)
                printf(" \"%.*s\"=%s %" PRIu32, (int)in->exports[k].name.name.len,
                       in->exports[k].name.name.s, sort_name(in->exports[k].item.sort),
                       in->exports[k].item.idx);
        }
        break;
    }
    case WC_SEC_ALIAS: {
        const WcAlias *a = &s->u.aliases[i];
        if (a->target == WC_ALIAS_OUTER)
            printf("alias outer %" PRIu32 " %" PRIu32 " (%s)", a->outer_ct, a->outer_idx, sort_name(a->sort));
        else
            printf("alias %sexport %" PRIu32 " \"%.*s\" (%s)", a->target == WC_ALIAS_CORE_EXPORT ? "core " : "",
                   a->instance, (int)a->name.len, a->name.s, sort_name(a->sort));
        break;
    }
    case WC_SEC_TYPE:
        if (tc && tc->m && tc->next < tc->m->ntypes) {
            Buf b;
            buf_init(&b);
            ct_print(&b, tc->m->types[tc->next]);
            printf("type %" PRIu32 ": %s", tc->next, buf_cstr(&b));
            buf_release(&b);
        } else {
            printf("type");
        }
        break;
    case WC_SEC_CANON:
        print_canon(&s->u.canons[i]);
        break;
    case WC_SEC_IMPORT:
        printf("import \"%.*s\" ", (int)s->u.imports[i].name.name.len, s->u.imports[i].name.name.s);
        print_desc(&s->u.imports[i].desc);
        break;
    case WC_SEC_EXPORT: {
        const WcExport *x = &s->u.exports[i];
        printf("export \"%.*s\" %s %" PRIu32, (int)x->name.name.len, x->name.name.s, sort_name(x->item.sort),
               x->item.idx);
        if (x->has_desc) {
            printf(" as ");
            print_desc(&x->desc);
        }
        break;
    }
    }
}

/* Does item i of s add an entry to the (component) type index space? */
static int adds_type(const WcSection *s, uint32_t i)
{
    switch (s->id) {
    case WC_SEC_TYPE: return 1;
    case WC_SEC_ALIAS: return s->u.aliases[i].sort.sort == WC_SORT_TYPE;
    case WC_SEC_IMPORT: return s->u.imports[i].desc.kind == WC_EXT_TYPE;
    case WC_SEC_EXPORT: return s->u.exports[i].item.sort.sort == WC_SORT_TYPE;
    default: return 0;
    }
}

static void dump_sections(const WcComponent *c, int depth, TypeCursor *tc)
{
    for (uint32_t i = 0; i < c->nsections; i++) {
        const WcSection *s = &c->sections[i];
        printf("%*s0x%06" PRIx64 " %s", depth * 2, "", s->offset, wcomp_section_name(s->id));
        switch (s->id) {
        case WC_SEC_CUSTOM:
            printf(" '%.*s' (%zu bytes)\n", (int)s->u.custom.name.len, s->u.custom.name.s,
                   s->u.custom.data.len);
            continue;
        case WC_SEC_CORE_MODULE:
            printf(" (%zu bytes)\n", s->u.module.len);
            continue;
        case WC_SEC_COMPONENT:
            printf(" (%" PRIu32 " sections)\n", s->u.component->nsections);
            dump_sections(s->u.component, depth + 1, NULL);
            continue;
        default:
            printf(" (%" PRIu32 " items)\n", s->n);
        }
        for (uint32_t k = 0; k < s->n; k++) {
            printf("%*s  ", depth * 2, "");
            print_item(s, k, tc);
            printf("\n");
            if (tc && adds_type(s, k))
                tc->next++;
        }
    }
}

static void print_externs(const char *what, const CtExtern *v, uint32_t n)
{
    Buf b;
    buf_init(&b);
    for (uint32_t i = 0; i < n; i++) {
        b.len = 0;
        ct_print(&b, v[i].type);
        printf("  %s \"%s\": %s%s\n", what, v[i].name, v[i].kind == CT_EXT_TYPE ? "type " : "", buf_cstr(&b));
    }
    buf_release(&b);
}

static void dump_model(const CtModel *m)
{
    Buf b;
    buf_init(&b);
    printf("imports (%" PRIu32 "):\n", m->type->nimports);
    print_externs("import", m->type->imports, m->type->nimports);
    printf("exports (%" PRIu32 "):\n", m->type->nexports);
    print_externs("export", m->type->exports, m->type->nexports);
    printf("types (%" PRIu32 "):\n", m->ntypes);
    for (uint32_t i = 0; i < m->ntypes; i++) {
        b.len = 0;
        if (m->types[i])
            ct_print(&b, m->types[i]);
        printf("  %" PRIu32 ": %s%s%s\n", i, buf_cstr(&b), m->types[i] && m->types[i]->name ? "  # " : "",
               m->types[i] && m->types[i]->name ? m->types[i]->name : "");
    }
    printf("funcs (%" PRIu32 "):\n", m->nfuncs);
    for (uint32_t i = 0; i < m->nfuncs; i++) {
        b.len = 0;
        ct_print(&b, m->funcs[i]);
        printf("  %" PRIu32 ": %s\n", i, buf_cstr(&b));
    }
    buf_release(&b);
}

int dump_component(const char *path, const uint8_t *data, size_t len)
{
    Arena a;
    WcComponent *c;
    CtModel *m;
    CmError err;
    char msg[512];
    int rc = 0;
    arena_init(&a);
    if (wcomp_decode(&a, data, len, &c, &err) == CM_OK) {
        CmError terr;
        TypeCursor tc = {NULL, 0};
        if (ct_build(&a, c, &m, &terr) == CM_OK)
            tc.m = m;
        printf("%s: component (version 0x%02x, %zu bytes)\n", path, WC_VERSION, len);
        dump_sections(c, 1, &tc);
        if (tc.m)
            dump_model(m);
        else
            err = terr;
    }
    if (err.code) {
        fflush(stdout);
        err_format(&err, path, msg, sizeof msg);
        fprintf(stderr, "%s\n", msg);
        rc = 1;
    }
    arena_release(&a);
    return rc;
}
