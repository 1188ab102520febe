;; A provider of test:guest/logger@0.1.0 for the composition test (composed
;; with c-guest.wasm by `wasm-tools compose`).  It keeps strings in UTF-16
;; and traps unless the message is exactly 9 code units ("Hello, C!").
(component
  (core module $m
    (memory (export "mem") 1)
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) (i32.const 64))
    (func (export "log") (param i32 i32)
      (if (i32.ne (local.get 1) (i32.const 9)) (then unreachable))
      (if (i32.ne (i32.load16_u (local.get 0)) (i32.const 72)) (then unreachable))))
  (core instance $i (instantiate $m))
  (alias core export $i "mem" (core memory $mem))
  (alias core export $i "realloc" (core func $realloc))
  (func $log (param "msg" string)
    (canon lift (core func $i "log") (memory $mem) (realloc $realloc) string-encoding=utf16))
  (instance $li (export "log" (func $log)))
  (export "test:guest/logger@0.1.0" (instance $li))
)
