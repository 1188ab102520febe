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

# Guest-to-guest echo components, every pair of string encodings.
command -v python3 >/dev/null || { echo "gen.sh: python3 not found" >&2; exit 1; }
mkdir -p "$out/fuse-wat"
python3 "$src/gen_echo.py" --fuse "$out/fuse-wat"
for w in "$out"/fuse-wat/*.wat; do
    n=$(basename "$w" .wat)
    "$WASM_TOOLS" parse "$w" -o "$out/$n.wasm"
    "$WASM_TOOLS" validate "$out/$n.wasm"
done

# C guests: clang (freestanding) -> wasm-tools component embed -> component new.
test -x "$CLANG" || { echo "gen.sh: clang not found (CLANG='$CLANG')" >&2; exit 1; }
test -n "$WASI_WIT" && test -d "$WASI_WIT/deps" || { echo "gen.sh: WASI WIT not found ('$WASI_WIT')" >&2; exit 1; }
tmp=$out/tmp
rm -rf "$tmp" && mkdir -p "$tmp/wit"
cp -r "$WASI_WIT/deps" "$tmp/wit/"
cp "$src/c/guest.wit" "$tmp/wit/"
cguest() { # NAME WORLD CFLAGS...
    n=$1 w=$2
    shift 2
    "$CLANG" --target=wasm32 -nostdlib -Wl,--no-entry -Wl,--allow-undefined -O2 "$@" \
        -o "$tmp/$n.core.wasm" "$src/c/guest.c"
    "$WASM_TOOLS" component embed "$tmp/wit" -w "$w" "$tmp/$n.core.wasm" -o "$tmp/$n.embed.wasm"
    "$WASM_TOOLS" component new "$tmp/$n.embed.wasm" -o "$out/$n.wasm"
}
cguest c-guest guest
cguest c-cmd cmd -DCMD
cguest c-cmd-err cmd -DCMD -DRUN_STATUS=1
echo "gen.sh: C guests in $out"

# examples/embed-component: the guest of the embedding example.
ex=$src/../../examples/embed-component
"$CLANG" --target=wasm32 -nostdlib -Wl,--no-entry -O2 -o "$tmp/plugin.core.wasm" "$ex/plugin.c"
"$WASM_TOOLS" component embed "$ex/plugin.wit" -w plugin "$tmp/plugin.core.wasm" -o "$tmp/plugin.embed.wasm"
"$WASM_TOOLS" component new "$tmp/plugin.embed.wasm" -o "$out/plugin.wasm"

# Invalid components (not validated): the runtime's link-time checks.
for w in "$src"/wat-invalid/*.wat; do
    "$WASM_TOOLS" parse "$w" -o "$out/$(basename "$w" .wat).wasm"
done

# Composition by an independent tool: c-guest's logger import satisfied by
# logger.wasm (wasm-tools compose links them as nested components).
"$WASM_TOOLS" compose "$out/c-guest.wasm" -d "$out/logger.wasm" -o "$out/composed-c.wasm" 2>/dev/null
"$WASM_TOOLS" validate "$out/composed-c.wasm"

# A guest whose canonical-ABI glue comes from wit-bindgen (C, with wasi-libc).
test -x "$WIT_BINDGEN" || { echo "gen.sh: wit-bindgen not found (WIT_BINDGEN='$WIT_BINDGEN')" >&2; exit 1; }
mkdir -p "$tmp/bg"
"$WIT_BINDGEN" c "$src/bindgen/bg.wit" --out-dir "$tmp/bg" >/dev/null 2>&1 ||
    { echo "gen.sh: wit-bindgen c failed" >&2; exit 1; }
"$CLANG" --target=wasm32-wasi -O2 -mexec-model=reactor -I"$tmp/bg" -o "$tmp/bg/bg.core.wasm" \
    "$src/bindgen/guest.c" "$tmp/bg/bg.c" "$tmp/bg/bg_component_type.o"
"$WASM_TOOLS" component new "$tmp/bg/bg.core.wasm" -o "$out/bindgen.wasm"
