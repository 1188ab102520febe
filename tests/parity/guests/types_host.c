/* types_host.c - the imports of tests/bindgen's types world as a component
 * (wit-types/plug.wit, `witc bindgen --world types-host`): the behaviour of
 * the host in tests/bindgen/run_types.mjs, so that `wac plug` can make the
 * types guest runnable by wasmtime and wrun alike.  log(msg) prints
 * "log: MSG" on stdout (wasi-libc, the reactor adapter). */
#include "types_host.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef types_host_string_t Str;

struct exports_test_types_host_counter_t {
    int32_t n;
};

void exports_types_host_log(Str *msg)
{
    printf("log: %.*s\n", (int)msg->len, (const char *)msg->ptr);
    fflush(stdout); /* a reactor has no exit that would flush */
    types_host_string_free(msg);
}

/* The sum of the a's and the b's joined by ','. */
void exports_test_types_host_summarize(exports_test_types_host_list_pair_t *xs,
                                       types_host_tuple2_u64_string_t *ret)
{
    uint64_t sum = 0;
    size_t len = 0;
    for (size_t i = 0; i < xs->len; i++) {
        sum += xs->ptr[i].a;
        len += xs->ptr[i].b.len + (i > 0);
    }
    ret->f0 = sum;
    ret->f1.len = len;
    ret->f1.ptr = len ? malloc(len) : NULL;
    size_t at = 0;
    for (size_t i = 0; i < xs->len; i++) {
        if (i > 0)
            ret->f1.ptr[at++] = ',';
        memcpy(ret->f1.ptr + at, xs->ptr[i].b.ptr, xs->ptr[i].b.len);
        at += xs->ptr[i].b.len;
    }
    exports_test_types_host_list_pair_free(xs);
}

/* none for "", else the code points in reverse order. */
bool exports_test_types_host_reverse(Str *s, Str *ret)
{
    if (!s->len) {
        types_host_string_free(s);
        return false;
    }
    ret->len = s->len;
    ret->ptr = malloc(s->len);
    size_t i = 0;
    while (i < s->len) {
        size_t n = 1;
        while (i + n < s->len && (s->ptr[i + n] & 0xc0) == 0x80)
            n++;
        memcpy(ret->ptr + s->len - i - n, s->ptr + i, n);
        i += n;
    }
    types_host_string_free(s);
    return true;
}

bool exports_test_types_host_checked_double(uint32_t n, uint32_t *ret, Str *err)
{
    if (n < 100) {
        *ret = n * 2;
        return true;
    }
    types_host_string_dup(err, "too big");
    return false;
}

/* Numbers gain one (and twice w, when given; not for l), strings a '+'. */
void exports_test_types_host_bounce(exports_test_types_host_val_t *v, double *maybe_w,
                                    exports_test_types_host_val_t *ret)
{
    double k = maybe_w ? *maybe_w * 2 : 0;
    *ret = *v;
    switch (v->tag) {
    case EXPORTS_TEST_TYPES_HOST_VAL_I:
        ret->val.i = (int32_t)(v->val.i + 1 + k);
        break;
    case EXPORTS_TEST_TYPES_HOST_VAL_L:
        ret->val.l = v->val.l + 1;
        break;
    case EXPORTS_TEST_TYPES_HOST_VAL_F:
        ret->val.f = (float)(v->val.f + 1 + k);
        break;
    case EXPORTS_TEST_TYPES_HOST_VAL_D:
        ret->val.d = v->val.d + 1 + k;
        break;
    case EXPORTS_TEST_TYPES_HOST_VAL_S: {
        /* the argument's buffer becomes the result's, one byte longer */
        Str *s = &ret->val.s;
        s->ptr = realloc(s->len ? s->ptr : NULL, s->len + 1);
        s->ptr[s->len++] = '+';
        break;
    }
    default:
        break;
    }
}

exports_test_types_host_own_counter_t exports_test_types_host_constructor_counter(int32_t start)
{
    exports_test_types_host_counter_t *c = malloc(sizeof *c);
    c->n = start;
    return exports_test_types_host_counter_new(c);
}

int32_t exports_test_types_host_method_counter_add(exports_test_types_host_borrow_counter_t self,
                                                   int32_t n)
{
    return self->n += n;
}

int32_t exports_test_types_host_method_counter_get(exports_test_types_host_borrow_counter_t self)
{
    return self->n;
}

int32_t exports_test_types_host_static_counter_sum(exports_test_types_host_borrow_counter_t a,
                                                   exports_test_types_host_borrow_counter_t b)
{
    return a->n + b->n;
}

void exports_test_types_host_counter_destructor(exports_test_types_host_counter_t *rep)
{
    free(rep);
}
