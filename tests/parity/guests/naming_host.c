/* naming_host.c - the imports of tests/bindgen's naming world as a component
 * (wit-naming/plug.wit, `witc bindgen --world naming-host`): the behaviour
 * of the host in tests/bindgen/run_naming.mjs, so that `wac plug` makes the
 * naming guest runnable by wasmtime and wrun alike.  (The exported inline
 * interface `plain` is named without the exports_ prefix, as wit-bindgen
 * names it.) */
#include "naming_host.h"

#include <stdlib.h>
#include <string.h>

struct exports_test_naming_shared_handle_t {
    uint32_t n;
};

/* n + 1, the tag with '!' appended (its buffer becomes the result's) */
void exports_naming_host_world_fn(naming_host_world_rec_t *r, naming_host_world_rec_t *ret)
{
    ret->n = r->n + 1;
    ret->tag.ptr = realloc(r->tag.len ? r->tag.ptr : NULL, r->tag.len + 1);
    ret->tag.ptr[r->tag.len] = '!';
    ret->tag.len = r->tag.len + 1;
}

/* handles report ten times the id they were made with */
exports_test_naming_shared_own_handle_t exports_test_naming_shared_constructor_handle(uint32_t id)
{
    exports_test_naming_shared_handle_t *h = malloc(sizeof *h);
    h->n = id * 10;
    return exports_test_naming_shared_handle_new(h);
}

uint32_t exports_test_naming_shared_method_handle_id(exports_test_naming_shared_borrow_handle_t self)
{
    return self->n;
}

void exports_test_naming_shared_handle_destructor(exports_test_naming_shared_handle_t *rep)
{
    free(rep);
}

void exports_test_naming_shared_make(uint32_t ret_, uint32_t err_,
                                     exports_test_naming_shared_settings_t *ret)
{
    ret->default_ = ret_ * err_;
    ret->stdin_ = false; /* C keywords and libc names get a trailing _ */
}

plain_mode_t plain_get_mode(void)
{
    return PLAIN_MODE_SLOW;
}
