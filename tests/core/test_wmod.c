/* test_wmod.c - the core module decoder: structure of decoded modules, the
 * error code, offset, section and function of malformed ones, and encoding. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "wmod.h"

#include <string.h>

#define HDR "\0asm\1\0\0\0"

static Arena arena;

static int setup(void **state)
{
    (void)state;
    arena_init(&arena);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    arena_release(&arena);
    return 0;
}

static WModule *ok(const char *bytes, size_t n)
{
    WModule *m = NULL;
    CmError err;
    CmErr e = wmod_decode(&arena, (const uint8_t *)bytes, n, &m, &err);
    if (e)
        print_error("unexpected %s at 0x%llx\n", err_name(e), (unsigned long long)err.offset);
    assert_int_equal(e, CM_OK);
    /* Canonical input: encoding gives the same bytes. */
    Buf b;
    buf_init(&b);
    assert_int_equal(wmod_encode(m, &b), CM_OK);
    assert_int_equal(b.len, n);
    assert_memory_equal(b.data, bytes, n);
    buf_release(&b);
    return m;
}
#define OK(lit) ok(lit, sizeof(lit) - 1)

/* Expect code e at offset off in section sec (NULL: none), function func. */
static void bad(const char *bytes, size_t n, CmErr e, uint64_t off, const char *sec, int64_t func,
                int line)
{
    WModule *m = NULL;
    CmError err;
    CmErr got = wmod_decode(&arena, (const uint8_t *)bytes, n, &m, &err);
    if (got != e || err.offset != off)
        print_error("line %d: got %s at %llu, want %s at %llu\n", line, err_name(got),
                    (unsigned long long)err.offset, err_name(e), (unsigned long long)off);
    assert_int_equal(got, e);
    assert_int_equal(err.code, e);
    assert_int_equal(err.offset, off);
    if (sec)
        assert_string_equal(err.section, sec);
    else
        assert_null(err.section);
    assert_int_equal(err.func, func);
}
#define BAD(lit, e, off, sec, func) bad(lit, sizeof(lit) - 1, e, off, sec, func, __LINE__)

static void test_empty_and_preamble(void **state)
{
    (void)state;
    WModule *m = OK(HDR);
    assert_int_equal(m->ntypes, 0);
    BAD("", CM_E_UNEXPECTED_END, 0, NULL, -1);
    BAD("\0as", CM_E_UNEXPECTED_END, 3, NULL, -1);
    BAD("\0asX\1\0\0\0", CM_E_BAD_MAGIC, 0, NULL, -1);
    BAD("\0asm\2\0\0\0", CM_E_BAD_VERSION, 4, NULL, -1);
    BAD("\0asm\1\0\0", CM_E_UNEXPECTED_END, 7, NULL, -1);
    BAD(HDR "\x0d\x00", CM_E_BAD_SECTION_ID, 8, NULL, -1);
}

static void test_sections(void **state)
{
    (void)state;
    /* type (i32 i64) -> (f32 f64); import "m" "f" func 0; import table,
     * memory, global; function; table; memory 1..2; global; export; start. */
    WModule *m = OK(HDR
        "\x01\x08\x01\x60\x02\x7f\x7e\x02\x7d\x7c"
        "\x02\x1f\x04"
        "\x01m\x01" "f\x00\x00"
        "\x01m\x01t\x01\x70\x00\x01"
        "\x01m\x02me\x02\x01\x01\x02"
        "\x01m\x01g\x03\x7f\x01"
        "\x03\x02\x01\x00"
        "\x04\x04\x01\x6f\x00\x00"
        "\x05\x03\x01\x00\x01"
        "\x06\x06\x01\x7e\x00\x42\x2a\x0b"
        "\x07\x07\x01\x03run\x00\x01"
        "\x08\x01\x01"
        "\x0a\x04\x01\x02\x00\x0b");
    assert_int_equal(m->ntypes, 1);
    assert_int_equal(m->types[0].nparams, 2);
    assert_int_equal(m->types[0].nresults, 2);
    assert_int_equal(m->types[0].results[1], WT_F64);
    assert_int_equal(m->nimports, 4);
    assert_int_equal(m->nfunc_imports, 1);
    assert_int_equal(m->imports[2].kind, WEXT_MEMORY);
    assert_int_equal(m->imports[2].memory.max, 2);
    assert_string_equal(m->imports[2].field.str, "me");
    assert_int_equal(m->imports[3].global.mutable_, 1);
    assert_int_equal(m->nfuncs, 1);
    assert_int_equal(m->tables[0].elem_type, WT_EXTERNREF);
    assert_int_equal(m->globals[0].init.code.len, 3);
    assert_int_equal(m->globals[0].init.offset, 0x47);
    assert_string_equal(m->exports[0].name.str, "run");
    assert_int_equal(m->exports[0].index, 1);
    assert_true(m->has_start);
    assert_int_equal(m->start, 1);
    assert_int_equal(m->bodies[0].code.len, 1);
    assert_ptr_equal(wmod_func_type(m, 1), &m->types[0]);
    assert_ptr_equal(wmod_func_type(m, 0), &m->types[0]);
    assert_null(wmod_func_type(m, 2));
}

