/* compnew.h - `witc component embed` and `witc component new`: bind a core
 * module to a WIT world (a `component-type` custom section, see witenc.h)
 * and turn such a module into a component the way wit-component does.
 *
 * compnew_build reads every `component-type*` custom section of the core
 * module (the union of their worlds), matches the module's imports and
 * exports to the world by the core name mangling of the component model's
 * toolchain conventions (the legacy `module/field` scheme and the `cm32p2`
 * one), and writes a component: the main module (without its
 * component-type sections), a shim module with a funcref table for the
 * lowered imports that need the main module's memory or realloc, the fixup
 * module that fills the table once the main instance exists, `canon lower`
 * for imports, `canon lift` for exports, resources and their intrinsics.
 * Adapters (`--adapt wasi_snapshot_preview1=FILE`) are spliced in the same
 * way as the main module.
 */
#ifndef COMPNEW_H
#define COMPNEW_H

#include "arena.h"
#include "buf.h"
#include "err.h"
#include "wmod.h"

#include <stddef.h>
#include <stdint.h>

#define COMPNEW_MAX_ADAPTERS 8

typedef struct CompNewAdapter {
    const char *name; /* the core import module it implements; NULL: the file's stem */
    const char *file; /* for messages */
    const uint8_t *data;
    size_t len;
} CompNewAdapter;

typedef struct CompNewInput {
    const char *file; /* the main module's path, for messages */
    const uint8_t *data;
    size_t len;
    CompNewAdapter adapters[COMPNEW_MAX_ADAPTERS];
    uint32_t nadapters;
} CompNewInput;

/* Add a `component-type` custom section with payload p[0..n) at the end of
 * m (p must outlive the encoding of m).  CM_E_OOM on failure. */
CmErr compnew_embed(Arena *a, WModule *m, const uint8_t *p, size_t n);

/* Build the component for in into out.  On failure returns the code and
 * appends the whole diagnostic line(s) to msg (without a final newline),
 * e.g. "witc: error: import 'a:b/c#f' has core type (i32) -> (), but the
 * world expects (i32, i32) -> i32" or "FILE: offset 0x1a: error: ...". */
CmErr compnew_build(const CompNewInput *in, Buf *out, Buf *msg);

#endif
