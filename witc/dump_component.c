/* dump_component.c - placeholder until the component decoder lands (the
 * component-binary work replaces this file). */
#include "dump.h"

#include <stdio.h>

int dump_component(const char *path, const uint8_t *data, size_t len)
{
    (void)data, (void)len;
    fprintf(stderr, "%s: component dump not available yet\n", path);
    return 1;
}
