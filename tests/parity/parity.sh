#!/bin/sh
# parity.sh CASE - run guests built by other tools under `wrun` and under
# `wasmtime run` (the reference runtime) with the same options and
# arguments, and require the same stdout, stderr and exit status.  Both get
# the same --dir/--env grants (the two CLIs spell them alike) and the same
# stdin (empty unless a check gives a file); `wasmtime run` gets `-S http`
# because wrun always links wasi:http (componentize-js guests import it).
#
#   compose-c|-js|-py  caller.c plugged (wac plug) with the C, JavaScript or
#                      Python provider of test:parity/text: runs with
#                      arguments, a failing run, exit(), and
#                      --invoke 'summarize(...)' (an export with arguments);
#                      the JS and Python compositions print exactly what the
#                      C one prints (three independent providers)
#   example-compose    the demo's examples/compose (app plugged with provider)
#   greeter            tests/bindgen's tutorial greeter plugged with a C
#                      logger, --invoke 'greet(...)'
#   bindgen-types      tests/bindgen's types guest (witc bindgen, every WIT
#                      type) plugged with a C host: --invoke of each export
#   bindgen-naming     tests/bindgen's naming guest plugged with a C host
#   bindgen-bg         tests/component-rt's bindgen guest (wit-bindgen's glue,
#                      and witc bindgen's) plugged with a C host
#   bindgen-command    tests/bindgen's freestanding command (exit status 7)
#   jco-c              tests/wasi2's C programs (clang + wasi-libc, `jco new
#                      --wasi-command`): arguments, exit codes, stdin,
#                      granted env, files and sandbox escapes under --dir
#   cjs                tests/wasi2's componentize-js command with arguments
#   cpy                componentize-py: a command with arguments and an
#                      --invoke of an export
#   names              wat/names.wat: how --invoke picks among exports
#   wave               tests/component-rt's components (wasm-tools from WAT
#                      and C): --invoke with WAVE values of every kind
#
# Environment (set by CMakeLists.txt): WRUN WASMTIME GUESTS (gen.sh's output)
# W2 (tests/wasi2's components) CRT (tests/component-rt's) OUT (a scratch
# folder).  A missing tool or guest fails the test.
set -eu
case_name=$1
fail() { echo "FAIL: $*" >&2; exit 1; }
for v in WRUN WASMTIME; do
    eval "val=\${$v:-}"
    [ -n "$val" ] && [ -x "$val" ] ||
        fail "$v is not available ('$val'); run the README's test command to install the oracles"
done
G=$GUESTS
work=$OUT/$case_name
rm -rf "$work" && mkdir -p "$work"
cd "$work"
checks=0
STDIN=/dev/null
REF_ONLY=
FRESH=       # a function that recreates the host side of --dir before each run

# run_one NAME CMD... - run CMD in $work; NAME.out, NAME.err, NAME.status
run_one() {
    rn=$1
    shift
    [ -z "$FRESH" ] || $FRESH
    st=0
    "$@" <"$STDIN" >"$rn.out" 2>"$rn.err" || st=$?
    echo "$st" >"$rn.status"
}

show() { # LABEL: both runs, for the log of a failure
    for h in wrun wasmtime; do
        echo "--- $h (status $(cat "$1.$h.status")) stdout:" >&2
        cat "$1.$h.out" >&2
        echo "--- $h stderr:" >&2
        cat "$1.$h.err" >&2
    done
}

# same [--no-stderr] LABEL ARGS... - wrun ARGS vs wasmtime run -S http ARGS.
# --no-stderr: stderr is not compared (a trap: wasmtime prints its own
# message and backtrace there); stdout and the status still are.
same() {
    what=all
    if [ "$1" = --no-stderr ]; then
        what=no-stderr
        shift
    fi
    l=$1
    shift
    if [ -n "$REF_ONLY" ]; then # only the reference run of compose()
        run_one "ref-$l.wrun" "$WRUN" "$@"
        return
    fi
    run_one "$l.wrun" "$WRUN" "$@"
    run_one "$l.wasmtime" "$WASMTIME" run -S http "$@"
    for part in out status $([ $what = all ] && echo err); do
        cmp -s "$l.wrun.$part" "$l.wasmtime.$part" || { show "$l"; fail "$l: $part differs from wasmtime's"; }
    done
    checks=$((checks + 1))
}

# expect LABEL STATUS - wrun's status and stdout (stdin: the expected text)
expect() {
    [ "$(cat "$1.wrun.status")" = "$2" ] || { show "$1"; fail "$1: status $(cat "$1.wrun.status"), expected $2"; }
    cat >"$1.expected"
    cmp -s "$1.expected" "$1.wrun.out" || { show "$1"; fail "$1: stdout is not the expected text"; }
}

