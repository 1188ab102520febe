#!/bin/sh
# gen.sh SRC OUT - assemble the test components of tests/component-rt into OUT.
# Needs WASM_TOOLS (and CLANG for the C guests); fails when they are missing.
set -e
src=$1
out=$2
test -x "$WASM_TOOLS" || { echo "gen.sh: wasm-tools not found (WASM_TOOLS='$WASM_TOOLS')" >&2; exit 1; }
mkdir -p "$out"
for w in "$src"/wat/*.wat; do
    n=$(basename "$w" .wat)
    "$WASM_TOOLS" parse "$w" -o "$out/$n.wasm"
    "$WASM_TOOLS" validate "$out/$n.wasm"
done
echo "gen.sh: components in $out"
