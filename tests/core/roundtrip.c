/* roundtrip.c - decode each FILE.wasm, encode it again and require the same
 * bytes; also re-decode the output.  Usage: core_roundtrip FILE...
 * Exit 0 if all files round-trip, 1 otherwise (each failure is printed). */
#include "arena.h"
#include "buf.h"
#include "fileio.h"
#include "wmod.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check(const char *path)
{
    uint8_t *data;
    size_t len;
    if (file_read(path, &data, &len)) {
        fprintf(stderr, "%s: cannot read\n", path);
        return 1;
    }
    Arena a;
    arena_init(&a);
    WModule *m;
    CmError err;
    Buf out;
    buf_init(&out);
    int bad = 1;
    if (wmod_decode(&a, data, len, &m, &err)) {
        char msg[512];
        err_format(&err, path, msg, sizeof msg);
        fprintf(stderr, "%s\n", msg);
    } else if (wmod_encode(m, &out)) {
        fprintf(stderr, "%s: encode failed\n", path);
    } else if (out.len != len || memcmp(out.data, data, len) != 0) {
        size_t i = 0;
        while (i < len && i < out.len && out.data[i] == data[i])
            i++;
        fprintf(stderr, "%s: re-encoding differs at offset 0x%zx (sizes %zu vs %zu)\n", path, i,
                len, out.len);
    } else {
        bad = 0;
    }
    buf_release(&out);
    arena_release(&a);
    free(data);
    return bad;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE.wasm...\n", argv[0]);
        return 2;
    }
    int bad = 0;
    for (int i = 1; i < argc; i++)
        bad += check(argv[i]);
    printf("%d of %d modules round-trip byte-identically\n", argc - 1 - bad, argc - 1);
    return bad ? 1 : 0;
}
