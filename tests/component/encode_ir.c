/* encode_ir.c OUT.wasm - build a component IR by hand, the way compose
 * will, and encode it: a type section (record, func), an imported
 * interface instance, an alias of one of its functions, a nested
 * component instantiated with it, and exports, one with an ascribed type
 * and a legacy 0x01 name.  The test runs wasm-tools validate on the output
 * and our own decoder/type model on it. */
#include "ctypes.h"
#include "fileio.h"
#include "wcomp.h"

#include <stdio.h>
#include <string.h>

#define S(lit) ((WcStr){lit, (uint32_t)(sizeof lit - 1)})

int main(int argc, char **argv)
{
    if (argc != 2)
        return 2;
    /* Nested component: (import "f" (func (param "p" u32) (result u32))) (export "g" (func 0)) */
    static WcField param = {S("p"), 1, {WC_PRIM_U32, 0}};
    static WcType fn = {.kind = WC_TY_FUNC, .n = 1, .fields = &param, .has_result = 1,
                        .result = {WC_PRIM_U32, 0}};
    static WcType *inner_types[] = {&fn};
    static WcImport inner_import = {{0x00, S("f")}, {WC_EXT_FUNC, 0, 0}};
    static WcExport inner_export = {{0x00, S("g")}, {{WC_SORT_FUNC, 0}, 0}, 0, {0, 0, 0}};
    static WcSection inner_secs[] = {
        {.id = WC_SEC_TYPE, .n = 1, .u.types = inner_types},
        {.id = WC_SEC_IMPORT, .n = 1, .u.imports = &inner_import},
        {.id = WC_SEC_EXPORT, .n = 1, .u.exports = &inner_export},
    };
    static WcComponent inner = {0, 3, inner_secs};

    /* Outer: type 0 = record {x: u32, y: string}; type 1 = func(p: u32) -> u32;
     * type 2 = instance { export "f": func (type via a local func type) } */
    static WcField rec_fields[] = {{S("x"), 1, {WC_PRIM_U32, 0}}, {S("y"), 1, {WC_PRIM_STRING, 0}}};
    static WcType rec = {.kind = WC_TY_RECORD, .n = 2, .fields = rec_fields};
    static WcDecl idecls[] = {
        {.kind = WC_DECL_TYPE, .type = &fn},
        {.kind = WC_DECL_EXPORT, .name = {0x00, S("f")}, .desc = {WC_EXT_FUNC, 0, 0}},
    };
    static WcType itype = {.kind = WC_TY_INSTANCE, .n = 2, .decls = idecls};
    static WcType *types[] = {&rec, &fn, &itype};
    static WcImport imp = {{0x01, S("test:demo/api@0.1.0")}, {WC_EXT_INSTANCE, 0, 2}};
    static WcAlias alias = {.sort = {WC_SORT_FUNC, 0}, .target = WC_ALIAS_EXPORT, .instance = 0,
                            .name = S("f")};
    static WcArg arg = {S("f"), {{WC_SORT_FUNC, 0}, 0}};
    static WcInstance inst = {.kind = 0, .component = 0, .n = 1, .args = &arg};
    static WcAlias alias2 = {.sort = {WC_SORT_FUNC, 0}, .target = WC_ALIAS_EXPORT, .instance = 1,
                             .name = S("g")};
    static WcExport exports[] = {
        {{0x00, S("point")}, {{WC_SORT_TYPE, 0}, 0}, 0, {0, 0, 0}},
        {{0x00, S("g")}, {{WC_SORT_FUNC, 0}, 1}, 1, {WC_EXT_FUNC, 0, 1}},
    };
    static WcSection secs[] = {
        {.id = WC_SEC_TYPE, .n = 3, .u.types = types},
        {.id = WC_SEC_IMPORT, .n = 1, .u.imports = &imp},
        {.id = WC_SEC_ALIAS, .n = 1, .u.aliases = &alias},
        {.id = WC_SEC_COMPONENT, .u.component = &inner},
        {.id = WC_SEC_INSTANCE, .n = 1, .u.instances = &inst},
        {.id = WC_SEC_ALIAS, .n = 1, .u.aliases = &alias2},
        {.id = WC_SEC_EXPORT, .n = 2, .u.exports = exports},
    };
    WcComponent c = {0, 7, secs};

    Buf b;
    buf_init(&b);
    wcomp_encode(&c, &b);
    if (b.failed || file_write(argv[1], b.data, b.len)) {
        fprintf(stderr, "encode_ir: cannot write %s\n", argv[1]);
        return 1;
    }
    /* Our decoder and type model accept it, and it re-encodes identically. */
    Arena a;
    arena_init(&a);
    WcComponent *d;
    CtModel *m;
    CmError err;
    int rc = 0;
    Buf b2;
    buf_init(&b2);
    if (wcomp_decode(&a, b.data, b.len, &d, &err) || ct_build(&a, d, &m, &err)) {
        char msg[512];
        err_format(&err, argv[1], msg, sizeof msg);
        fprintf(stderr, "%s\n", msg);
        rc = 1;
    } else {
        wcomp_encode(d, &b2);
        if (b2.len != b.len || memcmp(b2.data, b.data, b.len))
            rc = 1;
        Buf t;
        buf_init(&t);
        ct_print(&t, m->type);
        printf("%s\n", buf_cstr(&t));
        buf_release(&t);
    }
    buf_release(&b2);
    arena_release(&a);
    buf_release(&b);
    return rc;
}
