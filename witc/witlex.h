/* witlex.h - the WIT tokenizer (component-model design/mvp/WIT.md, "Lexical
 * structure").
 *
 * A WitLex is a cursor over one source text; copying the struct saves the
 * position (the parser looks ahead by copying).  witlex_next skips
 * whitespace and comments; witlex_next_raw returns them too, so the parser
 * can collect the comments in front of an item as its documentation (like
 * wit-parser, every comment there counts, not only `///`).
 * Identifiers are lexed loosely and validated (kebab-case) by witlex_id.
 */
#ifndef WITLEX_H
#define WITLEX_H

#include <stddef.h>
#include <stdint.h>

#define WITLEX_TOKENS(X)                                                                           \
    X(EOF, "end of file") X(WS, "whitespace") X(COMMENT, "a comment") X(EQ, "'='")                \
    X(COMMA, "','") X(COLON, "':'") X(PERIOD, "'.'") X(SEMI, "';'") X(LPAREN, "'('")            \
    X(RPAREN, "')'") X(LBRACE, "'{'") X(RBRACE, "'}'") X(LT, "'<'") X(GT, "'>'")                \
    X(STAR, "'*'") X(AT, "'@'") X(SLASH, "'/'") X(PLUS, "'+'") X(MINUS, "'-'")                  \
    X(RARROW, "'->'") X(STRING, "a string") X(ID, "an identifier")                               \
    X(EXPLICIT_ID, "an '%' identifier") X(INTEGER, "an integer")                                 \
    X(USE, "keyword `use`") X(TYPE, "keyword `type`") X(FUNC, "keyword `func`")                  \
    X(U8, "keyword `u8`") X(U16, "keyword `u16`") X(U32, "keyword `u32`")                        \
    X(U64, "keyword `u64`") X(S8, "keyword `s8`") X(S16, "keyword `s16`")                        \
    X(S32, "keyword `s32`") X(S64, "keyword `s64`") X(F32, "keyword `f32`")                      \
    X(F64, "keyword `f64`") X(CHAR, "keyword `char`") X(RESOURCE, "keyword `resource`")          \
    X(OWN, "keyword `own`") X(BORROW, "keyword `borrow`") X(RECORD, "keyword `record`")          \
    X(FLAGS, "keyword `flags`") X(VARIANT, "keyword `variant`") X(ENUM, "keyword `enum`")        \
    X(BOOL, "keyword `bool`") X(STRING_KW, "keyword `string`") X(OPTION, "keyword `option`")     \
    X(RESULT, "keyword `result`") X(FUTURE, "keyword `future`") X(STREAM, "keyword `stream`")    \
    X(ERROR_CONTEXT, "keyword `error-context`") X(LIST, "keyword `list`")                        \
    X(MAP, "keyword `map`") X(UNDERSCORE, "'_'") X(AS, "keyword `as`") X(FROM, "keyword `from`") \
    X(STATIC, "keyword `static`") X(INTERFACE, "keyword `interface`")                            \
    X(TUPLE, "keyword `tuple`") X(WORLD, "keyword `world`") X(IMPORT, "keyword `import`")        \
    X(EXPORT, "keyword `export`") X(PACKAGE, "keyword `package`")                                \
    X(CONSTRUCTOR, "keyword `constructor`") X(INCLUDE, "keyword `include`")                      \
    X(WITH, "keyword `with`") X(ASYNC, "keyword `async`")

typedef enum WitTok {
#define X(n, s) WITT_##n,
    WITLEX_TOKENS(X)
#undef X
        WITT__COUNT
} WitTok;

typedef struct WitLex {
    const char *src;  /* the whole text */
    uint32_t len;
    uint32_t pos;     /* next byte */
    uint32_t base;    /* added to positions to make global spans */
} WitLex;

typedef struct WitToken {
    WitTok tok;
    uint32_t start, end; /* global positions */
} WitToken;

typedef enum WitLexErr {
    WITLEX_OK,
    WITLEX_UNEXPECTED,   /* a character that starts no token */
    WITLEX_UNTERMINATED, /* block comment or string */
} WitLexErr;

void witlex_init(WitLex *lx, const char *src, uint32_t len, uint32_t base);
/* Next token including whitespace and comments.  On error returns it, with
 * out->start at the culprit. */
WitLexErr witlex_next_raw(WitLex *lx, WitToken *out);
/* Next significant token. */
WitLexErr witlex_next(WitLex *lx, WitToken *out);
/* Human description of a token kind ("'{'", "keyword `record`"). */
const char *witlex_describe(WitTok t);
/* Check that s[0..n) is a kebab-case identifier; on failure returns a static
 * message and sets *out_bad to the offending byte offset within s. */
const char *witlex_check_id(const char *s, size_t n, size_t *out_bad);

#endif
