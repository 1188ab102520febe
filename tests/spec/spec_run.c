/* spec_run.c - runs one wast2json script of the WebAssembly spec testsuite
 * against the runtime (wrun.h).
 *
 *   spec_run DIR NAME      reads DIR/NAME.json and the DIR/NAME.*.wasm files
 *
 * Commands: module, register, action, assert_return (with nan:canonical /
 * nan:arithmetic), assert_trap, assert_exhaustion, assert_invalid,
 * assert_malformed, assert_unlinkable, assert_uninstantiable.  Text-format
 * modules (module_type "text") are skipped and counted; a runtime that only
 * reads binaries cannot check them.  Error and trap messages must start with
 * the testsuite's text.  Prints each failure with its line, then
 * "NAME: N passed, N failed, N skipped"; exits 1 if anything failed.
 */
#include "fileio.h"
#include "json.h"
#include "wrun.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Named {
    char *name;
    WrInstance *inst;
} Named;

typedef struct Run {
    const char *dir, *name;
    WrEngine *eng;
    WrLinker *lk;
    WrInstance *cur;
    Named named[256];
    int nnamed;
    int passed, failed, skipped;
    int line;
} Run;

static void failf(Run *r, const char *fmt, const char *a, const char *b)
{
    r->failed++;
    printf("%s.wast:%d: FAIL: ", r->name, r->line);
    printf(fmt, a ? a : "", b ? b : "");
    printf("\n");
}

/* ---- spectest ---- */

static int sp_print(WrCaller *c, const WrVal *a, WrVal *res, void *u)
{
    (void)c, (void)a, (void)res, (void)u;
    return 0;
}

static int define_spectest(Run *r)
{
    static const char *const fns[][2] = {
        {"print", ":"},          {"print_i32", "i:"},       {"print_i64", "I:"},
        {"print_f32", "f:"},     {"print_f64", "F:"},       {"print_i32_f32", "if:"},
        {"print_f64_f64", "FF:"},
    };
    for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++)
        if (wr_linker_func(r->lk, "spectest", fns[i][0], fns[i][1], sp_print, NULL))
            return -1;
    WrVal v;
    WrExtern x;
    x.kind = WR_EXTERN_GLOBAL;
    v.u64 = 666;
    x.u.global = wr_global_new(r->eng, WR_I32, 0, v);
    wr_linker_extern(r->lk, "spectest", "global_i32", x);
    x.u.global = wr_global_new(r->eng, WR_I64, 0, v);
    wr_linker_extern(r->lk, "spectest", "global_i64", x);
    v.u64 = 0;
    v.f32 = 666.6f;
    x.u.global = wr_global_new(r->eng, WR_F32, 0, v);
    wr_linker_extern(r->lk, "spectest", "global_f32", x);
    v.f64 = 666.6;
    x.u.global = wr_global_new(r->eng, WR_F64, 0, v);
    wr_linker_extern(r->lk, "spectest", "global_f64", x);
    x.kind = WR_EXTERN_TABLE;
    x.u.table = wr_table_new(r->eng, WR_FUNCREF, 10, 20, NULL);
    wr_linker_extern(r->lk, "spectest", "table", x);
    x.kind = WR_EXTERN_MEMORY;
    x.u.memory = wr_memory_new(r->eng, 1, 2);
    wr_linker_extern(r->lk, "spectest", "memory", x);
    return 0;
}

/* ---- values ---- */

static WrType type_of(const char *t)
{
    if (!strcmp(t, "i32")) return WR_I32;
    if (!strcmp(t, "i64")) return WR_I64;
    if (!strcmp(t, "f32")) return WR_F32;
    if (!strcmp(t, "f64")) return WR_F64;
    if (!strcmp(t, "funcref")) return WR_FUNCREF;
    if (!strcmp(t, "externref")) return WR_EXTERNREF;
    return WR_V128;
}

