/* bgfunc.c - the C side of each function: the prototype the guest code
 * sees, and the glue to the core wasm import or export (canonical ABI
 * lower/lift of the sync 0.2 ABI, CanonicalABI.md "canon lift"/"canon lower").
 *
 * The C signature follows wit-bindgen: parameters that are aggregates are
 * passed by pointer, `option<T>` parameters as `T *maybe_x` (NULL = none);
 * a result that is `option<T>` or `result<T, E>` becomes a `bool` return
 * with out-parameters `ret` (and `err`), other aggregates an out-parameter
 * `ret`.  Imports leave the arguments with the caller and give the results
 * to it; exports give the arguments to the user code, take its results and
 * free them in the post-return function. */
#include "bgint.h"

#include <string.h>

typedef enum { RET_VOID, RET_SCALAR, RET_OPTION, RET_RESULT, RET_PTR } RetKind;

typedef struct CSig {
    const char *name;    /* C function name */
    RetKind ret;
    WitTy rty;           /* the WIT result */
    WitTy ok, err;       /* RET_OPTION: ok = payload; RET_RESULT: ok/err */
    const char **pnames; /* C parameter names (after c_ident) */
    uint8_t *by_ptr;     /* parameter passed as T * */
    uint8_t *is_opt;     /* option parameter passed as T *maybe_x */
    CabiSig core;
    const CtType *ft;
} CSig;

static RetKind classify(BgGen *g, WitTy t, WitTy *ok, WitTy *err)
{
    if (!t)
        return RET_VOID;
    t = bg_unalias(g->r, t);
    if (t == WIT_TY_STRING)
        return RET_PTR;
    if (!WIT_TY_IS_ID(t))
        return RET_SCALAR;
    const WitTypeDef *td = &g->r->types[WIT_TY_ID(t)];
    switch (td->kind) {
    case WIT_K_FLAGS:
    case WIT_K_ENUM:
    case WIT_K_OWN:
    case WIT_K_BORROW:
        return RET_SCALAR;
    case WIT_K_OPTION:
        *ok = td->ty;
        return RET_OPTION;
    case WIT_K_RESULT:
        *ok = td->ty;
        *err = td->ty2;
        return RET_RESULT;
    default:
        return RET_PTR;
    }
}

static int arg_by_pointer(BgGen *g, WitTy t)
{
    t = bg_unalias(g->r, t);
    if (!WIT_TY_IS_ID(t))
        return t == WIT_TY_STRING;
    switch (g->r->types[WIT_TY_ID(t)].kind) {
    case WIT_K_ENUM:
    case WIT_K_FLAGS:
    case WIT_K_OWN:
    case WIT_K_BORROW:
        return 0;
    default:
        return 1;
    }
}

static int is_option(BgGen *g, WitTy t)
{
    /* wit-bindgen looks at the parameter's own type, not through aliases */
    return WIT_TY_IS_ID(t) && g->r->types[WIT_TY_ID(t)].kind == WIT_K_OPTION;
}

