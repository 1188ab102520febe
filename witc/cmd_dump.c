/* cmd_dump.c - witc dump FILE.wasm.  Placeholder until the decoders land. */
#include "commands.h"

#include <stdio.h>

int witc_cmd_dump(int argc, char **argv)
{
    (void)argc, (void)argv;
    fprintf(stderr, "witc: 'dump' is not available yet in this version\n");
    return 1;
}
