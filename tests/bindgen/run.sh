#!/bin/sh
# run.sh CASE - one end-to-end test of `witc bindgen` (called by ctest).
#
#   types    worlds/types + guests/types.c: generate, compile (-Werror, wasm32
#            and wasm32-wasi), componentize (`witc component new`, and
#            wasm-tools as a cross-check), validate, check the world, run
#            every export under jco (run_types.mjs); the same guest source
#            must also compile against `wit-bindgen c` output (the oracle),
#            pass the same script, and the headers declare the same names;
#            --check passes on fresh files and fails on an edited one.
#   naming   worlds/naming + guests/naming.c, the same steps.
#   tutorial the tutorial of docs/bindgen-c.md (worlds/greeter, guests/greeter.c)
#            with wasi-libc and the reactor adapter, run under node.
#   cli      exit codes and messages of bad invocations.
#   command  wit/ world `command` + guests/hello_command.c, no libc: run with
#            `jco run` and `wrun`, check stdout, stderr and the exit status; world `all`
#            (every WASI 0.2 interface) compiles and matches the oracle's names.
#
# Environment (set by CMakeLists.txt): WITC WRUN SRC WIT_DIR OUT CC WASM_TOOLS JCO
# WIT_BINDGEN NODE.  Every tool is required: a missing one fails the test.
set -eu
case_name=$1
for v in WITC WRUN SRC WIT_DIR OUT CC WASM_TOOLS JCO WIT_BINDGEN NODE; do
    eval "val=\${$v:-}"
    if [ -z "$val" ] || { [ "$v" != SRC ] && [ "$v" != OUT ] && [ "$v" != WIT_DIR ] && ! command -v "$val" >/dev/null 2>&1; }; then
        echo "FAIL: $v is not available ('$val'); run the README's test command to install the oracles" >&2
        exit 1
    fi
done
G=$SRC/guests
W=$OUT/$case_name
rm -rf "$W"
mkdir -p "$W/ours" "$W/oracle"
CFLAGS="-O1 -Wall -Wextra -Werror"

fail() { echo "FAIL: $*" >&2; exit 1; }

# The public names a header declares: typedef'd types (also anonymous
# structs, by their closing line), functions, macros.
api_names() {
    grep -oE '(typedef [^;]* |^extern [^(]* |^[a-z_0-9]+[ *]+|#define |^} )[A-Za-z_0-9]+' "$1" \
        | grep -oE '[A-Za-z_0-9]+$' | sort -u
}

# A reactor guest of worlds/NAME with guests/NAME.c, linked with mini_libc
# (no WASI imports), run by run_NAME.mjs; then --check and the oracle.
# reactor NAME [witc|wasm-tools]: whose `component new` makes what runs.
reactor() {
    name=$1
    "$WITC" bindgen "$SRC/worlds/$name" --out-dir "$W/ours" >/dev/null
    cd "$W/ours"
    # the glue compiles freestanding and against wasi-libc
    "$CC" --target=wasm32 $CFLAGS -c $name.c -o /dev/null
    "$CC" --target=wasm32-wasi $CFLAGS -I. -c $name.c -o glue.o
    "$CC" --target=wasm32-wasi $CFLAGS -I. -c ${name}_component_type.c -o component_type.o
    "$CC" --target=wasm32-wasi $CFLAGS -I. -c "$G/$name.c" -o guest.o
    "$CC" --target=wasm32-wasi $CFLAGS -fno-builtin -c "$G/mini_libc.c" -o mini_libc.o
    "$CC" --target=wasm32-wasi -nostdlib -Wl,--no-entry guest.o glue.o component_type.o \
        mini_libc.o -o $name.core.wasm
    # componentize with ours, and with wasm-tools as a cross-check: both
    # valid, both with the same world.  With NEW=wasm-tools the wasm-tools
    # component is the one that runs and ours is not compared.
    "$WITC" component new $name.core.wasm -o $name.witc.wasm
    "$WASM_TOOLS" validate $name.witc.wasm
    "$WASM_TOOLS" component wit $name.witc.wasm > world.witc.wit
    "$WASM_TOOLS" component new $name.core.wasm -o $name.wt.wasm
    "$WASM_TOOLS" validate $name.wt.wasm
    "$WASM_TOOLS" component wit $name.wt.wasm > world.wit
    if [ "${2:-witc}" = witc ]; then
        cmp -s world.witc.wit world.wit || fail "witc and wasm-tools components have different worlds"
        cp $name.witc.wasm $name.wasm
    else
        cp $name.wt.wasm $name.wasm
    fi
    "$JCO" transpile $name.wasm -o js --instantiation async >/dev/null
    "$NODE" "$SRC/run_$name.mjs" js

    # --check: fresh files pass, an edited one fails and is named
    "$WITC" bindgen "$SRC/worlds/$name" --out-dir . --check
    echo "// edited" >> $name.h
    if "$WITC" bindgen "$SRC/worlds/$name" --out-dir . --check 2>check.err; then
        fail "--check accepted an edited $name.h"
    fi
    grep -q "$name.h" check.err || fail "--check did not name $name.h"

    # the oracle: the same guest source compiles against `wit-bindgen c`,
    # and its header declares exactly the public names ours does
    cd "$W/oracle"
    "$WIT_BINDGEN" c "$SRC/worlds/$name" --out-dir . >/dev/null
    "$CC" --target=wasm32-wasi $CFLAGS -I. -c "$G/$name.c" -o guest.o
    "$CC" --target=wasm32-wasi $CFLAGS -I. -c $name.c -o glue.o
    # ... and behaves the same: the expected values of run_NAME.mjs hold for
    # the component built with the reference generator too
    "$CC" --target=wasm32-wasi -nostdlib -Wl,--no-entry guest.o glue.o \
        ${name}_component_type.o ../ours/mini_libc.o -o $name.core.wasm
    "$WASM_TOOLS" component new $name.core.wasm -o $name.wasm
    "$JCO" transpile $name.wasm -o js --instantiation async >/dev/null
    "$NODE" "$SRC/run_$name.mjs" js
    api_names $name.h > names.oracle
    api_names ../ours/$name.h | grep -vx '// edited' > names.ours
    diff=$(comm -3 names.oracle names.ours)
    [ -z "$diff" ] || fail "public names differ from wit-bindgen's $name.h (left: only theirs, right: only ours): $diff"
}

