/* instantiate_all.c - load and instantiate every component given on the
 * command line (the ~57 components tests/component makes with wasm-tools,
 * jco, componentize-js, componentize-py and clang + the preview-1 adapter),
 * with every import a trapping stub.  Real tool output must load, link and
 * run its start functions.
 *
 *   instantiate_all [--skip NAME:REASON]... FILE...
 */
#include "fileio.h"
#include "wrun_component.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *skipped(int argc, char **argv, const char *base)
{
    for (int i = 1; i + 1 < argc; i++)
        if (!strcmp(argv[i], "--skip") && !strncmp(argv[i + 1], base, strlen(base)) &&
            argv[i + 1][strlen(base)] == ':')
            return argv[i + 1] + strlen(base) + 1;
    return NULL;
}

int main(int argc, char **argv)
{
    int bad = 0, ok = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--skip")) {
            i++;
            continue;
        }
        const char *base = strrchr(argv[i], '/') ? strrchr(argv[i], '/') + 1 : argv[i];
        const char *why = skipped(argc, argv, base);
        if (why) {
            printf("skip %s: %s\n", base, why);
            continue;
        }
        uint8_t *b;
        size_t n;
        if (file_read(argv[i], &b, &n)) {
            printf("FAIL %s: cannot read\n", base);
            bad++;
            continue;
        }
        WrEngine *eng = wr_engine_new(NULL);
        WrcComponent *c;
        CmError err;
        if (wrc_component_load(eng, b, n, &c, &err)) {
            char m[400];
            err_format(&err, base, m, sizeof m);
            printf("FAIL %s\n", m);
            bad++;
        } else {
            WrcLinker *lk = wrc_linker_new(eng);
            WrcInstance *inst;
            WrTrap t;
            wrc_linker_trap_unknown(lk, 1);
            if (wrc_instantiate(c, lk, &inst, &t)) {
                printf("FAIL %s: %s\n", base, t.message);
                bad++;
            } else {
                printf("ok   %s (%u exported functions)\n", base, wrc_instance_func_count(inst));
                ok++;
                wrc_instance_free(inst);
            }
            wrc_linker_free(lk);
            wrc_component_free(c);
        }
        wr_engine_free(eng);
        free(b);
    }
    printf("%d instantiated, %d failed\n", ok, bad);
    return bad || ok < 40;
}
