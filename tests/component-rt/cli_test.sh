#!/bin/sh
# cli_test.sh WRUN DIR - wrun on components: wasi:cli/run exit statuses,
# --invoke with WAVE arguments and results, error statuses.
set -u
wrun=$1
d=$2
fails=0
check() { # DESCRIPTION WANT_STATUS WANT_STDOUT CMD...
    desc=$1 want=$2 out=$3
    shift 3
    got=$("$@" 2>/tmp/crt_cli_err.$$)
    st=$?
    if [ "$st" != "$want" ] || [ "$got" != "$out" ]; then
        echo "FAIL: $desc: status $st (want $want), stdout '$got' (want '$out')"
        sed 's/^/  stderr: /' /tmp/crt_cli_err.$$
        fails=$((fails + 1))
    else
        echo "ok: $desc"
    fi
}
check "run returns ok" 0 "" "$wrun" "$d/c-cmd.wasm"
check "run returns err" 1 "" "$wrun" "$d/c-cmd-err.wasm"
check "invoke string" 0 '"Hello, wörld!"' "$wrun" --invoke 'greet("wörld")' "$d/c-cmd.wasm"
check "invoke u32 wraps" 0 '1' "$wrun" --invoke 'add(4294967295, 2)' "$d/c-cmd.wasm"
check "invoke list and tuple" 0 '(1, 2.5)' "$wrun" --invoke 'stats([1.5, 2.5, -1])' "$d/c-cmd.wasm"
q="'"
check "invoke escapes" 0 "\"Hello, a\\\"b\\nc\\${q}d!\"" "$wrun" --invoke "greet(\"a\\\"b\\nc${q}d\")" "$d/c-cmd.wasm"
v=$d/values.wasm
check "print record" 0 '{x: 3, y: -4}' "$wrun" --invoke 'point()' "$v"
check "print variant" 0 'rect({x: 7, y: 9})' "$wrun" --invoke 'shape()' "$v"
check "print result" 0 'err("no")' "$wrun" --invoke 'res()' "$v"
check "print flags" 0 '{read, exec}' "$wrun" --invoke 'perms()' "$v"
check "print keyword label" 0 '%true' "$wrun" --invoke 'color()' "$v"
check "print char" 0 "'😀'" "$wrun" --invoke 'smile()' "$v"
check "parse record" 0 '-7' "$wrun" --invoke 'sum-point({x: 3, y: -10})' "$v"
check "parse record any order" 0 '3' "$wrun" --invoke 'sum-point({y: 1, x: 2,})' "$v"
check "parse variant case" 0 '2' "$wrun" --invoke 'shape-tag(empty)' "$v"
check "parse variant payload" 0 '0' "$wrun" --invoke 'shape-tag(circle(1.5))' "$v"
check "parse flags" 0 '6' "$wrun" --invoke 'perm-bits({write, exec})' "$v"
check "parse char escape" 0 '128512' "$wrun" --invoke "char-code('\\u{1f600}')" "$v"
check "parse keyword label" 0 '2' "$wrun" --invoke 'color-index(%true)' "$v"
check "bare keyword is not a case" 2 '' "$wrun" --invoke 'color-index(true)' "$v"
check "parse string" 0 '6' "$wrun" --invoke 'len("héllo")' "$v"
check "parse list<u8>" 0 '3' "$wrun" --invoke 'bytes([1, 2, 3])' "$v"
check "f64" 0 '-1.5' "$wrun" --invoke 'neg(1.5)' "$v"
# floats print as Rust's Display does (wasm-wave): no exponent, no ".0"
check "f64 integral" 0 '-1' "$wrun" --invoke 'neg(1)' "$v"
check "f64 small" 0 '-0.0000001' "$wrun" --invoke 'neg(1e-7)' "$v"
check "f64 inf" 0 '-inf' "$wrun" --invoke 'neg(inf)' "$v"
check "option some" 0 '7' "$wrun" --invoke 'opt(some(7))' "$v"
check "option none" 0 '1000' "$wrun" --invoke 'opt(none)' "$v"
check "no such export" 1 '' "$wrun" --invoke 'nope()' "$v"
check "invoke bad syntax" 2 '' "$wrun" --invoke 'add(1,' "$d/c-cmd.wasm"
check "invoke type error" 2 '' "$wrun" --invoke 'add(-1, 2)' "$d/c-cmd.wasm"
check "unknown import" 1 '' "$wrun" "$d/c-guest.wasm"
check "trap" 134 '' env WRUN_TRAP_UNKNOWN_IMPORTS=1 "$wrun" --invoke 'bad-char()' "$d/traps.wasm"
check "unknown import called" 134 '' env WRUN_TRAP_UNKNOWN_IMPORTS=1 "$wrun" --invoke 'reenter()' "$d/traps.wasm"
check "wasm-tools compose: guest to guest" 0 '"Hello, C!"' "$wrun" --invoke 'greet("C")' "$d/composed-c.wasm"
check "wasm-tools compose: trap in the callee" 134 '' "$wrun" --invoke 'greet("CC")' "$d/composed-c.wasm"
check "composed" 0 '"HI"' "$wrun" --invoke 'shout("hi")' "$d/compose.wasm"
grep -q "unknown import" /tmp/crt_cli_err.$$ 2>/dev/null || true
rm -f /tmp/crt_cli_err.$$
[ $fails = 0 ] || { echo "$fails failure(s)"; exit 1; }
