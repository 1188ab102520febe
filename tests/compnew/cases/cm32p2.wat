;; The cm32p2 ("standard") name mangling: root and interface imports, resource
;; intrinsics with _drop/_new/_rep, exports with |, _post, _dtor, cm32p2_memory/_realloc.
(module
  (import "cm32p2|t:cm/host@1" "log" (func (param i32 i32)))
  (import "cm32p2|t:cm/host@1" "[constructor]r" (func (param i32) (result i32)))
  (import "cm32p2|t:cm/host@1" "r_drop" (func (param i32)))
  (import "cm32p2" "now" (func (result i64)))
  (import "cm32p2|_ex_t:cm/api@1" "thing_new" (func (param i32) (result i32)))
  (import "cm32p2|_ex_t:cm/api@1" "thing_rep" (func (param i32) (result i32)))
  (memory (export "cm32p2_memory") 1)
  (func (export "cm32p2_realloc") (param i32 i32 i32 i32) (result i32) i32.const 0)
  (func (export "cm32p2|t:cm/api@1|[constructor]thing") (param i32 i32) (result i32) i32.const 0)
  (func (export "cm32p2|t:cm/api@1|thing_dtor") (param i32))
  (func (export "cm32p2|t:cm/api@1|greet") (param i32 i32) (result i32) i32.const 0)
  (func (export "cm32p2|t:cm/api@1|greet_post") (param i32))
  (func (export "cm32p2||run") (param i32 i32) (result i32) i32.const 0))
