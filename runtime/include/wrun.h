/* wrun.h - the embedding API of the core WebAssembly runtime.
 *
 * An engine owns everything else: modules, instances, host-made memories,
 * tables and globals, the value stack and the limits.  The life of a module:
 *
 *     WrEngine *eng = wr_engine_new(NULL);
 *     WrModule *mod;  CmError err;
 *     if (wr_module_load(eng, bytes, len, &mod, &err)) ... report err ...
 *     WrLinker *lk = wr_linker_new(eng);
 *     wr_linker_func(lk, "env", "log", "ii:", my_log, my_data);
 *     WrInstance *inst;  WrTrap trap;
 *     if (wr_instantiate(eng, mod, lk, &inst, &trap)) ... report trap ...
 *     WrVal args[1] = {{.i32 = 7}}, res[1];
 *     if (wr_call(inst, "fib", args, 1, res, 1, &trap)) ... report trap ...
 *     wr_instance_free(inst); (optional: returns its memory now)
 *     wr_engine_free(eng);   (frees modules, instances, linkers too)
 *
 * wr_module_load decodes, validates (Wasm 2.0 plus extended-const, without SIMD) and translates
 * every function once into the interpreter's internal code.
 *
 * Values cross the API as WrVal, an untagged 8-byte union: the function's
 * type says which member is meant.  References: a funcref is a WrFunc * (or
 * NULL), an externref is any pointer-sized value chosen by the host, with
 * NULL meaning ref.null.
 *
 * Signatures are strings "PARAMS:RESULTS" with one letter per value:
 * i = i32, I = i64, f = f32, F = f64, r = funcref, x = externref.  Example:
 * "iiii:i" is (i32 i32 i32 i32) -> i32; ":" is () -> ().
 *
 * An engine and everything in it is used by one thread at a time; separate
 * engines may run on separate threads.
 *
 * Traps never crash or exit the process: a trap unwinds to the wr_* call
 * that entered the wasm code and fills a WrTrap.  An instance that trapped
 * may still be called again (core wasm has no poisoning); other instances
 * are untouched.
 */
#ifndef WRUN_H
#define WRUN_H

#include "err.h"

#include <stddef.h>
#include <stdint.h>

typedef struct WrEngine WrEngine;
typedef struct WrModule WrModule;
typedef struct WrInstance WrInstance;
typedef struct WrLinker WrLinker;
typedef struct WrCaller WrCaller;
typedef struct WrFunc WrFunc;
typedef struct WrMemory WrMemory;
typedef struct WrTable WrTable;
typedef struct WrGlobal WrGlobal;

/* Value types, numbered as in the binary format. */
typedef enum WrType {
    WR_I32 = 0x7f,
    WR_I64 = 0x7e,
    WR_F32 = 0x7d,
    WR_F64 = 0x7c,
    WR_V128 = 0x7b,
    WR_FUNCREF = 0x70,
    WR_EXTERNREF = 0x6f,
} WrType;

/* One value.  Writers set the member of the value's type; an i32/f32 lives
 * in the low 4 bytes (the rest is unspecified). */
typedef union WrVal {
    int32_t i32;
    int64_t i64;
    uint32_t u32;
    uint64_t u64;
    float f32;
    double f64;
    void *ref;
} WrVal;

/* ---- engine and limits ---- */

/* Zero in any field means "the default". */
typedef struct WrLimits {
    uint64_t fuel;             /* instructions (counted at calls and loop back-edges); 0 = unlimited */
    uint64_t max_memory_bytes; /* cap for every linear memory; default 4 GiB */
    uint32_t max_call_depth;   /* wasm frames; default 10,000 */
    uint64_t timeout_ms;       /* wall clock per wr_call/wr_instantiate; 0 = none */
    size_t stack_slots;        /* value-stack size in 8-byte slots; default 1 Mi (8 MiB) */
} WrLimits;

/* A new engine, or NULL when out of memory.  limits may be NULL. */
WrEngine *wr_engine_new(const WrLimits *limits);
/* Frees the engine and everything it owns. */
void wr_engine_free(WrEngine *eng);
/* Change the limits (takes effect at the next call into wasm).  The fuel
 * counter is reset to limits->fuel. */
void wr_engine_set_limits(WrEngine *eng, const WrLimits *limits);
/* Fuel left (meaningful only when a fuel limit is set). */
uint64_t wr_engine_fuel_left(const WrEngine *eng);

