/* witlex.c - the WIT tokenizer (see witlex.h). */
#include "witlex.h"

#include <string.h>

static const char *const descriptions[] = {
#define X(n, s) s,
    WITLEX_TOKENS(X)
#undef X
};

const char *witlex_describe(WitTok t)
{
    return t < WITT__COUNT ? descriptions[t] : "?";
}

void witlex_init(WitLex *lx, const char *src, uint32_t len, uint32_t base)
{
    lx->src = src;
    lx->len = len;
    lx->pos = 0;
    lx->base = base;
    /* a UTF-8 byte order mark is skipped */
    if (len >= 3 && !memcmp(src, "\xEF\xBB\xBF", 3))
        lx->pos = 3;
}

/* Identifier characters are lexed loosely (letters, digits, '-', '_' and any
 * non-ASCII byte; a '-' cannot start one) and judged later by witlex_check_id, so that `foo_bar`
 * gives "invalid character" rather than two tokens. */
static int is_alpha(unsigned c)
{
    return (c | 0x20u) - 'a' < 26u;
}

static int is_digit(unsigned c)
{
    return c - '0' < 10u;
}

static int keylike_start(unsigned char c)
{
    return is_alpha(c) || c == '_' || c >= 0x80;
}

static int keylike_continue(unsigned char c)
{
    return keylike_start(c) || is_digit(c) || c == '-';
}

static const struct {
    const char *s;
    uint8_t len;
    WitTok t;
} keywords[] = {
    {"use", 3, WITT_USE},
    {"type", 4, WITT_TYPE},
    {"func", 4, WITT_FUNC},
    {"u8", 2, WITT_U8},
    {"u16", 3, WITT_U16},
    {"u32", 3, WITT_U32},
    {"u64", 3, WITT_U64},
    {"s8", 2, WITT_S8},
    {"s16", 3, WITT_S16},
    {"s32", 3, WITT_S32},
    {"s64", 3, WITT_S64},
    {"f32", 3, WITT_F32},
    {"f64", 3, WITT_F64},
    {"char", 4, WITT_CHAR},
    {"resource", 8, WITT_RESOURCE},
    {"own", 3, WITT_OWN},
    {"borrow", 6, WITT_BORROW},
    {"record", 6, WITT_RECORD},
    {"flags", 5, WITT_FLAGS},
    {"variant", 7, WITT_VARIANT},
    {"enum", 4, WITT_ENUM},
    {"bool", 4, WITT_BOOL},
    {"string", 6, WITT_STRING_KW},
    {"option", 6, WITT_OPTION},
    {"result", 6, WITT_RESULT},
    {"future", 6, WITT_FUTURE},
    {"stream", 6, WITT_STREAM},
    {"error-context", 13, WITT_ERROR_CONTEXT},
    {"list", 4, WITT_LIST},
    {"map", 3, WITT_MAP},
    {"_", 1, WITT_UNDERSCORE},
    {"as", 2, WITT_AS},
    {"from", 4, WITT_FROM},
    {"static", 6, WITT_STATIC},
    {"interface", 9, WITT_INTERFACE},
    {"tuple", 5, WITT_TUPLE},
    {"world", 5, WITT_WORLD},
    {"import", 6, WITT_IMPORT},
    {"export", 6, WITT_EXPORT},
    {"package", 7, WITT_PACKAGE},
    {"constructor", 11, WITT_CONSTRUCTOR},
    {"include", 7, WITT_INCLUDE},
    {"with", 4, WITT_WITH},
    {"async", 5, WITT_ASYNC},
};

static WitTok keyword(const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
        if (keywords[i].len == n && keywords[i].s[0] == s[0] && !memcmp(keywords[i].s, s, n))
            return keywords[i].t;
    return WITT_ID;
}

/* Line breaks are "\n" or "\r\n"; a lone '\r' is not whitespace. */
static int at_ws(const WitLex *lx, uint32_t p)
{
    char c = lx->src[p];
    return c == ' ' || c == '\t' || c == '\n' ||
           (c == '\r' && p + 1 < lx->len && lx->src[p + 1] == '\n');
}

static WitLexErr block_comment(WitLex *lx, uint32_t start)
{
    int depth = 1;
    while (depth > 0) {
        if (lx->pos >= lx->len) {
            lx->pos = start;
            return WITLEX_UNTERMINATED;
        }
        char c = lx->src[lx->pos++];
        if (c == '/' && lx->pos < lx->len && lx->src[lx->pos] == '*')
            depth++, lx->pos++;
        else if (c == '*' && lx->pos < lx->len && lx->src[lx->pos] == '/')
            depth--, lx->pos++;
    }
    return WITLEX_OK;
}

