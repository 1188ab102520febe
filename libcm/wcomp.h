/* wcomp.h - the component binary format (component model Binary.md, the
 * WASI 0.2 subset): an IR, its decoder and its encoder.
 *
 * A component is a list of sections kept in file order, each with its items,
 * because index spaces grow as sections are read and because re-encoding must
 * reproduce the input byte for byte (wcomp_encode(wcomp_decode(x)) == x for
 * every x whose LEB128s are minimal, which is what every tool writes).
 *
 * Ownership: the IR is allocated in the caller's Arena.  Names, custom
 * section payloads and nested core modules are NOT copied: they point into
 * the input buffer, which must outlive the IR.  Code that builds an IR by
 * hand (compose) may point them at any memory that outlives the encode call.
 *
 * Nested core modules are kept as byte ranges (the whole module, its own
 * 8-byte header included); the core decoder owns their contents.  Nested
 * components are decoded recursively.
 *
 * Not in WASI 0.2 and rejected with CM_E_COMP_FEATURE naming the feature:
 * the start (9) and value (12) sections, async/thread/error-context
 * built-ins, canon options 06/07, stream/future/error-context types, fixed
 * lists, maps, value imports/exports, nameattributes 0x02, GC core types.
 */
#ifndef CM_WCOMP_H
#define CM_WCOMP_H

#include "arena.h"
#include "buf.h"
#include "err.h"

#include <stddef.h>
#include <stdint.h>

/* Preamble: magic, version 0x0d 0x00, layer 0x01 0x00. */
#define WC_VERSION 0x0d
#define WC_LAYER 0x01
/* Deepest nesting of components and component/instance types we accept. */
#define WC_MAX_DEPTH 64

/* Text that is not NUL-terminated (points into the input). */
typedef struct WcStr {
    const char *s;
    uint32_t len;
} WcStr;

typedef struct WcBytes {
    const uint8_t *data;
    size_t len;
} WcBytes;

/* Section ids. */
enum {
    WC_SEC_CUSTOM = 0,
    WC_SEC_CORE_MODULE = 1,
    WC_SEC_CORE_INSTANCE = 2,
    WC_SEC_CORE_TYPE = 3,
    WC_SEC_COMPONENT = 4,
    WC_SEC_INSTANCE = 5,
    WC_SEC_ALIAS = 6,
    WC_SEC_TYPE = 7,
    WC_SEC_CANON = 8,
    WC_SEC_START = 9,
    WC_SEC_IMPORT = 10,
    WC_SEC_EXPORT = 11,
    WC_SEC_VALUE = 12,
};

/* core:sort bytes. */
enum {
    WC_CSORT_FUNC = 0x00,
    WC_CSORT_TABLE = 0x01,
    WC_CSORT_MEMORY = 0x02,
    WC_CSORT_GLOBAL = 0x03,
    WC_CSORT_TAG = 0x04,
    WC_CSORT_TYPE = 0x10,
    WC_CSORT_MODULE = 0x11,
    WC_CSORT_INSTANCE = 0x12,
};

/* sort bytes; WC_SORT_CORE is followed by a core:sort. */
enum {
    WC_SORT_CORE = 0x00,
    WC_SORT_FUNC = 0x01,
    WC_SORT_VALUE = 0x02, /* rejected (values are gated) */
    WC_SORT_TYPE = 0x03,
    WC_SORT_COMPONENT = 0x04,
    WC_SORT_INSTANCE = 0x05,
};

typedef struct WcSort {
    uint8_t sort;      /* WC_SORT_* */
    uint8_t core_sort; /* WC_CSORT_* when sort == WC_SORT_CORE */
} WcSort;

typedef struct WcSortIdx {
    WcSort sort;
    uint32_t idx;
} WcSortIdx;

/* ---- core types (section 3 and module-type declarations) ---- */

/* A core value type: numeric/vector/abbreviated-reference byte, or 0x63/0x64
 * (ref null ht / ref ht) with a heap type (s33: negative = abstract). */
typedef struct WcCoreValType {
    uint8_t code;
    int64_t heap;
} WcCoreValType;

typedef struct WcLimits {
    uint8_t flags; /* bit 0: has max, bit 1: shared, bit 2: 64-bit */
    uint64_t min, max;
} WcLimits;

/* core:importdesc / exportdecl descriptor. */
typedef struct WcCoreExtern {
    uint8_t kind; /* 0 func, 1 table, 2 memory, 3 global, 4 tag */
    uint32_t type_idx;          /* func, tag */
    WcCoreValType val;          /* table element type, global type */
    WcLimits limits;            /* table, memory */
    uint8_t mut;                /* global */
} WcCoreExtern;

typedef struct WcCoreFuncType {
    uint32_t nparams, nresults;
    WcCoreValType *params, *results;
} WcCoreFuncType;

typedef struct WcCoreType WcCoreType;

