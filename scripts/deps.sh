#!/usr/bin/env bash
# Install what the project needs on a Debian 12 machine: the build's Debian
# packages always; with --oracles also the reference tools the tests compare
# against (wasm-tools from crates.io, jco + componentize-js from npm).
# Idempotent: what is already there is skipped.  Runs as root or with sudo.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"

PKGS="build-essential cmake ninja-build pkg-config clang-19 lld-19 wasi-libc
  libclang-rt-19-dev-wasm32 libclang-rt-19-dev wabt libcmocka-dev libyaml-dev
  libpcre2-dev libcurl4-openssl-dev"
missing=""
for p in $PKGS; do
  dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "deps: installing Debian packages:$missing"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi

[ "${1:-}" = "--oracles" ] || exit 0

# Reference tools (tests only; the toolchain never needs them).
WASM_TOOLS_VERSION=1.263.0
if ! command -v wasm-tools >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/wasm-tools" ]; then
  echo "deps: cargo install wasm-tools $WASM_TOOLS_VERSION (about 3.5 minutes on 2 cores, once)"
  cargo install --locked --quiet wasm-tools@"$WASM_TOOLS_VERSION"
fi
if ! command -v componentize-py >/dev/null 2>&1; then
  echo "deps: pip install componentize-py"
  python3 -m pip install --quiet componentize-py==0.25.1
fi
if [ ! -x tests/oracles/node_modules/.bin/jco ]; then
  echo "deps: npm install jco + componentize-js (tests/oracles)"
  (cd tests/oracles && npm install --no-audit --no-fund --silent)
fi
