/* witload.c - from files to a WitResolve: a root directory (its *.wit
 * files, in path order, plus each entry of deps/ in name order) or a single
 * file; sources, positions, world selection.  Mirrors wit-parser's
 * Resolve::push_path.  Heap memory: all in r->arena. */
#include "fileio.h"
#include "witint.h"
#include "witres.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

void wit_resolve_init(WitResolve *r, const WitOptions *opts)
{
    memset(r, 0, sizeof *r);
    arena_init(&r->arena);
    r->arena.limit = WIT_MEMORY_LIMIT;
    if (opts)
        r->opts = *opts;
}

void wit_resolve_release(WitResolve *r)
{
    arena_release(&r->arena);
    memset(r, 0, sizeof *r);
}

uint32_t wit_add_source(WitResolve *r, const char *path, const char *text, size_t len)
{
    if (len > UINT32_MAX / 2 || r->next_base > UINT32_MAX / 2)
        return WIT_NONE;
    WitSource *s = WIT_PUSH(&r->arena, r->sources, r->nsources, r->csources);
    if (!s)
        return WIT_NONE;
    s->path = arena_strdup(&r->arena, path);
    s->text = arena_strndup(&r->arena, text, len);
    if (!s->path || !s->text)
        return WIT_NONE;
    s->len = (uint32_t)len;
    s->base = r->next_base;
    r->next_base += (uint32_t)len + 1; /* +1: a position for "end of file" */
    return r->nsources - 1;
}

const WitSource *wit_locate(const WitResolve *r, uint32_t pos, uint32_t *out_line,
                            uint32_t *out_col)
{
    for (uint32_t i = 0; i < r->nsources; i++) {
        const WitSource *s = &r->sources[i];
        if (pos < s->base || pos > s->base + s->len)
            continue;
        uint32_t off = pos - s->base, line = 1, col = 1;
        for (uint32_t k = 0; k < off; k++) {
            if (s->text[k] == '\n')
                line++, col = 1;
            else if (((unsigned char)s->text[k] & 0xC0) != 0x80)
                col++; /* columns count characters, not bytes */
        }
        *out_line = line;
        *out_col = col;
        return s;
    }
    return NULL;
}

/* ---- groups: the packages of one directory or file ---- */

typedef struct Group {
    WitUPkg *pkgs;      /* nested packages, then the main one */
    uint32_t n, cap;
} Group;

/* Parse sources[first..first+n) as one package plus any nested packages. */
static CmErr build_group(WitResolve *r, const char *label, uint32_t first, uint32_t n, Group *g,
                         uint32_t *out_main, WitError *err)
{
    Arena *a = &r->arena;
    WitPkgSyntax main = {0};
    main.decls = ARENA_ARRAY(a, const WitAstPkgDecl *, n + 1);
    main.lists = ARENA_ARRAY(a, const WitAstDecls *, n + 1);
    if (!main.decls || !main.lists)
        return wit_error(err, CM_E_OOM, WIT_NONE, "out of memory (limit 1 GiB)");
    for (uint32_t i = 0; i < n; i++) {
        const WitSource *src = &r->sources[first + i];
        WitAstFile *f = ARENA_NEW(a, WitAstFile);
        WitAstDecls *rest = ARENA_NEW(a, WitAstDecls);
        if (!f || !rest)
            return wit_error(err, CM_E_OOM, WIT_NONE, "out of memory (limit 1 GiB)");
        if (witparse_file(a, src, f, err))
            return err->code;
        /* nested packages are resolved on their own, in file order */
        rest->items = ARENA_ARRAY(a, WitAstTop, f->decls.n + 1);
        if (!rest->items)
            return wit_error(err, CM_E_OOM, WIT_NONE, "out of memory (limit 1 GiB)");
        for (uint32_t k = 0; k < f->decls.n; k++) {
            const WitAstTop *t = &f->decls.items[k];
            if (t->kind != WITTOP_PACKAGE) {
                rest->items[rest->n++] = *t;
                continue;
            }
            const WitAstPkgDecl *d = &t->pkg;
            const WitAstDecls *l = &t->nested;
            WitPkgSyntax syn = {&d, &l, 1};
            WitUPkg *u = WIT_PUSH(a, g->pkgs, g->n, g->cap);
            if (!u)
                return wit_error(err, CM_E_OOM, WIT_NONE, "out of memory (limit 1 GiB)");
            if (witpkg_build(a, &syn, u, err))
                return err->code;
        }
        main.decls[main.n] = &f->pkg;
        main.lists[main.n++] = rest;
    }
    WitUPkg *u = WIT_PUSH(a, g->pkgs, g->n, g->cap);
    if (!u)
        return wit_error(err, CM_E_OOM, WIT_NONE, "out of memory (limit 1 GiB)");
    if (witpkg_build(a, &main, u, err)) {
        if (err->pos == WIT_NONE && label) {
            /* say which package lacks its header */
            size_t len = strlen(err->msg);
            snprintf(err->msg + len, sizeof err->msg - len, " (in '%.200s')", label);
        }
        return err->code;
    }
    *out_main = g->n - 1;
    return CM_OK;
}

