/* test_w2_io.c - the WASI 0.2 host's stream, pollable and object-table
 * logic (runtime/wasi2/w2_io.h, w2_int.h) on host pipes and files, without
 * any wasm; and the error-code numbering checked against the shipped WIT. */
#define _GNU_SOURCE
#include "w2_io.h"

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

static void test_pipe_read_nonblocking_then_closed(void **state)
{
    (void)state;
    int p[2];
    assert_int_equal(pipe(p), 0);
    W2Stream s;
    w2_stream_init(&s, W2S_FD, p[0], 0, 0);
    uint8_t *buf;
    size_t n;
    int e = 0;
    /* Nothing written yet: a non-blocking read gives 0 bytes, not an error. */
    assert_int_equal(w2_stream_read(&s, 10, 0, 0, &buf, &n, &e), W2ST_OK);
    assert_int_equal(n, 0);
    assert_int_equal(write(p[1], "abc", 3), 3);
    assert_int_equal(w2_stream_read(&s, 10, 0, 0, &buf, &n, &e), W2ST_OK);
    assert_int_equal(n, 3);
    assert_memory_equal(buf, "abc", 3);
    free(buf);
    close(p[1]);
    /* The writer is gone: the end of the stream is "closed", and stays so. */
    assert_int_equal(w2_stream_read(&s, 10, 1, 0, &buf, &n, &e), W2ST_CLOSED);
    assert_int_equal(w2_stream_read(&s, 10, 0, 0, &buf, &n, &e), W2ST_CLOSED);
    close(p[0]);
}

static void test_pipe_pollable(void **state)
{
    (void)state;
    int p[2];
    assert_int_equal(pipe(p), 0);
    W2Stream s;
    w2_stream_init(&s, W2S_FD, p[0], 1, 0);
    W2Poll pl;
    w2_stream_pollable(&s, 0, &pl);
    assert_int_equal(pl.kind, W2P_FD_IN);
    assert_false(w2_poll_ready(&pl));
    assert_int_equal(write(p[1], "x", 1), 1);
    assert_true(w2_poll_ready(&pl));
    close(p[0]);
    close(p[1]);
}

static int scratch_file(void)
{
    char path[] = "/tmp/w2io-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    unlink(path);
    return fd;
}

static void test_file_streams(void **state)
{
    (void)state;
    int fd = scratch_file();
    assert_int_equal(write(fd, "0123456789", 10), 10);
    W2Stream w, r, a;
    int e = 0;
    /* Writes at the stream's own offset, not at the fd's position. */
    w2_stream_init(&w, W2S_FILE, dup(fd), 0, 2);
    assert_int_equal(w2_stream_write(&w, (const uint8_t *)"AB", 2, &e), W2ST_OK);
    assert_int_equal(w2_stream_write(&w, (const uint8_t *)"C", 1, &e), W2ST_OK);
    w2_stream_init(&a, W2S_APPEND, dup(fd), 0, 0);
    assert_int_equal(w2_stream_write(&a, (const uint8_t *)"Z", 1, &e), W2ST_OK);
    assert_int_equal(w2_stream_write_zeroes(&a, 2, &e), W2ST_OK);
    w2_stream_init(&r, W2S_FILE, dup(fd), 0, 1);
    uint8_t *buf;
    size_t n;
    assert_int_equal(w2_stream_read(&r, 100, 0, 0, &buf, &n, &e), W2ST_OK);
    assert_int_equal(n, 12);
    assert_memory_equal(buf, "1ABC56789Z\0\0", 12);
    free(buf);
    assert_int_equal(w2_stream_read(&r, 100, 0, 0, &buf, &n, &e), W2ST_CLOSED);
    /* A file is always ready. */
    W2Poll pl;
    w2_stream_pollable(&r, 0, &pl);
    assert_int_equal(pl.kind, W2P_READY);
    close(w.fd);
    close(a.fd);
    close(r.fd);
    close(fd);
}

