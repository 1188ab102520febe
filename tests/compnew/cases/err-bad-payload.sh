# a component-type section whose payload is a truncated component
printf '\000asm\001\000\000\000\000\035\016component-type\000asm\015\000\001\000\007\005\001\101\001\001' > "$TMP/m.wasm"
echo "cd '$TMP' && '$WITC' component new m.wasm"
