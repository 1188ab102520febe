/* rc_cli.c - running components from the wrun command line (see rc_cli.h).
 * The only file of the component runtime that prints.
 */
#include "rc_cli.h"
#include "ctypes.h"
#include "rc_wave.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

extern char **environ;

enum { EXIT_TRAP = 134, EXIT_USAGE = 2 };

static void print_trap(const WrTrap *t)
{
    fprintf(stderr, "wrun: error: %s\n", t->message);
    if (!t->nframes)
        return;
    fprintf(stderr, "wasm backtrace:\n");
    for (uint32_t i = 0; i < t->nframes; i++) {
        const WrFrame *f = &t->frames[i];
        if (f->offset == 0)
            fprintf(stderr, "  %2u: <host function>\n", i);
        else if (f->name)
            fprintf(stderr, "  %2u: 0x%06x - %s\n", i, f->offset, f->name);
        else
            fprintf(stderr, "  %2u: 0x%06x - func[%u]\n", i, f->offset, f->func);
    }
}

static int trap_status(const WrTrap *t)
{
    if (t->exited) {
        if (t->exit_code >= 0 && t->exit_code < 126)
            return t->exit_code;
        fprintf(stderr, "wrun: error: exit with invalid exit status %d outside of [0..126)\n",
                t->exit_code);
        return 1;
    }
    print_trap(t);
    return !strcmp(err_phase(t->code), "link") || !strcmp(err_phase(t->code), "component-link")
               ? 1
               : EXIT_TRAP;
}

/* What the command line grants, in the provider's terms.  Arrays are
 * malloc'ed; free_config releases them. */
