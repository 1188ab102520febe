/* spec_binary.c - the spec testsuite against the core decoder/encoder.
 *
 * Usage: core_spec_binary DIR   (DIR holds wast2json output: *.json + modules)
 *
 * For every command of every *.json:
 *   assert_malformed, module_type "binary": decoding must fail and our
 *       message must start with the expected text;
 *   module (binary): must decode, and encode back to the same bytes - unless
 *       the input is non-canonical, which we detect by decoding the input
 *       once more from our output and requiring a fixpoint (counted apart);
 *   assert_invalid / assert_unlinkable / assert_uninstantiable (binary):
 *       well-formed but invalid, so they must decode.  One exception is
 *       wabt's, not ours: for a module that uses data.drop/memory.init but has
 *       no data segment, wast2json writes no data count section, which makes
 *       the binary malformed ("data count section required"); the reference
 *       encoder would write one.  Those are counted apart.
 * Non-canonical inputs (padded LEBs) are expected only in the files that test
 * them on purpose (binary-leb128, float_literals); elsewhere they fail.
 * Prints counts and every mismatch; exit 1 if any.
 */
#include "arena.h"
#include "buf.h"
#include "fileio.h"
#include "json.h"
#include "wmod.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Stats {
    int malformed_ok, malformed_bad;
    int modules_identical, modules_noncanonical, modules_bad;
    int invalid_decoded, invalid_bad, invalid_wabt_datacount;
} Stats;

static const char *dir;

/* Decode dir/file; returns the error code (0 ok).  On success with enc,
 * also encodes into enc. */
static CmErr decode_file(const char *file, CmError *err, uint8_t **out_data, size_t *out_len,
                         Arena *a, WModule **out_m)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    if (file_read(path, out_data, out_len)) {
        err_set(err, CM_E_IO, CM_NO_OFFSET, "cannot read %s", path);
        return CM_E_IO;
    }
    return wmod_decode(a, *out_data, *out_len, out_m, err);
}

static void on_malformed(const char *json, const Json *cmd, Stats *st)
{
    const char *file = json_str(json_get(cmd, "filename"));
    const char *text = json_str(json_get(cmd, "text"));
    Arena a;
    arena_init(&a);
    CmError err;
    uint8_t *data = NULL;
    size_t len = 0;
    WModule *m;
    CmErr e = decode_file(file, &err, &data, &len, &a, &m);
    const char *line = json_str(json_get(cmd, "line"));
    if (e == CM_OK) {
        printf("MISMATCH %s:%s %s: decoded, expected \"%s\"\n", json, line, file, text);
        st->malformed_bad++;
    } else if (strncmp(err_message(e), text, strlen(text)) != 0) {
        printf("MISMATCH %s:%s %s: got \"%s\" at 0x%llx, expected \"%s\"\n", json, line, file,
               err_message(e), (unsigned long long)err.offset, text);
        st->malformed_bad++;
    } else {
        st->malformed_ok++;
    }
    free(data);
    arena_release(&a);
}

