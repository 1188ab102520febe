/* compose - links components.  Not built yet: it answers --help and says so. */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    int help = argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"));
    fprintf(help ? stdout : stderr,
            "usage: compose A.wasm B.wasm -o OUT.wasm | compose GRAPH.yaml -o OUT.wasm\n"
            "compose: not available yet: component linking is not built in this version\n");
    return help ? 0 : 1;
}
