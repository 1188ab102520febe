/* compwit.c - print a component's world as WIT (see compwit.h). */
#include "compwit.h"

CmErr compwit_print(const char *file, const uint8_t *data, size_t len, Buf *out, Buf *msg)
{
    (void)data;
    (void)len;
    (void)out;
    buf_printf(msg, "%s: error: 'component wit' is not available yet", file);
    return CM_E_UNSUPPORTED;
}
