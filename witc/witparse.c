/* witparse.c - recursive-descent parser for WIT (component-model
 * design/mvp/WIT.md, "Lexical structure" and "Top-level items").  One
 * function per grammar rule, the rule in the comment above it.  Builds the
 * tree of witast.h; nothing is resolved here.
 *
 * WASI 0.3 syntax (async, future, stream) and gated features that no WASI
 * 0.2 release uses (map, error-context, fixed-length lists, getters and
 * setters, @external-id, `import name: path`) are rejected with a message
 * saying so, at their position. */
#include "witast.h"
#include "witint.h"
#include "witlex.h"
#include "utf8.h"

#include <stdio.h>

#define MAX_DEPTH 100

typedef struct P {
    Arena *a;
    WitLex lx;
    WitToken tok;   /* the next significant token (lookahead) */
    uint32_t prev_end; /* end of the token before it: its trivia start here */
    WitError *err;
    int failed;
} P;

static int fail(P *p, uint32_t pos, const char *fmt, const char *arg)
{
    if (!p->failed)
        wit_error(p->err, CM_E_WIT_SYNTAX, pos, fmt, arg);
    p->failed = 1;
    return -1;
}

static int oom(P *p)
{
    if (!p->failed)
        wit_error(p->err, CM_E_OOM, WIT_NONE, "out of memory (limit 1 GiB)");
    p->failed = 1;
    return -1;
}

static int lex_fail(P *p, WitLexErr e, const WitLex *at)
{
    uint32_t pos = at->pos;
    if (e == WITLEX_UNTERMINATED)
        return fail(p, at->base + pos, "%s",
                    at->src[pos] == '"' ? "unterminated string" : "unterminated block comment");
    unsigned char c = (unsigned char)at->src[pos];
    char buf[16];
    if (c >= 0x20 && c < 0x7f)
        snprintf(buf, sizeof buf, "'%c'", c);
    else
        snprintf(buf, sizeof buf, "'\\u{%x}'", c);
    return fail(p, at->base + pos, "unexpected character %s", buf);
}

/* Advance the lookahead. */
static int advance(P *p)
{
    p->prev_end = p->tok.end;
    WitLex save = p->lx;
    WitLexErr e = witlex_next(&p->lx, &p->tok);
    if (e != WITLEX_OK) {
        p->lx.pos = save.pos;
        WitLex at = p->lx;
        /* find the culprit: lex raw tokens until the failure */
        WitToken t;
        while (witlex_next_raw(&at, &t) == WITLEX_OK && t.tok != WITT_EOF)
            ;
        return lex_fail(p, e, &at);
    }
    return 0;
}

static int peek(P *p, WitTok t)
{
    return p->tok.tok == t;
}

static int eat(P *p, WitTok t)
{
    if (p->tok.tok != t)
        return 0;
    return advance(p) == 0;
}

static int expected(P *p, const char *what)
{
    char msg[160];
    if (p->tok.tok == WITT_EOF)
        snprintf(msg, sizeof msg, "expected %s, found eof", what);
    else
        snprintf(msg, sizeof msg, "expected %s, found %s", what, witlex_describe(p->tok.tok));
    return fail(p, p->tok.start, "%s", msg);
}

static int expect(P *p, WitTok t)
{
    if (p->tok.tok != t)
        return expected(p, witlex_describe(t));
    return advance(p);
}

/* Refuse syntax beyond WASI 0.2 where it appears. */
static int unsupported(P *p, const char *what, const char *why)
{
    char msg[160];
    snprintf(msg, sizeof msg, "%s is not supported (%s)", what, why);
    return fail(p, p->tok.start, "%s", msg);
}

static const char *tok_text(P *p, const WitToken *t, size_t skip)
{
    uint32_t s = t->start - p->lx.base + (uint32_t)skip;
    return arena_strndup(p->a, p->lx.src + s, t->end - p->lx.base - s);
}

/* id ::= label | '%' label */
static int parse_id(P *p, WitAstId *out)
{
    if (p->tok.tok != WITT_ID && p->tok.tok != WITT_EXPLICIT_ID)
        return expected(p, "an identifier or string");
    size_t skip = p->tok.tok == WITT_EXPLICIT_ID;
    const char *s = p->lx.src + (p->tok.start - p->lx.base) + skip;
    size_t n = p->tok.end - p->tok.start - skip, bad;
    const char *msg = witlex_check_id(s, n, &bad);
    if (msg) {
        char buf[96];
        if (bad < n && msg[0] == 'i' && msg[1] == 'n')
            snprintf(buf, sizeof buf, "%s '%c'", msg, s[bad]);
        else
            snprintf(buf, sizeof buf, "%s", msg);
        return fail(p, p->tok.start, "%s", buf);
    }
    out->name = tok_text(p, &p->tok, skip);
    out->span = p->tok.start;
    if (!out->name)
        return oom(p);
    return advance(p);
}

