#!/bin/sh
# gen.sh OUT - build the guests of tests/parity from source into OUT (the
# parity-inputs fixture): every one is built by the tools a user would use.
#
#   caller.wasm       guests/caller.c: a command importing test:parity/text
#                     (`witc bindgen` + clang + wasi-libc + `witc component new`
#                     with the preview-1 reactor adapter)
#   provider-c.wasm   guests/provider.c exporting test:parity/text (the same tools)
#   provider-js.wasm  guests/provider.js (componentize-js, SpiderMonkey inside)
#   provider-py.wasm  guests/provider.py (componentize-py, CPython inside)
#   composed-L.wasm   `wac plug caller.wasm --plug provider-L.wasm`, L in c js py
#   example-compose.wasm  the demo's examples/compose: app plugged with provider
#   greeter.wasm      the tutorial's greeter (tests/bindgen: worlds/greeter,
#                     guests/greeter.c) plugged with guests/logger.c
#   types.wasm        tests/bindgen's types guest (every WIT type, `witc
#                     bindgen`, freestanding) plugged with guests/types_host.c
#                     (its imports, as run_types.mjs gives them under Node)
#   naming.wasm       tests/bindgen's naming guest plugged with
#                     guests/naming_host.c (run_naming.mjs's host)
#   bg-wb.wasm        tests/component-rt's bindgen/guest.c with wit-bindgen's
#                     glue, plugged with guests/bg_host.c (its imports)
#   bg-witc.wasm      the same guest with `witc bindgen`'s glue, same plug
#   hello-command.wasm tests/bindgen's freestanding command (witc bindgen,
#                     world command of wit/, no libc)
#   py-command.wasm   guests/command.py, a Python command (componentize-py)
#   cpy-hello.wasm    tests/component/py/app.py (greet), componentize-py
#   names.wasm        wat/names.wat: one function name exported several times
#
# Environment (set by CMakeLists.txt): WITC WASM_TOOLS WIT_BINDGEN WAC CC CJS CPY ADAPTER
# (the preview-1 reactor adapter) SRC (tests/) WIT_DIR (the repository's wit/).
# A missing tool fails the fixture, so every parity test fails with it.
set -eu
out=$1
for v in WITC WASM_TOOLS WIT_BINDGEN WAC CC CJS CPY ADAPTER; do
    eval "val=\${$v:-}"
    if [ -z "$val" ] || { ! [ -f "$val" ] && ! command -v "$val" >/dev/null 2>&1; }; then
        echo "gen.sh: FAIL: $v is not available ('$val'); run the README's test command to install the oracles" >&2
        exit 1
    fi
done
P=$SRC/parity
rm -rf "$out" && mkdir -p "$out/tmp"
tmp=$out/tmp
CFLAGS="-O2 -Wall -Wextra -Werror"

# WIT folders: ours next to a copy of the repository's WASI packages.
mkdir -p "$tmp/wit" "$tmp/pywit" "$tmp/greeter"
cp "$P/wit/text.wit" "$tmp/wit/" && cp -r "$WIT_DIR/deps" "$tmp/wit/"
cp "$P/wit/py-command.wit" "$tmp/pywit/" && cp -r "$WIT_DIR/deps" "$tmp/pywit/"
cp "$SRC/bindgen/worlds/greeter/greeter.wit" "$P/wit-greeter/logger.wit" "$tmp/greeter/"

# The slow ones (componentize-js 15-40 s, componentize-py ~5 s each) in the
# background; componentize-py writes __pycache__ next to its sources.
"$CJS" --wit "$tmp/wit" -n provider -o "$out/provider-js.wasm" "$P/guests/provider.js" \
    >"$tmp/cjs.log" 2>&1 &
cjs_pid=$!
py() { # NAME WITDIR WORLD SRCDIR MODULE
    "$CPY" -d "$2" -w "$3" componentize -p "$4" "$5" -o "$out/$1.wasm" >"$tmp/$1.log" 2>&1 ||
        { cat "$tmp/$1.log" >&2; echo "gen.sh: componentize-py failed for $1" >&2; return 1; }
}
mkdir -p "$tmp/py-provider" "$tmp/py-command" "$tmp/py-hello"
cp "$P/guests/provider.py" "$tmp/py-provider/"
cp "$P/guests/command.py" "$tmp/py-command/"
cp "$SRC/component/py/app.py" "$tmp/py-hello/"
(py provider-py "$tmp/wit" provider "$tmp/py-provider" provider &&
    py py-command "$tmp/pywit" command "$tmp/py-command" command &&
    py cpy-hello "$SRC/component/js/hello.wit" hello "$tmp/py-hello" app) &
