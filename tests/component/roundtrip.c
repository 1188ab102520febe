/* roundtrip.c - decode each component given on the command line, encode it
 * again and require the bytes to be identical; with -o DIR also write the
 * re-encoded bytes there (DIR/NAME) so the caller can run an independent
 * validator on what our encoder produced.   Also builds
 * and checks the type model (ctypes.h).  Prints one line per failure and
 * exits 1 if any input failed. */
#include "ctypes.h"
#include "fileio.h"
#include "wcomp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check(const char *path, const char *outdir)
{
    uint8_t *data;
    size_t len;
    if (file_read(path, &data, &len)) {
        fprintf(stderr, "%s: cannot read\n", path);
        return 1;
    }
    Arena a;
    arena_init(&a);
    WcComponent *c;
    CmError err;
    int bad = 0;
    if (wcomp_decode(&a, data, len, &c, &err)) {
        char msg[512];
        err_format(&err, path, msg, sizeof msg);
        fprintf(stderr, "%s\n", msg);
        bad = 1;
        goto done;
    }
    Buf b;
    buf_init(&b);
    wcomp_encode(c, &b);
    if (b.failed || b.len != len || memcmp(b.data, data, len)) {
        size_t i = 0;
        while (i < len && i < b.len && b.data[i] == data[i])
            i++;
        fprintf(stderr, "%s: re-encoding differs at offset 0x%zx (%zu vs %zu bytes)\n", path, i,
                b.len, len);
        bad = 1;
    }
    if (outdir) {
        const char *base = strrchr(path, '/');
        char out[4096];
        snprintf(out, sizeof out, "%s/%s", outdir, base ? base + 1 : path);
        if (file_write(out, b.data, b.len)) {
            fprintf(stderr, "%s: cannot write\n", out);
            bad = 1;
        }
    }
    buf_release(&b);
    CtModel *m;
    if (!bad && ct_build(&a, c, &m, &err)) {
        char msg[512];
        err_format(&err, path, msg, sizeof msg);
        fprintf(stderr, "type model: %s\n", msg);
        bad = 1;
    }
done:
    arena_release(&a);
    free(data);
    return bad;
}

int main(int argc, char **argv)
{
    const char *outdir = NULL;
    int i = 1, bad = 0, n = 0;
    if (argc > 2 && !strcmp(argv[1], "-o")) {
        outdir = argv[2];
        i = 3;
    }
    for (; i < argc; i++, n++)
        bad += check(argv[i], outdir);
    printf("%d components, %d failed\n", n, bad);
    return bad ? 1 : 0;
}
