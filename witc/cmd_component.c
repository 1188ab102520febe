/* cmd_component.c - `witc component embed|new|wit`: bind a core module to a
 * WIT world, turn it into a component, print a component's world.
 * Exit codes: 0 ok, 1 errors reported, 2 usage. */
#include "commands.h"
#include "compnew.h"
#include "compwit.h"
#include "witdiag.h"
#include "witenc.h"

#include "fileio.h"
#include "wmod.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ADAPTERS 8

typedef struct Args {
    const char *pos[2];
    int npos;
    const char *world, *out, *encoding;
    const char *features[64];
    size_t nfeatures;
    int all_features, only_custom;
    const char *adapt_name[MAX_ADAPTERS], *adapt_path[MAX_ADAPTERS];
    int nadapt;
    char *features_buf;
} Args;

static int usage(void)
{
    fprintf(stderr,
            "usage: witc component embed WIT CORE.wasm [--world W] [-o OUT]\n"
            "                             [--encoding utf8|utf16|latin1+utf16] [--only-custom]\n"
            "                             [--features a,b] [--all-features]\n"
            "       witc component new CORE.wasm [-o OUT] [--adapt NAME=ADAPTER.wasm]...\n"
            "       witc component wit COMPONENT.wasm\n");
    return 2;
}

/* The value of an option `--x V` or `--x=V`; NULL if it is not this one. */
static char *opt_value(int argc, char **argv, int *i, const char *name, int *bad)
{
    size_t n = strlen(name);
    char *s = argv[*i];
    if (strncmp(s, name, n))
        return NULL;
    if (s[n] == '=')
        return s + n + 1;
    if (s[n])
        return NULL;
    if (*i + 1 >= argc) {
        *bad = 1;
        return NULL;
    }
    return argv[++*i];
}

static int parse_args(int argc, char **argv, Args *a)
{
    memset(a, 0, sizeof *a);
    for (int i = 0; i < argc; i++) {
        const char *s = argv[i];
        char *v;
        int bad = 0;
        if (!strcmp(s, "--all-features")) {
            a->all_features = 1;
        } else if (!strcmp(s, "--only-custom")) {
            a->only_custom = 1;
        } else if ((v = opt_value(argc, argv, &i, "--world", &bad))) {
            a->world = v;
        } else if ((v = opt_value(argc, argv, &i, "-o", &bad)) ||
                   (v = opt_value(argc, argv, &i, "--output", &bad))) {
            a->out = v;
        } else if ((v = opt_value(argc, argv, &i, "--encoding", &bad))) {
            a->encoding = v;
        } else if ((v = opt_value(argc, argv, &i, "--adapt", &bad))) {
            char *eq = strchr(v, '='); /* NAME=FILE: argv strings may be written to */
            if (a->nadapt == MAX_ADAPTERS)
                return 2;
            if (eq)
                *eq = 0;
            a->adapt_name[a->nadapt] = eq ? v : NULL;
            a->adapt_path[a->nadapt++] = eq ? eq + 1 : v;
        } else if ((v = opt_value(argc, argv, &i, "--features", &bad))) {
            free(a->features_buf);
            a->features_buf = strdup(v);
            if (!a->features_buf)
                return 2;
            for (char *tok = strtok(a->features_buf, ","); tok && a->nfeatures < 64;
                 tok = strtok(NULL, ","))
                a->features[a->nfeatures++] = tok;
        } else if (bad || (s[0] == '-' && s[1])) {
            return 2;
        } else if (a->npos < 2) {
            a->pos[a->npos++] = s;
        } else {
            return 2;
        }
    }
    return 0;
}

static int write_file(const char *path, const Buf *b)
{
    if (b->failed) {
        fprintf(stderr, "witc: error: out of memory\n");
        return 1;
    }
    if (!path) {
        fwrite(b->data, 1, b->len, stdout);
        return fflush(stdout) ? 1 : 0;
    }
    if (file_write(path, b->data, b->len)) {
        fprintf(stderr, "witc: error: cannot write '%s'\n", path);
        return 1;
    }
    return 0;
}

static void report(const char *file, const CmError *e)
{
    char msg[512];
    err_format(e, file, msg, sizeof msg);
    fprintf(stderr, "%s\n", msg);
}

