;; Guests of test_instance_free.c.  "lib" defines a memory, a table and
;; globals and exports them; "user" imports lib's memory and function.
(module $lib
  (memory (export "mem") 2 10)
  (table (export "tab") 4 funcref)
  (global $g (export "g") (mut i32) (i32.const 5))
  (global $h i64 (i64.const 7))
  (elem (i32.const 0) $get $div)
  (func $get (export "get") (param i32) (result i32)
    (i32.load (local.get 0)))
  (func (export "put") (param i32 i32)
    (i32.store (local.get 0) (local.get 1)))
  (func $div (export "div") (param i32 i32) (result i32)
    (i32.div_s (local.get 0) (local.get 1)))
  (func (export "grow") (param i32) (result i32)
    (memory.grow (local.get 0)))
  (func (export "bump") (result i32)
    (global.set $g (i32.add (global.get $g) (i32.const 1)))
    (global.get $g)))
