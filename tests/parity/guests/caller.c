/* caller.c - a command importing test:parity/text (wit/text.wit), written
 * against `witc bindgen --world caller`, with wasi-libc's printf (the
 * preview-1 reactor adapter turns its calls into WASI 0.2).
 *
 *   caller WORD...        for each argument: every function of `text`, one
 *                         line each; a line on stderr at the end
 *   caller --fail WORD... the same, then run returns err (exit status 1)
 *   caller --exit N       exit(N) through wasi-libc (proc_exit)
 *
 * It also exports summarize(s, limit): analyze(s), err when s has more than
 * limit words.  Imported functions borrow their arguments; what they return
 * is ours to free. */
#include "caller.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef caller_string_t Str;

static void print_str(const Str *s)
{
    printf("\"%.*s\"", (int)s->len, (const char *)s->ptr);
}

static void one(const Str *arg)
{
    test_parity_text_stats_t st;
    test_parity_text_analyze((Str *)arg, &st);
    printf("analyze: words=%u bytes=%u longest=", st.words, st.bytes);
    print_str(&st.longest);
    printf("\n");
    test_parity_text_stats_free(&st);

    /* shout over the words of arg, taken out with nth */
    Str words[16];
    size_t n = 0;
    while (n < 16 && test_parity_text_nth((Str *)arg, (uint32_t)n, &words[n]))
        n++;
    caller_list_string_t list = {words, n}, loud;
    test_parity_text_shout(&list, &loud);
    printf("shout:");
    for (size_t i = 0; i < loud.len; i++) {
        printf(" ");
        print_str(&loud.ptr[i]);
    }
    printf("\n");
    caller_list_string_free(&loud);
    for (size_t i = 0; i < n; i++)
        caller_string_free(&words[i]);

    int64_t v;
    Str err;
    if (test_parity_text_parse((Str *)arg, &v, &err)) {
        printf("parse: ok %lld\n", (long long)v);
    } else {
        printf("parse: err ");
        print_str(&err);
        printf("\n");
        caller_string_free(&err);
    }

    test_parity_text_list_token_t toks;
    test_parity_text_tokens((Str *)arg, &toks);
    printf("tokens:");
    for (size_t i = 0; i < toks.len; i++) {
        test_parity_text_token_t *t = &toks.ptr[i];
        if (t->tag == TEST_PARITY_TEXT_TOKEN_NUM) {
            printf(" num(%lld)", (long long)t->val.num);
        } else if (t->tag == TEST_PARITY_TEXT_TOKEN_WORD) {
            printf(" word(");
            print_str(&t->val.word);
            printf(")");
        } else {
            printf(" space");
        }
    }
    printf("\n");
    test_parity_text_list_token_free(&toks);
}

bool exports_wasi_cli_run_run(void)
{
    caller_list_string_t args;
    wasi_cli_environment_get_arguments(&args);
    size_t first = 1;
    bool fail = false;
    if (args.len > 2 && args.ptr[1].len == 6 && !memcmp(args.ptr[1].ptr, "--exit", 6)) {
        char code[16] = {0};
        memcpy(code, args.ptr[2].ptr, args.ptr[2].len < 15 ? args.ptr[2].len : 15);
        printf("exiting with %s\n", code);
        fflush(stdout);
        exit(atoi(code));
    }
    if (args.len > 1 && args.ptr[1].len == 6 && !memcmp(args.ptr[1].ptr, "--fail", 6)) {
        fail = true;
        first = 2;
    }
    for (size_t i = first; i < args.len; i++) {
        printf("arg %zu: ", i - first);
        print_str(&args.ptr[i]);
        printf("\n");
        one(&args.ptr[i]);
    }
    fprintf(stderr, "caller: %zu arguments\n", args.len - first);
    fflush(stdout);
    fflush(stderr);
    caller_list_string_free(&args);
    return !fail;
}

bool exports_caller_summarize(Str *s, uint32_t limit, caller_stats_t *ret, Str *err)
{
    test_parity_text_analyze(s, ret);
    caller_string_free(s);
    if (ret->words <= limit)
        return true;
    char msg[64];
    snprintf(msg, sizeof msg, "%u words, more than %u", ret->words, limit);
    test_parity_text_stats_free(ret);
    caller_string_dup(err, msg);
    return false;
}