/* externref N is the pointer N+1, so that null stays NULL. */
static int parse_val(const Json *j, WrVal *out, WrType *type)
{
    const char *t = json_str(json_get(j, "type"));
    const char *v = json_str(json_get(j, "value"));
    if (!t)
        return -1;
    *type = type_of(t);
    if (*type == WR_V128)
        return -1;
    out->u64 = 0;
    if (!v)
        return -1;
    if (*type == WR_FUNCREF || *type == WR_EXTERNREF) {
        out->ref = !strcmp(v, "null") ? NULL : (void *)(uintptr_t)(strtoull(v, NULL, 10) + 1);
        return 0;
    }
    if (!strncmp(v, "nan:", 4))
        return 1; /* a NaN pattern, only in expectations */
    out->u64 = strtoull(v, NULL, 10);
    return 0;
}

static int check_val(const Json *exp, WrVal got)
{
    WrVal want;
    WrType t;
    int k = parse_val(exp, &want, &t);
    if (k < 0)
        return 0;
    if (k == 1) {
        const char *v = json_str(json_get(exp, "value"));
        int canonical = !strcmp(v, "nan:canonical");
        if (t == WR_F32) {
            uint32_t b = got.u32;
            if ((b & 0x7f800000u) != 0x7f800000u || !(b & 0x7fffffu))
                return 0;
            return canonical ? (b & 0x7fffffffu) == 0x7fc00000u : (b & 0x400000u) != 0;
        }
        uint64_t b = got.u64;
        if ((b & 0x7ff0000000000000ull) != 0x7ff0000000000000ull || !(b & 0xfffffffffffffull))
            return 0;
        return canonical ? (b & 0x7fffffffffffffffull) == 0x7ff8000000000000ull
                         : (b & 0x8000000000000ull) != 0;
    }
    switch (t) {
    case WR_I32:
    case WR_F32: return got.u32 == want.u32;
    case WR_FUNCREF:
        if (!strcmp(json_str(json_get(exp, "value")), "null"))
            return got.ref == NULL;
        return got.ref != NULL;
    case WR_EXTERNREF: return got.ref == want.ref;
    default: return got.u64 == want.u64;
    }
}

/* ---- actions ---- */

static WrInstance *target(Run *r, const Json *action)
{
    const char *m = json_str(json_get(action, "module"));
    if (!m)
        return r->cur;
    for (int i = 0; i < r->nnamed; i++)
        if (!strcmp(r->named[i].name, m))
            return r->named[i].inst;
    return NULL;
}

/* Run an action; 0 ok (results filled), 1 trapped (trap filled), -1 error. */
static int do_action(Run *r, const Json *action, WrVal *res, size_t *nres, WrTrap *trap)
{
    WrInstance *inst = target(r, action);
    const char *type = json_str(json_get(action, "type"));
    const Json *fj = json_get(action, "field");
    const char *field = json_str(fj);
    if (!inst || !field || !type)
        return -1;
    WrExtern x;
    if (wr_instance_export_n(inst, field, fj->len, &x))
        return -1;
    if (!strcmp(type, "get")) {
        if (x.kind != WR_EXTERN_GLOBAL)
            return -1;
        res[0] = wr_global_get(x.u.global);
        *nres = 1;
        return 0;
    }
    if (x.kind != WR_EXTERN_FUNC)
        return -1;
    const Json *args = json_get(action, "args");
    WrVal av[64];
    size_t na = json_len(args);
    if (na > 64)
        return -1;
    for (size_t i = 0; i < na; i++) {
        WrType t;
        if (parse_val(json_at(args, i), &av[i], &t))
            return -1;
    }
    *nres = wr_func_result_count(x.u.func);
    if (*nres > 64)
        return -1;
    return wr_func_call(r->eng, x.u.func, av, na, res, *nres, trap) ? 1 : 0;
}

/* ---- modules ---- */

static CmErr load(Run *r, const char *file, WrModule **out, CmError *err)
{
    char path[4096];
    uint8_t *bytes;
    size_t len;
    snprintf(path, sizeof path, "%s/%s", r->dir, file);
    if (file_read(path, &bytes, &len))
        return err_set(err, CM_E_IO, CM_NO_OFFSET, "%s", path);
    CmErr e = wr_module_load(r->eng, bytes, len, out, err);
    free(bytes);
    return e;
}

static int prefix(const char *msg, const char *want) { return !strncmp(msg, want, strlen(want)); }

