(module
  (import "a:b/c" "f" (func (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) i32.const 0)
  (func (export "g") (param i32) (result i32) i32.const 0))
