/* rc_internal.h - shared structures of the component runtime (library wrc).
 *
 * Static data (per loaded component): RcCompDef, one per component
 * definition (the outer one and every nested one), with its type model
 * (ctypes.h) and its compiled core modules.
 *
 * Run-time data (per wrc_instantiate), all in the WrcInstance's arena:
 *  - RcCompInst: one per component instance in the spec's sense (the root
 *    and every nested instance): its handle table, poisoning and re-entry
 *    flags, and the map from the CtType of each resource it can name to the
 *    run-time resource type (resources are nominal: the same CtType can
 *    stand for different run-time types in two instances).
 *  - RcItem: a component-level item (func, type, instance, component).
 *  - WrcFunc: a component function: a host function, or a core function
 *    lifted with its canonical options.
 *  - RcLower: what a `canon lower` trampoline (a host WrFunc called by core
 *    wasm) needs.
 *
 * Values between two guests are copied straight from the caller's flat
 * values or memory into the callee's (rc_fuse.c, CanonicalABI.md's fused
 * adapter), with a plan made once per `canon lower` at instantiation;
 * values to and from the host travel as WrcVal trees.
 */
#ifndef RC_INTERNAL_H
#define RC_INTERNAL_H

#include "arena.h"
#include "cabi.h"
#include "ctypes.h"
#include "vec.h"
#include "wcomp.h"
#include "wrun.h"
#include "wrun_component.h"

#include <stdint.h>

typedef struct RcCompDef RcCompDef;
typedef struct RcCompInst RcCompInst;
typedef struct RcInstVal RcInstVal;
typedef struct RcScope RcScope;

/* ---- static ---- */

struct RcCompDef {
    const WcComponent *wc;
    CtModel *model;
    uint32_t nmodules;
    WrModule **modules; /* the core modules it defines, in order */
    uint32_t nnested;
    RcCompDef **nested; /* the components it defines, in order */
};

/* The canonical-ABI plan of one value type (rc_plan.c). */
typedef struct RcInfo {
    const CtType *t;
    uint32_t size, align, nflat;
    uint32_t n;                  /* fields (record, tuple) or cases (variant-like) */
    const CtType **types;        /* field types, or case payload types (NULL: none) */
    uint32_t *offsets;           /* record, tuple: field offsets */
    uint32_t disc_size, payload_off; /* variant-like */
    const CabiFlat **case_flat;  /* variant-like: flattening of each case payload */
    uint32_t *case_nflat;
    const struct RcInfo **subs;  /* plans of types[i] (NULL: no payload) */
    const struct RcInfo *elem;   /* list: plan of the element type */
    uint8_t pod;                 /* memory bytes copy as they are: integers, floats,
                                    records and tuples of them */
} RcInfo;

struct WrcComponent {
    WrEngine *eng;
    uint8_t *bytes;
    size_t len;
    Arena arena; /* IR, type model, definitions, plans */
    RcCompDef *root;
    RcInfo **info; /* plans by CtType pointer (open addressing) */
    size_t ninfo, capinfo;
    uint8_t no_fuse; /* guest-to-guest calls through WrcVal (tests, benchmarks) */
};

/* rc_plan.c */
const RcInfo *rc_info(WrcComponent *c, const CtType *t); /* NULL on OOM */
CmErr rc_prepare_func(WrcComponent *c, const CtType *fn);
void rc_plans_free(WrcComponent *c);

/* ---- linker ---- */

/* A parsed interface name "ns:pkg/iface@1.2.3". */
typedef struct RcIfaceName {
    const char *base; /* up to '@' (not NUL-terminated there) */
    size_t base_len;
    int has_ver;
    uint64_t major, minor, patch;
    int pre; /* a pre-release or build suffix: matches only exactly */
} RcIfaceName;

typedef struct RcHostDef {
    char *iface; /* NULL: top level */
    RcIfaceName in;
    char *name;
    WrcHostFn fn;     /* a function, or */
    WrcResType *res;  /* a resource type */
    void *user;
} RcHostDef;

struct WrcLinker {
    WrEngine *eng;
    VEC(RcHostDef) defs;
    int trap_unknown;
};

void rc_iface_parse(const char *s, size_t len, RcIfaceName *out);
/* 1 if an import named `want` may be satisfied by a definition `have`. */
int rc_iface_compatible(const RcIfaceName *want, const RcIfaceName *have);
/* Best definition for (iface, name) of the wanted kind (fn or resource). */
const RcHostDef *rc_linker_find(const WrcLinker *lk, const char *iface, size_t iface_len,
                                const char *name, int want_res);

/* ---- run time ---- */

struct WrcResType {
    const char *name;
    WrcDtor dtor; /* host destructor */
    void *user;
    RcCompInst *owner; /* the defining component instance (NULL: host) */
    WrFunc *core_dtor; /* guest destructor */
    WrcResType *next;  /* in the linker's or the instance's list */
};

