/* test_winstr.c - the instruction reader/writer on every immediate kind,
 * its malformed-input errors and their positions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "winstr.h"

#include <string.h>

/* Decode the instruction in bytes[0..n) which must be consumed exactly. */
static WInstr dec(const char *bytes, size_t n)
{
    const uint8_t *p = (const uint8_t *)bytes, *end = p + n;
    WInstr in;
    assert_int_equal(winstr_next(&p, end, &in), CM_OK);
    assert_ptr_equal(p, end);
    assert_ptr_equal(in.start, (const uint8_t *)bytes);
    /* The writer gives the same (canonical) bytes back. */
    Buf b;
    buf_init(&b);
    winstr_write(&b, &in);
    assert_int_equal(b.len, n);
    assert_memory_equal(b.data, bytes, n);
    buf_release(&b);
    return in;
}
#define DEC(lit) dec(lit, sizeof(lit) - 1)

/* Expect error e with *p left at byte offset `at`. */
static void err_at(const char *bytes, size_t n, CmErr e, size_t at)
{
    const uint8_t *p = (const uint8_t *)bytes, *end = p + n;
    WInstr in;
    assert_int_equal(winstr_next(&p, end, &in), e);
    assert_int_equal((size_t)(p - (const uint8_t *)bytes), at);
}
#define ERR(lit, e, at) err_at(lit, sizeof(lit) - 1, e, at)

static void test_table(void **state)
{
    (void)state;
    assert_int_equal(WOP__COUNT, 437);
    assert_string_equal(winstr_ops[WOP_I32_LOAD].name, "i32.load");
    assert_int_equal(winstr_ops[WOP_I32_LOAD].mem, 4);
    assert_int_equal(winstr_ops[WOP_I32_ADD].fixed, 1);
    assert_int_equal(winstr_ops[WOP_I32_ADD].nparams, 2);
    assert_int_equal(winstr_ops[WOP_I32_ADD].params[1], WT_I32);
    assert_int_equal(winstr_ops[WOP_I32_ADD].result, WT_I32);
    assert_int_equal(winstr_ops[WOP_I64_STORE32].result, WT_NO);
    assert_int_equal(winstr_ops[WOP_V128_BITSELECT].nparams, 3);
    assert_int_equal(winstr_ops[WOP_CALL].fixed, 0);
    assert_int_equal(winstr_lookup(0, 0x6A), WOP_I32_ADD);
    assert_int_equal(winstr_lookup(0xFC, 17), WOP_TABLE_FILL);
    assert_int_equal(winstr_lookup(0xFD, 255), WOP_F64X2_CONVERT_LOW_I32X4_U);
    assert_int_equal(winstr_lookup(0xFD, 154), WOP__COUNT); /* a gap */
    assert_int_equal(winstr_lookup(0, 0x06), WOP__COUNT);
    /* Every row's encoding maps back to it. */
    for (unsigned i = 0; i < WOP__COUNT; i++)
        assert_int_equal(winstr_lookup(winstr_ops[i].prefix, winstr_ops[i].code), i);
}

static void test_simple_and_control(void **state)
{
    (void)state;
    assert_int_equal(DEC("\x6a").op, WOP_I32_ADD);
    WInstr in = DEC("\x02\x40");
    assert_int_equal(in.op, WOP_BLOCK);
    assert_int_equal(in.bt_type, WT_EMPTY);
    in = DEC("\x03\x7f");
    assert_int_equal(in.bt_type, WT_I32);
    in = DEC("\x04\x85\x01"); /* if with type index 133 (s33) */
    assert_int_equal(in.bt_type, 0);
    assert_int_equal(in.bt_index, 133);
    in = DEC("\x0c\x03");
    assert_int_equal(in.op, WOP_BR);
    assert_int_equal(in.idx, 3);
    in = DEC("\x10\xe5\x8e\x26");
    assert_int_equal(in.op, WOP_CALL);
    assert_int_equal(in.idx, 624485);
    in = DEC("\x11\x02\x01");
    assert_int_equal(in.op, WOP_CALL_INDIRECT);
    assert_int_equal(in.idx, 2);
    assert_int_equal(in.idx2, 1);
    assert_int_equal(DEC("\x20\x07").idx, 7);
    assert_int_equal(DEC("\x23\x01").op, WOP_GLOBAL_GET);
    assert_int_equal(DEC("\x25\x02").idx, 2);
}

