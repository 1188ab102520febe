/* test_wasi_cli.c - runs C guests (clang + wasi-libc) under the wrun CLI
 * and checks what a user would: output, exit status, error messages, and
 * the state of the host directories afterwards.  WRUN and GUESTS come from
 * tests/wasi/CMakeLists.txt. */
#include "run_util.h"

#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

/* Run wrun with the arguments (NULL-terminated); "@name" stands for the
 * guest GUESTS/name.wasm. */
static void wrun(RunResult *r, ...)
{
    char *argv[64];
    static char paths[8][PATH_MAX];
    int n = 0, np = 0;
    argv[n++] = (char *)WRUN;
    va_list ap;
    va_start(ap, r);
    const char *a;
    while ((a = va_arg(ap, const char *)) != NULL && n < 63) {
        if (a[0] == '@' && np < 8) {
            snprintf(paths[np], PATH_MAX, "%s/%s.wasm", GUESTS, a + 1);
            argv[n++] = paths[np++];
        } else {
            argv[n++] = (char *)a;
        }
    }
    va_end(ap);
    argv[n] = NULL;
    run_argv(r, argv, 60);
}

#define assert_contains(hay, needle)                                                            \
    do {                                                                                        \
        if (!strstr((hay), (needle)))                                                           \
            fail_msg("expected to find \"%s\" in:\n%s", (needle), (hay));                      \
    } while (0)

/* ---- arguments, environment, exit codes ---- */

static void test_hello_args(void **state)
{
    (void)state;
    RunResult r;
    wrun(&r, "@hello", "a", "b c", NULL);
    assert_int_equal(r.status, 0);
    char want[PATH_MAX + 200];
    snprintf(want, sizeof want,
             "hello, wasi\nargc 3\nargv[0] %s/hello.wasm\nargv[1] a\nargv[2] b c\nenvc 0\nGREETING (unset)\n",
             GUESTS);
    assert_string_equal(r.out, want);
    assert_string_equal(r.err, "");
}

static void test_env_granted(void **state)
{
    (void)state;
    RunResult r;
    setenv("GREETING", "from-host", 1);
    wrun(&r, "--env", "GREETING=hi", "--env", "X=1=2", "@hello", NULL);
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "envc 2\nenv GREETING=hi\nenv X=1=2\nGREETING hi\n");
    /* The host's value is not visible when not granted... */
    wrun(&r, "@hello", NULL);
    assert_contains(r.out, "envc 0\nGREETING (unset)\n");
    /* ...and is with --inherit-env (an explicit --env still wins). */
    wrun(&r, "--inherit-env", "@hello", NULL);
    assert_contains(r.out, "GREETING from-host\n");
    wrun(&r, "--inherit-env", "--env", "GREETING=mine", "@hello", NULL);
    assert_contains(r.out, "GREETING mine\n");
    /* --env KEY passes the host's value of that one variable. */
    wrun(&r, "--env", "GREETING", "--env", "UNSET_FOR_WRUN_TEST", "@hello", NULL);
    assert_contains(r.out, "envc 1\nenv GREETING=from-host\n");
    unsetenv("GREETING");
}

static void test_exit_codes(void **state)
{
    (void)state;
    RunResult r;
    static const struct { const char *how, *n; int status; } cases[] = {
        {"return", "0", 0}, {"return", "7", 7}, {"exit", "9", 9}, {"proc", "3", 3}, {"proc", "125", 125},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        wrun(&r, "@exitcode", cases[i].how, cases[i].n, NULL);
        assert_int_equal(r.status, cases[i].status);
        assert_string_equal(r.out, "start\n");
        assert_string_equal(r.err, "");
    }
    wrun(&r, "@exitcode", "proc", "200", NULL);
    assert_int_equal(r.status, 1);
    assert_contains(r.err, "wrun: error: exit with invalid exit status 200");
}

