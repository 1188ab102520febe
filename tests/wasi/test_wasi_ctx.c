/* test_wasi_ctx.c - the WASI context API on the host, without wasm:
 * argument and environment grants, preopen errors, and the table of
 * functions wasi_ctx_link defines. */
#include "wasi.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static void test_env_grants(void **state)
{
    (void)state;
    WasiCtx *w = wasi_ctx_new();
    assert_non_null(w);
    assert_int_equal(wasi_ctx_add_env(w, "A=1"), CM_OK);
    assert_int_equal(wasi_ctx_add_env(w, "B="), CM_OK);      /* empty value is fine */
    assert_int_equal(wasi_ctx_add_env(w, "A=2"), CM_OK);     /* replaces */
    assert_int_equal(wasi_ctx_add_env(w, "NOEQ"), CM_E_WASI_BAD_ENV);
    assert_int_equal(wasi_ctx_add_env(w, "=x"), CM_E_WASI_BAD_ENV);
    char *env[] = {"C=3", "broken", "A=host", NULL};
    assert_int_equal(wasi_ctx_inherit_env(w, env), CM_OK);   /* bad entries are skipped */
    const char *argv[] = {"prog", "x"};
    assert_int_equal(wasi_ctx_set_args(w, 2, argv), CM_OK);
    assert_int_equal(wasi_ctx_set_args(w, 0, NULL), CM_OK);
    wasi_ctx_free(w);
}

static void test_preopen_errors(void **state)
{
    (void)state;
    WasiCtx *w = wasi_ctx_new();
    CmError err;
    assert_int_equal(wasi_ctx_preopen(w, "/nonexistent-wasi-test", NULL, &err), CM_E_WASI_PREOPEN);
    assert_non_null(strstr(err.detail, "/nonexistent-wasi-test"));
    assert_int_equal(wasi_ctx_preopen(w, "/etc/hostname", "/h", &err), CM_E_WASI_PREOPEN);
    assert_int_equal(wasi_ctx_preopen(w, "/tmp", "/t", &err), CM_OK);
    wasi_ctx_free(w);
}

static void test_function_table(void **state)
{
    (void)state;
    /* Every function of wasi_snapshot_preview1, once each. */
    static const char *const names[] = {
        "args_get", "args_sizes_get", "environ_get", "environ_sizes_get", "clock_res_get",
        "clock_time_get", "fd_advise", "fd_allocate", "fd_close", "fd_datasync", "fd_fdstat_get",
        "fd_fdstat_set_flags", "fd_fdstat_set_rights", "fd_filestat_get", "fd_filestat_set_size",
        "fd_filestat_set_times", "fd_pread", "fd_prestat_get", "fd_prestat_dir_name", "fd_pwrite",
        "fd_read", "fd_readdir", "fd_renumber", "fd_seek", "fd_sync", "fd_tell", "fd_write",
        "path_create_directory", "path_filestat_get", "path_filestat_set_times", "path_link",
        "path_open", "path_readlink", "path_remove_directory", "path_rename", "path_symlink",
        "path_unlink_file", "poll_oneoff", "proc_exit", "proc_raise", "sched_yield", "random_get",
        "sock_accept", "sock_recv", "sock_send", "sock_shutdown"};
    size_t n = sizeof names / sizeof *names;
    assert_int_equal(wasi_func_count(), n);
    for (size_t i = 0; i < n; i++) {
        int found = 0;
        for (unsigned k = 0; k < wasi_func_count(); k++)
            found += !strcmp(wasi_func_name(k), names[i]);
        if (found != 1)
            fail_msg("'%s' defined %d times", names[i], found);
    }
    assert_null(wasi_func_name((unsigned)n));
}

static void test_link(void **state)
{
    (void)state;
    WrEngine *eng = wr_engine_new(NULL);
    WrLinker *lk = wr_linker_new(eng);
    WasiCtx *w = wasi_ctx_new();
    assert_int_equal(wasi_ctx_link(w, lk), CM_OK);
    wr_engine_free(eng);
    wasi_ctx_free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_env_grants),
        cmocka_unit_test(test_preopen_errors),
        cmocka_unit_test(test_function_table),
        cmocka_unit_test(test_link),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
