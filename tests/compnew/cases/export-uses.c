/* export-uses.c - the guest of export-uses.wit (freestanding, clang
 * --target=wasm32): implements the exported a and b with the legacy core
 * names; a thing's rep is its id.  It imports the imported a's
 * resource.drop too (only called for id 0xffffffff, never by the test), so
 * that the component holds both a's resource types. */
#include <stdint.h>

#define IMPORT(m, n) __attribute__((import_module(m), import_name(n)))
#define EXPORT(n) __attribute__((export_name(n)))

IMPORT("[export]test:uses/a", "[resource-new]thing") int32_t thing_new(int32_t rep);
IMPORT("[export]test:uses/a", "[resource-rep]thing") int32_t thing_rep(int32_t handle);
IMPORT("[export]test:uses/a", "[resource-drop]thing") void thing_drop(int32_t handle);
IMPORT("test:uses/a", "[resource-drop]thing") void imported_thing_drop(int32_t handle);

static uint32_t ret[2];  /* a returned info: id, flag */
static uint32_t dropped; /* sum of the ids of destroyed things */

EXPORT("test:uses/a#[constructor]thing") int32_t a_thing_new(int32_t id)
{
    return thing_new(id);
}

EXPORT("test:uses/a#[method]thing.id") int32_t a_thing_id(int32_t rep)
{
    return rep;
}

EXPORT("test:uses/a#[dtor]thing") void a_thing_dtor(int32_t rep)
{
    dropped += (uint32_t)rep;
}

/* the flag says whether anything was destroyed so far */
EXPORT("test:uses/a#describe") uint32_t *a_describe(int32_t rep)
{
    ret[0] = (uint32_t)rep + dropped;
    ret[1] = dropped != 0;
    return ret;
}

EXPORT("test:uses/b#wrap") int32_t b_wrap(int32_t id, int32_t flag)
{
    return thing_new(flag ? id * 2 : id);
}

EXPORT("test:uses/b#peek") int32_t b_peek(int32_t rep)
{
    return rep + 1;
}

EXPORT("test:uses/b#take") uint32_t *b_take(int32_t handle)
{
    int32_t rep = thing_rep(handle);
    if (rep == -1)
        imported_thing_drop(handle);
    else
        thing_drop(handle);
    ret[0] = (uint32_t)rep;
    ret[1] = dropped != 0;
    return ret;
}