/* Load WIT and encode the selected world; 0 ok, 1 error reported. */
static int encode_world(const Args *a, Buf *payload)
{
    WitOptions opts = {a->features, a->nfeatures, a->all_features};
    WitResolve r;
    wit_resolve_init(&r, &opts);
    WitError werr = {0};
    uint32_t main_pkg, world;
    int rc = 1;
    WitEnc enc = WITENC_UTF8;
    if (a->encoding) {
        if (!strcmp(a->encoding, "utf16"))
            enc = WITENC_UTF16;
        else if (!strcmp(a->encoding, "latin1+utf16") || !strcmp(a->encoding, "compact-utf16"))
            enc = WITENC_LATIN1_UTF16;
        else if (strcmp(a->encoding, "utf8")) {
            fprintf(stderr, "witc: error: unknown string encoding '%s'\n", a->encoding);
            goto done;
        }
    }
    if (wit_load_path(&r, a->pos[0], &main_pkg, &werr) != CM_OK) {
        Buf b;
        buf_init(&b);
        witdiag_format(&r, &werr, a->pos[0], &b);
        fputs(buf_cstr(&b), stderr);
        buf_release(&b);
        goto done;
    }
    if (wit_select_world(&r, main_pkg, a->world, &world, &werr)) {
        fprintf(stderr, "%s: error: %s\n", a->pos[0], werr.msg);
        goto done;
    }
    CmError err;
    if (witenc_world(&r, world, enc, payload, &err)) {
        report(a->pos[0], &err);
        goto done;
    }
    rc = 0;
done:
    wit_resolve_release(&r);
    return rc;
}

static int cmd_embed(Args *a)
{
    if (a->npos != (a->only_custom ? 1 : 2) && a->npos != 2)
        return usage();
    Buf payload, out;
    buf_init(&payload);
    buf_init(&out);
    int rc = encode_world(a, &payload);
    if (rc)
        goto done;
    if (a->only_custom && a->npos == 1) {
        rc = write_file(a->out, &payload);
        goto done;
    }
    rc = 1;
    uint8_t *data = NULL;
    size_t len = 0;
    if (file_read(a->pos[1], &data, &len)) {
        fprintf(stderr, "witc: error: cannot read '%s'\n", a->pos[1]);
        goto done;
    }
    Arena arena;
    arena_init(&arena);
    WModule *m;
    CmError err;
    if (wmod_decode(&arena, data, len, &m, &err)) {
        report(a->pos[1], &err);
    } else if (compnew_embed(&arena, m, payload.data, payload.len)) {
        fprintf(stderr, "witc: error: out of memory\n");
    } else if (wmod_encode(m, &out) == CM_OK) {
        rc = write_file(a->out, &out);
    } else {
        fprintf(stderr, "witc: error: out of memory\n");
    }
    arena_release(&arena);
    free(data);
done:
    buf_release(&payload);
    buf_release(&out);
    return rc;
}

static int cmd_new(Args *a)
{
    if (a->npos != 1)
        return usage();
    uint8_t *data = NULL;
    size_t len = 0;
    if (file_read(a->pos[0], &data, &len)) {
        fprintf(stderr, "witc: error: cannot read '%s'\n", a->pos[0]);
        return 1;
    }
    CompNewInput in = {.file = a->pos[0], .data = data, .len = len};
    uint8_t *adata[MAX_ADAPTERS] = {0};
    int rc = 1;
    for (int i = 0; i < a->nadapt; i++) {
        size_t alen;
        if (file_read(a->adapt_path[i], &adata[i], &alen)) {
            fprintf(stderr, "witc: error: cannot read '%s'\n", a->adapt_path[i]);
            goto done;
        }
        in.adapters[i] = (CompNewAdapter){.name = a->adapt_name[i],
                                          .file = a->adapt_path[i],
                                          .data = adata[i],
                                          .len = alen};
    }
    in.nadapters = (uint32_t)a->nadapt;
    Buf out, msg;
    buf_init(&out);
    buf_init(&msg);
    if (compnew_build(&in, &out, &msg) == CM_OK)
        rc = write_file(a->out, &out);
    else
        fprintf(stderr, "%s\n", buf_cstr(&msg));
    buf_release(&out);
    buf_release(&msg);
done:
    for (int i = 0; i < a->nadapt; i++)
        free(adata[i]);
    free(data);
    return rc;
}

static int cmd_wit(Args *a)
{
    if (a->npos != 1)
        return usage();
    uint8_t *data = NULL;
    size_t len = 0;
    if (file_read(a->pos[0], &data, &len)) {
        fprintf(stderr, "witc: error: cannot read '%s'\n", a->pos[0]);
        return 1;
    }
    Buf out, msg;
    buf_init(&out);
    buf_init(&msg);
    int rc = 1;
    if (compwit_print(a->pos[0], data, len, &out, &msg) == CM_OK)
        rc = write_file(NULL, &out);
    else
        fprintf(stderr, "%s\n", buf_cstr(&msg));
    buf_release(&out);
    buf_release(&msg);
    free(data);
    return rc;
}

int witc_cmd_component(int argc, char **argv)
{
    if (argc < 1)
        return usage();
    Args a;
    if (parse_args(argc - 1, argv + 1, &a)) {
        free(a.features_buf);
        return usage();
    }
    int rc;
    if (!strcmp(argv[0], "embed"))
        rc = cmd_embed(&a);
    else if (!strcmp(argv[0], "new"))
        rc = cmd_new(&a);
    else if (!strcmp(argv[0], "wit"))
        rc = cmd_wit(&a);
    else
        rc = usage();
    free(a.features_buf);
    return rc;
}
