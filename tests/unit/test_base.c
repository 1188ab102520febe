/* Unit tests of the base utilities: LEB128 readers and writers (with the
 * core spec's malformed cases), UTF-8, arena and buffer. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "arena.h"
#include "buf.h"
#include "err.h"
#include "reader.h"
#include "utf8.h"
#include "vec.h"

static CmErr uleb32(const uint8_t *b, size_t n, uint32_t *v, size_t *used)
{
    const uint8_t *p = b;
    CmErr e = rd_uleb32(&p, b + n, v);
    *used = (size_t)(p - b);
    return e;
}

static void test_uleb32(void **state)
{
    (void)state;
    uint32_t v;
    size_t used;
    assert_int_equal(uleb32((const uint8_t[]){0x00}, 1, &v, &used), CM_OK);
    assert_int_equal(v, 0);
    assert_int_equal(uleb32((const uint8_t[]){0xe5, 0x8e, 0x26}, 3, &v, &used), CM_OK);
    assert_int_equal(v, 624485);
    assert_int_equal(used, 3);
    /* Padded zero is fine while within 5 bytes. */
    assert_int_equal(uleb32((const uint8_t[]){0x80, 0x80, 0x80, 0x80, 0x00}, 5, &v, &used), CM_OK);
    assert_int_equal(v, 0);
    assert_int_equal(uleb32((const uint8_t[]){0xff, 0xff, 0xff, 0xff, 0x0f}, 5, &v, &used), CM_OK);
    assert_int_equal(v, UINT32_MAX);
    /* Spec malformed cases: unused bits set, or a sixth byte. */
    assert_int_equal(uleb32((const uint8_t[]){0xff, 0xff, 0xff, 0xff, 0x1f}, 5, &v, &used),
                     CM_E_LEB_TOO_LARGE);
    assert_int_equal(uleb32((const uint8_t[]){0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, 6, &v, &used),
                     CM_E_LEB_TOO_LONG);
    assert_int_equal(uleb32((const uint8_t[]){0x80, 0x80}, 2, &v, &used), CM_E_UNEXPECTED_END);
}

static void test_sleb(void **state)
{
    (void)state;
    const uint8_t *p;
    int32_t v32;
    int64_t v64;
    const uint8_t m1[] = {0x7f};
    p = m1;
    assert_int_equal(rd_sleb32(&p, m1 + 1, &v32), CM_OK);
    assert_int_equal(v32, -1);
    const uint8_t min32[] = {0x80, 0x80, 0x80, 0x80, 0x78};
    p = min32;
    assert_int_equal(rd_sleb32(&p, min32 + 5, &v32), CM_OK);
    assert_int_equal(v32, INT32_MIN);
    const uint8_t bad32[] = {0x80, 0x80, 0x80, 0x80, 0x70}; /* sign bits disagree */
    p = bad32;
    assert_int_equal(rd_sleb32(&p, bad32 + 5, &v32), CM_E_LEB_TOO_LARGE);
    const uint8_t max64[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00};
    p = max64;
    assert_int_equal(rd_sleb64(&p, max64 + 10, &v64), CM_OK);
    assert_true(v64 == INT64_MAX);
    const uint8_t bad64[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01};
    p = bad64;
    assert_int_equal(rd_sleb64(&p, bad64 + 10, &v64), CM_E_LEB_TOO_LARGE);
    const uint8_t bt[] = {0x40}; /* empty block type as s33 */
    p = bt;
    assert_int_equal(rd_sleb33(&p, bt + 1, &v64), CM_OK);
    assert_true(v64 == -64);
}

static void test_leb_roundtrip(void **state)
{
    (void)state;
    const int64_t vals[] = {0, 1, -1, 63, 64, -64, -65, 127, 128, INT32_MAX, INT32_MIN,
                            INT64_MAX, INT64_MIN, 624485, -123456};
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        Buf b;
        buf_init(&b);
        buf_sleb(&b, vals[i]);
        buf_uleb(&b, (uint64_t)vals[i]);
        const uint8_t *p = b.data, *end = b.data + b.len;
        int64_t s;
        uint64_t u;
        assert_int_equal(rd_sleb64(&p, end, &s), CM_OK);
        assert_true(s == vals[i]);
        assert_int_equal(rd_uleb64(&p, end, &u), CM_OK);
        assert_true(u == (uint64_t)vals[i]);
        assert_ptr_equal(p, end);
        assert_int_equal(buf_uleb_size((uint64_t)vals[i]) + (size_t)(p - b.data) - b.len,
                         buf_uleb_size((uint64_t)vals[i]));
        buf_release(&b);
    }
}