/* Print the prototype into h_fns (and keep it in *out_sig for W.c). */
static int make_sig(BgGen *g, const WitFunc *f, CSig *s, const char **out_sig)
{
    memset(s, 0, sizeof *s);
    s->name = bg_func_name(g, f);
    s->rty = f->result;
    s->ret = classify(g, f->result, &s->ok, &s->err);
    uint32_t n = f->nparams ? f->nparams : 1;
    s->pnames = ARENA_ARRAY(&g->a, const char *, n);
    s->by_ptr = ARENA_ARRAY(&g->a, uint8_t, n);
    s->is_opt = ARENA_ARRAY(&g->a, uint8_t, n);
    CtType *ft = ARENA_NEW(&g->a, CtType);
    CtField *fields = ARENA_ARRAY(&g->a, CtField, n);
    if (!s->pnames || !s->by_ptr || !s->is_opt || !ft || !fields) {
        g->oom = 1;
        return 0;
    }
    ft->kind = CT_FUNC;
    ft->n = f->nparams;
    ft->fields = fields;
    Buf b;
    buf_init(&b);
    switch (s->ret) {
    case RET_VOID:
    case RET_PTR:
        buf_str(&b, "void");
        break;
    case RET_OPTION:
    case RET_RESULT:
        buf_str(&b, "bool");
        break;
    case RET_SCALAR:
        buf_str(&b, bg_tyname(g, f->result));
        break;
    }
    buf_printf(&b, " %s(", s->name);
    for (uint32_t i = 0; i < f->nparams; i++) {
        WitTy t = f->params[i].ty;
        fields[i].name = f->params[i].name;
        fields[i].type = (CtType *)bg_ct(g, t);
        s->pnames[i] = bg_c_ident(g, f->params[i].name);
        s->by_ptr[i] = (uint8_t)arg_by_pointer(g, t);
        s->is_opt[i] = (uint8_t)is_option(g, t);
        const char *ty = s->is_opt[i] ? bg_tyname(g, g->r->types[WIT_TY_ID(t)].ty) : bg_tyname(g, t);
        buf_printf(&b, "%s%s %s%s%s", i ? ", " : "", ty, s->by_ptr[i] ? "*" : "",
                   s->is_opt[i] ? "maybe_" : "", s->pnames[i]);
    }
    int first = f->nparams == 0;
    if (s->ret == RET_PTR) {
        buf_printf(&b, "%s%s *ret", first ? "" : ", ", bg_tyname(g, f->result));
        first = 0;
    } else if (s->ret == RET_OPTION) {
        buf_printf(&b, "%s%s *ret", first ? "" : ", ", bg_tyname(g, s->ok));
        first = 0;
    } else if (s->ret == RET_RESULT) {
        if (s->ok) {
            buf_printf(&b, "%s%s *ret", first ? "" : ", ", bg_tyname(g, s->ok));
            first = 0;
        }
        if (s->err) {
            buf_printf(&b, "%s%s *err", first ? "" : ", ", bg_tyname(g, s->err));
            first = 0;
        }
    }
    if (first)
        buf_str(&b, "void");
    buf_str(&b, ")");
    *out_sig = b.failed ? "" : bg_fmt(g, "%s", buf_cstr(&b));
    if (b.failed)
        g->oom = 1;
    buf_release(&b);
    ft->result = f->result ? (CtType *)bg_ct(g, f->result) : NULL;
    s->ft = ft;
    return 1;
}

static const char *import_module(BgGen *g)
{
    return g->key ? g->module : "$root";
}

static const char *export_name(BgGen *g, const WitFunc *f)
{
    return g->key ? bg_fmt(g, "%s#%s", g->module, f->name) : f->name;
}

/* The parameters as a record, for the memory form of > 16 flat values. */
static CtType *params_tuple(BgGen *g, const CSig *s)
{
    CtType *t = ARENA_NEW(&g->a, CtType);
    if (!t) {
        g->oom = 1;
        return NULL;
    }
    t->kind = CT_RECORD;
    t->n = s->ft->n;
    t->fields = s->ft->fields;
    return t;
}

static void core_params(BgGen *g, Buf *b, const CabiSig *cs, int with_names)
{
    for (uint32_t i = 0; i < cs->nparams; i++)
        buf_printf(b, "%s%s%s", i ? ", " : "", bg_flat_ctype(cs->params[i]),
                   with_names ? bg_fmt(g, " arg%u", i) : "");
    if (!cs->nparams)
        buf_str(b, "void");
}

static const char *core_result(const CabiSig *cs)
{
    return cs->nresults ? bg_flat_ctype(cs->results[0]) : "void";
}

/* Lower the C arguments of an import into the core call's arguments:
 * flat values, or one pointer to a stack copy of all parameters when they
 * flatten to more than 16 values; plus the return area if any.  0 on OOM. */
static int import_lower_args(BgGen *g, Buf *b, const WitFunc *f, const CSig *s, BgFlats *args)
{
    /* the WIT value of each parameter */
    const char **val = ARENA_ARRAY(&g->a, const char *, f->nparams ? f->nparams : 1);
    if (!val) {
        g->oom = 1;
        return 0;
    }
    for (uint32_t i = 0; i < f->nparams; i++) {
        if (s->is_opt[i]) {
            val[i] = bg_fmt(g, "_opt_%s", s->pnames[i]);
            buf_printf(b, "%s %s;\n%s.is_some = maybe_%s != NULL;\nif (maybe_%s) {\n%s.val = *maybe_%s;\n}\n",
                       bg_tyname(g, f->params[i].ty), val[i], val[i], s->pnames[i], s->pnames[i],
                       val[i], s->pnames[i]);
        } else {
            val[i] = s->by_ptr[i] ? bg_fmt(g, "(*%s)", s->pnames[i]) : s->pnames[i];
        }
    }
    if (s->core.params_indirect) {
        CtType *pt = params_tuple(g, s);
        if (!pt)
            return 0;
        buf_printf(b, "__attribute__((__aligned__(%u)))\nuint8_t _args[%u];\n", cabi_alignment(pt),
                   cabi_size(pt));
        for (uint32_t i = 0; i < f->nparams; i++)
            buf_printf(b, "*((%s*) (_args + %u)) = %s;\n", bg_tyname(g, f->params[i].ty),
                       cabi_field_offset(pt, i), val[i]);
        bg_flats_push(g, args, "(int32_t) _args", CABI_I32);
    } else {
        for (uint32_t i = 0; i < f->nparams; i++)
            bg_lower_flat(g, b, f->params[i].ty, val[i], args);
    }
    if (s->core.results_indirect) {
        buf_printf(b, "__attribute__((__aligned__(%u)))\nuint8_t _ret_area[%u];\n",
                   cabi_alignment(s->ft->result), cabi_size(s->ft->result));
        bg_flats_push(g, args, "(int32_t) _ret_area", CABI_I32);
    }
    return 1;
}

