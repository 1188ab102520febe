# a core module without a component-type section
wat2wasm err-missing-export.wat -o "$TMP/m.wasm" || exit 1
echo "cd '$TMP' && '$WITC' component new m.wasm"