static CmErr add_file(WitResolve *r, const char *path, WitError *err)
{
    uint8_t *data;
    size_t len;
    if (file_read(path, &data, &len) != CM_OK)
        return wit_error(err, CM_E_WIT_LOAD, WIT_NONE, "failed to read '%s'", path);
    uint32_t id = wit_add_source(r, path, (const char *)data, len);
    free(data);
    if (id == WIT_NONE)
        return wit_error(err, CM_E_OOM, WIT_NONE, "out of memory (limit 1 GiB)");
    return CM_OK;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Names in dir (sorted); with `wit_only`, only regular *.wit files. */
static CmErr list_dir(WitResolve *r, const char *dir, int wit_only, char ***out, uint32_t *n,
                      WitError *err)
{
    DIR *d = opendir(dir);
    *n = 0;
    *out = NULL;
    if (!d)
        return wit_error(err, CM_E_WIT_LOAD, WIT_NONE, "failed to read directory '%s'", dir);
    uint32_t cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        const char *nm = e->d_name;
        size_t len = strlen(nm);
        if (nm[0] == '.' && (len == 1 || (len == 2 && nm[1] == '.')))
            continue;
        if (wit_only && (len < 5 || strcmp(nm + len - 4, ".wit")))
            continue;
        char **slot = WIT_PUSH(&r->arena, *out, *n, cap);
        if (!slot || !(*slot = arena_strdup(&r->arena, nm))) {
            closedir(d);
            return wit_error(err, CM_E_OOM, WIT_NONE, "out of memory (limit 1 GiB)");
        }
    }
    closedir(d);
    if (*n)
        qsort(*out, *n, sizeof **out, cmp_str);
    return CM_OK;
}

static char *join(Arena *a, const char *dir, const char *name)
{
    size_t len = strlen(dir) + strlen(name) + 2;
    char *s = arena_alloc(a, len);
    if (s)
        snprintf(s, len, "%s/%s", dir, name);
    return s;
}

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* All *.wit files of a directory as one group. */
static CmErr load_dir_group(WitResolve *r, const char *dir, Group *g, uint32_t *out_main,
                            WitError *err)
{
    char **names;
    uint32_t n;
    if (list_dir(r, dir, 1, &names, &n, err))
        return err->code;
    uint32_t first = r->nsources, added = 0;
    for (uint32_t i = 0; i < n; i++) {
        char *p = join(&r->arena, dir, names[i]);
        if (!p)
            return wit_error(err, CM_E_OOM, WIT_NONE, "out of memory (limit 1 GiB)");
        if (is_dir(p))
            continue;
        if (add_file(r, p, err))
            return err->code;
        added++;
    }
    return build_group(r, dir, first, added, g, out_main, err);
}

static CmErr load_file_group(WitResolve *r, const char *path, Group *g, uint32_t *out_main,
                             WitError *err)
{
    uint32_t first = r->nsources;
    if (add_file(r, path, err))
        return err->code;
    return build_group(r, path, first, 1, g, out_main, err);
}

CmErr wit_load_path(WitResolve *r, const char *path, uint32_t *out_main, WitError *err)
{
    Group g = {0};
    uint32_t main_index;
    if (!is_dir(path)) {
        if (load_file_group(r, path, &g, &main_index, err))
            return err->code;
        return witres_push_packages(r, g.pkgs, g.n, main_index, out_main, err);
    }
    if (load_dir_group(r, path, &g, &main_index, err))
        return err->code;
    char *deps = join(&r->arena, path, "deps");
    if (!deps)
        return wit_error(err, CM_E_OOM, WIT_NONE, "out of memory (limit 1 GiB)");
    if (is_dir(deps)) {
        char **names;
        uint32_t n;
        if (list_dir(r, deps, 0, &names, &n, err))
            return err->code;
        for (uint32_t i = 0; i < n; i++) {
            char *p = join(&r->arena, deps, names[i]);
            uint32_t ignored;
            if (!p)
                return wit_error(err, CM_E_OOM, WIT_NONE, "out of memory (limit 1 GiB)");
            size_t len = strlen(names[i]);
            if (is_dir(p)) {
                if (load_dir_group(r, p, &g, &ignored, err))
                    return err->code;
            } else if (len > 4 && !strcmp(names[i] + len - 4, ".wit")) {
                if (load_file_group(r, p, &g, &ignored, err))
                    return err->code;
            } else if (len > 5 && (!strcmp(names[i] + len - 5, ".wasm") ||
                                   !strcmp(names[i] + len - 4, ".wat"))) {
                return wit_error(err, CM_E_UNSUPPORTED, WIT_NONE,
                                 "'%s': WIT packages encoded as components are not supported", p);
            }
        }
    }
    return witres_push_packages(r, g.pkgs, g.n, main_index, out_main, err);
}