static void cmd_module(Run *r, const Json *c)
{
    WrModule *m;
    CmError err;
    WrTrap trap;
    WrInstance *inst;
    r->cur = NULL;
    if (load(r, json_str(json_get(c, "filename")), &m, &err)) {
        char buf[512];
        err_format(&err, "", buf, sizeof buf);
        failf(r, "module does not load: %s%s", buf, NULL);
        return;
    }
    if (wr_instantiate(r->eng, m, r->lk, &inst, &trap)) {
        failf(r, "module does not instantiate: %s%s", trap.message, NULL);
        return;
    }
    r->cur = inst;
    const char *name = json_str(json_get(c, "name"));
    if (name && r->nnamed < 256) {
        r->named[r->nnamed].name = strdup(name);
        r->named[r->nnamed++].inst = inst;
    }
    r->passed++;
}

static void cmd_register(Run *r, const Json *c)
{
    const char *as = json_str(json_get(c, "as"));
    const char *name = json_str(json_get(c, "name"));
    WrInstance *inst = r->cur;
    if (name)
        for (int i = 0; i < r->nnamed; i++)
            if (!strcmp(r->named[i].name, name))
                inst = r->named[i].inst;
    if (!inst || !as || wr_linker_instance(r->lk, as, inst)) {
        failf(r, "register failed%s%s", NULL, NULL);
        return;
    }
    r->passed++;
}

static void cmd_assert_return(Run *r, const Json *c)
{
    WrVal res[64];
    size_t n = 0;
    WrTrap trap;
    int k = do_action(r, json_get(c, "action"), res, &n, &trap);
    if (k) {
        failf(r, "action failed: %s%s", k > 0 ? trap.message : "bad action", NULL);
        return;
    }
    const Json *exp = json_get(c, "expected");
    if (json_len(exp) != n) {
        failf(r, "wrong result count%s%s", NULL, NULL);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        if (!check_val(json_at(exp, i), res[i])) {
            char got[64];
            snprintf(got, sizeof got, "0x%" PRIx64, res[i].u64);
            failf(r, "got %s, expected %s", got, json_str(json_get(json_at(exp, i), "value")));
            return;
        }
    }
    r->passed++;
}

static void cmd_assert_trap(Run *r, const Json *c, const char *want)
{
    WrVal res[64];
    size_t n = 0;
    WrTrap trap;
    const char *text = want ? want : json_str(json_get(c, "text"));
    int k = do_action(r, json_get(c, "action"), res, &n, &trap);
    if (k != 1) {
        failf(r, k ? "bad action%s%s" : "no trap, expected '%s'%s", k ? NULL : text, NULL);
        return;
    }
    if (!prefix(trap.message, text)) {
        failf(r, "trap '%s', expected '%s'", trap.message, text);
        return;
    }
    r->passed++;
}

static void cmd_assert_bad_module(Run *r, const Json *c, const char *kind)
{
    const char *mt = json_str(json_get(c, "module_type"));
    const char *text = json_str(json_get(c, "text"));
    if (mt && !strcmp(mt, "text")) {
        /* A check of the text format's parser; wrun reads only binaries. */
        printf("%s.wast:%d: skipped: text-format module ('%s' is a text-syntax error; wrun "
               "reads only binaries)\n",
               r->name, r->line, text ? text : "");
        r->skipped++;
        return;
    }
    WrModule *m;
    CmError err;
    CmErr e = load(r, json_str(json_get(c, "filename")), &m, &err);
    if (!strcmp(kind, "invalid") || !strcmp(kind, "malformed")) {
        if (!e) {
            failf(r, "module loads, expected '%s'%s", text, NULL);
            return;
        }
        char full[512];
        snprintf(full, sizeof full, "%s%s%s", err_message(e), err.detail[0] ? " " : "",
                 err.detail);
        if (!prefix(full, text)) {
            /* the module is rejected, but with other words */
            failf(r, "rejected with '%s', expected '%s'", full, text);
            return;
        }
        r->passed++;
        return;
    }
    if (e) {
        failf(r, "module does not load: %s%s", err_message(e), NULL);
        return;
    }
    WrInstance *inst;
    WrTrap trap;
    if (!wr_instantiate(r->eng, m, r->lk, &inst, &trap)) {
        failf(r, "module instantiates, expected '%s'%s", text, NULL);
        return;
    }
    if (!prefix(trap.message, text)) {
        failf(r, "instantiation failed with '%s', expected '%s'", trap.message, text);
        return;
    }
    r->passed++;
}

