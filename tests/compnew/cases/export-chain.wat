;; Exported interfaces using types (a record, a resource) of another exported one,
;; and an exported interface using an imported resource.
(module
  (import "t:ee/imp" "get" (func (result i32)))
  (import "t:ee/imp" "[resource-drop]h" (func (param i32)))
  (import "[export]t:ee/base" "[resource-new]thing" (func (param i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) i32.const 0)
  (func (export "t:ee/base#[constructor]thing") (result i32) i32.const 0)
  (func (export "t:ee/base#mk") (result i32) i32.const 0)
  (func (export "t:ee/base#[dtor]thing") (param i32))
  (func (export "t:ee/top#f") (param i32 i32) (result i32) i32.const 0)
  (func (export "t:ee/top#g") (param i32))
  (func (export "t:ee/usesimp#take") (param i32) (result i32) i32.const 0))
