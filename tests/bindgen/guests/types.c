/* types.c - guest of world test:types/types, written against the API of
 * `wit-bindgen c` (the test compiles it against both generators' output).
 * Ownership as in wit-bindgen: exports own their arguments (and free them),
 * return values are malloc'd here and freed by the post-return glue; import
 * results belong to us. */
#include "types.h"

#include <stdlib.h>
#include <string.h>

/* ---- small helpers (no stdio in the freestanding build) ---- */

static void str_dup(types_string_t *s, const char *c)
{
    types_string_dup(s, c);
}

/* Append text to a growing string. */
static void str_cat(types_string_t *s, const char *p, size_t n)
{
    uint8_t *np = malloc(s->len + n + 1);
    if (s->len)
        memcpy(np, s->ptr, s->len);
    memcpy(np + s->len, p, n);
    if (s->len)
        free(s->ptr);
    s->ptr = np;
    s->len += n;
}

static void str_cats(types_string_t *s, const char *c)
{
    str_cat(s, c, strlen(c));
}

static void str_num(types_string_t *s, int64_t v)
{
    char buf[24];
    int i = 23, neg = v < 0;
    uint64_t u = neg ? (uint64_t)(-(v + 1)) + 1 : (uint64_t)v;
    buf[i] = 0;
    do {
        buf[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (neg)
        buf[--i] = '-';
    str_cats(s, buf + i);
}

static void log_str(const char *c)
{
    types_string_t m;
    types_string_set(&m, c);
    types_log(&m);
}

/* ---- primitives ---- */

bool exports_test_types_api_roundtrip_bool(bool x) { return !x; }
uint8_t exports_test_types_api_roundtrip_u8(uint8_t x) { return (uint8_t)(x + 1); }
int8_t exports_test_types_api_roundtrip_s8(int8_t x) { return (int8_t)-x; }
uint16_t exports_test_types_api_roundtrip_u16(uint16_t x) { return (uint16_t)(x * 2); }
int16_t exports_test_types_api_roundtrip_s16(int16_t x) { return (int16_t)(x - 1); }
uint32_t exports_test_types_api_roundtrip_u32(uint32_t x) { return x ^ 0xffffffffu; }
int32_t exports_test_types_api_roundtrip_s32(int32_t x) { return x / 2; }
uint64_t exports_test_types_api_roundtrip_u64(uint64_t x) { return x + 1; }
int64_t exports_test_types_api_roundtrip_s64(int64_t x) { return -x; }
float exports_test_types_api_roundtrip_f32(float x) { return x * 2.0f; }
double exports_test_types_api_roundtrip_f64(double x) { return x / 4.0; }
uint32_t exports_test_types_api_roundtrip_char(uint32_t x) { return x + 1; }

/* ---- strings and lists ---- */

/* Reverse the code points of a UTF-8 string. */
void exports_test_types_api_reverse_string(types_string_t *s, types_string_t *ret)
{
    ret->len = s->len;
    ret->ptr = s->len ? malloc(s->len) : NULL;
    size_t i = 0;
    while (i < s->len) {
        size_t n = 1;
        while (i + n < s->len && (s->ptr[i + n] & 0xc0) == 0x80)
            n++;
        memcpy(ret->ptr + s->len - i - n, s->ptr + i, n);
        i += n;
    }
    types_string_free(s);
}

uint32_t exports_test_types_api_string_bytes(types_string_t *s)
{
    uint32_t n = (uint32_t)s->len;
    types_string_free(s);
    return n;
}

/* Rows become columns; short rows are padded with "". */
void exports_test_types_api_transpose(types_list_list_string_t *m, types_list_list_string_t *ret)
{
    size_t cols = 0;
    for (size_t i = 0; i < m->len; i++)
        if (m->ptr[i].len > cols)
            cols = m->ptr[i].len;
    ret->len = cols;
    ret->ptr = cols ? malloc(cols * sizeof *ret->ptr) : NULL;
    for (size_t c = 0; c < cols; c++) {
        types_list_string_t *row = &ret->ptr[c];
        row->len = m->len;
        row->ptr = m->len ? malloc(m->len * sizeof *row->ptr) : NULL;
        for (size_t r = 0; r < m->len; r++) {
            if (c < m->ptr[r].len)
                types_string_dup_n(&row->ptr[r], (const char *)m->ptr[r].ptr[c].ptr,
                                   m->ptr[r].ptr[c].len);
            else
                types_string_dup(&row->ptr[r], "");
        }
    }
    types_list_list_string_free(m);
}

/* ---- records, enums, flags, variants ---- */

void exports_test_types_api_move_point(exports_test_types_api_point_t *p, int32_t dx, int32_t dy,
                                       exports_test_types_api_point_t *ret)
{
    ret->x = p->x + dx;
    ret->y = p->y + dy;
}

exports_test_types_api_color_t exports_test_types_api_next_color(exports_test_types_api_color_t c)
{
    return c == EXPORTS_TEST_TYPES_API_COLOR_BLUE ? EXPORTS_TEST_TYPES_API_COLOR_RED
                                                  : (exports_test_types_api_color_t)(c + 1);
}

exports_test_types_api_one_t exports_test_types_api_flip_one(exports_test_types_api_one_t f)
{
    return f ^ EXPORTS_TEST_TYPES_API_ONE_A;
}

exports_test_types_api_nine_t exports_test_types_api_flip_nine(exports_test_types_api_nine_t f)
{
    return f ^ (EXPORTS_TEST_TYPES_API_NINE_B0 | EXPORTS_TEST_TYPES_API_NINE_B8);
}

exports_test_types_api_seventeen_t
exports_test_types_api_flip_seventeen(exports_test_types_api_seventeen_t f)
{
    return f ^ (EXPORTS_TEST_TYPES_API_SEVENTEEN_C1 | EXPORTS_TEST_TYPES_API_SEVENTEEN_C16);
}

exports_test_types_api_thirty_two_t
exports_test_types_api_flip_thirty_two(exports_test_types_api_thirty_two_t f)
{
    return f ^ ((uint32_t)EXPORTS_TEST_TYPES_API_THIRTY_TWO_D2 |
                (uint32_t)EXPORTS_TEST_TYPES_API_THIRTY_TWO_D31);
}

void exports_test_types_api_double_num(exports_test_types_api_num_t *n,
                                       exports_test_types_api_num_t *ret)
{
    ret->tag = n->tag;
    switch (n->tag) {
    case EXPORTS_TEST_TYPES_API_NUM_I:
        ret->val.i = n->val.i * 2;
        break;
    case EXPORTS_TEST_TYPES_API_NUM_L:
        ret->val.l = n->val.l * 2;
        break;
    case EXPORTS_TEST_TYPES_API_NUM_F:
        ret->val.f = n->val.f * 2;
        break;
    case EXPORTS_TEST_TYPES_API_NUM_D:
        ret->val.d = n->val.d * 2;
        break;
    case EXPORTS_TEST_TYPES_API_NUM_TEXT:
        memset(&ret->val.text, 0, sizeof ret->val.text);
        str_cat(&ret->val.text, (const char *)n->val.text.ptr, n->val.text.len);
        str_cat(&ret->val.text, (const char *)n->val.text.ptr, n->val.text.len);
        break;
    default:
        break;
    }
    exports_test_types_api_num_free(n);
}

double exports_test_types_api_area(exports_test_types_api_shape_t *s)
{
    double a = 0;
    switch (s->tag) {
    case EXPORTS_TEST_TYPES_API_SHAPE_CIRCLE:
        a = 3.0 * s->val.circle * s->val.circle;
        break;
    case EXPORTS_TEST_TYPES_API_SHAPE_RECT:
        a = (double)s->val.rect.x * s->val.rect.y;
        break;
    case EXPORTS_TEST_TYPES_API_SHAPE_POLY:
        a = (double)s->val.poly.len;
        break;
    default:
        break;
    }
    exports_test_types_api_shape_free(s);
    return a;
}

void exports_test_types_api_scale(exports_test_types_api_shape_t *s, int32_t k,
                                  exports_test_types_api_shape_t *ret)
{
    *ret = *s; /* takes over the list of a poly */
    switch (s->tag) {
    case EXPORTS_TEST_TYPES_API_SHAPE_CIRCLE:
        ret->val.circle = s->val.circle * (float)k;
        break;
    case EXPORTS_TEST_TYPES_API_SHAPE_RECT:
        ret->val.rect.x *= k;
        ret->val.rect.y *= k;
        break;
    case EXPORTS_TEST_TYPES_API_SHAPE_POLY:
        for (size_t i = 0; i < ret->val.poly.len; i++) {
            ret->val.poly.ptr[i].x *= k;
            ret->val.poly.ptr[i].y *= k;
        }
        break;
    default:
        break;
    }
}

/* ---- options, results, tuples ---- */

bool exports_test_types_api_add_options(uint32_t *maybe_a, uint32_t *maybe_b, uint32_t *ret)
{
    if (!maybe_a && !maybe_b)
        return false;
    *ret = (maybe_a ? *maybe_a : 0) + (maybe_b ? *maybe_b : 0);
    return true;
}

bool exports_test_types_api_option_string(types_string_t *maybe_s, types_string_t *ret)
{
    if (!maybe_s)
        return false;
    memset(ret, 0, sizeof *ret);
    str_cats(ret, "<");
    str_cat(ret, (const char *)maybe_s->ptr, maybe_s->len);
    str_cats(ret, ">");
    types_string_free(maybe_s);
    return true;
}

/* none -> none; some(none) -> some(some(0)); some(some(n)) -> some(none) */
bool exports_test_types_api_nested_option(types_option_u8_t *maybe_x, types_option_u8_t *ret)
{
    if (!maybe_x)
        return false;
    ret->is_some = !maybe_x->is_some;
    ret->val = 0;
    return true;
}

bool exports_test_types_api_result_both(int32_t x, uint32_t *ret, types_string_t *err)
{
    if (x >= 0) {
        *ret = (uint32_t)x * 10;
        return true;
    }
    str_dup(err, "negative");
    return false;
}

bool exports_test_types_api_result_ok_only(int32_t x, types_string_t *ret)
{
    if (x < 0)
        return false;
    memset(ret, 0, sizeof *ret);
    str_num(ret, x);
    return true;
}

bool exports_test_types_api_result_err_only(int32_t x, exports_test_types_api_color_t *err)
{
    if (x == 0)
        return true;
    *err = x > 0 ? EXPORTS_TEST_TYPES_API_COLOR_GREEN : EXPORTS_TEST_TYPES_API_COLOR_BLUE;
    return false;
}

bool exports_test_types_api_result_none(int32_t x)
{
    return x % 2 == 0;
}

void exports_test_types_api_swap(types_tuple3_u8_string_f64_t *t, types_tuple3_f64_string_u8_t *ret)
{
    ret->f0 = t->f2;
    ret->f1 = t->f1; /* moves the string */
    ret->f2 = t->f0;
}

uint64_t exports_test_types_api_many(uint8_t a1, int8_t a2, uint16_t a3, int16_t a4, uint32_t a5,
                                     int32_t a6, uint64_t a7, int64_t a8, float a9, double a10,
                                     uint32_t a11, bool a12, types_string_t *a13, uint32_t a14,
                                     uint32_t a15, uint32_t a16, uint32_t a17, uint32_t a18)
{
    int64_t sum = (int64_t)a1 + a2 + a3 + a4 + a5 + a6 + (int64_t)a7 + a8 + (int64_t)a9 +
                  (int64_t)a10 + a11 + (a12 ? 1 : 0) + (int64_t)a13->len + a14 + a15 + a16 +
                  a17 + a18;
    types_string_free(a13);
    return (uint64_t)sum;
}

void exports_test_types_api_multi(uint32_t x, types_tuple4_u32_string_f32_list_u8_t *ret)
{
    ret->f0 = x + 1;
    memset(&ret->f1, 0, sizeof ret->f1);
    str_num(&ret->f1, x);
    ret->f2 = (float)x / 2;
    ret->f3.len = x % 8;
    ret->f3.ptr = ret->f3.len ? malloc(ret->f3.len) : NULL;
    for (size_t i = 0; i < ret->f3.len; i++)
        ret->f3.ptr[i] = (uint8_t)i;
}

/* Hands the items back in reverse order with every name upper-cased. */
void exports_test_types_api_items(exports_test_types_api_list_item_t *xs,
                                  exports_test_types_api_list_item_t *ret)
{
    ret->len = xs->len;
    ret->ptr = xs->len ? malloc(xs->len * sizeof *ret->ptr) : NULL;
    for (size_t i = 0; i < xs->len; i++) {
        exports_test_types_api_item_t *it = &ret->ptr[xs->len - 1 - i];
        *it = xs->ptr[i]; /* moves everything the item owns */
        for (size_t k = 0; k < it->name.len; k++)
            if (it->name.ptr[k] >= 'a' && it->name.ptr[k] <= 'z')
                it->name.ptr[k] = (uint8_t)(it->name.ptr[k] - 32);
    }
    if (xs->len)
        free(xs->ptr);
}

/* ---- imports from the host ---- */

void exports_test_types_api_use_host(types_string_t *s, types_string_t *ret)
{
    memset(ret, 0, sizeof *ret);

    test_types_host_pair_t pairs[2];
    pairs[0].a = 5;
    types_string_set(&pairs[0].b, "x");
    pairs[1].a = 7;
    pairs[1].b = *s;
    test_types_host_list_pair_t list = {pairs, 2};
    types_tuple2_u64_string_t sum;
    test_types_host_summarize(&list, &sum);
    str_cats(ret, "sum=");
    str_num(ret, (int64_t)sum.f0);
    str_cats(ret, " joined=");
    str_cat(ret, (const char *)sum.f1.ptr, sum.f1.len);
    types_tuple2_u64_string_free(&sum);

    types_string_t rev;
    str_cats(ret, " rev=");
    if (test_types_host_reverse(s, &rev)) {
        str_cat(ret, (const char *)rev.ptr, rev.len);
        types_string_free(&rev);
    } else {
        str_cats(ret, "none");
    }

    uint32_t dbl;
    types_string_t err;
    str_cats(ret, " dbl=");
    if (test_types_host_checked_double(21, &dbl, &err)) {
        str_num(ret, dbl);
    }
    str_cats(ret, " err=");
    if (!test_types_host_checked_double(500, &dbl, &err)) {
        str_cat(ret, (const char *)err.ptr, err.len);
        types_string_free(&err);
    }

    /* variants with joined flat slots, as import parameters and results */
    test_types_host_val_t v, r;
    double w = 0.5;
    str_cats(ret, " bounce=");
    v.tag = TEST_TYPES_HOST_VAL_I;
    v.val.i = -5;
    test_types_host_bounce(&v, &w, &r);
    str_num(ret, r.tag == TEST_TYPES_HOST_VAL_I ? r.val.i : 999);
    v.tag = TEST_TYPES_HOST_VAL_L;
    v.val.l = -((int64_t)1 << 40);
    test_types_host_bounce(&v, NULL, &r);
    str_cats(ret, ",");
    str_num(ret, r.tag == TEST_TYPES_HOST_VAL_L ? r.val.l : 999);
    v.tag = TEST_TYPES_HOST_VAL_F;
    v.val.f = 1.5f;
    test_types_host_bounce(&v, &w, &r);
    str_cats(ret, ",");
    str_num(ret, r.tag == TEST_TYPES_HOST_VAL_F ? (int64_t)(r.val.f * 100) : 999);
    v.tag = TEST_TYPES_HOST_VAL_D;
    v.val.d = -2.25;
    test_types_host_bounce(&v, &w, &r);
    str_cats(ret, ",");
    str_num(ret, r.tag == TEST_TYPES_HOST_VAL_D ? (int64_t)(r.val.d * 100) : 999);
    v.tag = TEST_TYPES_HOST_VAL_S;
    types_string_set(&v.val.s, "é");
    test_types_host_bounce(&v, NULL, &r);
    str_cats(ret, ",");
    if (r.tag == TEST_TYPES_HOST_VAL_S)
        str_cat(ret, (const char *)r.val.s.ptr, r.val.s.len);
    test_types_host_val_free(&r);
    v.tag = TEST_TYPES_HOST_VAL_NOTHING;
    test_types_host_bounce(&v, NULL, &r);
    str_cats(ret, r.tag == TEST_TYPES_HOST_VAL_NOTHING ? ",nothing" : ",?");

    test_types_host_own_counter_t a = test_types_host_constructor_counter(10);
    test_types_host_own_counter_t b = test_types_host_constructor_counter(-3);
    test_types_host_method_counter_add(test_types_host_borrow_counter(a), 5);
    int32_t total = test_types_host_static_counter_sum(test_types_host_borrow_counter(a),
                                                       test_types_host_borrow_counter(b));
    str_cats(ret, " counters=");
    str_num(ret, test_types_host_method_counter_get(test_types_host_borrow_counter(a)));
    str_cats(ret, ",");
    str_num(ret, total);
    test_types_host_counter_drop_own(a);
    test_types_host_counter_drop_own(b);
    types_string_free(s);
}

/* ---- an exported resource ---- */

struct exports_test_types_api_blob_t {
    types_list_u8_t data;
};

exports_test_types_api_own_blob_t exports_test_types_api_constructor_blob(types_list_u8_t *init)
{
    exports_test_types_api_blob_t *b = malloc(sizeof *b);
    b->data = *init; /* takes the argument */
    return exports_test_types_api_blob_new(b);
}

void exports_test_types_api_method_blob_bytes(exports_test_types_api_borrow_blob_t self,
                                              types_list_u8_t *ret)
{
    ret->len = self->data.len;
    ret->ptr = ret->len ? malloc(ret->len) : NULL;
    if (ret->len)
        memcpy(ret->ptr, self->data.ptr, ret->len);
}

void exports_test_types_api_method_blob_append(exports_test_types_api_borrow_blob_t self,
                                               exports_test_types_api_borrow_blob_t more)
{
    size_t n = self->data.len + more->data.len;
    uint8_t *p = n ? malloc(n) : NULL;
    if (self->data.len)
        memcpy(p, self->data.ptr, self->data.len);
    if (more->data.len)
        memcpy(p + self->data.len, more->data.ptr, more->data.len);
    types_list_u8_free(&self->data);
    self->data.ptr = p;
    self->data.len = n;
}

exports_test_types_api_own_blob_t
exports_test_types_api_static_blob_merge(exports_test_types_api_borrow_blob_t a,
                                         exports_test_types_api_borrow_blob_t b)
{
    exports_test_types_api_blob_t *m = malloc(sizeof *m);
    m->data.len = 0;
    m->data.ptr = NULL;
    exports_test_types_api_method_blob_append(m, a);
    exports_test_types_api_method_blob_append(m, b);
    return exports_test_types_api_blob_new(m);
}

uint32_t exports_test_types_api_method_blob_size(exports_test_types_api_borrow_blob_t self)
{
    return (uint32_t)self->data.len;
}

uint32_t exports_test_types_api_consume(exports_test_types_api_own_blob_t b)
{
    uint32_t n = (uint32_t)exports_test_types_api_blob_rep(b)->data.len;
    exports_test_types_api_blob_drop_own(b); /* runs the destructor */
    return n;
}

void exports_test_types_api_blob_destructor(exports_test_types_api_blob_t *rep)
{
    types_string_t m;
    memset(&m, 0, sizeof m);
    str_cats(&m, "drop blob ");
    str_num(&m, (int64_t)rep->data.len);
    types_log(&m);
    types_string_free(&m);
    types_list_u8_free(&rep->data);
    free(rep);
}

/* ---- world-level export ---- */

void exports_types_run(types_string_t *ret)
{
    log_str("run called");
    str_dup(ret, "ran");
}