static void test_trap_backtrace(void **state)
{
    (void)state;
    RunResult r;
    wrun(&r, "@exitcode", "trap", NULL);
    assert_int_equal(r.status, 134);
    assert_string_equal(r.out, "start\n");
    assert_contains(r.err, "wrun: error: unreachable");
    assert_contains(r.err, "wasm backtrace:");
    /* Function names from the name section, innermost first. */
    char *first = strstr(r.err, "crash_here"), *main_ = strstr(r.err, "main");
    assert_non_null(first);
    assert_non_null(main_);
    assert_true(first < main_);
}

/* Every function of wasi-libc's preview-1 header links, with the type the
 * witx gives it (a wrong signature would fail instantiation). */
static void test_all_imports(void **state)
{
    (void)state;
    RunResult r;
    wrun(&r, "@allimports", NULL);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "45 functions\n");
    assert_string_equal(r.err, "");
}

/* ---- the command line itself ---- */

static void test_usage(void **state)
{
    (void)state;
    RunResult r;
    wrun(&r, "--help", NULL);
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "usage: wrun");
    assert_contains(r.out, "--dir HOST[::GUEST]");
    wrun(&r, NULL);
    assert_int_equal(r.status, 2);
    assert_contains(r.err, "no module given");
    wrun(&r, "--frobnicate", "@hello", NULL);
    assert_int_equal(r.status, 2);
    assert_contains(r.err, "unknown option '--frobnicate'");
    wrun(&r, "--fuel", "lots", "@hello", NULL);
    assert_int_equal(r.status, 2);
    wrun(&r, "--env", "=x", "@hello", NULL);
    assert_int_equal(r.status, 2);
    wrun(&r, "--dir", NULL);
    assert_int_equal(r.status, 2);
    /* "--" ends the options: what follows the module goes to the guest. */
    wrun(&r, "--", "@hello", "--dir", "x", NULL);
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "argv[1] --dir\nargv[2] x\n");
}

static void test_bad_modules(void **state)
{
    (void)state;
    char dir[256], path[300];
    scratch_new(dir);
    RunResult r;
    snprintf(path, sizeof path, "%s/junk.wasm", dir);
    put_file(path, "this is not wasm");
    wrun(&r, path, NULL);
    assert_int_equal(r.status, 1);
    assert_contains(r.err, path);
    assert_contains(r.err, ": offset 0x");
    assert_contains(r.err, "error: magic header not detected");
    /* A good header with a truncated section. */
    FILE *f = fopen(path, "wb");
    fwrite("\0asm\1\0\0\0\1\5\1\x60", 1, 12, f);
    fclose(f);
    wrun(&r, path, NULL);
    assert_int_equal(r.status, 1);
    assert_contains(r.err, "error: ");
    /* Well-formed but invalid: i32.add of an i32 and an f32. */
    static const unsigned char invalid[] = {
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
        0x03, 0x02, 0x01, 0x00, 0x0a, 0x0d, 0x01, 0x0b, 0x00, 0x41, 0x01, 0x43, 0x00, 0x00,
        0x00, 0x40, 0x6a, 0x1a, 0x0b};
    f = fopen(path, "wb");
    fwrite(invalid, 1, sizeof invalid, f);
    fclose(f);
    wrun(&r, path, NULL);
    assert_int_equal(r.status, 1);
    assert_contains(r.err, ": offset 0x");
    assert_contains(r.err, "(section 'code', func 0): error: type mismatch");
    f = fopen(path, "wb");
    fwrite("\0asm\x0d\0\1\0", 1, 8, f);
    fclose(f);
    wrun(&r, path, NULL);
    assert_int_equal(r.status, 1);
    assert_contains(r.err, "is a component");
    snprintf(path, sizeof path, "%s/missing.wasm", dir);
    wrun(&r, path, NULL);
    assert_int_equal(r.status, 1);
    assert_contains(r.err, "cannot read");
    wrun(&r, "--dir", "/nonexistent-dir-for-wrun-test", "@hello", NULL);
    assert_int_equal(r.status, 1);
    assert_contains(r.err, "cannot preopen directory");
    scratch_free(dir);
}

