;; Guests for the limit tests: endless loops and recursion.
(module
  (memory (export "memory") 1)
  (func (export "spin") (loop $l (br $l)))
  ;; loops of one instruction whose jump lands on itself
  (func (export "spin_if") (param i32) (loop $l (br_if $l (local.get 0))))
  (func (export "spin_table") (param i32)
    (block $out (loop $l (br_table $l $l $out (local.get 0)))))
  (func $rec (export "recurse") (param i32) (result i32)
    (call $rec (i32.add (local.get 0) (i32.const 1))))
  (func (export "count") (param i32) (result i32) (local i32)
    (loop $l
      (local.set 1 (i32.add (local.get 1) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get 1) (local.get 0))))
    (local.get 1))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "answer") (result i32) (i32.const 42)))
