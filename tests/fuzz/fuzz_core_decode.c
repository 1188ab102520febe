// fuzz-libs: cm
/* fuzz_core_decode.c - the core module decoder on arbitrary bytes.  If a
 * module decodes, its encoding must decode again, and encoding that must
 * give the same bytes (our output is canonical, so it is a fixpoint).  Any
 * violation aborts, which libFuzzer reports as a crash. */
#include "arena.h"
#include "buf.h"
#include "wmod.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Arena a;
    arena_init(&a);
    WModule *m, *m2;
    CmError err;
    Buf once, twice;
    buf_init(&once);
    buf_init(&twice);
    if (wmod_decode(&a, data, size, &m, &err) == CM_OK) {
        if (wmod_encode(m, &once) != CM_OK)
            abort();
        if (wmod_decode(&a, once.data, once.len, &m2, &err) != CM_OK)
            abort(); /* our own output must be well-formed */
        if (wmod_encode(m2, &twice) != CM_OK || twice.len != once.len ||
            memcmp(twice.data, once.data, once.len) != 0)
            abort(); /* and canonical */
    }
    buf_release(&once);
    buf_release(&twice);
    arena_release(&a);
    return 0;
}
