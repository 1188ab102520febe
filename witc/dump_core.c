/* dump_core.c - the `witc dump` printer for core modules: sections with
 * their offsets and sizes, types, imports, exports, functions (with their
 * debug names), tables, memories, globals, segments and custom sections. */
#include "dump.h"

#include "arena.h"
#include "reader.h"
#include "wmod.h"

#include <inttypes.h>
#include <stdio.h>

static void print_name(const WName *n)
{
    /* Names are UTF-8 but may hold control characters: escape those. */
    putchar('"');
    for (uint32_t i = 0; i < n->len; i++) {
        unsigned char c = (unsigned char)n->str[i];
        if (c < 0x20 || c == '"' || c == '\\' || c == 0x7f)
            printf("\\%02x", c);
        else
            putchar(c);
    }
    putchar('"');
}

static void print_types(const uint8_t *t, uint32_t n)
{
    putchar('(');
    for (uint32_t i = 0; i < n; i++)
        printf("%s%s", i ? ", " : "", wtype_name(t[i]));
    putchar(')');
}

static void print_limits(const WLimits *l)
{
    printf("min %" PRIu32, l->min);
    if (l->has_max)
        printf(" max %" PRIu32, l->max);
}

/* Walk the section headers again (the decoder already checked them). */
static void dump_sections(const WModule *m)
{
    const uint8_t *p = m->bytes + 8, *end = m->bytes + m->len;
    printf("sections:\n");
    while (p < end) {
        uint32_t off = (uint32_t)(p - m->bytes), size;
        uint8_t id = *p++;
        if (rd_uleb32(&p, end, &size))
            return;
        printf("  %-10s at 0x%08" PRIx32 ", %8" PRIu32 " bytes", wmod_section_name(id), off, size);
        if (id == WSEC_CUSTOM) {
            const uint8_t *q = p;
            const char *name;
            uint32_t nlen;
            if (!rd_name(&q, p + size, &name, &nlen)) {
                WName n = {name, nlen};
                printf("  ");
                print_name(&n);
            }
        }
        putchar('\n');
        p += size;
    }
}

static void dump_imports(const WModule *m)
{
    static const char *const kinds[] = {"func", "table", "memory", "global"};
    uint32_t idx[4] = {0};
    printf("imports: %" PRIu32 "\n", m->nimports);
    for (uint32_t i = 0; i < m->nimports; i++) {
        const WImport *im = &m->imports[i];
        printf("  %s %" PRIu32 ": ", kinds[im->kind], idx[im->kind]++);
        print_name(&im->module);
        putchar(' ');
        print_name(&im->field);
        switch (im->kind) {
        case WEXT_FUNC: printf(" type %" PRIu32, im->type_index); break;
        case WEXT_TABLE: printf(" %s ", wtype_name(im->table.elem_type)); print_limits(&im->table.limits); break;
        case WEXT_MEMORY: putchar(' '); print_limits(&im->memory); break;
        default: printf(" %s%s", im->global.mutable_ ? "mut " : "", wtype_name(im->global.type)); break;
        }
        putchar('\n');
    }
}

static void dump_functions(const WModule *m)
{
    printf("functions: %" PRIu32 " imported, %" PRIu32 " defined\n", m->nfunc_imports, m->nfuncs);
    for (uint32_t i = 0; i < m->nfuncs; i++) {
        uint32_t f = m->nfunc_imports + i;
        const WName *n = wmod_func_name(m, f);
        printf("  func %" PRIu32 ": type %" PRIu32 ", %" PRIu64 " locals, %" PRIu32 " code bytes",
               f, m->func_types[i], m->bodies[i].nlocals, m->bodies[i].code.len);
        if (n) {
            printf(", name ");
            print_name(n);
        }
        putchar('\n');
    }
}

static void dump_rest(const WModule *m)
{
    static const char *const kinds[] = {"func", "table", "memory", "global"};
    printf("exports: %" PRIu32 "\n", m->nexports);
    for (uint32_t i = 0; i < m->nexports; i++) {
        printf("  ");
        print_name(&m->exports[i].name);
        printf(" = %s %" PRIu32 "\n", kinds[m->exports[i].kind], m->exports[i].index);
    }
    printf("tables: %" PRIu32 " defined\n", m->ntables);
    for (uint32_t i = 0; i < m->ntables; i++) {
        printf("  table %" PRIu32 ": %s ", m->ntable_imports + i, wtype_name(m->tables[i].elem_type));
        print_limits(&m->tables[i].limits);
        putchar('\n');
    }
    printf("memories: %" PRIu32 " defined\n", m->nmemories);
    for (uint32_t i = 0; i < m->nmemories; i++) {
        printf("  memory %" PRIu32 ": ", m->nmemory_imports + i);
        print_limits(&m->memories[i]);
        putchar('\n');
    }
    printf("globals: %" PRIu32 " defined\n", m->nglobals);
    for (uint32_t i = 0; i < m->nglobals; i++)
        printf("  global %" PRIu32 ": %s%s\n", m->nglobal_imports + i,
               m->globals[i].type.mutable_ ? "mut " : "", wtype_name(m->globals[i].type.type));
    if (m->has_start)
        printf("start: func %" PRIu32 "\n", m->start);
    uint32_t passive = 0;
    for (uint32_t i = 0; i < m->nelems; i++)
        passive += m->elems[i].mode != WSEG_ACTIVE;
    printf("element segments: %" PRIu32 " (%" PRIu32 " passive or declarative)\n", m->nelems, passive);
    passive = 0;
    for (uint32_t i = 0; i < m->ndatas; i++)
        passive += m->datas[i].mode == WSEG_PASSIVE;
    printf("data segments: %" PRIu32 " (%" PRIu32 " passive)", m->ndatas, passive);
    if (m->has_data_count)
        printf(", data count %" PRIu32, m->data_count);
    putchar('\n');
    if (m->names)
        printf("name section: %" PRIu32 " function names%s\n", m->names->nfuncs,
               m->names->complete ? "" : " (malformed after these)");
}

int dump_core(const char *path, const uint8_t *data, size_t len)
{
    Arena a;
    arena_init(&a);
    WModule *m;
    CmError err;
    if (wmod_decode(&a, data, len, &m, &err)) {
        char msg[512];
        err_format(&err, path, msg, sizeof msg);
        fprintf(stderr, "%s\n", msg);
        arena_release(&a);
        return 1;
    }
    printf("%s: core module, %zu bytes\n", path, len);
    dump_sections(m);
    printf("types: %" PRIu32 "\n", m->ntypes);
    for (uint32_t i = 0; i < m->ntypes; i++) {
        printf("  type %" PRIu32 ": ", i);
        print_types(m->types[i].params, m->types[i].nparams);
        printf(" -> ");
        print_types(m->types[i].results, m->types[i].nresults);
        putchar('\n');
    }
    dump_imports(m);
    dump_functions(m);
    dump_rest(m);
    arena_release(&a);
    return 0;
}
