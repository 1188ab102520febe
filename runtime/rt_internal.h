/* rt_internal.h - the runtime's private data structures.
 *
 * Shared by the translator (rt_compile.c), the module loader and validator
 * (rt_module.c), instantiation (rt_instance.c) and the interpreter loop
 * (rt_exec.c).  Nothing here is part of the embedding API (wrun.h).
 */
#ifndef RT_INTERNAL_H
#define RT_INTERNAL_H

#include "arena.h"
#include "err.h"
#include "wmod.h"
#include "wrun.h"

#include <stdint.h>

typedef WrVal RtSlot;
_Static_assert(sizeof(RtSlot) == sizeof(uint64_t), "a slot is 8 bytes (pool constants are copied as uint64_t)");

#define RT_PAGE 65536u
#define RT_MAX_POOL 32
/* Guard-page builds reserve this much address space per memory: any
 * 32-bit address plus 32-bit offset lands inside it. */
#define RT_MEM_RESERVE (((uint64_t)8 << 30) + 2 * (uint64_t)RT_PAGE)
#define RT_UNKNOWN 0 /* the "bottom" type of unreachable code */

/* A function type.  types[0..nparams) then types[nparams..nparams+nresults). */
typedef struct RtFuncType {
    uint32_t nparams, nresults;
    const uint8_t *types;
    uint32_t canon; /* engine-wide id: equal types have equal ids */
} RtFuncType;

/* The translated body of one function. */
typedef struct RtCode {
    uint32_t *words;      /* internal code (rt_ops.h) */
    uint32_t nwords;
    uint32_t nlocals;     /* params + declared locals */
    uint32_t zero_lo, zero_hi; /* the locals a call zeroes: those some path may read
                                  before writing them (rt_assign.h) */
    uint32_t nconsts;     /* constant slots after the locals */
    uint32_t const_lo, const_hi; /* those the code reads, filled on entry */
    uint64_t *consts;
    uint32_t frame_slots; /* nlocals + nconsts + max operand height (>= nresults) */
    uint32_t body_offset; /* byte offset of the body in the module */
    /* pc map for backtraces: pcmap[2i] = word index, pcmap[2i+1] = byte offset */
    uint32_t *pcmap;
    uint32_t npcmap;
} RtCode;

struct WrModule {
    WrEngine *eng;
    Arena arena;
    WModule *w;            /* the decoded module (in arena) */
    RtFuncType *types;     /* w->ntypes, with engine-canonical ids */
    /* whole index spaces (imports first) */
    uint32_t nfuncs, ntables, nmems, nglobals;
    uint32_t *func_type;   /* type index per function */
    uint8_t *table_type;   /* element type per table */
    uint8_t *global_type;  /* value type per global */
    uint8_t *global_mut;
    RtCode *code;          /* per defined function (index - nfunc_imports) */
    uint8_t *declared;     /* per function: may be named by ref.func in code */
    WrModule *next;        /* engine's list */
};

struct WrFunc {
    const RtFuncType *type;
    WrInstance *inst;   /* owner, NULL for host functions */
    const RtCode *code; /* NULL for host functions */
    const uint32_t *words; /* code->words: a call's next pc is one load from f */
    WrHostFn host;
    void *user;
    uint32_t index;     /* in its module */
    WrEngine *eng;
    char *sig;          /* lazily built signature string, freed with the function */
    WrFunc *hprev, *hnext; /* host functions: the engine's list (wr_func_free unlinks) */
};

struct WrMemory {
    uint8_t *data;
    uint64_t size;      /* bytes */
    uint64_t max_pages; /* effective maximum (declared and engine limit) */
    int64_t decl_max;   /* declared maximum in pages, -1 if none (import matching) */
    uint64_t reserved;  /* bytes mapped */
    WrMemory *next;
    WrInstance *owner; /* the defining instance, NULL if host-made */
};

struct WrTable {
    void **elems;
    uint32_t size, cap;
    uint64_t max;       /* declared maximum, UINT32_MAX if none */
    uint8_t has_max;
    uint8_t type;
    WrTable *next;
    WrInstance *owner; /* the defining instance, NULL if host-made */
};

struct WrGlobal {
    WrVal val;
    uint8_t type, mut;
    WrGlobal *next;
    WrInstance *owner; /* the defining instance, NULL if host-made */
};

/* An element segment at run time (dropped = n set to 0). */
typedef struct RtElemInst {
    uint32_t n;
    void **refs;
} RtElemInst;

struct WrInstance {
    WrEngine *eng;
    WrModule *mod;
    WrFunc **funcs;
    WrTable **tables;
    WrMemory **mems;
    WrGlobal **globals;
    RtElemInst *elems;
    uint8_t *data_dropped;
    WrFunc *own_funcs;
    WrMemory *mem0;      /* memory 0 or NULL (hot in the interpreter) */
    void *user;
    WrInstance *next;
    /* Lifetime (wr_instance_free): the instances this one imports from
     * (one entry per import of theirs), how many imports of live instances
     * point into this one, and whether its owner has freed it.  A freed
     * instance is released once importers drops to 0. */
    WrInstance **deps;
    uint32_t ndeps;
    uint32_t importers;
    uint8_t freed;
    uint8_t pinned; /* failed in its segments or start: may be referenced, never released early */
    uint8_t escaped; /* a funcref to it was stored outside what it owns: never released early */
};

/* The call stack of the interpreter: one record per active wasm frame. */
typedef struct RtFrame {
    const uint32_t *ret_pc; /* where the caller resumes */
    RtSlot *fp;             /* the caller's frame */
    WrFunc *func;           /* the callee (for backtraces) */
    WrInstance *ret_inst;   /* the caller's instance */
} RtFrame;

