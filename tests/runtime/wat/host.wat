;; Calls into the host: a function that reads guest memory, one that traps,
;; one that exits, one that calls back into the guest.
(module
  (import "env" "sum" (func $sum (param i32 i32) (result i32)))
  (import "env" "fail" (func $fail))
  (import "env" "quit" (func $quit (param i32)))
  (import "env" "reenter" (func $reenter (param i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "\01\02\03\04\05")
  (func (export "call_sum") (result i32) (call $sum (i32.const 16) (i32.const 5)))
  (func (export "call_fail") (call $fail))
  (func (export "call_quit") (call $quit (i32.const 7)) (unreachable))
  (func (export "double") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
  (func (export "call_reenter") (param i32) (result i32)
    (i32.add (call $reenter (local.get 0)) (i32.const 1))))
