/* bg_host.c - the imports of tests/component-rt's wit-bindgen guest
 * (bindgen/guest.c, world bg) as a component (wit-bg/plug.wit, `witc bindgen
 * --world bg-host`), so that `wac plug` makes the guest runnable by wasmtime
 * and wrun alike.  host-fns behaves as the host functions of
 * test_crt_bindgen.c; the guest never uses the imported blob, which is
 * implemented here only because `types` must be exported whole. */
#include "bg_host.h"

#include <stdlib.h>
#include <string.h>

struct exports_test_bg_types_blob_t {
    size_t len;
};

exports_test_bg_types_own_blob_t exports_test_bg_types_constructor_blob(bg_host_list_u8_t *data)
{
    exports_test_bg_types_blob_t *b = malloc(sizeof *b);
    b->len = data->len;
    bg_host_list_u8_free(data);
    return exports_test_bg_types_blob_new(b);
}

uint32_t exports_test_bg_types_method_blob_size(exports_test_bg_types_borrow_blob_t self)
{
    return (uint32_t)self->len;
}

exports_test_bg_types_own_blob_t exports_test_bg_types_method_blob_concat(
    exports_test_bg_types_borrow_blob_t self, exports_test_bg_types_borrow_blob_t other)
{
    exports_test_bg_types_blob_t *b = malloc(sizeof *b);
    b->len = self->len + other->len;
    return exports_test_bg_types_blob_new(b);
}

void exports_test_bg_types_blob_destructor(exports_test_bg_types_blob_t *rep)
{
    free(rep);
}

/* The name in ASCII upper case, age + 1, the tags in reverse order; the
 * argument's buffers become the result's. */
void exports_test_bg_host_fns_transform(exports_test_bg_host_fns_person_t *p,
                                        exports_test_bg_host_fns_person_t *ret)
{
    *ret = *p;
    for (size_t i = 0; i < ret->name.len; i++)
        if (ret->name.ptr[i] >= 'a' && ret->name.ptr[i] <= 'z')
            ret->name.ptr[i] = (uint8_t)(ret->name.ptr[i] - 'a' + 'A');
    ret->age = (uint8_t)(p->age + 1);
    for (size_t i = 0, n = ret->tags.len; i < n / 2; i++) {
        bg_host_string_t t = ret->tags.ptr[i];
        ret->tags.ptr[i] = ret->tags.ptr[n - 1 - i];
        ret->tags.ptr[n - 1 - i] = t;
    }
}

/* circle(r): 3 r^2; square(n): n^2; none: 0. */
double exports_test_bg_host_fns_area(exports_test_bg_host_fns_shape_t *s)
{
    double a = 0;
    if (s->tag == EXPORTS_TEST_BG_TYPES_SHAPE_CIRCLE)
        a = 3 * s->val.circle * s->val.circle;
    else if (s->tag == EXPORTS_TEST_BG_TYPES_SHAPE_SQUARE)
        a = (double)s->val.square * s->val.square;
    exports_test_bg_host_fns_shape_free(s);
    return a;
}

/* err("no exec") with exec, else ok(p + read). */
bool exports_test_bg_host_fns_check(exports_test_bg_host_fns_perm_t p,
                                    exports_test_bg_host_fns_perm_t *ret, bg_host_string_t *err)
{
    if (p & EXPORTS_TEST_BG_TYPES_PERM_EXEC) {
        bg_host_string_dup(err, "no exec");
        return false;
    }
    *ret = p | EXPORTS_TEST_BG_TYPES_PERM_READ;
    return true;
}
