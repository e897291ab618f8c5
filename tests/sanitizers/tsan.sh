#!/usr/bin/env bash
# The tests of the suite's own concurrency under ThreadSanitizer: the store and its group commit,
# per-key locks, the shared mutex, the log, metrics, the audit trail and resource store, the change
# signal and push streams under WatchReminders, the reminder feed, reflection's streams, and the
# web service (its unit tests, and its door with web_server and project_server as processes).
# Builds ./build-tsan with clang (-DDISTRICT_SANITIZE=thread) and runs those tests; fails on a test
# failure or any report, of the tests or of a process they start: every one of them writes its
# reports to build-tsan/sanitizer-reports/ (log_path, inherited through TSAN_OPTIONS). tsan.supp
# suppresses only what is seen through the Debian libraries, which are not instrumented (it says
# why for each); common/tsan.h tells TSan the order gRPC makes between the suite's threads. Not in
# CI (it takes minutes on top of the ASan run); README, "Fuzzing and sanitizers".
# Usage: tests/sanitizers/tsan.sh [TEST...]   (default: all of them; TSAN_BUILD_DIR for another tree)
set -euo pipefail
cd "$(dirname "$0")/../.."
bash tests/sanitizers/clang_packages.sh
bash scripts/setup.sh --no-build
BUILD="$(realpath -m "${TSAN_BUILD_DIR:-build-tsan}")"
TESTS=(store_test zeroed_wal_test fact_table_test shared_mutex_test key_locks_test log_test
       metrics_test audit_test resource_store_test auth_test scope_test tls_test validation_test
       watch_reminders_test reminder_feed_test reflection_service_test web_unit_test web_door_test)
(($#)) && TESTS=("$@")

CC=clang CXX=clang++ cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DDISTRICT_SANITIZE=thread -DDISTRICT_STATIC_ARCHIVES=OFF >/dev/null
cmake --build "$BUILD" -j "$(nproc)" --target "${TESTS[@]}"

reports="$BUILD/sanitizer-reports"
rm -rf "$reports"
mkdir -p "$reports"
# Not halted at the first report: a run shows all of them. The servers web_door_test starts inherit
# these options, and so write theirs beside the tests'.
# symbolizer/llvm-symbolizer shortens Boost.Asio's very long names (it says why).
export TSAN_OPTIONS="log_path=$reports/tsan:halt_on_error=0:second_deadlock_stack=1:suppressions=$PWD/tests/sanitizers/tsan.supp:external_symbolizer_path=$PWD/tests/sanitizers/symbolizer/llvm-symbolizer"
failed=()
for t in "${TESTS[@]}"; do
  start=$(date +%s)
  options="$TSAN_OPTIONS"
  # LockAll holds every one of KeyLocks' 256 stripes at once; TSan's lock-order (deadlock)
  # detector tracks at most 64 locks held by a thread and stops the process with a CHECK beyond.
  [ "$t" = key_locks_test ] && options="$options:detect_deadlocks=0"
  if (cd "$BUILD/tests" && TSAN_OPTIONS="$options" timeout 600 "./$t" --gtest_brief=1 \
    >"$BUILD/$t.log" 2>&1); then
    echo "ok    $t ($(($(date +%s) - start)) s)"
  else
    echo "FAIL  $t ($(($(date +%s) - start)) s): $BUILD/$t.log"
    failed+=("$t")
  fi
done
if compgen -G "$reports/*" >/dev/null; then
  cat "$reports"/*
  echo "tsan: reports above ($reports)"
  exit 1
fi
if ((${#failed[@]})); then
  echo "tsan: failed: ${failed[*]}"
  exit 1
fi
echo "tsan: ${#TESTS[@]} test programs, no report"
