;; Imports lib's memory and "get" (see freeing.wat) and reads through both.
(module
  (import "lib" "mem" (memory 1))
  (import "lib" "get" (func $get (param i32) (result i32)))
  (func (export "peek") (param i32) (result i32)
    (i32.add (i32.load (local.get 0)) (call $get (local.get 0)))))
