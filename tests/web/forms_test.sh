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
# The page wants a person: run.sh's administrator, whose one-time password (run/accounts.txt) is
# changed here as its first sign-in requires; forms_test.cjs then signs in on the page's form.
WEB="http://127.0.0.1:$WEB_PORT"
JAR="$RUN_DIR/cookies"
curl -sf -c "$JAR" "$WEB/api/session" >/dev/null
CSRF=$(awk '$6 == "district_csrf" {print $7}' "$JAR")
ONE_TIME=$(awk '$1 == "admin" {print $2}' "$RUN_DIR/accounts.txt")
FORMS_PASSWORD="Forms-test-$RANDOM$RANDOM"
post() {  # post PATH BODY: the HTTP status; the body in $RUN_DIR/body
  curl -s -o "$RUN_DIR/body" -w '%{http_code}' -b "$JAR" -c "$JAR" -X POST -H "X-CSRF-Token: $CSRF" "$WEB$1" -d "$2"
}
[ "$(post /api/session "{\"login\": \"admin\", \"password\": \"$ONE_TIME\"}")" = 200 ] ||
  { cat "$RUN_DIR/body"; echo "FAIL: run.sh's admin signs in with the password in accounts.txt"; exit 1; }
[ "$(post /api/password "{\"oldPassword\": \"$ONE_TIME\", \"newPassword\": \"$FORMS_PASSWORD\"}")" = 200 ] ||
  { cat "$RUN_DIR/body"; echo "FAIL: the admin changes the one-time password"; exit 1; }
rm -rf "$BUILD_DIR/test-artifacts/web-forms"
WEB="$WEB" FORMS_LOGIN=admin FORMS_PASSWORD="$FORMS_PASSWORD" ARTIFACTS="$BUILD_DIR/test-artifacts/web-forms" \
  node "$ROOT/tests/web/forms_test.cjs"
