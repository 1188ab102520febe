/* crt_util.c - see crt_util.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "crt_util.h"
#include "fileio.h"

#include <stdlib.h>
#include <string.h>

void crt_open(CrtRig *r, const char *file)
{
    char path[1024];
    uint8_t *bytes;
    size_t len;
    CmError err;
    memset(r, 0, sizeof *r);
    snprintf(path, sizeof path, "%s/%s", CRT_DIR, file);
    if (file_read(path, &bytes, &len))
        fail_msg("cannot read %s (is wasm-tools installed?)", path);
    r->eng = wr_engine_new(NULL);
    assert_non_null(r->eng);
    CmErr e = wrc_component_load(r->eng, bytes, len, &r->c, &err);
    free(bytes);
    if (e) {
        char m[512];
        err_format(&err, path, m, sizeof m);
        fail_msg("%s", m);
    }
    r->lk = wrc_linker_new(r->eng);
    assert_non_null(r->lk);
}

CmErr crt_try_instantiate(CrtRig *r, WrTrap *trap)
{
    return wrc_instantiate(r->c, r->lk, &r->inst, trap);
}

void crt_instantiate(CrtRig *r)
{
    WrTrap trap;
    if (crt_try_instantiate(r, &trap))
        fail_msg("instantiate: %s", trap.message);
}

void crt_close(CrtRig *r)
{
    wrc_instance_free(r->inst);
    wrc_linker_free(r->lk);
    wrc_component_free(r->c);
    wr_engine_free(r->eng);
    memset(r, 0, sizeof *r);
}

static int vals_eq(const WrcVal *a, const WrcVal *b, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        if (!crt_val_eq(&a[i], &b[i]))
            return 0;
    return 1;
}

int crt_val_eq(const WrcVal *a, const WrcVal *b)
{
    if (a->kind != b->kind)
        return 0;
    switch (a->kind) {
    case WRC_BOOL: return !a->u.b == !b->u.b;
    case WRC_S8:
    case WRC_U8: return a->u.u8 == b->u.u8;
    case WRC_S16:
    case WRC_U16: return a->u.u16 == b->u.u16;
    case WRC_S32:
    case WRC_U32:
    case WRC_CHAR:
    case WRC_FLAGS: return a->u.u32 == b->u.u32;
    case WRC_F32: return !memcmp(&a->u.f32, &b->u.f32, 4);
    case WRC_S64:
    case WRC_U64:
    case WRC_F64: return a->u.u64 == b->u.u64;
    case WRC_STRING:
        return a->u.str.len == b->u.str.len && !memcmp(a->u.str.ptr, b->u.str.ptr, a->u.str.len);
    case WRC_BYTES:
        return a->u.bytes.len == b->u.bytes.len &&
               (!a->u.bytes.len || !memcmp(a->u.bytes.ptr, b->u.bytes.ptr, a->u.bytes.len));
    case WRC_LIST:
    case WRC_RECORD:
    case WRC_TUPLE: return a->u.list.n == b->u.list.n && vals_eq(a->u.list.elems, b->u.list.elems, a->u.list.n);
    case WRC_VARIANT:
    case WRC_ENUM:
    case WRC_OPTION:
    case WRC_RESULT:
        if (a->u.var.tag != b->u.var.tag || !a->u.var.payload != !b->u.var.payload)
            return 0;
        return !a->u.var.payload || crt_val_eq(a->u.var.payload, b->u.var.payload);
    case WRC_OWN:
    case WRC_BORROW: return a->u.handle.type == b->u.handle.type && a->u.handle.rep == b->u.handle.rep;
    }
    return 0;
}

int crt_host_echo(WrcCall *call, const WrcVal *args, uint32_t nargs, WrcVal *result, void *user)
{
    CrtEcho *e = user;
    (void)call;
    e->calls++;
    if (nargs != 1 || (e->expect && !crt_val_eq(&args[0], e->expect)))
        e->mismatch++;
    *result = args[0];
    return 0;
}

int crt_host_sum17(WrcCall *call, const WrcVal *args, uint32_t nargs, WrcVal *result, void *user)
{
    (void)call;
    (void)user;
    uint32_t s = 0;
    for (uint32_t i = 0; i < nargs; i++)
        s += args[i].u.u32 * (i + 1);
    *result = wrc_u32(s);
    return 0;
}
