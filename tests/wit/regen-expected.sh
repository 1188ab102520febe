#!/bin/sh
# Regenerate the expected outputs of the WIT golden corpus from wasm-tools.
#
#   tests/wit/regen-expected.sh           rewrite valid/*.json, valid/*.wit.expected,
#                                         invalid/*.wasm-tools.txt
#   tests/wit/regen-expected.sh --check   regenerate into a temp dir and diff; exit 1 on drift
#
# A case is valid/NAME.wit or valid/NAME/ (a directory package with optional deps/);
# likewise invalid/NAME.wit or invalid/NAME/. valid/NAME.features, when present, holds
# the comma-separated @unstable features to enable (passed as `--features`).
# The script fails if a valid case is rejected or an invalid case is accepted.
# wasm-tools is taken from $WASM_TOOLS, else PATH, else /root/.cargo/bin.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
wt=${WASM_TOOLS:-$(command -v wasm-tools || echo /root/.cargo/bin/wasm-tools)}
[ -x "$wt" ] || { echo "regen-expected: wasm-tools not found ($wt)" >&2; exit 2; }

check=0
[ "${1:-}" = "--check" ] && check=1
out=$here
if [ $check = 1 ]; then
  out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
  mkdir -p "$out/valid" "$out/invalid"
fi

# Pretty-print JSON with stable formatting, keeping key order (world import
# order is meaningful).
normalize='import json,sys
d=json.load(sys.stdin, object_pairs_hook=lambda p: dict(p))
sys.stdout.write(json.dumps(d, indent=2, ensure_ascii=False) + "\n")'

cases() { # list case names in $1 (files NAME.wit and dirs NAME/)
  for p in "$1"/*; do
    case $p in
      *.wit) basename "$p" .wit ;;
      *) [ -d "$p" ] && basename "$p" ;;
    esac
  done | sort -u
}

input() { # path of case $2 in dir $1, relative to $1
  if [ -d "$1/$2" ]; then echo "$2"; else echo "$2.wit"; fi
}

fail=0
for n in $(cases "$here/valid"); do
  in=$(input "$here/valid" "$n")
  feat=""
  [ -f "$here/valid/$n.features" ] && feat="--features $(tr -d ' \n' < "$here/valid/$n.features")"
  # shellcheck disable=SC2086
  if ! (cd "$here/valid" && "$wt" component wit --color never $feat --json "$in") \
      > "$out/valid/$n.json.raw" 2> "$out/valid/$n.err"; then
    echo "valid case rejected: $n"; sed 's/^/    /' "$out/valid/$n.err"; fail=1
  else
    python3 -c "$normalize" < "$out/valid/$n.json.raw" > "$out/valid/$n.json"
    # shellcheck disable=SC2086
    (cd "$here/valid" && "$wt" component wit --color never $feat "$in") > "$out/valid/$n.wit.expected"
  fi
  rm -f "$out/valid/$n.json.raw" "$out/valid/$n.err"
done

for n in $(cases "$here/invalid"); do
  in=$(input "$here/invalid" "$n")
  if (cd "$here/invalid" && "$wt" component wit --color never "$in") > /dev/null 2> "$out/invalid/$n.err"; then
    echo "invalid case accepted: $n"; fail=1
  else
    mv "$out/invalid/$n.err" "$out/invalid/$n.wasm-tools.txt"
  fi
  rm -f "$out/invalid/$n.err"
done

if [ $check = 1 ]; then
  for n in $(cases "$here/invalid"); do
    grep -q "^| $n |" "$here/invalid/INDEX.md" || { echo "not in invalid/INDEX.md: $n"; fail=1; }
  done
  for f in "$out"/valid/* "$out"/invalid/*; do
    [ -e "$f" ] || continue
    rel=${f#"$out"/}
    if ! cmp -s "$f" "$here/$rel"; then echo "out of date: $rel"; fail=1; fi
  done
fi
exit $fail
