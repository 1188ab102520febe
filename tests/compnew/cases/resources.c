/* Guest for resources.wit: an imported resource (constructor, method,
 * static, drop) and an exported one (constructor, methods, static, the
 * destructor and the [export] intrinsics resource.new/rep/drop). */
#include <stddef.h>
#include <stdint.h>

#define IMP(m, n) __attribute__((import_module(m), import_name(n)))
#define EXP(n) __attribute__((export_name(n)))
#define STORE "test:res/store"
#define CNT "test:res/counters#"

IMP(STORE, "[constructor]blob") int32_t blob_new(const uint8_t *p, size_t n);
IMP(STORE, "[method]blob.size") int32_t blob_size(int32_t self);
IMP(STORE, "[static]blob.merge") int32_t blob_merge(int32_t a, int32_t b);
IMP(STORE, "[resource-drop]blob") void blob_drop(int32_t h);
IMP(STORE, "open") void store_open(const char *p, size_t n, void *ret);
IMP("[export]test:res/counters", "[resource-new]counter") int32_t counter_new(int32_t rep);
IMP("[export]test:res/counters", "[resource-rep]counter") int32_t counter_rep(int32_t h);
IMP("[export]test:res/counters", "[resource-drop]counter") void counter_drop(int32_t h);

static uint8_t heap[4096];
static size_t top = 16;
static uint32_t reps[64];
static int nreps;

EXP("cabi_realloc") void *cabi_realloc(void *old, size_t old_size, size_t align, size_t size)
{
    (void)old, (void)old_size;
    top = (top + align - 1) & ~(align - 1);
    void *p = &heap[top];
    top += size;
    return p;
}

EXP(CNT "[constructor]counter") int32_t counter_ctor(uint32_t start)
{
    reps[nreps] = start;
    return counter_new(nreps++);
}
EXP(CNT "[method]counter.bump") int32_t counter_bump(int32_t self, uint32_t by)
{
    return (int32_t)(reps[self] += by);
}
EXP(CNT "[method]counter.wrap") int32_t counter_wrap(int32_t self, int32_t blob)
{
    int32_t r = blob_size(blob) + (int32_t)reps[self];
    int32_t m = blob_merge(blob, blob);
    int32_t buf[3];
    store_open("x", 1, buf);
    blob_drop(m);
    blob_drop(blob);
    return r;
}
EXP(CNT "[static]counter.zero") int32_t counter_zero(void)
{
    static const uint8_t d[1] = {0};
    int32_t b = blob_new(d, 1);
    blob_drop(b);
    int32_t h = counter_new(nreps++);
    (void)counter_rep(h);
    return h;
}
EXP(CNT "total") int64_t total(int32_t c) { return reps[c]; }
EXP(CNT "[dtor]counter") void counter_dtor(int32_t rep) { reps[rep] = 0; (void)counter_drop; }