/* The comments in front of the lookahead.  The lexer already skipped them,
 * so re-lex from the end of the previous significant token. */
static int parse_docs(P *p, WitAstDocs *out)
{
    WitLex lx = p->lx;
    lx.pos = p->prev_end - lx.base;
    WitToken t;
    uint32_t cap = 0;
    out->text = NULL;
    out->n = 0;
    while (witlex_next_raw(&lx, &t) == WITLEX_OK && (t.tok == WITT_WS || t.tok == WITT_COMMENT)) {
        if (t.tok != WITT_COMMENT)
            continue;
        const char **slot = WIT_PUSH(p->a, out->text, out->n, cap);
        if (!slot || !(*slot = tok_text(p, &t, 0)))
            return oom(p);
    }
    return 0;
}

/* version ::= integer '.' integer '.' integer ('-' ids)? ('+' ids)?
 * taken as the source text and checked as SemVer */
static int parse_version(P *p, const char **out)
{
    uint32_t start = p->tok.start;
    if (expect(p, WITT_INTEGER) || expect(p, WITT_PERIOD) || expect(p, WITT_INTEGER) ||
        expect(p, WITT_PERIOD))
        return -1;
    uint32_t end = p->tok.end;
    if (expect(p, WITT_INTEGER))
        return -1;
    for (int i = 0; i < 2; i++) {
        WitTok prefix = i == 0 ? WITT_MINUS : WITT_PLUS;
        /* the prefix must follow directly */
        if (!peek(p, prefix) || p->tok.start != end)
            continue;
        end = p->tok.end;
        if (advance(p))
            return -1;
        for (;;) {
            if ((peek(p, WITT_ID) || peek(p, WITT_INTEGER) || peek(p, WITT_MINUS)) &&
                p->tok.start == end) {
                end = p->tok.end;
                if (advance(p))
                    return -1;
            } else if (peek(p, WITT_PERIOD) && p->tok.start == end) {
                WitLex save = p->lx;
                WitToken st = p->tok;
                if (advance(p))
                    return -1;
                if ((peek(p, WITT_ID) || peek(p, WITT_INTEGER) || peek(p, WITT_MINUS)) &&
                    p->tok.start == st.end) {
                    end = p->tok.end;
                    if (advance(p))
                        return -1;
                } else {
                    p->lx = save;
                    p->tok = st;
                    break;
                }
            } else {
                break;
            }
        }
    }
    const char *s = p->lx.src + (start - p->lx.base);
    if (!wit_semver_valid(s, end - start))
        return fail(p, start, "%s", "invalid semantic version");
    *out = arena_strndup(p->a, s, end - start);
    return *out ? 0 : oom(p);
}

/* package-name ::= id ':' id ('@' version)? */
static int parse_pkg_name(P *p, WitPkgName *out, uint32_t *out_span)
{
    WitAstId ns, name;
    *out_span = p->tok.start;
    if (parse_id(p, &ns) || expect(p, WITT_COLON) || parse_id(p, &name))
        return -1;
    out->ns = ns.name;
    out->name = name.name;
    out->version = NULL;
    if (peek(p, WITT_AT)) {
        if (advance(p) || parse_version(p, &out->version))
            return -1;
    }
    return 0;
}

/* use-path ::= id | id ':' id '/' id ('@' version)? */
static int parse_use_path(P *p, WitAstPath *out)
{
    WitAstId first;
    memset(out, 0, sizeof *out);
    if (parse_id(p, &first))
        return -1;
    if (!peek(p, WITT_COLON)) {
        out->name = first;
        return 0;
    }
    out->is_pkg = 1;
    out->pkg_span = first.span;
    WitAstId pkg;
    if (advance(p) || parse_id(p, &pkg) || expect(p, WITT_SLASH) || parse_id(p, &out->name))
        return -1;
    out->pkg.ns = first.name;
    out->pkg.name = pkg.name;
    if (peek(p, WITT_AT)) {
        if (advance(p) || parse_version(p, &out->pkg.version))
            return -1;
    }
    return 0;
}

