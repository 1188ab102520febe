/* ctypes.h - the component type model (component model Explainer.md "Type
 * Definitions", "Subtyping"; Binary.md validation notes).
 *
 * A CtType is one resolved type: a value type, a function type, an instance
 * or component type, or a resource type.  Types refer to each other by
 * pointer; all of them live in the Arena given to ct_build (or to the
 * constructors), so a model dies with its arena.
 *
 * ct_build walks a decoded component (wcomp.h) the way a validator does:
 * index spaces grow section by section, type indices are resolved through
 * aliases (export and outer), imports and exports, and every type is checked
 * against the rules of Binary.md that matter for 0.2 (labels strongly
 * unique, flags <= 32, no borrow in results, [constructor]/[method] names).
 *
 * Resources are nominal: each `(resource ...)` definition and each
 * `(sub resource)` import/export bound makes a fresh resource with its own
 * uid.  Every other type is structural.
 */
#ifndef CM_CTYPES_H
#define CM_CTYPES_H

#include "arena.h"
#include "buf.h"
#include "err.h"
#include "wcomp.h"

#include <stdint.h>

typedef enum CtKind {
    CT_BOOL,
    CT_S8,
    CT_U8,
    CT_S16,
    CT_U16,
    CT_S32,
    CT_U32,
    CT_S64,
    CT_U64,
    CT_F32,
    CT_F64,
    CT_CHAR,
    CT_STRING,
    CT_RECORD,
    CT_VARIANT,
    CT_LIST,
    CT_TUPLE,
    CT_FLAGS,
    CT_ENUM,
    CT_OPTION,
    CT_RESULT,
    CT_OWN,
    CT_BORROW,
    CT_FUNC,
    CT_INSTANCE,
    CT_COMPONENT,
    CT_RESOURCE,
    CT_MODULE, /* a core module (only its presence is modelled) */
} CtKind;

#define CT_MAX_FLAGS 32

typedef struct CtType CtType;

/* A record field, variant case or function parameter (type NULL: a case
 * without payload). */
typedef struct CtField {
    const char *name;
    CtType *type;
} CtField;

/* What an import or export of an instance/component type is. */
typedef enum CtExternKind {
    CT_EXT_MODULE,
    CT_EXT_FUNC,
    CT_EXT_TYPE,
    CT_EXT_COMPONENT,
    CT_EXT_INSTANCE,
} CtExternKind;

typedef struct CtExtern {
    const char *name;
    CtExternKind kind;
    CtType *type;
} CtExtern;

struct CtType {
    CtKind kind;
    const char *name; /* the first import/export name given to it, or NULL */
    uint32_t n;       /* fields, cases, tuple types, labels, params */
    CtField *fields;  /* record, variant, func params */
    CtType **types;   /* tuple */
    const char **labels; /* flags, enum */
    CtType *elem;     /* list, option; result ok (NULL: none) */
    CtType *err;      /* result error (NULL: none) */
    CtType *result;   /* func (NULL: no result) */
    CtType *resource; /* own, borrow: a CT_RESOURCE */
    uint32_t nimports, nexports;
    CtExtern *imports, *exports; /* instance (exports only), component */
    /* resource */
    uint32_t uid;     /* identity of the resource */
    uint8_t defined;  /* 1: (resource (rep i32) ...) here; 0: abstract (imported) */
    uint8_t local;    /* abstract resource bound by this instance/component type */
    uint8_t has_dtor;
    uint32_t dtor;    /* core func index of the destructor */
    /* Bounds that keep every traversal (equality, printing, layouts) cheap:
     * nesting depth and node count with shared subtrees counted each time. */
    uint32_t depth, size;
};

/* Limits on one value type (like wasmparser's effective type size). */
#define CT_MAX_DEPTH 100
#define CT_MAX_SIZE 100000

/* The type model of one component: its imports and exports and its index
 * spaces (for tools that want to look things up by index). */
typedef struct CtModel {
    CtType *type; /* CT_COMPONENT: imports and exports */
    uint32_t ntypes, nfuncs, ninstances, ncomponents;
    CtType **types;      /* type index space */
    CtType **funcs;      /* func index space: CT_FUNC each */
    CtType **instances;  /* instance index space: CT_INSTANCE each */
    CtType **components; /* component index space: CT_COMPONENT each */
    uint32_t next_uid;   /* resources made so far */
    /* The models of the nested components, in the order of their component
     * sections (index = position in the component index space among the
     * *defined* components, not counting imported or aliased ones).  The
     * runtime instantiates them and needs their index spaces. */
    uint32_t nnested;
    struct CtModel **nested;
} CtModel;

/* Build and validate the type model of c.  The model lives in a.  On error
 * err carries the code, the offset of the offending item (when known) and a
 * detail text naming it. */
CmErr ct_build(Arena *a, const WcComponent *c, CtModel **out, CmError *err);

/* The shared primitive type of a kind CT_BOOL..CT_STRING (static storage). */
const CtType *ct_prim(CtKind k);
/* 1 for CT_BOOL..CT_STRING. */
int ct_is_prim(CtKind k);
/* 1 for value types (primitives through borrow). */
int ct_is_value(CtKind k);
/* The WIT spelling of a primitive ("u32") or of a kind ("record"). */
const char *ct_kind_name(CtKind k);

/* Structural equality (resources by identity). */
int ct_equal(const CtType *a, const CtType *b);
/* 1 if a value of type a may be used where b is expected: value types and
 * functions must be equal, an instance may export more, a component may
 * import less and export more.  Resources bound inside the instance or
 * component types being compared are matched by name. */
int ct_subtype(const CtType *a, const CtType *b);

/* Append WIT-like text for t, e.g. `func(a: u32, b: string) -> result<list<u8>, e>`.
 * Named types inside t print as their name; t itself is spelled out. */
void ct_print(Buf *b, const CtType *t);
/* Same, but t prints as its name if it has one. */
void ct_print_ref(Buf *b, const CtType *t);

/* t with every from[i] (a resource) replaced by to[i]; shares what does not
 * change, copies the rest into a.  NULL on OOM. */
CtType *ct_subst(Arena *a, CtType *t, const CtType *const *from, CtType *const *to, size_t n);

/* Checks used by ct_build, exposed for the WIT front end and compose. */
CmErr ct_check_label(const char *s, size_t len);
/* An import (is_import) or export name per Explainer.md "Import and Export
 * Definitions": a label, [constructor]/[method]/[static] names, an
 * interface name ns:pkg/iface[@semver]; imports also take the
 * unlocked-dep=<...>, locked-dep=<...>, url=<...> and integrity=<...> forms. */
CmErr ct_check_extern_name(const char *s, size_t len, int is_import);
/* Label uniqueness ("strongly unique": case-insensitive) over n names. */
CmErr ct_check_unique(const char *const *names, uint32_t n, const char **out_dup);
/* A function type may not return a borrow anywhere in its result. */
int ct_contains_borrow(const CtType *t);

#endif