WitLexErr witlex_next_raw(WitLex *lx, WitToken *out)
{
    uint32_t start = lx->pos;
    out->start = out->end = lx->base + start;
    if (start >= lx->len) {
        out->tok = WITT_EOF;
        return WITLEX_OK;
    }
    const char *s = lx->src;
    unsigned char c = (unsigned char)s[lx->pos];
    WitTok t;
    if (at_ws(lx, lx->pos)) {
        while (lx->pos < lx->len && at_ws(lx, lx->pos))
            lx->pos += s[lx->pos] == '\r' ? 2 : 1;
        t = WITT_WS;
    } else if (c == '/' && lx->pos + 1 < lx->len && s[lx->pos + 1] == '/') {
        while (lx->pos < lx->len && s[lx->pos] != '\n')
            lx->pos++;
        if (lx->pos < lx->len)
            lx->pos++; /* the comment owns its newline, as in wit-parser */
        t = WITT_COMMENT;
    } else if (c == '/' && lx->pos + 1 < lx->len && s[lx->pos + 1] == '*') {
        lx->pos += 2;
        if (block_comment(lx, start) != WITLEX_OK)
            return WITLEX_UNTERMINATED;
        t = WITT_COMMENT;
    } else if (c == '-' && lx->pos + 1 < lx->len && s[lx->pos + 1] == '>') {
        lx->pos += 2;
        t = WITT_RARROW;
    } else if (c == '%') {
        lx->pos++;
        if (lx->pos < lx->len && keylike_start((unsigned char)s[lx->pos]))
            while (lx->pos < lx->len && keylike_continue((unsigned char)s[lx->pos]))
                lx->pos++;
        t = WITT_EXPLICIT_ID;
    } else if (keylike_start(c)) {
        while (lx->pos < lx->len && keylike_continue((unsigned char)s[lx->pos]))
            lx->pos++;
        t = keyword(s + start, lx->pos - start);
    } else if (is_digit(c)) {
        while (lx->pos < lx->len && is_digit((unsigned char)s[lx->pos]))
            lx->pos++;
        t = WITT_INTEGER;
    } else if (c == '"') {
        lx->pos++;
        while (lx->pos < lx->len && s[lx->pos] != '"' && s[lx->pos] != '\n')
            lx->pos++;
        if (lx->pos >= lx->len || s[lx->pos] != '"') {
            lx->pos = start;
            return WITLEX_UNTERMINATED;
        }
        lx->pos++;
        t = WITT_STRING;
    } else {
        switch (c) {
        case '=': t = WITT_EQ; break;
        case ',': t = WITT_COMMA; break;
        case ':': t = WITT_COLON; break;
        case '.': t = WITT_PERIOD; break;
        case ';': t = WITT_SEMI; break;
        case '(': t = WITT_LPAREN; break;
        case ')': t = WITT_RPAREN; break;
        case '{': t = WITT_LBRACE; break;
        case '}': t = WITT_RBRACE; break;
        case '<': t = WITT_LT; break;
        case '>': t = WITT_GT; break;
        case '*': t = WITT_STAR; break;
        case '@': t = WITT_AT; break;
        case '/': t = WITT_SLASH; break;
        case '+': t = WITT_PLUS; break;
        case '-': t = WITT_MINUS; break;
        default: return WITLEX_UNEXPECTED;
        }
        lx->pos++;
    }
    out->tok = t;
    out->end = lx->base + lx->pos;
    return WITLEX_OK;
}

WitLexErr witlex_next(WitLex *lx, WitToken *out)
{
    for (;;) {
        WitLexErr e = witlex_next_raw(lx, out);
        if (e != WITLEX_OK || (out->tok != WITT_WS && out->tok != WITT_COMMENT))
            return e;
    }
}

/* Words are all-lowercase or all-uppercase ASCII letters and digits; the
 * first word starts with a letter, later ones may start with a digit. */
const char *witlex_check_id(const char *s, size_t n, size_t *out_bad)
{
    *out_bad = 0;
    if (n == 0)
        return "identifiers must have characters between '-'s";
    size_t i = 0, word = 0;
    while (i <= n) {
        size_t j = i;
        int upper = -1;
        while (j < n && s[j] != '-')
            j++;
        if (j == i) {
            *out_bad = i;
            return "identifiers must have characters between '-'s";
        }
        for (size_t k = i; k < j; k++) {
            unsigned c = (unsigned char)s[k];
            int bad = 0;
            if (k == i && word == 0 && !is_alpha(c))
                bad = 1;
            else if (is_digit(c))
                continue;
            else if (c - 'A' < 26u)
                bad = upper == 0, upper = 1;
            else if (c - 'a' < 26u)
                bad = upper == 1, upper = 0;
            else
                bad = 1;
            if (bad) {
                *out_bad = k;
                return "invalid character in identifier";
            }
        }
        word++;
        i = j + 1;
    }
    return NULL;
}
