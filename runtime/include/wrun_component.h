/* wrun_component.h - the embedding API for WebAssembly components (the
 * component model, WASI 0.2 subset: sync canonical ABI, resources).
 *
 * A component runs on a core engine (wrun.h).  The life of a component:
 *
 *     WrEngine *eng = wr_engine_new(NULL);
 *     WrcComponent *c;  CmError err;
 *     if (wrc_component_load(eng, bytes, len, &c, &err)) ... report err ...
 *     WrcLinker *lk = wrc_linker_new(eng);
 *     wrc_linker_func(lk, "wasi:cli/environment@0.2.12", "get-environment", get_env, ctx);
 *     WrcResType *fd = wrc_linker_resource(lk, "wasi:filesystem/types@0.2.12", "descriptor",
 *                                          fd_free, ctx);
 *     WrcInstance *inst;  WrTrap trap;
 *     if (wrc_instantiate(c, lk, &inst, &trap)) ... report trap.message ...
 *     WrcVal args[2] = {wrc_u32(1), wrc_str("x", 1)}, res;
 *     if (wrc_call(inst, "add", args, 2, &res, &trap)) ... report trap ...
 *     wrc_instance_free(inst);  wrc_linker_free(lk);  wrc_component_free(c);
 *     wr_engine_free(eng);
 *
 * Names.  A function of an interface is named by the interface's full name
 * and the function's name: ("wasi:cli/environment@0.2.12", "get-environment"),
 * ("wasi:io/streams@0.2.12", "[method]output-stream.write").  A function the
 * component imports directly (not through an interface) has interface NULL.
 * Versions match on the semver compatibility track, as in wasmtime: a host
 * definition at 0.2.12 satisfies an import at 0.2.0 or 0.2.3 (same major
 * and, for major 0, the same minor); the highest defined version wins.
 * Exports are named the same way for wrc_call: "add", or
 * "wasi:cli/run@0.2.0#run" (the interface part matches on the track too).
 *
 * Values cross the API as WrcVal, a tagged value.  Everything a value points
 * to (string bytes, list elements, payloads) lives in a per-call arena owned
 * by the runtime: host functions allocate their results with wrc_alloc /
 * wrc_vals / wrc_strdup and never free them; results of wrc_call stay valid
 * until the next wrc_call on the same instance (or wrc_instance_free).
 *
 * Traps never crash or exit the process.  A trap inside a component
 * instance (a wasm trap, a canonical-ABI violation, a host function that
 * returns wrc_trap) poisons the instance: every later call fails with
 * "cannot enter component instance".  A host function that calls wrc_exit
 * ends the program: the call returns CM_E_T_EXIT with trap->exited set.
 */
#ifndef WRUN_COMPONENT_H
#define WRUN_COMPONENT_H

#include "err.h"
#include "wrun.h"

#include <stddef.h>
#include <stdint.h>

typedef struct WrcComponent WrcComponent; /* a loaded (decoded, validated, compiled) component */
typedef struct WrcLinker WrcLinker;       /* host definitions by interface and name */
typedef struct WrcInstance WrcInstance;   /* an instantiated component */
typedef struct WrcCall WrcCall;           /* the context of one host-function call */
typedef struct WrcResType WrcResType;     /* a resource type (host- or guest-defined) */
typedef struct WrcFunc WrcFunc;           /* an exported component function */
struct CtType;                            /* libcm/ctypes.h: component types */

/* ---- values ---- */

typedef enum WrcKind {
    WRC_BOOL,
    WRC_S8,
    WRC_U8,
    WRC_S16,
    WRC_U16,
    WRC_S32,
    WRC_U32,
    WRC_S64,
    WRC_U64,
    WRC_F32,
    WRC_F64,
    WRC_CHAR,    /* a Unicode scalar value */
    WRC_STRING,  /* UTF-8, u.str */
    WRC_LIST,    /* u.list: elements */
    WRC_BYTES,   /* list<u8> (always this form, never WRC_LIST): u.bytes */
    WRC_RECORD,  /* u.list: the fields in declaration order */
    WRC_TUPLE,   /* u.list */
    WRC_VARIANT, /* u.var: case index and payload (NULL: none) */
    WRC_ENUM,    /* u.var.tag */
    WRC_OPTION,  /* u.var: tag 0 = none, 1 = some(payload) */
    WRC_RESULT,  /* u.var: tag 0 = ok, 1 = error; payload NULL when that side has no type */
    WRC_FLAGS,   /* u.flags: bit i = label i */
    WRC_OWN,     /* u.handle */
    WRC_BORROW,  /* u.handle */
} WrcKind;