static void test_invoke(void **state)
{
    (void)state;
    RunResult r;
    wrun(&r, "--invoke", "add", "@exports", "40", "2", NULL);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "42\n");
    wrun(&r, "--invoke", "add", "@exports", "-5", "0x10", NULL);
    assert_string_equal(r.out, "11\n");
    wrun(&r, "--invoke", "mul64", "@exports", "4294967296", "3", NULL);
    assert_string_equal(r.out, "12884901888\n");
    wrun(&r, "--invoke", "half", "@exports", "5", NULL);
    assert_string_equal(r.out, "2.5\n");
    wrun(&r, "--invoke", "add", "@exports", "1", NULL);
    assert_int_equal(r.status, 2);
    assert_contains(r.err, "takes 2 argument(s), 1 given");
    wrun(&r, "--invoke", "add", "@exports", "1", "two", NULL);
    assert_int_equal(r.status, 2);
    wrun(&r, "--invoke", "nope", "@exports", NULL);
    assert_int_equal(r.status, 1);
    assert_contains(r.err, "no exported function 'nope'");
    wrun(&r, "--invoke", "divide", "@exports", "1", "0", NULL);
    assert_int_equal(r.status, 134);
    assert_contains(r.err, "integer divide by zero");
    /* No _start and no --invoke. */
    wrun(&r, "@exports", NULL);
    assert_int_equal(r.status, 1);
    assert_contains(r.err, "no '_start' export");
}

/* ---- files in a preopened directory ---- */

static void test_files_libc(void **state)
{
    (void)state;
    char dir[256], spec[300], buf[4096];
    scratch_new(dir);
    snprintf(spec, sizeof spec, "%s::/sb", dir);
    RunResult r;
    wrun(&r, "--dir", spec, "@files", NULL);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "stat 0 size 12\n"
                               "read hello world\n"
                               "append 1\n"
                               "rename 0\n"
                               "old gone 1\n"
                               "mkdir 0\n"
                               "mkdir again errno 20\n"
                               "nested create 1\n"
                               "ls /sb: b.txt d\n"
                               "ls /sb/d: x.txt\n"
                               "rmdir nonempty errno 55\n"
                               "unlink dir errno 31\n"
                               "unlink 0\n"
                               "rmdir 0\n"
                               "missing errno 44\n"
                               "ls /sb: b.txt\n");
    list_names(dir, buf, sizeof buf);
    assert_string_equal(buf, "b.txt");
    snprintf(spec, sizeof spec, "%s/b.txt", dir);
    get_file(spec, buf, sizeof buf);
    assert_string_equal(buf, "hello world\nmore\n");
    scratch_free(dir);
}

static void test_fd_calls(void **state)
{
    (void)state;
    char dir[256], spec[300], buf[4096];
    scratch_new(dir);
    snprintf(spec, sizeof spec, "%s::/sb", dir);
    RunResult r;
    wrun(&r, "--dir", spec, "@fsops", "seq", NULL);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "create errno 0\nwrite errno 0\nwritten 11\ntell errno 0\npos 11\n"
                               "seek errno 0\ndata world\npread errno 0\npread hello\n"
                               "fstat errno 0\nsize 11 type 4\ntruncate errno 0\nfstat errno 0\nsize 5\n"
                               "fdstat errno 0\nfiletype 4\nseek-bad-whence errno 28\nsync errno 0\n"
                               "open2 errno 0\nrenumber errno 0\nclose-old errno 8\n"
                               "renumber-closed errno 8\nclose errno 0\nclose-again errno 8\n"
                               "readdir-on-file errno 54\n");
    snprintf(spec, sizeof spec, "%s/f.txt", dir);
    get_file(spec, buf, sizeof buf);
    assert_string_equal(buf, "hello");

    snprintf(spec, sizeof spec, "%s::/sb", dir);
    wrun(&r, "--dir", spec, "@fsops", "prestat", NULL);
    assert_string_equal(r.out, "prestat errno 0\nname /sb\nprestat-stdout errno 8\nprestat-closed errno 8\n");
    /* Without "::GUEST" the guest sees the host path. */
    wrun(&r, "--dir", dir, "@fsops", "prestat", NULL);
    snprintf(buf, sizeof buf, "name %s\n", dir);
    assert_contains(r.out, buf);
    wrun(&r, "--dir", spec, "@fsops", "badptr", NULL);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "fd_write-iovs errno 21\npath_open-path errno 21\nargs_get-buf errno 21\n"
                               "fd_write-badfd errno 8\n");
    scratch_free(dir);
}

