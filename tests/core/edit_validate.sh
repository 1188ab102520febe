#!/bin/sh
# edit_validate.sh CORE_EDIT WASM_TOOLS IN OUT - edit IN through our IR and
# check with wasm-tools that OUT is valid and shows the edits.
set -eu
edit=$1 wt=$2 in=$3 out=$4
if [ ! -x "$wt" ]; then echo "FAIL: wasm-tools not found"; exit 1; fi
"$edit" "$in" "$out"
"$wt" validate "$out"
"$wt" print "$out" | grep -q '(export "renamed_by_core_edit"' || { echo "FAIL: renamed export missing"; exit 1; }
"$wt" objdump "$out" | grep -q 'core-edit-first' || { echo "FAIL: first custom section missing"; exit 1; }
"$wt" objdump "$out" | grep -q 'core-edit-last' || { echo "FAIL: last custom section missing"; exit 1; }
echo "ok: $out validates and carries the edits"