CmErr wit_load_text(WitResolve *r, const char *name, const char *text, size_t len,
                    uint32_t *out_main, WitError *err)
{
    Group g = {0};
    uint32_t main_index, first = r->nsources;
    if (wit_add_source(r, name, text, len) == WIT_NONE)
        return wit_error(err, CM_E_OOM, WIT_NONE, "out of memory (limit 1 GiB)");
    if (build_group(r, name, first, 1, &g, &main_index, err))
        return err->code;
    return witres_push_packages(r, g.pkgs, g.n, main_index, out_main, err);
}

/* ---- world selection ---- */

static CmErr world_in(const WitResolve *r, uint32_t pkg, const char *name, uint32_t *out,
                      WitError *err)
{
    const WitPackage *p = &r->packages[pkg];
    for (uint32_t i = 0; i < p->nworlds; i++)
        if (!strcmp(p->worlds[i].name, name)) {
            *out = p->worlds[i].id;
            return CM_OK;
        }
    char buf[200];
    snprintf(buf, sizeof buf, "%s:%s%s%s", p->name.ns, p->name.name, p->name.version ? "@" : "",
             p->name.version ? p->name.version : "");
    return wit_error(err, CM_E_WIT_RESOLVE, WIT_NONE, "world `%s` not found in package `%s`",
                     name, buf);
}

CmErr wit_select_world(const WitResolve *r, uint32_t main_pkg, const char *spec,
                       uint32_t *out_world, WitError *err)
{
    const WitPackage *p = &r->packages[main_pkg];
    if (!spec) {
        if (p->nworlds == 1) {
            *out_world = p->worlds[0].id;
            return CM_OK;
        }
        return wit_error(err, CM_E_WIT_RESOLVE, WIT_NONE,
                         p->nworlds ? "there are multiple worlds in `%s:%s`; one must be "
                                      "explicitly chosen with --world"
                                    : "the main package `%s:%s` contains no worlds",
                         p->name.ns, p->name.name);
    }
    const char *colon = strchr(spec, ':'), *slash = strchr(spec, '/');
    if (!colon)
        return world_in(r, main_pkg, spec, out_world, err);
    if (!slash || slash < colon)
        return wit_error(err, CM_E_WIT_RESOLVE, WIT_NONE, "failed to parse world specifier `%s`",
                         spec);
    char ns[128], name[128], world[128];
    const char *at = strchr(slash, '@');
    size_t nl = (size_t)(colon - spec), ml = (size_t)(slash - colon - 1);
    size_t wl = at ? (size_t)(at - slash - 1) : strlen(slash + 1);
    if (nl >= sizeof ns || ml >= sizeof name || wl >= sizeof world)
        return wit_error(err, CM_E_WIT_RESOLVE, WIT_NONE, "failed to parse world specifier `%s`",
                         spec);
    memcpy(ns, spec, nl), ns[nl] = 0;
    memcpy(name, colon + 1, ml), name[ml] = 0;
    memcpy(world, slash + 1, wl), world[wl] = 0;
    const char *ver = at ? at + 1 : NULL;
    int found = -1, count = 0;
    for (uint32_t i = 0; i < r->npackages; i++) {
        const WitPkgName *pn = &r->packages[i].name;
        if (strcmp(pn->ns, ns) || strcmp(pn->name, name))
            continue;
        if (ver ? wit_streq(pn->version, ver) : !pn->version) {
            found = (int)i, count = 1;
            break;
        }
        if (!ver && pn->version)
            found = (int)i, count++;
    }
    if (found < 0)
        return wit_error(err, CM_E_WIT_RESOLVE, WIT_NONE, "unknown package `%s:%s%s%s`", ns,
                         name, ver ? "@" : "", ver ? ver : "");
    if (count > 1)
        return wit_error(err, CM_E_WIT_RESOLVE, WIT_NONE,
                         "package `%s:%s` is available at several versions; give one", ns, name);
    return world_in(r, (uint32_t)found, world, out_world, err);
}