# expect_start LABEL - wrun's stdout begins with the text on stdin
expect_start() {
    cat >"$1.expected"
    head -n "$(wc -l <"$1.expected")" "$1.wrun.out" | cmp -s "$1.expected" - ||
        { show "$1"; fail "$1: stdout does not begin with the expected text"; }
}

# The runs of compose-L, on the composition COMPONENT.
compose_runs() {
    c=$1
    [ -f "$c" ] || fail "no $c (parity-gen failed?)"
    same args "$c" "hello wide world" -42 "" "12 x  -7 ünï" 1234567890123456789 - Ab-9z
    same fail "$c" --fail "a b"
    same exit3 "$c" --exit 3
    same exit0 "$c" --exit 0
    same invoke-ok --invoke 'summarize("a bb ccc", 5)' "$c"
    same invoke-err --invoke 'summarize("a bb ccc", 2)' "$c"
    same invoke-empty --invoke 'summarize("", 0)' "$c"
    same invoke-utf8 --invoke 'summarize("ünï \u{1F600} z", 3)' "$c"
}

compose() { # L
    compose_runs "$G/composed-$1.wasm"
    # what a reader can check by hand
    expect_start args <<'END'
arg 0: "hello wide world"
analyze: words=3 bytes=16 longest="hello"
shout: "WORLD" "WIDE" "HELLO"
parse: err "not a digit"
tokens: word("hello") space word("wide") space word("world")
END
    [ "$(cat args.wrun.err)" = "caller: 7 arguments" ] || fail "args: stderr $(cat args.wrun.err)"
    [ "$(cat fail.wrun.status)" = 1 ] || fail "--fail: status $(cat fail.wrun.status)"
    # the preview-1 adapter turns any non-zero exit() into exit(err): 1
    [ "$(cat exit3.wrun.status)" = 1 ] || fail "--exit 3: status $(cat exit3.wrun.status)"
    echo 'ok({words: 3, bytes: 8, longest: "ccc"})' | expect invoke-ok 0
    echo 'err("3 words, more than 2")' | expect invoke-err 0
    echo 'ok({words: 3, bytes: 12, longest: "ünï"})' | expect invoke-utf8 0
    # a function of an exported interface, called by its plain name (both
    # runtimes look through every exported interface)
    same iface --invoke 'tokens("a 1  -2")' "$G/provider-$1.wasm"
    echo '[word("a"), space, num(1), space, space, num(-2)]' | expect iface 0
    same iface-none --invoke 'nth("a b", 2)' "$G/provider-$1.wasm"
    echo 'none' | expect iface-none 0
    if [ "$1" != c ]; then
        # the same caller with the C provider prints the same (three
        # independent implementations of one interface)
        REF_ONLY=1
        compose_runs "$G/composed-c.wasm"
        REF_ONLY=
        for f in args fail exit3 exit0 invoke-ok invoke-err invoke-empty invoke-utf8; do
            for part in out err status; do
                cmp -s "ref-$f.wrun.$part" "$f.wrun.$part" ||
                    fail "$f: std$part/status with the $1 provider differs from the C provider's"
            done
        done
    fi
}

case $case_name in
compose-c | compose-js | compose-py)
    compose "${case_name#compose-}"
    ;;
example-compose)
    # the demo's composition (scripts/demo.sh step 4)
    same greet --invoke 'greet("component model")' "$G/example-compose.wasm"
    printf '"Hello, COMPONENT MODEL! (the app, through the provider)"\n' | expect greet 0
    same greet-empty --invoke 'greet("")' "$G/example-compose.wasm"
    ;;
greeter)
    same greet --invoke 'greet("wasm")' "$G/greeter.wasm"
    printf 'log: greet called\n"hello wasm"\n' | expect greet 0
    same greet-empty --invoke 'greet("")' "$G/greeter.wasm"
    same greet-utf8 --invoke 'greet("wörld")' "$G/greeter.wasm"
    # a function without results prints the empty tuple
    same log --invoke 'log("plugged")' "$G/logger.wasm"
    printf 'log: plugged\n()\n' | expect log 0
    ;;
bindgen-types)
    # tests/bindgen's types guest with its imports plugged: every export
    # that takes values (WAVE in, WAVE out); the C guest calls the C plug
    # for use-host and run
    t=$G/types.wasm
    [ -f "$t" ] || fail "no $t (parity-gen failed?)"
    k=0
    while IFS= read -r call; do
        k=$((k + 1))
        same "call-$k" --invoke "$call" "$t"
    done <<'END'
