/* edit.c - decode IN, edit the module through the IR, encode to OUT:
 * the first export is renamed to "renamed_by_core_edit", and two custom
 * sections are added ("core-edit-first" before every standard section,
 * "core-edit-last" at the end).  The ctest validates OUT with wasm-tools.
 * Usage: core_edit IN.wasm OUT.wasm */
#include "arena.h"
#include "buf.h"
#include "fileio.h"
#include "wmod.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s IN.wasm OUT.wasm\n", argv[0]);
        return 2;
    }
    uint8_t *data;
    size_t len;
    if (file_read(argv[1], &data, &len)) {
        fprintf(stderr, "%s: cannot read\n", argv[1]);
        return 1;
    }
    Arena a;
    arena_init(&a);
    WModule *m;
    CmError err;
    int rc = 1;
    Buf out;
    buf_init(&out);
    if (wmod_decode(&a, data, len, &m, &err)) {
        char msg[512];
        err_format(&err, argv[1], msg, sizeof msg);
        fprintf(stderr, "%s\n", msg);
        goto done;
    }
    if (m->nexports == 0) {
        fprintf(stderr, "%s: no export to rename\n", argv[1]);
        goto done;
    }
    m->exports[0].name = (WName){"renamed_by_core_edit", 20};
    WCustom *c = ARENA_ARRAY(&a, WCustom, m->ncustoms + 2);
    if (!c)
        goto done;
    c[0] = (WCustom){.name = {"core-edit-first", 15}, .payload = {(const uint8_t *)"1", 1}};
    for (uint32_t i = 0; i < m->ncustoms; i++)
        c[i + 1] = m->customs[i];
    c[m->ncustoms + 1] = (WCustom){.name = {"core-edit-last", 14},
                                   .payload = {(const uint8_t *)"22", 2},
                                   .after = WSEC_DATA};
    m->customs = c;
    m->ncustoms += 2;
    if (wmod_encode(m, &out) || file_write(argv[2], out.data, out.len))
        goto done;
    rc = 0;
done:
    buf_release(&out);
    arena_release(&a);
    free(data);
    return rc;
}