/* ---- traps ---- */

enum { WR_TRAP_MAX_FRAMES = 32 };

typedef struct WrFrame {
    uint32_t func;    /* function index in its module */
    const char *name; /* from the name section, or NULL; lives as long as the module */
    uint32_t offset;  /* byte offset of the instruction in the module, or 0 for host frames */
} WrFrame;

/* Why a call into wasm stopped.  code == CM_OK: no trap.  exited: the host
 * asked to end the program (wr_caller_exit) with exit_code. */
typedef struct WrTrap {
    CmErr code;             /* a "runtime traps" code of errors.def, or a link error */
    int exited;             /* 1 if stopped by wr_caller_exit */
    int exit_code;
    char message[256];      /* full text: err_message(code) plus detail */
    uint32_t nframes;       /* backtrace, innermost first */
    WrFrame frames[WR_TRAP_MAX_FRAMES];
} WrTrap;

/* ---- modules ---- */

/* Decode, validate and translate a binary module.  bytes are copied.  On
 * failure returns the error code, fills *err and sets *out to NULL. */
CmErr wr_module_load(WrEngine *eng, const uint8_t *bytes, size_t len, WrModule **out,
                     CmError *err);
/* Free a module before the engine goes (only if no instance uses it). */
void wr_module_free(WrModule *mod);

typedef enum WrExternKind { WR_EXTERN_FUNC = 0, WR_EXTERN_TABLE, WR_EXTERN_MEMORY, WR_EXTERN_GLOBAL } WrExternKind;

/* Imports and exports of a module, for embedders that link by name. */
uint32_t wr_module_import_count(const WrModule *mod);
/* Returns 0 and fills the out pointers (names are NUL-terminated, owned by
 * the module), or -1 when i is out of range. */
int wr_module_import(const WrModule *mod, uint32_t i, const char **out_module, const char **out_name,
                     WrExternKind *out_kind);
uint32_t wr_module_export_count(const WrModule *mod);
int wr_module_export(const WrModule *mod, uint32_t i, const char **out_name, WrExternKind *out_kind);

/* ---- host functions ---- */

/* A host function.  args holds the parameters, results receives the
 * results; the two may alias, so read every argument before writing a
 * result.  Return 0 to continue, or the value of wr_caller_trap /
 * wr_caller_exit to stop the wasm call. */
typedef int (*WrHostFn)(WrCaller *caller, const WrVal *args, WrVal *results, void *user);

/* The calling instance (NULL when called from wr_func_call directly). */
WrInstance *wr_caller_instance(WrCaller *caller);
/* [addr, addr+len) of the caller's memory 0, or NULL if out of bounds or
 * there is no memory.  Valid until the guest runs again (memory.grow may
 * move it). */
uint8_t *wr_caller_mem(WrCaller *caller, uint64_t addr, uint64_t len);
/* Size in bytes of the caller's memory 0 (0 if none). */
uint64_t wr_caller_mem_size(WrCaller *caller);
/* Stop with a trap; message is "host trap: <formatted text>".  Returns the
 * value the host function must return. */