expect_world() {
    for line in "$@"; do
        grep -qF "$line" "$W/ours/world.wit" || fail "component world lacks '$line'"
    done
}

case $case_name in
types)
    reactor types
    expect_world 'import test:types/host@0.1.0;' 'import log: func(msg: string);' \
        'export run: func() -> string;' 'export test:types/api@0.1.0;' 'resource blob {' \
        'many: func(a1: u8, a2: s8, a3: u16, a4: s16, a5: u32, a6: s32, a7: u64, a8: s64, a9: f32, a10: f64, a11: char, a12: bool, a13: string, a14: u32, a15: u32, a16: u32, a17: u32, a18: u32) -> u64;'
    ;;
naming)
    # `witc component new` turns the types consumer `use`s from shared into
    # copies (a second `handle` resource), which breaks the handles passed
    # between the two interfaces: run the wasm-tools component until fixed
    reactor naming wasm-tools
    expect_world 'import test:naming/shared;' 'import plain: interface {' \
        'import world-fn: func(r: world-rec) -> world-rec;' 'export test:naming/shared;' \
        'export test:naming/consumer;' 'export inline: interface {'
    ;;
command)
    "$WITC" bindgen "$WIT_DIR" --world command --out-dir "$W/ours" >/dev/null
    cd "$W/ours"
    for f in command.c command_component_type.c "$G/hello_command.c"; do
        "$CC" --target=wasm32 $CFLAGS -I. -c "$f" -o "$(basename "$f" .c).o"
    done
    "$CC" --target=wasm32 -nostdlib -Wl,--no-entry hello_command.o command.o \
        command_component_type.o -o hello.core.wasm
    "$WITC" component new hello.core.wasm -o hello.wasm
    "$WASM_TOOLS" validate hello.wasm
    "$WASM_TOOLS" component wit hello.wasm > world.wit
    "$WASM_TOOLS" component new hello.core.wasm -o hello.wt.wasm
    "$WASM_TOOLS" component wit hello.wt.wasm > world.wt.wit
    cmp -s world.wit world.wt.wit || fail "witc and wasm-tools components have different worlds"
    grep -qF 'export wasi:cli/run@0.2.12;' world.wit || fail "no wasi:cli/run export"
    status=0
    "$JCO" run hello.wasm > stdout.txt 2> stderr.txt || status=$?
    [ "$status" = 7 ] || fail "exit status $status, expected 7"
    [ "$(cat stdout.txt)" = "hello from a freestanding C component" ] || fail "stdout: $(cat stdout.txt)"
    [ "$(cat stderr.txt)" = "and a line on stderr" ] || fail "stderr: $(cat stderr.txt)"
    # ... and under our own runtime
    status=0
    "$WRUN" hello.wasm > wrun.stdout 2> wrun.stderr || status=$?
    [ "$status" = 7 ] || fail "wrun: exit status $status, expected 7 ($(cat wrun.stderr))"
    cmp -s stdout.txt wrun.stdout || fail "wrun: stdout $(cat wrun.stdout)"
    cmp -s stderr.txt wrun.stderr || fail "wrun: stderr $(cat wrun.stderr)"

    # the oracle: the guest compiles against wit-bindgen's command.h too
    cd "$W/oracle"
    "$WIT_BINDGEN" c "$WIT_DIR" --world command --out-dir . >/dev/null
    "$CC" --target=wasm32-wasi $CFLAGS -I. -c "$G/hello_command.c" -o hello_command.o
    "$CC" --target=wasm32-wasi $CFLAGS -I. -c command.c -o command.o
    "$CC" --target=wasm32-wasi -nostdlib -Wl,--no-entry hello_command.o command.o \
        command_component_type.o -o hello.core.wasm
    "$WASM_TOOLS" component new hello.core.wasm -o hello.wasm
    status=0
    "$JCO" run hello.wasm > stdout.txt 2> stderr.txt || status=$?
    [ "$status" = 7 ] || fail "oracle build: exit status $status, expected 7"
    cmp -s stdout.txt ../ours/stdout.txt || fail "oracle build: different stdout"
    api_names command.h > names.oracle
    api_names ../ours/command.h > names.ours
    diff=$(comm -3 names.oracle names.ours)
    [ -z "$diff" ] || fail "public names differ from wit-bindgen's command.h: $diff"

    # every WASI 0.2 type: world `all` (command + proxy) compiles both ways
    # and declares exactly the names wit-bindgen's header does
    mkdir -p "$W/all/ours" "$W/all/oracle"
    "$WITC" bindgen "$WIT_DIR" --world all --out-dir "$W/all/ours" >/dev/null
    "$CC" --target=wasm32 $CFLAGS -c "$W/all/ours/all.c" -o /dev/null
    "$CC" --target=wasm32-wasi $CFLAGS -c "$W/all/ours/all.c" -o /dev/null
    "$WIT_BINDGEN" c "$WIT_DIR" --world all --out-dir "$W/all/oracle" >/dev/null
    api_names "$W/all/oracle/all.h" > names.all.oracle
    api_names "$W/all/ours/all.h" > names.all.ours
    diff=$(comm -3 names.all.oracle names.all.ours)
    [ -z "$diff" ] || fail "public names differ from wit-bindgen's all.h: $diff"
    ;;
