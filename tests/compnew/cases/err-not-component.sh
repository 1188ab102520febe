# 'component wit' on a core module
printf '\000asm\001\000\000\000' > "$TMP/core.wasm"
echo "cd '$TMP' && '$WITC' component wit core.wasm"