static void test_name_and_count(void **state)
{
    (void)state;
    const uint8_t ok[] = {3, 'a', 'b', 'c'};
    const uint8_t *p = ok;
    const char *s;
    uint32_t len;
    assert_int_equal(rd_name(&p, ok + 4, &s, &len), CM_OK);
    assert_int_equal(len, 3);
    assert_memory_equal(s, "abc", 3);
    const uint8_t bad[] = {2, 0xc0, 0x80}; /* overlong NUL */
    p = bad;
    assert_int_equal(rd_name(&p, bad + 3, &s, &len), CM_E_BAD_UTF8);
    assert_ptr_equal(p, bad);
    const uint8_t toolong[] = {9, 'a'};
    p = toolong;
    assert_int_equal(rd_name(&p, toolong + 2, &s, &len), CM_E_LENGTH_OUT_OF_BOUNDS);
    const uint8_t cnt[] = {0xff, 0xff, 0x03, 1, 2};
    uint32_t n;
    p = cnt;
    assert_int_equal(rd_count(&p, cnt + 5, 1, &n), CM_E_LENGTH_OUT_OF_BOUNDS);
}

static void test_utf8(void **state)
{
    (void)state;
    assert_true(utf8_valid("h\xc3\xa9llo \xf0\x9f\x98\x80", 11));
    assert_false(utf8_valid("\xed\xa0\x80", 3)); /* surrogate */
    assert_false(utf8_valid("\xf4\x90\x80\x80", 4)); /* > U+10FFFF */
    assert_false(utf8_valid("\xe2\x82", 2)); /* truncated */
    char out[4];
    uint32_t c;
    assert_int_equal(utf8_encode(0x1f600, out), 4);
    assert_int_equal(utf8_decode(out, 4, &c), 4);
    assert_int_equal(c, 0x1f600);
    assert_int_equal(utf8_encode(0xd800, out), 0);
}

static void test_arena_and_vec(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a);
    for (int i = 0; i < 10000; i++) {
        int *p = ARENA_NEW(&a, int);
        assert_non_null(p);
        assert_int_equal(*p, 0);
        assert_int_equal((uintptr_t)p % 16, 0);
    }
    char *s = arena_strdup(&a, "kebab-case");
    assert_string_equal(s, "kebab-case");
    assert_null(arena_array(&a, SIZE_MAX / 2, 4));
    arena_release(&a);
    a.limit = 64;
    assert_non_null(arena_alloc(&a, 32));
    assert_null(arena_alloc(&a, 64));
    arena_release(&a);

    VEC(int) v = {0};
    for (int i = 0; i < 1000; i++)
        assert_true(VEC_PUSH(&v, i));
    assert_int_equal(v.len, 1000);
    assert_int_equal(v.data[999], 999);
    VEC_FREE(&v);
}

static void test_err_format(void **state)
{
    (void)state;
    CmError e;
    err_clear(&e);
    err_set(&e, CM_E_UNEXPECTED_END, 0x1a3, NULL);
    e.section = "type";
    char line[256];
    err_format(&e, "x.wasm", line, sizeof line);
    assert_string_equal(line, "x.wasm: offset 0x1a3 (section 'type'): error: unexpected end");
    err_set(&e, CM_E_BAD_UTF8, CM_NO_OFFSET, "in '%s'", "nm");
    err_format(&e, "y.wasm", line, sizeof line);
    assert_string_equal(line, "y.wasm: error: malformed UTF-8 encoding: in 'nm'");
    assert_string_equal(err_name(CM_E_BAD_MAGIC), "BAD_MAGIC");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_uleb32),         cmocka_unit_test(test_sleb),
        cmocka_unit_test(test_leb_roundtrip),  cmocka_unit_test(test_name_and_count),
        cmocka_unit_test(test_utf8),           cmocka_unit_test(test_arena_and_vec),
        cmocka_unit_test(test_err_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