static void test_elem_and_data_forms(void **state)
{
    (void)state;
    WModule *m = OK(HDR
        "\x01\x04\x01\x60\x00\x00"
        "\x03\x02\x01\x00"
        "\x04\x04\x01\x70\x00\x01"
        "\x05\x03\x01\x00\x01"
        "\x09\x2e\x08"
        "\x00\x41\x00\x0b\x01\x00"            /* 0: active, funcs */
        "\x01\x00\x01\x00"                    /* 1: passive, elemkind */
        "\x02\x00\x41\x00\x0b\x00\x01\x00"    /* 2: table 0 */
        "\x03\x00\x00"                        /* 3: declarative */
        "\x04\x41\x00\x0b\x01\xd2\x00\x0b"    /* 4: exprs */
        "\x05\x70\x01\xd0\x70\x0b"            /* 5: passive exprs */
        "\x06\x00\x41\x00\x0b\x70\x00"        /* 6 */
        "\x07\x70\x00"                        /* 7 */
        "\x0c\x01\x03"
        "\x0a\x04\x01\x02\x00\x0b"
        "\x0b\x11\x03"
        "\x00\x41\x00\x0b\x01x"
        "\x01\x02hi"
        "\x02\x00\x41\x01\x0b\x00");
    assert_int_equal(m->nelems, 8);
    for (uint32_t i = 0; i < 8; i++)
        assert_int_equal(m->elems[i].form, i);
    assert_int_equal(m->elems[1].mode, WSEG_PASSIVE);
    assert_int_equal(m->elems[3].mode, WSEG_DECLARATIVE);
    assert_int_equal(m->elems[0].func_indices[0], 0);
    assert_int_equal(m->elems[4].exprs[0].code.len, 3);
    assert_int_equal(m->elems[5].elem_type, WT_FUNCREF);
    assert_true(m->has_data_count);
    assert_int_equal(m->ndatas, 3);
    assert_int_equal(m->datas[1].mode, WSEG_PASSIVE);
    assert_int_equal(m->datas[1].init.len, 2);
    assert_memory_equal(m->datas[1].init.data, "hi", 2);
    assert_int_equal(m->datas[2].form, 2);
}

static void test_customs_and_names(void **state)
{
    (void)state;
    /* custom "a" first, a type section, then a name section naming the
     * module "M", function 0 "main" and local 0 of function 0 "x". */
    WModule *m = OK(HDR
        "\x00\x03\x01\x61\x7a"
        "\x01\x04\x01\x60\x00\x00"
        "\x03\x02\x01\x00"
        "\x0a\x04\x01\x02\x00\x0b"
        "\x00\x1a\x04name"
        "\x00\x02\x01M"
        "\x01\x07\x01\x00\x04main"
        "\x02\x06\x01\x00\x01\x00\x01x");
    assert_int_equal(m->ncustoms, 2);
    assert_int_equal(m->customs[0].after, 0);
    assert_int_equal(m->customs[0].payload.len, 1);
    assert_int_equal(m->customs[1].after, WSEC_CODE);
    assert_non_null(m->names);
    assert_true(m->names->complete);
    assert_string_equal(m->names->module.str, "M");
    assert_string_equal(wmod_func_name(m, 0)->str, "main");
    assert_null(wmod_func_name(m, 1));
    assert_int_equal(m->names->nlocals, 1);
    assert_string_equal(m->names->locals[0].names[0].name.str, "x");
    /* A broken name section is not an error; what precedes the break stays. */
    m = OK(HDR "\x00\x0e\x04name" "\x00\x02\x01M" "\x01\x05\x01\x00\x09");
    assert_false(m->names->complete);
    assert_true(m->names->has_module);
    /* But a custom section's own name must be valid UTF-8. */
    BAD(HDR "\x00\x02\x01\xff", CM_E_BAD_UTF8, 10, "custom", -1);
}

