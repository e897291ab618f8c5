#!/usr/bin/env bash
# Installs the Debian packages the suite builds with (when any is missing), the npm packages
# (services/web/ui's and protos/', each pinned by its lockfile), then configures and builds everything into
# ./build. Safe to run again: it only does what is left to do.
#   --with-tests  also what the tests need: headless Chromium with CJK fonts, python3-openpyxl,
#                 clang-format (the style check)
#   --no-build    only the packages (for a build of its own: tests/fuzz/run.sh, tests/sanitizers)
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential cmake pkg-config openssl
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler grpc-proto
  librocksdb-dev libabsl-dev libgtest-dev libgmock-dev libssl-dev libjemalloc-dev
  libcpp-httplib-dev libboost-dev libxlsxwriter-dev libzip-dev libexpat1-dev nlohmann-json3-dev libspdlog-dev
  prometheus-cpp-dev libcivetweb-dev libsodium-dev libjwt-dev
)
with_tests=0 build=1
for arg in "$@"; do
  case "$arg" in
    --with-tests) with_tests=1 ;;
    --no-build) build=0 ;;
    *) echo "setup: unknown option $arg" >&2; exit 2 ;;
  esac
done
if ((with_tests)); then
  PACKAGES+=(chromium fonts-wqy-zenhei python3-openpyxl clang-format)
fi
# npm: the machine's Node.js may bring its own; otherwise Debian's.
command -v npm >/dev/null 2>&1 || PACKAGES+=(nodejs npm)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# npm packages, exactly as locked: the page's (Vue, Element Plus, ECharts; Vite to build it, Vitest
# and puppeteer-core for its tests) and Google's API protos that the contracts import
# (google-proto-files).
for dir in services/web/ui protos; do
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done

# The page, built by Vite into services/web/ui/dist (CMake copies it to web_server's static
# directory): when it is missing or older than its sources or its lockfile.
ui=services/web/ui
if [ ! -f "$ui/dist/index.html" ] || [ -n "$(find "$ui/src" "$ui/index.html" "$ui/vite.config.js" \
    "$ui/package-lock.json" -newer "$ui/dist/index.html" -print -quit)" ]; then
  (cd "$ui" && npm run build --silent >/dev/null)
fi

((build)) || exit 0
BUILD_TYPE="${BUILD_TYPE:-Release}"
cmake -S . -B build -DCMAKE_BUILD_TYPE="$BUILD_TYPE" >/dev/null
cmake --build build -j "$(nproc)"
