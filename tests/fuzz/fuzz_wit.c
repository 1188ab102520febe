// fuzz-libs: witfront cm
/* fuzz_wit.c - the WIT front end on arbitrary bytes, as one file: lexer,
 * parser, per-package resolution, merge, world elaboration.  A success must
 * satisfy the resolution invariants, its printed text must resolve again,
 * and printing that must reach a fixed point (the second print equals the
 * third: the first may still normalise documentation that no comment form
 * can carry exactly, e.g. text containing the end of a block comment with
 * every line indented); an error must render as a diagnostic.  Inputs with an odd length enable every
 * @unstable feature. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "wit.h"
#include "witdiag.h"
#include "witjson.h"
#include "witprint.h"

static int resolve_print(const char *text, size_t len, int all, Buf *out)
{
    WitOptions o = {NULL, 0, all};
    WitResolve r;
    WitError err = {0};
    uint32_t main_pkg;
    wit_resolve_init(&r, &o);
    int ok = wit_load_text(&r, "fuzz.wit", text, len, &main_pkg, &err) == CM_OK;
    if (ok) {
        if (wit_check_invariants(&r))
            abort();
        Buf j;
        buf_init(&j);
        witjson_write(&r, &j);
        buf_release(&j);
        witprint_package(&r, main_pkg, WIT_NONE, out);
    } else {
        Buf d;
        buf_init(&d);
        witdiag_format(&r, &err, "fuzz.wit", &d);
        if (!d.failed && d.len == 0)
            abort();
        buf_release(&d);
    }
    wit_resolve_release(&r);
    return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1 << 16)
        return 0;
    int all = size & 1;
    Buf p1, p2, p3;
    buf_init(&p1);
    buf_init(&p2);
    buf_init(&p3);
    if (resolve_print((const char *)data, size, all, &p1) && !p1.failed) {
        if (!resolve_print((const char *)p1.data, p1.len, all, &p2) || p2.failed)
            abort();
        if (!resolve_print((const char *)p2.data, p2.len, all, &p3))
            abort();
        if (!p3.failed && (p2.len != p3.len || memcmp(p2.data, p3.data, p2.len)))
            abort();
    }
    buf_release(&p1);
    buf_release(&p2);
    buf_release(&p3);
    return 0;
}