typedef struct RtCanonType {
    uint32_t nparams, nresults;
    uint8_t *types;
} RtCanonType;

typedef struct RtLinkEntry {
    char *module, *name;
    WrExtern ext;
} RtLinkEntry;

struct WrLinker {
    WrEngine *eng;
    RtLinkEntry *entries;
    uint32_t n, cap;
    WrLinker *next;
};

struct WrCaller {
    WrEngine *eng;
    WrInstance *inst;
};

struct WrEngine {
    WrLimits lim;
    uint64_t fuel;          /* left; counted only when lim.fuel != 0 */
    uint64_t deadline_ns;   /* CLOCK_MONOTONIC; 0 = none */
    RtSlot *stack;          /* value stack */
    size_t stack_slots;
    RtFrame *frames;        /* call stack */
    uint32_t nframes;       /* in use */
    RtSlot *sp_base;        /* first free slot for a new entry from the host */
    int32_t tick_chunk;     /* fuel handed to the running loop at the last refill */
    /* the trap being raised (host functions fill it) */
    WrTrap *trap;
    int trap_pending;
    WrTrap scratch_trap;
    RtCanonType *canon;
    uint32_t ncanon, capcanon;
    WrModule *modules;
    WrInstance *instances;
    WrMemory *memories;
    WrTable *tables;
    WrGlobal *globals;
    WrLinker *linkers;
    WrFunc *host_funcs;      /* wr_func_new functions (doubly linked) */
    uint8_t no_fuse;         /* tests: translate without superinstructions (differential) */
};

/* A funcref stored into a table or global that `owner` defined (NULL:
 * host-made) whose function belongs to another instance: that instance
 * must outlive the storage, so wr_instance_free only marks it from now on
 * (it goes with the engine).  Cheap enough for every ref store. */
static inline void rt_ref_stored(void *ref, uint8_t type, const WrInstance *owner)
{
    if (type == WT_FUNCREF && ref) {
        WrFunc *f = (WrFunc *)ref;
        if (f->inst && f->inst != owner)
            f->inst->escaped = 1;
    }
}
static inline void rt_refs_stored(void *const *refs, uint64_t n, uint8_t type,
                                  const WrInstance *owner)
{
    for (uint64_t i = 0; i < n && type == WT_FUNCREF; i++)
        rt_ref_stored(refs[i], type, owner);
}

/* ---- rt_engine.c ---- */
uint32_t rt_canon_type(WrEngine *eng, const uint8_t *types, uint32_t np, uint32_t nr);
void rt_trap_set(WrTrap *t, CmErr code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* ---- rt_compile.c ---- */
/* Validate and translate body `fi` (a defined function index) of mod.
 * body is [p, end) of the code section entry (after its size). */
CmErr rt_compile_func(WrModule *mod, uint32_t fi, const uint8_t *p, const uint8_t *end,
                      CmError *err);
void rt_code_free(RtCode *c);

/* ---- rt_memory.c ---- */
/* The _new functions register the object with the engine (host-made);
 * the _make ones leave it to the caller (an instance's own objects). */
WrMemory *rt_memory_new(WrEngine *eng, uint64_t min_pages, int64_t max_pages);
WrMemory *rt_memory_make(WrEngine *eng, uint64_t min_pages, int64_t max_pages);
int64_t rt_memory_grow(WrMemory *m, uint64_t delta);
void rt_memory_free(WrMemory *m);
WrTable *rt_table_new(WrEngine *eng, uint8_t type, uint64_t min, int64_t max, void *init);
WrTable *rt_table_make(uint8_t type, uint64_t min, int64_t max, void *init);
void rt_table_free(WrTable *t);
WrGlobal *rt_global_make(WrType type, int mutable_, WrVal init);
int64_t rt_table_grow(WrTable *t, uint64_t delta, void *init);

const WrExtern *rt_linker_find(const WrLinker *lk, const char *module, const char *name);

/* ---- rt_acc.c, rt_loop.c ---- */
/* The parts of superinstructions (rt_acc.c): where an instruction's source
 * operands are, as word offsets from its opcode (0: none), and whether it
 * writes a result slot (word 1). */
void rt_part_sources(uint32_t op, uint32_t *x, uint32_t *y);
int rt_part_result(uint32_t op);
/* Rewrite instructions that read the result of the one before them into
 * their accumulator forms (rt_acc.c): code words, pc map pairs and the
 * ascending word positions of labels of one translated function. */
void rt_acc_forms(uint32_t *w, uint32_t n, const uint32_t *pcmap, uint32_t npcmap,
                  const uint32_t *labels, uint32_t nlabels);
/* Give loops of a store-and-step and a counter-and-branch their one-
 * instruction form (rt_loop.c; after rt_acc_forms, J words final). */
void rt_loop_forms(uint32_t *w, uint32_t n, const uint32_t *pcmap, uint32_t npcmap);

/* ---- rt_exec.c ---- */
/* Turn the opcode words of translated code into the loop's dispatch form
 * (a no-op unless direct threading is on).  Once, after translation. */
void rt_thread_code(RtCode *code);
/* Install the SIGSEGV/SIGBUS handler of guard-page builds (once). */
void rt_guard_install(void);
/* Run fn with args in eng->stack at `base`; results replace them there.
 * Returns CM_OK or the trap code (trap filled). */
CmErr rt_exec(WrEngine *eng, WrFunc *fn, RtSlot *base, WrTrap *trap);

/* ---- rt_instance.c ---- */
/* Evaluate a validated constant expression (with extended-const i32/i64
 * add, sub, mul) into *out.  Returns CM_OK or CM_E_OOM (deep stacks). */
CmErr rt_eval_const(WrInstance *inst, const WExpr *e, WrVal *out);

#endif
