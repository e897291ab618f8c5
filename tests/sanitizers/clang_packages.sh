#!/usr/bin/env bash
# Installs what the sanitizer and fuzz builds need beyond scripts/setup.sh's packages, when
# missing: clang, its sanitizer and libFuzzer runtimes, and llvm-symbolizer (stack traces with
# file and line).
set -euo pipefail
missing=()
for p in clang libclang-rt-14-dev llvm; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "sanitizers: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