/* attribute ::= '@since' '(' 'version' '=' version ')'
 *             | '@unstable' '(' 'feature' '=' id ')'
 *             | '@deprecated' '(' 'version' '=' version ')' */
static int parse_attrs(P *p, WitAstAttrs *out)
{
    uint32_t cap = 0;
    out->v = NULL;
    out->n = 0;
    while (peek(p, WITT_AT)) {
        if (advance(p))
            return -1;
        WitAstId id;
        uint32_t at = p->tok.start;
        if (parse_id(p, &id))
            return -1;
        WitAstAttr *attr = WIT_PUSH(p->a, out->v, out->n, cap);
        if (!attr)
            return oom(p);
        attr->span = at;
        const char *key;
        if (!strcmp(id.name, "since"))
            attr->kind = WITA_SINCE, key = "version";
        else if (!strcmp(id.name, "unstable"))
            attr->kind = WITA_UNSTABLE, key = "feature";
        else if (!strcmp(id.name, "deprecated"))
            attr->kind = WITA_DEPRECATED, key = "version";
        else if (!strcmp(id.name, "external-id"))
            return fail(p, at, "%s", "@external-id is not supported (WASI 0.3.1)");
        else
            return fail(p, at, "unknown attribute `%s`", id.name);
        WitAstId k;
        if (expect(p, WITT_LPAREN))
            return -1;
        uint32_t kpos = p->tok.start;
        if (parse_id(p, &k))
            return -1;
        if (strcmp(k.name, key)) {
            char msg[96];
            snprintf(msg, sizeof msg, "expected `%s`, found `%s`", key, k.name);
            return fail(p, kpos, "%s", msg);
        }
        if (expect(p, WITT_EQ))
            return -1;
        if (attr->kind == WITA_UNSTABLE) {
            WitAstId f;
            if (parse_id(p, &f))
                return -1;
            attr->value = f.name;
        } else if (parse_version(p, &attr->value)) {
            return -1;
        }
        if (expect(p, WITT_RPAREN))
            return -1;
    }
    return 0;
}

static int parse_type(P *p, WitAstType **out, int depth);

static WitAstType *new_type(P *p, WitAstTyKind k, uint32_t span)
{
    WitAstType *t = ARENA_NEW(p->a, WitAstType);
    if (t)
        t->kind = k, t->span = span;
    else
        oom(p);
    return t;
}

static WitTy prim_of(WitTok t)
{
    switch (t) {
    case WITT_BOOL: return WIT_TY_BOOL;
    case WITT_U8: return WIT_TY_U8;
    case WITT_U16: return WIT_TY_U16;
    case WITT_U32: return WIT_TY_U32;
    case WITT_U64: return WIT_TY_U64;
    case WITT_S8: return WIT_TY_S8;
    case WITT_S16: return WIT_TY_S16;
    case WITT_S32: return WIT_TY_S32;
    case WITT_S64: return WIT_TY_S64;
    case WITT_F32: return WIT_TY_F32;
    case WITT_F64: return WIT_TY_F64;
    case WITT_CHAR: return WIT_TY_CHAR;
    case WITT_STRING_KW: return WIT_TY_STRING;
    default: return WIT_TY_NONE;
    }
}

/* '<' ty '>' */
static int parse_angle1(P *p, WitAstType **out, int depth)
{
    return expect(p, WITT_LT) || parse_type(p, out, depth + 1) || expect(p, WITT_GT) ? -1 : 0;
}

/* result ::= 'result' | 'result' '<' ty '>' | 'result' '<' '_' ',' ty '>'
 *          | 'result' '<' ty ',' ty '>' */
static int parse_result(P *p, WitAstType *t, int depth)
{
    if (!eat(p, WITT_LT))
        return p->failed ? -1 : 0;
    if (eat(p, WITT_UNDERSCORE)) {
        if (expect(p, WITT_COMMA) || parse_type(p, &t->b, depth + 1))
            return -1;
        return expect(p, WITT_GT);
    }
    if (p->failed || parse_type(p, &t->a, depth + 1))
        return -1;
    if (eat(p, WITT_COMMA)) {
        if (parse_type(p, &t->b, depth + 1))
            return -1;
    }
    return p->failed ? -1 : expect(p, WITT_GT);
}

