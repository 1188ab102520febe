/* The greeter component: implements the exports of greeter.wit against the
 * bindings `witc bindgen greeter.wit` generates. */
#include "greeter.h"

#include <stdlib.h>
#include <string.h>

static uint32_t ncalls;

void exports_greeter_greet(greeter_string_t *name, greeter_string_t *ret)
{
    /* No stdio: the component needs no WASI import at all. */
    static const char hello[] = "Hello, ";
    size_t n = sizeof hello - 1;
    uint8_t *text = malloc(n + name->len + 1);
    if (!text)
        abort();
    memcpy(text, hello, n);
    memcpy(text + n, name->ptr, name->len);
    text[n + name->len] = '!';
    ret->ptr = text;
    ret->len = n + name->len + 1;
    ncalls++;
}

uint32_t exports_greeter_calls(void)
{
    return ncalls;
}
