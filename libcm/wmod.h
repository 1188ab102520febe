/* wmod.h - the decoded core module (core spec 2.0, chapter 5 "Binary Format").
 *
 * wmod_decode turns a module binary into a WModule; wmod_encode writes one
 * back.  The IR is close to the binary: constant expressions and function
 * bodies stay as raw byte ranges (the validator and the interpreter's
 * translator read them with winstr_next), names are length-counted (they may
 * hold NUL) and also NUL-terminated for convenience, and custom sections keep
 * their place relative to the standard sections.  For a module that uses the
 * canonical encoding (shortest LEBs, as every toolchain writes), decode then
 * encode gives back the same bytes.
 *
 * Ownership: everything reachable from a WModule lives in the Arena passed to
 * wmod_decode, including a private copy of the input bytes that the WBytes
 * ranges point into; the caller's buffer may be freed after decoding.  A
 * module built or edited by hand may point WBytes/names anywhere that outlives
 * the call to wmod_encode.
 *
 * Index spaces follow the spec: imports of a kind come first, so function i
 * is import i when i < nfunc_imports, else funcs[i - nfunc_imports].
 */
#ifndef CM_WMOD_H
#define CM_WMOD_H

#include "arena.h"
#include "buf.h"
#include "err.h"
#include "wtype.h"

#include <stddef.h>
#include <stdint.h>

/* Standard section ids (5.5.2). */
enum {
    WSEC_CUSTOM = 0,
    WSEC_TYPE = 1,
    WSEC_IMPORT = 2,
    WSEC_FUNCTION = 3,
    WSEC_TABLE = 4,
    WSEC_MEMORY = 5,
    WSEC_GLOBAL = 6,
    WSEC_EXPORT = 7,
    WSEC_START = 8,
    WSEC_ELEMENT = 9,
    WSEC_CODE = 10,
    WSEC_DATA = 11,
    WSEC_DATACOUNT = 12,
    WSEC__COUNT = 13
};

/* External kinds of imports and exports (5.5.5, 5.5.10). */
enum { WEXT_FUNC = 0, WEXT_TABLE = 1, WEXT_MEMORY = 2, WEXT_GLOBAL = 3 };

/* A byte range; data need not be NUL-terminated. */
typedef struct WBytes {
    const uint8_t *data;
    uint32_t len;
} WBytes;

/* A name (valid UTF-8); str is NUL-terminated after len bytes, but len is
 * the truth because a name may contain U+0000. */
typedef struct WName {
    const char *str;
    uint32_t len;
} WName;

typedef struct WFuncType {
    uint32_t nparams, nresults;
    const uint8_t *params;  /* WValType bytes */
    const uint8_t *results; /* WValType bytes (multi-value: any count) */
} WFuncType;

typedef struct WLimits {
    uint32_t min, max;
    uint8_t has_max;
} WLimits;

typedef struct WTableType {
    uint8_t elem_type; /* WT_FUNCREF or WT_EXTERNREF */
    WLimits limits;
} WTableType;

typedef struct WGlobalType {
    uint8_t type;    /* WValType */
    uint8_t mutable_; /* 0 const, 1 var */
} WGlobalType;

typedef struct WImport {
    WName module, field;
    uint8_t kind;              /* WEXT_* */
    uint32_t type_index;       /* WEXT_FUNC */
    WTableType table;          /* WEXT_TABLE */
    WLimits memory;            /* WEXT_MEMORY */
    WGlobalType global;        /* WEXT_GLOBAL */
} WImport;

/* A constant expression: its instructions including the final `end`. */
typedef struct WExpr {
    WBytes code;
    uint32_t offset; /* file offset of code.data (0 for built modules) */
} WExpr;

typedef struct WGlobal {
    WGlobalType type;
    WExpr init;
} WGlobal;

typedef struct WExport {
    WName name;
    uint8_t kind;   /* WEXT_* */
    uint32_t index;
} WExport;

enum { WSEG_ACTIVE = 0, WSEG_PASSIVE = 1, WSEG_DECLARATIVE = 2 };

/* An element segment (5.5.12).  `form` is the leading u32 (0..7), which
 * fixes the encoding: bit 0 passive/declarative, bit 1 explicit table index
 * (active) or declarative (non-active), bit 2 expressions instead of function
 * indices.  Forms 0-3 carry func_indices, forms 4-7 carry exprs. */
