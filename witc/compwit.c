/* compwit.c - print a component's world as WIT (see compwit.h): decode the
 * component, build its type model (ctypes.h), turn its imports and exports
 * into a world `root` of package `root:component` (compdec.h) and print
 * that like `wasm-tools component wit` does (compprint.h).  A WIT package
 * encoded as a component is decoded interface by interface and world by
 * world instead. */
#include "compwit.h"

#include "compdec.h"
#include "ctypes.h"
#include "wcomp.h"
#include "compprint.h"

#include <stdio.h>
#include <string.h>

static CmErr model_error(const char *file, const CmError *e, Buf *msg)
{
    char line[512];
    err_format(e, file, line, sizeof line);
    buf_str(msg, line);
    return e->code;
}

/* A WIT package encoded as a component (wit-component's layout, which the
 * `component-type` payload follows too) exports only component types: per
 * interface one whose single export is the interface's instance (after
 * imports of what it uses), per world a wrapper whose single export is
 * the world's component type. */
static int is_package(const CtType *ct)
{
    if (ct->nimports || !ct->nexports)
        return 0;
    for (uint32_t i = 0; i < ct->nexports; i++) {
        const CtExtern *x = &ct->exports[i];
        if (x->kind != CT_EXT_TYPE || !x->type || x->type->kind != CT_COMPONENT ||
            x->type->nexports != 1)
            return 0;
    }
    return 1;
}

/* The component types of the top-level type index space, for the raw
 * declarators of each exported one. */
static const WcType *export_raw(const WcComponent *c, uint32_t nth)
{
    const WcType *types[4096];
    uint32_t n = 0, k = 0;
    for (uint32_t i = 0; i < c->nsections; i++) {
        const WcSection *s = &c->sections[i];
        for (uint32_t j = 0; j < s->n && n < 4096; j++) {
            if (s->id == WC_SEC_TYPE) {
                types[n++] = s->u.types[j];
            } else if (s->id == WC_SEC_EXPORT && s->u.exports[j].item.sort.sort == WC_SORT_TYPE) {
                uint32_t idx = s->u.exports[j].item.idx;
                const WcType *t = idx < n ? types[idx] : NULL;
                if (k++ == nth)
                    return t;
                types[n++] = t;
            }
        }
    }
    return NULL;
}

/* Decode every interface and world of a package encoding into r. */
static CmErr decode_package(Arena *a, const WcComponent *c, const CtType *ct, WitResolve *r,
                            uint32_t *out_pkg, char *text, size_t cap)
{
    *out_pkg = WIT_NONE;
    for (uint32_t i = 0; i < ct->nexports; i++) {
        const CtType *t = ct->exports[i].type;
        const CtExtern *x = &t->exports[0];
        const WcType *raw = export_raw(c, i);
        WitPkgName pn;
        const char *name;
        if (!raw || raw->kind != WC_TY_COMPONENT || !compdec_split_iface(r, x->name, &pn, &name)) {
            snprintf(text, cap, "export '%s' is not an interface or a world", ct->exports[i].name);
            return CM_E_UNSUPPORTED;
        }
        CompUses uses = {0};
        const CtType *body = t;
        const WcType *decls = raw;
        if (x->kind == CT_EXT_COMPONENT) { /* a world: its component type */
            body = x->type;
            decls = raw->n && raw->decls[0].kind == WC_DECL_TYPE ? raw->decls[0].type : NULL;
        } else if (x->kind != CT_EXT_INSTANCE) {
            snprintf(text, cap, "export '%s' is not an interface or a world", ct->exports[i].name);
            return CM_E_UNSUPPORTED;
        }
        if (decls && !compdec_uses_decls(a, decls->decls, decls->n, &uses)) {
            snprintf(text, cap, "out of memory");
            return CM_E_OOM;
        }
        uint32_t wid;
        /* an interface goes through a scratch world that is dropped again */
        const char *wname = x->kind == CT_EXT_COMPONENT ? name : "\x01";
        CmErr rc = compdec_world(r, body, &uses, &pn, wname, 0, &wid, text, cap);
        if (rc)
            return rc;
        WitPackage *pk = &r->packages[r->worlds[wid].package];
        if (x->kind != CT_EXT_COMPONENT && pk->nworlds &&
            pk->worlds[pk->nworlds - 1].id == wid)
            pk->nworlds--;
        *out_pkg = r->worlds[wid].package;
    }
    return CM_OK;
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

const WcDecl *compwit_world_decls(const WcComponent *c)
{
    const WcType *t = world_wctype(c);
    return t ? t->decls : NULL;
}

uint32_t compwit_world_ndecls(const WcComponent *c)
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
    char text[256];
    if (is_package(m->type)) {
        uint32_t pkg;
        if ((rc = decode_package(&a, c, m->type, &r, &pkg, text, sizeof text))) {
            buf_printf(msg, "%s: error: %s", file, text);
            goto done;
        }
        compprint_package(&r, pkg, out);
        goto done;
    }
    WitPkgName pn = {"root", "component", NULL};
    uint32_t wid;
    CompUses uses = {0};
    if (!compdec_uses_component(&a, c, &uses)) {
        buf_printf(msg, "%s: error: out of memory", file);
        rc = CM_E_OOM;
        goto done;
    }
    if ((rc = compdec_world(&r, m->type, &uses, &pn, "root", 1, &wid, text, sizeof text))) {
        buf_printf(msg, "%s: error: %s", file, text);
        goto done;
    }
    compprint_world(&r, wid, out);
done:
    wit_resolve_release(&r);
    arena_release(&a);
    return rc;
}
