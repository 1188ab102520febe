#!/bin/bash
# bench/run.sh - time the interpreter against native code.
#
#   bench/run.sh [WRUN] [PROGRAM...]
#
# Builds ../shared/bench/*.c natively (gcc -O2) and to wasm32-wasi (clang -O2,
# the flags of the shared build.sh) into build-bench/, runs each wasm program
# under WRUN (default: a Release build of wrun in build-rel/, configured and
# built here if missing), checks that its checksum line equals the native
# one, and prints the time ratio wasm/native per program and the geometric
# mean.  Times are user+sys CPU seconds (wait4), the best of 3 runs, so that a
# busy machine disturbs them less (wall-clock time is not used).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${CM_SHARED_DIR:-$ROOT/../shared}
[ -d "$SHARED/bench" ] || { echo "run.sh: no $SHARED/bench (set CM_SHARED_DIR)" >&2; exit 2; }
OUT=$ROOT/build-bench
WRUN=${1:-}
if [ -n "$WRUN" ] && [ -x "$WRUN" ]; then shift; else
  WRUN=$ROOT/build-rel/runtime/cli/wrun
  if [ ! -x "$WRUN" ]; then
    cmake -S "$ROOT" -B "$ROOT/build-rel" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCM_TESTS=OFF >/dev/null
    ninja -C "$ROOT/build-rel" -j2 wrun >/dev/null
  fi
fi
PROGS=${*:-fib sieve nbody sha256 matmul interp strops malloc}
[ -x "$OUT/native/fib" ] || bash "$SHARED/bench/build.sh" "$OUT" >/dev/null

best() { # best user+sys CPU time of 3 runs of "$@" (microsecond resolution, via
          # wait4); stdout of the last run in $OUT/out.txt
  python3 - "$OUT/out.txt" "$@" <<'PY'
import os, sys
out, argv = sys.argv[1], sys.argv[2:]
best = None
for _ in range(3):
    with open(out, "wb") as f:
        pid = os.fork()
        if pid == 0:
            os.dup2(f.fileno(), 1)
            os.execv(argv[0], argv)
        _, status, ru = os.wait4(pid, 0)
    t = ru.ru_utime + ru.ru_stime
    best = t if best is None else min(best, t)
print(f"{best:.3f}")
PY
}

printf "%-8s %9s %9s %7s  %s\n" program native wasm ratio checksum
status=0
ratios=()
for p in $PROGS; do
  n=$(best "$OUT/native/$p"); cp "$OUT/out.txt" "$OUT/$p.native.txt"
  w=$(best "$WRUN" "$OUT/wasm/$p.wasm")
  if cmp -s "$OUT/$p.native.txt" "$OUT/out.txt"; then ok=ok; else ok=DIFFERENT; status=1; fi
  r=$(awk "BEGIN{printf \"%.1f\", ($n > 0 ? $w / $n : 0)}")
  ratios+=("$r")
  printf "%-8s %9s %9s %6sx  %s\n" "$p" "$n" "$w" "$r" "$ok"
done
printf "%s\n" "${ratios[@]}" | awk '$1 > 0 {s += log($1); k++} END {if (k) printf "geometric mean: %.1fx native\n", exp(s / k)}'
exit $status
