/* test_bindgen.c - unit tests of bindgen-c that the end-to-end tests do not
 * reach cheaply: spelling rules, discriminant and flags widths past 256
 * cases, and that generation is deterministic (--check relies on it). */
#include "bindgen.h"
#include "wit.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static void test_snake(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a);
    assert_string_equal(bg_snake(&a, "[method]blob.size"), "method_blob_size");
    assert_string_equal(bg_snake(&a, "[constructor]my-res"), "constructor_my_res");
    assert_string_equal(bg_snake(&a, "HTTP-method"), "http_method");
    assert_string_equal(bg_snake(&a, "x86-64"), "x86_64");
    assert_string_equal(bg_snake(&a, "my-world"), "my_world");
    arena_release(&a);
}

/* Generate the only world of text; returns the header and the source. */
static void generate_with(const char *text, const BgOptions *opts, char **out_h, char **out_c)
{
    WitResolve r;
    wit_resolve_init(&r, NULL);
    uint32_t pkg, world;
    WitError werr = {0};
    assert_int_equal(wit_load_text(&r, "t.wit", text, strlen(text), &pkg, &werr), CM_OK);
    assert_int_equal(wit_select_world(&r, pkg, NULL, &world, &werr), CM_OK);
    BgOutput out;
    CmError err;
    static const uint8_t ct[] = {0x00, 0x61, 0x73, 0x6d};
    assert_int_equal(bg_generate(&r, world, opts, ct, sizeof ct, &out, &err), CM_OK);
    assert_int_equal(out.nfiles, 3);
    assert_string_equal(out.files[0].name, "w.h");
    assert_string_equal(out.files[1].name, "w.c");
    assert_string_equal(out.files[2].name, "w_component_type.c");
    *out_h = strdup(buf_cstr(&out.files[0].text));
    *out_c = strdup(buf_cstr(&out.files[1].text));
    assert_non_null(strstr(buf_cstr(&out.files[2].text),
                           ".byte 0x00,0x61,0x73,0x6d\\n"));
    bg_output_release(&out);
    wit_resolve_release(&r);
}

static void generate(const char *text, char **out_h, char **out_c)
{
    generate_with(text, NULL, out_h, out_c);
}

static char *wide_wit(void)
{
    size_t cap = 64 * 1024;
    char *s = malloc(cap);
    size_t n = (size_t)snprintf(s, cap, "package t:w;\ninterface i {\n  variant big {");
    for (int i = 0; i < 300; i++)
        n += (size_t)snprintf(s + n, cap - n, "%sc%d%s", i ? ", " : "", i, i % 2 ? "(u8)" : "");
    n += (size_t)snprintf(s + n, cap - n, "}\n  enum many {");
    for (int i = 0; i < 257; i++)
        n += (size_t)snprintf(s + n, cap - n, "%se%d", i ? ", " : "", i);
    n += (size_t)snprintf(s + n, cap - n, "}\n  flags f9 {");
    for (int i = 0; i < 9; i++)
        n += (size_t)snprintf(s + n, cap - n, "%sa%d", i ? ", " : "", i);
    n += (size_t)snprintf(s + n, cap - n, "}\n  flags f17 {");
    for (int i = 0; i < 17; i++)
        n += (size_t)snprintf(s + n, cap - n, "%sb%d", i ? ", " : "", i);
    snprintf(s + n, cap - n,
             "}\n  f: func(b: big, m: many, x: f9, y: f17) -> big;\n}\n"
             "world w { import i; export i; }\n");
    return s;
}

static void test_widths(void **state)
{
    (void)state;
    char *wit = wide_wit(), *h, *c;
    generate(wit, &h, &c);
    assert_non_null(strstr(h, "typedef struct t_w_i_big_t {\n  uint16_t tag;"));
    assert_non_null(strstr(h, "typedef uint16_t t_w_i_many_t;"));
    assert_non_null(strstr(h, "typedef uint16_t t_w_i_f9_t;"));
    assert_non_null(strstr(h, "typedef uint32_t t_w_i_f17_t;"));
    assert_non_null(strstr(h, "#define T_W_I_MANY_E256 256"));
    assert_non_null(strstr(h, "#define T_W_I_F17_B16 (1 << 16)"));
    /* the exported copy of the interface has its own names */
    assert_non_null(strstr(h, "typedef uint16_t exports_t_w_i_many_t;"));
    assert_non_null(strstr(h, "void exports_t_w_i_f(exports_t_w_i_big_t *b, "
                              "exports_t_w_i_many_t m, exports_t_w_i_f9_t x, "
                              "exports_t_w_i_f17_t y, exports_t_w_i_big_t *ret);"));
    /* determinism: the same input gives the same bytes */
    char *h2, *c2;
    generate(wit, &h2, &c2);
    assert_string_equal(h, h2);
    assert_string_equal(c, c2);
    free(h);
    free(c);
    free(h2);
    free(c2);
    free(wit);
}

/* --rename replaces the interface part of the prefix; exports keep exports_,
 * plain-named items get none (wit-bindgen's rules). */
static void test_rename(void **state)
{
    (void)state;
    static const char wit[] = "package a:b@1.0.0;\n"
                              "interface i { f: func(x: u32) -> u32; }\n"
                              "world w { import i; export i; export p: interface { g: func(); } }\n";
    static const BgRename renames[] = {{"a:b/i@1.0.0", "short"}, {"p", "plainer"}};
    BgOptions opts = {renames, 2};
    char *h, *c;
    generate_with(wit, &opts, &h, &c);
    assert_non_null(strstr(h, "extern uint32_t short_f(uint32_t x);"));
    assert_non_null(strstr(h, "uint32_t exports_short_f(uint32_t x);"));
    assert_non_null(strstr(h, "void plainer_g(void);"));
    assert_non_null(strstr(c, "__import_module__(\"a:b/i@1.0.0\"), __import_name__(\"f\")"));
    assert_non_null(strstr(c, "__export_name__(\"a:b/i@1.0.0#f\")"));
    free(h);
    free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_snake),
        cmocka_unit_test(test_widths),
        cmocka_unit_test(test_rename),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
