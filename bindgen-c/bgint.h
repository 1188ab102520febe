/* bgint.h - shared state of the C bindings generator (private to bindgen-c).
 *
 * The generator walks the world like wit-bindgen-core does (imported
 * interfaces, world types, imported functions, exported functions, exported
 * interfaces) and writes into seven text streams that bgworld.c assembles
 * into W.h and W.c.  Every type index of the resolve gets its C name the
 * first time it is live, exactly as wit-bindgen names it: that name is what
 * makes guest code portable between the two generators.
 *
 * Memory: names and scratch strings live in the generator's arena; the
 * streams are Bufs.  Out-of-memory is sticky (g->oom) and checked once at the
 * end, like Buf.failed.
 */
#ifndef BGINT_H
#define BGINT_H

#include "bindgen.h"
#include "cabi.h"
#include "ctypes.h"

#include <stdint.h>

typedef struct BgSrc {
    Buf h_defs, h_fns, h_helpers;          /* header: types, prototypes, helpers */
    Buf c_defs, c_fns, c_helpers, c_adapters; /* source, in this order */
} BgSrc;

/* A resource as the C code sees it. */
typedef struct BgRes {
    const char *own, *borrow; /* C type names of the handles */
    const char *drop_import;  /* the core import that drops a handle */
    uint8_t exported;         /* defined by this component (rep pointer) */
} BgRes;

/* A primitive anonymous type (list<u8>...) is named once per world. */
typedef struct BgPrim {
    const char *name, *dtor;
} BgPrim;

/* One flat core value in generated code. */
typedef struct BgFlat {
    const char *expr;
    CabiFlat type;
} BgFlat;

typedef struct BgFlats {
    BgFlat *v;
    uint32_t n, cap;
} BgFlats;

typedef struct BgGen {
    const WitResolve *r;
    uint32_t world;
    Arena a;
    const char *wsnake; /* world name, snake case */
    BgSrc src;
    const char **names; /* C type name per type index (NULL: not yet live) */
    const char **dtors; /* `_free` function per type index (NULL: none) */
    uint8_t *pub_dtors; /* ... and whether wit-bindgen has it too (public) */
    BgRes *res;         /* per type index, for resources */
    CtType **ct;        /* layout model per type index (lazily built) */
    BgPrim *prims;
    uint32_t nprims, cprims;
    uint8_t needs_string;
    uint32_t ret_size, ret_align; /* static RET_AREA of exports */
    /* what is being generated */
    uint8_t in_import;
    const WitWorldItem *key; /* the interface's world item, NULL at world level */
    uint32_t iface;          /* WIT_NONE at world level */
    const char *module;      /* import module of the current interface */
    unsigned tmp;            /* counter for generated local names */
    int oom;
    CmErr failed; /* first error other than OOM */
    CmError *err;
    const BgOptions *opts;
} BgGen;

/* ---- bgnames.c: spelling ---- */
const char *bg_fmt(BgGen *g, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
const char *bg_shouty(BgGen *g, const char *name);
const char *bg_c_ident(BgGen *g, const char *name);
/* Prefix of an interface item: "ns_pkg_iface", "exports_ns_pkg_iface", or
 * the snake-cased key of an interface imported under a plain name. */
const char *bg_iface_ident(BgGen *g, const WitWorldItem *key, int in_export);
/* name_world_key: "ns:pkg/iface@ver" or the plain key. */
const char *bg_key_module(BgGen *g, const WitWorldItem *key);
/* The structural part of a type's C name ("list_u8", "option_string"). */
const char *bg_ty_encoded(BgGen *g, WitTy t);
/* Anonymous types made only of primitives are shared by the whole world. */
int bg_is_prim_ty(const WitResolve *r, WitTy t);
/* C function name of f in the current context. */
const char *bg_func_name(BgGen *g, const WitFunc *f);
/* The resource a (possibly aliased) type id finally is. */
uint32_t bg_dealias(const WitResolve *r, uint32_t id);
/* t with aliases followed (ids of WIT_K_ALIAS replaced by their target). */
WitTy bg_unalias(const WitResolve *r, WitTy t);

/* ---- bgtypes.c: type definitions ---- */
void bg_define_iface_types(BgGen *g, uint32_t iface);
void bg_define_func_types(BgGen *g, const WitFunc *const *funcs, uint32_t n);
void bg_define_type_ids(BgGen *g, const uint32_t *ids, uint32_t n);
/* The C type name of t ("uint32_t", "w_string_t", "ns_pkg_i_rec_t"). */
const char *bg_tyname(BgGen *g, WitTy t);
/* The layout model of t (for cabi.h). */
const CtType *bg_ct(BgGen *g, WitTy t);
/* Append a call that frees what the value at `expr` (a pointer) owns. */
void bg_free(BgGen *g, Buf *b, WitTy t, const char *expr);
int bg_needs_free(BgGen *g, WitTy t);
/* t holds strings or lists (its post-return has work to do). */
int bg_owns_memory(const WitResolve *r, WitTy t);
/* Forget import types that exported interfaces redefine. */
void bg_reset_for_exports(BgGen *g);

/* ---- bgabi.c: lifting and lowering in generated code ---- */
const char *bg_flat_ctype(CabiFlat f);
void bg_flats_push(BgGen *g, BgFlats *fl, const char *expr, CabiFlat type);
/* Lower the C value `e` of type t into flat values (statements to b). */
void bg_lower_flat(BgGen *g, Buf *b, WitTy t, const char *e, BgFlats *out);
/* Lift t from vals[*i..] into the C lvalue dst (statements to b). */
void bg_lift_flat(BgGen *g, Buf *b, WitTy t, const char *dst, const BgFlats *vals, uint32_t *i);
const char *bg_local(BgGen *g);

/* ---- bgfunc.c: function glue ---- */
void bg_import_func(BgGen *g, const WitFunc *f);
void bg_export_func(BgGen *g, const WitFunc *f);

#endif