/* Lift the import's result and hand it out by the C signature's rules. */
static void import_return(BgGen *g, Buf *b, const WitFunc *f, const CSig *s)
{
    const char *rt = bg_tyname(g, f->result);
    if (s->core.results_indirect) {
        buf_printf(b, "%s _res = *((%s*) _ret_area);\n", rt, rt);
    } else {
        BgFlats rv = {0};
        bg_flats_push(g, &rv, "_core", s->core.results[0]);
        uint32_t k = 0;
        buf_printf(b, "%s _res;\n", rt);
        bg_lift_flat(g, b, f->result, "_res", &rv, &k);
    }
    switch (s->ret) {
    case RET_SCALAR:
        buf_str(b, "return _res;\n");
        break;
    case RET_PTR:
        buf_str(b, "*ret = _res;\n");
        break;
    case RET_OPTION:
        buf_str(b, "if (_res.is_some) {\n*ret = _res.val;\n}\nreturn _res.is_some;\n");
        break;
    case RET_RESULT:
        buf_printf(b, "if (!_res.is_err) {\n%sreturn true;\n} else {\n%sreturn false;\n}\n",
                   s->ok ? "*ret = _res.val.ok;\n" : "", s->err ? "*err = _res.val.err;\n" : "");
        break;
    default:
        break;
    }
}

void bg_import_func(BgGen *g, const WitFunc *f)
{
    CSig s;
    const char *sig;
    if (!make_sig(g, f, &s, &sig))
        return;
    if (cabi_flatten_func(s.ft, CABI_LOWER, &s.core) != CM_OK) {
        g->oom = 1;
        return;
    }
    BgSrc *src = &g->src;
    buf_printf(&src->h_fns, "extern %s;\n", sig);
    const char *imp = bg_fmt(g, "__wasm_import_%s", s.name);
    buf_printf(&src->c_fns,
               "\n__attribute__((__import_module__(\"%s\"), __import_name__(\"%s\")))\nextern %s %s(",
               import_module(g), f->name, core_result(&s.core), imp);
    core_params(g, &src->c_fns, &s.core, 0);
    buf_str(&src->c_fns, ");\n");

    Buf *b = &src->c_adapters;
    buf_printf(b, "\n%s {\n", sig);
    g->tmp = 0;
    BgFlats args = {0};
    if (!import_lower_args(g, b, f, &s, &args))
        return;
    if (s.core.nresults)
        buf_printf(b, "%s _core = ", core_result(&s.core));
    buf_printf(b, "%s(", imp);
    for (uint32_t i = 0; i < args.n; i++)
        buf_printf(b, "%s%s", i ? ", " : "", args.v[i].expr);
    buf_str(b, ");\n");
    if (f->result)
        import_return(g, b, f, &s);
    buf_str(b, "}\n");
}

