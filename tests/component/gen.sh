#!/bin/sh
# gen.sh OUTDIR - make the component binaries the round-trip tests read, with
# independent tools, at test time (nothing is cached in the repository).
# Environment: WASM_TOOLS, JCO, CLANG, CJS (componentize-js), CPY
# (componentize-py), ADAPTER (the
# preview-1 command adapter), WASI_WIT (the reference WASI WIT folder).
# Every tool must be present: a missing oracle is a failure, not a skip.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=$1
mkdir -p "$out/c" "$out/core" "$out/tmp"
rm -f "$out"/c/*.wasm "$out"/core/*.wasm
for v in WASM_TOOLS JCO CLANG CJS CPY ADAPTER WASI_WIT; do
    eval "val=\${$v:-}"
    if [ -z "$val" ] || [ ! -e "$val" ]; then
        echo "gen.sh: oracle $v missing ('$val'); run scripts/deps.sh --oracles" >&2
        exit 1
    fi
done
wt=$WASM_TOOLS
tmp=$out/tmp

# 0. One componentize-py component, in the background (~25 s; mostly I/O).
mkdir -p "$tmp/py" && cp "$here/py/app.py" "$tmp/py/" # it writes __pycache__ next to app.py
"$CPY" -d "$here/js/hello.wit" -w hello componentize -p "$tmp/py" app \
    -o "$out/c/cpy-hello.wasm" >/dev/null &
cpy_pid=$!

# 1. Dummy core modules for WIT worlds, in both core name manglings.
world() { # FILE WORLD NAMES [extra embed flags]
    f=$1 w=$2 names=$3
    shift 3
    tag=$(echo "$*" | tr -c 'a-z0-9\n' '-' | tr -s '-')
    # The dummy core modules are kept: cabi_oracle compares their signatures with ours.
    "$wt" component embed --dummy-names "$names" "$@" "$here/wit/$f" -w "$w" -o "$out/core/dummy-$w-$names$tag.wasm"
    "$wt" component new "$out/core/dummy-$w-$names$tag.wasm" -o "$out/c/dummy-$w-$names$tag.wasm"
}
for w in prims-import prims-export prims-both compound-import compound-export compound-both \
         res-import res-export res-both everything toplevel inline-iface; do
    world types.wit $w legacy
    world types.wit $w standard32
done
for w in kv-client kv-server kv-proxy clock-user; do world deps.wit $w legacy; done
for w in flags-import flags-export; do world flags.wit $w legacy; done
world types.wit compound-both legacy --encoding utf16
world types.wit everything legacy --encoding compact-utf16
world deps.wit kv-proxy legacy --encoding utf16

# 2. WASI worlds (the real 0.2 interfaces) and WIT packages encoded as components.
mkdir -p "$tmp/wasi"
cp -r "$WASI_WIT/deps" "$tmp/wasi/"
cat > "$tmp/wasi/worlds.wit" <<'WIT'
package test:wasi;
world cmd { include wasi:cli/command@0.2.12; }
world proxy { include wasi:http/proxy@0.2.12; }
WIT
for w in cmd proxy; do
    for n in legacy standard32; do
        "$wt" component embed --dummy-names $n "$tmp/wasi" -w $w -o "$tmp/$w.core.wasm"
        "$wt" component new "$tmp/$w.core.wasm" -o "$out/c/wasi-$w-$n.wasm"
    done
done
for f in types deps flags; do "$wt" component wit --wasm "$here/wit/$f.wit" -o "$out/c/witpkg-$f.wasm"; done
for d in "$WASI_WIT"/deps/*/; do
    p=$(basename "$d")
    rm -rf "$tmp/pkg-$p" && mkdir -p "$tmp/pkg-$p"
    cp "$d"/*.wit "$tmp/pkg-$p/"
    cp -r "$WASI_WIT/deps" "$tmp/pkg-$p/deps"
    rm -rf "$tmp/pkg-$p/deps/$p"
    "$wt" component wit --wasm "$tmp/pkg-$p" -o "$out/c/witpkg-wasi-$p.wasm"
done
"$wt" component wit --wasm "$tmp/wasi" -o "$out/c/witpkg-wasi-worlds.wasm"

# 3. Hand-written component text (nesting, aliases, core module types, canon options).
for f in "$here"/wat/*.wat; do "$wt" parse "$f" -o "$out/c/wat-$(basename "$f" .wat).wasm"; done

# 4. clang-built core modules.
"$CLANG" --target=wasm32 -nostdlib -Wl,--no-entry -O2 -o "$tmp/calc.wasm" "$here/c/calc.c"
"$wt" component embed "$here/c/calc.wit" -w calc "$tmp/calc.wasm" -o "$tmp/calc.embed.wasm"
"$wt" component new "$tmp/calc.embed.wasm" -o "$out/c/clang-calc.wasm"
for p in hello files; do
    "$CLANG" --target=wasm32-wasi -O2 -o "$tmp/$p.wasm" "$here/c/$p.c"
    "$wt" component new "$tmp/$p.wasm" --adapt "wasi_snapshot_preview1=$ADAPTER" -o "$out/c/clang-$p-wt.wasm"
    "$JCO" new "$tmp/$p.wasm" --wasi-command -o "$out/c/clang-$p-jco.wasm" >/dev/null
done

# 5. One componentize-js component (slow: 15-40 s).
"$CJS" --wit "$here/js/hello.wit" -o "$out/c/cjs-hello.wasm" "$here/js/hello.js" >/dev/null

wait "$cpy_pid" || { echo "gen.sh: componentize-py failed" >&2; exit 1; }

ls "$out"/c/*.wasm | wc -l