typedef struct RcBorrowScope {
    uint32_t num_borrows;
} RcBorrowScope;

typedef struct RcHandle {
    WrcResType *type; /* NULL: a free slot */
    void *rep;
    uint8_t own;
    uint32_t lends;       /* borrows of this handle passed to a running call */
    RcBorrowScope *scope; /* borrow handles: the call they belong to */
    uint32_t next_free;
} RcHandle;

typedef struct RcResMap {
    const CtType *ct;
    WrcResType *res;
} RcResMap;

struct RcCompInst {
    WrcInstance *root;
    RcCompInst *next;
    uint8_t poisoned;
    uint8_t busy;      /* a lifted export is running (re-entry traps) */
    uint8_t no_leave;  /* in realloc or post-return: calling imports traps */
    VEC(RcHandle) handles; /* [0] reserved */
    uint32_t free_head;    /* LIFO list of free slots (0: none) */
    VEC(RcResMap) resmap;
    WrcResType *own_types; /* resource types defined here */
};

enum { RC_ITEM_NONE, RC_ITEM_FUNC, RC_ITEM_TYPE, RC_ITEM_INSTANCE, RC_ITEM_COMPONENT };

typedef struct RcItem {
    uint8_t kind;
    const CtType *ct;   /* its type as the holder sees it (funcs, types, instances) */
    WrcFunc *func;
    WrcResType *res;    /* type items that are resources */
    RcInstVal *inst;
    RcCompDef *comp;
    RcScope *comp_outer; /* where the component was defined (outer aliases) */
} RcItem;

struct RcInstVal {
    uint32_t n;
    const char **names;
    RcItem *items;
};

typedef struct RcOpts {
    uint8_t enc; /* WC_OPT_UTF8 / UTF16 / LATIN1_UTF16 */
    WrMemory *mem;
    WrFunc *realloc;
    WrFunc *post;
} RcOpts;

enum { RC_FN_HOST, RC_FN_LIFT, RC_FN_TRAP };

struct WrcFunc {
    uint8_t kind;
    const CtType *type;
    const char *name;
    WrcInstance *root;
    /* host */
    WrcHostFn host;
    void *user;
    /* lifted */
    RcCompInst *ci;
    WrFunc *core;
    RcOpts opts;
    CabiSig sig; /* CABI_LIFT, computed once */
};

typedef struct RcFuse RcFuse;

typedef struct RcLower {
    WrcFunc *callee;
    const CtType *type; /* the caller's view */
    RcCompInst *ci;     /* the caller */
    RcOpts opts;
    CabiSig sig; /* CABI_LOWER */
    const RcFuse *fuse; /* a guest callee: the direct copy plan (NULL: through WrcVal) */
} RcLower;

typedef struct RcExportFn {
    const char *name; /* "f" or "iface#f" */
    WrcFunc *func;
} RcExportFn;

struct WrcInstance {
    WrcComponent *c;
    WrEngine *eng;
    WrcLinker *lk;
    Arena arena;      /* run-time structures */
    Arena call_arena; /* results of wrc_call */
    RcCompInst *insts;
    RcCompInst *top;
    RcInstVal exports;
    VEC(RcExportFn) funcs;
    /* What wrc_instance_free gives back to the engine: the core instances
     * (in creation order) and the host functions made for them. */
    VEC(WrInstance *) cores;
    VEC(WrFunc *) hostfns;
    uint32_t nfused; /* `canon lower`s made fused trampolines (rc_fuse.c) */
    void *user;
    /* A canonical-ABI trap raised inside a trampoline, carried out through
     * the core engine (which only knows host traps). */
    CmErr pend_code;
    char pend_msg[256];
    uint32_t pend_nframes; /* the callee's frames, innermost first */
    WrFrame pend_frames[WR_TRAP_MAX_FRAMES];
};

/* The state of one lift/lower pass. */
typedef struct RcCx {
    WrcInstance *root;
    RcCompInst *ci;      /* whose memory and handle table */
    const RcOpts *opts;
    Arena *arena;        /* where lifted values go */
    RcBorrowScope *scope; /* lowering borrows into a callee: their call */
    VEC(uint32_t) lent;   /* lifting borrows: handles of ci lent to the callee */
    uint8_t *mbase;       /* opts->mem's bytes and size, cached (NULL: look up again; */
    uint64_t msize;       /* only realloc, i.e. guest code, can grow or move them) */
    CmErr code;          /* first error */
    char msg[256];
} RcCx;

struct WrcCall {
    WrcInstance *root;
    RcCompInst *ci;
    Arena *arena;
    const char *name;
    int failed;
    int exited, exit_code;
    char msg[256];
};

/* CanonicalABI.md MAX_STRING_BYTE_LENGTH and MAX_LIST_BYTE_LENGTH (2^28-1
 * in the current definitions.py; the high bit stays free for UTF16_TAG). */
