#!/usr/bin/env bash
# The main job: install dependencies, build the toolchain (release), build a
# small C program to wasm and show what the toolchain makes of it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DCM_TESTS=OFF >/dev/null
cmake --build build
CLANG=$(command -v clang-19 || command -v clang)
out=build/demo
mkdir -p "$out"
"$CLANG" --target=wasm32-wasi -O2 -o "$out/hello.wasm" examples/hello/hello.c
echo "== built $out/hello.wasm ($(stat -c %s "$out/hello.wasm") bytes)"
build/witc/witc --help
