/* test_instance_free.c - wr_instance_free (wrun.h): repeated
 * instantiate/free keeps memory and address space flat, an exporter freed
 * before its importer stays usable until the importer goes, a trapped
 * instance can be freed, host functions and linkers can be freed.
 *
 * Guests: freeing.wat, freeuser.wat (compiled into RT_WAT_DIR).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fileio.h"
#include "wrun.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static WrModule *load(WrEngine *eng, const char *name)
{
    char path[4096];
    const char *dir = getenv("RT_WAT_DIR");
    assert_non_null(dir);
    snprintf(path, sizeof path, "%s/%s.wasm", dir, name);
    uint8_t *bytes;
    size_t len;
    assert_int_equal(file_read(path, &bytes, &len), CM_OK);
    WrModule *m;
    CmError err;
    CmErr e = wr_module_load(eng, bytes, len, &m, &err);
    free(bytes);
    assert_int_equal(e, CM_OK);
    return m;
}

/* Resident pages of this process (Linux). */
static long rss_pages(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    long size = 0, rss = 0;
    assert_non_null(f);
    assert_int_equal(fscanf(f, "%ld %ld", &size, &rss), 2);
    fclose(f);
    return rss;
}

static int32_t call1(WrInstance *inst, const char *name, int32_t a, int32_t b, int nargs, CmErr want)
{
    WrVal args[2] = {{.i32 = a}, {.i32 = b}}, res[1] = {{0}};
    WrTrap trap;
    assert_int_equal(wr_call(inst, name, args, (size_t)nargs, res, 1, &trap), want);
    return res[0].i32;
}

/* 10,000 instances, each with a 2-page memory grown to 10 pages, a table
 * and globals: without freeing, guard-page builds would need 80 TiB of
 * address space and the explicit-check build 6 GiB. */
static void repeated_instances_stay_flat(void **state)
{
    (void)state;
    WrEngine *eng = wr_engine_new(NULL);
    WrModule *mod = load(eng, "freeing");
    long before = 0;
    for (int i = 0; i < 10000; i++) {
        WrInstance *inst;
        WrTrap trap;
        assert_int_equal(wr_instantiate(eng, mod, NULL, &inst, &trap), CM_OK);
        assert_int_equal(call1(inst, "grow", 8, 0, 1, CM_OK), 2);
        for (int32_t page = 0; page < 10; page++) { /* make every page resident */
            WrVal args[2] = {{.i32 = page * 65536 + 8}, {.i32 = i + page}};
            assert_int_equal(wr_call(inst, "put", args, 2, NULL, 0, &trap), CM_OK);
        }
        assert_int_equal(call1(inst, "get", 9 * 65536 + 8, 0, 1, CM_OK), i + 9);
        assert_int_equal(call1(inst, "bump", 0, 0, 0, CM_OK), 6); /* a fresh global each time */
        WrExtern x;
        assert_int_equal(wr_instance_export(inst, "get", &x), 0);
        assert_string_equal(wr_func_sig(x.u.func), "i:i"); /* its string goes with it */
        wr_instance_free(inst);
        if (i == 1000)
            before = rss_pages(); /* after warm-up (ASan's quarantine fills) */
    }
    /* Each instance makes at least ten 4 KiB pages of its memory resident:
     * 9,000 leaked instances would be 90,000 pages or more (and 72 TiB of
     * address space in guard-page builds); 64 MiB of slack is generous. */
    assert_true(rss_pages() - before < 16384);
    wr_engine_free(eng);
}

static void register_lib(WrEngine *eng, WrLinker *lk, WrInstance **lib)
{
    WrTrap trap;
    assert_int_equal(wr_instantiate(eng, load(eng, "freeing"), NULL, lib, &trap), CM_OK);
    assert_int_equal(wr_linker_instance(lk, "lib", *lib), CM_OK);
}

/* Freeing the exporter first only marks it: the importer still reads its
 * memory and calls its function; both go when the importer is freed. */
static void exporter_outlives_its_importer(void **state)
{
    (void)state;
    WrEngine *eng = wr_engine_new(NULL);
    WrModule *umod = load(eng, "freeuser");
    for (int order = 0; order < 2; order++) {
        WrLinker *lk = wr_linker_new(eng);
        WrInstance *lib, *user;
        WrTrap trap;
        register_lib(eng, lk, &lib);
        assert_int_equal(wr_instantiate(eng, umod, lk, &user, &trap), CM_OK);
        wr_linker_free(lk);
        WrVal args[2] = {{.i32 = 64}, {.i32 = 21}};
        assert_int_equal(wr_call(lib, "put", args, 2, NULL, 0, &trap), CM_OK);
        if (order == 0) {
            wr_instance_free(lib);
            assert_int_equal(call1(user, "peek", 64, 0, 1, CM_OK), 42);
            wr_instance_free(user);
        } else {
            wr_instance_free(user);
            assert_int_equal(call1(lib, "get", 64, 0, 1, CM_OK), 21);
            wr_instance_free(lib);
        }
    }
    wr_engine_free(eng); /* ASan: nothing left behind, nothing freed twice */
}

