#!/bin/sh
# optable_check.sh CORE_OPTABLE WASM2WAT OUTPREFIX - disassemble the module
# holding every opcode with wabt and compare the instruction names with ours.
set -eu
gen=$1 w2w=$2 out=$3
if [ ! -x "$w2w" ]; then echo "FAIL: wasm2wat (wabt) not found"; exit 1; fi
"$gen" "$out.wasm" "$out.names"
"$w2w" --enable-all --no-check "$out.wasm" -o "$out.wat"
# Instruction lines are the indented ones starting with a lowercase word;
# the last one carries the function's closing parenthesis.
grep -E '^ +[a-z]' "$out.wat" | awk '{ w = $1; sub(/\)+$/, "", w); print w }' >"$out.got"
diff "$out.names" "$out.got"
echo "all $(wc -l <"$out.names") instruction names agree with wasm2wat"