/* tuple ::= 'tuple' '<' ty (',' ty)* ','? '>' */
static int parse_tuple(P *p, WitAstType *t, int depth)
{
    uint32_t cap = 0;
    if (expect(p, WITT_LT))
        return -1;
    while (!peek(p, WITT_GT)) {
        WitAstType **slot = WIT_PUSH(p->a, t->types, t->ntypes, cap);
        if (!slot)
            return oom(p);
        if (parse_type(p, slot, depth + 1))
            return -1;
        if (!eat(p, WITT_COMMA))
            break;
    }
    if (p->failed)
        return -1;
    return expect(p, WITT_GT);
}

/* ty ::= prim | id | list<ty> | option<ty> | result... | tuple<...>
 *      | own<id> | borrow<id> */
static int parse_type(P *p, WitAstType **out, int depth)
{
    uint32_t at = p->tok.start;
    if (depth > MAX_DEPTH)
        return fail(p, at, "%s", "type nesting too deep");
    WitTok k = p->tok.tok;
    WitTy prim = prim_of(k);
    WitAstType *t;
    if (prim) {
        if (!(t = new_type(p, WITY_PRIM, at)) || advance(p))
            return -1;
        t->prim = prim;
        *out = t;
        return 0;
    }
    switch (k) {
    case WITT_ID:
    case WITT_EXPLICIT_ID:
        if (!(t = new_type(p, WITY_NAME, at)) || parse_id(p, &t->name))
            return -1;
        break;
    case WITT_LIST:
        if (!(t = new_type(p, WITY_LIST, at)) || advance(p) || expect(p, WITT_LT) ||
            parse_type(p, &t->a, depth + 1))
            return -1;
        if (peek(p, WITT_COMMA))
            return unsupported(p, "fixed-length `list<T, N>`", "gated feature");
        if (expect(p, WITT_GT))
            return -1;
        break;
    case WITT_OPTION:
        if (!(t = new_type(p, WITY_OPTION, at)) || advance(p) || parse_angle1(p, &t->a, depth))
            return -1;
        break;
    case WITT_RESULT:
        if (!(t = new_type(p, WITY_RESULT, at)) || advance(p) || parse_result(p, t, depth))
            return -1;
        break;
    case WITT_TUPLE:
        if (!(t = new_type(p, WITY_TUPLE, at)) || advance(p) || parse_tuple(p, t, depth))
            return -1;
        break;
    case WITT_OWN:
    case WITT_BORROW:
        if (!(t = new_type(p, k == WITT_OWN ? WITY_OWN : WITY_BORROW, at)) || advance(p) ||
            expect(p, WITT_LT) || parse_id(p, &t->name) || expect(p, WITT_GT))
            return -1;
        break;
    case WITT_FUTURE:
        return unsupported(p, "`future`", "WASI 0.3");
    case WITT_STREAM:
        return unsupported(p, "`stream`", "WASI 0.3");
    case WITT_MAP:
        return unsupported(p, "`map`", "WASI 0.3.1");
    case WITT_ERROR_CONTEXT:
        return unsupported(p, "`error-context`", "gated feature");
    default:
        return expected(p, "a type");
    }
    *out = t;
    return 0;
}

/* params ::= '(' (id ':' ty (',' id ':' ty)* ','?)? ')' */
static int parse_params(P *p, WitAstFunc *f)
{
    uint32_t cap = 0;
    if (expect(p, WITT_LPAREN))
        return -1;
    while (!peek(p, WITT_RPAREN)) {
        WitAstParam *prm = WIT_PUSH(p->a, f->params, f->nparams, cap);
        if (!prm)
            return oom(p);
        if (parse_id(p, &prm->name) || expect(p, WITT_COLON) || parse_type(p, &prm->ty, 0))
            return -1;
        if (!eat(p, WITT_COMMA))
            break;
    }
    if (p->failed)
        return -1;
    return expect(p, WITT_RPAREN);
}

/* func-type ::= 'func' params ('->' ty)? */
static int parse_func(P *p, WitAstFunc *f)
{
    memset(f, 0, sizeof *f);
    if (peek(p, WITT_ASYNC))
        return unsupported(p, "`async`", "WASI 0.3");
    f->span = p->tok.start;
    if (expect(p, WITT_FUNC) || parse_params(p, f))
        return -1;
    if (peek(p, WITT_RARROW)) {
        if (advance(p))
            return -1;
        if (peek(p, WITT_LPAREN))
            return fail(p, p->tok.start, "%s",
                        "named results `-> (a: T, ...)` are not supported; use a single type");
        return parse_type(p, &f->result, 0);
    }
    return 0;
}

