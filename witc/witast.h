/* witast.h - the syntax tree of one WIT file, as witparse builds it.
 *
 * Nodes live in the parser's arena.  Every name carries its position (a
 * global offset, see WitSource) for diagnostics.  The tree keeps what the
 * text says, no resolution: `use` paths, type names and world items are
 * looked up by witpkg.  Documentation is the raw comment texts in front of
 * an item; witpkg turns them into one string.
 */
#ifndef WITAST_H
#define WITAST_H

#include "wit.h"

typedef struct WitAstId {
    const char *name; /* without a leading '%' */
    uint32_t span;
} WitAstId;

typedef struct WitAstDocs {
    const char **text; /* each comment, as written */
    uint32_t n;
} WitAstDocs;

typedef enum { WITA_SINCE, WITA_UNSTABLE, WITA_DEPRECATED } WitAttrKind;
typedef struct WitAstAttr {
    WitAttrKind kind;
    const char *value; /* version or feature name */
    uint32_t span;     /* the attribute's name */
} WitAstAttr;
typedef struct WitAstAttrs {
    WitAstAttr *v;
    uint32_t n;
} WitAstAttrs;

typedef enum WitAstTyKind {
    WITY_PRIM, WITY_NAME, WITY_LIST, WITY_OPTION, WITY_RESULT, WITY_TUPLE, WITY_OWN,
    WITY_BORROW, WITY_RECORD, WITY_VARIANT, WITY_ENUM, WITY_FLAGS, WITY_RESOURCE
} WitAstTyKind;

struct WitAstType;
struct WitAstResFunc;

/* A record field, variant case (ty may be NULL), enum case or flag. */
typedef struct WitAstField {
    WitAstDocs docs;
    WitAstId name;
    struct WitAstType *ty;
} WitAstField;

typedef struct WitAstType {
    WitAstTyKind kind;
    uint32_t span;
    WitTy prim;                   /* PRIM */
    WitAstId name;                /* NAME, OWN, BORROW */
    struct WitAstType *a, *b;     /* LIST/OPTION: a; RESULT: ok a, err b */
    struct WitAstType **types;    /* TUPLE */
    uint32_t ntypes;
    WitAstField *fields;          /* RECORD, VARIANT, ENUM, FLAGS */
    uint32_t nfields;
    struct WitAstResFunc *funcs;  /* RESOURCE */
    uint32_t nfuncs;
} WitAstType;

typedef struct WitAstParam {
    WitAstId name;
    WitAstType *ty;
} WitAstParam;

typedef struct WitAstFunc {
    WitAstParam *params;
    uint32_t nparams;
    WitAstType *result; /* NULL: none */
    uint32_t span;      /* the `func` keyword (or `constructor`) */
} WitAstFunc;

typedef enum { WITRF_METHOD, WITRF_STATIC, WITRF_CTOR } WitResFuncKind;
typedef struct WitAstResFunc {
    WitResFuncKind kind;
    WitAstDocs docs;
    WitAstAttrs attrs;
    WitAstId name; /* "constructor" for constructors */
    WitAstFunc func;
} WitAstResFunc;

/* `name` (a local interface or world) or `ns:pkg/name@ver`. */
typedef struct WitAstPath {
    int is_pkg;
    WitAstId name;
    WitPkgName pkg;
    uint32_t pkg_span; /* the `ns:pkg` part */
} WitAstPath;

typedef struct WitAstUseName {
    WitAstId name;
    WitAstId as; /* as.name NULL: no `as` */
} WitAstUseName;

typedef struct WitAstUse {
    WitAstAttrs attrs;
    WitAstPath from;
    WitAstUseName *names;
    uint32_t nnames;
    uint32_t span;
} WitAstUse;

typedef enum { WITII_USE, WITII_TYPE, WITII_FUNC } WitIfaceItemKind;
typedef struct WitAstIfaceItem {
    WitIfaceItemKind kind;
    WitAstDocs docs;
    WitAstAttrs attrs;
    WitAstUse use;   /* USE */
    WitAstId name;   /* TYPE, FUNC */
    WitAstType *ty;  /* TYPE */
    WitAstFunc func; /* FUNC */
} WitAstIfaceItem;

typedef struct WitAstIface {
    WitAstDocs docs;
    WitAstAttrs attrs;
    WitAstId name;
    WitAstIfaceItem *items;
    uint32_t nitems;
} WitAstIface;

typedef enum { WITEK_INTERFACE, WITEK_PATH, WITEK_FUNC } WitExternKind;
typedef struct WitAstExtern {
    WitExternKind kind;
    WitAstId name;          /* INTERFACE, FUNC */
    WitAstIfaceItem *items; /* INTERFACE */
    uint32_t nitems;
    WitAstPath path;        /* PATH */
    WitAstFunc func;        /* FUNC */
    uint32_t span;          /* start of the item after import/export */
} WitAstExtern;

typedef enum { WITWI_USE, WITWI_TYPE, WITWI_IMPORT, WITWI_EXPORT, WITWI_INCLUDE } WitWorldItemKind;
typedef struct WitAstWorldItem {
    WitWorldItemKind kind;
    WitAstDocs docs;
    WitAstAttrs attrs;
    WitAstUse use;           /* USE */
    WitAstId name;           /* TYPE */
    WitAstType *ty;          /* TYPE */
    WitAstExtern ext;        /* IMPORT, EXPORT */
    WitAstPath inc;          /* INCLUDE */
    WitAstUseName *inc_with; /* INCLUDE: `with { a as b }` */
    uint32_t ninc_with;
} WitAstWorldItem;

typedef struct WitAstWorld {
    WitAstDocs docs;
    WitAstAttrs attrs;
    WitAstId name;
    WitAstWorldItem *items;
    uint32_t nitems;
} WitAstWorld;

typedef struct WitAstPkgDecl {
    int present;
    WitPkgName name;
    uint32_t span;
    WitAstDocs docs;
} WitAstPkgDecl;

typedef enum { WITTOP_IFACE, WITTOP_WORLD, WITTOP_USE, WITTOP_PACKAGE } WitTopKind;
struct WitAstTop;
typedef struct WitAstDecls {
    struct WitAstTop *items;
    uint32_t n;
} WitAstDecls;

typedef struct WitAstTop {
    WitTopKind kind;
    WitAstIface iface;  /* IFACE */
    WitAstWorld world;  /* WORLD */
    WitAstAttrs attrs;  /* USE */
    WitAstPath path;    /* USE */
    WitAstId as;        /* USE: as.name NULL if none */
    uint32_t span;      /* USE */
    WitAstPkgDecl pkg;  /* PACKAGE */
    WitAstDecls nested; /* PACKAGE */
} WitAstTop;

typedef struct WitAstFile {
    WitAstPkgDecl pkg; /* `package a:b;` at the top, if any */
    WitAstDecls decls;
} WitAstFile;

/* Parse one source (already registered with wit_add_source) into *out,
 * allocating in a.  CM_OK, or an error with its position in err. */
CmErr witparse_file(Arena *a, const WitSource *src, WitAstFile *out, WitError *err);

#endif