enum { WC_MD_IMPORT = 0, WC_MD_TYPE = 1, WC_MD_ALIAS = 2, WC_MD_EXPORT = 3 };

typedef struct WcModuleDecl {
    uint8_t kind; /* WC_MD_* */
    WcStr module, name;  /* import: module + name; export: name */
    WcCoreExtern desc;   /* import, export */
    WcCoreType *type;    /* type (a function type) */
    uint8_t alias_sort;  /* alias: a core:sort */
    uint32_t outer_ct, outer_idx;
} WcModuleDecl;

enum { WC_CT_FUNC = 0x60, WC_CT_MODULE = 0x50 };

struct WcCoreType {
    uint8_t kind; /* WC_CT_FUNC or WC_CT_MODULE */
    WcCoreFuncType func;
    uint32_t ndecls;
    WcModuleDecl *decls;
};

/* ---- core instances (section 2) ---- */

typedef struct WcCoreArg { /* name 0x12 instanceidx */
    WcStr name;
    uint32_t instance;
} WcCoreArg;

typedef struct WcCoreExport { /* name core:sortidx */
    WcStr name;
    uint8_t sort; /* core:sort */
    uint32_t idx;
} WcCoreExport;

typedef struct WcCoreInstance {
    uint8_t kind; /* 0 instantiate, 1 inline exports */
    uint32_t module;
    uint32_t n;
    WcCoreArg *args;       /* kind 0 */
    WcCoreExport *exports; /* kind 1 */
} WcCoreInstance;

/* ---- names and extern descriptors ---- */

/* An import/export name with its nameattributes byte (0x00, or the legacy
 * 0x01 "interface name" marker kept for byte-identical re-encoding). */
typedef struct WcName {
    uint8_t kind;
    WcStr name;
} WcName;

enum {
    WC_EXT_MODULE = 0x00, /* 0x00 0x11 core type index */
    WC_EXT_FUNC = 0x01,
    WC_EXT_VALUE = 0x02, /* rejected */
    WC_EXT_TYPE = 0x03,
    WC_EXT_COMPONENT = 0x04,
    WC_EXT_INSTANCE = 0x05,
};

typedef struct WcExternDesc {
    uint8_t kind;   /* WC_EXT_* */
    uint8_t bound;  /* WC_EXT_TYPE: 0 = (eq idx), 1 = (sub resource) */
    uint32_t idx;   /* the type index (unused for sub resource) */
} WcExternDesc;

/* ---- component instances (section 5) ---- */

typedef struct WcArg { /* instantiate arg: name sortidx */
    WcStr name;
    WcSortIdx item;
} WcArg;

typedef struct WcInlineExport {
    WcName name;
    WcSortIdx item;
} WcInlineExport;

typedef struct WcInstance {
    uint8_t kind; /* 0 instantiate, 1 inline exports */
    uint32_t component;
    uint32_t n;
    WcArg *args;
    WcInlineExport *exports;
} WcInstance;

/* ---- aliases (section 6, and alias declarators) ---- */

enum { WC_ALIAS_EXPORT = 0, WC_ALIAS_CORE_EXPORT = 1, WC_ALIAS_OUTER = 2 };

typedef struct WcAlias {
    WcSort sort;
    uint8_t target;    /* WC_ALIAS_* */
    uint32_t instance; /* export, core export */
    WcStr name;        /* export, core export */
    uint32_t outer_ct, outer_idx;
} WcAlias;

/* ---- component types (section 7) ---- */

/* Primitive value type opcodes. */
enum {
    WC_PRIM_BOOL = 0x7f,
    WC_PRIM_S8 = 0x7e,
    WC_PRIM_U8 = 0x7d,
    WC_PRIM_S16 = 0x7c,
    WC_PRIM_U16 = 0x7b,
    WC_PRIM_S32 = 0x7a,
    WC_PRIM_U32 = 0x79,
    WC_PRIM_S64 = 0x78,
    WC_PRIM_U64 = 0x77,
    WC_PRIM_F32 = 0x76,
    WC_PRIM_F64 = 0x75,
    WC_PRIM_CHAR = 0x74,
    WC_PRIM_STRING = 0x73,
};

/* A valtype: a primitive (prim != 0) or a type index. */
typedef struct WcValType {
    uint8_t prim;
    uint32_t idx;
} WcValType;

/* A labelled value type; has_type is 0 only for payload-less variant cases. */
typedef struct WcField {
    WcStr name;
    uint8_t has_type;
    WcValType type;
} WcField;

