/* simd.c - a guest with 128-bit SIMD (-msimd128): the decoder must read the
 * 0xFD instructions clang emits. */
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(name)))

EXPORT("dot") float dot(const float *a, const float *b, int n)
{
    v128_t acc = wasm_f32x4_splat(0);
    int i = 0;
    for (; i + 4 <= n; i += 4)
        acc = wasm_f32x4_add(acc, wasm_f32x4_mul(wasm_v128_load(a + i), wasm_v128_load(b + i)));
    float s = wasm_f32x4_extract_lane(acc, 0) + wasm_f32x4_extract_lane(acc, 1) +
              wasm_f32x4_extract_lane(acc, 2) + wasm_f32x4_extract_lane(acc, 3);
    for (; i < n; i++)
        s += a[i] * b[i];
    return s;
}

EXPORT("shuffle_bytes") void shuffle_bytes(unsigned char *p)
{
    v128_t v = wasm_v128_load(p);
    v = wasm_i8x16_shuffle(v, v, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
    v = wasm_i8x16_add_sat(v, wasm_i8x16_splat(1));
    wasm_v128_store(p, v);
}

EXPORT("mask") int mask(const int *p) { return wasm_i32x4_bitmask(wasm_v128_load(p)); }
