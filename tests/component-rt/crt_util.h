/* crt_util.h - shared helpers of the component-runtime tests: load a test
 * component from the build's component folder, instantiate it, compare
 * values. */
#ifndef CRT_UTIL_H
#define CRT_UTIL_H

#include "cabi.h"
#include "ctypes.h"
#include "wrun.h"
#include "wrun_component.h"

#include <stdio.h>

typedef struct CrtRig {
    WrEngine *eng;
    WrcComponent *c;
    WrcLinker *lk;
    WrcInstance *inst;
} CrtRig;

/* Load CRT_DIR/file (fails the test on error) and make an empty linker. */
void crt_open(CrtRig *r, const char *file);
/* Instantiate (fails the test on error). */
void crt_instantiate(CrtRig *r);
/* Instantiate; returns the code and fills trap. */
CmErr crt_try_instantiate(CrtRig *r, WrTrap *trap);
void crt_close(CrtRig *r);
/* Deep equality of two values (floats by bits). */
int crt_val_eq(const WrcVal *a, const WrcVal *b);

/* Host imports of the echo guests (test:echo/host): echo-* returns its
 * argument and counts calls and arguments unequal to `expect` (when set) in
 * the CrtEcho given as user data; sum17 returns sum(arg[i] * (i + 1)). */
typedef struct CrtEcho {
    const WrcVal *expect;
    int calls, mismatch;
} CrtEcho;
int crt_host_echo(WrcCall *call, const WrcVal *args, uint32_t nargs, WrcVal *result, void *user);
int crt_host_sum17(WrcCall *call, const WrcVal *args, uint32_t nargs, WrcVal *result, void *user);

#endif