/* A comma list of fields / cases / flags between '{' and '}'. */
typedef enum { FL_RECORD, FL_VARIANT, FL_NAMES } FieldStyle;

static int parse_fields(P *p, WitAstType *t, FieldStyle style)
{
    uint32_t cap = 0;
    if (expect(p, WITT_LBRACE))
        return -1;
    for (;;) {
        WitAstDocs docs;
        if (parse_docs(p, &docs))
            return -1;
        if (peek(p, WITT_RBRACE))
            break;
        WitAstField *fl = WIT_PUSH(p->a, t->fields, t->nfields, cap);
        if (!fl)
            return oom(p);
        fl->docs = docs;
        if (parse_id(p, &fl->name))
            return -1;
        if (style == FL_RECORD) {
            if (expect(p, WITT_COLON) || parse_type(p, &fl->ty, 0))
                return -1;
        } else if (style == FL_VARIANT && peek(p, WITT_LPAREN)) {
            if (advance(p) || parse_type(p, &fl->ty, 0) || expect(p, WITT_RPAREN))
                return -1;
        }
        if (!eat(p, WITT_COMMA))
            break;
    }
    if (p->failed)
        return -1;
    return expect(p, WITT_RBRACE);
}

/* resource-item ::= attrs ( 'constructor' params ('->' ty)? ';'
 *                         | id ':' 'static'? func-type ';' ) */
static int parse_resource_body(P *p, WitAstType *t)
{
    uint32_t cap = 0;
    if (expect(p, WITT_LBRACE))
        return -1;
    for (;;) {
        WitAstDocs docs;
        if (parse_docs(p, &docs))
            return -1;
        if (eat(p, WITT_RBRACE))
            return 0;
        if (p->failed)
            return -1;
        WitAstResFunc *rf = WIT_PUSH(p->a, t->funcs, t->nfuncs, cap);
        if (!rf)
            return oom(p);
        rf->docs = docs;
        if (parse_attrs(p, &rf->attrs))
            return -1;
        if (peek(p, WITT_CONSTRUCTOR)) {
            rf->kind = WITRF_CTOR;
            rf->name.name = "constructor";
            rf->name.span = p->tok.start;
            rf->func.span = p->tok.start;
            if (advance(p) || parse_params(p, &rf->func))
                return -1;
            if (peek(p, WITT_RARROW)) {
                if (advance(p) || parse_type(p, &rf->func.result, 0))
                    return -1;
            }
        } else {
            if (!peek(p, WITT_ID) && !peek(p, WITT_EXPLICIT_ID))
                return expected(p, "`constructor` or identifier");
            if (parse_id(p, &rf->name) || expect(p, WITT_COLON))
                return -1;
            rf->kind = WITRF_METHOD;
            if (peek(p, WITT_STATIC)) {
                rf->kind = WITRF_STATIC;
                if (advance(p))
                    return -1;
            }
            if (parse_func(p, &rf->func))
                return -1;
        }
        if (expect(p, WITT_SEMI))
            return -1;
    }
}

/* typedef ::= 'type' id '=' ty ';' | 'record' id '{' fields '}'
 *           | 'variant' id '{' cases '}' | 'enum' id '{' ids '}'
 *           | 'flags' id '{' ids '}' | 'resource' id (';' | '{' ... '}') */
static int parse_typedef(P *p, WitAstId *name, WitAstType **out)
{
    WitTok k = p->tok.tok;
    uint32_t at = p->tok.start;
    if (advance(p) || parse_id(p, name))
        return -1;
    WitAstType *t;
    switch (k) {
    case WITT_TYPE:
        if (expect(p, WITT_EQ) || parse_type(p, out, 0))
            return -1;
        return expect(p, WITT_SEMI);
    case WITT_RECORD:
        if (!(t = new_type(p, WITY_RECORD, at)) || parse_fields(p, t, FL_RECORD))
            return -1;
        break;
    case WITT_VARIANT:
        if (!(t = new_type(p, WITY_VARIANT, at)) || parse_fields(p, t, FL_VARIANT))
            return -1;
        break;
    case WITT_ENUM:
        if (!(t = new_type(p, WITY_ENUM, at)) || parse_fields(p, t, FL_NAMES))
            return -1;
        break;
    case WITT_FLAGS:
        if (!(t = new_type(p, WITY_FLAGS, at)) || parse_fields(p, t, FL_NAMES))
            return -1;
        break;
    default: /* resource */
        if (!(t = new_type(p, WITY_RESOURCE, at)))
            return -1;
        if (peek(p, WITT_LBRACE)) {
            if (parse_resource_body(p, t))
                return -1;
        } else if (expect(p, WITT_SEMI)) {
            return -1;
        }
        break;
    }
    t->span = name->span; /* errors about the definition point at its name */
    *out = t;
    return 0;
}

