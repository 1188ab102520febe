/* wrun - runs components and WASI preview-1 modules.  Not built yet. */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    int help = argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"));
    fprintf(help ? stdout : stderr,
            "usage: wrun [options] APP.wasm [args...] | wrun serve APP.wasm\n"
            "wrun: not available yet: the runtime is not built in this version\n");
    return help ? 0 : 1;
}