run()
use-host("hello")
use-host("")
roundtrip-bool(true)
roundtrip-u8(255)
roundtrip-s8(-128)
roundtrip-u16(40000)
roundtrip-s16(-32768)
roundtrip-u32(0)
roundtrip-s32(-7)
roundtrip-u64(18446744073709551614)
roundtrip-s64(-9223372036854775807)
roundtrip-f32(1.25)
roundtrip-f32(3.4e38)
roundtrip-f32(1e-45)
roundtrip-f64(-10)
roundtrip-f64(0.1)
roundtrip-char('a')
roundtrip-char('\u{1F600}')
reverse-string("añb€😀")
string-bytes("añ€😀")
transpose([["a", "b", "c"], ["d"], []])
transpose([])
move-point({x: 1, y: -2}, 10, 20)
next-color(blue)
flip-one({})
flip-nine({b0, b8})
flip-seventeen({c16})
flip-thirty-two({d0, d31})
double-num(i(-4))
double-num(l(-4000000000))
double-num(f(1.5))
double-num(d(0.1))
double-num(%none)
double-num(text("ab"))
area(circle(1))
area(rect({x: 2, y: 3}))
area(poly([{x: 0, y: 0}, {x: 4, y: 0}, {x: 0, y: 3}]))
area(empty)
scale(poly([{x: 1, y: 2}]), 3)
add-options(some(1), none)
add-options(some(4294967295), some(1))
option-string(some("x"))
option-string(none)
nested-option(some(none))
nested-option(some(some(255)))
nested-option(none)
result-both(-1)
result-both(5)
result-ok-only(1)
result-ok-only(-1)
result-err-only(1)
result-none(0)
result-none(1)
swap((1, "two", 3.5))
many(1, -2, 3, -4, 5, -6, 7, -8, 9.5, 10.25, 'z', true, "s", 14, 15, 16, 17, 18)
multi(3)
items([{name: "n", tags: [["a"], []], shapes: [circle(2), empty], color: green}])
items([])
END
    # results run_types.mjs expects from the same guest under Node
    printf 'log: run called\n"ran"\n' | expect call-1 0
    echo '"sum=12 joined=x,hello rev=olleh dbl=42 err=too big bounce=-3,-1099511627775,350,-25,é+,nothing counters=15,12"' |
        expect call-2 0
    echo 14464 | expect call-7 0
    echo '"😀€bña"' | expect call-20 0
    echo '[["a", "d", ""], ["b", "", ""], ["c", "", ""]]' | expect call-22 0
    [ "$k" = 59 ] || fail "read $k calls, expected 59"
    ;;
bindgen-naming)
    # tests/bindgen's naming guest plugged with a C host: an interface both
    # imported (from the plug) and exported (by the guest), a plain-named
    # interface, a world-level function, resources of the plug
    n=$G/naming.wasm
    [ -f "$n" ] || fail "no $n (parity-gen failed?)"
    same hello --invoke 'hello("wörld")' "$n"
    same hello-empty --invoke 'hello("")' "$n"
    same make --invoke 'make(5, 2)' "$n"
    # run_naming.mjs's expectations (no handle of the guest dropped yet)
    echo '"hello wörld mode=slow world=42,t! made=6,out handle=90 dropped=0"' | expect hello 0
    echo '{default: 7, stdin: true}' | expect make 0
    ;;
bindgen-bg)
    # tests/component-rt's guest, glue by wit-bindgen and by witc bindgen,
    # each plugged with the C host of its imports: records, lists of
    # strings, variants with f64, flags, options and results cross from
    # guest to guest and back
    for g in bg-wb bg-witc; do
        [ -f "$G/$g.wasm" ] || fail "no $G/$g.wasm (parity-gen failed?)"
        same $g-1 --invoke 'roundtrip({name: "ada", age: 36, tags: ["x", "yz"]}, circle(2), {read, write})' "$G/$g.wasm"
        same $g-2 --invoke 'roundtrip({name: "bob", age: 255, tags: []}, square(3), {exec})' "$G/$g.wasm"
        same $g-3 --invoke 'roundtrip({name: "ünï", age: 0, tags: ["a", "", "c"]}, %none, {})' "$G/$g.wasm"
        # what test_crt_bindgen.c expects of the same guest
        echo '({name: "ADA", age: 37, tags: ["yz", "x"]}, 12, some("x"), ok({read, write}))' | expect $g-1 0
        echo '({name: "BOB", age: 0, tags: []}, 9, none, err("no exec"))' | expect $g-2 0
        echo '({name: "üNï", age: 1, tags: ["c", "", "a"]}, 0, some("a"), ok({read}))' | expect $g-3 0
    done
    ;;
