;; Guests for the limit tests: endless loops and recursion.
(module
  (memory (export "memory") 1)
  (func (export "spin") (loop $l (br $l)))
  ;; loops of one instruction whose jump lands on itself
  (func (export "spin_if") (param i32) (loop $l (br_if $l (local.get 0))))
  (func (export "spin_table") (param i32)
    (block $out (loop $l (br_table $l $l $out (local.get 0)))))
;; a strided fill, a loop of one instruction (rt_loop.c): with step 0 it
  ;; never ends; with step 1 it stores n bytes from address 0
  (func (export "fill") (param $step i32) (param $n i32) (local $p i32) (local $j i32)
    (loop $l
      (i32.store8 (local.get $p) (i32.const 7))
      (local.set $p (i32.add (local.get $p) (local.get $step)))
      (br_if $l (i32.lt_u (local.tee $j (i32.add (local.get $j) (local.get $step)))
                          (local.get $n)))))
  (func $rec (export "recurse") (param i32) (result i32)
    (call $rec (i32.add (local.get 0) (i32.const 1))))
  (func (export "count") (param i32) (result i32) (local i32)
    (loop $l
      (local.set 1 (i32.add (local.get 1) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get 1) (local.get 0))))
    (local.get 1))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "answer") (result i32) (i32.const 42)))
