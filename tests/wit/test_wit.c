/* test_wit.c - unit tests of the WIT front end library (witfront). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "witast.h"
#include "witdiag.h"
#include "witint.h"
#include "witjson.h"
#include "witlex.h"
#include "witpkg.h"

static WitTok lex1(const char *s, uint32_t *end)
{
    WitLex lx;
    WitToken t;
    witlex_init(&lx, s, (uint32_t)strlen(s), 0);
    assert_int_equal(witlex_next(&lx, &t), WITLEX_OK);
    *end = t.end;
    return t.tok;
}

static void test_lexer(void **state)
{
    (void)state;
    uint32_t end;
    assert_int_equal(lex1("record x", &end), WITT_RECORD);
    assert_int_equal(end, 6);
    assert_int_equal(lex1("  /* a /* nested */ b */ -> x", &end), WITT_RARROW);
    assert_int_equal(lex1("%record", &end), WITT_EXPLICIT_ID);
    assert_int_equal(lex1("is-XML", &end), WITT_ID);
    assert_int_equal(end, 6);
    assert_int_equal(lex1("-beta", &end), WITT_MINUS); /* '-' never starts an id */
    WitLex lx;
    WitToken t;
    witlex_init(&lx, "/* open", 7, 0);
    assert_int_equal(witlex_next(&lx, &t), WITLEX_UNTERMINATED);
}

static void test_ids(void **state)
{
    (void)state;
    size_t bad;
    assert_null(witlex_check_id("a1-2-b", 6, &bad));
    assert_null(witlex_check_id("is-XML", 6, &bad));
    assert_non_null(witlex_check_id("fooBar", 6, &bad));
    assert_int_equal(bad, 3);
    assert_non_null(witlex_check_id("a--b", 4, &bad));
    assert_non_null(witlex_check_id("1a", 2, &bad));
    assert_non_null(witlex_check_id("a_b", 3, &bad));
}

static void test_semver(void **state)
{
    (void)state;
    assert_true(wit_semver_valid("0.2.12", 6));
    assert_true(wit_semver_valid("1.0.0-rc.1+b.7", 14));
    assert_false(wit_semver_valid("01.0.0", 6));
    assert_false(wit_semver_valid("1.0", 3));
    assert_true(wit_semver_cmp("0.2.2", "0.2.12") < 0);
    assert_true(wit_semver_cmp("1.0.0-rc.1", "1.0.0") < 0);
    assert_true(wit_semver_cmp("1.0.0-alpha.2", "1.0.0-alpha.10") < 0);
    assert_true(wit_semver_cmp("1.0.0-alpha", "1.0.0-1") > 0);
    assert_true(wit_semver_cmp(NULL, "0.0.1") < 0);
}

static void test_names(void **state)
{
    (void)state;
    assert_true(wit_name_eqi("a-b", "AB"));
    assert_true(wit_name_eqi("[method]r.m", "[static]r.m"));
    assert_false(wit_name_eqi("[constructor]r", "r"));
    assert_false(wit_name_eqi("a", "b"));
}

static void test_docs(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a);
    const char *lines[] = {"/// one\n", "///   two\n", "// plain\n"};
    WitAstDocs d = {lines, 3};
    assert_string_equal(witpkg_docs(&a, &d), "one\n  two\nplain");
    const char *block[] = {"/** x */"};
    WitAstDocs b = {block, 1};
    assert_string_equal(witpkg_docs(&a, &b), "x");
    arena_release(&a);
}

static const char doc[] = "package a:b@1.0.0;\n"
                          "interface i {\n"
                          "  resource r { m: func() -> list<u8>; }\n"
                          "  type l = list<u8>;\n"
                          "  f: func(x: r) -> option<l>;\n"
                          "}\n"
                          "world w { export i; }\n";

static void test_resolve(void **state)
{
    (void)state;
    WitResolve r;
    WitError err = {0};
    uint32_t main_pkg, world;
    wit_resolve_init(&r, NULL);
    assert_int_equal(wit_load_text(&r, "t.wit", doc, sizeof doc - 1, &main_pkg, &err), CM_OK);
    assert_int_equal(wit_check_invariants(&r), 0);
    assert_int_equal(r.npackages, 1);
    assert_int_equal(r.nifaces, 1);
    /* as wasm-tools numbers them: r, l, borrow<r>, list<u8> (anonymous: a
     * named type is not reused), option<l>, own<r> (made while appending) */
    assert_int_equal(r.ntypes, 6);
    assert_int_equal(r.types[1].kind, WIT_K_LIST);
    assert_int_equal(r.types[2].kind, WIT_K_BORROW);
    assert_null(r.types[3].name);
    assert_int_equal(r.types[4].ty, WIT_TY_OF(1));
    assert_int_equal(r.types[5].kind, WIT_K_OWN);
    assert_int_equal(r.ifaces[0].nfuncs, 2);
    assert_string_equal(r.ifaces[0].funcs[0].name, "[method]r.m");
    assert_int_equal(wit_select_world(&r, main_pkg, NULL, &world, &err), CM_OK);
    assert_int_equal(world, 0);
    /* exporting i, which uses nothing, adds no import */
    assert_int_equal(r.worlds[0].imports.n, 0);
    assert_int_equal(r.worlds[0].exports.n, 1);
    Buf b;
    buf_init(&b);
    witjson_write(&r, &b);
    assert_non_null(strstr(buf_cstr(&b), "\"[method]r.m\""));
    buf_release(&b);
    wit_resolve_release(&r);
}

static void test_diagnostic(void **state)
{
    (void)state;
    static const char bad[] = "package a:b;\ninterface i {\n  f: func(x: nope);\n}\n";
    WitResolve r;
    WitError err = {0};
    uint32_t main_pkg;
    wit_resolve_init(&r, NULL);
    assert_int_not_equal(wit_load_text(&r, "t.wit", bad, sizeof bad - 1, &main_pkg, &err), CM_OK);
    Buf b;
    buf_init(&b);
    witdiag_format(&r, &err, "t.wit", &b);
    assert_string_equal(buf_cstr(&b), "t.wit:3:14: error: name `nope` does not exist\n"
                                      "      f: func(x: nope);\n"
                                      "                 ^\n");
    buf_release(&b);
    wit_resolve_release(&r);
}

static void test_gates(void **state)
{
    (void)state;
    static const char g[] = "package a:b@1.0.0;\ninterface i {\n"
                            "  @unstable(feature = x) f: func();\n  g: func();\n}\n";
    const char *feats[] = {"x"};
    for (int on = 0; on < 2; on++) {
        WitOptions o = {feats, (size_t)on, 0};
        WitResolve r;
        WitError err = {0};
        uint32_t main_pkg;
        wit_resolve_init(&r, &o);
        assert_int_equal(wit_load_text(&r, "g.wit", g, sizeof g - 1, &main_pkg, &err), CM_OK);
        assert_int_equal(r.ifaces[0].nfuncs, on ? 2 : 1);
        wit_resolve_release(&r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lexer),     cmocka_unit_test(test_ids),
        cmocka_unit_test(test_semver),    cmocka_unit_test(test_names),
        cmocka_unit_test(test_docs),      cmocka_unit_test(test_resolve),
        cmocka_unit_test(test_diagnostic), cmocka_unit_test(test_gates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