static int is_typedef_start(WitTok k)
{
    return k == WITT_TYPE || k == WITT_RECORD || k == WITT_VARIANT || k == WITT_ENUM ||
           k == WITT_FLAGS || k == WITT_RESOURCE;
}

/* use ::= 'use' use-path '.' '{' id ('as' id)? (',' ...)* ','? '}' ';' */
static int parse_use(P *p, WitAstUse *u)
{
    uint32_t cap = 0;
    u->span = p->tok.start;
    if (expect(p, WITT_USE) || parse_use_path(p, &u->from) || expect(p, WITT_PERIOD) ||
        expect(p, WITT_LBRACE))
        return -1;
    while (!peek(p, WITT_RBRACE)) {
        WitAstUseName *n = WIT_PUSH(p->a, u->names, u->nnames, cap);
        if (!n)
            return oom(p);
        if (parse_id(p, &n->name))
            return -1;
        if (peek(p, WITT_AS)) {
            if (advance(p) || parse_id(p, &n->as))
                return -1;
        }
        if (!eat(p, WITT_COMMA))
            break;
    }
    if (p->failed || expect(p, WITT_RBRACE))
        return -1;
    return expect(p, WITT_SEMI);
}

/* interface-item ::= attrs (use | typedef | id ':' func-type ';') */
static int parse_iface_items(P *p, WitAstIfaceItem **items, uint32_t *n)
{
    uint32_t cap = 0;
    if (expect(p, WITT_LBRACE))
        return -1;
    for (;;) {
        WitAstDocs docs;
        if (parse_docs(p, &docs))
            return -1;
        if (eat(p, WITT_RBRACE))
            return 0;
        if (p->failed)
            return -1;
        WitAstIfaceItem *it = WIT_PUSH(p->a, *items, *n, cap);
        if (!it)
            return oom(p);
        it->docs = docs;
        if (parse_attrs(p, &it->attrs))
            return -1;
        if (peek(p, WITT_USE)) {
            it->kind = WITII_USE;
            it->use.attrs = it->attrs;
            if (parse_use(p, &it->use))
                return -1;
        } else if (is_typedef_start(p->tok.tok)) {
            it->kind = WITII_TYPE;
            if (parse_typedef(p, &it->name, &it->ty))
                return -1;
        } else {
            if (!peek(p, WITT_ID) && !peek(p, WITT_EXPLICIT_ID))
                return expected(p, "`type`, `resource` or `func`");
            it->kind = WITII_FUNC;
            if (parse_id(p, &it->name) || expect(p, WITT_COLON) || parse_func(p, &it->func) ||
                expect(p, WITT_SEMI))
                return -1;
        }
    }
}

/* extern-type ::= id ':' 'interface' '{' ... '}' | id ':' func-type ';'
 *               | use-path ';' */
static int parse_extern(P *p, WitAstExtern *e)
{
    e->span = p->tok.start;
    WitLex save = p->lx;
    WitToken st = p->tok;
    uint32_t spe = p->prev_end;
    WitAstId id;
    if (parse_id(p, &id))
        return -1;
    if (peek(p, WITT_COLON)) {
        if (advance(p))
            return -1;
        if (peek(p, WITT_FUNC) || peek(p, WITT_ASYNC)) {
            e->kind = WITEK_FUNC;
            e->name = id;
            return parse_func(p, &e->func) || expect(p, WITT_SEMI) ? -1 : 0;
        }
        if (peek(p, WITT_INTERFACE)) {
            e->kind = WITEK_INTERFACE;
            e->name = id;
            return advance(p) || parse_iface_items(p, &e->items, &e->nitems) ? -1 : 0;
        }
        /* `ns:pkg/...` is a qualified path; anything else is `label: path` */
        WitAstId tmp;
        WitLex s2 = p->lx;
        WitToken t2 = p->tok;
        uint32_t pe2 = p->prev_end;
        int qualified = (peek(p, WITT_ID) || peek(p, WITT_EXPLICIT_ID)) && !parse_id(p, &tmp) &&
                        peek(p, WITT_SLASH);
        if (p->failed)
            return -1;
        p->lx = s2, p->tok = t2, p->prev_end = pe2;
        if (!qualified)
            return unsupported(p, "`import name: path`", "WASI 0.3.1");
    }
    p->lx = save, p->tok = st, p->prev_end = spe;
    e->kind = WITEK_PATH;
    if (parse_use_path(p, &e->path))
        return -1;
    return expect(p, WITT_SEMI);
}