static void test_section_errors(void **state)
{
    (void)state;
    /* Section size past the end of the file: at the size field. */
    BAD(HDR "\x01\x07\x02\x60\x00\x00", CM_E_LENGTH_OUT_OF_BOUNDS, 9, "type", -1);
    /* Contents shorter than the size. */
    BAD(HDR "\x01\x05\x01\x60\x00\x00\x00", CM_E_SECTION_SIZE, 14, "type", -1);
    /* Duplicate / out-of-order sections, at the second section's id. */
    BAD(HDR "\x03\x01\x00\x01\x01\x00", CM_E_JUNK_AFTER_LAST_SECTION, 11, "type", -1);
    BAD(HDR "\x01\x04\x01\x50\x00\x00", CM_E_MALFORMED_FUNCTYPE, 11, "type", -1);
    BAD(HDR "\x01\x04\x01\x60\x01\x50\x00", CM_E_MALFORMED_VALTYPE, 13, "type", -1);
    BAD(HDR "\x02\x05\x01\x00\x00\x04\x00", CM_E_MALFORMED_IMPORT_KIND, 13, "import", -1);
    BAD(HDR "\x02\x06\x01\x00\x00\x03\x7f\x02", CM_E_MALFORMED_MUTABILITY, 15, "import", -1);
    BAD(HDR "\x05\x03\x01\x02\x00", CM_E_LEB_TOO_LARGE, 11, "memory", -1);
    BAD(HDR "\x04\x04\x01\x7f\x00\x00", CM_E_MALFORMED_REFTYPE, 11, "table", -1);
    BAD(HDR "\x07\x04\x01\x00\x04\x00", CM_E_MALFORMED_EXPORT_KIND, 12, "export", -1);
    /* A count larger than the input runs off the end. */
    BAD(HDR "\x03\x05\xff\xff\xff\xff\x0f", CM_E_UNEXPECTED_END_SECTION, 15, "function", -1);
    BAD(HDR "\x0c\x01\x01", CM_E_DATA_COUNT_MISMATCH, 11, NULL, -1);
    BAD(HDR "\x0c\x01\x01\x0b\x01\x00", CM_E_DATA_COUNT_MISMATCH, 13, "data", -1);
    BAD(HDR "\x0b\x03\x01\x03\x00", CM_E_MALFORMED_DATA_SEGMENT, 11, "data", -1);
    BAD(HDR "\x09\x03\x01\x08\x00", CM_E_MALFORMED_ELEM_SEGMENT, 11, "element", -1);
    BAD(HDR "\x09\x04\x01\x01\x01\x00", CM_E_MALFORMED_ELEM_KIND, 12, "element", -1);
}

static void test_code_errors(void **state)
{
    (void)state;
#define T1F "\x01\x04\x01\x60\x00\x00\x03\x02\x01\x00"
    /* Function count 1, no code section: reported at the end of input. */
    BAD(HDR T1F, CM_E_FUNC_CODE_MISMATCH, 18, NULL, -1);
    BAD(HDR T1F "\x0a\x01\x00", CM_E_FUNC_CODE_MISMATCH, 20, "code", -1);
    /* An illegal opcode in function 0 (body at 21): offset of the opcode. */
    BAD(HDR T1F "\x0a\x05\x01\x03\x00\x06\x0b", CM_E_ILLEGAL_OPCODE, 23, "code", 0);
    /* With one imported function the body is function 1. */
    BAD(HDR "\x01\x04\x01\x60\x00\x00\x02\x05\x01\x00\x00\x00\x00\x03\x02\x01\x00"
            "\x0a\x06\x01\x04\x00\x40\x01\x0b", CM_E_ZERO_BYTE, 31, "code", 1);
    /* Body shorter than its size / end missing. */
    BAD(HDR T1F "\x0a\x05\x01\x03\x00\x0b\x01", CM_E_SECTION_SIZE, 24, "code", 0);
    BAD(HDR T1F "\x0a\x04\x01\x02\x00\x01", CM_E_UNEXPECTED_END_SECTION, 24, "code", 0);
    BAD(HDR T1F "\x0a\x05\x01\x03\x00\x05\x0b", CM_E_END_EXPECTED, 23, "code", 0);
    /* Locals: 2^32 in total is too many. */
    BAD(HDR T1F "\x0a\x0c\x01\x0a\x02\xff\xff\xff\xff\x0f\x7f\x01\x7f\x0b",
        CM_E_TOO_MANY_LOCALS, 29, "code", 0);
    /* data.drop without a data count section. */
    BAD(HDR T1F "\x0a\x07\x01\x05\x00\xfc\x09\x00\x0b\x0b\x03\x01\x01\x00",
        CM_E_DATA_COUNT_REQUIRED, 23, "code", 0);
    /* A memop alignment of 2^32 is malformed. */
    BAD(HDR T1F "\x0a\x0a\x01\x08\x00\x41\x00\x28\x20\x00\x1a\x0b", CM_E_MEMOP_FLAGS, 26, "code",
        0);
}