cpy_pid=$!

# C guests with wasi-libc: witc bindgen, clang (reactor), witc component new.
cguest() { # NAME WITDIR WORLD SOURCE
    "$WITC" bindgen "$2" --world "$3" --out-dir "$tmp/gen-$1" >/dev/null
    base=$(echo "$3" | tr - _) # the files are named after the world in C spelling
    "$CC" --target=wasm32-wasi -mexec-model=reactor $CFLAGS -I"$tmp/gen-$1" -o "$tmp/$1.core.wasm" \
        "$4" "$tmp/gen-$1/$base.c" "$tmp/gen-$1/${base}_component_type.c"
    "$WITC" component new "$tmp/$1.core.wasm" --adapt wasi_snapshot_preview1="$ADAPTER" -o "$out/$1.wasm"
    "$WASM_TOOLS" validate "$out/$1.wasm"
}
cguest caller "$tmp/wit" caller "$P/guests/caller.c"
cguest provider-c "$tmp/wit" provider "$P/guests/provider.c"
cguest greeter-alone "$tmp/greeter" greeter "$SRC/bindgen/guests/greeter.c"
cguest logger "$tmp/greeter" logger "$P/guests/logger.c"

# tests/bindgen's types guest (every WIT type; freestanding, with its
# mini_libc) as run.sh builds it, and guests/types_host.c exporting its imports.
mkdir -p "$tmp/types-wit"
cp "$SRC/bindgen/worlds/types/types.wit" "$P/wit-types/plug.wit" "$tmp/types-wit/"
"$WITC" bindgen "$SRC/bindgen/worlds/types" --out-dir "$tmp/gen-types" >/dev/null
"$CC" --target=wasm32-wasi $CFLAGS -fno-builtin -c "$SRC/bindgen/guests/mini_libc.c" -o "$tmp/mini_libc.o"
"$CC" --target=wasm32-wasi $CFLAGS -nostdlib -Wl,--no-entry -I"$tmp/gen-types" -o "$tmp/types.core.wasm" \
    "$SRC/bindgen/guests/types.c" "$tmp/gen-types/types.c" "$tmp/gen-types/types_component_type.c" \
    "$tmp/mini_libc.o"
"$WITC" component new "$tmp/types.core.wasm" -o "$out/types-alone.wasm"
"$WASM_TOOLS" validate "$out/types-alone.wasm"
cguest types-host "$tmp/types-wit" types-host "$P/guests/types_host.c"

# tests/bindgen's naming guest the same way, and guests/naming_host.c.
mkdir -p "$tmp/naming-wit"
cp "$SRC/bindgen/worlds/naming/naming.wit" "$P/wit-naming/plug.wit" "$tmp/naming-wit/"
"$WITC" bindgen "$SRC/bindgen/worlds/naming" --out-dir "$tmp/gen-naming" >/dev/null
"$CC" --target=wasm32-wasi $CFLAGS -nostdlib -Wl,--no-entry -I"$tmp/gen-naming" -o "$tmp/naming.core.wasm" \
    "$SRC/bindgen/guests/naming.c" "$tmp/gen-naming/naming.c" "$tmp/gen-naming/naming_component_type.c" \
    "$tmp/mini_libc.o"
"$WITC" component new "$tmp/naming.core.wasm" -o "$out/naming-alone.wasm"
"$WASM_TOOLS" validate "$out/naming-alone.wasm"
cguest naming-host "$tmp/naming-wit" naming-host "$P/guests/naming_host.c"

