#!/usr/bin/env bash
# The test command: install dependencies and oracles, build with ASan+UBSan
# and -Werror, run every test with ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh --oracles
export PATH="$HOME/.cargo/bin:$HOME/.local/bin:$HOME/.pyenv/shims:$PATH"
cmake -S . -B build-test -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCM_SANITIZE=ON -DCM_WERROR=ON
cmake --build build-test
ctest --test-dir build-test --output-on-failure -j"$(nproc)"