typedef struct WrcVal WrcVal;

/* A resource crosses the host boundary as its type and representation, never
 * as a table index: the runtime keeps the handle tables.
 *  - own passed to a host function: the host now owns rep (the guest's
 *    handle is gone) and must release it (for its own types) or pass it on.
 *  - own returned by a host function: a new handle in the guest's table;
 *    the resource type's destructor runs when the guest drops it.
 *  - borrow passed to a host function: valid only during the call.
 * For host-defined types rep is whatever the host chose (typically a
 * pointer); for guest-defined ones it is the guest's i32 representation. */
typedef struct WrcHandle {
    WrcResType *type;
    void *rep;
} WrcHandle;

struct WrcVal {
    WrcKind kind;
    union {
        int b; /* bool: 0 or 1 */
        int8_t s8;
        uint8_t u8;
        int16_t s16;
        uint16_t u16;
        int32_t s32;
        uint32_t u32;
        int64_t s64;
        uint64_t u64;
        float f32;
        double f64;
        uint32_t ch;
        struct {
            const char *ptr; /* lifted strings are also NUL-terminated */
            uint32_t len;    /* bytes */
        } str;
        struct {
            const uint8_t *ptr;
            uint32_t len;
        } bytes;
        struct {
            WrcVal *elems;
            uint32_t n;
        } list;
        struct {
            uint32_t tag;
            WrcVal *payload;
        } var;
        uint32_t flags;
        WrcHandle handle;
    } u;
};

/* Constructors for scalars (no allocation). */
static inline WrcVal wrc_bool(int v) { WrcVal x = {WRC_BOOL, {.b = v != 0}}; return x; }
static inline WrcVal wrc_s8(int8_t v) { WrcVal x = {WRC_S8, {.s8 = v}}; return x; }
static inline WrcVal wrc_u8(uint8_t v) { WrcVal x = {WRC_U8, {.u8 = v}}; return x; }
static inline WrcVal wrc_s16(int16_t v) { WrcVal x = {WRC_S16, {.s16 = v}}; return x; }
static inline WrcVal wrc_u16(uint16_t v) { WrcVal x = {WRC_U16, {.u16 = v}}; return x; }
static inline WrcVal wrc_s32(int32_t v) { WrcVal x = {WRC_S32, {.s32 = v}}; return x; }
static inline WrcVal wrc_u32(uint32_t v) { WrcVal x = {WRC_U32, {.u32 = v}}; return x; }
static inline WrcVal wrc_s64(int64_t v) { WrcVal x = {WRC_S64, {.s64 = v}}; return x; }
static inline WrcVal wrc_u64(uint64_t v) { WrcVal x = {WRC_U64, {.u64 = v}}; return x; }
static inline WrcVal wrc_f32(float v) { WrcVal x = {WRC_F32, {.f32 = v}}; return x; }
static inline WrcVal wrc_f64(double v) { WrcVal x = {WRC_F64, {.f64 = v}}; return x; }
static inline WrcVal wrc_char(uint32_t v) { WrcVal x = {WRC_CHAR, {.ch = v}}; return x; }
static inline WrcVal wrc_enum(uint32_t tag) { WrcVal x = {WRC_ENUM, {.var = {tag, NULL}}}; return x; }
static inline WrcVal wrc_flags(uint32_t bits) { WrcVal x = {WRC_FLAGS, {.flags = bits}}; return x; }
/* A string/bytes value pointing at s (not copied: s must outlive the use,
 * e.g. a literal, or memory from wrc_alloc). */