int wr_caller_trap(WrCaller *caller, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Stop the program with an exit code (WASI proc_exit). */
int wr_caller_exit(WrCaller *caller, int code);

/* ---- linking ---- */

typedef struct WrExtern {
    WrExternKind kind;
    union {
        WrFunc *func;
        WrTable *table;
        WrMemory *memory;
        WrGlobal *global;
    } u;
} WrExtern;

/* A name -> extern map used to resolve imports.  Owned by the engine. */
WrLinker *wr_linker_new(WrEngine *eng);
/* Define a host function under module.name with signature sig. */
CmErr wr_linker_func(WrLinker *lk, const char *module, const char *name, const char *sig,
                     WrHostFn fn, void *user);
/* Define any extern (later definitions replace earlier ones). */
CmErr wr_linker_extern(WrLinker *lk, const char *module, const char *name, WrExtern ext);
/* Free a linker before the engine goes (instances linked through it are
 * not affected: they hold the externs themselves). */
void wr_linker_free(WrLinker *lk);
/* Define every export of inst under module (spec-test `register`). */
CmErr wr_linker_instance(WrLinker *lk, const char *module, WrInstance *inst);

/* A host function object (e.g. to put into a table). */
WrFunc *wr_func_new(WrEngine *eng, const char *sig, WrHostFn fn, void *user);
/* Free a host function of wr_func_new before the engine goes.  The caller
 * makes sure nothing uses it any more (no linker entry used again, no live
 * instance imports it, no table holds it).  Functions of instances are
 * ignored here: they go with their instance. */
void wr_func_free(WrFunc *fn);
/* Host-made memory/table/global, owned by the engine.  max < 0: no maximum.
 * Return NULL when out of memory or past the limits. */
WrMemory *wr_memory_new(WrEngine *eng, uint32_t min_pages, int64_t max_pages);
WrTable *wr_table_new(WrEngine *eng, WrType elem, uint32_t min, int64_t max, void *init);
WrGlobal *wr_global_new(WrEngine *eng, WrType type, int mutable_, WrVal init);

/* ---- instances ---- */

/* Link the imports of mod through lk (may be NULL when there are none),
 * build the instance, run the start function.  On failure returns non-zero
 * with *trap filled (a link error such as "unknown import" or a trap of the
 * initialisation / start function) and *out = NULL. */
CmErr wr_instantiate(WrEngine *eng, WrModule *mod, WrLinker *lk, WrInstance **out, WrTrap *trap);

/* Free an instance before the engine goes: its functions and the memories,
 * tables and globals it defined (not those it imported) are released, and
 * guard-page memories give back their address space.  Imports keep
 * exporters alive: while a live instance imports anything an instance
 * defined, wr_instance_free only marks it, and it is released when the
 * last such importer is freed (so any free order is safe).  An instance
 * whose instantiation failed in its segments or start function is owned by
 * the engine (it may already be referenced from imported tables).  After
 * the call the embedder must not use inst or the pointers it handed out
 * (exports, wr_instance_memory), and must not call it from inside a call
 * into that instance.  Once a funcref to one of its functions has been
 * stored in a table or global it did not define (host-made or another
 * instance's), the instance is kept until the engine is freed, so that the
 * reference never dangles.  NULL is a no-op. */
void wr_instance_free(WrInstance *inst);

/* Look up an export; returns 0 and fills *out, or -1 if there is none. */
int wr_instance_export(WrInstance *inst, const char *name, WrExtern *out);
/* The same for a name of len bytes (export names may contain NUL). */
int wr_instance_export_n(WrInstance *inst, const char *name, size_t len, WrExtern *out);
/* Memory 0 of the instance, or NULL. */
WrMemory *wr_instance_memory(WrInstance *inst);
/* Per-instance pointer for the embedder (e.g. the WASI context). */
void wr_instance_set_user(WrInstance *inst, void *user);
void *wr_instance_user(WrInstance *inst);

/* ---- calls ---- */

/* Call export `name`.  nargs/nresults must match its type.  Returns CM_OK,
 * or the trap code (trap filled; for wr_caller_exit code is CM_E_T_EXIT). */
CmErr wr_call(WrInstance *inst, const char *name, const WrVal *args, size_t nargs, WrVal *results,
              size_t nresults, WrTrap *trap);
CmErr wr_func_call(WrEngine *eng, WrFunc *fn, const WrVal *args, size_t nargs, WrVal *results,
                   size_t nresults, WrTrap *trap);
/* The signature of fn in the string form above (owned by the engine). */
const char *wr_func_sig(const WrFunc *fn);
/* Number of params and results, and their types. */
uint32_t wr_func_param_count(const WrFunc *fn);
uint32_t wr_func_result_count(const WrFunc *fn);
WrType wr_func_param(const WrFunc *fn, uint32_t i);
WrType wr_func_result(const WrFunc *fn, uint32_t i);

/* ---- memories, tables, globals ---- */

uint8_t *wr_memory_data(WrMemory *mem);
uint64_t wr_memory_size(const WrMemory *mem); /* bytes */
/* Grow by delta pages; returns the old size in pages or -1. */
int64_t wr_memory_grow(WrMemory *mem, uint32_t delta);

WrVal wr_global_get(const WrGlobal *g);
WrType wr_global_type(const WrGlobal *g);
/* Set a mutable global (returns -1 if immutable). */
int wr_global_set(WrGlobal *g, WrVal v);

uint32_t wr_table_size(const WrTable *t);
/* Returns 0, or -1 out of bounds. */
int wr_table_get(const WrTable *t, uint32_t i, void **out);
int wr_table_set(WrTable *t, uint32_t i, void *ref);

#endif