static void test_bad_pointers(void **state)
{
    (void)state;
    char dir[256], spec[300];
    scratch_new(dir);
    snprintf(spec, sizeof spec, "%s::/sb", dir);
    RunResult r;
    wrun(&r, "--env", "A=B", "--dir", spec, "@abuse", NULL);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.err, "");
    /* Every line but the last two is a fault. */
    int lines = 0;
    for (char *l = r.out; *l;) {
        char *nl = strchr(l, '\n');
        assert_non_null(nl);
        *nl = 0;
        if (!strncmp(l, "path-not-utf8 ", 14))
            assert_string_equal(l, "path-not-utf8 errno 25");
        else if (!strncmp(l, "path-with-nul ", 14))
            assert_string_equal(l, "path-with-nul errno 28");
        else if (!strstr(l, " errno 21"))
            fail_msg("expected errno 21 (fault): %s", l);
        lines++;
        l = nl + 1;
    }
    assert_int_equal(lines, 40);
    char buf[256];
    list_names(dir, buf, sizeof buf);
    assert_string_equal(buf, "abuse.txt");
    scratch_free(dir);
}

/* ---- the sandbox ---- */

typedef struct Escape {
    const char *op, *a, *b;
    int want;     /* errno */
} Escape;

static char g_root[256];

static void sym(const char *target, const char *name)
{
    char p[512];
    snprintf(p, sizeof p, "%s/sb/%s", g_root, name);
    if (symlink(target, p) < 0) {
        perror(p);
        exit(99);
    }
}

/* root/sb is preopened; root/outside holds what must stay untouched. */
static void build_tree(void)
{
    char p[512];
    scratch_new(g_root);
    snprintf(p, sizeof p, "%s/sb", g_root);
    mkdir(p, 0755);
    snprintf(p, sizeof p, "%s/sb/sub", g_root);
    mkdir(p, 0755);
    snprintf(p, sizeof p, "%s/outside", g_root);
    mkdir(p, 0755);
    snprintf(p, sizeof p, "%s/outside/dir", g_root);
    mkdir(p, 0755);
    snprintf(p, sizeof p, "%s/outside/secret.txt", g_root);
    put_file(p, "SECRET\n");
    snprintf(p, sizeof p, "%s/sb/inside.txt", g_root);
    put_file(p, "INSIDE\n");
    snprintf(p, sizeof p, "%s/sb/sub/deep.txt", g_root);
    put_file(p, "DEEP\n");
    snprintf(p, sizeof p, "%s/outside/secret.txt", g_root);
    sym(p, "out_abs");
    sym("../outside/secret.txt", "out_rel");
    sym("chain2", "chain1");
    sym("out_rel", "chain2");
    sym("sub", "subdir_link");
    sym("loop2", "loop1");
    sym("loop1", "loop2");
    snprintf(p, sizeof p, "%s/outside/dir", g_root);
    sym(p, "dirlink_abs");
    sym("../outside/dir", "dirlink_rel");
    sym("sub/deep.txt", "in_rel");
    sym("sub/../inside.txt", "up_in");
    sym("../inside.txt", "sub/uplink");
    sym("../../outside/secret.txt", "sub/escape");
    sym("../outside/created.txt", "dang_out"); /* dangling, pointing out */
}

static void run_escape(const Escape *e, const char *spec)
{
    RunResult r;
    wrun(&r, "--dir", spec, "@fsops", e->op, e->a, e->b, NULL);
    char want[512];
    snprintf(want, sizeof want, "%s errno %d\n", e->op, e->want);
    if (r.status != 0 || strncmp(r.out, want, strlen(want)))
        fail_msg("fsops %s '%s' '%s': want \"%s\", got status %d:\n%s%s", e->op, e->a,
                 e->b ? e->b : "", want, r.status, r.out, r.err);
}

