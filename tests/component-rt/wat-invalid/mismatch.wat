;; NOT valid (so gen.sh does not run wasm-tools validate on it): $B imports
;; "upper" as (string) -> string but is given $A's (string) -> u32.  The
;; runtime must refuse to link it, naming the import and both types.
(component
  (component $A
    (core module $m (func (export "f") (param i32 i32) (result i32) (i32.const 0))
      (memory (export "mem") 1)
      (func (export "realloc") (param i32 i32 i32 i32) (result i32) (i32.const 0)))
    (core instance $i (instantiate $m))
    (alias core export $i "mem" (core memory $mem))
    (alias core export $i "realloc" (core func $realloc))
    (func (export "upper") (param "s" string) (result u32)
      (canon lift (core func $i "f") (memory $mem) (realloc $realloc))))
  (component $B
    (import "upper" (func (param "s" string) (result string))))
  (instance $a (instantiate $A))
  (alias export $a "upper" (func $f))
  (instance $b (instantiate $B (with "upper" (func $f))))
)