static void test_encode_edited(void **state)
{
    (void)state;
    WModule *m = OK(HDR "\x01\x04\x01\x60\x00\x00\x03\x02\x01\x00"
                        "\x07\x05\x01\x01" "f\x00\x00\x0a\x04\x01\x02\x00\x0b");
    /* Rename the export and add a custom section at the end. */
    m->exports[0].name = (WName){"go", 2};
    WCustom c = {.name = {"note", 4}, .payload = {(const uint8_t *)"hi", 2}, .after = WSEC_CODE};
    m->customs = &c;
    m->ncustoms = 1;
    Buf b;
    buf_init(&b);
    assert_int_equal(wmod_encode(m, &b), CM_OK);
    static const char want[] = HDR "\x01\x04\x01\x60\x00\x00\x03\x02\x01\x00"
                                   "\x07\x06\x01\x02go\x00\x00\x0a\x04\x01\x02\x00\x0b"
                                   "\x00\x07\x04notehi";
    assert_int_equal(b.len, sizeof want - 1);
    assert_memory_equal(b.data, want, sizeof want - 1);
    buf_release(&b);
}

/* Every allocation failure is reported as CM_E_OOM (no crash, no leak under
 * ASan): decode a module with every section under growing arena limits. */
static void test_out_of_memory(void **state)
{
    (void)state;
    static const char mod[] = HDR
        "\x00\x03\x01\x61\x7a"
        "\x01\x04\x01\x60\x00\x00"
        "\x02\x08\x01\x01m\x01g\x03\x7f\x00"
        "\x03\x02\x01\x00"
        "\x04\x04\x01\x70\x00\x01"
        "\x05\x03\x01\x00\x01"
        "\x06\x06\x01\x7f\x00\x41\x00\x0b"
        "\x07\x05\x01\x01" "f\x00\x00"
        "\x09\x0a\x02\x00\x41\x00\x0b\x01\x00\x05\x70\x00"
        "\x0c\x01\x01"
        "\x0a\x06\x01\x04\x01\x01\x7f\x0b"
        "\x0b\x04\x01\x01\x01x"
        "\x00\x1a\x04name"
        "\x00\x02\x01M"
        "\x01\x07\x01\x00\x04main"
        "\x02\x06\x01\x00\x01\x00\x01x";
    int failures = 0;
    for (size_t limit = 1;; limit += 8) {
        Arena a;
        arena_init(&a);
        a.limit = limit;
        WModule *m;
        CmError err;
        CmErr e = wmod_decode(&a, (const uint8_t *)mod, sizeof mod - 1, &m, &err);
        arena_release(&a);
        if (e == CM_OK)
            break;
        if (e != CM_E_OOM)
            print_error("limit %zu: %s at %llu\n", limit, err_name(e), (unsigned long long)err.offset);
        assert_int_equal(e, CM_E_OOM);
        assert_int_equal(err.code, CM_E_OOM);
        failures++;
    }
    assert_true(failures > 10);
    WModule *m = ok(mod, sizeof mod - 1); /* and it is a canonical module */
    assert_int_equal(m->nelems, 2);
    assert_string_equal(wmod_func_name(m, 0)->str, "main");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_empty_and_preamble, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sections, setup, teardown),
        cmocka_unit_test_setup_teardown(test_elem_and_data_forms, setup, teardown),
        cmocka_unit_test_setup_teardown(test_customs_and_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_section_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_code_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_encode_edited, setup, teardown),
        cmocka_unit_test_setup_teardown(test_out_of_memory, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
