/* wrun_cli.c - the wrun command line for WASI preview-1 core modules.
 *
 *     wrun [options] APP.wasm [args...]
 *
 * Runs the module's `_start` (or, with --invoke, any exported function with
 * numeric arguments) under the preview-1 host of runtime/wasi.  Exit status
 * (docs/wrun.md): the guest's proc_exit code, 0 when _start returns, 134
 * (128 + SIGABRT, as wasmtime on Unix) when the guest traps or hits a limit,
 * 1 for other errors (unreadable or invalid module, link errors, bad exit
 * status), 2 for usage errors.
 */
#include "fileio.h"
#include "rc_cli.h"
#include "wasi.h"
#include "wcomp.h"
#include "wrun.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

extern char **environ;

enum { EXIT_TRAP = 134, EXIT_USAGE = 2 };

typedef struct Opts {
    const char **dirs;  /* --dir values, in order */
    size_t ndirs;
    const char **envs;  /* --env values */
    size_t nenvs;
    int inherit_env;
    const char **nets;  /* --allow-net values (components only) */
    size_t nnets;
    int allow_dns;
    WrLimits lim;
    const char *invoke; /* --invoke NAME or NULL */
    const char *file;
    int nargs;          /* guest argv (argv[0] = file) */
    char **args;
} Opts;

static const char usage_text[] =
    "usage: wrun [options] APP.wasm [args...]\n"
    "\n"
    "Run a WebAssembly module that uses WASI preview 1 (its _start export).\n"
    "\n"
    "options:\n"
    "  --dir HOST[::GUEST]  preopen directory HOST, seen by the guest as GUEST\n"
    "  --env KEY=VALUE      give the guest an environment variable (--env KEY:\n"
    "                       the host's value of KEY)\n"
    "  --inherit-env        give the guest the whole host environment\n"
    "  --allow-net ADDR     let a component's sockets use ADDR: HOST:PORT, HOST:*,\n"
    "                       *:PORT or * (HOST: IPv4, [IPv6] or localhost)\n"
    "  --allow-dns          let a component resolve host names\n"
    "  --fuel N             stop after about N instructions (\"fuel exhausted\")\n"
    "  --max-memory BYTES   cap each linear memory (suffixes K, M, G)\n"
    "  --max-stack N        cap the wasm call depth (\"call stack exhausted\")\n"
    "  --timeout MS         stop after MS milliseconds of wall-clock time\n"
    "  --invoke NAME        call export NAME with the numeric args instead of _start\n"
    "  --help               show this text\n"
    "  --                   end of options\n"
    "\n"
    "exit status: the guest's exit code; 134 on a trap or an exceeded limit;\n"
    "1 on other errors; 2 on usage errors.\n";

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "wrun: error: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nusage: wrun [options] APP.wasm [args...]  (see wrun --help)\n");
    return EXIT_USAGE;
}

/* A decimal number with an optional K/M/G suffix (powers of 1024 when
 * suffixes are allowed). */
static int parse_u64(const char *s, int suffixes, uint64_t *out)
{
    if (!*s || *s == '-')
        return -1;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s)
        return -1;
    uint64_t mul = 1;
    if (suffixes && *end) {
        switch (*end) {
        case 'k': case 'K': mul = 1ull << 10; break;
        case 'm': case 'M': mul = 1ull << 20; break;
        case 'g': case 'G': mul = 1ull << 30; break;
        default: return -1;
        }
        end++;
        if (*end == 'i' || *end == 'B')
            end += *end == 'i' && end[1] == 'B' ? 2 : 1;
    }
    if (*end || (v && (uint64_t)v > UINT64_MAX / mul))
        return -1;
    *out = (uint64_t)v * mul;
    return 0;
}

static int push(const char ***v, size_t *n, const char *s)
{
    const char **nv = realloc(*v, (*n + 1) * sizeof *nv);
    if (!nv)
        return -1;
    nv[(*n)++] = s;
    *v = nv;
    return 0;
}

