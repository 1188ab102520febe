/* rc_load.c - loading components and the host linker.
 *
 * wrc_component_load decodes the component (wcomp.h), builds and checks its
 * type model (ctypes.h) and compiles every nested core module once with the
 * core engine, so that instantiation only links and runs start functions.
 *
 * The linker maps (interface, name) to host functions and resource types.
 * Interface names match on the semver compatibility track (wasmtime's
 * rule): "wasi:cli/environment@0.2.12" satisfies an import of
 * "wasi:cli/environment@0.2.0"; 1.x.y matches 1.*; pre-releases only match
 * exactly.
 */
#include "rc_internal.h"

#include <stdlib.h>
#include <string.h>

/* ---- interface names ---- */

static int parse_num(const char **p, const char *end, uint64_t *out)
{
    const char *s = *p;
    uint64_t v = 0;
    if (s >= end || *s < '0' || *s > '9')
        return 0;
    while (s < end && *s >= '0' && *s <= '9' && v < UINT64_MAX / 10)
        v = v * 10 + (uint64_t)(*s++ - '0');
    *p = s;
    *out = v;
    return 1;
}

void rc_iface_parse(const char *s, size_t len, RcIfaceName *out)
{
    memset(out, 0, sizeof *out);
    const char *at = memchr(s, '@', len), *end = s + len;
    out->base = s;
    out->base_len = at ? (size_t)(at - s) : len;
    if (!at)
        return;
    const char *p = at + 1;
    out->has_ver = parse_num(&p, end, &out->major) && p < end && *p++ == '.' &&
                   parse_num(&p, end, &out->minor) && p < end && *p++ == '.' &&
                   parse_num(&p, end, &out->patch);
    out->pre = !out->has_ver || p != end;
    if (out->pre) /* compare the whole text */
        out->base_len = len;
}

int rc_iface_compatible(const RcIfaceName *want, const RcIfaceName *have)
{
    if (want->base_len != have->base_len || memcmp(want->base, have->base, want->base_len))
        return 0;
    if (want->pre || have->pre || !want->has_ver || !have->has_ver)
        return want->has_ver == have->has_ver;
    if (want->major != have->major)
        return 0;
    if (want->major == 0 && want->minor != have->minor)
        return 0;
    if (want->major == 0 && want->minor == 0 && want->patch != have->patch)
        return 0;
    return 1;
}

static int ver_less(const RcIfaceName *a, const RcIfaceName *b)
{
    if (a->major != b->major)
        return a->major < b->major;
    if (a->minor != b->minor)
        return a->minor < b->minor;
    return a->patch < b->patch;
}

const RcHostDef *rc_linker_find(const WrcLinker *lk, const char *iface, size_t iface_len,
                                const char *name, int want_res)
{
    RcIfaceName want;
    const RcHostDef *best = NULL;
    if (iface)
        rc_iface_parse(iface, iface_len, &want);
    for (size_t i = lk->defs.len; i-- > 0;) {
        const RcHostDef *d = &lk->defs.data[i];
        if ((d->res != NULL) != want_res || strcmp(d->name, name))
            continue;
        if (!iface || !d->iface) {
            if (!iface && !d->iface)
                return d;
            continue;
        }
        if (rc_iface_compatible(&want, &d->in) && (!best || ver_less(&best->in, &d->in)))
            best = d;
    }
    return best;
}

/* ---- linker ---- */

WrcLinker *wrc_linker_new(WrEngine *eng)
{
    WrcLinker *lk = calloc(1, sizeof *lk);
    if (lk)
        lk->eng = eng;
    return lk;
}

void wrc_linker_free(WrcLinker *lk)
{
    if (!lk)
        return;
    for (size_t i = 0; i < lk->defs.len; i++) {
        free(lk->defs.data[i].iface);
        free(lk->defs.data[i].name);
        free(lk->defs.data[i].res);
    }
    VEC_FREE(&lk->defs);
    free(lk);
}

static CmErr add_def(WrcLinker *lk, const char *iface, const char *name, RcHostDef d)
{
    d.iface = iface ? strdup(iface) : NULL;
    d.name = strdup(name);
    if ((iface && !d.iface) || !d.name || !VEC_PUSH(&lk->defs, d)) {
        free(d.iface);
        free(d.name);
        return CM_E_OOM;
    }
    RcHostDef *p = &lk->defs.data[lk->defs.len - 1];
    if (p->iface)
        rc_iface_parse(p->iface, strlen(p->iface), &p->in);
    if (p->res)
        p->res->name = p->name;
    return CM_OK;
}

CmErr wrc_linker_func(WrcLinker *lk, const char *interface, const char *name, WrcHostFn fn,
                      void *user)
{
    RcHostDef d = {0};
    d.fn = fn;
    d.user = user;
    return add_def(lk, interface, name, d);
}

WrcResType *wrc_linker_resource(WrcLinker *lk, const char *interface, const char *name,
                                WrcDtor dtor, void *user)
{
    RcHostDef d = {0};
    d.res = calloc(1, sizeof *d.res);
    if (!d.res)
        return NULL;
    d.res->dtor = dtor;
    d.res->user = user;
    if (add_def(lk, interface, name, d)) {
        free(d.res);
        return NULL;
    }
    return d.res;
}

