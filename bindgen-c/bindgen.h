/* bindgen.h - C guest bindings for a resolved WIT world (what `witc bindgen`
 * writes).
 *
 * The generated API is the one of wit-bindgen's C generator (names, types,
 * ownership), so that C guest code written for `wit-bindgen c` compiles
 * unchanged against ours.  Three files come out for world W:
 *   W.h                 types, function prototypes and helpers
 *   W.c                 canonical-ABI glue: wasm imports/exports, lifting and
 *                       lowering, cabi_realloc, post-return functions
 *   W_component_type.c  the world's component type as a custom section
 *                       `component-type:W`, plus the force-link symbol that
 *                       W.c references so that the linker keeps it
 * Layouts (sizes, alignments, flattening) come from libcm/cabi.h.  Only the
 * default options of wit-bindgen are produced (UTF-8 strings, flattened
 * signatures, no automatic dropping of borrows), plus --rename.
 */
#ifndef BINDGEN_H
#define BINDGEN_H

#include "buf.h"
#include "err.h"
#include "wit.h"

#include <stddef.h>
#include <stdint.h>

typedef struct BgFile {
    char *name; /* "W.h" etc.; heap, owned by BgOutput */
    Buf text;
} BgFile;

typedef struct BgOutput {
    BgFile files[3]; /* .h, .c, _component_type.c */
    uint32_t nfiles;
} BgOutput;

/* Options (wit-bindgen's flags of the same names).  rename: the prefix of
 * the interface or plain-named item `from` (as written in a world: "ns:pkg/i"
 * with version if any, or the plain name) becomes `to`. */
typedef struct BgRename {
    const char *from, *to;
} BgRename;

typedef struct BgOptions {
    const BgRename *renames;
    uint32_t nrenames;
} BgOptions;

void bg_output_release(BgOutput *out);

/* Generate the bindings of `world` of r into out (which the caller releases
 * with bg_output_release, also on failure).  ctype/ctype_len is the
 * component-type payload (witenc_world) written into W_component_type.c.
 * opts may be NULL.  Fails with CM_E_OOM, or CM_E_BINDGEN_UNSUPPORTED
 * (err->detail says what) for what the C bindings cannot express. */
CmErr bg_generate(const WitResolve *r, uint32_t world, const BgOptions *opts,
                  const uint8_t *ctype, size_t ctype_len, BgOutput *out, CmError *err);

/* "my-world" -> "my_world" (heck's to_snake_case on WIT names): the stem of
 * the generated file names.  Result in a. */
const char *bg_snake(Arena *a, const char *name);

#endif
