// fuzz-libs: cm
/* fuzz_component_decode.c - the component decoder, the type model and the
 * canonical-ABI layouts on arbitrary bytes.  Whatever decodes must build or
 * fail cleanly, and its encoding must decode again to the same encoding
 * (encode . decode is idempotent even when the input had non-minimal
 * LEB128s). */
#include "cabi.h"
#include "ctypes.h"
#include "wcomp.h"

#include <stdlib.h>
#include <string.h>

static void exercise_model(const CtModel *m)
{
    Buf b;
    buf_init(&b);
    for (uint32_t i = 0; i < m->ntypes; i++) {
        const CtType *t = m->types[i];
        if (!t)
            continue;
        b.len = 0;
        ct_print(&b, t);
        if (ct_is_value(t->kind)) {
            uint32_t align = cabi_alignment(t), size = cabi_size(t);
            if (align == 0 || size % align)
                abort(); /* elem_size is a multiple of the alignment */
            CabiFlat *flat;
            uint32_t n;
            if (cabi_flatten(t, &flat, &n) == CM_OK) {
                if (n != cabi_flat_count(t))
                    abort();
                free(flat);
            }
        }
        if (!ct_subtype(t, t) || !ct_equal(t, t))
            abort(); /* reflexive */
    }
    for (uint32_t i = 0; i < m->nfuncs; i++) {
        CabiSig s;
        if (m->funcs[i] && m->funcs[i]->kind == CT_FUNC) {
            cabi_flatten_func(m->funcs[i], CABI_LIFT, &s);
            cabi_flatten_func(m->funcs[i], CABI_LOWER, &s);
        }
    }
    buf_release(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Arena a;
    WcComponent *c, *c2;
    CtModel *m;
    CmError err;
    arena_init(&a);
    a.limit = 256u << 20;
    if (wcomp_decode(&a, data, size, &c, &err) == CM_OK) {
        if (ct_build(&a, c, &m, &err) == CM_OK)
            exercise_model(m);
        Buf b1, b2;
        buf_init(&b1);
        buf_init(&b2);
        wcomp_encode(c, &b1);
        if (!b1.failed) {
            if (wcomp_decode(&a, b1.data, b1.len, &c2, &err) != CM_OK)
                abort();
            wcomp_encode(c2, &b2);
            if (!b2.failed && (b2.len != b1.len || memcmp(b1.data, b2.data, b1.len)))
                abort();
        }
        buf_release(&b1);
        buf_release(&b2);
    }
    arena_release(&a);
    return 0;
}
