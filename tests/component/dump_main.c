/* dump_main.c - runs witc's dump_component on files, so this branch can
 * test it before `witc dump` dispatches to it. */
#include "fileio.h"

#include <stdio.h>
#include <stdlib.h>

int dump_component(const char *path, const uint8_t *data, size_t len);

int main(int argc, char **argv)
{
    int rc = 0;
    for (int i = 1; i < argc; i++) {
        uint8_t *data;
        size_t len;
        if (file_read(argv[i], &data, &len)) {
            fprintf(stderr, "%s: cannot read\n", argv[i]);
            return 1;
        }
        rc |= dump_component(argv[i], data, len);
        free(data);
    }
    return rc;
}