static int make_config(const RcCliOpts *o, WrcHostConfig *c)
{
    memset(c, 0, sizeof *c);
    c->argc = o->nargs;
    c->argv = (const char *const *)o->args;
    size_t ninh = 0;
    if (o->inherit_env)
        while (environ && environ[ninh])
            ninh++;
    const char **env = calloc(ninh + o->nenvs + 1, sizeof *env);
    const char **dh = calloc(o->ndirs + 1, sizeof *dh);
    const char **dg = calloc(o->ndirs + 1, sizeof *dg);
    c->env = env;
    c->dir_host = dh;
    c->dir_guest = dg;
    if (!env || !dh || !dg)
        return -1;
    for (size_t i = 0; i < ninh; i++)
        env[c->nenv++] = environ[i];
    for (size_t i = 0; i < o->nenvs; i++)
        env[c->nenv++] = o->envs[i];
    for (size_t i = 0; i < o->ndirs; i++) {
        const char *spec = o->dirs[i], *sep = strstr(spec, "::");
        dh[i] = sep ? strndup(spec, (size_t)(sep - spec)) : strdup(spec);
        dg[i] = sep ? sep + 2 : spec;
        c->ndirs = i + 1;
        if (!dh[i])
            return -1;
    }
    c->net = o->nets;
    c->nnet = o->nnets;
    c->allow_dns = o->allow_dns;
    c->stdin_fd = 0;
    c->stdout_fd = 1;
    c->stderr_fd = 2;
    if (o->lim.timeout_ms) {
        struct timespec t;
        clock_gettime(CLOCK_MONOTONIC, &t);
        c->deadline_ns = (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec +
                         o->lim.timeout_ms * 1000000u;
    }
    return 0;
}

static void free_config(WrcHostConfig *c)
{
    for (size_t i = 0; i < c->ndirs; i++)
        free((char *)c->dir_host[i]);
    free((void *)c->env);
    free((void *)c->dir_host);
    free((void *)c->dir_guest);
}

/* The function --invoke names, found as `wasmtime run --invoke` finds it:
 * a function exported at the top level under that name; else
 * "IFACE.NAME" (e.g. "a:b/c.f"), the function NAME of the exported
 * interface IFACE; else a function of that name in any exported interface,
 * if exactly one has it (*nfound tells how many do).  "IFACE#NAME" is
 * accepted too (the component model's own spelling). */
static WrcFunc *invoked_func(WrcInstance *inst, const char *name, uint32_t *nfound)
{
    *nfound = 0;
    if (strchr(name, '#')) {
        WrcFunc *fn = wrc_instance_func(inst, name);
        *nfound = fn != NULL;
        return fn;
    }
    uint32_t n = wrc_instance_func_count(inst);
    for (uint32_t i = 0; i < n; i++)
        if (!strcmp(wrc_instance_func_name(inst, i), name)) {
            *nfound = 1;
            return wrc_instance_func(inst, name);
        }
    const char *slash = strchr(name, '/'), *dot = strrchr(name, '.');
    if (slash && dot > slash) { /* function names have no dots; versions do */
        char full[512];
        snprintf(full, sizeof full, "%.*s#%s", (int)(dot - name), name, dot + 1);
        WrcFunc *fn = wrc_instance_func(inst, full);
        if (fn) {
            *nfound = 1;
            return fn;
        }
    }
    const char *found = NULL;
    for (uint32_t i = 0; i < n; i++) {
        const char *full = wrc_instance_func_name(inst, i), *hash = strchr(full, '#');
        if (hash && !strcmp(hash + 1, name)) {
            found = full;
            ++*nfound;
        }
    }
    return *nfound == 1 ? wrc_instance_func(inst, found) : NULL;
}

static int invoke(const RcCliOpts *o, WrcInstance *inst)
{
    Arena a;
    char err[256], *name;
    WrcVal *args, res;
    WrTrap trap;
    int status = EXIT_USAGE;
    arena_init(&a);
    if (rc_wave_parse_call(&a, o->invoke, &name, err, sizeof err)) {
        fprintf(stderr, "wrun: error: --invoke '%s': %s\n", o->invoke, err);
        goto out;
    }
    uint32_t nfound;
    WrcFunc *fn = invoked_func(inst, name, &nfound);
    if (!fn) {
        if (nfound > 1)
            fprintf(stderr, "wrun: error: %u exported interfaces have a function '%s': "
                    "name one as INTERFACE.%s\n", nfound, name, name);
        else
            fprintf(stderr, "wrun: error: no exported function '%s'\n", name);
        status = 1;
        goto out;
    }
    const CtType *ft = wrc_func_type(fn);
    if (rc_wave_parse_args(&a, ft, o->invoke, &args, err, sizeof err)) {
        fprintf(stderr, "wrun: error: --invoke '%s': %s\n", o->invoke, err);
        goto out;
    }
    if (wrc_func_call(fn, args, ft->n, &res, &trap)) {
        status = trap_status(&trap);
        goto out;
    }
    if (ft->result) {
        Buf b = {0};
        rc_wave_print(&b, ft->result, &res);
        printf("%s\n", b.data ? (const char *)b.data : "");
        free(b.data);
    } else {
        printf("()\n"); /* no results: the empty tuple, as wasmtime prints */
    }
    status = 0;
out:
    arena_release(&a);
    return status;
}

static int run_main(const RcCliOpts *o, WrcInstance *inst)
{
    WrcFunc *fn = wrc_instance_func(inst, "wasi:cli/run@0.2.0#run");
    WrcVal res;
    WrTrap trap;
    if (!fn) {
        fprintf(stderr,
                "wrun: error: '%s' is a component without a 'wasi:cli/run@0.2.x' export "
                "(use --invoke)\n",
                o->file);
        return 1;
    }
    if (wrc_func_call(fn, NULL, 0, &res, &trap))
        return trap_status(&trap);
    return res.kind == WRC_RESULT && res.u.var.tag == 0 ? 0 : 1;
}

#ifdef RC_HAVE_WASI2
static const WrcHostProvider *default_host(void) { return &wrc_wasi2_provider; }
#else
static const WrcHostProvider *default_host(void) { return NULL; }
#endif

int rc_cli_run(const RcCliOpts *o, const uint8_t *bytes, size_t len)
{
    const WrcHostProvider *host = o->host ? o->host : default_host();
    WrEngine *eng = wr_engine_new(&o->lim);
    WrcLinker *lk = eng ? wrc_linker_new(eng) : NULL;
    WrcComponent *c = NULL;
    WrcInstance *inst = NULL;
    WrcHostConfig cfg;
    void *state = NULL;
    int status = 1;
    CmError err;
    WrTrap trap;
    memset(&cfg, 0, sizeof cfg);
    if (!eng || !lk || make_config(o, &cfg)) {
        fprintf(stderr, "wrun: error: out of memory\n");
        goto out;
    }
    if (wrc_component_load(eng, bytes, len, &c, &err)) {
        char buf[512];
        err_format(&err, o->file, buf, sizeof buf);
        fprintf(stderr, "%s\n", buf);
        goto out;
    }
    /* As wasmtime's --trap-unknown-imports (for tests, and for running a
     * component whose unused imports no host provides). */
    const char *tu = getenv("WRUN_TRAP_UNKNOWN_IMPORTS");
    if (tu && !strcmp(tu, "1"))
        wrc_linker_trap_unknown(lk, 1);
    if (host && host->link(lk, &cfg, &state, &err)) {
        fprintf(stderr, "wrun: error: %s: %s\n", err_message(err.code), err.detail);
        goto out;
    }
    if (wrc_instantiate(c, lk, &inst, &trap)) {
        status = trap_status(&trap);
        goto out;
    }
    status = o->invoke ? invoke(o, inst) : run_main(o, inst);
out:
    fflush(stdout);
    wrc_instance_free(inst);
    if (host && host->free && state)
        host->free(state);
    wrc_linker_free(lk);
    wrc_component_free(c);
    wr_engine_free(eng);
    free_config(&cfg);
    return status;
}
