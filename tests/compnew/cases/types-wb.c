/* Guest for types.wit written against the bindings of the real wit-bindgen C
 * generator (the test generates them), built with clang + wasi-libc. */
#include "types.h"
#include <stdlib.h>
bool exports_test_types_api_process(exports_test_types_api_info_t *i, types_list_u8_t *ret, types_string_t *err) {
  (void)err; test_types_host_log(&i->name);
  ret->ptr = malloc(1); ret->ptr[0] = 7; ret->len = 1;
  exports_test_types_api_info_free(i);
  return true;
}
void exports_test_types_api_pair(uint64_t a, double b, types_tuple2_u64_f64_t *ret) { ret->f0 = a; ret->f1 = b; }
uint32_t exports_test_types_api_big(uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4, uint32_t a5, uint32_t a6, uint32_t a7, uint32_t a8, uint32_t a9, uint32_t a10, uint32_t a11, uint32_t a12, uint32_t a13, uint32_t a14, uint32_t a15, uint32_t a16, uint32_t a17) { return a1 + a17; }
int32_t exports_types_run(types_list_string_t *args) {
  test_types_host_point_t p; test_types_host_get_point(&p);
  types_list_u32_t xs = { (uint32_t[]){1,2}, 2 }; uint64_t s = test_types_host_sum(&xs);
  test_types_host_shape_t sh = { .tag = TEST_TYPES_HOST_SHAPE_RECT, .val.rect = p };
  test_types_host_color_t c; bool has = test_types_host_classify(&sh, &c);
  types_tuple2_u32_string_t t; test_types_host_many(1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17, &t);
  types_string_t str; test_types_host_color_t e; test_types_host_check(TEST_TYPES_HOST_PERMS_READ, &str, &e);
  types_list_string_free(args);
  return (int32_t)(s + types_now() + has);
}
