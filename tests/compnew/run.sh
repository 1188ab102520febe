#!/bin/sh
# run.sh - one test of `witc component embed|new|wit` (registered by CMakeLists.txt).
#
#   run.sh embed WITC WASM_TOOLS WIT [WORLD]
#       our embedded component-type payload equals wasm-tools' (producers aside)
#   run.sh component WITC WASM_TOOLS CC CASES NAME
#       CASES/NAME.c (clang, freestanding; or NAME.wat) + CASES/NAME.wit: our embed, our new;
#       wasm-tools validate; witc component wit == wasm-tools component wit;
#       same WIT as `wasm-tools component new` on our embedded module
#   run.sh wit-corpus WITC WASM_TOOLS DIR
#       witc component wit == wasm-tools component wit on every component of DIR
#   run.sh semver WITC WASM_TOOLS CC CASES
#       two component-type sections importing one interface at 1.0.0 and
#       1.2.0 become one import of 1.2.0, as with wasm-tools
#   run.sh adapter WITC WASM_TOOLS CC ADAPTER JCO CASES
#       clang + wasi-libc program, --adapt: valid command component importing the
#       same interfaces and functions as wasm-tools'; jco runs it (args, env, a
#       file) with the same output as wasm-tools' component
#   run.sh reactor WITC WASM_TOOLS CC ADAPTER JCO CASES
#       a wasi-libc reactor bound to a world, --adapt the reactor adapter: valid,
#       and its export runs (jco transpile + node) after _initialize
#   run.sh error WITC CASES NAME
#       witc exits 1 with the exact message in CASES/NAME.stderr
# Missing tools make the test FAIL.
set -u
mode=$1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

need() { [ -n "$1" ] && [ -x "$1" ] || { echo "FAIL: $2 not found"; exit 1; }; }
fail() { echo "FAIL: $*"; exit 1; }

# wasm-tools' text of a component, without the producers section
print_noprod() { "$wt" print "$1" | sed '/^  (@producers/,/^  )/d'; }

case $mode in
embed)
    witc=$2 wt=$3 wit=$4 world=${5:-}
    need "$wt" wasm-tools
    w=""; [ -n "$world" ] && w="--world $world"
    "$witc" component embed $w --only-custom "$wit" -o "$tmp/ours.wasm" || fail "witc embed"
    "$wt" component embed $w --only-custom "$wit" -o "$tmp/ref.wasm" || fail "wasm-tools embed"
    print_noprod "$tmp/ours.wasm" > "$tmp/ours.wat"
    print_noprod "$tmp/ref.wasm" > "$tmp/ref.wat"
    diff -u "$tmp/ref.wat" "$tmp/ours.wat" || fail "payloads differ"
    ;;
