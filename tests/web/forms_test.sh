#!/usr/bin/env bash
# A clerk's day on the page (#32), in headless Chromium: the suite with the Kuiwen data started by
# scripts/run.sh, then forms_test.cjs registers a project, advances it, records, re-enters and
# deletes a month, and checks the project page and the overview. Screenshots at 1366 and 390 px:
# BUILD_DIR/test-artifacts/web-forms.
# Usage: forms_test.sh BUILD_DIR
set -euo pipefail
BUILD_DIR="$(cd "$1" && pwd)"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
RUN_DIR="$(mktemp -d /tmp/district-forms-XXXXXX)"
export DISTRICT_RUN_DIR="$RUN_DIR" DISTRICT_SKIP_SETUP=1 DISTRICT_BUILD_DIR="$BUILD_DIR"

# shellcheck source=../support/free_ports.sh
source "$ROOT/tests/support/free_ports.sh"
base=$(free_ports 6)
export PROJECT_PORT=$base RECRUITMENT_PORT=$((base + 1)) PARKS_PORT=$((base + 2))
export AGGREGATOR_PORT=$((base + 3)) WEB_PORT=$((base + 4)) IDENTITY_PORT=$((base + 5))
cleanup() {
  bash "$ROOT/scripts/run.sh" stop >/dev/null 2>&1 || true
  rm -rf "$RUN_DIR"
}
trap cleanup EXIT

bash "$ROOT/scripts/run.sh" >"$RUN_DIR/run.out" 2>&1 || { cat "$RUN_DIR/run.out"; echo "FAIL: run.sh"; exit 1; }
rm -rf "$BUILD_DIR/test-artifacts/web-forms"
WEB="http://127.0.0.1:$WEB_PORT" ARTIFACTS="$BUILD_DIR/test-artifacts/web-forms" \
  node "$ROOT/tests/web/forms_test.cjs"
