/* Guest for types.wit: flat core signatures written by hand from the
 * canonical ABI (lowered imports take an out-pointer when results do not
 * fit in one value; more than 16 flat params go through memory). */
#include <stddef.h>
#include <stdint.h>

#define IMP(m, n) __attribute__((import_module(m), import_name(n)))
#define EXP(n) __attribute__((export_name(n)))
#define HOST "test:types/host@1.2.3"
#define API "test:types/api@1.2.3#"

IMP(HOST, "log") void host_log(const char *p, size_t n);
IMP(HOST, "sum") int64_t host_sum(const uint32_t *p, size_t n);
IMP(HOST, "get-point") void host_get_point(int32_t *ret);
IMP(HOST, "classify") void host_classify(int32_t disc, int32_t a, int32_t b, uint8_t *ret);
IMP(HOST, "many") void host_many(uint8_t *args, void *ret);
IMP(HOST, "check") void host_check(int32_t perms, void *ret);
IMP("$root", "now") int64_t now(void);

static uint8_t heap[65536];
static size_t top = 16;

EXP("cabi_realloc") void *cabi_realloc(void *old, size_t old_size, size_t align, size_t size)
{
    (void)old, (void)old_size;
    top = (top + align - 1) & ~(align - 1);
    void *p = &heap[top];
    top += size;
    return p;
}

static int32_t ret_area[8];

EXP(API "process")
int32_t api_process(const char *name, size_t nlen, void *tags, size_t ntags, int32_t x, int32_t y, int32_t c)
{
    (void)tags, (void)ntags, (void)x, (void)y, (void)c;
    host_log(name, nlen);
    ret_area[0] = 0;
    return (int32_t)(intptr_t)ret_area;
}
EXP("cabi_post_" API "process") void api_process_post(int32_t p) { (void)p; }

EXP(API "pair") int32_t api_pair(int64_t a, double b)
{
    *(int64_t *)&ret_area[0] = a;
    *(double *)&ret_area[2] = b;
    return (int32_t)(intptr_t)ret_area;
}

EXP(API "big") int32_t api_big(uint32_t *args) { return (int32_t)args[16]; }

EXP("run") int32_t run(void *args, size_t n)
{
    (void)args;
    int32_t pt[2];
    uint8_t opt[2], many_args[17] = {0};
    int32_t tup[3], res[3];
    static const uint32_t xs[2] = {1, 2};
    host_get_point(pt);
    host_classify(1, pt[0], pt[1], opt);
    host_many(many_args, tup);
    host_check(5, res);
    return (int32_t)(host_sum(xs, 2) + now() + (int64_t)n);
}
