/* wrun - runs a WASI preview-1 core module: `wrun [--fuel N] [--timeout MS]
 * [--max-memory BYTES] APP.wasm [args...]`.  Exit status: the guest's
 * proc_exit code, 0 when _start returns, 1 on errors or traps (message and
 * backtrace on stderr), 2 on usage errors. */
#include "fileio.h"
#include "wasi_p1_min.h"
#include "wrun.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(FILE *f, int code)
{
    fprintf(f, "usage: wrun [--fuel N] [--timeout MS] [--max-memory BYTES] APP.wasm [args...]\n");
    return code;
}

static void print_trap(const char *file, const WrTrap *t)
{
    fprintf(stderr, "wrun: %s: %s\n", file, t->message);
    for (uint32_t i = 0; i < t->nframes; i++) {
        const WrFrame *f = &t->frames[i];
        fprintf(stderr, "  #%u  func %u %s at offset 0x%x\n", i, f->func,
                f->name ? f->name : "<unnamed>", f->offset);
    }
}

#ifdef RT_PROFILE
#include "rt_ops.h"
extern uint64_t rt_prof_counts[RO__COUNT];
extern const char *const rt_op_names[RO__COUNT];
static void print_profile(void)
{
    if (!getenv("WRUN_PROFILE"))
        return;
    uint64_t total = 0;
    for (int i = 0; i < RO__COUNT; i++)
        total += rt_prof_counts[i];
    for (int i = 0; i < RO__COUNT; i++)
        if (rt_prof_counts[i] * 200 > total)
            fprintf(stderr, "%-20s %6.2f%%\n", rt_op_names[i], 100.0 * (double)rt_prof_counts[i] / (double)total);
    fprintf(stderr, "total %llu\n", (unsigned long long)total);
}
#include "rt_internal.h"
/* WRUN_DUMP=N: print the internal code of defined function N. */
static void dump_code(WrModule *m)
{
    const char *e = getenv("WRUN_DUMP");
    if (!e || !m)
        return;
    uint32_t fi = (uint32_t)atoi(e);
    if (fi >= m->w->nfuncs)
        return;
    const RtCode *c = &m->code[fi];
    fprintf(stderr, "func %u: nlocals %u frame %u\n", fi, c->nlocals, c->frame_slots);
    for (uint32_t i = 0; i < c->npcmap; i++) {
        uint32_t at = c->pcmap[2 * i], end = i + 1 < c->npcmap ? c->pcmap[2 * i + 2] : c->nwords;
        fprintf(stderr, "%5u %-18s", at, rt_op_names[c->words[at]]);
        for (uint32_t k = at + 1; k < end; k++)
            fprintf(stderr, " %d", (int32_t)c->words[k]);
        fprintf(stderr, "\n");
    }
}
#else
static void print_profile(void) {}
static void dump_code(WrModule *m) { (void)m; }
#endif

int main(int argc, char **argv)
{
    WrLimits lim = {0};
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
            return usage(stdout, 0);
        if (i + 1 >= argc)
            return usage(stderr, 2);
        if (!strcmp(argv[i], "--fuel"))
            lim.fuel = strtoull(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--timeout"))
            lim.timeout_ms = strtoull(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--max-memory"))
            lim.max_memory_bytes = strtoull(argv[++i], NULL, 10);
        else
            return usage(stderr, 2);
    }
    if (i >= argc)
        return usage(stderr, 2);
    const char *file = argv[i];
    uint8_t *bytes;
    size_t len;
    if (file_read(file, &bytes, &len)) {
        fprintf(stderr, "wrun: %s: cannot read\n", file);
        return 1;
    }
    WrEngine *eng = wr_engine_new(&lim);
    if (!eng) {
        free(bytes);
        fprintf(stderr, "wrun: out of memory\n");
        return 1;
    }
    int status = 1;
    WrModule *mod;
    CmError err;
    WrTrap trap;
    WrInstance *inst;
    WasiMin wasi = {argc - i, argv + i};
    WrLinker *lk = wr_linker_new(eng);
    if (wr_module_load(eng, bytes, len, &mod, &err)) {
        char buf[512];
        err_format(&err, file, buf, sizeof buf);
        fprintf(stderr, "%s\n", buf);
        goto out;
    }
    dump_code(mod);
    if (!lk || wasi_min_define(lk, &wasi)) {
        fprintf(stderr, "wrun: out of memory\n");
        goto out;
    }
    if (wr_instantiate(eng, mod, lk, &inst, &trap)) {
        print_trap(file, &trap);
        goto out;
    }
    if (wr_call(inst, "_start", NULL, 0, NULL, 0, &trap)) {
        if (trap.exited) {
            status = trap.exit_code;
            goto out;
        }
        print_trap(file, &trap);
        goto out;
    }
    status = 0;
out:
    fflush(stdout);
    print_profile();
    wr_engine_free(eng);
    free(bytes);
    return status;
}
