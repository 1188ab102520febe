/* cmd_dump.c - witc dump FILE.wasm: read the file and hand it to the printer
 * for its kind.  Both kinds share the magic "\0asm"; the next four bytes are
 * the core version 1 (01 00 00 00) or a component's version and layer
 * (0d 00 01 00; any layer-1 preamble goes to the component printer so that
 * it reports version problems itself).  Anything else goes to the core
 * printer, whose decoder reports the spec's preamble errors. */
#include "commands.h"
#include "dump.h"

#include "fileio.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_component(const uint8_t *data, size_t len)
{
    return len >= 8 && memcmp(data, "\0asm", 4) == 0 && data[6] == 0x01 && data[7] == 0x00;
}

int witc_cmd_dump(int argc, char **argv)
{
    if (argc != 1) {
        fprintf(stderr, "usage: witc dump FILE.wasm\n");
        return 2;
    }
    const char *path = argv[0];
    uint8_t *data;
    size_t len;
    if (file_read(path, &data, &len)) {
        fprintf(stderr, "%s: error: cannot read file\n", path);
        return 1;
    }
    int rc = is_component(data, len) ? dump_component(path, data, len) : dump_core(path, data, len);
    free(data);
    return rc;
}
