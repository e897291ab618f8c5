#!/usr/bin/env bash
# End to end, the README's first command: a fresh data folder, the four services, the Kuiwen
# import, the overview and scoreboard; then a second run on the same folder, which must reuse the
# data and import nothing twice. Checks figures from the article in the output. Every server wants a
# token: run.sh's admin token (run/admin.token) serves scripts, a call without one is refused.
# Usage: run_suite_test.sh BUILD_DIR
set -euo pipefail
BUILD_DIR="$(cd "$1" && pwd)"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
RUN_DIR="$(mktemp -d /tmp/district-e2e-XXXXXX)"
export DISTRICT_RUN_DIR="$RUN_DIR" DISTRICT_SKIP_SETUP=1 DISTRICT_BUILD_DIR="$BUILD_DIR"

# shellcheck source=../support/free_ports.sh
source "$ROOT/tests/support/free_ports.sh"
base=$(free_ports 6)
export PROJECT_PORT=$base RECRUITMENT_PORT=$((base + 1)) PARKS_PORT=$((base + 2)) AGGREGATOR_PORT=$((base + 3))
export WEB_PORT=$((base + 4)) IDENTITY_PORT=$((base + 5))

cleanup() { bash "$ROOT/scripts/run.sh" stop >/dev/null 2>&1 || true; rm -rf "$RUN_DIR"; }
trap cleanup EXIT

fail() { echo "FAIL: $*"; exit 1; }
expect() {  # expect OUTPUT_FILE TEXT WHY
  grep -qF -- "$2" "$1" || { echo "--- output:"; cat "$1"; fail "$3: missing \"$2\""; }
}

first="$RUN_DIR/first.out"
bash "$ROOT/scripts/run.sh" >"$first" 2>&1 || { cat "$first"; fail "first run exited non-zero"; }
expect "$first" "imported kuiwen-2020: 34 records, 29 new" "the first run imports the data set"
expect "$first" "林德液压精密智驱动系列产品项目" "the Linde project is listed"
grep -E "林德液压精密智驱动系列产品项目 +高端装备 +省重点 +在建 +10亿元 +240" \
  "$first" >/dev/null || fail "Linde's row: 高端装备, 省重点, 在建 (labels, not enum names), 10亿元, 240 亩"
if grep -E "\b(STAGE|LEVEL|TIER|LIGHT)_[A-Z]" "$first"; then
  fail "the tables print the contracts' labels (谋划, 省重点, 即签约), never an enum value's name"
fi
expect "$first" "2020 programme: 115 projects, 691亿元 planned" "the 2020 programme"
expect "$first" "target 50.0%" "the 拿地即开工 target"
expect "$first" "Monthly bulletin (月通报) 2020-06" "the June 2020 bulletin"
expect "$first" "lights: 1 red, 2 yellow, 0 green, 1 without a plan" "the bulletin's lights"
expect "$first" "大拖片区·城市综合体  (区住房和城乡建设局, 刘副区长)" "the red project with its unit and leader"
expect "$first" "计划开工 2020-05-01 逾期 61 天" "the reason it is red"
expect "$first" "引进10亿元以上项目" "the recruitment target"
expect "$first" "税收过5000万元楼宇或园区" "the building tax target"
expect "$first" "7 parks, 4 buildings, 6 enterprises" "the parks, buildings and enterprises named"
grep -E "^即签约 +4 " "$first" >/dev/null || fail "the four leads ready to sign (即签约)"
expect "$first" "苏宁易购、招商蛇口、猪八戒网、北京凡喜" "the sign-now leads by name"
expect "$first" "stalled since 2020-03-30: 苏宁易购项目 (苏宁易购)" "stalled leads by name"
grep -E "^即签约 +4 +— +4 " "$first" >/dev/null ||
  fail "the sign-now tier's intended investment is unknown (—), not 0元"
grep -E "安全产业区域总部项目 +安全产业 +省重点 +谋划 +50亿元 +— " "$first" >/dev/null ||
  fail "a land area the article does not give is unknown (—), not 0"
grep -E "首个亿元楼宇 +1 +— +— +no data" "$first" >/dev/null ||
  fail "a target with nothing reported is 'no data', not 'behind'"
expect "$first" "年度重点项目开工 (programme projects under construction or beyond)" \
  "the programme measured by its projects under construction"
