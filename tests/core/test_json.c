/* test_json.c - the test-support JSON reader (tests/support/json.h), which
 * the spec-testsuite runners parse wast2json output with. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "json.h"

#include <string.h>

static Json *parse(Arena *a, const char *text)
{
    char err[128];
    return json_parse(a, text, strlen(text), err, sizeof err);
}

static void test_values(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a);
    Json *v = parse(&a, " {\"source_filename\": \"i32.wast\", \"commands\": [\n"
                        "  {\"type\": \"module\", \"line\": 3, \"filename\": \"i32.0.wasm\"},\n"
                        "  {\"type\": \"assert_return\", \"args\": [], \"ok\": true, \"no\": false,"
                        "   \"nothing\": null, \"neg\": -1.5e3}]} ");
    assert_non_null(v);
    assert_string_equal(json_str(json_get(v, "source_filename")), "i32.wast");
    const Json *cmds = json_get(v, "commands");
    assert_int_equal(json_len(cmds), 2);
    assert_string_equal(json_str(json_get(json_at(cmds, 0), "line")), "3");
    assert_int_equal(json_get(json_at(cmds, 0), "line")->kind, JSON_NUM);
    const Json *c1 = json_at(cmds, 1);
    assert_int_equal(json_len(json_get(c1, "args")), 0);
    assert_int_equal(json_get(c1, "ok")->boolean, 1);
    assert_int_equal(json_get(c1, "no")->kind, JSON_BOOL);
    assert_int_equal(json_get(c1, "no")->boolean, 0);
    assert_int_equal(json_get(c1, "nothing")->kind, JSON_NULL);
    assert_string_equal(json_str(json_get(c1, "neg")), "-1.5e3");
    assert_null(json_get(c1, "missing"));
    assert_null(json_at(cmds, 2));
    assert_null(json_get(cmds, "type")); /* not an object */
    arena_release(&a);
}

static void test_strings(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a);
    /* Escapes, a BMP character, a surrogate pair and an embedded NUL. */
    Json *v = parse(&a, "\"a\\\"b\\\\c\\/\\n\\t\\u00e9\\ud83d\\ude00\\u0000z\"");
    assert_non_null(v);
    assert_int_equal(v->len, 16);
    assert_memory_equal(v->str, "a\"b\\c/\n\t\xc3\xa9\xf0\x9f\x98\x80\0z", 16);
    /* Raw UTF-8 passes through. */
    v = parse(&a, "\"\xe2\x82\xac\"");
    assert_string_equal(v->str, "\xe2\x82\xac");
    arena_release(&a);
}

static void test_errors(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a);
    const char *bad[] = {"", "{", "[1,]", "{\"a\" 1}", "\"abc", "\"\\x\"", "\"\\ud800\"",
                         "\"\\udc00x\"", "[1] 2", "{1: 2}", "tru", "\"a\nb\""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char err[128] = "";
        assert_null(json_parse(&a, bad[i], strlen(bad[i]), err, sizeof err));
        assert_true(strncmp(err, "offset ", 7) == 0);
    }
    /* Deep nesting is refused, not a stack overflow. */
    char deep[1001];
    memset(deep, '[', 1000);
    deep[1000] = 0;
    assert_null(parse(&a, deep));
    arena_release(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