static void check_outside_untouched(void)
{
    char p[512], buf[4096];
    snprintf(p, sizeof p, "%s/outside", g_root);
    list_names(p, buf, sizeof buf);
    assert_string_equal(buf, "dir secret.txt");
    snprintf(p, sizeof p, "%s/outside/dir", g_root);
    list_names(p, buf, sizeof buf);
    assert_string_equal(buf, "");
    snprintf(p, sizeof p, "%s/outside/secret.txt", g_root);
    get_file(p, buf, sizeof buf);
    assert_string_equal(buf, "SECRET\n");
    struct stat st;
    assert_int_equal(stat(p, &st), 0);
    assert_int_equal(st.st_nlink, 1);
    assert_true(st.st_mtime > 1000000); /* utimes on it (to 1 s) was refused */
    list_names(g_root, buf, sizeof buf);
    assert_string_equal(buf, "outside sb");
    snprintf(p, sizeof p, "%s/sb/inside.txt", g_root);
    get_file(p, buf, sizeof buf);
    assert_string_equal(buf, "INSIDE\n");
}

static void sandbox_escapes(void)
{
    build_tree();
    char spec[300], abs_secret[300];
    snprintf(spec, sizeof spec, "%s/sb::/sb", g_root);
    snprintf(abs_secret, sizeof abs_secret, "%s/outside/secret.txt", g_root);
    const Escape cases[] = {
        /* "..", absolute paths */
        {"open", "../outside/secret.txt", NULL, 63},
        {"open", "/etc/passwd", NULL, 63},
        {"open", abs_secret, NULL, 63},
        {"open", "sub/../../outside/secret.txt", NULL, 63},
        {"open", "..", NULL, 63},
        {"opendir", "..", NULL, 63},
        {"opendir", "sub/../..", NULL, 63},
        {"opendir", "./sub/../../sb", NULL, 63},
        {"ls", "..", NULL, 63},
        /* symlinks made on the host */
        {"open", "out_abs", NULL, 63},
        {"open", "out_rel", NULL, 63},
        {"open", "chain1", NULL, 63},
        {"open", "sub/escape", NULL, 63},
        {"open", "subdir_link/../../outside/secret.txt", NULL, 63},
        {"opendir", "dirlink_abs", NULL, 63},
        {"opendir", "dirlink_rel", NULL, 63},
        {"open-nofollow", "out_rel", NULL, 32},
        {"open", "loop1", NULL, 32},
        {"stat", "../outside/secret.txt", NULL, 63},
        {"stat", "out_abs", NULL, 63},
        {"utimes", "../outside/secret.txt", NULL, 63},
        {"utimes", "out_rel", NULL, 63},
        {"lutimes", "../outside/secret.txt", NULL, 63},
        {"lutimes", "dirlink_rel/../secret.txt", NULL, 63},
        {"lutimes", "out_rel", NULL, 0}, /* the link itself, inside */
        {"readlink", "../outside/dir", NULL, 63},
        /* creating or changing things outside */
        {"create", "../outside/new.txt", "X", 63},
        {"create", "out_rel", "X", 63},
        {"create", "dang_out", "X", 63},
        {"create-excl", "dang_out", NULL, 20}, /* excl never follows: the link exists */
        {"create", "dirlink_rel/new.txt", "X", 63},
        {"create", "dirlink_abs/new.txt", "X", 63},
        {"mkdir", "../outside/newdir", NULL, 63},
        {"mkdir", "dirlink_rel/newdir", NULL, 63},
        {"rmdir", "..", NULL, 63},
        {"rmdir", "../outside/dir", NULL, 63},
        {"rmdir", "dirlink_abs/.", NULL, 63},
        {"unlink", "../outside/secret.txt", NULL, 63},
        {"unlink", "dirlink_rel/../secret.txt", NULL, 63},
        {"rename", "inside.txt", "../outside/moved.txt", 63},
        {"rename", "../outside/secret.txt", "stolen.txt", 63},
        {"rename", "inside.txt", "dirlink_rel/moved.txt", 63},
        {"link", "../outside/secret.txt", "hard.txt", 63},
        {"link", "inside.txt", "../outside/hard.txt", 63},
        {"link", "out_abs/", "hard2.txt", 54},
        {"link-follow", "out_rel", "hard3.txt", 28},
        {"symlink", "x", "../outside/glink", 63},
        /* symlinks made by the guest */
        {"symlink", "../outside/secret.txt", "glink", 0},
        {"open", "glink", NULL, 63},
        {"symlink", "/etc/passwd", "gabs", 63}, /* absolute: refused, as in wasmtime */
        {"open", "gabs", NULL, 44},
        {"stat", "gabs", NULL, 44},
        {"symlink", "../../outside", "sub/gdir", 0},
        {"create", "sub/gdir/new.txt", "X", 63},
        {"rename", "sub/gdir", "moved_link", 0},
        {"open", "moved_link/secret.txt", NULL, 63},
        /* what stays inside works */
        {"open", "in_rel", NULL, 0},
        {"open", "up_in", NULL, 0},
        {"open", "sub/uplink", NULL, 0},
        {"open", "subdir_link/deep.txt", NULL, 0},
        {"open", "subdir_link/../inside.txt", NULL, 0},
        {"open", "./sub/./deep.txt", NULL, 0},
        {"lstat", "out_abs", NULL, 0},
        {"readlink", "out_rel", NULL, 0},
        {"open", "", NULL, 44},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        run_escape(&cases[i], spec);
    check_outside_untouched();
    /* The guest's own links are ordinary entries of the sandbox. */
    char p[512], buf[4096];
    snprintf(p, sizeof p, "%s/sb", g_root);
    list_names(p, buf, sizeof buf);
    assert_contains(buf, "glink in_rel inside.txt");
    assert_null(strstr(buf, "gabs"));
    assert_contains(buf, "moved_link");
    scratch_free(g_root);
}

/* Both resolvers: openat2 (the default here) and the component walk. */
static void test_sandbox_escapes(void **state)
{
    (void)state;
    sandbox_escapes();
    setenv("WRUN_SANDBOX_WALK", "1", 1);
    sandbox_escapes();
    unsetenv("WRUN_SANDBOX_WALK");
}

static void test_sandbox_contents(void **state)
{
    (void)state;
    build_tree();
    char spec[300];
    snprintf(spec, sizeof spec, "%s/sb::/sb", g_root);
    RunResult r;
    wrun(&r, "--dir", spec, "@fsops", "open", "sub/uplink", NULL);
    assert_string_equal(r.out, "open errno 0\ndata INSIDE\n\n");
    wrun(&r, "--dir", spec, "@fsops", "ls", "sub", NULL);
    assert_string_equal(r.out, "entry deep.txt\nentry escape\nentry uplink\nls errno 0\n");
    wrun(&r, "--dir", spec, "@fsops", "stat", "in_rel", NULL);
    assert_string_equal(r.out, "stat errno 0\ntype 4 size 5\n");
    wrun(&r, "--dir", spec, "@fsops", "lstat", "in_rel", NULL);
    assert_string_equal(r.out, "lstat errno 0\ntype 7 size 12\n");
    wrun(&r, "--dir", spec, "@fsops", "readlink", "out_rel", NULL);
    assert_string_equal(r.out, "readlink errno 0\ntarget ../outside/secret.txt\n");
    wrun(&r, "--dir", spec, "@fsops", "create-excl", "inside.txt", NULL);
    assert_string_equal(r.out, "create-excl errno 20\n");
    /* Without any --dir there is nothing at fd 3. */
    wrun(&r, "@fsops", "open", "inside.txt", NULL);
    assert_string_equal(r.out, "open errno 8\n");
    check_outside_untouched();
    scratch_free(g_root);
}

static void test_stdin(void **state)
{
    (void)state;
    RunResult r;
    run_stdin = "line one\nline two";
    wrun(&r, "@fsops", "stdin", NULL);
    run_stdin = NULL;
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "poll errno 0\nevents 1 type 1 nbytes 17\nread errno 0\n"
                               "stdin 17: line one\nline two\n");
    /* A guest blocked reading a silent pipe is still stopped by --timeout. */
    run_stdin = RUN_STDIN_HANG;
    wrun(&r, "--timeout", "300", "@fsops", "stdin", NULL);
    run_stdin = NULL;
    assert_int_equal(r.status, 134);
    assert_contains(r.err, "timeout");
    assert_true(r.seconds < 10);
    run_stdin = RUN_STDIN_HANG; /* the same in fd_read itself */
    wrun(&r, "--timeout", "300", "@fsops", "stdin", "nopoll", NULL);
    run_stdin = NULL;
    assert_int_equal(r.status, 134);
    assert_contains(r.err, "timeout: deadline exceeded while the guest waited for input");
    assert_true(r.seconds < 10);
}

