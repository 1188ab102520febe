;; How --invoke finds a function by name (wrun as wasmtime run): `f` is
;; exported at the top level (returns 1) and by the interface test:names/i
;; (returns 3), `g` by both interfaces (2), `h` by test:names/j only (3).
(component
  (core module $m
    (func (export "one") (result i32) (i32.const 1))
    (func (export "two") (result i32) (i32.const 2))
    (func (export "three") (result i32) (i32.const 3)))
  (core instance $i (instantiate $m))
  (func $one (result u32) (canon lift (core func $i "one")))
  (func $two (result u32) (canon lift (core func $i "two")))
  (func $three (result u32) (canon lift (core func $i "three")))
  (instance $ii (export "f" (func $three)) (export "g" (func $two)))
  (instance $ij (export "h" (func $three)) (export "g" (func $two)))
  (export "test:names/i" (instance $ii))
  (export "test:names/j" (instance $ij))
  (export "f" (func $one)))
