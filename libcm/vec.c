/* vec.c - the one out-of-line helper of vec.h. */
#include "vec.h"

#include <stdint.h>

int vec_grow_(void **data, size_t *cap, size_t need, size_t elem)
{
    size_t c = *cap ? *cap : 8;
    while (c < need) {
        if (c > SIZE_MAX / 2)
            return 0;
        c *= 2;
    }
    if (elem && c > SIZE_MAX / elem)
        return 0;
    void *d = realloc(*data, c * elem);
    if (!d)
        return 0;
    *data = d;
    *cap = c;
    return 1;
}
