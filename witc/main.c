/* witc - the WIT compiler: a table of subcommands over the libraries. */
#include "commands.h"

#include <stdio.h>
#include <string.h>

typedef struct Command {
    const char *name;
    int (*run)(int argc, char **argv); /* NULL: not available yet */
    const char *summary;
} Command;

static const Command commands[] = {
    {"check", witc_cmd_check, "PATH              resolve a WIT package (dir with deps/ or file)"},
    {"print", witc_cmd_print, "PATH [--world W]  print the resolved WIT as canonical text"},
    {"json", witc_cmd_json, "PATH              print the resolution as wit-parser JSON"},
    {"dump", witc_cmd_dump, "FILE.wasm         print the structure of a core module or component"},
    {"bindgen", witc_cmd_bindgen, "PATH [--world W]  generate C guest bindings (--out-dir D, --check)"},
    {"component", witc_cmd_component, "new|wit|embed     make and inspect components"},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: witc <command> [args]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-10s %s%s\n", commands[i].name, commands[i].summary,
                commands[i].run ? "" : "  (not available yet)");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(stdout);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(argv[1], commands[i].name))
            continue;
        if (!commands[i].run) {
            fprintf(stderr, "witc: '%s' is not available yet in this version\n", argv[1]);
            return 1;
        }
        return commands[i].run(argc - 2, argv + 2);
    }
    fprintf(stderr, "witc: unknown command '%s' (see 'witc --help')\n", argv[1]);
    return 2;
}