/* include ::= 'include' use-path ';'
 *           | 'include' use-path 'with' '{' id 'as' id (',' ...)* ','? '}' */
static int parse_include(P *p, WitAstWorldItem *it)
{
    uint32_t cap = 0;
    if (expect(p, WITT_INCLUDE) || parse_use_path(p, &it->inc))
        return -1;
    if (!peek(p, WITT_WITH))
        return expect(p, WITT_SEMI);
    if (advance(p) || expect(p, WITT_LBRACE))
        return -1;
    while (!peek(p, WITT_RBRACE)) {
        WitAstUseName *n = WIT_PUSH(p->a, it->inc_with, it->ninc_with, cap);
        if (!n)
            return oom(p);
        if (parse_id(p, &n->name) || expect(p, WITT_AS) || parse_id(p, &n->as))
            return -1;
        if (!eat(p, WITT_COMMA))
            break;
    }
    if (p->failed)
        return -1;
    return expect(p, WITT_RBRACE);
}

/* world-item ::= attrs (use | typedef | 'import' extern-type
 *              | 'export' extern-type | include) */
static int parse_world_items(P *p, WitAstWorld *w)
{
    uint32_t cap = 0;
    if (expect(p, WITT_LBRACE))
        return -1;
    for (;;) {
        WitAstDocs docs;
        if (parse_docs(p, &docs))
            return -1;
        if (eat(p, WITT_RBRACE))
            return 0;
        if (p->failed)
            return -1;
        WitAstWorldItem *it = WIT_PUSH(p->a, w->items, w->nitems, cap);
        if (!it)
            return oom(p);
        it->docs = docs;
        if (parse_attrs(p, &it->attrs))
            return -1;
        switch (p->tok.tok) {
        case WITT_USE:
            it->kind = WITWI_USE;
            it->use.attrs = it->attrs;
            if (parse_use(p, &it->use))
                return -1;
            break;
        case WITT_IMPORT:
        case WITT_EXPORT:
            it->kind = peek(p, WITT_IMPORT) ? WITWI_IMPORT : WITWI_EXPORT;
            if (advance(p) || parse_extern(p, &it->ext))
                return -1;
            break;
        case WITT_INCLUDE:
            it->kind = WITWI_INCLUDE;
            if (parse_include(p, it))
                return -1;
            break;
        default:
            if (!is_typedef_start(p->tok.tok))
                return expected(p, "`import`, `export`, `include`, `use`, or type definition");
            it->kind = WITWI_TYPE;
            if (parse_typedef(p, &it->name, &it->ty))
                return -1;
        }
    }
}

static int parse_decls(P *p, WitAstDecls *out, int nested, int depth);

/* top-item ::= attrs ('interface' id '{' ... '}' | 'world' id '{' ... '}'
 *            | 'use' use-path ('as' id)? ';' | 'package' package-name '{' ... '}') */
