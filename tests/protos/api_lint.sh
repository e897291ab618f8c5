#!/usr/bin/env bash
# Google's API linter (api-linter) over every contract in protos/, with protos/api-linter.yaml:
# any finding not disabled there or waived on its element fails, with the finding printed.
#   tests/protos/api_lint.sh SOURCE_DIR
# The linter is not a Debian package: API_LINTER names its executable. Without it the test says
# so and is skipped (exit 77); CI sets it.
set -euo pipefail
src=$(cd "$1" && pwd)
linter=${API_LINTER:-}
if [ -z "$linter" ]; then
  echo "SKIPPED: no API linter; set API_LINTER to an api-linter executable (v1.67) to run this check"
  exit 77
fi
[ -x "$linter" ] || { echo "API_LINTER=$linter is not an executable"; exit 1; }
google="$src/protos/node_modules/google-proto-files"
[ -d "$google" ] || { echo "$google is missing: run bash scripts/setup.sh first"; exit 1; }

# Lints the contracts under $1 (a directory holding district/) with the suite's config; prints
# each finding and, last, their number.
lint() {
  (cd "$1" && "$linter" -I . -I "$src/protos" -I /usr/include -I "$google" \
     --config "$src/protos/api-linter.yaml" --output-format=json \
     $(find district -name '*.proto' | sort)) |
  python3 -c '
import json, sys
found = [(f["file_path"], p["location"]["start_position"]["line_number"], p["rule_id"], p["message"])
         for f in json.load(sys.stdin) for p in f.get("problems", [])]
for path, line, rule, message in found:
    print(f"{path}:{line}: {rule}: {message}")
print(len(found))'
}

# The check can fail: a contract with an undocumented field and no field behaviour must be found.
canary=$(mktemp -d)
trap 'rm -rf "$canary"' EXIT
mkdir -p "$canary/district/canary/v1"
cat >"$canary/district/canary/v1/canary.proto" <<'PROTO'
syntax = "proto3";
package district.canary.v1;
message Canary { string colour = 1; }
PROTO
canary_count=$(lint "$canary" | tail -1)
if [ "$canary_count" -lt 2 ]; then
  echo "the linter found $canary_count findings in a contract with no comment and no field behaviour:"
  echo "it is not checking (wrong config or include path?)"
  exit 1
fi

report=$(lint "$src/protos")
count=$(tail -1 <<<"$report")
if [ "$count" -ne 0 ]; then
  head -n -1 <<<"$report"
  echo "$count api-linter findings: fix them, or waive one on its element with its reason"
  echo "((-- api-linter: RULE=disabled reason --)), or disable a rule in protos/api-linter.yaml"
  exit 1
fi
echo "api-linter: 0 findings in $(cd "$src/protos" && find district -name '*.proto' | wc -l) contracts (the canary: $canary_count)"