/* Type kinds: defvaltype opcodes, plus the other deftype opcodes. */
enum {
    WC_TY_PRIM = 0x01, /* a primitive used as a defvaltype */
    WC_TY_RECORD = 0x72,
    WC_TY_VARIANT = 0x71,
    WC_TY_LIST = 0x70,
    WC_TY_TUPLE = 0x6f,
    WC_TY_FLAGS = 0x6e,
    WC_TY_ENUM = 0x6d,
    WC_TY_OPTION = 0x6b,
    WC_TY_RESULT = 0x6a,
    WC_TY_OWN = 0x69,
    WC_TY_BORROW = 0x68,
    WC_TY_FUNC = 0x40,
    WC_TY_COMPONENT = 0x41,
    WC_TY_INSTANCE = 0x42,
    WC_TY_RESOURCE = 0x3f,
};

typedef struct WcType WcType;
typedef struct WcCoreType WcCoreType;

enum { WC_DECL_CORE_TYPE = 0, WC_DECL_TYPE = 1, WC_DECL_ALIAS = 2, WC_DECL_IMPORT = 3, WC_DECL_EXPORT = 4 };

/* A component-type or instance-type declarator (imports only in the former). */
typedef struct WcDecl {
    uint8_t kind; /* WC_DECL_* */
    WcCoreType *core_type;
    WcType *type;
    WcAlias alias;
    WcName name; /* import, export */
    WcExternDesc desc;
} WcDecl;

struct WcType {
    uint8_t kind;   /* WC_TY_* */
    uint64_t offset; /* where it starts in the input (0 if built by hand) */
    uint8_t prim;   /* WC_TY_PRIM */
    uint32_t n;     /* record fields, variant cases, tuple types, flags/enum names, params, decls */
    WcField *fields;    /* record, variant, func params */
    WcValType *types;   /* tuple */
    WcStr *names;       /* flags, enum */
    WcValType elem;     /* list, option */
    uint8_t has_ok, has_err;
    WcValType ok, err;  /* result */
    uint32_t res_idx;   /* own, borrow: a type index */
    uint8_t has_result; /* func */
    WcValType result;   /* func */
    WcDecl *decls;      /* component, instance */
    uint8_t has_dtor;   /* resource (rep is always i32) */
    uint32_t dtor;      /* resource: core func index */
};

/* ---- canon (section 8) ---- */

enum {
    WC_CANON_LIFT = 0x00,
    WC_CANON_LOWER = 0x01,
    WC_CANON_RES_NEW = 0x02,
    WC_CANON_RES_DROP = 0x03,
    WC_CANON_RES_REP = 0x04,
};

enum {
    WC_OPT_UTF8 = 0x00,
    WC_OPT_UTF16 = 0x01,
    WC_OPT_LATIN1_UTF16 = 0x02,
    WC_OPT_MEMORY = 0x03,
    WC_OPT_REALLOC = 0x04,
    WC_OPT_POST_RETURN = 0x05,
};

typedef struct WcCanonOpt {
    uint8_t code; /* WC_OPT_* */
    uint32_t idx; /* memory, realloc, post-return */
} WcCanonOpt;

typedef struct WcCanon {
    uint8_t kind;      /* WC_CANON_* */
    uint32_t func;     /* lift: core func; lower: component func */
    uint32_t type;     /* lift: func type; resource.*: resource type */
    uint32_t nopts;
    WcCanonOpt *opts;  /* in file order */
} WcCanon;

/* ---- imports and exports (sections 10, 11) ---- */

typedef struct WcImport {
    WcName name;
    WcExternDesc desc;
} WcImport;

typedef struct WcExport {
    WcName name;
    WcSortIdx item;
    uint8_t has_desc; /* an ascribed type */
    WcExternDesc desc;
} WcExport;

/* ---- sections and components ---- */

typedef struct WcComponent WcComponent;

typedef struct WcSection {
    uint8_t id;      /* WC_SEC_* */
    uint64_t offset; /* of the section id byte in the input */
    uint32_t n;      /* items in the vector sections */
    union {
        struct {
            WcStr name;
            WcBytes data;
        } custom;
        WcBytes module; /* a whole core module */
        WcComponent *component;
        WcCoreInstance *core_instances;
        WcCoreType **core_types;
        WcInstance *instances;
        WcAlias *aliases;
        WcType **types;
        WcCanon *canons;
        WcImport *imports;
        WcExport *exports;
    } u;
} WcSection;

struct WcComponent {
    uint64_t offset; /* of the preamble in the outermost input */
    uint32_t nsections;
    WcSection *sections;
};

/* 1 if data starts with a component preamble (any version), 0 otherwise. */
int wcomp_is_component(const uint8_t *data, size_t len);

/* Decode a whole component.  On failure returns the code and fills err with
 * the byte offset (relative to data) and the section name. */
CmErr wcomp_decode(Arena *a, const uint8_t *data, size_t len, WcComponent **out, CmError *err);

/* Append the binary encoding of c to out (check out->failed for OOM). */
void wcomp_encode(const WcComponent *c, Buf *out);

/* The name of a section id ("type", "canon", ...), "unknown" otherwise. */
const char *wcomp_section_name(uint8_t id);

#endif
