/* names.c - require that FILE.wasm's name section names each NAME given
 * as a function.  Usage: core_names FILE.wasm NAME... */
#include "arena.h"
#include "fileio.h"
#include "wmod.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int has_func_name(const WModule *m, const char *name)
{
    if (!m->names)
        return 0;
    for (uint32_t i = 0; i < m->names->nfuncs; i++) {
        const WName *n = &m->names->funcs[i].name;
        if (n->len == strlen(name) && memcmp(n->str, name, n->len) == 0)
            return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s FILE.wasm NAME...\n", argv[0]);
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
    int bad = 0;
    if (wmod_decode(&a, data, len, &m, &err)) {
        fprintf(stderr, "%s: %s\n", argv[1], err_message(err.code));
        bad = 1;
    } else {
        printf("%s: %u function names, name section %s\n", argv[1],
               m->names ? m->names->nfuncs : 0,
               m->names && m->names->complete ? "complete" : "missing or partial");
        for (int i = 2; i < argc; i++)
            if (!has_func_name(m, argv[i])) {
                printf("FAIL: no function named '%s'\n", argv[i]);
                bad = 1;
            }
    }
    arena_release(&a);
    free(data);
    return bad;
}