# tests/component-rt's guest (bindgen/guest.c, world bg) with its glue from
# wit-bindgen (the oracle) and from `witc bindgen`, and guests/bg_host.c
# exporting what it imports.
mkdir -p "$tmp/bg-wit" "$tmp/gen-bg-wb"
cp "$SRC/component-rt/bindgen/bg.wit" "$P/wit-bg/plug.wit" "$tmp/bg-wit/"
"$WIT_BINDGEN" c "$SRC/component-rt/bindgen/bg.wit" --out-dir "$tmp/gen-bg-wb" >/dev/null
"$CC" --target=wasm32-wasi -mexec-model=reactor $CFLAGS -I"$tmp/gen-bg-wb" -o "$tmp/bg-wb.core.wasm" \
    "$SRC/component-rt/bindgen/guest.c" "$tmp/gen-bg-wb/bg.c" "$tmp/gen-bg-wb/bg_component_type.o"
"$WASM_TOOLS" component new "$tmp/bg-wb.core.wasm" -o "$out/bg-wb-alone.wasm"
cguest bg-witc-alone "$SRC/component-rt/bindgen/bg.wit" bg "$SRC/component-rt/bindgen/guest.c"
cguest bg-host "$tmp/bg-wit" bg-host "$P/guests/bg_host.c"

# tests/bindgen's freestanding command: no libc, no adapter.
"$WITC" bindgen "$WIT_DIR" --world command --out-dir "$tmp/gen-command" >/dev/null
"$CC" --target=wasm32 $CFLAGS -nostdlib -Wl,--no-entry -I"$tmp/gen-command" -o "$tmp/hello-command.core.wasm" \
    "$SRC/bindgen/guests/hello_command.c" "$tmp/gen-command/command.c" \
    "$tmp/gen-command/command_component_type.c"
"$WITC" component new "$tmp/hello-command.core.wasm" -o "$out/hello-command.wasm"
"$WASM_TOOLS" validate "$out/hello-command.wasm"

wait "$cpy_pid" || exit 1
wait "$cjs_pid" || { cat "$tmp/cjs.log" >&2; echo "gen.sh: componentize-js failed" >&2; exit 1; }

# The demo's two components (examples/compose): no WASI imports, no adapter.
for w in app provider; do
    "$WITC" bindgen "$SRC/../examples/compose/shout.wit" --world "$w" --out-dir "$tmp/gen-ex-$w" >/dev/null
    "$CC" --target=wasm32-wasi -mexec-model=reactor $CFLAGS -I"$tmp/gen-ex-$w" -o "$tmp/ex-$w.core.wasm" \
        "$SRC/../examples/compose/$w.c" "$tmp/gen-ex-$w/$w.c" "$tmp/gen-ex-$w/${w}_component_type.c"
    "$WITC" component new "$tmp/ex-$w.core.wasm" -o "$out/ex-$w.wasm"
done
# One component written by hand (wat/names.wat): names for --invoke.
"$WASM_TOOLS" parse "$P/wat/names.wat" -o "$out/names.wasm"
"$WASM_TOOLS" validate "$out/names.wasm"

# Compositions by wac: the socket's import of the interface is satisfied by
# the plug's export, every other import stays an import of the result.
"$WAC" plug "$out/greeter-alone.wasm" --plug "$out/logger.wasm" -o "$out/greeter.wasm"
"$WAC" plug "$out/types-alone.wasm" --plug "$out/types-host.wasm" -o "$out/types.wasm"
"$WAC" plug "$out/naming-alone.wasm" --plug "$out/naming-host.wasm" -o "$out/naming.wasm"
for g in bg-wb bg-witc; do
    "$WAC" plug "$out/$g-alone.wasm" --plug "$out/bg-host.wasm" -o "$out/$g.wasm"
done
for l in c js py; do
    "$WAC" plug "$out/caller.wasm" --plug "$out/provider-$l.wasm" -o "$out/composed-$l.wasm"
done
"$WAC" plug "$out/ex-app.wasm" --plug "$out/ex-provider.wasm" -o "$out/example-compose.wasm"
for f in greeter types naming bg-wb bg-witc composed-c composed-js composed-py example-compose; do
    "$WASM_TOOLS" validate "$out/$f.wasm"
    # the composition left no import of the plugged interface
    if "$WASM_TOOLS" component wit "$out/$f.wasm" | grep -q 'import \(test:parity/text\|demo:greeter/host\|demo:shout/text\|test:types/host\|log:\|test:bg/\|plain\|world-fn\)'; then
        echo "gen.sh: FAIL: $f.wasm still imports the plugged interface" >&2
        exit 1
    fi
done
echo "gen.sh: parity guests in $out"