static void test_br_table(void **state)
{
    (void)state;
    WInstr in = DEC("\x0e\x03\x00\x81\x01\x02\x05");
    assert_int_equal(in.count, 3);
    assert_int_equal(in.idx, 5);
    uint32_t t[3];
    winstr_br_table_targets(&in, t);
    assert_int_equal(t[0], 0);
    assert_int_equal(t[1], 129);
    assert_int_equal(t[2], 2);
    Buf b;
    buf_init(&b);
    winstr_write_br_table(&b, t, 3, 5);
    assert_memory_equal(b.data, "\x0e\x03\x00\x81\x01\x02\x05", 7);
    buf_release(&b);
    ERR("\x0e\x05\x00\x01", CM_E_UNEXPECTED_END, 4);
}

static void test_memory(void **state)
{
    (void)state;
    WInstr in = DEC("\x28\x02\x80\x01");
    assert_int_equal(in.op, WOP_I32_LOAD);
    assert_int_equal(in.align, 2);
    assert_int_equal(in.offset, 128);
    assert_int_equal(DEC("\x3f\x00").op, WOP_MEMORY_SIZE);
    in = DEC("\xfc\x08\x03\x00");
    assert_int_equal(in.op, WOP_MEMORY_INIT);
    assert_int_equal(in.idx, 3);
    assert_int_equal(DEC("\xfc\x09\x01").op, WOP_DATA_DROP);
    assert_int_equal(DEC("\xfc\x0a\x00\x00").op, WOP_MEMORY_COPY);
    assert_int_equal(DEC("\xfc\x0b\x00").op, WOP_MEMORY_FILL);
    ERR("\x40\x01", CM_E_ZERO_BYTE, 1);
    ERR("\xfc\x0a\x00\x01", CM_E_ZERO_BYTE, 3);
    ERR("\x28\x20\x00", CM_E_MEMOP_FLAGS, 1);
    ERR("\x28\x40\x00", CM_E_MEMOP_FLAGS, 1);
    in = DEC("\xfd\x54\x00\x04\x0f"); /* v128.load8_lane align 0 offset 4 lane 15 */
    assert_int_equal(in.op, WOP_V128_LOAD8_LANE);
    assert_int_equal(in.offset, 4);
    assert_int_equal(in.lane, 15);
}

static void test_constants(void **state)
{
    (void)state;
    assert_int_equal(DEC("\x41\x7f").i64, -1);
    assert_int_equal(DEC("\x41\x80\x80\x80\x80\x78").i64, INT32_MIN);
    assert_int_equal(DEC("\x42\x80\x80\x80\x80\x80\x80\x80\x80\x80\x7f").i64, INT64_MIN);
    assert_int_equal(DEC("\x43\x00\x00\x80\x3f").bits, 0x3f800000u);
    assert_int_equal(DEC("\x44\x00\x00\x00\x00\x00\x00\xf0\x3f").bits, 0x3ff0000000000000ull);
    WInstr in = DEC("\xfd\x0c\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10");
    assert_int_equal(in.op, WOP_V128_CONST);
    assert_int_equal(in.v128[0], 1);
    assert_int_equal(in.v128[15], 16);
    in = DEC("\xfd\x0d\x00\x11\x02\x13\x04\x15\x06\x17\x08\x19\x0a\x1b\x0c\x1d\x0e\x1f");
    assert_int_equal(in.op, WOP_I8X16_SHUFFLE);
    assert_int_equal(in.v128[1], 0x11);
    in = DEC("\xfd\x15\x0f");
    assert_int_equal(in.op, WOP_I8X16_EXTRACT_LANE_S);
    assert_int_equal(in.lane, 15);
    ERR("\x41\x80\x80\x80\x80\x80\x00", CM_E_LEB_TOO_LONG, 1);
    ERR("\x41\x80\x80\x80\x80\x70", CM_E_LEB_TOO_LARGE, 1);
    ERR("\x44\x00\x00", CM_E_UNEXPECTED_END, 1);
}

