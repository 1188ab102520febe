/* naming.c - guest of world test:naming/naming (see worlds/naming): the
 * names of plain-named interfaces, of an interface both imported and
 * exported, of types reached through `use`, of world-level types and of
 * parameters that are C keywords, as wit-bindgen spells them. */
#include "naming.h"

#include <stdlib.h>
#include <string.h>

static void cat(naming_string_t *s, const char *p, size_t n)
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

static void cats(naming_string_t *s, const char *c) { cat(s, c, strlen(c)); }

static void num(naming_string_t *s, uint32_t v)
{
    char buf[12];
    int i = 11;
    buf[i] = 0;
    do {
        buf[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    cats(s, buf + i);
}

/* ---- the exported copy of `shared` ---- */

struct exports_test_naming_shared_handle_t {
    uint32_t id;
};

exports_test_naming_shared_own_handle_t exports_test_naming_shared_constructor_handle(uint32_t id)
{
    exports_test_naming_shared_handle_t *h = malloc(sizeof *h);
    h->id = id;
    return exports_test_naming_shared_handle_new(h);
}

uint32_t exports_test_naming_shared_method_handle_id(exports_test_naming_shared_borrow_handle_t self)
{
    return self->id;
}

void exports_test_naming_shared_make(uint32_t ret_, uint32_t err_,
                                     exports_test_naming_shared_settings_t *ret)
{
    ret->default_ = ret_ + err_;
    ret->stdin_ = ret_ > err_;
}

static uint32_t dropped;

void exports_test_naming_shared_handle_destructor(exports_test_naming_shared_handle_t *rep)
{
    dropped += rep->id;
    free(rep);
}

/* ---- consumer: types through `use` ---- */

uint32_t exports_test_naming_consumer_count(exports_test_naming_consumer_handles_t *hs,
                                            exports_test_naming_consumer_borrow_handle_t first,
                                            exports_test_naming_consumer_settings_t *s)
{
    uint32_t sum = first->id * 100 + s->default_ + (s->stdin_ ? 1000 : 0);
    for (size_t i = 0; i < hs->len; i++) {
        exports_test_naming_consumer_own_handle_t h = hs->ptr[i];
        sum += exports_test_naming_shared_handle_rep(h)->id;
        exports_test_naming_shared_handle_drop_own(h); /* we own them */
    }
    exports_test_naming_consumer_handles_free(hs);
    return sum;
}

/* ---- inline: an export under a plain name ---- */

void inline_hello(naming_string_t *who, naming_string_t *ret)
{
    memset(ret, 0, sizeof *ret);
    cats(ret, "hello ");
    cat(ret, (const char *)who->ptr, who->len);
    naming_string_free(who);

    cats(ret, plain_get_mode() == PLAIN_MODE_SLOW ? " mode=slow" : " mode=fast");

    naming_world_rec_t in = {41, {(uint8_t *)"t", 1}}, out;
    naming_world_fn(&in, &out);
    cats(ret, " world=");
    num(ret, out.n);
    cats(ret, ",");
    cat(ret, (const char *)out.tag.ptr, out.tag.len);
    naming_world_rec_free(&out);

    test_naming_shared_settings_t st;
    test_naming_shared_make(2, 3, &st);
    cats(ret, " made=");
    num(ret, st.default_);
    cats(ret, st.stdin_ ? ",in" : ",out");

    test_naming_shared_own_handle_t h = test_naming_shared_constructor_handle(9);
    cats(ret, " handle=");
    num(ret, test_naming_shared_method_handle_id(test_naming_shared_borrow_handle(h)));
    test_naming_shared_handle_drop_own(h);
    cats(ret, " dropped=");
    num(ret, dropped);
}