/* Fill o from argv; returns -1 to go on, or an exit status. */
static int parse_opts(int argc, char **argv, Opts *o)
{
    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--")) {
            i++;
            break;
        }
        if (a[0] != '-' || !a[1])
            break;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(usage_text, stdout);
            return 0;
        }
        if (!strcmp(a, "--inherit-env")) {
            o->inherit_env = 1;
            continue;
        }
        if (!strcmp(a, "--allow-dns")) {
            o->allow_dns = 1;
            continue;
        }
        static const char *const with_value[] = {"--dir", "--env", "--fuel", "--max-memory",
                                                 "--max-stack", "--timeout", "--invoke",
                                                 "--allow-net"};
        size_t k = 0;
        while (k < sizeof with_value / sizeof *with_value && strcmp(a, with_value[k]))
            k++;
        if (k == sizeof with_value / sizeof *with_value)
            return usage_error("unknown option '%s'", a);
        if (i + 1 >= argc)
            return usage_error("option '%s' needs a value", a);
        const char *v = argv[++i];
        uint64_t n = 0;
        int bad = 0;
        switch (k) {
        case 0: bad = push(&o->dirs, &o->ndirs, v); break;
        case 1:
            if (!v[0] || v[0] == '=')
                return usage_error("--env wants KEY=VALUE or KEY, not '%s'", v);
            bad = push(&o->envs, &o->nenvs, v);
            break;
        case 2:
            if (parse_u64(v, 0, &n) || !n)
                return usage_error("--fuel wants a positive number, not '%s'", v);
            o->lim.fuel = n;
            break;
        case 3:
            if (parse_u64(v, 1, &n) || !n)
                return usage_error("--max-memory wants a positive size, not '%s'", v);
            o->lim.max_memory_bytes = n;
            break;
        case 4:
            if (parse_u64(v, 0, &n) || !n || n > UINT32_MAX)
                return usage_error("--max-stack wants a positive call depth, not '%s'", v);
            o->lim.max_call_depth = (uint32_t)n;
            break;
        case 5:
            if (parse_u64(v, 0, &n) || !n)
                return usage_error("--timeout wants a positive number of milliseconds, not '%s'", v);
            o->lim.timeout_ms = n;
            break;
        case 6: o->invoke = v; break;
        default:
            /* The WASI 0.2 host checks the literals; here only the shape. */
            if (strcmp(v, "*") && (!strchr(v, ':') || v[0] == ':' || v[strlen(v) - 1] == ':'))
                return usage_error("--allow-net wants HOST:PORT, HOST:*, *:PORT or *, not '%s'", v);
            bad = push(&o->nets, &o->nnets, v);
            break;
        }
        if (bad) {
            fprintf(stderr, "wrun: error: out of memory\n");
            return 1;
        }
    }
    if (i >= argc)
        return usage_error("%s", "no module given");
    o->file = argv[i];
    o->args = argv + i;
    o->nargs = argc - i;
    return -1;
}

static void print_frame(uint32_t i, const WrFrame *f)
{
    if (f->offset == 0) /* only host frames have no code offset */
        fprintf(stderr, "  %2u: <host function>", i);
    else if (f->name)
        fprintf(stderr, "  %2u: 0x%06x - %s", i, f->offset, f->name);
    else
        fprintf(stderr, "  %2u: 0x%06x - func[%u]", i, f->offset, f->func);
}

static void print_trap(const WrTrap *t)
{
    fprintf(stderr, "wrun: error: %s\n", t->message);
    if (!t->nframes)
        return;
    fprintf(stderr, "wasm backtrace:\n");
    for (uint32_t i = 0; i < t->nframes;) {
        /* Deep recursion repeats one frame: print it once with a count. */
        uint32_t same = 1;
        while (i + same < t->nframes && t->frames[i + same].func == t->frames[i].func &&
               t->frames[i + same].offset == t->frames[i].offset)
            same++;
        print_frame(i, &t->frames[i]);
        if (same > 2) {
            fprintf(stderr, "  (repeated %u times)\n", same);
            i += same;
        } else {
            fprintf(stderr, "\n");
            i++;
        }
    }
    if (t->nframes == WR_TRAP_MAX_FRAMES)
        fprintf(stderr, "  ... (older frames not kept)\n");
}

/* What the process exits with after a trap. */
static int trap_status(const WrTrap *t)
{
    if (t->exited) {
        if (t->exit_code >= 0 && t->exit_code < 126)
            return t->exit_code;
        /* As wasmtime: statuses 126..255 mean "signalled" to a shell. */
        fprintf(stderr, "wrun: error: exit with invalid exit status %d outside of [0..126)\n",
                t->exit_code);
        return 1;
    }
    print_trap(t);
    return !strcmp(err_phase(t->code), "link") ? 1 : EXIT_TRAP;
}

