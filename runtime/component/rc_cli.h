/* rc_cli.h - the component half of the wrun command line: run a component's
 * wasi:cli/run export, or --invoke any export with WAVE arguments.
 *
 * wrun_cli.c parses the options and calls rc_cli_run when the file starts
 * with a component preamble.  Exit status (as wasmtime): run returning
 * ok -> 0, err -> 1; wasi:cli/exit exit(ok) -> 0, exit(err) -> 1,
 * exit-with-code(n) -> n; a trap -> 134 (128 + SIGABRT); load, link and
 * instantiation errors -> 1; a bad --invoke expression -> 2.
 * WRUN_TRAP_UNKNOWN_IMPORTS=1 in the environment makes every import no host
 * defines a function that traps when called (wasmtime's
 * --trap-unknown-imports) instead of a link error.
 */
#ifndef RC_CLI_H
#define RC_CLI_H

#include "wrun.h"
#include "wrun_component.h"

#include <stddef.h>
#include <stdint.h>

typedef struct RcCliOpts {
    const char *file;
    int nargs;                 /* guest argv; args[0] is the program name */
    char **args;
    const char *invoke;        /* "name(arg, ...)" or NULL */
    const char *const *dirs;   /* --dir HOST[::GUEST] */
    size_t ndirs;
    const char *const *envs;   /* --env KEY=VALUE */
    size_t nenvs;
    int inherit_env;
    WrLimits lim;
    const WrcHostProvider *host; /* NULL: WASI 0.2 when built with it (tests pass their own) */
    const char *const *nets;   /* --allow-net ADDR */
    size_t nnets;
    int allow_dns;             /* --allow-dns */
} RcCliOpts;

int rc_cli_run(const RcCliOpts *o, const uint8_t *bytes, size_t len);

#endif
