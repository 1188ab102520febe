# a truncated module
printf '\000asm\001\000\000\000\001\005\001\140' > "$TMP/bad.wasm"
echo "cd '$TMP' && '$WITC' component new bad.wasm"