static int parse_top(P *p, WitAstTop *it, WitAstDocs docs, int depth)
{
    WitAstAttrs attrs;
    if (parse_attrs(p, &attrs))
        return -1;
    switch (p->tok.tok) {
    case WITT_INTERFACE:
        it->kind = WITTOP_IFACE;
        it->iface.docs = docs;
        it->iface.attrs = attrs;
        return advance(p) || parse_id(p, &it->iface.name) ||
                       parse_iface_items(p, &it->iface.items, &it->iface.nitems)
                   ? -1
                   : 0;
    case WITT_WORLD:
        it->kind = WITTOP_WORLD;
        it->world.docs = docs;
        it->world.attrs = attrs;
        return advance(p) || parse_id(p, &it->world.name) || parse_world_items(p, &it->world)
                   ? -1
                   : 0;
    case WITT_USE:
        it->kind = WITTOP_USE;
        it->attrs = attrs;
        it->span = p->tok.start;
        if (advance(p) || parse_use_path(p, &it->path))
            return -1;
        if (peek(p, WITT_AS)) {
            if (advance(p) || parse_id(p, &it->as))
                return -1;
        }
        return expect(p, WITT_SEMI);
    case WITT_PACKAGE: {
        uint32_t at = p->tok.start;
        if (attrs.n)
            return fail(p, at, "%s", "cannot place attributes on nested packages");
        if (depth > 0)
            return fail(p, at, "%s", "nested packages must be placed at the top-level");
        it->kind = WITTOP_PACKAGE;
        it->pkg.present = 1;
        it->pkg.docs = docs;
        if (advance(p) || parse_pkg_name(p, &it->pkg.name, &it->pkg.span) ||
            expect(p, WITT_LBRACE))
            return -1;
        return parse_decls(p, &it->nested, 1, depth + 1);
    }
    default:
        return expected(p, "`world`, `interface` or `use`");
    }
}

static int parse_decls(P *p, WitAstDecls *out, int nested, int depth)
{
    uint32_t cap = 0;
    for (;;) {
        WitAstDocs docs;
        if (parse_docs(p, &docs))
            return -1;
        if (nested ? eat(p, WITT_RBRACE) : peek(p, WITT_EOF))
            return 0;
        if (p->failed)
            return -1;
        WitAstTop *it = WIT_PUSH(p->a, out->items, out->n, cap);
        if (!it)
            return oom(p);
        if (parse_top(p, it, docs, depth))
            return -1;
    }
}

/* Refuse code points that make text look other than it is (bidirectional
 * overrides, CVE-2021-42574), deprecated ones and control characters other
 * than tab and line breaks, as wit-parser does. */
static int check_codepoints(P *p, const WitSource *src)
{
    static const uint32_t deprecated[] = {0x149, 0x673, 0xf77, 0xf79, 0x17a3, 0x17a4, 0x17b4,
                                          0x17b5};
    for (uint32_t i = 0; i < src->len;) {
        uint32_t c;
        int n = utf8_decode(src->text + i, src->len - i, &c);
        if (n <= 0)
            return fail(p, src->base + i, "%s", "invalid UTF-8");
        char msg[96];
        const char *what = NULL;
        if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
            what = "bidirectional override";
        for (size_t k = 0; k < sizeof deprecated / sizeof deprecated[0]; k++)
            if (c == deprecated[k])
                what = "deprecated";
        if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || (c >= 0x7f && c <= 0x9f))
            what = "control";
        if (what) {
            snprintf(msg, sizeof msg, "input contains %s codepoint U+%04X", what, c);
            return fail(p, src->base + i, "%s", msg);
        }
        i += (uint32_t)n;
    }
    return 0;
}

/* file ::= ('package' package-name ';')? top-item* */
CmErr witparse_file(Arena *a, const WitSource *src, WitAstFile *out, WitError *err)
{
    P p = {.a = a, .err = err};
    memset(out, 0, sizeof *out);
    if (check_codepoints(&p, src))
        return err->code;
    witlex_init(&p.lx, src->text, src->len, src->base);
    p.tok.end = src->base + p.lx.pos;
    if (advance(&p))
        return err->code;
    if (peek(&p, WITT_PACKAGE) || peek(&p, WITT_AT)) {
        /* `package a:b;` is the file's package; `package a:b {` a nested one */
        WitLex save = p.lx;
        WitToken st = p.tok;
        uint32_t pe = p.prev_end;
        WitAstDocs docs;
        if (parse_docs(&p, &docs))
            return err->code;
        if (peek(&p, WITT_PACKAGE)) {
            WitPkgName name;
            uint32_t span;
            if (advance(&p) || parse_pkg_name(&p, &name, &span))
                return err->code;
            if (peek(&p, WITT_SEMI)) {
                out->pkg.present = 1;
                out->pkg.name = name;
                out->pkg.span = span;
                out->pkg.docs = docs;
                if (advance(&p))
                    return err->code;
                save = p.lx, st = p.tok, pe = p.prev_end;
            }
        }
        p.lx = save, p.tok = st, p.prev_end = pe;
    }
    if (parse_decls(&p, &out->decls, 0, 0))
        return err->code;
    return CM_OK;
}