tutorial)
    # docs/bindgen-c.md, step by step: wasi-libc, the preview-1 reactor
    # adapter (jco's), `witc component new`, jco transpile with --map, node
    nm=$(dirname "$(dirname "$(command -v "$JCO")")")
    adapter=$nm/@bytecodealliance/jco/lib/wasi_snapshot_preview1.reactor.wasm
    [ -f "$adapter" ] || fail "no reactor adapter at $adapter"
    cd "$W/ours"
    "$WITC" bindgen "$SRC/worlds/greeter" --out-dir gen >/dev/null
    "$CC" --target=wasm32-wasi -mexec-model=reactor $CFLAGS -Igen "$G/greeter.c" gen/greeter.c \
        gen/greeter_component_type.c -o greeter.core.wasm
    "$WITC" component new greeter.core.wasm --adapt wasi_snapshot_preview1="$adapter" -o greeter.wasm
    "$WASM_TOOLS" validate greeter.wasm
    "$WASM_TOOLS" component wit greeter.wasm > world.wit
    expect_world 'import demo:greeter/host;' 'export greet: func(name: string) -> string;'
    echo 'export function log(m) { console.log("log:", m); }' > host.js
    "$JCO" transpile greeter.wasm -o out --map 'demo:greeter/host=../host.js' >/dev/null
    ln -sf "$nm" node_modules
    echo '{"type":"module"}' > package.json
    "$NODE" -e 'import("./out/greeter.js").then(m => console.log(m.greet("wasm")))' > run.txt
    printf 'log: greet called\nhello wasm\n' | cmp -s - run.txt || fail "tutorial output: $(cat run.txt)"
    # the guest in the docs is this file
    sed -n '/^```c$/,/^```$/p' "$SRC/../../docs/bindgen-c.md" | grep -qF 'demo_greeter_host_log(&msg);' \
        || fail "docs/bindgen-c.md no longer shows guests/greeter.c"
    ;;
cli)
    # exit codes: 2 usage, 1 reported errors (with a location for bad WIT)
    cd "$W"
    st=0; "$WITC" bindgen >/dev/null 2>&1 || st=$?
    [ $st = 2 ] || fail "no PATH: exit $st, expected 2"
    st=0; "$WITC" bindgen "$SRC/worlds/types" --bogus >/dev/null 2>&1 || st=$?
    [ $st = 2 ] || fail "unknown option: exit $st, expected 2"
    st=0; "$WITC" bindgen "$SRC/worlds/types" --world nope --out-dir "$W" 2>err.txt >/dev/null || st=$?
    [ $st = 1 ] || fail "unknown world: exit $st, expected 1"
    grep -q nope err.txt || fail "unknown world not named: $(cat err.txt)"
    printf 'package a:b;\nworld w { import x: func(a: nosuch); }\n' > "$W/bad.wit"
    st=0; "$WITC" bindgen "$W/bad.wit" --out-dir "$W" 2>err.txt >/dev/null || st=$?
    [ $st = 1 ] || fail "bad WIT: exit $st, expected 1"
    grep -q 'bad.wit:2:' err.txt || fail "bad WIT without a location: $(cat err.txt)"
    st=0; "$WITC" bindgen "$SRC/worlds/types" --check --out-dir "$W/none" 2>err.txt || st=$?
    [ $st = 1 ] || fail "--check on missing files: exit $st, expected 1"
    [ "$(grep -c differs err.txt)" = 3 ] || fail "--check should name three files: $(cat err.txt)"
    [ ! -e "$W/none" ] || fail "--check created the output directory"
    ;;
*)
    fail "unknown case $case_name"
    ;;
esac
echo "PASS: $case_name"
