/* test_wcomp.c - decoder errors (exact codes, offsets, section names) and
 * encoder round trips on hand-made component binaries (Binary.md). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "wcomp.h"

#include <string.h>

static const uint8_t HDR[8] = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};

/* header + one section (id, size, body) */
static size_t one_section(uint8_t *out, uint8_t id, const uint8_t *body, size_t n)
{
    memcpy(out, HDR, 8);
    out[8] = id;
    out[9] = (uint8_t)n; /* bodies here are < 128 bytes */
    memcpy(out + 10, body, n);
    return 10 + n;
}

static CmError decode(const uint8_t *data, size_t len)
{
    Arena a;
    WcComponent *c;
    CmError err;
    arena_init(&a);
    CmErr e = wcomp_decode(&a, data, len, &c, &err);
    assert_int_equal(e, err.code);
    if (!e) {
        /* Anything that decodes re-encodes to the same bytes. */
        Buf b;
        buf_init(&b);
        wcomp_encode(c, &b);
        assert_int_equal(b.len, len);
        assert_memory_equal(b.data, data, len);
        buf_release(&b);
    }
    arena_release(&a);
    return err;
}

/* Decode header + section(id, body) and expect code at offset in section. */
static void expect_section(int line, uint8_t id, const uint8_t *body, size_t n, CmErr code,
                           uint64_t off, const char *section)
{
    uint8_t buf[256];
    size_t len = one_section(buf, id, body, n);
    CmError err = decode(buf, len);
    if (err.code != code)
        fail_msg("line %d: expected %s, got %s (%s)", line, err_name(code), err_name(err.code),
                 err.detail);
    if (code == CM_OK)
        return;
    if (err.offset != off)
        fail_msg("line %d: offset %llu, expected %llu", line, (unsigned long long)err.offset,
                 (unsigned long long)off);
    if (section)
        assert_string_equal(err.section, section);
}

#define EXPECT(id, code, off, sec, ...)                                                            \
    do {                                                                                           \
        static const uint8_t body_[] = {__VA_ARGS__};                                              \
        expect_section(__LINE__, id, body_, sizeof body_, code, off, sec);                                   \
    } while (0)

static void test_preamble(void **state)
{
    (void)state;
    uint8_t b[8];
    memcpy(b, HDR, 8);
    assert_int_equal(decode(b, 8).code, CM_OK);
    b[3] = 0x6e;
    CmError e = decode(b, 8);
    assert_int_equal(e.code, CM_E_BAD_MAGIC);
    assert_int_equal(e.offset, 0);
    memcpy(b, "\0asm\x01\0\0\0", 8); /* a core module */
    e = decode(b, 8);
    assert_int_equal(e.code, CM_E_COMP_NOT_COMPONENT);
    assert_int_equal(e.offset, 6);
    memcpy(b, HDR, 8);
    b[4] = 0x0c;
    e = decode(b, 8);
    assert_int_equal(e.code, CM_E_BAD_VERSION);
    assert_int_equal(e.offset, 4);
    assert_int_equal(decode(b, 5).code, CM_E_UNEXPECTED_END);
    assert_true(wcomp_is_component(HDR, 8));
}

static void test_sections(void **state)
{
    (void)state;
    EXPECT(9, CM_E_COMP_FEATURE, 8, "start", 0x00, 0x00, 0x00);
    EXPECT(12, CM_E_COMP_FEATURE, 8, "value", 0x00);
    EXPECT(13, CM_E_BAD_SECTION_ID, 8, NULL, 0x00);
    /* type section of one bool with a byte left over */
    EXPECT(7, CM_E_SECTION_SIZE, 12, "type", 0x01, 0x7f, 0x00);
    /* a section size past the end of the input */
    uint8_t b[12];
    memcpy(b, HDR, 8);
    b[8] = 7, b[9] = 5, b[10] = 1, b[11] = 0x7f;
    CmError e = decode(b, 12);
    assert_int_equal(e.code, CM_E_LENGTH_OUT_OF_BOUNDS);
    assert_int_equal(e.offset, 8);
    /* vector count larger than the section */
    EXPECT(7, CM_E_LENGTH_OUT_OF_BOUNDS, 10, "type", 0x05, 0x7f);
    /* custom section: name, then anything */
    EXPECT(0, CM_OK, 0, NULL, 0x02, 'h', 'i', 0xff, 0x00);
    /* custom section name that is not UTF-8 */
    EXPECT(0, CM_E_BAD_UTF8, 10, "custom", 0x01, 0xff);
    /* a nested core module must have a core header */
    EXPECT(1, CM_E_BAD_MAGIC, 10, "core module", 0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00);
    EXPECT(1, CM_OK, 0, NULL, 0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00);
    /* nested component with a bad section inside: offsets are absolute */
    EXPECT(4, CM_E_COMP_FEATURE, 18, "start", 0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00, 0x09,
           0x00);
}

