/* optable.c - check opcodes.def against an independent decoder.
 *
 * Usage: core_optable OUT.wasm OUT.names
 * Writes a module whose one function holds every instruction of the table
 * (written by winstr_write with small immediates; block/loop/if get an empty
 * type and their `end`), and the expected text names one per line.  The
 * ctest then disassembles OUT.wasm with wabt's wasm2wat and compares the
 * first word of each instruction line with OUT.names.  It also checks that
 * winstr_next reads back exactly what was written. */
#include "buf.h"
#include "fileio.h"
#include "winstr.h"

#include <stdio.h>
#include <string.h>

static void fill_imm(WInstr *in)
{
    switch ((WImm)winstr_ops[in->op].imm) {
    case WIMM_BLOCKTYPE: in->bt_type = WT_EMPTY; break;
    case WIMM_REFTYPE: in->reftype = WT_FUNCREF; break;
    case WIMM_SELECT_T: in->count = 1; in->vec = (const uint8_t *)"\x7f"; in->vec_len = 1; break;
    case WIMM_BR_TABLE: in->count = 0; in->vec = (const uint8_t *)""; in->vec_len = 0; break;
    default: break;
    }
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s OUT.wasm OUT.names\n", argv[0]);
        return 2;
    }
    Buf code, names, mod;
    buf_init(&code);
    buf_init(&names);
    buf_init(&mod);
    int bad = 0;
    for (unsigned op = 0; op < WOP__COUNT; op++) {
        if (op == WOP_ELSE || op == WOP_END)
            continue; /* written with if/block below */
        WInstr in = {.op = (WOp)op};
        fill_imm(&in);
        size_t at = code.len;
        winstr_write(&code, &in);
        /* Read it back: same op, and the whole encoding consumed. */
        const uint8_t *p = code.data + at, *end = code.data + code.len;
        WInstr back;
        if (winstr_next(&p, end, &back) || back.op != in.op || p != end) {
            printf("read-back mismatch for %s\n", winstr_ops[op].name);
            bad = 1;
        }
        buf_printf(&names, "%s\n", winstr_ops[op].name);
        if (op == WOP_IF) {
            buf_byte(&code, 0x05); /* wasm2wat omits an empty else */
            buf_byte(&code, 0x01);
            buf_str(&names, "else\nnop\n");
        }
        if (op == WOP_BLOCK || op == WOP_LOOP || op == WOP_IF) {
            buf_byte(&code, 0x0B);
            buf_str(&names, "end\n");
        }
    }
    buf_byte(&code, 0x0B);
    /* type () -> (), one function, a table, a memory, a passive element
     * segment and data count 1 (so the indices 0 used above exist), code,
     * and the passive data segment. */
    static const uint8_t head[] = {0x00, 0x61, 0x73, 0x6D, 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0,
                                   3, 2, 1, 0, 4, 4, 1, 0x70, 0, 1, 5, 3, 1, 0, 1,
                                   9, 4, 1, 1, 0, 0, 12, 1, 1};
    buf_put(&mod, head, sizeof head);
    buf_byte(&mod, 10);
    buf_uleb(&mod, buf_uleb_size(1) + buf_uleb_size(code.len + 1) + code.len + 1);
    buf_uleb(&mod, 1);
    buf_uleb(&mod, code.len + 1);
    buf_byte(&mod, 0); /* no locals */
    buf_put(&mod, code.data, code.len);
    static const uint8_t data[] = {11, 3, 1, 1, 0};
    buf_put(&mod, data, sizeof data);
    if (file_write(argv[1], mod.data, mod.len) || file_write(argv[2], names.data, names.len))
        bad = 1;
    printf("%u opcodes written\n", (unsigned)WOP__COUNT);
    buf_release(&code);
    buf_release(&names);
    buf_release(&mod);
    return bad;
}