#define RC_MAX_STRING_BYTES ((1u << 28) - 1)
#define RC_MAX_LIST_BYTES ((1u << 28) - 1)
#define RC_UTF16_TAG (1u << 31)

/* Little-endian n-byte loads and stores (n <= 8). */
static inline uint64_t rc_rd(const uint8_t *p, uint32_t n)
{
    uint64_t v = 0;
    for (uint32_t i = 0; i < n; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

static inline void rc_wr(uint8_t *p, uint32_t n, uint64_t v)
{
    for (uint32_t i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* rc_canon.c: lifting and lowering */
CmErr rc_fail(RcCx *cx, CmErr code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* Check that v is a value of type t (host values). */
CmErr rc_check(RcCx *cx, const CtType *t, const WrcVal *v);
CmErr rc_load(RcCx *cx, const CtType *t, uint32_t ptr, WrcVal *out);
CmErr rc_store(RcCx *cx, const CtType *t, uint32_t ptr, const WrcVal *v);

typedef struct RcFlat {
    WrVal *v;
    const CabiFlat *types;
    uint32_t i, n;
} RcFlat;
CmErr rc_lift_flat(RcCx *cx, const CtType *t, RcFlat *in, WrcVal *out);
CmErr rc_lower_flat(RcCx *cx, const CtType *t, const WrcVal *v, RcFlat *out);
/* [ptr, ptr+size) of cx's memory, checked for alignment and bounds. */
uint8_t *rc_mem_at(RcCx *cx, uint64_t ptr, uint64_t size, uint32_t align);
/* A joined flat slot of type have read back as want, and a case value of
 * type have stored into a joined slot of type want (variants). */
WrVal rc_coerce_in(WrVal x, CabiFlat have, CabiFlat want);
WrVal rc_coerce_out(WrVal x, CabiFlat have, CabiFlat want);
/* realloc(0, 0, align, size) in cx's instance, checked. */
CmErr rc_alloc(RcCx *cx, uint32_t align, uint32_t size, uint32_t *out);
/* Size and alignment of the tuple of a function's params. */
void rc_params_layout(const CtType *fn, uint32_t *out_size, uint32_t *out_align);

/* rc_res.c: handle tables and resource built-ins */
CmErr rc_handle_add(RcCx *cx, RcCompInst *ci, WrcResType *t, void *rep, int own,
                    RcBorrowScope *scope, uint32_t *out);
/* Free slot i of ci's table (no destructor runs). */
void rc_handle_remove(RcCompInst *ci, uint32_t i);
WrcResType *rc_resmap(RcCompInst *ci, const CtType *ct);
CmErr rc_resmap_add(RcCompInst *ci, const CtType *ct, WrcResType *res);
CmErr rc_lift_handle(RcCx *cx, const CtType *t, uint32_t idx, WrcVal *out);
CmErr rc_lower_handle(RcCx *cx, const CtType *t, const WrcVal *v, uint32_t *out);
WrFunc *rc_resource_builtin(WrcInstance *root, RcCompInst *ci, uint8_t kind, WrcResType *res);
void rc_handles_release(RcCompInst *ci);

/* rc_call.c: calls */
CmErr rc_invoke(WrcFunc *fn, Arena *arena, const WrcVal *args, uint32_t nargs, WrcVal *result,
                WrTrap *trap);
WrFunc *rc_lower_trampoline(WrcInstance *root, RcLower *lw);
/* Record a host function made for root (freed with it); returns f, or NULL
 * (f freed) when out of memory. */
WrFunc *rc_own_func(WrcInstance *root, WrFunc *f);
/* Turn a pending canonical-ABI trap into trap (if any). */
void rc_trap_from_cx(WrTrap *trap, CmErr code, const char *msg);
/* A core call into a lifted function failed: adopt the canonical-ABI trap
 * raised deeper down as the reason. */
void rc_adopt_pending(WrcInstance *root, WrTrap *trap);
/* Give back the borrows cx lent to a callee. */
void rc_unlend(RcCx *cx);
/* Make the guest calling a trampoline trap with code and msg (inner: the
 * callee's trap, whose frames go first in the backtrace). */
int rc_trampoline_fail(WrCaller *caller, RcLower *lw, CmErr code, const char *msg,
                       const WrTrap *inner);

/* rc_fuse.c: guest-to-guest calls without WrcVal */
/* Make lw->fuse when lw's callee is a lifted function of the same shape
 * (left NULL otherwise); CM_E_OOM only when out of memory. */
CmErr rc_fuse_plan(WrcInstance *root, RcLower *lw);
/* The trampoline of a fused `canon lower` (user: the RcLower). */
int rc_fuse_trampoline(WrCaller *caller, const WrVal *args, WrVal *results, void *user);

/* rc_inst.c */
CmErr rc_instantiate_def(WrcInstance *root, RcCompDef *def, RcScope *outer, const RcInstVal *args,
                         RcInstVal *out_exports, WrTrap *trap);

#endif
