#!/usr/bin/env bash
# Builds the fuzz targets (tests/fuzz/<target>_fuzz.cc) as libFuzzer programs with ASan and UBSan
# (clang, in ./build-fuzz) and runs each for SECONDS (default 60), one after the other. The
# repository's corpus (tests/fuzz/corpus/<target>) is only read; what the fuzzer finds goes to
# build-fuzz/fuzz/corpus/<target>, and a crash, leak, timeout or sanitizer report leaves its input
# in build-fuzz/fuzz/artifacts/<target>/ (replay: build-fuzz/tests/fuzz/fuzz_<target> FILE) and
# makes the script exit 1 after the other targets have run. Prints each target's final figures.
# Usage: tests/fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-60}"
shift || true
BUILD="${FUZZ_BUILD_DIR:-build-fuzz}"

# clang with libFuzzer and the sanitizers' runtimes, llvm-symbolizer for readable stacks; then
# the suite's own packages.
bash tests/sanitizers/clang_packages.sh
bash scripts/setup.sh --no-build

if (($#)); then
  targets=("$@")
else
  targets=()
  for f in tests/fuzz/*_fuzz.cc; do targets+=("$(basename "$f" _fuzz.cc)"); done
fi

CC=clang CXX=clang++ cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DDISTRICT_SANITIZE=address -DDISTRICT_FUZZ=ON -DDISTRICT_STATIC_ARCHIVES=OFF >/dev/null
cmake --build "$BUILD" -j "$(nproc)" --target "${targets[@]/#/fuzz_}"

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:symbolize=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
failed=()
for t in "${targets[@]}"; do
  work="$BUILD/fuzz/corpus/$t" artifacts="$BUILD/fuzz/artifacts/$t" log="$BUILD/fuzz/$t.log"
  mkdir -p "$work" "$artifacts"
  echo "== $t: ${seconds}s"
  status=0
  "$BUILD/tests/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" "$work" "tests/fuzz/corpus/$t" >"$log" 2>&1 || status=$?
  grep -E "^#[0-9]+[[:space:]]+(DONE|INITED)|stat::number_of_executed_units|stat::peak_rss_mb" "$log" || true
  if ((status != 0)); then
    failed+=("$t")
    grep -E -A30 "^==[0-9]+==ERROR|runtime error|deadly signal|Test unit written" "$log" | head -60
  fi
done
if ((${#failed[@]})); then
  echo "fuzz: failed: ${failed[*]} (logs: $BUILD/fuzz/<target>.log)"
  exit 1
fi
echo "fuzz: ${#targets[@]} targets, ${seconds}s each, no crash"
