/* compnew_int.h - what the parts of `witc component new` share: the merged
 * world, and how each core import and export of the module maps onto it
 * (compnew.c reads the worlds, compnew_match.c matches names and
 * signatures, compemit.c writes the component). */
#ifndef COMPNEW_INT_H
#define COMPNEW_INT_H

#include "cabi.h"
#include "compnew.h"
#include "ctypes.h"
#include "wit.h"
#include "wmod.h"

typedef struct CnOpts {
    int memory, realloc, utf8;
} CnOpts;

typedef enum CnImpKind {
    CI_LOWER,    /* canon lower of an imported function */
    CI_RES_DROP, /* resource.drop of an imported resource */
    CI_EXP_NEW,  /* resource.new / rep / drop of an exported resource */
    CI_EXP_REP,
    CI_EXP_DROP,
    CI_ADAPTER,  /* a function the adapter module exports */
    CI_MEMORY,   /* an adapter's `env` `memory`: the main module's memory */
    CI_MAIN,     /* an adapter's `__main_module__` import: a main export */
    CI_STUB,     /* an adapter import nothing can reach: a trapping stub */
} CnImpKind;

typedef struct CnImp {
    const WImport *im;
    uint32_t user;       /* who imports it: 0 main, 1 + i adapter i */
    CnImpKind kind;
    uint32_t iface;      /* WIT interface, or WIT_NONE at world level */
    const char *iname;   /* its import name (NULL at world level) */
    const WitFunc *func; /* CI_LOWER */
    uint32_t item;       /* CI_LOWER at world level: the world import item */
    const CtType *ct;
    CabiSig sig;
    CnOpts opts;
    uint32_t res;        /* resource ops: the resource (index into Cn.res for CI_EXP_*) */
    uint32_t adapter;    /* CI_ADAPTER */
    int slot;            /* shim table slot, or -1 when lowered directly */
    uint32_t core_func;  /* set while emitting */
} CnImp;

typedef struct CnExp {
    const char *core_name;
    uint32_t user;       /* who exports it: 0 main, 1 + i adapter i */
    uint32_t iface;      /* WIT_NONE: world level */
    const char *iname;
    const WitFunc *func;
    uint32_t fidx;       /* index of func in its interface */
    const CtType *ct;
    CabiSig sig;
    CnOpts opts;
    const char *post;    /* cabi_post_ export, or NULL */
    uint32_t lifted;     /* component func index, set while emitting */
} CnExp;

typedef struct CnRes {   /* a resource the component exports (defines) */
    uint32_t iface, id;
    const char *dtor;    /* core export of its destructor, or NULL */
    int slot;
    uint32_t type_idx;
} CnRes;

typedef struct CnAdapter {
    const char *name, *file;
    WModule *m;
    const char *realloc_name; /* for the options of its lowerings */
    uint32_t first_imp, nimps; /* its imports in Cn.imps */
} CnAdapter;

typedef struct Cn {
    Arena arena;
    WitResolve r;
    uint32_t world;
    const CtType *wct;   /* the merged world's type model */
    uint8_t encoding;
    WModule *main;
    const char *main_file;
    CnAdapter adapters[COMPNEW_MAX_ADAPTERS];
    uint32_t nadapters;
    CnImp *imps;
    uint32_t nimps;
    CnExp *exps;
    uint32_t nexps;
    CnRes *res;
    uint32_t nres;
    const char *realloc_name;
    int has_memory;
    uint32_t main_nimps; /* imps[0..main_nimps) are the main module's */
    int nslots;
    Buf *msg;
    CmErr rc;
} Cn;

int cn_fail(Cn *cn, CmErr code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
const CtType *cn_func_type(const Cn *cn, int is_import, const char *iname, const char *fname);
void cn_sig_text(Buf *b, const CabiFlat *p, uint32_t np, const CabiFlat *r, uint32_t nr);
int cn_check_sig(Cn *cn, const char *what, const WFuncType *ft, const CabiFlat *p, uint32_t np,
                 const CabiFlat *r, uint32_t nr);
void cn_opts(const CtType *ft, const CabiSig *sig, int lift, CnOpts *o);

/* compnames.c: rewrite `cm32p2` names of m into the legacy ones. */
void cn_standard_names(Cn *cn, WModule *m);
/* compnew_match.c: fill imps, exps, res (0 and cn->msg on error). */
int cn_classify(Cn *cn);
/* compadapt.c: turn the adapters' unreachable imports into CI_STUB. */
int cn_adapter_stubs(Cn *cn);
/* compnew_match.c: keep only the imports the modules use (0 on OOM). */
int cn_prune(Cn *cn);
/* compemit.c: write the component. */
void cn_emit(Cn *cn, Buf *out);

#endif
