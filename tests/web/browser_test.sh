#!/usr/bin/env bash
# The web service end to end: the suite with the Kuiwen data started by the README's first
# command (scripts/run.sh, web page included), plus a project service that wants tokens behind a
# second web service; then bad HTTP input, Excel exports read back by openpyxl, and the pages in
# headless Chromium (browser_test.cjs). Every service wants a token (run.sh's): scripts use run.sh's
# admin token, the page a person signed in (an administrator added for the test, whose one-time
# password is changed first, as the page requires). Screenshots: BUILD_DIR/test-artifacts/web.
# Usage: browser_test.sh BUILD_DIR
set -euo pipefail
BUILD_DIR="$(cd "$1" && pwd)"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
RUN_DIR="$(mktemp -d /tmp/district-web-XXXXXX)"
export DISTRICT_RUN_DIR="$RUN_DIR" DISTRICT_SKIP_SETUP=1 DISTRICT_BUILD_DIR="$BUILD_DIR"

# shellcheck source=../support/free_ports.sh
source "$ROOT/tests/support/free_ports.sh"
base=$(free_ports 9)
export PROJECT_PORT=$base RECRUITMENT_PORT=$((base + 1)) PARKS_PORT=$((base + 2))
export AGGREGATOR_PORT=$((base + 3)) WEB_PORT=$((base + 4)) IDENTITY_PORT=$((base + 8))
SECURED_PROJECT_PORT=$((base + 5)) SECURED_WEB_PORT=$((base + 6))
PIDS=()
cleanup() {
  bash "$ROOT/scripts/run.sh" stop >/dev/null 2>&1 || true
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$RUN_DIR"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

bash "$ROOT/scripts/run.sh" >"$RUN_DIR/run.out" 2>&1 || { cat "$RUN_DIR/run.out"; fail "run.sh"; }
grep -qF "http://127.0.0.1:$WEB_PORT/" "$RUN_DIR/run.out" || fail "run.sh prints the page's address"
WEB="http://127.0.0.1:$WEB_PORT"
DISTRICT_TOKEN="$(cat "$RUN_DIR/admin.token")"
export DISTRICT_TOKEN  # districtctl's, as scripts use it

# A project service that wants tokens, with an admin and a viewer, behind its own web service.
ADMIN_TOKEN="admin-$RANDOM$RANDOM$RANDOM" VIEWER_TOKEN="viewer-$RANDOM$RANDOM$RANDOM"
hash() { printf %s "$1" | sha256sum | cut -d' ' -f1; }
printf '%s web-admin admin\n%s web-viewer viewer\n' "$(hash "$ADMIN_TOKEN")" "$(hash "$VIEWER_TOKEN")" \
  >"$RUN_DIR/tokens"
"$BUILD_DIR/services/project/project_server" --listen=127.0.0.1:$SECURED_PROJECT_PORT \
  --data_dir="$RUN_DIR/secured" --tokens_file="$RUN_DIR/tokens" 2>"$RUN_DIR/secured.log" &
PIDS+=($!)
"$BUILD_DIR/services/web/web_server" --listen=127.0.0.1:$SECURED_WEB_PORT \
  --project_addr=127.0.0.1:$SECURED_PROJECT_PORT --aggregator_addr=127.0.0.1:$AGGREGATOR_PORT \
  --recruitment_addr=127.0.0.1:$RECRUITMENT_PORT --parks_addr=127.0.0.1:$PARKS_PORT \
  2>"$RUN_DIR/secured-web.log" &
PIDS+=($!)
for _ in $(seq 300); do
  grep -q "listening on port" "$RUN_DIR/secured.log" 2>/dev/null &&
    grep -q "listening on port" "$RUN_DIR/secured-web.log" 2>/dev/null && break
  sleep 0.1
done
grep -q "listening on port" "$RUN_DIR/secured.log" && grep -q "listening on port" "$RUN_DIR/secured-web.log" ||
  { cat "$RUN_DIR/secured.log" "$RUN_DIR/secured-web.log"; fail "the secured project and web servers start"; }
CTL="$BUILD_DIR/tools/districtctl/districtctl"
"$CTL" --project_addr=127.0.0.1:$SECURED_PROJECT_PORT --token="$ADMIN_TOKEN" create project \
  '{"name": "林德液压精密智驱动系列产品项目", "total_investment_yuan": 1000000000}' >/dev/null

# Bad HTTP input: a clear 4xx, never a crash.
JAR="$RUN_DIR/cookies"
curl -sf -c "$JAR" "$WEB/api/session" >/dev/null
CSRF=$(awk '$6 == "district_csrf" {print $7}' "$JAR")
[ -n "$CSRF" ] || fail "GET /api/session sets the CSRF cookie"
# The HTTP status, or 000 when nothing answered (then the logs say why).
status() { curl -s -o "$RUN_DIR/body" -w '%{http_code}' -b "$JAR" "$@" || true; }
api="$WEB/api/district.project.v1.ProjectService"
expect_status() {  # expect_status CODE WHAT CURL_ARGS...
  local want=$1 what=$2; shift 2
  local got; got=$(status "$@")
  if [ "$got" != "$want" ]; then
    cat "$RUN_DIR/body" 2>/dev/null || true
    [ "$got" != 000 ] || tail -n 5 "$RUN_DIR"/*.log
    fail "$what: HTTP $got, want $want"
  fi
  echo "ok   $what: $got"
}
# Anonymous: the page's API refuses before asking anyone, and the services refuse on their ports.
expect_status 401 "an anonymous read through the page" -X POST -H "X-CSRF-Token: $CSRF" "$api/ListProjects" -d '{}'
grep -q '请先登录' "$RUN_DIR/body" || fail "401 says 请先登录"
[ "$(curl -s --max-time 5 -o "$RUN_DIR/body" -w '%{http_code}' -b "$JAR" "$WEB/api/export/projects.xlsx")" = 401 ] ||
  fail "an anonymous export: 401"
if DISTRICT_TOKEN="" "$CTL" --project_addr=127.0.0.1:$PROJECT_PORT list projects >"$RUN_DIR/body" 2>&1; then
  fail "an anonymous call on the project service's port was served"
fi
grep -q UNAUTHENTICATED "$RUN_DIR/body" || { cat "$RUN_DIR/body"; fail "an anonymous call on the project service's port: UNAUTHENTICATED"; }
echo "ok   anonymous: 401 from the page's API, UNAUTHENTICATED from the project service"
# A person for the page: an administrator added with the admin token, signed in, the one-time
# password changed (nothing else is reachable before).
TEST_LOGIN=web.test TEST_PASSWORD="Browser-test-$RANDOM$RANDOM"
created=$("$CTL" --identity_addr=127.0.0.1:$IDENTITY_PORT call district.identity.v1.IdentityService.CreatePerson \
  '{"person": {"login_name": "web.test", "display_name": "测试管理员", "unit": "区政府办公室", "roles": ["PERSON_ROLE_ADMIN"]}}')
TEST_ONE_TIME=$(sed -n 's/.*"one_time_password": *"\([^"]*\)".*/\1/p' <<<"$created")
[ -n "$TEST_ONE_TIME" ] || fail "the test administrator was created: $created"
post_session() {  # post_session JAR PATH BODY: the HTTP status; cookies kept in JAR
  curl -s -o "$RUN_DIR/body" -w '%{http_code}' -b "$1" -c "$1" -X POST -H "X-CSRF-Token: $CSRF" "$WEB$2" -d "$3"
}
[ "$(post_session "$JAR" /api/session "{\"login\": \"$TEST_LOGIN\", \"password\": \"$TEST_ONE_TIME\"}")" = 200 ] ||
  { cat "$RUN_DIR/body"; fail "the test administrator signs in"; }
[ "$(post_session "$JAR" /api/password "{\"oldPassword\": \"$TEST_ONE_TIME\", \"newPassword\": \"$TEST_PASSWORD\"}")" = 200 ] ||
  { cat "$RUN_DIR/body"; fail "the test administrator changes the one-time password"; }
expect_status 200 "a read with the CSRF header" -X POST -H "X-CSRF-Token: $CSRF" "$api/ListProjects" -d '{}'
expect_status 400 "malformed JSON" -X POST -H "X-CSRF-Token: $CSRF" "$api/ListProjects" -d '{"pageSize":'
expect_status 400 "a field the request does not have" -X POST -H "X-CSRF-Token: $CSRF" "$api/ListProjects" -d '{"nope": 1}'
expect_status 404 "an unknown method" -X POST -H "X-CSRF-Token: $CSRF" "$api/DropEverything" -d '{}'
expect_status 404 "an unknown API path" -X POST -H "X-CSRF-Token: $CSRF" "$WEB/api/../etc/passwd" -d '{}'
expect_status 404 "a service the web does not forward" -X POST -H "X-CSRF-Token: $CSRF" \
  "$WEB/api/district.audit.v1.AuditService/ListAuditEntries" -d '{}'
head -c 2000000 /dev/zero | tr '\0' ' ' >"$RUN_DIR/big"
expect_status 413 "an oversized body" -X POST -H "X-CSRF-Token: $CSRF" "$api/ListProjects" --data-binary @"$RUN_DIR/big"
expect_status 403 "a write without the CSRF header" -X POST "$api/CreateProject" -d '{"project": {"name": "x"}}'
expect_status 403 "a write with a forged CSRF header" -X POST -H "X-CSRF-Token: forged" "$api/CreateProject" -d '{}'
expect_status 403 "a cross-site write" -X POST -H "X-CSRF-Token: $CSRF" -H "Origin: http://evil.example" \
  "$api/CreateProject" -d '{"project": {"name": "x"}}'
expect_status 401 "a forged token cookie where tokens are wanted" -X POST -H "X-CSRF-Token: $CSRF" \
  -b "district_csrf=$CSRF; district_session=forged" \
  "http://127.0.0.1:$SECURED_WEB_PORT/api/district.project.v1.ProjectService/ListProjects" -d '{}'
expect_status 401 "no token where tokens are wanted" -X POST -H "X-CSRF-Token: $CSRF" \
  "http://127.0.0.1:$SECURED_WEB_PORT/api/district.project.v1.ProjectService/ListProjects" -d '{}'
expect_status 401 "signing in with a token not accepted" -X POST -H "X-CSRF-Token: $CSRF" \
  "http://127.0.0.1:$SECURED_WEB_PORT/api/session" -d '{"token": "not-a-token"}'
expect_status 400 "signing in with no token" -X POST -H "X-CSRF-Token: $CSRF" \
  "http://127.0.0.1:$SECURED_WEB_PORT/api/session" -d '{"token": "a b"}'
expect_status 400 "a bad field is named" -X POST -H "X-CSRF-Token: $CSRF" "$api/CreateProject" -d '{"project": {"name": ""}}'
grep -q '"field":"project.name"' "$RUN_DIR/body" || fail "the error names project.name"
! grep -q -- "$VIEWER_TOKEN\|$ADMIN_TOKEN" "$RUN_DIR/secured-web.log" || fail "a token reached the web log"
curl -sf "$WEB/api/session" >/dev/null || fail "the web service still answers"

# HTTPS: the page and the API over TLS, and the sign-in cookie marked Secure.
TLS_WEB_PORT=$((base + 7))
bash "$ROOT/deploy/tls/make-dev-certs.sh" "$RUN_DIR/tls" >/dev/null
"$BUILD_DIR/services/web/web_server" --listen=127.0.0.1:$TLS_WEB_PORT \
  --tls_cert="$RUN_DIR/tls/server.crt" --tls_key="$RUN_DIR/tls/server.key" \
  --project_addr=127.0.0.1:$PROJECT_PORT 2>"$RUN_DIR/tls-web.log" &
PIDS+=($!)
for _ in $(seq 100); do grep -q "listening on port" "$RUN_DIR/tls-web.log" 2>/dev/null && break; sleep 0.1; done
TLS="https://localhost:$TLS_WEB_PORT"
curl -sf --cacert "$RUN_DIR/tls/ca.crt" "$TLS/" | grep -q "奎文区重点工作驾驶舱" || fail "the page over HTTPS"
curl -sf --cacert "$RUN_DIR/tls/ca.crt" -c "$RUN_DIR/tls-jar" -D "$RUN_DIR/tls-headers" "$TLS/api/session" >/dev/null
grep -i "^set-cookie: district_csrf=.*; Secure" "$RUN_DIR/tls-headers" >/dev/null || fail "the CSRF cookie is Secure under TLS"
TLS_CSRF=$(awk '$6 == "district_csrf" {print $7}' "$RUN_DIR/tls-jar")
curl -sf --cacert "$RUN_DIR/tls/ca.crt" -b "$RUN_DIR/tls-jar" -D "$RUN_DIR/tls-headers" -o /dev/null \
  -X POST -H "X-CSRF-Token: $TLS_CSRF" -H "Origin: $TLS" "$TLS/api/session" -d "{\"token\": \"$DISTRICT_TOKEN\"}" ||
  fail "signing in over HTTPS"
grep -Ei "^set-cookie: district_session=[0-9a-f]{32}; HttpOnly; Path=/; SameSite=Strict; Secure" \
  "$RUN_DIR/tls-headers" >/dev/null || { cat "$RUN_DIR/tls-headers"; fail "the session cookie is HttpOnly, Strict and Secure under TLS"; }
! grep -qi "$DISTRICT_TOKEN" "$RUN_DIR/tls-headers" || fail "the token itself went back to the browser"
if curl -s -o /dev/null "http://127.0.0.1:$TLS_WEB_PORT/healthz"; then fail "plain HTTP answered on the HTTPS port"; fi
echo "ok   HTTPS: page, API, Secure cookies"

# Excel out: from the page's API and from districtctl, read back by openpyxl.
curl -sf -b "$JAR" -o "$RUN_DIR/projects.xlsx" "$WEB/api/export/projects.xlsx" || fail "export projects"
"$CTL" --recruitment_addr=127.0.0.1:$RECRUITMENT_PORT export leads --out="$RUN_DIR/leads.xlsx" >/dev/null || fail "districtctl export leads"
curl -sf -b "$JAR" -o "$RUN_DIR/overview.xlsx" \
  "$WEB/api/export/overview.xlsx?filter=%7B%22year%22%3A2020%7D" || fail "export the overview"
curl -sf -b "$JAR" -o "$RUN_DIR/bulletin.xlsx" \
  "$WEB/api/export/bulletin.xlsx?filter=%7B%22month%22%3A%7B%22year%22%3A2020%2C%22month%22%3A6%7D%7D" ||
  fail "export the bulletin"
"$CTL" --project_addr=127.0.0.1:$PROJECT_PORT bulletin 2020-06 --out="$RUN_DIR/bulletin-ctl.xlsx" >/dev/null ||
  fail "districtctl bulletin --out"
/usr/bin/python3 "$ROOT/tests/web/check_xlsx.py" "$RUN_DIR/projects.xlsx" "$RUN_DIR/leads.xlsx" \
  "$RUN_DIR/overview.xlsx" "$RUN_DIR/bulletin.xlsx" "$RUN_DIR/bulletin-ctl.xlsx"

# Monthly returns in: all or nothing, every bad cell reported by row and column, idempotent.
/usr/bin/python3 "$ROOT/tests/web/make_returns.py" "$RUN_DIR"
upload() {  # upload KIND FILE: prints the HTTP status; the body is in $RUN_DIR/body
  curl -s -o "$RUN_DIR/body" -w '%{http_code}' -b "$JAR" -X POST -H "X-CSRF-Token: $CSRF" \
    -H "X-File-Name: $(basename "$2")" --data-binary @"$2" "$WEB/api/import/$1"
}
invested() {
  curl -sf -b "$JAR" -X POST -H "X-CSRF-Token: $CSRF" "$api/GetProject" -d "{\"id\": \"$1\"}" |
    sed -n 's/.*"investedToDateYuan":"\([0-9]*\)".*/\1/p'
}
[ "$(upload investment "$RUN_DIR/investment-bad-cells.xlsx")" = 400 ] || fail "bad cells are refused"
grep -q '"row":4' "$RUN_DIR/body" && grep -q '"column":"月份"' "$RUN_DIR/body" &&
  grep -q '"column":"本月完成投资(万元)"' "$RUN_DIR/body" || { cat "$RUN_DIR/body"; fail "row 4's month and amount are named"; }
[ "$(invested P00000002)" = 0 ] || fail "a refused return wrote nothing"
[ "$(upload investment "$RUN_DIR/investment-no-project.xlsx")" = 400 ] || fail "an unknown project is refused"
grep -q '"row":5' "$RUN_DIR/body" && grep -q '"column":"项目编号"' "$RUN_DIR/body" ||
  { cat "$RUN_DIR/body"; fail "the unknown project's row is named"; }
[ "$(invested P00000002)" = 0 ] || fail "a return the service refused wrote nothing"
for _ in 1 2; do
  [ "$(upload investment "$RUN_DIR/investment-good.xlsx")" = 200 ] || { cat "$RUN_DIR/body"; fail "a good return"; }
  grep -q '"recorded":3' "$RUN_DIR/body" || fail "three months recorded"
done
[ "$(invested P00000002)" = 45005000 ] || fail "P00000002: 3000 + 1500.5 万元, once ($(invested P00000002))"
[ "$(invested P00000003)" = 20000000 ] || fail "P00000003: 2,000 万元"
echo "ok   investment return: bad cells and an unknown project refused by row and column, nothing written; imported twice, counted once"
for _ in 1 2; do
  "$CTL" --parks_addr=127.0.0.1:$PARKS_PORT import-return buildings "$RUN_DIR/buildings.csv" >/dev/null ||
    fail "districtctl import-return buildings (CSV with a BOM)"
done
series=$(curl -sf -b "$JAR" -X POST -H "X-CSRF-Token: $CSRF" \
  "$WEB/api/district.parks.v1.ParkMetricsService/GetBuildingSeries" -d '{"buildingId": "B00000001"}')
grep -q '"taxRevenueYuan":"60000000"' <<<"$series" && grep -q '"occupancy":0.95' <<<"$series" ||
  fail "the building's March from the CSV: $series"
echo "ok   building return from CSV UTF-8 with a BOM through districtctl, twice"

# People (#31): an unknown login name and a wrong password get the same answer; a person with a
# one-time password reaches nothing but 修改密码; after 退出 the old cookie is worth nothing.
[ "$(stat -c %a "$RUN_DIR/accounts.txt")" = 600 ] || fail "run/accounts.txt is readable by its owner only"
VIEWER_ONE_TIME=$(awk '$1 == "viewer" {print $2}' "$RUN_DIR/accounts.txt")
[ -n "$VIEWER_ONE_TIME" ] || fail "run.sh made the viewer's account"
sign_in() {  # sign_in JAR LOGIN PASSWORD: the HTTP status; the body is in $RUN_DIR/body
  curl -s -o "$RUN_DIR/body" -w '%{http_code}' -b "$1" -c "$1" -X POST -H "X-CSRF-Token: $CSRF" \
    "$WEB/api/session" -d "{\"login\": \"$2\", \"password\": \"$3\"}"
}
people_status() {  # people_status COOKIES URL [BODY]: the HTTP status of a POST
  local body=${3:-}
  [ -n "$body" ] || body='{}'
  curl -s -o "$RUN_DIR/body" -w '%{http_code}' -b "$1" -X POST -H "X-CSRF-Token: $CSRF" "$2" -d "$body"
}
grep -v district_session "$JAR" >"$RUN_DIR/people-jar"  # the CSRF cookie, nobody signed in
[ "$(people_status "$JAR" "$WEB/api/district.identity.v1.IdentityService/SignIn" '{"loginName": "viewer", "password": "x"}')" = 404 ] ||
  fail "the identity service's session methods are not forwarded to the page"
[ "$(sign_in "$RUN_DIR/people-jar" viewer wrong-password-1)" = 401 ] || fail "a wrong password: 401"
cp "$RUN_DIR/body" "$RUN_DIR/wrong-password"
[ "$(sign_in "$RUN_DIR/people-jar" no.such.person wrong-password-1)" = 401 ] || fail "an unknown login name: 401"
same_json() { /usr/bin/python3 -c 'import json, sys; sys.exit(json.load(open(sys.argv[1])) != json.load(open(sys.argv[2])))' "$1" "$2"; }
same_json "$RUN_DIR/body" "$RUN_DIR/wrong-password" ||
  { cat "$RUN_DIR/body" "$RUN_DIR/wrong-password"; fail "an unknown login name and a wrong password get the same answer"; }
grep -q '登录名或密码错误' "$RUN_DIR/body" || fail "the answer says 登录名或密码错误"
echo "ok   an unknown login name and a wrong password: the same 401, in Chinese"
[ "$(sign_in "$RUN_DIR/people-jar" viewer "$VIEWER_ONE_TIME")" = 200 ] || { cat "$RUN_DIR/body"; fail "the viewer signs in"; }
grep -q '"mustChangePassword":true' "$RUN_DIR/body" || fail "a one-time password must be changed"
OLD_SESSION=$(awk '$6 == "district_session" {print $7}' "$RUN_DIR/people-jar")
! grep -qF "$VIEWER_ONE_TIME" "$RUN_DIR/people-jar" || fail "a password reached a cookie"
curl -sf -b "$RUN_DIR/people-jar" "$WEB/api/session" | grep -q '"displayName":"赵查看"' || fail "GET /api/session names the viewer"
[ "$(people_status "$RUN_DIR/people-jar" "$api/ListProjects")" = 403 ] && grep -q '请先修改密码' "$RUN_DIR/body" ||
  fail "a person who must change their password reaches nothing else"
[ "$(curl -s --max-time 5 -o "$RUN_DIR/body" -w '%{http_code}' -b "$RUN_DIR/people-jar" "$WEB/api/reminders/watch")" = 403 ] ||
  fail "nor the live reminders"
[ "$(curl -s -o "$RUN_DIR/body" -w '%{http_code}' -b "$RUN_DIR/people-jar" "$WEB/api/export/projects.xlsx")" = 403 ] ||
  fail "nor the exports"
[ "$(people_status "$RUN_DIR/people-jar" "$WEB/api/signout")" = 200 ] || fail "退出"
OLD="district_csrf=$CSRF; district_session=$OLD_SESSION"
curl -sf -b "$OLD" "$WEB/api/session" | grep -q '"signedIn":false' || fail "after 退出 the old cookie signs no one in"
[ "$(people_status "$OLD" "$WEB/api/password" '{"oldPassword": "x", "newPassword": "y"}')" = 401 ] ||
  fail "after 退出 the old cookie gets 401"
grep -q '请先登录' "$RUN_DIR/body" || fail "401 says 请先登录"
echo "ok   a one-time password reaches only 修改密码; after 退出 the old cookie gets 401"
# A viewer, once their password is changed, reads through the page but cannot write: the
# service's 403, and nothing written.
grep -v district_session "$JAR" >"$RUN_DIR/viewer-jar"
[ "$(sign_in "$RUN_DIR/viewer-jar" viewer "$VIEWER_ONE_TIME")" = 200 ] || { cat "$RUN_DIR/body"; fail "the viewer signs in again"; }
[ "$(post_session "$RUN_DIR/viewer-jar" /api/password "{\"oldPassword\": \"$VIEWER_ONE_TIME\", \"newPassword\": \"Viewer-pass-$RANDOM$RANDOM\"}")" = 200 ] ||
  { cat "$RUN_DIR/body"; fail "the viewer changes the one-time password"; }
[ "$(people_status "$RUN_DIR/viewer-jar" "$api/GetProject" '{"id": "P00000001"}')" = 200 ] || { cat "$RUN_DIR/body"; fail "the viewer reads a project"; }
grep -q '林德液压' "$RUN_DIR/body" || fail "the viewer's read gives the project"
[ "$(people_status "$RUN_DIR/viewer-jar" "$api/CreateProject" '{"project": {"name": "查看者不能新建的项目"}}')" = 403 ] ||
  { cat "$RUN_DIR/body"; fail "a viewer's write through the page: 403"; }
grep -q 'PERMISSION_DENIED' "$RUN_DIR/body" || { cat "$RUN_DIR/body"; fail "the service's PERMISSION_DENIED"; }
! "$CTL" --project_addr=127.0.0.1:$PROJECT_PORT list projects | grep -q '查看者不能新建的项目' ||
  fail "the viewer's refused write wrote nothing"
echo "ok   a viewer reads through the page, and a write is the service's 403"

# The pages in a real browser, while 200 hostile connections (idle, or a head trickled and never
# finished) are held open to the same web service: they must cost it nothing the page notices.
/usr/bin/python3 "$ROOT/tests/web/hold_slow_clients.py" "$WEB_PORT" 200 &
PIDS+=($!)
sleep 1
rm -rf "$BUILD_DIR/test-artifacts/web"  # screenshots of this run only
WEB="$WEB" SECURED_WEB="http://127.0.0.1:$SECURED_WEB_PORT" VIEWER_TOKEN="$VIEWER_TOKEN" \
  TEST_LOGIN="$TEST_LOGIN" TEST_PASSWORD="$TEST_PASSWORD" RUN_DIR="$RUN_DIR" ARTIFACTS="$BUILD_DIR/test-artifacts/web" node "$ROOT/tests/web/browser_test.cjs"
# People: the administrator adds a person, who signs in, changes the one-time password, sees
# themselves in the header and no 人员管理 (screenshots people-*.png).
WEB="$WEB" RUN_DIR="$RUN_DIR" ARTIFACTS="$BUILD_DIR/test-artifacts/web" \
  node "$ROOT/tests/web/people_browser_test.cjs"