static void test_types(void **state)
{
    (void)state;
    EXPECT(7, CM_E_COMP_FEATURE, 11, "type", 0x01, 0x66, 0x00);       /* stream */
    EXPECT(7, CM_E_COMP_FEATURE, 11, "type", 0x01, 0x65, 0x00);       /* future */
    EXPECT(7, CM_E_COMP_FEATURE, 11, "type", 0x01, 0x64);             /* error-context */
    EXPECT(7, CM_E_COMP_FEATURE, 11, "type", 0x01, 0x67, 0x7d, 0x04); /* list<u8, 4> */
    EXPECT(7, CM_E_COMP_FEATURE, 11, "type", 0x01, 0x63, 0x73, 0x7d); /* map */
    EXPECT(7, CM_E_COMP_FEATURE, 11, "type", 0x01, 0x43, 0x00, 0x01, 0x00); /* async func */
    EXPECT(7, CM_E_COMP_FEATURE, 12, "type", 0x01, 0x70, 0x64);       /* list<error-context> */
    EXPECT(7, CM_E_COMP_BAD_TYPE, 11, "type", 0x01, 0x6c, 0x00);      /* union */
    EXPECT(7, CM_E_COMP_BAD_TYPE, 11, "type", 0x01, 0x10);
    EXPECT(7, CM_E_COMP_BAD_RESOURCE_REP, 12, "type", 0x01, 0x3f, 0x7e, 0x00);
    EXPECT(7, CM_OK, 0, NULL, 0x01, 0x3f, 0x7f, 0x01, 0x05);          /* resource with dtor */
    EXPECT(7, CM_E_COMP_BAD_OPTIONAL, 12, "type", 0x01, 0x6a, 0x02);  /* result marker */
    /* func(a: u32) with named results */
    EXPECT(7, CM_E_COMP_BAD_TYPE, 17, "type", 0x01, 0x40, 0x01, 0x01, 0x61, 0x79, 0x01, 0x01);
    EXPECT(7, CM_OK, 0, NULL, 0x01, 0x40, 0x01, 0x01, 0x61, 0x79, 0x01, 0x00);
    /* variant case with "refines" */
    EXPECT(7, CM_E_COMP_BAD_TYPE, 16, "type", 0x01, 0x71, 0x01, 0x01, 0x61, 0x00, 0x01, 0x00);
    /* value type index as a 2-byte s33 (index 69) round-trips */
    EXPECT(7, CM_OK, 0, NULL, 0x01, 0x70, 0xc5, 0x00);
    /* core types: GC rec groups are not 0.2 */
    EXPECT(3, CM_E_COMP_FEATURE, 11, "core type", 0x01, 0x4e, 0x00);
    EXPECT(3, CM_OK, 0, NULL, 0x01, 0x60, 0x02, 0x7f, 0x7e, 0x01, 0x7d);
    /* module type: import env.f (func 0), export "m" (memory 1 2) */
    EXPECT(3, CM_OK, 0, NULL, 0x01, 0x50, 0x03, 0x01, 0x60, 0x00, 0x00, 0x00, 0x03, 'e', 'n', 'v',
           0x01, 'f', 0x00, 0x00, 0x03, 0x01, 'm', 0x02, 0x01, 0x01, 0x02);
    /* module type nested in a module type */
    EXPECT(3, CM_E_COMP_BAD_CORE_TYPE, 14, "core type", 0x01, 0x50, 0x01, 0x01, 0x50, 0x00);
}

