;; Guest of test_instance_free.c: keeps funcrefs it is given in its own
;; table (table.set) or global (global.set), and calls them later.
(module
  (type $r (func (result i32)))
  (table $t 2 funcref)
  (global $g (mut funcref) (ref.null func))
  (func (export "put") (param funcref)
    (table.set $t (i32.const 0) (local.get 0))
    (global.set $g (local.get 0)))
  (func (export "call") (result i32)
    (call_indirect (type $r) (i32.const 0)))
  (func (export "call_global") (result i32)
    (table.set $t (i32.const 1) (global.get $g))
    (call_indirect (type $r) (i32.const 1))))