static void test_tables_refs_select(void **state)
{
    (void)state;
    WInstr in = DEC("\xfc\x0c\x04\x01");
    assert_int_equal(in.op, WOP_TABLE_INIT);
    assert_int_equal(in.idx, 4);
    assert_int_equal(in.idx2, 1);
    in = DEC("\xfc\x0e\x01\x02");
    assert_int_equal(in.op, WOP_TABLE_COPY);
    assert_int_equal(in.idx, 1);
    assert_int_equal(in.idx2, 2);
    assert_int_equal(DEC("\xfc\x0d\x02").op, WOP_ELEM_DROP);
    assert_int_equal(DEC("\xfc\x0f\x00").op, WOP_TABLE_GROW);
    in = DEC("\xd0\x6f");
    assert_int_equal(in.op, WOP_REF_NULL);
    assert_int_equal(in.reftype, WT_EXTERNREF);
    assert_int_equal(DEC("\xd2\x05").idx, 5);
    in = DEC("\x1c\x01\x7e");
    assert_int_equal(in.op, WOP_SELECT_T);
    assert_int_equal(in.count, 1);
    assert_int_equal(in.vec[0], WT_I64);
    assert_int_equal(DEC("\x1b").op, WOP_SELECT);
    ERR("\xd0\x7f", CM_E_MALFORMED_REFTYPE, 1);
    ERR("\x1c\x01\x50", CM_E_MALFORMED_VALTYPE, 2);
    ERR("\x02\x7a", CM_E_MALFORMED_VALTYPE, 1);
}

static void test_illegal(void **state)
{
    (void)state;
    ERR("\x06", CM_E_ILLEGAL_OPCODE, 0);
    ERR("\xff", CM_E_ILLEGAL_OPCODE, 0);
    ERR("\xfc\x12", CM_E_ILLEGAL_OPCODE, 0);
    ERR("\xfd\x9a\x01", CM_E_ILLEGAL_OPCODE, 0);
    ERR("\xfd\x80\x80\x80\x80\x10", CM_E_LEB_TOO_LARGE, 1);
    ERR("", CM_E_UNEXPECTED_END, 0);
}

static void test_skip_expr(void **state)
{
    (void)state;
    const uint8_t e1[] = {0x41, 0x05, 0x0b, 0xAA};
    const uint8_t *p = e1;
    assert_int_equal(winstr_skip_expr(&p, e1 + sizeof e1), CM_OK);
    assert_ptr_equal(p, e1 + 3);
    /* Nested: if ... else ... end end. */
    const uint8_t e2[] = {0x04, 0x40, 0x01, 0x05, 0x01, 0x0b, 0x0b};
    p = e2;
    assert_int_equal(winstr_skip_expr(&p, e2 + sizeof e2), CM_OK);
    assert_ptr_equal(p, e2 + sizeof e2);
    /* else in a block is "END opcode expected", at the else. */
    const uint8_t e3[] = {0x02, 0x40, 0x05, 0x0b, 0x0b};
    p = e3;
    assert_int_equal(winstr_skip_expr(&p, e3 + sizeof e3), CM_E_END_EXPECTED);
    assert_ptr_equal(p, e3 + 2);
    const uint8_t e4[] = {0x41, 0x00};
    p = e4;
    assert_int_equal(winstr_skip_expr(&p, e4 + sizeof e4), CM_E_UNEXPECTED_END);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_simple_and_control),
        cmocka_unit_test(test_br_table),
        cmocka_unit_test(test_memory),
        cmocka_unit_test(test_constants),
        cmocka_unit_test(test_tables_refs_select),
        cmocka_unit_test(test_illegal),
        cmocka_unit_test(test_skip_expr),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