static void test_canon(void **state)
{
    (void)state;
    /* lift core func 0, opts [async], type 0 */
    EXPECT(8, CM_E_COMP_FEATURE, 15, "canon", 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x00);
    EXPECT(8, CM_E_COMP_FEATURE, 15, "canon", 0x01, 0x00, 0x00, 0x00, 0x01, 0x07, 0x00, 0x00);
    /* memory twice */
    EXPECT(8, CM_E_COMP_CANONOPT_CONFLICT, 17, "canon", 0x01, 0x00, 0x00, 0x00, 0x02, 0x03, 0x00,
           0x03, 0x00, 0x00);
    /* utf8 then utf16 */
    EXPECT(8, CM_E_COMP_CANONOPT_CONFLICT, 16, "canon", 0x01, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01,
           0x00);
    /* post-return on lower */
    EXPECT(8, CM_E_COMP_CANONOPT_CONFLICT, 15, "canon", 0x01, 0x01, 0x00, 0x00, 0x01, 0x05, 0x00);
    /* realloc, memory, utf16, post-return on lift, in an unusual order, round-trip */
    EXPECT(8, CM_OK, 0, NULL, 0x01, 0x00, 0x00, 0x00, 0x04, 0x04, 0x02, 0x03, 0x00, 0x01, 0x05,
           0x03, 0x00);
    EXPECT(8, CM_OK, 0, NULL, 0x01, 0x01, 0x00, 0x00, 0x02, 0x02, 0x03, 0x00); /* lower latin1+utf16 */
    EXPECT(8, CM_E_COMP_BAD_CANONOPT, 15, "canon", 0x01, 0x00, 0x00, 0x00, 0x01, 0x09, 0x00);
    EXPECT(8, CM_E_COMP_BAD_CANON, 12, "canon", 0x01, 0x00, 0x01, 0x00, 0x00, 0x00);
    EXPECT(8, CM_OK, 0, NULL, 0x03, 0x02, 0x00, 0x03, 0x00, 0x04, 0x00); /* resource.new/drop/rep */
    EXPECT(8, CM_E_COMP_FEATURE, 11, "canon", 0x01, 0x05);              /* task.cancel */
    EXPECT(8, CM_E_COMP_FEATURE, 11, "canon", 0x01, 0x07, 0x00);        /* resource.drop async */
    EXPECT(8, CM_E_COMP_FEATURE, 11, "canon", 0x01, 0x1c, 0x00);        /* error-context.new */
    EXPECT(8, CM_E_COMP_FEATURE, 11, "canon", 0x01, 0x0c, 0x00);        /* thread.yield */
    EXPECT(8, CM_E_COMP_FEATURE, 11, "canon", 0x01, 0x40, 0x00);        /* thread.spawn-ref */
    EXPECT(8, CM_E_COMP_BAD_CANON, 11, "canon", 0x01, 0x99);
}

static void test_names(void **state)
{
    (void)state;
    /* import "f" (func (type 0)) with name kinds 0x00 and legacy 0x01 */
    EXPECT(10, CM_OK, 0, NULL, 0x02, 0x00, 0x01, 'f', 0x01, 0x00, 0x01, 0x01, 'g', 0x01, 0x00);
    EXPECT(10, CM_E_COMP_FEATURE, 11, "import", 0x01, 0x02, 0x01, 'f', 0x00, 0x01, 0x00);
    EXPECT(10, CM_E_COMP_BAD_NAME, 11, "import", 0x01, 0x03, 0x01, 'f', 0x01, 0x00);
    EXPECT(10, CM_E_COMP_FEATURE, 14, "import", 0x01, 0x00, 0x01, 'v', 0x02, 0x7f); /* value */
    EXPECT(10, CM_E_COMP_BAD_EXTERNDESC, 15, "import", 0x01, 0x00, 0x01, 'm', 0x00, 0x10, 0x00);
    EXPECT(10, CM_OK, 0, NULL, 0x01, 0x00, 0x01, 'r', 0x03, 0x01);       /* (sub resource) */
    EXPECT(10, CM_E_COMP_BAD_EXTERNDESC, 15, "import", 0x01, 0x00, 0x01, 'r', 0x03, 0x02);
    /* export "f" (func 0) with and without an ascribed type */
    EXPECT(11, CM_OK, 0, NULL, 0x02, 0x00, 0x01, 'f', 0x01, 0x00, 0x00, 0x01, 0x01, 'g', 0x01,
           0x00, 0x01, 0x01, 0x00);
    EXPECT(11, CM_E_COMP_FEATURE, 14, "export", 0x01, 0x00, 0x01, 'v', 0x02, 0x00, 0x00);
    EXPECT(11, CM_E_COMP_BAD_SORT, 14, "export", 0x01, 0x00, 0x01, 'v', 0x06, 0x00, 0x00);
    EXPECT(11, CM_E_COMP_BAD_SORT, 15, "export", 0x01, 0x00, 0x01, 'v', 0x00, 0x05, 0x00, 0x00);
    /* name that is not UTF-8 */
    EXPECT(10, CM_E_BAD_UTF8, 12, "import", 0x01, 0x00, 0x01, 0xc0, 0x01, 0x00);
}

