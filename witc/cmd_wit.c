/* cmd_wit.c - witc check / print / json.  Placeholder until the WIT front
 * end lands: each says it is not available yet and exits 1. */
#include "commands.h"

#include <stdio.h>

static int unavailable(const char *name)
{
    fprintf(stderr, "witc: '%s' is not available yet in this version\n", name);
    return 1;
}

int witc_cmd_check(int argc, char **argv)
{
    (void)argc, (void)argv;
    return unavailable("check");
}

int witc_cmd_print(int argc, char **argv)
{
    (void)argc, (void)argv;
    return unavailable("print");
}

int witc_cmd_json(int argc, char **argv)
{
    (void)argc, (void)argv;
    return unavailable("json");
}
