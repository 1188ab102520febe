/* compnames.c - the `cm32p2` ("standard") core name mangling of the
 * component model (WebAssembly/component-model#378, wit-component's
 * `Standard` names), rewritten into the legacy names the rest of
 * `witc component new` matches:
 *
 *   import module `cm32p2`            -> `$root`
 *   import module `cm32p2|ns:p/i@V`   -> the world's import of ns:p/i (V canonical:
 *                                        `@1` for 1.x.y, `@0.2` for 0.2.z)
 *   import module `cm32p2|_ex_ns:p/i@V` -> `[export]` + the world's export
 *   field `r_drop`, `r_new`, `r_rep`  -> `[resource-drop]r` ...
 *   export `cm32p2||f`                -> `f`
 *   export `cm32p2|ns:p/i@V|f`        -> `ns:p/i@version#f`; `..._post` -> `cabi_post_...`,
 *                                        `cm32p2|ns:p/i@V|r_dtor` -> `...#[dtor]r`
 *   `cm32p2_memory`, `cm32p2_realloc`, `cm32p2_initialize`
 *                                     -> `memory`, `cabi_realloc`, `_initialize`
 */
#include "compnew_int.h"

#include "witenc.h"

#include <stdio.h>
#include <string.h>

static const char P[] = "cm32p2";

/* The canonical form of a version: what stays fixed on its semver track. */
static void canon_version(const char *v, char *out, size_t cap)
{
    unsigned a = 0, b = 0, c = 0;
    int n = sscanf(v, "%u.%u.%u", &a, &b, &c);
    if (n == 3 && a > 0)
        snprintf(out, cap, "%u", a);
    else if (n == 3 && b > 0)
        snprintf(out, cap, "0.%u", b);
    else
        snprintf(out, cap, "%s", v);
}

/* The name of the world item (imports or exports) whose canonical id is
 * id[0..len), or NULL. */
static const char *world_name(Cn *cn, int exports, const char *id, size_t len)
{
    const WitWorld *w = &cn->r.worlds[cn->world];
    const WitItemList *l = exports ? &w->exports : &w->imports;
    for (uint32_t i = 0; i < l->n; i++) {
        if (l->items[i].kind != WIT_ITEM_IFACE)
            continue;
        const char *n = witenc_item_name(&cn->arena, &cn->r, &l->items[i]);
        char canon[600];
        const char *at = n ? strchr(n, '@') : NULL;
        if (!n)
            continue;
        if (at) {
            char v[64];
            canon_version(at + 1, v, sizeof v);
            snprintf(canon, sizeof canon, "%.*s@%s", (int)(at - n), n, v);
        } else {
            snprintf(canon, sizeof canon, "%s", n);
        }
        if (strlen(canon) == len && !memcmp(canon, id, len))
            return n;
    }
    return NULL;
}

static void set_name(Cn *cn, WName *n, const char *s)
{
    char *p = arena_strdup(&cn->arena, s);
    if (p) {
        n->str = p;
        n->len = (uint32_t)strlen(p);
    }
}

/* `r_drop` -> `[resource-drop]r` and so on; 0 if not an intrinsic. */
static int intrinsic(const char *field, char *out, size_t cap)
{
    static const char *const suf[] = {"_drop", "_new", "_rep"};
    static const char *const pre[] = {"[resource-drop]", "[resource-new]", "[resource-rep]"};
    size_t fl = strlen(field);
    for (int i = 0; i < 3; i++) {
        size_t sl = strlen(suf[i]);
        if (fl > sl && !strcmp(field + fl - sl, suf[i])) {
            snprintf(out, cap, "%s%.*s", pre[i], (int)(fl - sl), field);
            return 1;
        }
    }
    return 0;
}

static void rename_import(Cn *cn, WImport *im)
{
    const char *mod = im->module.str;
    char buf[700];
    if (strncmp(mod, P, sizeof P - 1))
        return;
    const char *rest = mod + sizeof P - 1;
    if (!*rest) {
        set_name(cn, &im->module, "$root");
        return;
    }
    if (*rest != '|')
        return;
    rest++;
    int ex = !strncmp(rest, "_ex_", 4);
    if (ex)
        rest += 4;
    const char *full = world_name(cn, ex, rest, strlen(rest));
    snprintf(buf, sizeof buf, "%s%s", ex ? "[export]" : "", full ? full : rest);
    set_name(cn, &im->module, buf);
    if (intrinsic(im->field.str, buf, sizeof buf))
        set_name(cn, &im->field, buf);
}

static void rename_export(Cn *cn, WExport *x)
{
    const char *n = x->name.str;
    char buf[800];
    static const struct {
        const char *from, *to;
    } fixed[] = {{"cm32p2_memory", "memory"},
                 {"cm32p2_realloc", "cabi_realloc"},
                 {"cm32p2_initialize", "_initialize"}};
    for (size_t i = 0; i < 3; i++)
        if (!strcmp(n, fixed[i].from)) {
            set_name(cn, &x->name, fixed[i].to);
            return;
        }
    if (strncmp(n, "cm32p2|", 7))
        return;
    const char *rest = n + 7;
    size_t len = strlen(rest);
    int post = len > 5 && !strcmp(rest + len - 5, "_post");
    if (post)
        len -= 5;
    const char *bar = memchr(rest, '|', len);
    if (!bar)
        return;
    const char *item = bar + 1;
    size_t ilen = len - (size_t)(item - rest);
    if (bar == rest) { /* world level */
        snprintf(buf, sizeof buf, "%s%.*s", post ? "cabi_post_" : "", (int)ilen, item);
    } else {
        const char *full = world_name(cn, 1, rest, (size_t)(bar - rest));
        int dtor = ilen > 5 && !memcmp(item + ilen - 5, "_dtor", 5);
        snprintf(buf, sizeof buf, "%s%s#%s%.*s", post ? "cabi_post_" : "",
                 full ? full : "?", dtor ? "[dtor]" : "", (int)(dtor ? ilen - 5 : ilen), item);
    }
    set_name(cn, &x->name, buf);
}

void cn_standard_names(Cn *cn, WModule *m)
{
    for (uint32_t i = 0; i < m->nimports; i++)
        rename_import(cn, &m->imports[i]);
    for (uint32_t i = 0; i < m->nexports; i++)
        rename_export(cn, &m->exports[i]);
}