embed-corpus)
    # every world of every WIT package under DIR (files and directories)
    witc=$2 wt=$3 dir=$4
    need "$wt" wasm-tools
    command -v python3 >/dev/null 2>&1 || fail "python3 is needed"
    n=0
    for p in "$dir"/*.wit "$dir"/*/; do
        p=${p%/}
        [ -e "$p" ] || continue
        worlds=$("$wt" component wit --json "$p" 2>/dev/null | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(" ".join(d["packages"][-1]["worlds"].keys()))') || continue
        for w in $worlds; do
            "$wt" component embed --world "$w" --only-custom "$p" -o "$tmp/ref.wasm" 2>/dev/null || continue
            "$witc" component embed --world "$w" --only-custom "$p" -o "$tmp/ours.wasm" ||
                fail "witc embed $p $w"
            print_noprod "$tmp/ours.wasm" > "$tmp/ours.wat"
            print_noprod "$tmp/ref.wasm" > "$tmp/ref.wat"
            diff -u "$tmp/ref.wat" "$tmp/ours.wat" || fail "payloads differ: $p world $w"
            n=$((n + 1))
        done
    done
    [ $n -gt 0 ] || fail "no world found under $dir"
    echo "$n worlds"
    ;;
wit-corpus)
    # witc component wit == wasm-tools component wit on every component in DIR
    witc=$2 wt=$3 dir=$4
    need "$wt" wasm-tools
    n=0
    for f in "$dir"/*.wasm; do
        [ -f "$f" ] || continue
        "$wt" component wit "$f" > "$tmp/ref.wit" 2>/dev/null || continue
        # WIT packages encoded as components are refused (with a message)
        grep -q '^package root:component;' "$tmp/ref.wit" || continue
        "$witc" component wit "$f" > "$tmp/ours.wit" || fail "witc component wit $f"
        diff -u "$tmp/ref.wit" "$tmp/ours.wit" || fail "differs: $f"
        n=$((n + 1))
    done
    [ $n -ge 10 ] || fail "only $n components in $dir"
    echo "$n components"
    ;;
component)
    witc=$2 wt=$3 cc=$4 cases=$5 name=$6
    need "$wt" wasm-tools
    if [ -f "$cases/$name.c" ]; then
        need "$cc" clang
        "$cc" --target=wasm32 -nostdlib -Wl,--no-entry -O2 -o "$tmp/core.wasm" "$cases/$name.c" ||
            fail "clang"
    else
        command -v wat2wasm >/dev/null 2>&1 || fail "wat2wasm not found"
        wat2wasm "$cases/$name.wat" -o "$tmp/core.wasm" || fail "wat2wasm"
    fi
    "$witc" component embed "$cases/$name.wit" "$tmp/core.wasm" -o "$tmp/emb.wasm" || fail "embed"
    "$witc" component new "$tmp/emb.wasm" -o "$tmp/ours.wasm" || fail "component new"
    "$wt" validate "$tmp/ours.wasm" || fail "our component does not validate"
    "$wt" component wit "$tmp/ours.wasm" > "$tmp/ref-of-ours.wit" || fail "wasm-tools component wit"
    "$witc" component wit "$tmp/ours.wasm" > "$tmp/ours.wit" || fail "witc component wit"
    diff -u "$tmp/ref-of-ours.wit" "$tmp/ours.wit" || fail "witc component wit differs from wasm-tools"
    "$wt" component new "$tmp/emb.wasm" -o "$tmp/ref.wasm" || fail "wasm-tools component new"
    "$wt" component wit "$tmp/ref.wasm" > "$tmp/ref.wit"
    diff -u "$tmp/ref.wit" "$tmp/ref-of-ours.wit" || fail "our component's world differs from wasm-tools'"
    # the embedded module has no component-type section left
    "$wt" print "$tmp/ours.wasm" | grep -q '@custom "component-type' &&
        fail "component-type section left in the core module"
    ;;
semver)
    witc=$2 wt=$3 cc=$4 cases=$5
    need "$wt" wasm-tools; need "$cc" clang
    "$cc" --target=wasm32 -nostdlib -Wl,--no-entry -O2 -o "$tmp/core.wasm" "$cases/semver.c" || fail "clang"
    "$witc" component embed "$cases/semver-a.wit" "$tmp/core.wasm" -o "$tmp/e1.wasm" || fail "embed a"
    "$witc" component embed "$cases/semver-b.wit" "$tmp/e1.wasm" -o "$tmp/e2.wasm" || fail "embed b"
    "$witc" component new "$tmp/e2.wasm" -o "$tmp/ours.wasm" || fail "component new"
    "$wt" validate "$tmp/ours.wasm" || fail "invalid component"
    "$wt" component wit "$tmp/ours.wasm" > "$tmp/ours.wit"
    grep -q 'import test:dep/api@1.2.0;' "$tmp/ours.wit" || fail "no import of 1.2.0"
    grep -q 'api@1.0.0' "$tmp/ours.wit" && fail "1.0.0 still imported"
    "$wt" component new "$tmp/e2.wasm" -o "$tmp/ref.wasm" || fail "wasm-tools component new"
    "$wt" component wit "$tmp/ref.wasm" > "$tmp/ref.wit"
    diff -u "$tmp/ref.wit" "$tmp/ours.wit" || fail "worlds differ"
    ;;
adapter)
    witc=$2 wt=$3 cc=$4 adapter=$5 jco=$6 cases=$7
    need "$wt" wasm-tools; need "$cc" clang; need "$jco" jco
    [ -f "$adapter" ] || fail "adapter $adapter not found"
    "$cc" --target=wasm32-wasi -O2 -o "$tmp/hello.wasm" "$cases/hello.c" || fail "clang"
    "$witc" component new "$tmp/hello.wasm" --adapt "wasi_snapshot_preview1=$adapter" \
        -o "$tmp/ours.wasm" || fail "component new --adapt"
    "$wt" validate "$tmp/ours.wasm" || fail "invalid component"
    "$wt" component wit "$tmp/ours.wasm" > "$tmp/ref-of-ours.wit"
    "$witc" component wit "$tmp/ours.wasm" > "$tmp/ours.wit" || fail "witc component wit"
    diff -u "$tmp/ref-of-ours.wit" "$tmp/ours.wit" || fail "witc component wit differs from wasm-tools"
    grep -q 'export wasi:cli/run@0.2' "$tmp/ours.wit" || fail "not a command component"
    "$wt" component new "$tmp/hello.wasm" --adapt "wasi_snapshot_preview1=$adapter" \
        -o "$tmp/ref.wasm" || fail "wasm-tools component new --adapt"
    # the same imports and functions as wasm-tools' (which trims the adapter)
    "$wt" component wit "$tmp/ref.wasm" > "$tmp/ref.wit"
    grep -E '^  (import|export) ' "$tmp/ref.wit" > "$tmp/ref.items"
    grep -E '^  (import|export) ' "$tmp/ours.wit" | diff -u "$tmp/ref.items" - || fail "world items differ"
    grep -E ': (static )?func|constructor' "$tmp/ref.wit" | sort > "$tmp/ref.funcs"
    grep -E ': (static )?func|constructor' "$tmp/ours.wit" | sort | diff -u "$tmp/ref.funcs" - ||
        fail "imported functions differ"
    mkdir "$tmp/run" && cd "$tmp/run" || exit 1
    HOME=/home/test timeout 120 node "$jco" run "$tmp/ours.wasm" one two > ours.out 2>&1 ||
        { cat ours.out; fail "jco run (ours)"; }
    HOME=/home/test timeout 120 node "$jco" run "$tmp/ref.wasm" one two > ref.out 2>&1 ||
        { cat ref.out; fail "jco run (wasm-tools)"; }
    diff -u ref.out ours.out || fail "outputs differ"
    grep -q 'args 3 one two' ours.out && grep -q 'HOME=/home/test' ours.out &&
        grep -q 'wrote 6' ours.out || { cat ours.out; fail "unexpected output"; }
    ;;
reactor)
    witc=$2 wt=$3 cc=$4 adapter=$5 jco=$6 cases=$7
    need "$wt" wasm-tools; need "$cc" clang; need "$jco" jco
    [ -f "$adapter" ] || fail "adapter $adapter not found"
    "$cc" --target=wasm32-wasi -mexec-model=reactor -O2 -o "$tmp/lib.wasm" "$cases/reactor.c" ||
        fail "clang"
    "$witc" component embed "$cases/reactor.wit" "$tmp/lib.wasm" -o "$tmp/emb.wasm" || fail "embed"
    "$witc" component new "$tmp/emb.wasm" --adapt "wasi_snapshot_preview1=$adapter" \
        -o "$tmp/ours.wasm" || fail "component new --adapt"
    "$wt" validate "$tmp/ours.wasm" || fail "invalid component"
    "$wt" component wit "$tmp/ours.wasm" > "$tmp/ours.wit"
    grep -q '^  export count: func() -> u32;' "$tmp/ours.wit" || fail "no export count"
    grep -q 'wasi:cli/run' "$tmp/ours.wit" && fail "a reactor exports no run"
    "$witc" component wit "$tmp/ours.wasm" | diff -u "$tmp/ours.wit" - || fail "witc component wit differs"
    # run it: _initialize, then two calls of the export (printf inside)
    node "$jco" transpile "$tmp/ours.wasm" -o "$tmp/js" > /dev/null 2>&1 || fail "jco transpile"
    ln -s "$(cd "$(dirname "$jco")/.." && pwd)" "$tmp/js/node_modules"
    printf "import { count } from './ours.js';\nconsole.log(count(), count());\n" > "$tmp/js/run.mjs"
    (cd "$tmp/js" && timeout 60 node run.mjs) > "$tmp/out.txt" 2>&1 || { cat "$tmp/out.txt"; fail "node"; }
    printf 'count 0\ncount 1\n1 2\n' | diff -u - "$tmp/out.txt" || fail "unexpected output"
    ;;
error)
    witc=$2 cases=$3 name=$4
    wat=""
    cd "$cases" || exit 1
    # NAME.sh prints the command to run (relative to CASES; $TMP for outputs)
    cmd=$(TMP=$tmp WITC=$witc sh "$name.sh") || fail "setup"
    sh -c "$cmd" > /dev/null 2> "$tmp/err.txt"
    rc=$?
    [ $rc -eq 1 ] || { cat "$tmp/err.txt"; fail "exit code $rc, expected 1"; }
    diff -u "$name.stderr" "$tmp/err.txt" || fail "message differs"
    ;;
*)
    fail "unknown mode $mode"
    ;;
esac
echo PASS