static void test_splice_and_skip(void **state)
{
    (void)state;
    int p[2];
    assert_int_equal(pipe(p), 0);
    assert_int_equal(write(p[1], "hello world", 11), 11);
    close(p[1]);
    int fd = scratch_file();
    W2Stream in, out;
    w2_stream_init(&in, W2S_FD, p[0], 0, 0);
    w2_stream_init(&out, W2S_FILE, fd, 0, 0);
    uint64_t n;
    int e = 0;
    assert_int_equal(w2_stream_skip(&in, 6, 1, 0, &n, &e), W2ST_OK);
    assert_int_equal(n, 6);
    assert_int_equal(w2_stream_splice(&out, &in, 100, 1, 0, &n, &e), W2ST_OK);
    assert_int_equal(n, 5);
    assert_int_equal(w2_stream_splice(&out, &in, 100, 1, 0, &n, &e), W2ST_CLOSED);
    char buf[8] = {0};
    assert_int_equal(pread(fd, buf, sizeof buf, 0), 5);
    assert_string_equal(buf, "world");
    close(p[0]);
    close(fd);
}

static void test_write_to_closed_pipe_fails(void **state)
{
    (void)state;
    signal(SIGPIPE, SIG_IGN);
    int p[2];
    assert_int_equal(pipe(p), 0);
    close(p[0]);
    W2Stream s;
    w2_stream_init(&s, W2S_FD, p[1], 0, 0);
    uint64_t budget;
    assert_int_equal(w2_stream_check_write(&s, &budget), W2ST_OK);
    assert_true(budget >= 4096);
    int e = 0;
    assert_int_equal(w2_stream_write(&s, (const uint8_t *)"x", 1, &e), W2ST_FAILED);
    assert_int_equal(e, EPIPE);
    /* After a failure the stream is closed. */
    assert_int_equal(w2_stream_check_write(&s, &budget), W2ST_CLOSED);
    close(p[1]);
}

static void test_poll_clock_order(void **state)
{
    (void)state;
    W2Ctx *ctx = w2_ctx_new();
    uint64_t t0 = w2_now_ns();
    W2Poll far = {.kind = W2P_CLOCK, .fd = -1, .deadline = t0 + 5000000000u};
    W2Poll near = {.kind = W2P_CLOCK, .fd = -1, .deadline = t0 + 30000000u};
    const W2Poll *ps[2] = {&far, &near};
    assert_false(w2_poll_ready(&near));
    uint32_t idx[2];
    size_t n;
    assert_int_equal(w2_poll_wait(ctx, ps, 2, idx, &n), 0);
    uint64_t waited = w2_now_ns() - t0;
    assert_int_equal(n, 1);
    assert_int_equal(idx[0], 1);
    assert_true(waited >= 30000000u);
    assert_true(waited < 2000000000u);
    w2_ctx_free(ctx);
}

