/* provider.c - the demo's provider: exports demo:shout/text. */
#include "provider.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

void exports_demo_shout_text_shout(provider_string_t *s, provider_string_t *ret)
{
    size_t n = s->len;
    uint8_t *out = malloc(n + 1);
    for (size_t i = 0; i < n; i++)
        out[i] = (uint8_t)toupper(s->ptr[i]);
    out[n] = '!';
    ret->ptr = out;
    ret->len = n + 1;
    provider_string_free(s); /* an exported function owns its arguments */
}