void wrc_linker_trap_unknown(WrcLinker *lk, int on) { lk->trap_unknown = on; }

/* ---- components ---- */

static CmErr load_def(WrcComponent *c, const WcComponent *wc, CtModel *m, RcCompDef **out,
                      CmError *err)
{
    RcCompDef *d = ARENA_NEW(&c->arena, RcCompDef);
    if (!d)
        return err_set(err, CM_E_OOM, CM_NO_OFFSET, NULL);
    d->wc = wc;
    d->model = m;
    for (uint32_t i = 0; i < wc->nsections; i++) {
        d->nmodules += wc->sections[i].id == WC_SEC_CORE_MODULE;
        d->nnested += wc->sections[i].id == WC_SEC_COMPONENT;
    }
    d->modules = ARENA_ARRAY(&c->arena, WrModule *, d->nmodules + 1);
    d->nested = ARENA_ARRAY(&c->arena, RcCompDef *, d->nnested + 1);
    if (!d->modules || !d->nested || d->nnested != m->nnested)
        return err_set(err, CM_E_OOM, CM_NO_OFFSET, NULL);
    uint32_t km = 0, kn = 0;
    for (uint32_t i = 0; i < wc->nsections; i++) {
        const WcSection *s = &wc->sections[i];
        CmErr e = CM_OK;
        if (s->id == WC_SEC_CORE_MODULE) {
            e = wr_module_load(c->eng, s->u.module.data, s->u.module.len, &d->modules[km], err);
            if (e && err->offset != CM_NO_OFFSET)
                err->offset += (uint64_t)(s->u.module.data - c->bytes);
            km++;
        } else if (s->id == WC_SEC_COMPONENT) {
            e = load_def(c, s->u.component, m->nested[kn], &d->nested[kn], err);
            kn++;
        }
        if (e)
            return e;
    }
    *out = d;
    return CM_OK;
}

CmErr wrc_component_load(WrEngine *eng, const uint8_t *bytes, size_t len, WrcComponent **out,
                         CmError *err)
{
    CmError local;
    if (!err)
        err = &local;
    err_clear(err);
    *out = NULL;
    WrcComponent *c = calloc(1, sizeof *c);
    if (!c)
        return err_set(err, CM_E_OOM, CM_NO_OFFSET, NULL);
    c->eng = eng;
    arena_init(&c->arena);
    c->bytes = malloc(len ? len : 1);
    if (!c->bytes) {
        free(c);
        return err_set(err, CM_E_OOM, CM_NO_OFFSET, NULL);
    }
    memcpy(c->bytes, bytes, len);
    c->len = len;
    WcComponent *wc;
    CtModel *m;
    CmErr e = wcomp_decode(&c->arena, c->bytes, len, &wc, err);
    if (!e)
        e = ct_build(&c->arena, wc, &m, err);
    if (!e)
        e = load_def(c, wc, m, &c->root, err);
    if (e) {
        wrc_component_free(c);
        return e;
    }
    *out = c;
    return CM_OK;
}

void wrc_component_free(WrcComponent *c)
{
    if (!c)
        return;
    /* compiled modules belong to the engine (instances may still use them) */
    rc_plans_free(c);
    arena_release(&c->arena);
    free(c->bytes);
    free(c);
}

uint32_t wrc_component_import_count(const WrcComponent *c) { return c->root->model->type->nimports; }
uint32_t wrc_component_export_count(const WrcComponent *c) { return c->root->model->type->nexports; }

const char *wrc_component_import(const WrcComponent *c, uint32_t i, const struct CtType **out_type)
{
    const CtType *t = c->root->model->type;
    if (i >= t->nimports)
        return NULL;
    if (out_type)
        *out_type = t->imports[i].type;
    return t->imports[i].name;
}

const char *wrc_component_export(const WrcComponent *c, uint32_t i, const struct CtType **out_type)
{
    const CtType *t = c->root->model->type;
    if (i >= t->nexports)
        return NULL;
    if (out_type)
        *out_type = t->exports[i].type;
    return t->exports[i].name;
}

/* ---- exports by name ---- */

WrcFunc *wrc_instance_func(WrcInstance *inst, const char *name)
{
    const char *hash = strchr(name, '#');
    for (size_t i = 0; i < inst->funcs.len; i++) {
        const char *have = inst->funcs.data[i].name, *hh = strchr(have, '#');
        if (!hash || !hh) {
            if (!hash && !hh && !strcmp(have, name))
                return inst->funcs.data[i].func;
            continue;
        }
        RcIfaceName a, b;
        rc_iface_parse(name, (size_t)(hash - name), &a);
        rc_iface_parse(have, (size_t)(hh - have), &b);
        if (!strcmp(hash, hh) && rc_iface_compatible(&a, &b))
            return inst->funcs.data[i].func;
    }
    return NULL;
}

const struct CtType *wrc_func_type(const WrcFunc *fn) { return fn->type; }
uint32_t wrc_instance_func_count(const WrcInstance *inst) { return (uint32_t)inst->funcs.len; }

const char *wrc_instance_func_name(const WrcInstance *inst, uint32_t i)
{
    return i < inst->funcs.len ? inst->funcs.data[i].name : NULL;
}

void wrc_instance_set_user(WrcInstance *inst, void *user) { inst->user = user; }
void *wrc_instance_user(WrcInstance *inst) { return inst->user; }