/* Behaviours portable guests rely on (the cases of the wasi-testsuite),
 * with each resolver. */
static void test_conformance(void **state)
{
    (void)state;
    for (int walk = 0; walk < 2; walk++) {
        if (walk)
            setenv("WRUN_SANDBOX_WALK", "1", 1);
        char dir[256], spec[300];
        scratch_new(dir);
        snprintf(spec, sizeof spec, "%s::/sb", dir);
        RunResult r;
        wrun(&r, "--dir", spec, "@conform", NULL);
        if (r.status != 0 || strstr(r.out, "FAIL") || !strstr(r.out, "\n0 failures\n"))
            fail_msg("conform (walk %d), status %d:\n%s%s", walk, r.status, r.out, r.err);
        scratch_free(dir);
        unsetenv("WRUN_SANDBOX_WALK");
    }
}

/* Random call sequences (an in-guest fuzzer) with both resolvers: every
 * answer a witx errno, no crash, stdio untouched, nothing outside. */
static void test_chaos(void **state)
{
    (void)state;
    char root[256], p[512], spec[600], buf[4096];
    scratch_new(root);
    snprintf(p, sizeof p, "%s/sb", root);
    mkdir(p, 0755);
    snprintf(spec, sizeof spec, "%s::/sb", p);
    snprintf(p, sizeof p, "%s/outside", root);
    mkdir(p, 0755);
    snprintf(p, sizeof p, "%s/outside/s", root);
    put_file(p, "S\n");
    snprintf(p, sizeof p, "%s/sb/out", root);
    assert_int_equal(symlink("../outside", p), 0);
    snprintf(p, sizeof p, "%s/sb/l", root);
    snprintf(buf, sizeof buf, "%s/outside", root);
    assert_int_equal(symlink(buf, p), 0);
    static const char *const seeds[] = {"1", "2", "3"};
    for (int walk = 0; walk < 2; walk++) {
        if (walk)
            setenv("WRUN_SANDBOX_WALK", "1", 1);
        for (size_t i = 0; i < sizeof seeds / sizeof *seeds; i++) {
            RunResult r;
            wrun(&r, "--dir", spec, "@chaos", seeds[i], "20000", NULL);
            if (r.status != 0 || strcmp(r.out, "chaos done, 0 bad answers\n") || r.err[0])
                fail_msg("chaos seed %s walk %d: status %d\n%.2000s\n%.2000s", seeds[i], walk, r.status,
                         r.out, r.err);
        }
        unsetenv("WRUN_SANDBOX_WALK");
    }
    snprintf(p, sizeof p, "%s/outside", root);
    list_names(p, buf, sizeof buf);
    assert_string_equal(buf, "s");
    snprintf(p, sizeof p, "%s/outside/s", root);
    get_file(p, buf, sizeof buf);
    assert_string_equal(buf, "S\n");
    list_names(root, buf, sizeof buf);
    assert_string_equal(buf, "outside sb");
    scratch_free(root);
}