static void on_module(const char *json, const Json *cmd, Stats *st, int must_roundtrip)
{
    const char *file = json_str(json_get(cmd, "filename"));
    const char *line = json_str(json_get(cmd, "line"));
    Arena a;
    arena_init(&a);
    CmError err;
    uint8_t *data = NULL;
    size_t len = 0;
    WModule *m, *m2;
    Buf out, out2;
    buf_init(&out);
    buf_init(&out2);
    CmErr e = decode_file(file, &err, &data, &len, &a, &m);
    if (e == CM_E_DATA_COUNT_REQUIRED && !must_roundtrip) {
        st->invalid_wabt_datacount++;
    } else if (e) {
        char msg[512];
        err_format(&err, file, msg, sizeof msg);
        printf("MISMATCH %s:%s %s\n", json, line, msg);
        must_roundtrip ? st->modules_bad++ : st->invalid_bad++;
    } else if (!must_roundtrip) {
        st->invalid_decoded++;
    } else if (wmod_encode(m, &out)) {
        printf("MISMATCH %s:%s %s: encode failed\n", json, line, file);
        st->modules_bad++;
    } else if (out.len == len && memcmp(out.data, data, len) == 0) {
        st->modules_identical++;
    } else if ((strcmp(json, "binary-leb128.json") == 0 || strcmp(json, "float_literals.json") == 0) &&
               !wmod_decode(&a, out.data, out.len, &m2, &err) && !wmod_encode(m2, &out2) &&
               out2.len == out.len && memcmp(out2.data, out.data, out.len) == 0) {
        printf("note %s:%s %s: non-canonical input, re-encoding is a fixpoint\n", json, line,
               file);
        st->modules_noncanonical++;
    } else {
        printf("MISMATCH %s:%s %s: re-encoding differs (non-canonical input outside the LEB tests, or not a fixpoint)\n", json, line, file);
        st->modules_bad++;
    }
    buf_release(&out);
    buf_release(&out2);
    free(data);
    arena_release(&a);
}

static int run_json(const char *name, Stats *st)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    uint8_t *text;
    size_t len;
    if (file_read(path, &text, &len)) {
        printf("FAIL %s: cannot read\n", path);
        return 1;
    }
    Arena a;
    arena_init(&a);
    char errbuf[256];
    Json *root = json_parse(&a, (const char *)text, len, errbuf, sizeof errbuf);
    const Json *cmds = json_get(root, "commands");
    int rc = 0;
    if (!cmds) {
        printf("FAIL %s: %s\n", path, root ? "no commands" : errbuf);
        rc = 1;
    }
    for (size_t i = 0; i < json_len(cmds); i++) {
        const Json *c = json_at(cmds, i);
        const char *type = json_str(json_get(c, "type"));
        const char *mtype = json_str(json_get(c, "module_type"));
        int binary = !mtype || strcmp(mtype, "binary") == 0;
        if (!type || !json_get(c, "filename") || !binary)
            continue;
        if (strcmp(type, "assert_malformed") == 0)
            on_malformed(name, c, st);
        else if (strcmp(type, "module") == 0)
            on_module(name, c, st, 1);
        else if (strcmp(type, "assert_invalid") == 0 || strcmp(type, "assert_unlinkable") == 0 ||
                 strcmp(type, "assert_uninstantiable") == 0)
            on_module(name, c, st, 0);
    }
    arena_release(&a);
    free(text);
    return rc;
}

static int by_name(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s DIR\n", argv[0]);
        return 2;
    }
    dir = argv[1];
    DIR *d = opendir(dir);
    if (!d) {
        printf("FAIL: cannot open %s\n", dir);
        return 1;
    }
    char *names[1024];
    size_t n = 0;
    struct dirent *ent;
    while ((ent = readdir(d)) && n < 1024) {
        size_t l = strlen(ent->d_name);
        if (l > 5 && strcmp(ent->d_name + l - 5, ".json") == 0)
            names[n++] = strdup(ent->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, by_name);
    Stats st = {0};
    int rc = n == 0;
    for (size_t i = 0; i < n; i++) {
        rc |= run_json(names[i], &st);
        free(names[i]);
    }
    printf("json files: %zu\n", n);
    printf("assert_malformed (binary): %d ok, %d mismatched\n", st.malformed_ok, st.malformed_bad);
    printf("modules: %d round-trip identical, %d non-canonical (fixpoint), %d failed\n",
           st.modules_identical, st.modules_noncanonical, st.modules_bad);
    printf("assert_invalid/unlinkable/uninstantiable: %d decoded, %d failed to decode, "
           "%d without wabt's data count section\n",
           st.invalid_decoded, st.invalid_bad, st.invalid_wabt_datacount);
    return rc || st.malformed_bad || st.modules_bad || st.invalid_bad ? 1 : 0;
}
