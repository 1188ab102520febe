;; A resource at world level: constructor, method, [resource-drop] from module $root.
(module
  (import "$root" "[constructor]r" (func $new (param i32) (result i32)))
  (import "$root" "[method]r.get" (func $get (param i32) (result i32)))
  (import "$root" "[resource-drop]r" (func $drop (param i32)))
  (import "$root" "use-r" (func $use (param i32) (result i32)))
  (func (export "run") (result i32) (local i32)
    i32.const 1 call $new local.set 0
    local.get 0 call $get
    local.get 0 call $use i32.add
    local.get 0 call $drop))
