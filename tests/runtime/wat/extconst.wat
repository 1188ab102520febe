;; Extended constant expressions (Wasm 3.0 extended-const): i32/i64 add,
;; sub, mul over constants and imported immutable globals, in global
;; initialisers and in data/element offsets.
(module
  (import "env" "base" (global $base i32))
  (import "env" "big" (global $big i64))
  (memory (export "mem") 1)
  (table (export "tab") 4 funcref)
  (func $f (result i32) (i32.const 42))
  (global (export "g_add") i32 (i32.add (global.get $base) (i32.const 8)))
  (global (export "g_sub") i32 (i32.sub (i32.const 5) (global.get $base)))
  ;; nested: (base * 3 + 1) - 2
  (global (export "g_nest") i32
    (i32.sub (i32.add (i32.mul (global.get $base) (i32.const 3)) (i32.const 1)) (i32.const 2)))
  (global (export "g_mul64") i64 (i64.mul (global.get $big) (i64.const 1000000)))
  (global (export "g_wrap64") i64 (i64.add (i64.const 0x7fffffffffffffff) (i64.const 1)))
  (global (export "g_wrap32") i32 (i32.mul (i32.const 0x10000) (i32.const 0x10000)))
  (global (export "g_sub64") i64 (i64.sub (global.get $big) (i64.const 10)))
  ;; offset base * 4 + 16
  (data (offset (i32.add (i32.mul (global.get $base) (i32.const 4)) (i32.const 16))) "\aa\bb")
  (elem (offset (i32.sub (global.get $base) (i32.const 99))) $f)
  (func (export "call1") (result i32) (call_indirect (result i32) (i32.const 1))))
