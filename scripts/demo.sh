#!/usr/bin/env bash
# The main job: install what is needed, build the toolchain (release), then
# take C programs through it:
#   1. hello.c  -> clang -> core module -> `witc dump`, `wrun`
#   2. the core module -> `witc component new --adapt` (preview-1 adapter) ->
#      a WASI 0.2 command component -> `witc component wit`, `wrun`
#   3. greeter.wit -> `witc bindgen` -> clang -> `witc component new` ->
#      `wrun --invoke` of its exports
#   4. two components (examples/compose): an app importing demo:shout/text and
#      a provider exporting it, each `witc bindgen` -> clang -> `witc component
#      new`; `wac plug` links them guest to guest; `wrun --invoke` runs the
#      composition (values copied straight between the two guests' memories)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh --demo
export PATH="$HOME/.cargo/bin:$PATH" # wac
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DCM_TESTS=OFF >/dev/null
cmake --build build
CLANG=$(command -v clang-19 || command -v clang)
WITC=build/witc/witc
WRUN=build/runtime/cli/wrun
# The standard preview-1 adapter (shipped in npm's jco) until we ship our own.
ADAPTER=tests/oracles/node_modules/@bytecodealliance/jco/lib/wasi_snapshot_preview1.command.wasm
out=build/demo
mkdir -p "$out"

step() { printf '\n== %s\n' "$*"; }

step "clang: examples/hello/hello.c -> $out/hello.wasm (a WASI preview-1 core module)"
"$CLANG" --target=wasm32-wasi -O2 -o "$out/hello.wasm" examples/hello/hello.c
"$WITC" dump "$out/hello.wasm" | sed -n '1,/^imports/p' | head -12

step "wrun $out/hello.wasm core wasm"
"$WRUN" "$out/hello.wasm" core wasm

step "witc component new --adapt: the core module becomes a WASI 0.2 command component"
"$WITC" component new "$out/hello.wasm" --adapt "wasi_snapshot_preview1=$ADAPTER" \
  -o "$out/hello.component.wasm"
ls -l "$out/hello.component.wasm" | awk '{print $5, "bytes"}'
"$WITC" component wit "$out/hello.component.wasm" | sed -n '/^world root/,/^}/p'

step "wrun $out/hello.component.wasm component model"
"$WRUN" "$out/hello.component.wasm" component model

step "witc bindgen examples/greeter/greeter.wit -> C bindings; clang; witc component new"
"$WITC" bindgen examples/greeter/greeter.wit --out-dir "$out/greeter-gen"
"$CLANG" --target=wasm32-wasi -mexec-model=reactor -O2 -I "$out/greeter-gen" \
  -o "$out/greeter.core.wasm" examples/greeter/greeter.c "$out"/greeter-gen/*.c
"$WITC" component new "$out/greeter.core.wasm" -o "$out/greeter.wasm"
"$WITC" component wit "$out/greeter.wasm"

step "wrun --invoke 'greet(\"component model\")' $out/greeter.wasm"
"$WRUN" --invoke 'greet("component model")' "$out/greeter.wasm"

step "examples/compose: an app and a provider, each witc bindgen -> clang -> witc component new"
for w in app provider; do
  "$WITC" bindgen examples/compose/shout.wit --world "$w" --out-dir "$out/compose-$w"
  "$CLANG" --target=wasm32-wasi -mexec-model=reactor -O2 -I "$out/compose-$w" \
    -o "$out/$w.core.wasm" "examples/compose/$w.c" "$out/compose-$w"/*.c
  "$WITC" component new "$out/$w.core.wasm" -o "$out/$w.wasm"
done

step "wac plug: the provider's export satisfies the app's import (guest to guest)"
wac plug "$out/app.wasm" --plug "$out/provider.wasm" -o "$out/composed.wasm"
"$WITC" component wit "$out/composed.wasm"

step "wrun --invoke 'greet(\"component model\")' $out/composed.wasm"
"$WRUN" --invoke 'greet("component model")' "$out/composed.wasm"