static void export_call_user(BgGen *g, Buf *b, const WitFunc *f, const CSig *s, const char **val)
{
    const char *rt = f->result ? bg_tyname(g, f->result) : NULL;
    if (rt)
        buf_printf(b, "%s _res;\n", rt);
    const char *okv = NULL, *errv = NULL;
    if (s->ret == RET_RESULT) {
        if (s->ok) {
            okv = "_ok";
            buf_printf(b, "%s _ok;\n", bg_tyname(g, s->ok));
        }
        if (s->err) {
            errv = "_err";
            buf_printf(b, "%s _err;\n", bg_tyname(g, s->err));
        }
    }
    switch (s->ret) {
    case RET_SCALAR:
        buf_str(b, "_res = ");
        break;
    case RET_OPTION:
        buf_str(b, "_res.is_some = ");
        break;
    case RET_RESULT:
        buf_str(b, "bool _is_ok = ");
        break;
    default:
        break;
    }
    buf_printf(b, "%s(", s->name);
    int n = 0;
    for (uint32_t i = 0; i < f->nparams; i++, n++) {
        if (s->is_opt[i])
            buf_printf(b, "%s%s.is_some ? &%s.val : NULL", n ? ", " : "", val[i], val[i]);
        else
            buf_printf(b, "%s%s%s", n ? ", " : "", s->by_ptr[i] ? "&" : "", val[i]);
    }
    if (s->ret == RET_PTR)
        buf_printf(b, "%s&_res", n++ ? ", " : "");
    else if (s->ret == RET_OPTION)
        buf_printf(b, "%s&_res.val", n++ ? ", " : "");
    if (okv)
        buf_printf(b, "%s&%s", n++ ? ", " : "", okv);
    if (errv)
        buf_printf(b, "%s&%s", n++ ? ", " : "", errv);
    buf_str(b, ");\n");
    if (s->ret == RET_RESULT) {
        buf_str(b, "_res.is_err = !_is_ok;\n");
        if (okv)
            buf_str(b, "if (_is_ok) {\n_res.val.ok = _ok;\n}\n");
        if (errv)
            buf_str(b, "if (!_is_ok) {\n_res.val.err = _err;\n}\n");
    }
}

void bg_export_func(BgGen *g, const WitFunc *f)
{
    CSig s;
    const char *sig;
    if (!make_sig(g, f, &s, &sig))
        return;
    if (cabi_flatten_func(s.ft, CABI_LIFT, &s.core) != CM_OK) {
        g->oom = 1;
        return;
    }
    BgSrc *src = &g->src;
    buf_printf(&src->h_fns, "%s;\n", sig);
    const char *exp = export_name(g, f);
    const char *core = bg_fmt(g, "__wasm_export_%s", s.name);
    Buf *b = &src->c_adapters;
    buf_printf(b, "\n__attribute__((__export_name__(\"%s\")))\n%s %s(", exp, core_result(&s.core),
               core);
    core_params(g, b, &s.core, 1);
    buf_str(b, ") {\n");
    g->tmp = 0;
    const char **val = ARENA_ARRAY(&g->a, const char *, f->nparams ? f->nparams : 1);
    if (!val) {
        g->oom = 1;
        return;
    }
    for (uint32_t i = 0; i < f->nparams; i++) {
        val[i] = bg_fmt(g, "_p%u", i);
        buf_printf(b, "%s %s;\n", bg_tyname(g, f->params[i].ty), val[i]);
    }
    if (s.core.params_indirect) {
        CtType *pt = params_tuple(g, &s);
        if (!pt)
            return;
        for (uint32_t i = 0; i < f->nparams; i++)
            buf_printf(b, "%s = *((%s*) ((uint8_t *) arg0 + %u));\n", val[i],
                       bg_tyname(g, f->params[i].ty), cabi_field_offset(pt, i));
        buf_str(b, "free((void *) arg0);\n");
    } else {
        BgFlats args = {0};
        for (uint32_t i = 0; i < s.core.nparams; i++)
            bg_flats_push(g, &args, bg_fmt(g, "arg%u", i), s.core.params[i]);
        uint32_t k = 0;
        for (uint32_t i = 0; i < f->nparams; i++)
            bg_lift_flat(g, b, f->params[i].ty, val[i], &args, &k);
    }
    export_call_user(g, b, f, &s, val);
    if (f->result && s.core.results_indirect) {
        uint32_t size = cabi_size(s.ft->result), align = cabi_alignment(s.ft->result);
        if (size > g->ret_size)
            g->ret_size = size;
        if (align > g->ret_align)
            g->ret_align = align;
        const char *rt = bg_tyname(g, f->result);
        buf_printf(b, "*((%s*) RET_AREA) = _res;\nreturn (int32_t) RET_AREA;\n", rt);
    } else if (f->result) {
        BgFlats rv = {0};
        bg_lower_flat(g, b, f->result, "_res", &rv);
        if (rv.n)
            buf_printf(b, "return %s;\n", rv.v[0].expr);
    }
    buf_str(b, "}\n");
    /* post-return: free what the results own (they are in RET_AREA) */
    if (f->result && s.core.results_indirect && bg_owns_memory(g->r, f->result)) {
        buf_printf(&src->c_fns,
                   "\n__attribute__((__weak__, __export_name__(\"cabi_post_%s\")))\n"
                   "void %s_post_return(int32_t arg0) {\n",
                   exp, core);
        bg_free(g, &src->c_fns, f->result, bg_fmt(g, "(%s*) arg0", bg_tyname(g, f->result)));
        buf_str(&src->c_fns, "}\n");
    }
}
