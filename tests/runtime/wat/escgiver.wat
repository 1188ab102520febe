;; Guest of test_instance_free.c: hands out a funcref to its own function.
(module
  (func $answer (result i32) (i32.const 42))
  (elem declare func $answer)
  (func (export "get") (result funcref) (ref.func $answer)))
