#!/usr/bin/env bash
# Sets up, builds, and runs every test (unit, API over loopback, server processes).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --with-tests
ctest --test-dir build --output-on-failure -j "$(nproc)"
