#!/usr/bin/env bash
# Install what the project needs on a Debian 12 machine: the build's Debian
# packages always; with --npm also jco (npm: it carries the standard
# preview-1 adapter the demo uses); with --demo that and wac (the demo
# composes two components with `wac plug` until our `compose` can); with
# --oracles every reference tool the
# tests compare against (wasm-tools, wit-bindgen, wac and wasmtime from
# crates.io, jco + componentize-js from npm, componentize-py from PyPI).
# Idempotent: what is already there is skipped.  Runs as root or with sudo.
set -euo pipefail
cd "$(dirname "$0")/.."
# Where cargo, pip and pyenv put tools, also for non-login shells (CI).
export PATH="$HOME/.cargo/bin:$HOME/.local/bin:$HOME/.pyenv/shims:$PATH"
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

MODE=${1:-}
npm_oracles() {
  if [ ! -x tests/oracles/node_modules/.bin/jco ]; then
    echo "deps: npm install jco + componentize-js (tests/oracles)"
    (cd tests/oracles && npm install --no-audit --no-fund --silent)
  fi
}
# wac composes components (`wac plug`) for the demo and the tests of
# tests/parity, until our own `compose` can; the version is checked, not
# only the presence.
WAC_VERSION=0.12.0
wac_tool() {
  if [ "$(wac --version 2>/dev/null)" != "wac-cli $WAC_VERSION" ]; then
    echo "deps: cargo install wac-cli $WAC_VERSION (about 4 minutes on 2 cores, once)"
    cargo install --locked --quiet --force wac-cli@"$WAC_VERSION"
  fi
}
if [ "$MODE" = "--npm" ] || [ "$MODE" = "--demo" ]; then
  npm_oracles
  [ "$MODE" = "--npm" ] || wac_tool
  exit 0
fi
[ "$MODE" = "--oracles" ] || exit 0

# Reference tools (tests only; the toolchain never needs them).
WASM_TOOLS_VERSION=1.263.0
if ! command -v wasm-tools >/dev/null 2>&1; then
  echo "deps: cargo install wasm-tools $WASM_TOOLS_VERSION (about 3.5 minutes on 2 cores, once)"
  cargo install --locked --quiet wasm-tools@"$WASM_TOOLS_VERSION"
fi
WIT_BINDGEN_VERSION=0.63.0
if ! command -v wit-bindgen >/dev/null 2>&1; then
  echo "deps: cargo install wit-bindgen-cli $WIT_BINDGEN_VERSION (about 2 minutes, once)"
  cargo install --locked --quiet wit-bindgen-cli@"$WIT_BINDGEN_VERSION"
fi
wac_tool
WASMTIME_VERSION=48.0.0 # 49+ need a newer rustc than the machine's 1.95
if ! command -v wasmtime >/dev/null 2>&1; then
  echo "deps: cargo install wasmtime-cli $WASMTIME_VERSION (about 13 minutes on 2 cores, once)"
  cargo install --locked --quiet wasmtime-cli@"$WASMTIME_VERSION"
fi
if ! command -v componentize-py >/dev/null 2>&1; then
  echo "deps: pip install componentize-py"
  if python3 -m pip --version >/dev/null 2>&1; then
    python3 -m pip install --quiet componentize-py==0.25.1 ||
      python3 -m pip install --quiet --break-system-packages componentize-py==0.25.1
  else
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-pip >/dev/null
    python3 -m pip install --quiet --break-system-packages componentize-py==0.25.1
  fi
fi
npm_oracles
