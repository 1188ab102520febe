#!/bin/sh
# bench/component.sh - component runtime figures: instantiating a compiled
# component (target <= 50 us), a host->guest call passing and returning a
# 100-byte string (target <= 1 us), and a guest->guest call doing the same,
# fused and through WrcVal trees (the path before fusing).  Builds an optimised tree in
# build-bench/ (no sanitizers), makes the test components with wasm-tools
# and clang, and prints the figures.  Not a test: nothing is asserted.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
b=${BENCH_BUILD:-$root/build-bench}
shared=${CM_SHARED_DIR:-$root/../shared}
cmake -S "$root" -B "$b" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCM_SANITIZE=OFF -DCM_TESTS=ON \
    -DCM_SHARED_DIR="$shared" >/dev/null
ninja -C "$b" -j2 crt_bench >/dev/null
WASM_TOOLS=${WASM_TOOLS:-$(command -v wasm-tools || echo "$HOME/.cargo/bin/wasm-tools")} \
CLANG=${CLANG:-$(command -v clang-19 || command -v clang)} \
WASI_WIT=${WASI_WIT:-$shared/reference/wasi-wit-0.2.12} \
WIT_BINDGEN=${WIT_BINDGEN:-$(command -v wit-bindgen || echo "$HOME/.cargo/bin/wit-bindgen")} \
    sh "$root/tests/component-rt/gen.sh" "$root/tests/component-rt" "$b/crt-wasm" >/dev/null
"$b/tests/component-rt/crt_bench" "$b/crt-wasm"