static void test_instances_aliases(void **state)
{
    (void)state;
    /* core instance: instantiate module 0 with ("env" instance 1); inline exports */
    EXPECT(2, CM_OK, 0, NULL, 0x02, 0x00, 0x00, 0x01, 0x03, 'e', 'n', 'v', 0x12, 0x01, 0x01, 0x01,
           0x01, 'f', 0x00, 0x00);
    EXPECT(2, CM_E_COMP_BAD_INSTANCE, 18, "core instance", 0x01, 0x00, 0x00, 0x01, 0x03, 'e', 'n',
           'v', 0x00, 0x01);
    EXPECT(2, CM_E_COMP_BAD_INSTANCE, 11, "core instance", 0x01, 0x02);
    /* instance: instantiate component 0 with ("a" func 1); inline export of a type */
    EXPECT(5, CM_OK, 0, NULL, 0x02, 0x00, 0x00, 0x01, 0x01, 'a', 0x01, 0x01, 0x01, 0x01, 0x00, 0x01,
           't', 0x03, 0x00);
    /* alias: export, core export, outer */
    EXPECT(6, CM_OK, 0, NULL, 0x03, 0x01, 0x00, 0x00, 0x01, 'f', 0x00, 0x00, 0x01, 0x02, 0x01, 'g',
           0x03, 0x02, 0x01, 0x00);
    EXPECT(6, CM_E_COMP_BAD_ALIAS, 12, "alias", 0x01, 0x01, 0x03, 0x00);
    /* instance type with a core type, a type, an outer alias and an export */
    EXPECT(7, CM_OK, 0, NULL, 0x01, 0x42, 0x04, 0x00, 0x60, 0x00, 0x00, 0x01, 0x7f, 0x02, 0x03,
           0x02, 0x01, 0x00, 0x04, 0x00, 0x01, 'x', 0x03, 0x00, 0x00);
    /* an import declarator is not allowed in an instance type */
    EXPECT(7, CM_E_COMP_BAD_DECL, 13, "type", 0x01, 0x42, 0x01, 0x03, 0x00, 0x01, 'x', 0x01, 0x00);
    /* ... but is in a component type */
    EXPECT(7, CM_OK, 0, NULL, 0x01, 0x41, 0x01, 0x03, 0x00, 0x01, 'x', 0x03, 0x01);
}

static void test_truncation(void **state)
{
    (void)state;
    /* Every strict prefix of a valid component body fails cleanly. */
    static const uint8_t body[] = {0x01, 0x40, 0x02, 0x01, 0x61, 0x79, 0x01, 0x62, 0x73, 0x00, 0x73};
    uint8_t buf[64];
    size_t len = one_section(buf, 7, body, sizeof body);
    assert_int_equal(decode(buf, len).code, CM_OK);
    for (size_t cut = 9; cut < len; cut++) {
        CmError e = decode(buf, cut);
        assert_true(e.code == CM_E_UNEXPECTED_END || e.code == CM_E_LENGTH_OUT_OF_BOUNDS);
    }
}

static void test_depth(void **state)
{
    (void)state;
    /* Components nested 70 deep: more than WC_MAX_DEPTH. */
    Buf in, out;
    buf_init(&in);
    buf_put(&in, HDR, 8);
    for (int i = 0; i < 70; i++) {
        buf_init(&out);
        buf_put(&out, HDR, 8);
        buf_byte(&out, WC_SEC_COMPONENT);
        buf_uleb(&out, in.len);
        buf_put(&out, in.data, in.len);
        buf_release(&in);
        in = out;
    }
    CmError e = decode(in.data, in.len);
    assert_int_equal(e.code, CM_E_COMP_TOO_DEEP);
    buf_release(&in);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_preamble),   cmocka_unit_test(test_sections),
        cmocka_unit_test(test_types),      cmocka_unit_test(test_canon),
        cmocka_unit_test(test_names),      cmocka_unit_test(test_instances_aliases),
        cmocka_unit_test(test_truncation), cmocka_unit_test(test_depth),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
