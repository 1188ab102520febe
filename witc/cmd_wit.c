/* cmd_wit.c - `witc check`, `witc print` and `witc json`: read a WIT
 * package (a directory with deps/ or a file), resolve it and report.
 * Exit codes: 0 ok, 1 errors reported, 2 usage. */
#include "commands.h"
#include "witdiag.h"
#include "witjson.h"
#include "witprint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Args {
    const char *path;
    const char *world;
    const char *features[64];
    size_t nfeatures;
    int all_features;
    char *features_buf;
} Args;

static int usage(const char *cmd, const char *extra)
{
    fprintf(stderr, "usage: witc %s PATH%s [--features a,b] [--all-features]\n", cmd, extra);
    return 2;
}

/* 0 ok, 2 usage error. */
static int parse_args(int argc, char **argv, int allow_world, Args *a)
{
    memset(a, 0, sizeof *a);
    for (int i = 0; i < argc; i++) {
        const char *s = argv[i];
        if (!strcmp(s, "--all-features")) {
            a->all_features = 1;
        } else if (!strcmp(s, "--features") || !strncmp(s, "--features=", 11)) {
            const char *v = s[10] == '=' ? s + 11 : (i + 1 < argc ? argv[++i] : NULL);
            if (!v)
                return 2;
            free(a->features_buf);
            a->features_buf = strdup(v);
            if (!a->features_buf)
                return 2;
            for (char *tok = strtok(a->features_buf, ","); tok && a->nfeatures < 64;
                 tok = strtok(NULL, ","))
                a->features[a->nfeatures++] = tok;
        } else if (allow_world && (!strcmp(s, "--world") || !strncmp(s, "--world=", 8))) {
            a->world = s[7] == '=' ? s + 8 : (i + 1 < argc ? argv[++i] : NULL);
            if (!a->world)
                return 2;
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

/* Resolve a->path into r; prints the diagnostic and returns 1 on error. */
static int load(const Args *a, WitResolve *r, uint32_t *out_main)
{
    WitOptions opts = {a->features, a->nfeatures, a->all_features};
    wit_resolve_init(r, &opts);
    WitError err = {0};
    if (wit_load_path(r, a->path, out_main, &err) != CM_OK) {
        Buf b;
        buf_init(&b);
        witdiag_format(r, &err, a->path, &b);
        fputs(buf_cstr(&b), stderr);
        buf_release(&b);
        return 1;
    }
    return 0;
}

static int finish(Args *a, WitResolve *r, int rc)
{
    wit_resolve_release(r);
    free(a->features_buf);
    return rc;
}

int witc_cmd_check(int argc, char **argv)
{
    Args a;
    if (parse_args(argc, argv, 0, &a))
        return free(a.features_buf), usage("check", "");
    WitResolve r;
    uint32_t main_pkg;
    return finish(&a, &r, load(&a, &r, &main_pkg));
}

static int write_out(Buf *b)
{
    if (b->failed) {
        fprintf(stderr, "witc: out of memory\n");
        return 1;
    }
    fwrite(b->data, 1, b->len, stdout);
    return fflush(stdout) ? 1 : 0;
}

int witc_cmd_print(int argc, char **argv)
{
    Args a;
    if (parse_args(argc, argv, 1, &a))
        return free(a.features_buf), usage("print", " [--world W]");
    WitResolve r;
    uint32_t main_pkg, world = WIT_NONE;
    if (load(&a, &r, &main_pkg))
        return finish(&a, &r, 1);
    if (a.world) {
        WitError err = {0};
        if (wit_select_world(&r, main_pkg, a.world, &world, &err)) {
            fprintf(stderr, "%s: error: %s\n", a.path, err.msg);
            return finish(&a, &r, 1);
        }
    }
    Buf b;
    buf_init(&b);
    /* a world of another package is printed with that package on top */
    witprint_package(&r, world == WIT_NONE ? main_pkg : r.worlds[world].package, world, &b);
    int rc = write_out(&b);
    buf_release(&b);
    return finish(&a, &r, rc);
}

int witc_cmd_json(int argc, char **argv)
{
    Args a;
    if (parse_args(argc, argv, 0, &a))
        return free(a.features_buf), usage("json", "");
    WitResolve r;
    uint32_t main_pkg;
    if (load(&a, &r, &main_pkg))
        return finish(&a, &r, 1);
    Buf b;
    buf_init(&b);
    witjson_write(&r, &b);
    int rc = write_out(&b);
    buf_release(&b);
    return finish(&a, &r, rc);
}