static inline WrcVal wrc_str(const char *s, uint32_t len) { WrcVal x = {WRC_STRING, {.str = {s, len}}}; return x; }
static inline WrcVal wrc_bytes(const uint8_t *p, uint32_t len) { WrcVal x = {WRC_BYTES, {.bytes = {p, len}}}; return x; }
/* A list/record/tuple over n values the caller allocated (wrc_vals). */
static inline WrcVal wrc_list(WrcVal *elems, uint32_t n) { WrcVal x = {WRC_LIST, {.list = {elems, n}}}; return x; }
static inline WrcVal wrc_record(WrcVal *fields, uint32_t n) { WrcVal x = {WRC_RECORD, {.list = {fields, n}}}; return x; }
static inline WrcVal wrc_tuple(WrcVal *elems, uint32_t n) { WrcVal x = {WRC_TUPLE, {.list = {elems, n}}}; return x; }
/* Variant-like values over a payload the caller allocated (or NULL). */
static inline WrcVal wrc_variant(uint32_t tag, WrcVal *payload) { WrcVal x = {WRC_VARIANT, {.var = {tag, payload}}}; return x; }
static inline WrcVal wrc_none(void) { WrcVal x = {WRC_OPTION, {.var = {0, NULL}}}; return x; }
static inline WrcVal wrc_some(WrcVal *payload) { WrcVal x = {WRC_OPTION, {.var = {1, payload}}}; return x; }
static inline WrcVal wrc_ok(WrcVal *payload) { WrcVal x = {WRC_RESULT, {.var = {0, payload}}}; return x; }
static inline WrcVal wrc_err(WrcVal *payload) { WrcVal x = {WRC_RESULT, {.var = {1, payload}}}; return x; }
static inline WrcVal wrc_own(WrcResType *t, void *rep) { WrcVal x = {WRC_OWN, {.handle = {t, rep}}}; return x; }
static inline WrcVal wrc_borrow(WrcResType *t, void *rep) { WrcVal x = {WRC_BORROW, {.handle = {t, rep}}}; return x; }

/* ---- components ---- */

/* Decode and validate a component, build its type model and compile every
 * nested core module once (instances share the compiled code).  bytes are
 * copied.  On failure returns the code, fills *err and sets *out = NULL.
 * Owned by the caller (wrc_component_free, before the engine goes). */
CmErr wrc_component_load(WrEngine *eng, const uint8_t *bytes, size_t len, WrcComponent **out,
                         CmError *err);
void wrc_component_free(WrcComponent *c);

/* The component's imports and exports (names owned by the component).  kind
 * is the CtExternKind of ctypes.h; type the CtType of the item. */
uint32_t wrc_component_import_count(const WrcComponent *c);
uint32_t wrc_component_export_count(const WrcComponent *c);
const char *wrc_component_import(const WrcComponent *c, uint32_t i, const struct CtType **out_type);
const char *wrc_component_export(const WrcComponent *c, uint32_t i, const struct CtType **out_type);

/* ---- host functions ---- */

/* A host function.  args holds the nargs parameters (in the order of the
 * function type); write the result, if the function has one, to *result
 * (anything it points to comes from wrc_alloc & co. or outlives the call).
 * Return 0, or the value of wrc_trap / wrc_exit.  The runtime checks the
 * result against the function's type (a mismatch is a trap naming the
 * function) and frees the call's arena when the guest resumes. */
typedef int (*WrcHostFn)(WrcCall *call, const WrcVal *args, uint32_t nargs, WrcVal *result,
                         void *user);

/* Memory from the call's arena (zeroed; NULL when out of memory - then
 * return wrc_trap).  Freed when the call returns to the guest. */
void *wrc_alloc(WrcCall *call, size_t n);
WrcVal *wrc_vals(WrcCall *call, uint32_t n);
/* A copy of s[0..len) (NUL-terminated) as a WRC_STRING value.  When out of
 * memory it returns "" and marks the call failed: the guest then traps with
 * "out of memory" whatever the host function returns (wrc_call_failed
 * tells). */
WrcVal wrc_strdup(WrcCall *call, const char *s, size_t len);
/* A one-value payload for wrc_some / wrc_ok / wrc_err / wrc_variant. */
WrcVal *wrc_box(WrcCall *call, WrcVal v);
int wrc_call_failed(const WrcCall *call);

/* The instance that called (for per-instance data, wrc_instance_user). */
WrcInstance *wrc_call_instance(WrcCall *call);
/* The full name of the function being called ("iface#name" or "name"). */
const char *wrc_call_func_name(const WrcCall *call);

/* Stop the guest with a trap "host trap: <text>" (poisons the instance).
 * Returns the value the host function must return. */
