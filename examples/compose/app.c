/* app.c - the demo's app: greets through whatever provides demo:shout/text.
 * (No stdio: the component imports nothing but demo:shout/text.) */
#include "app.h"

#include <stdlib.h>
#include <string.h>

void exports_app_greet(app_string_t *name, app_string_t *ret)
{
    static const char pre[] = "Hello, ", post[] = " (the app, through the provider)";
    app_string_t loud;
    demo_shout_text_shout(name, &loud); /* a call into the other component */
    size_t n = sizeof pre - 1 + loud.len + sizeof post - 1;
    uint8_t *out = malloc(n);
    memcpy(out, pre, sizeof pre - 1);
    memcpy(out + sizeof pre - 1, loud.ptr, loud.len);
    memcpy(out + sizeof pre - 1 + loud.len, post, sizeof post - 1);
    ret->ptr = out;
    ret->len = n;
    app_string_free(&loud);
    app_string_free(name); /* an exported function owns its arguments */
}
