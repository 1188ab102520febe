#include <stdint.h>
__attribute__((import_module("test:dep/api@1.0.0"), import_name("get"))) uint32_t get(void);
__attribute__((import_module("test:dep/api@1.2.0"), import_name("put"))) void put(uint32_t);
__attribute__((export_name("run"))) uint32_t run(void) { put(1); return get(); }