/* Assertions that cannot be checked through wabt 1.0.32's wast2json. */
static const struct {
    const char *file;
    int line;
    const char *reason;
} known_skips[] = {
    {"select", 324, "wast2json encodes `select (result)` as the untyped select 0x1b, so the "
                    "binary is a different invalid module (type mismatch)"},
};

static void command(Run *r, const Json *c)
{
    const char *type = json_str(json_get(c, "type"));
    const Json *line = json_get(c, "line");
    r->line = line ? atoi(json_str(line)) : 0;
    if (!type)
        return;
    for (size_t i = 0; i < sizeof known_skips / sizeof known_skips[0]; i++)
        if (!strcmp(known_skips[i].file, r->name) && known_skips[i].line == r->line) {
            printf("%s.wast:%d: skipped: %s\n", r->name, r->line, known_skips[i].reason);
            r->skipped++;
            return;
        }
    if (!strcmp(type, "module"))
        cmd_module(r, c);
    else if (!strcmp(type, "register"))
        cmd_register(r, c);
    else if (!strcmp(type, "assert_return"))
        cmd_assert_return(r, c);
    else if (!strcmp(type, "action")) {
        WrVal res[64];
        size_t n;
        WrTrap trap;
        if (do_action(r, json_get(c, "action"), res, &n, &trap))
            failf(r, "action failed%s%s", NULL, NULL);
        else
            r->passed++;
    } else if (!strcmp(type, "assert_trap"))
        cmd_assert_trap(r, c, NULL);
    else if (!strcmp(type, "assert_exhaustion"))
        cmd_assert_trap(r, c, NULL);
    else if (!strcmp(type, "assert_invalid"))
        cmd_assert_bad_module(r, c, "invalid");
    else if (!strcmp(type, "assert_malformed"))
        cmd_assert_bad_module(r, c, "malformed");
    else if (!strcmp(type, "assert_unlinkable"))
        cmd_assert_bad_module(r, c, "unlinkable");
    else if (!strcmp(type, "assert_uninstantiable"))
        cmd_assert_bad_module(r, c, "uninstantiable");
    else {
        r->skipped++;
        printf("%s.wast:%d: skipped command '%s'\n", r->name, r->line, type);
    }
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: spec_run DIR NAME\n");
        return 2;
    }
    Run r;
    memset(&r, 0, sizeof r);
    r.dir = argv[1];
    r.name = argv[2];
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.json", r.dir, r.name);
    uint8_t *text;
    size_t len;
    if (file_read(path, &text, &len)) {
        fprintf(stderr, "FAIL: cannot read %s\n", path);
        return 1;
    }
    Arena a;
    arena_init(&a);
    char errbuf[256];
    Json *root = json_parse(&a, (const char *)text, len, errbuf, sizeof errbuf);
    if (!root) {
        fprintf(stderr, "FAIL: %s: %s\n", path, errbuf);
        return 1;
    }
    WrLimits lim = {.max_call_depth = 5000};
    r.eng = wr_engine_new(&lim);
    r.lk = r.eng ? wr_linker_new(r.eng) : NULL;
    if (!r.lk || define_spectest(&r)) {
        fprintf(stderr, "FAIL: out of memory\n");
        return 1;
    }
    const Json *cmds = json_get(root, "commands");
    for (size_t i = 0; i < json_len(cmds); i++)
        command(&r, json_at(cmds, i));
    printf("%s: %d passed, %d failed, %d skipped\n", r.name, r.passed, r.failed,
           r.skipped);
    for (int i = 0; i < r.nnamed; i++)
        free(r.named[i].name);
    wr_engine_free(r.eng);
    arena_release(&a);
    free(text);
    return r.failed ? 1 : 0;
}