for service in project recruitment parks; do expect "$first" "$service: ok" "every part available"; done
expect "$first" "== Accounts" "the first run creates the first accounts"
for f in admin.token service.token tokens.txt accounts.txt; do
  [ "$(stat -c %a "$RUN_DIR/$f")" = 600 ] || fail "run/$f is readable by its owner only"
done
! grep -qF "$(cat "$RUN_DIR/admin.token")" "$RUN_DIR/tokens.txt" || fail "tokens.txt holds hashes, not tokens"
for f in "$RUN_DIR"/logs/*.log; do
  ! grep -q "WITHOUT AUTHENTICATION" "$f" || fail "$(basename "$f" .log) runs without authentication"
done
tokens_before=$(cat "$RUN_DIR/admin.token" "$RUN_DIR/service.token")

bash "$ROOT/scripts/run.sh" stop >/dev/null
second="$RUN_DIR/second.out"
bash "$ROOT/scripts/run.sh" >"$second" 2>&1 || { cat "$second"; fail "second run exited non-zero"; }
if grep -q "imported kuiwen-2020" "$second"; then fail "the second run imported again"; fi
expect "$second" "Key projects (重点项目): 4 in the register, 120亿元" "the data survives a restart"
if grep -q "== Accounts" "$second"; then fail "the second run created the accounts again"; fi
[ "$(cat "$RUN_DIR/admin.token" "$RUN_DIR/service.token")" = "$tokens_before" ] ||
  fail "the second run keeps the tokens"

# Anonymous, on a domain service's own port: refused. The admin token, as scripts use it: served.
anonymous="$RUN_DIR/anonymous.out"
if "$BUILD_DIR/tools/districtctl/districtctl" --project_addr=127.0.0.1:$PROJECT_PORT \
  list projects >"$anonymous" 2>&1; then
  fail "an anonymous call to the project service was served"
fi
expect "$anonymous" "UNAUTHENTICATED" "an anonymous call to the project service"
if "$BUILD_DIR/tools/districtctl/districtctl" --identity_addr=127.0.0.1:$IDENTITY_PORT \
  call district.identity.v1.IdentityService.CreatePerson \
  '{"person": {"login_name": "intruder", "display_name": "x", "roles": ["PERSON_ROLE_ADMIN"]}}' \
  >"$anonymous" 2>&1; then
  fail "an anonymous caller created a person"
fi
expect "$anonymous" "UNAUTHENTICATED" "an anonymous CreatePerson"
DISTRICT_TOKEN="$(cat "$RUN_DIR/admin.token")"
export DISTRICT_TOKEN

again="$RUN_DIR/again.out"
"$BUILD_DIR/tools/districtctl/districtctl" --project_addr=127.0.0.1:$PROJECT_PORT \
  --recruitment_addr=127.0.0.1:$RECRUITMENT_PORT --parks_addr=127.0.0.1:$PARKS_PORT \
  import "$ROOT/deploy/seed/kuiwen-2020.json" >"$again"
expect "$again" "34 records, 0 new" "importing twice changes nothing"

sector="$RUN_DIR/sector.out"
"$BUILD_DIR/tools/districtctl/districtctl" --aggregator_addr=127.0.0.1:$AGGREGATOR_PORT \
  call district.aggregator.v1.DistrictService.GetSectorView '{"sector": "高端装备"}' >"$sector"
expect "$sector" "林德液压精密智驱动系列产品项目" "the sector view by the sector's name in the data"

audit="$RUN_DIR/audit.out"
"$BUILD_DIR/tools/districtctl/districtctl" --project_addr=127.0.0.1:$PROJECT_PORT \
  audit project resource=project/P00000001 >"$audit"
grep -E "A000000000001 .* run-admin +CreateProject +project/P00000001" "$audit" >/dev/null ||
  { cat "$audit"; fail "the audit trail has the import's create of P00000001"; }
keys="$RUN_DIR/keys.out"
"$BUILD_DIR/tools/districtctl/districtctl" --identity_addr=127.0.0.1:$IDENTITY_PORT \
  call district.identity.v1.IdentityService.GetVerificationKeys '{}' >"$keys"
expect "$keys" "district-suite" "the identity service runs and publishes its verification keys"
echo "PASS"