typedef struct WElem {
    uint32_t form;
    uint8_t mode;        /* WSEG_* */
    uint32_t table;      /* active: table index (0 for forms 0 and 4) */
    WExpr offset;        /* active: offset expression */
    uint8_t elem_type;   /* reference type (funcref for elemkind 0x00) */
    uint32_t count;
    const uint32_t *func_indices; /* forms 0-3 */
    const WExpr *exprs;           /* forms 4-7 */
} WElem;

/* A data segment (5.5.14): form 0 active memory 0, 1 passive, 2 active with
 * explicit memory index. */
typedef struct WData {
    uint32_t form;
    uint8_t mode;   /* WSEG_ACTIVE or WSEG_PASSIVE */
    uint32_t memory;
    WExpr offset;   /* active only */
    WBytes init;
    uint32_t init_offset; /* file offset of init.data */
} WData;

/* One run of locals in a body: `count` locals of `type`. */
typedef struct WLocalRun {
    uint32_t count;
    uint8_t type;
} WLocalRun;

typedef struct WBody {
    uint32_t nruns;
    const WLocalRun *runs;
    uint64_t nlocals;  /* sum of runs (excluding params), <= 2^32-1 */
    WBytes code;       /* the instructions, including the final `end` */
    uint32_t offset;   /* file offset of the body's size field */
    uint32_t code_offset; /* file offset of code.data */
} WBody;

/* A custom section.  `after` is the id of the standard section it follows
 * (0 if it precedes them all); customs with the same `after` keep their
 * relative order in the array. */
typedef struct WCustom {
    WName name;
    WBytes payload;  /* the bytes after the name */
    uint8_t after;
    uint32_t offset; /* file offset of the section id byte */
} WCustom;

/* A name map entry of the "name" custom section. */
typedef struct WNameAssoc {
    uint32_t index;
    WName name;
} WNameAssoc;

typedef struct WLocalNames {
    uint32_t func;
    uint32_t count;
    const WNameAssoc *names; /* sorted by index as in the binary */
} WLocalNames;

/* The decoded "name" section (Appendix 7.4).  A malformed name section does
 * not make the module malformed: decoding stops at the first bad
 * subsection and `complete` stays 0. */
typedef struct WNames {
    uint8_t has_module;
    WName module;
    uint32_t nfuncs;
    const WNameAssoc *funcs;     /* sorted by function index */
    uint32_t nlocals;
    const WLocalNames *locals;
    uint8_t complete;            /* 1 if every subsection decoded */
} WNames;

typedef struct WModule {
    const uint8_t *bytes; /* the decoded input (arena copy), or NULL */
    size_t len;

    uint32_t ntypes;
    WFuncType *types;

    uint32_t nimports;
    WImport *imports;
    uint32_t nfunc_imports, ntable_imports, nmemory_imports, nglobal_imports;

    uint32_t nfuncs;            /* defined functions */
    uint32_t *func_types;       /* type index of each defined function */
    WBody *bodies;              /* nfuncs bodies (code section) */

    uint32_t ntables;
    WTableType *tables;
    uint32_t nmemories;
    WLimits *memories;
    uint32_t nglobals;
    WGlobal *globals;
    uint32_t nexports;
    WExport *exports;

    uint8_t has_start;
    uint32_t start;

    uint32_t nelems;
    WElem *elems;

    uint8_t has_data_count;
    uint32_t data_count;
    uint32_t ndatas;
    WData *datas;

    uint32_t ncustoms;
    WCustom *customs;

    /* Bit (1 << id) for each standard section present in the input, so an
     * empty section (count 0) is written back too.  The encoder also writes
     * any section that has content. */
    uint16_t present;

    WNames *names; /* decoded "name" section, or NULL */
} WModule;

/* Decode a core module.  On success *out is arena-owned.  On failure the
 * error code is returned and err (if not NULL) holds the byte offset, the
 * section name (NULL for the preamble and for cross-section checks made at
 * the end) and, inside the code section, the function index in the module's
 * function index space (imported functions counted first).  The binary
 * format is checked completely, including every instruction of every body
 * and of every constant expression; nothing is type-checked. */
CmErr wmod_decode(Arena *a, const uint8_t *data, size_t len, WModule **out, CmError *err);

/* Append the binary of m to out.  Returns CM_E_OOM if out failed. */
CmErr wmod_encode(const WModule *m, Buf *out);

/* The static name of a section id ("type", "code", "custom"), "?" if unknown. */
const char *wmod_section_name(unsigned id);

/* The function type of function index f (imports included), or NULL. */
const WFuncType *wmod_func_type(const WModule *m, uint32_t f);

/* The debug name of function f from the name section, or NULL. */
const WName *wmod_func_name(const WModule *m, uint32_t f);

#endif
