# embed err.wit into err-no-memory.wat, then 'component new' fails
wat2wasm err-no-memory.wat -o "$TMP/m.wasm" && "$WITC" component embed err.wit "$TMP/m.wasm" -o "$TMP/e.wasm" || exit 1
echo "\"$WITC\" component new \"$TMP/e.wasm\""
