/* w2run.c - a small test host: runs a WASI 0.2 command component with the
 * WASI 0.2 host (runtime/wasi2) on the component runtime.
 *
 *   w2run [--dir HOST[::GUEST]]... [--env K=V]... [--net] COMPONENT [ARGS...]
 *
 * Exit status: the guest's (exit, or 0/1 from run's result), 125 when the
 * component cannot be loaded, linked or traps, 2 on usage errors. */
#include "wasi2.h"
#include "fileio.h"
#include "wrun.h"
#include "wrun_component.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(void)
{
    fprintf(stderr, "usage: w2run [--dir HOST[::GUEST]]... [--env K=V]... [--net] "
                    "COMPONENT [ARGS...]\n");
    return 2;
}

/* Apply one --dir/--env/--net option to ctx; 0 ok, else an exit status. */
static int option(W2Ctx *ctx, const char *opt, const char *val)
{
    CmError err;
    if (!strcmp(opt, "--net")) {
        w2_ctx_set_network(ctx, 1);
        return 0;
    }
    if (!val)
        return usage();
    if (!strcmp(opt, "--env"))
        return w2_ctx_add_env(ctx, val) ? usage() : 0;
    if (strcmp(opt, "--dir"))
        return usage();
    char host[1024];
    snprintf(host, sizeof host, "%s", val);
    char *sep = strstr(host, "::");
    if (sep)
        *sep = '\0';
    if (w2_ctx_preopen(ctx, host, sep ? sep + 2 : NULL, &err)) {
        fprintf(stderr, "w2run: %s: %s\n", err_message(err.code), err.detail);
        return 125;
    }
    return 0;
}

static int run(W2Ctx *ctx, const char *path)
{
    uint8_t *bytes;
    size_t len;
    CmError err;
    if (file_read(path, &bytes, &len)) {
        fprintf(stderr, "w2run: cannot read '%s'\n", path);
        return 125;
    }
    WrEngine *eng = wr_engine_new(NULL);
    WrcComponent *c = NULL;
    WrcLinker *lk = NULL;
    WrcInstance *inst = NULL;
    WrTrap trap;
    int status = 125;
    memset(&trap, 0, sizeof trap);
    if (wrc_component_load(eng, bytes, len, &c, &err)) {
        fprintf(stderr, "w2run: %s: %s %s\n", path, err_message(err.code), err.detail);
        goto done;
    }
    lk = wrc_linker_new(eng);
    if (!lk || w2_ctx_link(ctx, lk))
        goto done;
    if (wrc_instantiate(c, lk, &inst, &trap)) {
        fprintf(stderr, "w2run: %s\n", trap.message);
        goto done;
    }
    WrcVal res;
    CmErr e = wrc_call(inst, "wasi:cli/run@0.2.12#run", NULL, 0, &res, &trap);
    int code;
    if (w2_ctx_exit_code(ctx, &code) || trap.exited)
        status = trap.exited ? trap.exit_code : code;
    else if (e)
        fprintf(stderr, "w2run: trap: %s\n", trap.message);
    else
        status = res.u.var.tag == 0 ? 0 : 1;
done:
    wrc_instance_free(inst);
    wrc_linker_free(lk);
    wrc_component_free(c);
    wr_engine_free(eng);
    free(bytes);
    return status;
}

int main(int argc, char **argv)
{
    /* A closed stdout is the guest's stream error, not our death (as wrun). */
    signal(SIGPIPE, SIG_IGN);
    W2Ctx *ctx = w2_ctx_new();
    if (!ctx)
        return 125;
    int i = 1, rc = 0;
    while (i < argc && !strncmp(argv[i], "--", 2) && !rc) {
        const char *val = strcmp(argv[i], "--net") && i + 1 < argc ? argv[i + 1] : NULL;
        rc = option(ctx, argv[i], val);
        i += val ? 2 : 1;
    }
    if (!rc && i >= argc)
        rc = usage();
    if (!rc) {
        fflush(stdout);
        if (w2_ctx_set_args(ctx, argc - i, (const char *const *)argv + i))
            rc = 125;
        else
            rc = run(ctx, argv[i]);
    }
    w2_ctx_free(ctx);
    return rc;
}
