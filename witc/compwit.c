/* compwit.c - print a component's world as WIT (see compwit.h): decode the
 * component, build its type model (ctypes.h), turn its imports and exports
 * into a world `root` of package `root:component` (compdec.h) and print
 * that like `wasm-tools component wit` does. */
#include "compwit.h"

#include "compdec.h"
#include "ctypes.h"
#include "wcomp.h"
#include "compprint.h"

#include <string.h>

static CmErr model_error(const char *file, const CmError *e, Buf *msg)
{
    char line[512];
    err_format(e, file, line, sizeof line);
    buf_str(msg, line);
    return e->code;
}

/* A WIT package encoded as a component exports only component types; the
 * `component-type` payload is one of those, holding one world. */
static const CtType *world_of_package(const CtType *ct, WitPkgName *pn, const char **wname,
                                      WitResolve *r)
{
    if (ct->nimports || ct->nexports != 1)
        return NULL;
    const CtExtern *x = &ct->exports[0];
    if (x->kind != CT_EXT_TYPE || !x->type || x->type->kind != CT_COMPONENT ||
        x->type->nexports != 1 || x->type->exports[0].kind != CT_EXT_COMPONENT)
        return NULL;
    const char *iname;
    if (!compdec_split_iface(r, x->type->exports[0].name, pn, &iname))
        return NULL;
    *wname = iname;
    return x->type->exports[0].type;
}

/* The declarators of the world type inside a component-type payload:
 * (type (component (type (component <these>)) ...)). */
static const WcType *world_wctype(const WcComponent *c)
{
    for (uint32_t i = 0; i < c->nsections; i++) {
        const WcSection *s = &c->sections[i];
        if (s->id != WC_SEC_TYPE || s->n < 1 || s->u.types[0]->kind != WC_TY_COMPONENT)
            continue;
        const WcType *outer = s->u.types[0];
        if (outer->n >= 1 && outer->decls[0].kind == WC_DECL_TYPE &&
            outer->decls[0].type->kind == WC_TY_COMPONENT)
            return outer->decls[0].type;
    }
    return NULL;
}

const WcDecl *world_decls(const WcComponent *c)
{
    const WcType *t = world_wctype(c);
    return t ? t->decls : NULL;
}

uint32_t world_ndecls(const WcComponent *c)
{
    const WcType *t = world_wctype(c);
    return t ? t->n : 0;
}

CmErr compwit_print(const char *file, const uint8_t *data, size_t len, Buf *out, Buf *msg)
{
    if (!wcomp_is_component(data, len)) {
        buf_printf(msg, "%s: error: not a component (a core module or other file)", file);
        return CM_E_UNSUPPORTED;
    }
    Arena a;
    arena_init(&a);
    WitResolve r;
    wit_resolve_init(&r, NULL);
    WcComponent *c;
    CtModel *m;
    CmError e;
    CmErr rc = wcomp_decode(&a, data, len, &c, &e);
    if (!rc)
        rc = ct_build(&a, c, &m, &e);
    if (rc) {
        model_error(file, &e, msg);
        goto done;
    }
    WitPkgName pn = {"root", "component", NULL};
    const char *wname = "root";
    const CtType *world = world_of_package(m->type, &pn, &wname, &r);
    if (!world) {
        world = m->type;
        for (uint32_t i = 0; i < world->nexports; i++)
            if (world->exports[i].kind == CT_EXT_TYPE && world->exports[i].type &&
                world->exports[i].type->kind == CT_COMPONENT) {
                buf_printf(msg, "%s: error: this is a WIT package encoded as a component, "
                                "not a component or a single world; print the WIT sources "
                                "with 'witc print' instead",
                           file);
                rc = CM_E_UNSUPPORTED;
                goto done;
            }
    }
    char text[256];
    uint32_t wid;
    CompUses uses = {0};
    int ok = world == m->type ? compdec_uses_component(&a, c, &uses)
                              : compdec_uses_decls(&a, world_decls(c), world_ndecls(c), &uses);
    if (!ok) {
        buf_printf(msg, "%s: error: out of memory", file);
        rc = CM_E_OOM;
        goto done;
    }
    if ((rc = compdec_world(&r, world, &uses, &pn, wname, world == m->type, &wid, text, sizeof text))) {
        buf_printf(msg, "%s: error: %s", file, text);
        goto done;
    }
    compprint_world(&r, wid, out);
done:
    wit_resolve_release(&r);
    arena_release(&a);
    return rc;
}
