/* wasi_p1_min.h - a minimal WASI preview-1 host: just what a C program
 * built with wasi-libc needs to print and exit (args_get, args_sizes_get,
 * environ_get, environ_sizes_get, fd_close, fd_fdstat_get, fd_seek,
 * fd_write, proc_exit).  A subset, to be replaced by the full host.
 */
#ifndef WASI_P1_MIN_H
#define WASI_P1_MIN_H

#include "wrun.h"

typedef struct WasiMin {
    int argc;
    char **argv;
} WasiMin;

/* Define the functions under "wasi_snapshot_preview1" in lk; ctx must
 * outlive the linker. */
CmErr wasi_min_define(WrLinker *lk, WasiMin *ctx);

#endif
