/* embed.c - a complete host program over the core embedding API (wrun.h):
 * load a module, define two host functions, instantiate, call exports and
 * report traps.  See docs/embedding.md.
 *
 *   embed plugin.wasm
 */
#include "fileio.h"
#include "wrun.h"

#include <stdio.h>
#include <stdlib.h>

/* host.log(ptr, len): print a string from guest memory.  Guest pointers
 * are untrusted: wr_caller_mem checks the range and returns NULL outside
 * the memory, and we turn that into a trap. */
static int host_log(WrCaller *caller, const WrVal *args, WrVal *results, void *user)
{
    (void)results, (void)user;
    uint32_t ptr = args[0].u32, len = args[1].u32;
    const uint8_t *s = wr_caller_mem(caller, ptr, len);
    if (!s)
        return wr_caller_trap(caller, "log: string at %u (+%u) is out of bounds", ptr, len);
    printf("[guest] %.*s\n", (int)len, (const char *)s);
    return 0;
}

/* host.scale(x) -> x * factor, with factor passed as the user pointer. */
static int host_scale(WrCaller *caller, const WrVal *args, WrVal *results, void *user)
{
    (void)caller;
    const int *factor = user;
    int32_t x = args[0].i32; /* read every argument before writing a result */
    results[0].i32 = x * *factor;
    return 0;
}

static void print_trap(const WrTrap *t)
{
    printf("trap: %s\n", t->message);
    for (uint32_t i = 0; i < t->nframes; i++)
        printf("  at %s\n", t->frames[i].name ? t->frames[i].name : "?");
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: embed MODULE.wasm\n");
        return 2;
    }
    uint8_t *bytes;
    size_t len;
    if (file_read(argv[1], &bytes, &len)) {
        fprintf(stderr, "embed: cannot read '%s'\n", argv[1]);
        return 1;
    }
    /* Limits are optional; here: a fuel budget and a 1 MiB memory cap. */
    WrLimits lim = {.fuel = 10 * 1000 * 1000, .max_memory_bytes = 1 << 20};
    WrEngine *eng = wr_engine_new(&lim);
    int status = 1;
    if (!eng)
        goto out;

    WrModule *mod;
    CmError err;
    if (wr_module_load(eng, bytes, len, &mod, &err)) {
        char msg[512];
        err_format(&err, argv[1], msg, sizeof msg);
        fprintf(stderr, "%s\n", msg);
        goto out;
    }

    static int factor = 10;
    WrLinker *lk = wr_linker_new(eng);
    if (!lk || wr_linker_func(lk, "host", "log", "ii:", host_log, NULL) ||
        wr_linker_func(lk, "host", "scale", "i:i", host_scale, &factor))
        goto out;

    WrInstance *inst;
    WrTrap trap;
    if (wr_instantiate(eng, mod, lk, &inst, &trap)) {
        fprintf(stderr, "embed: cannot instantiate: %s\n", trap.message);
        goto out;
    }

    WrVal arg = {.i32 = 4}, res;
    if (wr_call(inst, "run", &arg, 1, &res, 1, &trap)) {
        print_trap(&trap);
        goto out;
    }
    printf("run(4) = %d\n", res.i32);

    /* A trap is an ordinary return value; the instance stays usable. */
    arg.i32 = 0;
    if (wr_call(inst, "crash", &arg, 1, &res, 1, &trap))
        print_trap(&trap);
    arg.i32 = 5;
    if (!wr_call(inst, "crash", &arg, 1, &res, 1, &trap))
        printf("crash(5) = %d\n", res.i32);
    status = 0;
out:
    wr_engine_free(eng); /* frees the module, linker and instance too */
    free(bytes);
    return status;
}
