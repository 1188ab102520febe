/* json.h - a small JSON reader for test drivers (RFC 8259 subset: no
 * duplicate-key checks, numbers kept as text).
 *
 * Written for wast2json output (the spec-testsuite runners) but general.
 * The whole tree lives in the Arena given to json_parse; strings are
 * NUL-terminated UTF-8 with escapes resolved (len counts bytes and is the
 * truth if a string holds \u0000).
 */
#ifndef TEST_JSON_H
#define TEST_JSON_H

#include "arena.h"

#include <stddef.h>

typedef enum JsonKind { JSON_NULL, JSON_BOOL, JSON_NUM, JSON_STR, JSON_ARR, JSON_OBJ } JsonKind;

typedef struct Json Json;
struct Json {
    JsonKind kind;
    int boolean;        /* JSON_BOOL */
    const char *str;    /* JSON_STR: the string; JSON_NUM: the number's text */
    size_t len;
    size_t n;           /* JSON_ARR / JSON_OBJ: element count */
    Json **items;       /* elements (arrays) or member values (objects) */
    const char **keys;  /* JSON_OBJ: member names */
};

/* Parse text[0..len).  Returns the root, or NULL with a message in errbuf
 * ("offset N: ..."). */
Json *json_parse(Arena *a, const char *text, size_t len, char *errbuf, size_t errcap);

/* Member `key` of an object, or NULL (also when v is NULL or not an object). */
const Json *json_get(const Json *v, const char *key);
/* The string of a JSON_STR (or a number's text), else NULL. */
const char *json_str(const Json *v);
/* Element i of an array, or NULL. */
const Json *json_at(const Json *v, size_t i);
/* Element count of an array or object, 0 otherwise. */
size_t json_len(const Json *v);

#endif
