/* greeter.c - the guest of the tutorial in docs/bindgen-c.md (greeter_impl.c
 * there): keep the two equal; the bindgen-tutorial test builds and runs it. */
#include "greeter.h"
#include <stdlib.h>
#include <string.h>

void exports_greeter_greet(greeter_string_t *name, greeter_string_t *ret)
{
    greeter_string_t msg;
    greeter_string_set(&msg, "greet called");   // borrows a C string, no copy
    demo_greeter_host_log(&msg);                 // imports only borrow their arguments

    ret->len = 6 + name->len;                    // the result is ours to allocate ...
    ret->ptr = malloc(ret->len);
    memcpy(ret->ptr, "hello ", 6);
    memcpy(ret->ptr + 6, name->ptr, name->len);
    greeter_string_free(name);                   // ... and the argument ours to free
}