bindgen-command)
    same hello "$G/hello-command.wasm"
    echo 'hello from a freestanding C component' | expect hello 7
    [ "$(cat hello.wrun.err)" = "and a line on stderr" ] || fail "stderr: $(cat hello.wrun.err)"
    same hello-args "$G/hello-command.wasm" one two
    ;;
jco-c)
    for c in hello env files escape clocks random; do
        [ -f "$W2/$c.wasm" ] || fail "no $W2/$c.wasm (built by tests/wasi2 with jco)"
    done
    same args "$W2/hello.wasm" one "two words" "" "ünï"
    printf 'hello from a component\nargc=5\narg[1]=one\narg[2]=two words\narg[3]=\narg[4]=ünï\n' |
        expect args 0
    same exit0 "$W2/hello.wasm" --exit 0
    same exit7 "$W2/hello.wasm" --exit 7
    printf 'line one\nline two\n' >input.txt
    STDIN=input.txt
    same cat "$W2/hello.wasm" --cat
    STDIN=/dev/null
    expect cat 0 <input.txt
    same env --env PATH=/usr/bin:/bin --env FOO=bar=baz "$W2/env.wasm" FOO HOME PATH
    printf 'FOO=bar=baz\nHOME unset\nPATH=/usr/bin:/bin\ncount=2\n' | expect env 0
    same env-none "$W2/env.wasm" HOME PATH
    # --env KEY grants the host's value of KEY (none when it is unset)
    export PARITY_FROM_HOST='host value'
    unset PARITY_UNSET || true
    same env-host --env PARITY_FROM_HOST --env PARITY_UNSET "$W2/env.wasm" PARITY_FROM_HOST PARITY_UNSET
    printf 'PARITY_FROM_HOST=host value\nPARITY_UNSET unset\ncount=1\n' | expect env-host 0
    # errors before the guest runs: status 1 from both, each with its own words
    same --no-stderr missing-dir --dir "$work/nonexistent::/x" "$W2/hello.wasm"
    [ "$(cat missing-dir.wrun.status)" = 1 ] || fail "missing-dir: status $(cat missing-dir.wrun.status)"
    same --no-stderr missing-file "$work/nonexistent.wasm"
    same --no-stderr no-run-export "$G/provider-c.wasm"
    fresh_files() { rm -rf "$work/files" && mkdir "$work/files"; }
    FRESH=fresh_files
    same files --dir "$work/files::/data" "$W2/files.wasm" /data
    grep -q 'content: \[HELLO fi\]' files.wrun.out || fail "files: no content line"
    fresh_box() {
        rm -rf "$work/top" && mkdir -p "$work/top/box/a"
        echo secret >"$work/top/secret.txt"
        echo inside >"$work/top/box/inside.txt"
        ln -s /etc "$work/top/box/hostlink"
        ln -s .. "$work/top/box/uplink"
    }
    FRESH=fresh_box
    same escape --dir "$work/top/box::/box" "$W2/escape.wasm" /box "$work/top/secret.txt"
    FRESH=
    grep -q ESCAPED escape.wrun.out && fail "escape: a sandbox escape succeeded"
    grep -q 'inside: reachable' escape.wrun.out || fail "escape: inside.txt not reachable"
    same clocks "$W2/clocks.wasm" "$(date +%s)"
    printf 'ok wall\nok resolution\nok sleep\n' | expect clocks 0
    same random "$W2/random.wasm"
    ;;
cjs)
    app=$W2/js-app.wasm
    [ -f "$app" ] || fail "no $app (built by tests/wasi2 with componentize-js)"
    same args "$app" alpha "beta gamma" "ünï"
    printf 'hello from js\nargc 3\narg alpha\narg beta gamma\narg ünï\n' | expect args 0
    same none "$app"
    same fields "$app" --fields
    # wrun grants no network; `wasmtime run -S http` lets the guest send
    # requests (handle() answers a future, the refusal would come later), so
    # only the socket line is compared and wrun's own answer is checked
    run_one deny.wrun "$WRUN" "$app" --deny
    run_one deny.wasmtime "$WASMTIME" run -S http "$app" --deny
    grep '^tcp:' deny.wrun.out >deny.tcp.wrun || true
    grep '^tcp:' deny.wasmtime.out >deny.tcp.wasmtime || true
    cmp -s deny.tcp.wrun deny.tcp.wasmtime || { show deny; fail "deny: the tcp line differs from wasmtime's"; }
    printf 'http: error {"tag":"HTTP-request-denied"}\ntcp: error "access-denied"\n' | expect deny 0
    ;;
