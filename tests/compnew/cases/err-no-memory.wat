(module
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) i32.const 0)
  (func (export "g") (param i32 i32) (result i64) i64.const 0))