/* Older binaries import "wasi_unstable" (snapshot 0). */
static void test_snapshot0(void **state)
{
    (void)state;
    char dir[256], spec[300];
    scratch_new(dir);
    snprintf(spec, sizeof spec, "%s::/sb", dir);
    RunResult r;
    wrun(&r, "--dir", spec, "@unstable", NULL);
    if (r.status != 0 || strstr(r.out, "FAIL") || !strstr(r.out, "\n0 failures\n"))
        fail_msg("unstable guest, status %d:\n%s%s", r.status, r.out, r.err);
    scratch_free(dir);
}

/* ---- clocks, random, poll ---- */

static void test_clocks(void **state)
{
    (void)state;
    RunResult r;
    wrun(&r, "@clocks", NULL);
    if (r.status != 0 || strstr(r.out, "FAIL"))
        fail_msg("clocks guest failed (status %d):\n%s%s", r.status, r.out, r.err);
    assert_contains(r.out, "ok relative sleep 50ms\n");
}

/* ---- limits ---- */

static void test_fuel(void **state)
{
    (void)state;
    RunResult r;
    wrun(&r, "--fuel", "2000000", "@limits", "loop", NULL);
    assert_int_equal(r.status, 134);
    assert_contains(r.err, "wrun: error: fuel exhausted");
    /* Enough fuel for a short program. */
    wrun(&r, "--fuel", "50000000", "@hello", NULL);
    assert_int_equal(r.status, 0);
}

