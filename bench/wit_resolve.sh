#!/bin/sh
# wit_resolve.sh - how fast witc resolves the whole WASI 0.2.12 tree (wit/).
# Target: <= 10 ms.  Builds a release witc in build-release/, then reports
#   1. in-process resolution (read files, parse, resolve, free), N runs;
#   2. the whole `witc check wit` / `witc json wit` process (hyperfine if
#      installed, else a timed loop), next to `wasm-tools component wit --json`.
# Usage: bench/wit_resolve.sh [N]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-300}
build=$root/build-release
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCM_TESTS=OFF >/dev/null
ninja -C "$build" -j2 witc witfront >/dev/null
cc -O2 -std=gnu11 -I"$root/witc" -I"$root/libcm" "$root/bench/wit_resolve.c" \
   "$build/witc/libwitfront.a" "$build/libcm/libcm.a" -lm -o "$build/wit_resolve"
cd "$root"
"$build/wit_resolve" wit "$n"
"$build/wit_resolve" wit "$n" --all-features
wt=$(command -v wasm-tools || echo "$HOME/.cargo/bin/wasm-tools")
if command -v hyperfine >/dev/null 2>&1; then
    set -- "$build/witc/witc check wit" "$build/witc/witc json wit"
    [ -x "$wt" ] && set -- "$@" "$wt component wit --json wit"
    hyperfine -N --warmup 20 --runs "$n" "$@"
else
    start=$(date +%s%N)
    i=0
    while [ $i -lt "$n" ]; do "$build/witc/witc" check wit >/dev/null; i=$((i + 1)); done
    end=$(date +%s%N)
    echo "witc check wit: $(( (end - start) / n / 1000 )) us per process"
fi
