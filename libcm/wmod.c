/* wmod.c - small queries over a decoded core module (see wmod.h). */
#include "wmod.h"

const char *wmod_section_name(unsigned id)
{
    static const char *const names[WSEC__COUNT] = {
        "custom", "type", "import", "function", "table", "memory", "global",
        "export", "start", "element", "code", "data", "datacount",
    };
    return id < WSEC__COUNT ? names[id] : "?";
}

const WFuncType *wmod_func_type(const WModule *m, uint32_t f)
{
    uint32_t t;
    if (f < m->nfunc_imports) {
        uint32_t seen = 0;
        for (uint32_t i = 0; i < m->nimports; i++) {
            if (m->imports[i].kind != WEXT_FUNC)
                continue;
            if (seen++ == f) {
                t = m->imports[i].type_index;
                return t < m->ntypes ? &m->types[t] : NULL;
            }
        }
        return NULL;
    }
    f -= m->nfunc_imports;
    if (f >= m->nfuncs)
        return NULL;
    t = m->func_types[f];
    return t < m->ntypes ? &m->types[t] : NULL;
}

const WName *wmod_func_name(const WModule *m, uint32_t f)
{
    if (!m->names)
        return NULL;
    /* The map is sorted by index in a well-formed section; search linearly
     * anyway, since a lenient decode may keep an unsorted prefix. */
    for (uint32_t i = 0; i < m->names->nfuncs; i++)
        if (m->names->funcs[i].index == f)
            return &m->names->funcs[i].name;
    return NULL;
}