static void test_poll_reports_every_ready(void **state)
{
    (void)state;
    W2Ctx *ctx = w2_ctx_new();
    int p[2];
    assert_int_equal(pipe(p), 0);
    W2Poll ready = {.kind = W2P_READY, .fd = -1};
    W2Poll empty = {.kind = W2P_FD_IN, .fd = p[0]};
    W2Poll past = {.kind = W2P_CLOCK, .fd = -1, .deadline = 0};
    const W2Poll *ps[3] = {&ready, &empty, &past};
    uint32_t idx[3];
    size_t n;
    assert_int_equal(w2_poll_wait(ctx, ps, 3, idx, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(idx[0], 0);
    assert_int_equal(idx[1], 2);
    close(p[0]);
    close(p[1]);
    w2_ctx_free(ctx);
}

static void test_poll_deadline(void **state)
{
    (void)state;
    W2Ctx *ctx = w2_ctx_new();
    int p[2];
    assert_int_equal(pipe(p), 0);
    uint64_t t0 = w2_now_ns();
    w2_ctx_set_deadline(ctx, t0 + 20000000u);
    W2Poll empty = {.kind = W2P_FD_IN, .fd = p[0]};
    const W2Poll *ps[1] = {&empty};
    uint32_t idx[1];
    size_t n;
    /* Waiting on a pipe nobody writes ends at the deadline, not never. */
    assert_int_equal(w2_poll_wait(ctx, ps, 1, idx, &n), -1);
    assert_true(w2_now_ns() - t0 >= 20000000u);
    close(p[0]);
    close(p[1]);
    w2_ctx_free(ctx);
}

static void test_blocking_read_deadline(void **state)
{
    (void)state;
    int p[2];
    assert_int_equal(pipe(p), 0);
    W2Stream s;
    w2_stream_init(&s, W2S_FD, p[0], 0, 0);
    uint8_t *buf;
    size_t n;
    int e = 0;
    uint64_t t0 = w2_now_ns();
    /* A blocking read of a pipe nobody writes stops at the deadline. */
    assert_int_equal(w2_stream_read(&s, 10, 1, t0 + 20000000u, &buf, &n, &e), W2ST_TIMEOUT);
    assert_true(w2_now_ns() - t0 >= 20000000u);
    assert_int_equal(write(p[1], "z", 1), 1);
    assert_int_equal(w2_stream_read(&s, 10, 1, w2_now_ns() + 1000000000u, &buf, &n, &e), W2ST_OK);
    assert_int_equal(n, 1);
    free(buf);
    close(p[0]);
    close(p[1]);
}

static void test_object_table(void **state)
{
    (void)state;
    W2Ctx *ctx = w2_ctx_new();
    uint32_t a, b, c;
    assert_non_null(w2_obj_new(ctx, W2K_POLLABLE, &a));
    assert_non_null(w2_obj_new(ctx, W2K_ERROR, &b));
    assert_int_not_equal(a, 0); /* rep 0 is never handed out */
    assert_int_not_equal(a, b);
    assert_non_null(w2_obj_get(ctx, a, W2K_POLLABLE));
    assert_null(w2_obj_get(ctx, a, W2K_ERROR)); /* kinds are checked */
    assert_null(w2_obj_get(ctx, 0, W2K_FREE));
    assert_null(w2_obj_get(ctx, 999, W2K_POLLABLE));
    w2_obj_free(ctx, a);
    assert_null(w2_obj_get(ctx, a, W2K_POLLABLE));
    assert_non_null(w2_obj_new(ctx, W2K_DESC, &c));
    assert_int_equal(c, a); /* the lowest free slot is reused */
    ctx->objs[c].u.desc.fd = -1;
    /* Many objects: the table grows and keeps them apart. */
    for (int i = 0; i < 1000; i++) {
        uint32_t r;
        W2Obj *o = w2_obj_new(ctx, W2K_ERROR, &r);
        assert_non_null(o);
        o->u.error.msg = w2_strdup("e");
    }
    w2_ctx_free(ctx); /* frees what is left (ASan checks for leaks) */
}

/* The index of `name` among the cases of `enum error-code` in the shipped
 * wasi:filesystem WIT, or -1. */
static int wit_error_index(const char *name)
{
    FILE *f = fopen(WIT_FS_TYPES, "r");
    assert_non_null(f);
    char line[256];
    int in = 0, idx = 0, found = -1;
    while (fgets(line, sizeof line, f)) {
        char *s = line + strspn(line, " \t");
        if (!in) {
            in = !strncmp(s, "enum error-code {", 17);
            continue;
        }
        if (*s == '}')
            break;
        if (!strncmp(s, "///", 3) || *s == '@' || *s == '\n')
            continue;
        s[strcspn(s, ",\n")] = '\0';
        if (!strcmp(s, name))
            found = idx;
        idx++;
    }
    fclose(f);
    return found;
}

static void test_errcodes_match_wit(void **state)
{
    (void)state;
    static const struct {
        int host;
        const char *wit;
    } map[] = {
        {EACCES, "access"}, {EAGAIN, "would-block"}, {EBADF, "bad-descriptor"},
        {EEXIST, "exist"}, {EINVAL, "invalid"}, {EIO, "io"}, {EISDIR, "is-directory"},
        {ELOOP, "loop"}, {ENAMETOOLONG, "name-too-long"}, {ENOENT, "no-entry"},
        {ENOTDIR, "not-directory"}, {ENOTEMPTY, "not-empty"}, {EPERM, "not-permitted"},
        {EPIPE, "pipe"}, {EROFS, "read-only"}, {ESPIPE, "invalid-seek"},
        {EXDEV, "cross-device"}, {ENOSPC, "insufficient-space"}, {EFBIG, "file-too-large"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        int want = wit_error_index(map[i].wit);
        assert_true(want >= 0);
        assert_int_equal(w2_errcode(map[i].host), want);
    }
    assert_int_equal(wit_error_index("cross-device") + 1, W2E__COUNT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pipe_read_nonblocking_then_closed),
        cmocka_unit_test(test_pipe_pollable),
        cmocka_unit_test(test_file_streams),
        cmocka_unit_test(test_splice_and_skip),
        cmocka_unit_test(test_write_to_closed_pipe_fails),
        cmocka_unit_test(test_poll_clock_order),
        cmocka_unit_test(test_poll_reports_every_ready),
        cmocka_unit_test(test_poll_deadline),
        cmocka_unit_test(test_blocking_read_deadline),
        cmocka_unit_test(test_object_table),
        cmocka_unit_test(test_errcodes_match_wit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
