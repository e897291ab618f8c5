#!/usr/bin/env bash
# The whole ctest suite under AddressSanitizer (with LeakSanitizer) and UndefinedBehaviorSanitizer:
# builds ./build-asan with clang (-DDISTRICT_SANITIZE=address, cmake/sanitizers.cmake) and runs
# ctest there, fuzz corpora included. Every process the tests start (the servers, districtctl) is
# instrumented too and writes any report to build-asan/sanitizer-reports/: the run fails when a
# test fails or any report is there, and prints them. scripts/test.sh runs it after the normal
# build's tests; the packages are scripts/setup.sh's (run first) and clang's.
# Usage: tests/sanitizers/asan.sh [CTEST_ARGS...]
set -euo pipefail
cd "$(dirname "$0")/../.."
bash tests/sanitizers/clang_packages.sh
BUILD="${ASAN_BUILD_DIR:-build-asan}"

CC=clang CXX=clang++ cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DDISTRICT_SANITIZE=address -DDISTRICT_STATIC_ARCHIVES=OFF >/dev/null
cmake --build "$BUILD" -j "$(nproc)"

reports="$PWD/$BUILD/sanitizer-reports"
rm -rf "$reports"
mkdir -p "$reports"
export ASAN_OPTIONS="log_path=$reports/asan:log_exe_name=1:detect_leaks=1"
export UBSAN_OPTIONS="log_path=$reports/ubsan:log_exe_name=1:print_stacktrace=1:halt_on_error=1"
export LSAN_OPTIONS="suppressions=$PWD/tests/sanitizers/lsan.supp:print_suppressions=0"
status=0
# One test is left to the normal build: it checks that the aggregator answers within a 20 ms margin
# of its caller's deadline, a figure about the optimized code that ASan's slowdown does not keep
# (it failed once in a clean CI run, passing in the normal build of the same run).
ctest --test-dir "$BUILD" --output-on-failure -j "$(nproc)" \
  -E '^AggregatorTest\.ASlowBackendIsCutOffAtTheCallersDeadline$' "$@" || status=$?
if compgen -G "$reports/*" >/dev/null; then
  cat "$reports"/*
  echo "asan: sanitizer reports above ($reports)"
  exit 1
fi
exit "$status"