static void test_timeout(void **state)
{
    (void)state;
    RunResult r;
    wrun(&r, "--timeout", "300", "@limits", "loop", NULL);
    assert_int_equal(r.status, 134);
    assert_contains(r.err, "timeout");
    assert_true(r.seconds < 20);
    /* A sleeping guest is stopped too (poll_oneoff honours the deadline). */
    wrun(&r, "--timeout", "300", "@limits", "sleep", "20000", NULL);
    assert_int_equal(r.status, 134);
    assert_contains(r.err, "timeout");
    assert_true(r.seconds < 10);
    wrun(&r, "--timeout", "10000", "@limits", "sleep", "10", NULL);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "slept\n");
}

static void test_stack(void **state)
{
    (void)state;
    RunResult r;
    wrun(&r, "@limits", "recurse", NULL);
    assert_int_equal(r.status, 134);
    assert_contains(r.err, "wrun: error: call stack exhausted");
    wrun(&r, "--max-stack", "100", "@limits", "recurse", NULL);
    assert_int_equal(r.status, 134);
    assert_contains(r.err, "call stack exhausted");
}

static void test_max_memory(void **state)
{
    (void)state;
    RunResult r;
    wrun(&r, "--max-memory", "4M", "@limits", "grow", NULL);
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "-> 64\n"); /* 4 MiB = 64 pages */
    assert_contains(r.out, "malloc(64 MiB) failed\n");
    /* wasi-libc programs start with 2 pages: above a 1-page cap. */
    wrun(&r, "--max-memory", "65536", "@hello", NULL);
    assert_int_equal(r.status, 1);
    assert_contains(r.err, "wrun: error: memory limit exceeded");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hello_args),     cmocka_unit_test(test_env_granted),
        cmocka_unit_test(test_exit_codes),     cmocka_unit_test(test_trap_backtrace),
        cmocka_unit_test(test_all_imports),
        cmocka_unit_test(test_usage),          cmocka_unit_test(test_bad_modules),
        cmocka_unit_test(test_invoke),         cmocka_unit_test(test_files_libc),
        cmocka_unit_test(test_fd_calls),       cmocka_unit_test(test_bad_pointers),
        cmocka_unit_test(test_sandbox_escapes),
        cmocka_unit_test(test_sandbox_contents), cmocka_unit_test(test_conformance),
        cmocka_unit_test(test_stdin),          cmocka_unit_test(test_snapshot0),
        cmocka_unit_test(test_chaos),
        cmocka_unit_test(test_clocks),
        cmocka_unit_test(test_fuel),           cmocka_unit_test(test_timeout),
        cmocka_unit_test(test_stack),          cmocka_unit_test(test_max_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
