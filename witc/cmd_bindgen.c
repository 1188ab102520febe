/* cmd_bindgen.c - `witc bindgen PATH [--world W] [--out-dir D] [--check]
 * [--rename FROM=TO]`:
 * C guest bindings (W.h, W.c, W_component_type.c) for a world.
 * --check writes nothing and exits 1, listing the files, when the files on
 * disk differ from what would be generated (like wit-bindgen's --check).
 * Exit codes: 0 ok, 1 errors reported (or files differ), 2 usage. */
#include "bindgen.h"
#include "commands.h"
#include "fileio.h"
#include "witdiag.h"
#include "witenc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct Args {
    const char *path, *world, *out_dir;
    int check;
    const char *features[64];
    size_t nfeatures;
    int all_features;
    char *features_buf;
    BgRename renames[32];
    uint32_t nrenames;
} Args;

/* Value of `--name V` or `--name=V`; advances *i. */
static const char *opt_value(int argc, char **argv, int *i, const char *name)
{
    size_t n = strlen(name);
    const char *s = argv[*i];
    if (strncmp(s, name, n))
        return NULL;
    if (s[n] == '=')
        return s + n + 1;
    if (s[n] || *i + 1 >= argc)
        return NULL;
    return argv[++*i];
}

static void free_args(Args *a)
{
    free(a->features_buf);
    for (uint32_t i = 0; i < a->nrenames; i++)
        free((char *)a->renames[i].from);
}

static int parse_args(int argc, char **argv, Args *a)
{
    memset(a, 0, sizeof *a);
    for (int i = 0; i < argc; i++) {
        const char *s = argv[i], *v;
        if (!strcmp(s, "--check")) {
            a->check = 1;
        } else if (!strcmp(s, "--all-features")) {
            a->all_features = 1;
        } else if ((v = opt_value(argc, argv, &i, "--world"))) {
            a->world = v;
        } else if ((v = opt_value(argc, argv, &i, "--out-dir"))) {
            a->out_dir = v;
        } else if ((v = opt_value(argc, argv, &i, "--rename"))) {
            /* FROM=TO, split at the first '=' as wit-bindgen does */
            const char *eq = strchr(v, '=');
            if (!eq || eq == v || !eq[1] || a->nrenames == 32)
                return 2;
            char *from = strndup(v, (size_t)(eq - v));
            if (!from)
                return 2;
            a->renames[a->nrenames].from = from;
            a->renames[a->nrenames++].to = eq + 1;
        } else if ((v = opt_value(argc, argv, &i, "--features"))) {
            free(a->features_buf);
            a->features_buf = strdup(v);
            if (!a->features_buf)
                return 2;
            for (char *tok = strtok(a->features_buf, ","); tok && a->nfeatures < 64;
                 tok = strtok(NULL, ","))
                a->features[a->nfeatures++] = tok;
        } else if (s[0] == '-' && s[1]) {
            return 2;
        } else if (!a->path) {
            a->path = s;
        } else {
            return 2;
        }
    }
    return a->path ? 0 : 2;
}

/* 1 if the file at path holds exactly data. */
static int same_file(const char *path, const Buf *text)
{
    uint8_t *data;
    size_t len;
    if (file_read(path, &data, &len) != CM_OK)
        return 0;
    int same = len == text->len && !memcmp(data, text->data, len);
    free(data);
    return same;
}

/* mkdir -p dir; 0 on success. */
static int make_dirs(const char *dir)
{
    char *p = strdup(dir);
    if (!p)
        return -1;
    for (char *c = p + 1;; c++) {
        if (*c != '/' && *c)
            continue;
        char save = *c;
        *c = 0;
        if (mkdir(p, 0777) && errno != EEXIST) {
            free(p);
            return -1;
        }
        if (!save)
            break;
        *c = save;
    }
    free(p);
    return 0;
}

static int emit(const Args *a, const BgOutput *out)
{
    int rc = 0;
    if (a->out_dir && !a->check && make_dirs(a->out_dir)) {
        fprintf(stderr, "witc: error: cannot create directory '%s'\n", a->out_dir);
        return 1;
    }
    for (uint32_t i = 0; i < out->nfiles; i++) {
        const BgFile *f = &out->files[i];
        size_t n = (a->out_dir ? strlen(a->out_dir) : 0) + strlen(f->name) + 2;
        char *path = malloc(n);
        if (!path) {
            fprintf(stderr, "witc: out of memory\n");
            return 1;
        }
        snprintf(path, n, "%s%s%s", a->out_dir ? a->out_dir : "", a->out_dir ? "/" : "", f->name);
        if (a->check) {
            if (!same_file(path, &f->text)) {
                fprintf(stderr, "error: %s differs from the generated bindings\n", path);
                rc = 1;
            }
        } else if (file_write(path, f->text.data, f->text.len) != CM_OK) {
            fprintf(stderr, "witc: error: cannot write '%s'\n", path);
            rc = 1;
        } else {
            printf("Generating \"%s\"\n", path);
        }
        free(path);
    }
    return rc;
}

static int run(const Args *a, WitResolve *r)
{
    uint32_t main_pkg, world;
    WitError werr = {0};
    if (wit_load_path(r, a->path, &main_pkg, &werr) != CM_OK ||
        wit_select_world(r, main_pkg, a->world, &world, &werr) != CM_OK) {
        Buf b;
        buf_init(&b);
        witdiag_format(r, &werr, a->path, &b);
        fputs(buf_cstr(&b), stderr);
        buf_release(&b);
        return 1;
    }
    CmError err;
    err_clear(&err);
    Buf payload;
    buf_init(&payload);
    if (witenc_world(r, world, WITENC_UTF8, &payload, &err) != CM_OK) {
        char msg[512];
        err_format(&err, a->path, msg, sizeof msg);
        fprintf(stderr, "%s\n", msg);
        buf_release(&payload);
        return 1;
    }
    BgOutput out;
    int rc = 0;
    BgOptions opts = {a->renames, a->nrenames};
    if (bg_generate(r, world, &opts, payload.data, payload.len, &out, &err) != CM_OK) {
        char msg[512];
        err_format(&err, a->path, msg, sizeof msg);
        fprintf(stderr, "%s\n", msg);
        rc = 1;
    } else {
        rc = emit(a, &out);
    }
    bg_output_release(&out);
    buf_release(&payload);
    return rc;
}

int witc_cmd_bindgen(int argc, char **argv)
{
    Args a;
    if (parse_args(argc, argv, &a)) {
        free_args(&a);
        fprintf(stderr, "usage: witc bindgen PATH [--world W] [--out-dir D] [--check] "
                        "[--rename FROM=TO] [--features a,b] [--all-features]\n");
        return 2;
    }
    WitOptions opts = {a.features, a.nfeatures, a.all_features};
    WitResolve r;
    wit_resolve_init(&r, &opts);
    int rc = run(&a, &r);
    wit_resolve_release(&r);
    free_args(&a);
    return rc;
}