int wrc_trap(WrcCall *call, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* End the program with an exit status (wasi:cli/exit).  Returns the value
 * the host function must return. */
int wrc_exit(WrcCall *call, int code);

/* ---- host resources ---- */

/* Called when the last own handle of a host resource is dropped by a guest
 * (resource.drop, or the instance being freed with handles still open). */
typedef void (*WrcDtor)(void *rep, void *user);

/* ---- linking ---- */

/* A set of host definitions.  Owned by the caller (wrc_linker_free; after
 * the instances made with it are freed). */
WrcLinker *wrc_linker_new(WrEngine *eng);
void wrc_linker_free(WrcLinker *lk);

/* Define function `name` of `interface` (NULL: a top-level import of that
 * name).  Both strings are copied.  Later definitions replace earlier ones.
 * The function's type is the one the component imports it with; the
 * runtime checks every result a host function returns against it. */
CmErr wrc_linker_func(WrcLinker *lk, const char *interface, const char *name, WrcHostFn fn,
                      void *user);

/* Define resource type `name` of `interface`: a component that imports
 * the interface gets this type for its `(sub resource)` import.  dtor may
 * be NULL.  Returns NULL when out of memory.  The type is owned by the
 * linker and identifies the resource in WrcHandle values. */
WrcResType *wrc_linker_resource(WrcLinker *lk, const char *interface, const char *name,
                                WrcDtor dtor, void *user);

/* Let every import the linker cannot satisfy be a function that traps
 * when called ("unknown import ... called"), as wasmtime's
 * --trap-unknown-imports; default off (instantiation fails naming it). */
void wrc_linker_trap_unknown(WrcLinker *lk, int on);

/* ---- instances ---- */

/* Link the component's imports through lk (NULL when there are none), build
 * every nested instance and run the core start functions.  On failure
 * returns non-zero and fills *trap: a link error names the import, and for
 * a type mismatch its expected and its actual type, e.g.
 *   "incompatible import type: 'wasi:cli/stdout@0.2.0' function 'get-stdout':
 *    expected func() -> own<output-stream>, found func() -> u32"
 * Owned by the caller (wrc_instance_free). */
CmErr wrc_instantiate(WrcComponent *c, WrcLinker *lk, WrcInstance **out, WrTrap *trap);
/* Runs host destructors of handles still held; frees every core instance. */
void wrc_instance_free(WrcInstance *inst);

void wrc_instance_set_user(WrcInstance *inst, void *user);
void *wrc_instance_user(WrcInstance *inst);

/* An exported function by name (see "Names"), or NULL. */
WrcFunc *wrc_instance_func(WrcInstance *inst, const char *name);
/* Its type (a CT_FUNC: params in ->fields, result in ->result). */
const struct CtType *wrc_func_type(const WrcFunc *fn);
/* Number of exported functions (including those of exported instances) and
 * their full names ("add", "wasi:cli/run@0.2.0#run"), for listings. */
uint32_t wrc_instance_func_count(const WrcInstance *inst);
const char *wrc_instance_func_name(const WrcInstance *inst, uint32_t i);

/* Call an exported function.  args are checked against its type.  *result
 * receives the result (if the type has one); what it points to lives until
 * the next call on this instance.  Returns CM_OK or the trap code (trap
 * filled; the instance is poisoned unless the code is CM_E_T_EXIT). */
CmErr wrc_call(WrcInstance *inst, const char *name, const WrcVal *args, uint32_t nargs,
               WrcVal *result, WrTrap *trap);
CmErr wrc_func_call(WrcFunc *fn, const WrcVal *args, uint32_t nargs, WrcVal *result,
                    WrTrap *trap);

/* Drop an own handle the host received from a guest export (runs the
 * guest's destructor).  Returns CM_OK or the trap code. */
CmErr wrc_resource_drop(WrcInstance *inst, WrcVal own, WrTrap *trap);

/* ---- providers of host interfaces for the wrun CLI ---- */

/* What the command line grants a program (the WASI 0.2 host reads it). */
typedef struct WrcHostConfig {
    int argc;                     /* argv[0] is the program name */
    const char *const *argv;
    size_t nenv;                  /* "KEY=VALUE" each */
    const char *const *env;
    size_t ndirs;                 /* preopens: host path and guest name */
    const char *const *dir_host;
    const char *const *dir_guest;
    int stdin_fd, stdout_fd, stderr_fd;
    uint64_t deadline_ns;         /* monotonic clock, 0 = none */
    size_t nnet;                  /* network grants ("HOST:PORT", see wasi2.h) */
    const char *const *net;
    int allow_dns;                /* name lookup granted */
} WrcHostConfig;

/* A provider defines its interfaces in lk for one program; *out_state (may
 * be NULL) is passed to free after the instance is gone.  err filled on
 * failure (e.g. a preopen that does not exist). */
typedef struct WrcHostProvider {
    const char *name;
    CmErr (*link)(WrcLinker *lk, const WrcHostConfig *cfg, void **out_state, CmError *err);
    void (*free)(void *state);
} WrcHostProvider;

/* The WASI 0.2 host (runtime/wasi2, library target `wasi2`) defines this
 * object; the wrun CLI links it when that target exists. */
extern const WrcHostProvider wrc_wasi2_provider;

#endif
