/* host.c - a complete host over the component embedding API
 * (wrun_component.h): load a component, define an interface with a
 * function and a resource, instantiate, call a typed export, report traps.
 * See docs/embedding.md, "Components".
 *
 *   host plugin.wasm
 */
#include "fileio.h"
#include "wrun_component.h"

#include <stdio.h>
#include <stdlib.h>

#define HOST "example:plugin/host@0.1.0"

/* log(level: level, msg: string): an enum is its case index, a string is
 * UTF-8 (ptr, len) valid during the call. */
static int host_log(WrcCall *call, const WrcVal *args, uint32_t nargs, WrcVal *result, void *user)
{
    (void)call, (void)nargs, (void)result, (void)user;
    static const char *const levels[] = {"info", "warn"};
    printf("[%s] %.*s\n", levels[args[0].u.var.tag], (int)args[1].u.str.len, args[1].u.str.ptr);
    return 0;
}

/* The counter resource: its rep is a pointer to host memory. */
typedef struct Counter {
    uint32_t value;
} Counter;

static WrcResType *counter_type;

static void counter_free(void *rep, void *user)
{
    (void)user;
    printf("counter freed at %u\n", ((Counter *)rep)->value);
    free(rep);
}

/* [constructor]counter(start: u32) -> own<counter> */
static int counter_new(WrcCall *call, const WrcVal *args, uint32_t nargs, WrcVal *result, void *user)
{
    (void)nargs, (void)user;
    Counter *c = malloc(sizeof *c);
    if (!c)
        return wrc_trap(call, "out of memory");
    c->value = args[0].u.u32 - 1;
    *result = wrc_own(counter_type, c);
    return 0;
}

/* [method]counter.bump(self: borrow<counter>) -> u32 */
static int counter_bump(WrcCall *call, const WrcVal *args, uint32_t nargs, WrcVal *result, void *user)
{
    (void)call, (void)nargs, (void)user;
    Counter *c = args[0].u.handle.rep;
    *result = wrc_u32(++c->value);
    return 0;
}

static void greet(WrcInstance *inst, const char *name, uint32_t len)
{
    WrcVal arg = wrc_str(name, len), res;
    WrTrap trap;
    if (wrc_call(inst, "greet", &arg, 1, &res, &trap)) {
        printf("trap: %s\n", trap.message);
        return;
    }
    /* result<string, string>: tag 0 = ok, 1 = err; the payload lives until
     * the next call on this instance */
    const WrcVal *s = res.u.var.payload;
    printf("greet(\"%.*s\") = %s(\"%.*s\")\n", (int)len, name, res.u.var.tag ? "err" : "ok",
           (int)s->u.str.len, s->u.str.ptr);
}

int main(int argc, char **argv)
{
    uint8_t *bytes;
    size_t len;
    if (argc != 2 || file_read(argv[1], &bytes, &len)) {
        fprintf(stderr, "usage: host plugin.wasm\n");
        return 2;
    }
    WrEngine *eng = wr_engine_new(NULL);
    WrcComponent *c;
    CmError err;
    if (wrc_component_load(eng, bytes, len, &c, &err)) {
        char msg[512];
        err_format(&err, argv[1], msg, sizeof msg);
        fprintf(stderr, "%s\n", msg);
        return 1;
    }
    free(bytes);

    /* Any 0.1.x import of the interface matches these definitions. */
    WrcLinker *lk = wrc_linker_new(eng);
    wrc_linker_func(lk, HOST, "log", host_log, NULL);
    counter_type = wrc_linker_resource(lk, HOST, "counter", counter_free, NULL);
    wrc_linker_func(lk, HOST, "[constructor]counter", counter_new, NULL);
    wrc_linker_func(lk, HOST, "[method]counter.bump", counter_bump, NULL);

    WrcInstance *inst;
    WrTrap trap;
    if (wrc_instantiate(c, lk, &inst, &trap)) {
        fprintf(stderr, "instantiate: %s\n", trap.message);
        return 1;
    }
    greet(inst, "Ada", 3);
    greet(inst, "Grace", 5);
    greet(inst, "", 0);
    greet(inst, "\xff", 1); /* not UTF-8: refused before entering the guest */

    wrc_instance_free(inst); /* frees the counter the guest still holds */
    wrc_linker_free(lk);
    wrc_component_free(c);
    wr_engine_free(eng);
    return 0;
}