cpy)
    same cmd "$G/py-command.wasm" a "b c" "ünï"
    printf 'hello from python\nargc 3\narg a 1\narg b c 3\narg ünï 5\n' | expect cmd 0
    [ "$(cat cmd.wrun.err)" = "to stderr" ] || fail "cmd: stderr $(cat cmd.wrun.err)"
    same cmd-fail "$G/py-command.wasm" --fail
    [ "$(cat cmd-fail.wrun.status)" = 1 ] || fail "--fail: status $(cat cmd-fail.wrun.status)"
    # an uncaught exception traps: Python's traceback is the same on both,
    # but the trap report after it is each runtime's own wording
    same --no-stderr cmd-raise "$G/py-command.wasm" --raise
    [ "$(cat cmd-raise.wrun.status)" = 134 ] || fail "--raise: status $(cat cmd-raise.wrun.status)"
    grep -q 'ValueError: raised on request' cmd-raise.wrun.err || fail "--raise: no traceback"
    same greet --invoke 'greet("wörld")' "$G/cpy-hello.wasm"
    echo '"hello wörld"' | expect greet 0
    same greet-quotes --invoke 'greet("say \"hi\"\n\t")' "$G/cpy-hello.wasm"
    ;;
names)
    # which export --invoke calls: the top-level one first, then
    # IFACE.NAME, then a function of the name in exactly one interface
    m=$G/names.wasm
    same top --invoke 'f()' "$m"
    echo 1 | expect top 0
    same only-in-j --invoke 'h()' "$m"
    echo 3 | expect only-in-j 0
    same qualified --invoke 'test:names/j.g()' "$m"
    echo 2 | expect qualified 0
    # in two interfaces, or nowhere: status 1 (each runtime words its error)
    same --no-stderr ambiguous --invoke 'g()' "$m"
    [ "$(cat ambiguous.wrun.status)" = 1 ] || fail "ambiguous: status $(cat ambiguous.wrun.status)"
    same --no-stderr no-such-iface --invoke 'test:names/k.g()' "$m"
    same --no-stderr no-such-func --invoke 'nope()' "$m"
    ;;
wave)
    # the WAVE invocations of tests/component-rt/cli_test.sh (components
    # made there by wasm-tools from WAT and C), every value kind printed
    # and parsed; components composed by `wasm-tools compose` too
    v=$CRT/values.wasm
    c=$CRT/c-cmd.wasm
    [ -f "$v" ] && [ -f "$c" ] || fail "no $CRT/values.wasm (crt-gen failed?)"
    same run "$c"
    same run-err "$CRT/c-cmd-err.wasm"
    n=0
    for call in 'greet("wörld")' 'add(4294967295, 2)' 'stats([1.5, 2.5, -1])' \
        'greet("a\"b\nc'"'"'d\t\u{1f600}")'; do
        n=$((n + 1))
        same c-cmd-$n --invoke "$call" "$c"
    done
    for call in 'point()' 'shape()' 'res()' 'perms()' 'color()' 'smile()' \
        'sum-point({x: 3, y: -10})' 'sum-point({y: 1, x: 2,})' 'shape-tag(empty)' \
        'shape-tag(circle(1.5))' 'perm-bits({write, exec})' "char-code('\\u{1f600}')" \
        "char-code('\\'')" 'color-index(%true)' 'len("héllo")' 'bytes([1, 2, 3])' 'bytes([])' \
        'neg(1.5)' 'neg(1)' 'neg(1e-7)' 'neg(inf)' 'neg(-inf)' 'neg(nan)' 'neg(-0)' 'neg(0)' \
        'neg(1e300)' 'neg(123456789.125)' 'neg(5e-324)' 'neg(0.1)' \
        'opt(some(7))' 'opt(none)'; do
        n=$((n + 1))
        same values-$n --invoke "$call" "$v"
    done
    # no such export: both fail with status 1 (each with its own message)
    same --no-stderr nope --invoke 'nope()' "$v"
    [ "$(cat nope.wrun.status)" = 1 ] || fail "nope: status $(cat nope.wrun.status)"
    same composed-ok --invoke 'greet("C")' "$CRT/composed-c.wasm"
    # a trap in the callee: wasmtime's trap report is its own
    same --no-stderr composed-trap --invoke 'greet("CC")' "$CRT/composed-c.wasm"
    same compose --invoke 'shout("hi")' "$CRT/compose.wasm"
    ;;
*)
    fail "unknown case $case_name"
    ;;
esac
echo "PASS: $case_name ($checks runs compared with wasmtime)"
