#!/usr/bin/env bash
# Sets up, builds, and runs every test (unit, API over loopback, server processes); then the same
# tests again under ASan and UBSan in ./build-asan (tests/sanitizers/asan.sh; SANITIZERS=0 skips).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --with-tests
ctest --test-dir build --output-on-failure -j "$(nproc)"
if [ "${SANITIZERS:-1}" != 0 ]; then
  bash tests/sanitizers/asan.sh
fi
