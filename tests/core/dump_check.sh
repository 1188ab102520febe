#!/bin/sh
# dump_check.sh WITC WORKDIR NAMED.wasm - `witc dump` on a malformed core
# module (message, location and exit code 1) and on a -g guest (structure
# and function names).
set -u
witc=$1 dir=$2 named=$3
mkdir -p "$dir"
fail() { echo "FAIL: $*"; exit 1; }

# A type entry whose form byte is 0x50 instead of 0x60, at offset 0xb.
printf '\000asm\001\000\000\000\001\004\001\120\000\000' >"$dir/bad-form.wasm"
out=$("$witc" dump "$dir/bad-form.wasm" 2>&1); rc=$?
[ $rc -eq 1 ] || fail "exit code $rc for a malformed module"
want="$dir/bad-form.wasm: offset 0xb (section 'type'): error: malformed function type"
[ "$out" = "$want" ] || fail "got '$out', want '$want'"

# An illegal opcode in the body of function 0 reports the function.
printf '\000asm\001\000\000\000\001\004\001\140\000\000\003\002\001\000\012\005\001\003\000\006\013' >"$dir/bad-op.wasm"
out=$("$witc" dump "$dir/bad-op.wasm" 2>&1); rc=$?
[ $rc -eq 1 ] || fail "exit code $rc for an illegal opcode"
want="$dir/bad-op.wasm: offset 0x17 (section 'code', func 0): error: illegal opcode"
[ "$out" = "$want" ] || fail "got '$out', want '$want'"

# Not a wasm file at all.
printf 'hello, world' >"$dir/text.wasm"
out=$("$witc" dump "$dir/text.wasm" 2>&1); rc=$?
[ $rc -eq 1 ] || fail "exit code $rc for a text file"
echo "$out" | grep -q 'magic header not detected' || fail "got '$out' for a text file"

# A valid module: exit 0, and the structure shows what we know is there.
out=$("$witc" dump "$named") || fail "dump of $named failed"
for w in 'core module' 'sections:' 'code ' 'name "main"' 'name "core_guest_static_helper"' \
         '"_start" = func' 'imports: ' 'memory 0: min'; do
    echo "$out" | grep -q "$w" || fail "dump output lacks '$w'"
done
echo "ok: witc dump reports malformed modules and prints a -g guest"