static int set_up_wasi(const Opts *o, WasiCtx *w)
{
    CmError err;
    if (wasi_ctx_set_args(w, o->nargs, (const char *const *)o->args))
        goto oom;
    if (o->inherit_env && wasi_ctx_inherit_env(w, environ))
        goto oom;
    for (size_t i = 0; i < o->nenvs; i++) {
        const char *kv = o->envs[i];
        if (!strchr(kv, '=')) { /* --env KEY: the host's value, if it has one */
            const char *v = getenv(kv);
            if (!v)
                continue;
            size_t n = strlen(kv) + strlen(v) + 2;
            char *both = malloc(n);
            if (!both)
                goto oom;
            snprintf(both, n, "%s=%s", kv, v);
            CmErr e = wasi_ctx_add_env(w, both);
            free(both);
            if (e)
                goto oom;
        } else if (wasi_ctx_add_env(w, kv)) {
            goto oom;
        }
    }
    for (size_t i = 0; i < o->ndirs; i++) {
        const char *spec = o->dirs[i], *sep = strstr(spec, "::");
        char *host = sep ? strndup(spec, (size_t)(sep - spec)) : strdup(spec);
        if (!host)
            goto oom;
        CmErr e = wasi_ctx_preopen(w, host, sep ? sep + 2 : NULL, &err);
        free(host);
        if (e) {
            fprintf(stderr, "wrun: error: %s: %s\n", err_message(e), err.detail);
            return 1;
        }
    }
    if (o->lim.timeout_ms) {
        struct timespec t;
        clock_gettime(CLOCK_MONOTONIC, &t);
        uint64_t now = (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
        wasi_ctx_set_deadline(w, now + o->lim.timeout_ms * 1000000u);
    }
    return 0;
oom:
    fprintf(stderr, "wrun: error: out of memory\n");
    return 1;
}

static int parse_value(const char *s, WrType t, WrVal *out)
{
    char *end;
    errno = 0;
    switch (t) {
    case WR_I32: {
        long long v = strtoll(s, &end, 0);
        if (v < INT32_MIN || v > UINT32_MAX)
            return -1;
        out->i32 = (int32_t)(uint32_t)v;
        break;
    }
    case WR_I64:
        if (s[0] == '-') {
            out->i64 = strtoll(s, &end, 0);
        } else {
            out->u64 = strtoull(s, &end, 0);
        }
        break;
    case WR_F32: out->f32 = strtof(s, &end); break;
    case WR_F64: out->f64 = strtod(s, &end); break;
    default: return -1;
    }
    return errno || end == s || *end ? -1 : 0;
}

static void print_value(WrVal v, WrType t)
{
    switch (t) {
    case WR_I32: printf("%" PRId32 "\n", v.i32); break;
    case WR_I64: printf("%" PRId64 "\n", v.i64); break;
    case WR_F32: printf("%.9g\n", (double)v.f32); break;
    case WR_F64: printf("%.17g\n", v.f64); break;
    default: printf("%s\n", v.ref ? "ref" : "null"); break;
    }
}

/* --invoke: convert the arguments by the export's type, call, print. */
static int invoke(const Opts *o, WrInstance *inst)
{
    WrExtern ext;
    if (wr_instance_export(inst, o->invoke, &ext) || ext.kind != WR_EXTERN_FUNC) {
        fprintf(stderr, "wrun: error: no exported function '%s'\n", o->invoke);
        return 1;
    }
    WrFunc *fn = ext.u.func;
    uint32_t np = wr_func_param_count(fn), nr = wr_func_result_count(fn);
    if ((uint32_t)(o->nargs - 1) != np) {
        fprintf(stderr, "wrun: error: '%s' takes %u argument(s), %d given\n", o->invoke, np,
                o->nargs - 1);
        return EXIT_USAGE;
    }
    WrVal *args = calloc(np + 1, sizeof *args), *res = calloc(nr + 1, sizeof *res);
    int status = 1;
    if (!args || !res) {
        fprintf(stderr, "wrun: error: out of memory\n");
        goto out;
    }
    for (uint32_t i = 0; i < np; i++) {
        if (parse_value(o->args[i + 1], wr_func_param(fn, i), &args[i])) {
            fprintf(stderr, "wrun: error: argument %u of '%s': '%s' is not a valid %s\n", i + 1,
                    o->invoke, o->args[i + 1], wr_func_param(fn, i) == WR_I32 ? "i32" : "number");
            status = EXIT_USAGE;
            goto out;
        }
    }
    WrTrap trap;
    if (wr_call(inst, o->invoke, args, np, res, nr, &trap)) {
        status = trap_status(&trap);
        goto out;
    }
    for (uint32_t i = 0; i < nr; i++)
        print_value(res[i], wr_func_result(fn, i));
    status = 0;
out:
    free(args);
    free(res);
    return status;
}

/* Decode and validate; reports errors itself.  Returns 0 or an exit status. */
static int load(const Opts *o, WrEngine *eng, const uint8_t *bytes, size_t len, WrModule **out)
{
    /* A component has the core magic and version 0x0d, layer 1. */
    static const uint8_t component_preamble[8] = {0, 'a', 's', 'm', 0x0d, 0, 1, 0};
    if (len >= 8 && !memcmp(bytes, component_preamble, 8)) {
        fprintf(stderr, "wrun: error: '%s' is a component; this wrun runs core modules only\n", o->file);
        return 1;
    }
    CmError err;
    if (wr_module_load(eng, bytes, len, out, &err)) {
        char buf[512];
        err_format(&err, o->file, buf, sizeof buf);
        fprintf(stderr, "%s\n", buf);
        return 1;
    }
    return 0;
}

static int instantiate(const Opts *o, WrEngine *eng, WrModule *mod, WrLinker *lk, WrInstance **out)
{
    WrTrap trap;
    if (!wr_instantiate(eng, mod, lk, out, &trap))
        return 0;
    if ((trap.code == CM_E_OOM || trap.code == CM_E_LIMIT) && o->lim.max_memory_bytes) {
        /* The module's own minimum memory is above --max-memory. */
        fprintf(stderr, "wrun: error: memory limit exceeded (--max-memory %" PRIu64 "): %s\n",
                o->lim.max_memory_bytes, trap.message);
        return 1;
    }
    return trap_status(&trap);
}

/* _initialize (reactors), then _start or the --invoke export. */
static int start(const Opts *o, WrInstance *inst)
{
    WrExtern ext;
    WrTrap trap;
    if (!wr_instance_export(inst, "_initialize", &ext) &&
        wr_call(inst, "_initialize", NULL, 0, NULL, 0, &trap))
        return trap_status(&trap);
    if (o->invoke)
        return invoke(o, inst);
    if (wr_instance_export(inst, "_start", &ext)) {
        fprintf(stderr, "wrun: error: '%s' has no '_start' export (use --invoke NAME)\n", o->file);
        return 1;
    }
    if (wr_call(inst, "_start", NULL, 0, NULL, 0, &trap))
        return trap_status(&trap);
    return 0;
}

static int run(const Opts *o)
{
    uint8_t *bytes;
    size_t len;
    if (file_read(o->file, &bytes, &len)) {
        fprintf(stderr, "wrun: error: cannot read '%s': %s\n", o->file, strerror(errno));
        return 1;
    }
    if (wcomp_is_component(bytes, len)) { /* components: runtime/component/rc_cli.c */
        RcCliOpts co = {o->file, o->nargs, o->args, o->invoke, o->dirs, o->ndirs, o->envs,
                        o->nenvs, o->inherit_env, o->lim, NULL, o->nets, o->nnets,
                        o->allow_dns};
        int st = rc_cli_run(&co, bytes, len);
        free(bytes);
        return st;
    }
    WrEngine *eng = wr_engine_new(&o->lim);
    WasiCtx *wasi = wasi_ctx_new();
    WrLinker *lk = eng ? wr_linker_new(eng) : NULL;
    WrModule *mod;
    WrInstance *inst;
    int status = 1;
    if (!eng || !wasi || !lk) {
        fprintf(stderr, "wrun: error: out of memory\n");
        goto out;
    }
    if ((status = load(o, eng, bytes, len, &mod)) != 0 || (status = set_up_wasi(o, wasi)) != 0)
        goto out;
    if (wasi_ctx_link(wasi, lk)) {
        fprintf(stderr, "wrun: error: out of memory\n");
        status = 1;
        goto out;
    }
    if ((status = instantiate(o, eng, mod, lk, &inst)) == 0)
        status = start(o, inst);
out:
    fflush(stdout);
    wr_engine_free(eng);
    wasi_ctx_free(wasi);
    free(bytes);
    return status;
}

int main(int argc, char **argv)
{
    Opts o;
    memset(&o, 0, sizeof o);
    /* A closed pipe is the guest's error (errno pipe), not our death. */
    signal(SIGPIPE, SIG_IGN);
    /* For the tests of the sandbox fallback (docs/wrun.md). */
    const char *walk = getenv("WRUN_SANDBOX_WALK");
    if (walk && !strcmp(walk, "1"))
        wasi_use_path_walk(1);
    if (argc > 1 && !strcmp(argv[1], "serve")) {
        fprintf(stderr, "wrun: 'serve' (wasi:http/proxy) is not available yet in this version\n");
        return 1;
    }
    int status = parse_opts(argc, argv, &o);
    if (status < 0) {
        /* The guest may set O_NONBLOCK/O_APPEND on stdio (fd_fdstat_set_flags),
         * which the shell shares: put them back afterwards. */
        int saved[3];
        for (int i = 0; i < 3; i++)
            saved[i] = fcntl(i, F_GETFL);
        status = run(&o);
        for (int i = 0; i < 3; i++)
            if (saved[i] >= 0)
                fcntl(i, F_SETFL, saved[i]);
    }
    free(o.dirs);
    free(o.envs);
    free(o.nets);
    return status;
}
