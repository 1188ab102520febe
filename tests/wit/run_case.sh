#!/bin/sh
# run_case.sh - one golden test of the WIT front end (registered by CMakeLists.txt).
#
#   run_case.sh json  WITC DIR NAME            witc json == DIR/NAME.json (as parsed JSON)
#   run_case.sh live  WITC DIR NAME WASM_TOOLS witc json == live `wasm-tools component wit --json`
#   run_case.sh print WITC DIR NAME            print -> parse -> print is a fixed point
#   run_case.sh print-live WITC DIR NAME WASM_TOOLS  wasm-tools accepts the printed text and
#                                              resolves it to our JSON
#   run_case.sh diag  WITC DIR NAME            exit 1 and stderr == DIR/NAME.stderr exactly
#   run_case.sh trees WITC OURS REFDEPS        wit/ and a root over REFDEPS resolve to equal JSON
#                                              (docs ignored), with and without --all-features
#   run_case.sh ref   WITC ROOT REFDEPS WASM_TOOLS  ROOT's *.wit over REFDEPS: witc json ==
#                                              wasm-tools, with and without --all-features
# NAME is NAME.wit or the directory NAME; NAME.features holds @unstable features.
# Oracles missing (python3 for the JSON comparison, wasm-tools) make the test FAIL.
set -u
mode=$1 witc=$2 dir=$3 name=${4:-}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

need_python() {
    command -v python3 >/dev/null 2>&1 || { echo "FAIL: python3 is needed to compare JSON"; exit 1; }
}

[ "$mode" = ref ] || [ "$mode" = trees ] || cd "$dir" || exit 1
if [ -d "$name" ]; then input=$name; else input=$name.wit; fi
feat=""
[ -f "$name.features" ] && feat="--features $(cat "$name.features")"

case $mode in
json)
    need_python
    "$witc" json $feat "$input" > "$tmp/ours.json" || exit 1
    python3 "$here/compare_json.py" "$tmp/ours.json" "$name.json"
    ;;
live)
    need_python
    wt=${5:-}
    [ -n "$wt" ] && [ -x "$wt" ] || { echo "FAIL: wasm-tools not found (install: cargo install --locked wasm-tools)"; exit 1; }
    "$wt" component wit $feat --json "$input" > "$tmp/ref.json" || exit 1
    "$witc" json $feat "$input" > "$tmp/ours.json" || exit 1
    python3 "$here/compare_json.py" "$tmp/ours.json" "$tmp/ref.json"
    ;;
print)
    "$witc" print $feat "$input" > "$tmp/p1.wit" || exit 1
    "$witc" print $feat "$tmp/p1.wit" > "$tmp/p2.wit" || { echo "FAIL: printed text does not resolve"; exit 1; }
    diff -u "$tmp/p1.wit" "$tmp/p2.wit"
    ;;
print-live)
    # the printed text is valid WIT for wasm-tools, which resolves it as we do
    need_python
    wt=${5:-}
    [ -n "$wt" ] && [ -x "$wt" ] || { echo "FAIL: wasm-tools not found"; exit 1; }
    "$witc" print $feat "$input" > "$tmp/p.wit" || exit 1
    "$wt" component wit $feat --json "$tmp/p.wit" > "$tmp/ref.json" || exit 1
    "$witc" json $feat "$tmp/p.wit" > "$tmp/ours.json" || exit 1
    python3 "$here/compare_json.py" "$tmp/ours.json" "$tmp/ref.json"
    ;;
diag)
    "$witc" check $feat "$input" > /dev/null 2> "$tmp/err.txt"
    rc=$?
    [ $rc -eq 1 ] || { echo "FAIL: exit code $rc, want 1"; cat "$tmp/err.txt"; exit 1; }
    diff -u "$name.stderr" "$tmp/err.txt"
    ;;
trees)
    need_python
    ours=$dir refdeps=$4
    [ -d "$refdeps" ] || { echo "FAIL: reference $refdeps not found"; exit 1; }
    mkdir "$tmp/ref" && cp "$ours"/*.wit "$tmp/ref/" && ln -s "$refdeps" "$tmp/ref/deps" || exit 1
    for f in "" "--all-features"; do
        "$witc" json $f "$ours" > "$tmp/ours.json" || exit 1
        "$witc" json $f "$tmp/ref" > "$tmp/ref.json" || exit 1
        python3 "$here/compare_json.py" "$tmp/ours.json" "$tmp/ref.json" --ignore-docs || exit 1
    done
    ;;
ref)
    # run_case.sh ref WITC ROOTDIR REFDEPS WASM_TOOLS: ROOTDIR's *.wit over REFDEPS
    need_python
    refdeps=$4 wt=${5:-}
    [ -n "$wt" ] && [ -x "$wt" ] || { echo "FAIL: wasm-tools not found"; exit 1; }
    [ -d "$refdeps" ] || { echo "FAIL: reference $refdeps not found"; exit 1; }
    mkdir "$tmp/ref" && cp "$dir"/*.wit "$tmp/ref/" && ln -s "$refdeps" "$tmp/ref/deps" || exit 1
    for f in "" "--all-features"; do
        "$wt" component wit $f --json "$tmp/ref" > "$tmp/want.json" || exit 1
        "$witc" json $f "$tmp/ref" > "$tmp/ours.json" || exit 1
        python3 "$here/compare_json.py" "$tmp/ours.json" "$tmp/want.json" || exit 1
    done
    ;;
*)
    echo "usage: run_case.sh json|live|print|print-live|diag|trees|ref ..." >&2
    exit 2
    ;;
esac
