#!/usr/bin/env bash
# The main job: install what is needed, build the toolchain (release), then
# take a small C program through it: clang -> core module -> component, show
# the structure of both with `witc dump`, and run the program with `wrun`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh --npm
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DCM_TESTS=OFF >/dev/null
cmake --build build
CLANG=$(command -v clang-19 || command -v clang)
WITC=build/witc/witc
WRUN=build/runtime/cli/wrun-next
JCO=tests/oracles/node_modules/.bin/jco
ADAPTER=tests/oracles/node_modules/@bytecodealliance/jco/lib/wasi_snapshot_preview1.command.wasm
out=build/demo
mkdir -p "$out"

step() { printf '\n== %s\n' "$*"; }

step "clang: examples/hello/hello.c -> $out/hello.wasm (WASI preview 1 core module)"
"$CLANG" --target=wasm32-wasi -O2 -o "$out/hello.wasm" examples/hello/hello.c
ls -l "$out/hello.wasm"

step "witc dump $out/hello.wasm"
"$WITC" dump "$out/hello.wasm" | head -40

step "wrun $out/hello.wasm component model"
"$WRUN" "$out/hello.wasm" component model

step "core module -> component with the standard preview-1 adapter"
node "$JCO" new "$out/hello.wasm" --wasi-command -o "$out/hello.component.wasm" 2>/dev/null ||
  "$JCO" new "$out/hello.wasm" --wasi-command -o "$out/hello.component.wasm"
ls -l "$out/hello.component.wasm"

step "witc dump $out/hello.component.wasm (imports and exports)"
"$WITC" dump "$out/hello.component.wasm" | grep -E '^(import|export)|^ *(import|export) ' | head -30 || true
