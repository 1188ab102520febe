/* fileio.c - whole-file helpers (see fileio.h). */
#include "fileio.h"

#include <stdio.h>
#include <stdlib.h>

CmErr file_read(const char *path, uint8_t **out_data, size_t *out_len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return CM_E_IO;
    uint8_t *data = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (cap - len < 65536) {
            size_t ncap = cap ? cap * 2 : 65536;
            uint8_t *nd = realloc(data, ncap + 1);
            if (!nd) {
                free(data);
                fclose(f);
                return CM_E_OOM;
            }
            data = nd;
            cap = ncap;
        }
        size_t n = fread(data + len, 1, cap - len, f);
        len += n;
        if (n == 0)
            break;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(data);
        return CM_E_IO;
    }
    data[len] = 0;
    *out_data = data;
    *out_len = len;
    return CM_OK;
}

CmErr file_write(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return CM_E_IO;
    size_t n = len ? fwrite(data, 1, len, f) : 0;
    int bad = n != len;
    if (fclose(f) != 0)
        bad = 1;
    return bad ? CM_E_IO : CM_OK;
}
