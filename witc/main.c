/* witc - the WIT compiler.  Subcommands are added as they are built. */
#include <stdio.h>
#include <string.h>

static void usage(FILE *f)
{
    fprintf(f, "usage: witc <command> [args]\n"
               "commands (not available yet in this version): check, print, json, bindgen,\n"
               "  component new, component wit, component embed\n");
}

int main(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    fprintf(stderr, "witc: '%s' is not available yet in this version\n", argv[1]);
    return 1;
}
