/* compnew.c - the driver of `witc component new` and the embedding of a
 * component-type custom section (see compnew.h). */
#include "compnew.h"

#include <string.h>

CmErr compnew_embed(Arena *a, WModule *m, const uint8_t *p, size_t n)
{
    WCustom *c = ARENA_ARRAY(a, WCustom, (size_t)m->ncustoms + 1);
    if (!c || n > UINT32_MAX)
        return CM_E_OOM;
    if (m->ncustoms)
        memcpy(c, m->customs, m->ncustoms * sizeof *c);
    static const char name[] = "component-type";
    /* After the data section: the encoder writes it last, as wasm-tools does. */
    c[m->ncustoms] = (WCustom){.name = {name, sizeof name - 1},
                               .payload = {p, (uint32_t)n},
                               .after = WSEC_DATA};
    m->customs = c;
    m->ncustoms++;
    return CM_OK;
}

CmErr compnew_build(const CompNewInput *in, Buf *out, Buf *msg)
{
    (void)in;
    (void)out;
    buf_str(msg, "witc: error: 'component new' is not available yet");
    return CM_E_UNSUPPORTED;
}