/* Many importers of one exporter: it is released with the last of them. */
static void exporter_with_many_importers(void **state)
{
    (void)state;
    WrEngine *eng = wr_engine_new(NULL);
    WrModule *umod = load(eng, "freeuser");
    WrLinker *lk = wr_linker_new(eng);
    WrInstance *lib, *users[3];
    WrTrap trap;
    register_lib(eng, lk, &lib);
    for (int i = 0; i < 3; i++)
        assert_int_equal(wr_instantiate(eng, umod, lk, &users[i], &trap), CM_OK);
    WrVal args[2] = {{.i32 = 8}, {.i32 = 5}};
    assert_int_equal(wr_call(lib, "put", args, 2, NULL, 0, &trap), CM_OK);
    wr_instance_free(lib);
    wr_instance_free(users[1]);
    assert_int_equal(call1(users[0], "peek", 8, 0, 1, CM_OK), 10);
    wr_instance_free(users[0]);
    assert_int_equal(call1(users[2], "peek", 8, 0, 1, CM_OK), 10);
    wr_instance_free(users[2]);
    wr_linker_free(lk);
    wr_engine_free(eng);
}

static void trapped_instance_can_be_freed(void **state)
{
    (void)state;
    WrEngine *eng = wr_engine_new(NULL);
    WrModule *mod = load(eng, "freeing");
    for (int i = 0; i < 100; i++) {
        WrInstance *inst;
        WrTrap trap;
        assert_int_equal(wr_instantiate(eng, mod, NULL, &inst, &trap), CM_OK);
        call1(inst, "div", 1, 0, 2, CM_E_T_DIV_ZERO);
        call1(inst, "get", 65536 * 2, 0, 1, CM_E_T_MEM_OOB);
        wr_instance_free(inst);
    }
    wr_engine_free(eng);
}

static int h_nop(WrCaller *c, const WrVal *args, WrVal *res, void *user)
{
    (void)c, (void)args, (void)res, (void)user;
    return 0;
}

/* Host functions and linkers made per instance can go with it. */
static void host_functions_and_linkers_can_be_freed(void **state)
{
    (void)state;
    WrEngine *eng = wr_engine_new(NULL);
    for (int i = 0; i < 1000; i++) {
        WrLinker *lk = wr_linker_new(eng);
        WrFunc *f = wr_func_new(eng, "iI:F", h_nop, NULL);
        assert_non_null(f);
        assert_string_equal(wr_func_sig(f), "iI:F");
        assert_int_equal(wr_linker_extern(lk, "m", "f", (WrExtern){WR_EXTERN_FUNC, {.func = f}}), CM_OK);
        wr_linker_free(lk);
        wr_func_free(f);
    }
    wr_instance_free(NULL);
    wr_engine_free(eng);
}

/* A funcref stored in another instance's table or global, or in a
 * host-made table, keeps its instance: freeing that instance must not
 * leave the reference dangling (ASan would see the use after free). */
static void stored_funcrefs_keep_their_instance(void **state)
{
    (void)state;
    WrEngine *eng = wr_engine_new(NULL);
    WrTrap trap;
    WrInstance *giver, *holder, *other;
    assert_int_equal(wr_instantiate(eng, load(eng, "escgiver"), NULL, &giver, &trap), CM_OK);
    assert_int_equal(wr_instantiate(eng, load(eng, "escholder"), NULL, &holder, &trap), CM_OK);
    WrVal ref[1] = {{0}};
    assert_int_equal(wr_call(giver, "get", NULL, 0, ref, 1, &trap), CM_OK);
    assert_non_null(ref[0].ref);
    assert_int_equal(wr_call(holder, "put", ref, 1, NULL, 0, &trap), CM_OK);
    wr_instance_free(giver);
    assert_int_equal(call1(holder, "call", 0, 0, 0, CM_OK), 42);
    assert_int_equal(call1(holder, "call_global", 0, 0, 0, CM_OK), 42);
    wr_instance_free(holder);

    /* the same through a host-made table */
    assert_int_equal(wr_instantiate(eng, load(eng, "escgiver"), NULL, &other, &trap), CM_OK);
    assert_int_equal(wr_call(other, "get", NULL, 0, ref, 1, &trap), CM_OK);
    WrTable *t = wr_table_new(eng, WR_FUNCREF, 1, -1, NULL);
    assert_non_null(t);
    assert_int_equal(wr_table_set(t, 0, ref[0].ref), 0);
    wr_instance_free(other);
    void *f = NULL;
    assert_int_equal(wr_table_get(t, 0, &f), 0);
    WrVal res[1] = {{0}};
    assert_int_equal(wr_func_call(eng, (WrFunc *)f, NULL, 0, res, 1, &trap), CM_OK);
    assert_int_equal(res[0].i32, 42);
    wr_engine_free(eng);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(repeated_instances_stay_flat),
        cmocka_unit_test(exporter_outlives_its_importer),
        cmocka_unit_test(exporter_with_many_importers),
        cmocka_unit_test(trapped_instance_can_be_freed),
        cmocka_unit_test(host_functions_and_linkers_can_be_freed),
        cmocka_unit_test(stored_funcrefs_keep_their_instance),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
