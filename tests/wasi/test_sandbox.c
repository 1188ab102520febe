/* test_sandbox.c - the guest path resolver (runtime/wasi/wasi_sandbox.c) on
 * the host, without wasm: the same table of escapes and legitimate paths
 * through both strategies (openat2 and the O_NOFOLLOW walk), which must
 * agree. */
#define _GNU_SOURCE
#include "run_util.h"
#include "wasi_sandbox.h"

#include <errno.h>
#include <fcntl.h>
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

static char root[256];
static int sbfd = -1;

static void at(char *buf, size_t cap, const char *rel) { snprintf(buf, cap, "%s/%s", root, rel); }

static void mk(const char *rel, const char *text)
{
    char p[512];
    at(p, sizeof p, rel);
    if (text)
        put_file(p, text);
    else
        mkdir(p, 0755);
}

static void ln(const char *target, const char *rel)
{
    char p[512];
    at(p, sizeof p, rel);
    assert_int_equal(symlink(target, p), 0);
}

static int setup(void **state)
{
    (void)state;
    scratch_new(root);
    mk("sb", NULL);
    mk("sb/sub", NULL);
    mk("sb/sub/deeper", NULL);
    mk("outside", NULL);
    mk("outside/secret.txt", "SECRET");
    mk("sb/inside.txt", "INSIDE");
    mk("sb/sub/deep.txt", "DEEP");
    char p[512];
    at(p, sizeof p, "outside/secret.txt");
    ln(p, "sb/abs");
    ln("../outside/secret.txt", "sb/rel");
    ln("sub", "sb/subl");
    ln("../inside.txt", "sb/sub/up");
    ln("../../outside", "sb/sub/out");
    ln("deeper/../../inside.txt", "sb/sub/zigzag");
    ln("l2", "sb/l1");
    ln("l1", "sb/l2");
    ln("nothing-here", "sb/dangling");
    ln("/", "sb/slash");
    /* A chain of 30 links (fine) and one of 45 (over the limit of 40). */
    for (int i = 0; i < 45; i++) {
        char name[64], target[64];
        snprintf(name, sizeof name, "sb/c%d", i);
        snprintf(target, sizeof target, i == 0 ? "inside.txt" : "c%d", i - 1);
        ln(target, name);
    }
    at(p, sizeof p, "sb");
    sbfd = open(p, O_RDONLY | O_DIRECTORY);
    assert_true(sbfd >= 0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    close(sbfd);
    scratch_free(root);
    sbx_set_mode(SBX_AUTO);
    return 0;
}

typedef struct Case {
    const char *path;
    int follow;
    int want;          /* host errno, 0 = opens */
    const char *data;  /* expected contents when it opens a file */
} Case;

static const Case open_cases[] = {
    {"inside.txt", 1, 0, "INSIDE"},
    {"./sub/../inside.txt", 1, 0, "INSIDE"},
    {"sub/deep.txt", 1, 0, "DEEP"},
    {"subl/deep.txt", 1, 0, "DEEP"},
    {"subl/../inside.txt", 1, 0, "INSIDE"},
    {"sub/up", 1, 0, "INSIDE"},
    {"sub/zigzag", 1, 0, "INSIDE"},
    {"sub//deeper/..//deep.txt", 1, 0, "DEEP"},
    {"c29", 1, 0, "INSIDE"},
    {"c44", 1, ELOOP, NULL},
    {"l1", 1, ELOOP, NULL},
    {"rel", 0, ELOOP, NULL},
    {"dangling", 1, ENOENT, NULL},
    {"missing/file", 1, ENOENT, NULL},
    {"inside.txt/x", 1, ENOTDIR, NULL},
    {"", 1, ENOENT, NULL},
    /* escapes */
    {"..", 1, EPERM, NULL},
    {"../outside/secret.txt", 1, EPERM, NULL},
    {"sub/../../outside/secret.txt", 1, EPERM, NULL},
    {"/etc/passwd", 1, EPERM, NULL},
    {"abs", 1, EPERM, NULL},
    {"rel", 1, EPERM, NULL},
    {"slash", 1, EPERM, NULL},
    {"slash/etc/passwd", 1, EPERM, NULL},
    {"sub/out/secret.txt", 1, EPERM, NULL},
    {"subl/../../outside", 1, EPERM, NULL},
    {"sub/deeper/../../..", 1, EPERM, NULL},
};

static void check_open(const Case *c)
{
    int fd = -1;
    int e = sbx_open(sbfd, c->path, O_RDONLY, 0, c->follow, &fd);
    if (e != c->want)
        fail_msg("open '%s' (follow %d, mode %d): errno %d (%s), want %d", c->path, c->follow,
                 sbx_mode(), e, strerror(e), c->want);
    if (!e) {
        char buf[64] = "";
        ssize_t n = read(fd, buf, sizeof buf - 1);
        buf[n > 0 ? n : 0] = 0;
        close(fd);
        if (c->data)
            assert_string_equal(buf, c->data);
    }
}

typedef struct ParentCase {
    const char *path;
    int want;
    const char *leaf;
} ParentCase;

static const ParentCase parent_cases[] = {
    {"new.txt", 0, "new.txt"},
    {"sub/new.txt", 0, "new.txt"},
    {"subl/new.txt", 0, "new.txt"},
    {"sub/deeper/", 0, "deeper"},
    {"sub/..", 0, "."},
    {".", 0, "."},
    {"abs", 0, "abs"},            /* the link itself: never followed */
    {"inside.txt/", ENOTDIR, NULL},
    {"abs/", ENOTDIR, NULL},       /* a trailing slash would follow it */
    {"..", EPERM, NULL},
    {"../x", EPERM, NULL},
    {"sub/out/x", EPERM, NULL},
    {"rel/x", EPERM, NULL},
    {"/x", EPERM, NULL},
    {"slash/tmp/x", EPERM, NULL},
};

static void check_parent(const ParentCase *c)
{
    int fd = -1;
    char leaf[NAME_MAX + 1] = "";
    int e = sbx_parent(sbfd, c->path, &fd, leaf);
    if (e != c->want)
        fail_msg("parent '%s' (mode %d): errno %d (%s), want %d", c->path, sbx_mode(), e,
                 strerror(e), c->want);
    if (!e) {
        assert_string_equal(leaf, c->leaf);
        close(fd);
    }
}

static void run_all(void)
{
    for (size_t i = 0; i < sizeof open_cases / sizeof *open_cases; i++)
        check_open(&open_cases[i]);
    for (size_t i = 0; i < sizeof parent_cases / sizeof *parent_cases; i++)
        check_parent(&parent_cases[i]);
    /* The parent of a path through a followed directory link is that
     * directory: creating there lands inside the sandbox. */
    int fd;
    char leaf[NAME_MAX + 1];
    assert_int_equal(sbx_parent(sbfd, "subl/made.txt", &fd, leaf), 0);
    int f = openat(fd, leaf, O_CREAT | O_WRONLY | O_EXCL, 0644);
    assert_true(f >= 0);
    close(f);
    close(fd);
    char p[512];
    at(p, sizeof p, "sb/sub/made.txt");
    assert_int_equal(unlink(p), 0);
    /* Creating through O_CREAT follows only inside. */
    assert_int_equal(sbx_open(sbfd, "rel", O_CREAT | O_WRONLY, 0644, 1, &fd), EPERM);
    assert_int_equal(sbx_open(sbfd, "dangling", O_CREAT | O_WRONLY, 0644, 1, &fd), 0);
    close(fd);
    at(p, sizeof p, "sb/nothing-here");
    assert_int_equal(unlink(p), 0);
    /* Nothing outside changed. */
    char buf[256];
    at(p, sizeof p, "outside");
    list_names(p, buf, sizeof buf);
    assert_string_equal(buf, "secret.txt");
}

static void test_walk(void **state)
{
    (void)state;
    sbx_set_mode(SBX_WALK);
    assert_int_equal(sbx_mode(), SBX_WALK);
    run_all();
}

static void test_openat2(void **state)
{
    (void)state;
    sbx_set_mode(SBX_AUTO);
    if (sbx_mode() != SBX_OPENAT2) {
        print_message("kernel without openat2: only the walk is used here\n");
        skip();
    }
    sbx_set_mode(SBX_OPENAT2);
    run_all();
}

static void test_long_paths(void **state)
{
    (void)state;
    /* A path of PATH_MAX bytes is refused cleanly in both modes. */
    char *p = malloc(PATH_MAX + 10);
    memset(p, 'a', PATH_MAX + 9);
    p[PATH_MAX + 9] = 0;
    int fd;
    char leaf[NAME_MAX + 1];
    for (int m = SBX_OPENAT2; m <= SBX_WALK; m++) {
        sbx_set_mode((SbxMode)m);
        if (m == SBX_OPENAT2) {
            sbx_set_mode(SBX_AUTO);
            if (sbx_mode() != SBX_OPENAT2)
                continue;
            sbx_set_mode(SBX_OPENAT2);
        }
        assert_int_equal(sbx_parent(sbfd, p, &fd, leaf), ENAMETOOLONG);
        assert_int_not_equal(sbx_open(sbfd, p, O_RDONLY, 0, 1, &fd), 0);
    }
    /* Many ".." that stay inside are fine: sub/x/../x/../.. */
    char *q = malloc(4000);
    strcpy(q, "sub");
    for (int i = 0; i < 300; i++)
        strcat(q, "/deeper/..");
    strcat(q, "/deep.txt");
    sbx_set_mode(SBX_WALK);
    assert_int_equal(sbx_open(sbfd, q, O_RDONLY, 0, 1, &fd), 0);
    close(fd);
    free(q);
    free(p);
}

/* Random paths over the tree (a fixed seed, so failures reproduce): both
 * resolvers must agree, and whatever opens must lie inside the sandbox. */
static uint32_t rng = 12345;
static uint32_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

static void random_path(char *out, size_t cap)
{
    static const char *const parts[] = {"sub", "deeper", "..", ".", "subl", "up", "out", "abs", "rel",
                                        "inside.txt", "deep.txt", "zigzag", "l1", "c3", "slash",
                                        "missing", "", "escape"};
    out[0] = 0;
    if (next_rand() % 16 == 0)
        strcat(out, "/");
    int n = 1 + (int)(next_rand() % 7);
    for (int i = 0; i < n; i++) {
        if (i)
            strncat(out, "/", cap - strlen(out) - 1);
        strncat(out, parts[next_rand() % (sizeof parts / sizeof *parts)], cap - strlen(out) - 1);
    }
    if (next_rand() % 8 == 0)
        strncat(out, "/", cap - strlen(out) - 1);
}

static void inside_root(int fd, const char *path)
{
    char proc[64], real[PATH_MAX], sb[512];
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(proc, real, sizeof real - 1);
    assert_true(n > 0);
    real[n] = 0;
    at(sb, sizeof sb, "sb");
    char rsb[PATH_MAX];
    assert_non_null(realpath(sb, rsb));
    size_t l = strlen(rsb);
    if (strncmp(real, rsb, l) || (real[l] && real[l] != '/'))
        fail_msg("'%s' opened '%s', outside '%s'", path, real, rsb);
}

static void test_random_paths(void **state)
{
    (void)state;
    sbx_set_mode(SBX_AUTO);
    int have2 = sbx_mode() == SBX_OPENAT2;
    char path[256];
    int opened = 0, refused = 0;
    for (int i = 0; i < 20000; i++) {
        random_path(path, sizeof path);
        int follow = (int)(next_rand() % 2);
        int fd1 = -1, fd2 = -1;
        sbx_set_mode(SBX_WALK);
        int e1 = sbx_open(sbfd, path, O_PATH, 0, follow, &fd1);
        int e2 = e1;
        if (have2) {
            sbx_set_mode(SBX_OPENAT2);
            e2 = sbx_open(sbfd, path, O_PATH, 0, follow, &fd2);
        }
        if (e1 != e2)
            fail_msg("'%s' follow %d: walk errno %d (%s), openat2 errno %d (%s)", path, follow, e1,
                     strerror(e1), e2, strerror(e2));
        if (!e1) {
            opened++;
            inside_root(fd1, path);
            struct stat s1, s2;
            fstat(fd1, &s1);
            if (have2) {
                inside_root(fd2, path);
                fstat(fd2, &s2);
                if (s1.st_ino != s2.st_ino)
                    fail_msg("'%s': the resolvers opened different files", path);
                close(fd2);
            }
            close(fd1);
        } else {
            refused += e1 == EPERM;
        }
        /* sbx_parent must agree too. */
        char leaf1[NAME_MAX + 1], leaf2[NAME_MAX + 1];
        int p1 = -1, p2 = -1;
        sbx_set_mode(SBX_WALK);
        e1 = sbx_parent(sbfd, path, &p1, leaf1);
        e2 = e1;
        if (have2) {
            sbx_set_mode(SBX_OPENAT2);
            e2 = sbx_parent(sbfd, path, &p2, leaf2);
        }
        if (e1 != e2)
            fail_msg("parent of '%s': walk errno %d, openat2 errno %d", path, e1, e2);
        if (!e1) {
            inside_root(p1, path);
            close(p1);
            if (have2) {
                inside_root(p2, path);
                close(p2);
                if (strcmp(leaf1, leaf2))
                    fail_msg("parent of '%s': leaf '%s' vs '%s'", path, leaf1, leaf2);
            }
        }
    }
    print_message("random paths: %d opened, %d escapes refused\n", opened, refused);
    assert_true(opened > 1000 && refused > 1000); /* the generator reaches both */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_walk, setup, teardown),
        cmocka_unit_test_setup_teardown(test_openat2, setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_paths, setup, teardown),
        cmocka_unit_test_setup_teardown(test_random_paths, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
