/* provider.c - the C provider of test:parity/text (wit/text.wit), written
 * against `witc bindgen --world provider`.  Exported functions own their
 * arguments (freed here) and return memory from malloc that the generated
 * post-return frees.  provider.js and provider.py implement the same
 * behaviour; the composition tests expect identical output from all three. */
#include "provider.h"

#include <stdlib.h>
#include <string.h>

typedef provider_string_t Str;

/* The next word of s at or after *at (a run of bytes other than ' '); false
 * at the end. */
static bool next_word(const Str *s, size_t *at, size_t *start, size_t *len)
{
    size_t i = *at;
    while (i < s->len && s->ptr[i] == ' ')
        i++;
    if (i == s->len)
        return false;
    *start = i;
    while (i < s->len && s->ptr[i] != ' ')
        i++;
    *len = i - *start;
    *at = i;
    return true;
}

void exports_test_parity_text_analyze(Str *s, exports_test_parity_text_stats_t *ret)
{
    size_t at = 0, start, len, best = 0, best_len = 0;
    uint32_t words = 0;
    while (next_word(s, &at, &start, &len)) {
        if (len > best_len) {
            best = start;
            best_len = len;
        }
        words++;
    }
    ret->words = words;
    ret->bytes = (uint32_t)s->len;
    provider_string_dup_n(&ret->longest, (const char *)s->ptr + best, best_len);
    provider_string_free(s);
}

void exports_test_parity_text_shout(provider_list_string_t *words, provider_list_string_t *ret)
{
    size_t n = words->len;
    ret->ptr = n ? malloc(n * sizeof *ret->ptr) : NULL;
    ret->len = n;
    for (size_t i = 0; i < n; i++) {
        Str *w = &words->ptr[n - 1 - i];
        /* the argument's buffers change hands: upper-cased in place */
        for (size_t k = 0; k < w->len; k++)
            if (w->ptr[k] >= 'a' && w->ptr[k] <= 'z')
                w->ptr[k] = (uint8_t)(w->ptr[k] - 'a' + 'A');
        ret->ptr[i] = *w;
    }
    if (n) /* an empty list's pointer is not from malloc */
        free(words->ptr);
}

/* Sets *v from s; otherwise sets err and returns false. */
static bool parse_str(const Str *s, int64_t *v, Str *err)
{
    size_t i = s->len && s->ptr[0] == '-';
    if (i == s->len) {
        if (err)
            provider_string_dup(err, "empty");
        return false;
    }
    if (s->len - i > 18) {
        if (err)
            provider_string_dup(err, "too long");
        return false;
    }
    int64_t n = 0;
    for (; i < s->len; i++) {
        if (s->ptr[i] < '0' || s->ptr[i] > '9') {
            if (err)
                provider_string_dup(err, "not a digit");
            return false;
        }
        n = n * 10 + (s->ptr[i] - '0');
    }
    *v = s->ptr[0] == '-' ? -n : n;
    return true;
}

bool exports_test_parity_text_parse(Str *s, int64_t *ret, Str *err)
{
    bool ok = parse_str(s, ret, err);
    provider_string_free(s);
    return ok;
}

void exports_test_parity_text_tokens(Str *s, exports_test_parity_text_list_token_t *ret)
{
    /* at most one token a byte */
    ret->ptr = s->len ? malloc(s->len * sizeof *ret->ptr) : NULL;
    ret->len = 0;
    size_t i = 0;
    while (i < s->len) {
        exports_test_parity_text_token_t *t = &ret->ptr[ret->len++];
        if (s->ptr[i] == ' ') {
            t->tag = EXPORTS_TEST_PARITY_TEXT_TOKEN_SPACE;
            i++;
            continue;
        }
        size_t start = i;
        while (i < s->len && s->ptr[i] != ' ')
            i++;
        Str w = {s->ptr + start, i - start};
        if (parse_str(&w, &t->val.num, NULL)) {
            t->tag = EXPORTS_TEST_PARITY_TEXT_TOKEN_NUM;
        } else {
            t->tag = EXPORTS_TEST_PARITY_TEXT_TOKEN_WORD;
            provider_string_dup_n(&t->val.word, (const char *)w.ptr, w.len);
        }
    }
    provider_string_free(s);
}

bool exports_test_parity_text_nth(Str *s, uint32_t i, Str *ret)
{
    size_t at = 0, start, len;
    uint32_t k = 0;
    bool found = false;
    while (next_word(s, &at, &start, &len)) {
        if (k++ == i) {
            provider_string_dup_n(ret, (const char *)s->ptr + start, len);
            found = true;
            break;
        }
    }
    provider_string_free(s);
    return found;
}
