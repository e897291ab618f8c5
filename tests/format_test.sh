#!/usr/bin/env bash
# The tree follows .clang-format: every C++ file of the repository, as clang-format would write it.
#   tests/format_test.sh SOURCE_DIR
set -euo pipefail
cd "$1"
command -v clang-format >/dev/null || { echo "clang-format is missing: bash scripts/setup.sh --with-tests"; exit 1; }
mapfile -t files < <(git ls-files '*.h' '*.cc')
[ "${#files[@]}" -gt 100 ] || { echo "found only ${#files[@]} C++ files"; exit 1; }
clang-format --dry-run --Werror "${files[@]}"
echo "${#files[@]} files follow .clang-format"
