#!/bin/sh
# dump_test.sh DUMP GENDIR - the component dump on every generated component
# (exit 0, imports/exports listed) plus spot checks against the WAT sources
# in wat/ and the error format on a broken binary.
set -eu
dump=$1 dir=$2
tmp=${TMPDIR:-/tmp}/component-dump.$$
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp"
n=0
for f in "$dir"/*.wasm; do
    "$dump" "$f" > "$tmp/out.txt"
    grep -q '^imports (' "$tmp/out.txt"
    grep -q '^exports (' "$tmp/out.txt"
    n=$((n + 1))
done
echo "$n components dumped"
# wat/core.wat: lift with utf16 and post-return, resource.new/rep/drop, a
# nested module, a module-type import.
"$dump" "$dir/wat-core.wasm" > "$tmp/core.txt"
grep -q 'canon lift (core func 4) (memory 1) (realloc 5) string-encoding=utf16 (post-return 6) (type 2)' "$tmp/core.txt"
grep -q 'canon lift (core func 4) string-encoding=latin1+utf16 (memory 1) (realloc 5) (type 2)' "$tmp/core.txt"
grep -q 'canon resource.new (type 0)' "$tmp/core.txt"
grep -q 'canon resource.drop (type 1)' "$tmp/core.txt"
grep -q 'import "m" core module (type 0)' "$tmp/core.txt"
grep -q 'core type: module type (4 imports, 2 exports)' "$tmp/core.txt"
grep -q 'export "echo": func(s: string) -> string' "$tmp/core.txt"
grep -q 'export "R": type resource' "$tmp/core.txt"
# wat/nested.wat: the nested component is listed with its own sections.
"$dump" "$dir/wat-nested.wasm" > "$tmp/nested.txt"
grep -q '^  0x[0-9a-f]* component (' "$tmp/nested.txt"
grep -q '^    0x[0-9a-f]* component (' "$tmp/nested.txt"
grep -q 'export "calc3": func(x: r) -> u32' "$tmp/nested.txt"
# A start section is not 0.2: error line and exit status 1.
printf '\000asm\015\000\001\000\011\001\000' > "$tmp/bad.wasm"
if "$dump" "$tmp/bad.wasm" > /dev/null 2> "$tmp/err.txt"; then
    echo "dump accepted a start section" >&2
    exit 1
fi
want="$tmp/bad.wasm: offset 0x8 (section 'start'): error: feature not supported by WASI 0.2: start section (component values are gated)"
if [ "$(cat "$tmp/err.txt")" != "$want" ]; then
    echo "unexpected error text: $(cat "$tmp/err.txt")" >&2
    exit 1
fi
echo ok
