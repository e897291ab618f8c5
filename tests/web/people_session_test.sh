#!/usr/bin/env bash
# A person's web session against services that want tokens: identity_server with a tokens file
# (so it verifies people's access tokens itself) and short-lived access tokens, behind web_server.
# The web service refreshes a person's token before it expires (a call after the first token's
# lifetime still works); disabling a person ends their web session within one token lifetime; after
# 退出 the old cookie gets 401 from the service; an unknown login name and a wrong password get the
# same answer.
# Usage: people_session_test.sh BUILD_DIR
set -euo pipefail
BUILD_DIR="$(cd "$1" && pwd)"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
DIR="$(mktemp -d /tmp/district-people-XXXXXX)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$DIR"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; tail -n 5 "$DIR"/*.log; exit 1; }
# shellcheck source=../support/free_ports.sh
source "$ROOT/tests/support/free_ports.sh"
base=$(free_ports 2)
IDENTITY_PORT=$base WEB_PORT=$((base + 1))
LIFETIME=6  # seconds: the web service refreshes in the token's last third

ADMIN_TOKEN="admin-$RANDOM$RANDOM$RANDOM"
printf '%s people-test admin\n' "$(printf %s "$ADMIN_TOKEN" | sha256sum | cut -d' ' -f1)" >"$DIR/tokens"
"$BUILD_DIR/services/identity/identity_server" --listen=127.0.0.1:$IDENTITY_PORT --data_dir="$DIR/identity" \
  --tokens_file="$DIR/tokens" --access_token_lifetime=${LIFETIME}s 2>"$DIR/identity.log" &
PIDS+=($!)
"$BUILD_DIR/services/web/web_server" --listen=127.0.0.1:$WEB_PORT --identity_addr=127.0.0.1:$IDENTITY_PORT \
  --project_addr=127.0.0.1:1 2>"$DIR/web.log" &
PIDS+=($!)
for _ in $(seq 100); do
  grep -q "listening on port" "$DIR/identity.log" 2>/dev/null && grep -q "listening on port" "$DIR/web.log" 2>/dev/null && break
  sleep 0.1
done
CTL=("$BUILD_DIR/tools/districtctl/districtctl" "--identity_addr=127.0.0.1:$IDENTITY_PORT" "--token=$ADMIN_TOKEN")
create() {  # create LOGIN NAME: an administrator with a known password
  "${CTL[@]}" call district.identity.v1.IdentityService.CreatePerson \
    "{\"person\": {\"login_name\": \"$1\", \"display_name\": \"$2\", \"unit\": \"区政府办公室\", \"roles\": [\"PERSON_ROLE_ADMIN\"]}, \"initial_password\": \"Kuiwen-$1-2026\"}" |
    sed -n 's/.*"id": *"\(U[0-9]*\)".*/\1/p'
}
create alice 张一 >/dev/null || fail "create alice"
BOB_ID=$(create bob 李二) || fail "create bob"
[ -n "$BOB_ID" ] || fail "bob's id"

WEB="http://127.0.0.1:$WEB_PORT"
session() {  # session JAR: a CSRF cookie in JAR; prints its value
  curl -sf -c "$1" "$WEB/api/session" >/dev/null
  awk '$6 == "district_csrf" {print $7}' "$1"
}
post() {  # post JAR PATH BODY: the HTTP status; the body in $DIR/body
  curl -s -o "$DIR/body" -w '%{http_code}' -b "$1" -c "$1" -X POST -H "X-CSRF-Token: $(awk '$6 == "district_csrf" {print $7}' "$1")" \
    "$WEB$2" -d "$3"
}
logged() {  # logged TEXT: whether the identity log has TEXT within 3 s (its lines are written behind)
  for _ in $(seq 30); do grep -q "$1" "$DIR/identity.log" && return 0; sleep 0.1; done
  return 1
}
LIST=/api/district.identity.v1.IdentityService/ListPeople
A="$DIR/alice" B="$DIR/bob"
session "$A" >/dev/null
session "$B" >/dev/null

[ "$(post "$A" /api/session '{"login": "alice", "password": "wrong-password-1"}')" = 401 ] || fail "a wrong password: 401"
cp "$DIR/body" "$DIR/wrong"
[ "$(post "$A" /api/session '{"login": "nobody.here", "password": "wrong-password-1"}')" = 401 ] || fail "an unknown login: 401"
/usr/bin/python3 -c 'import json, sys; sys.exit(json.load(open(sys.argv[1])) != json.load(open(sys.argv[2])))' \
  "$DIR/body" "$DIR/wrong" || fail "an unknown login and a wrong password get the same answer"
echo "ok   an unknown login name and a wrong password: the same 401"

[ "$(post "$A" /api/session '{"login": "alice", "password": "Kuiwen-alice-2026"}')" = 200 ] || fail "alice signs in"
[ "$(post "$B" /api/session '{"login": "bob", "password": "Kuiwen-bob-2026"}')" = 200 ] || fail "bob signs in"
[ "$(post "$A" $LIST '{}')" = 200 ] || fail "alice's token is taken by the service"
[ "$(post "$A" /api/district.identity.v1.IdentityService/UpdatePerson \
  "{\"person\": {\"id\": \"$BOB_ID\", \"state\": \"DISABLED\"}, \"updateMask\": \"state\"}")" = 200 ] ||
  { cat "$DIR/body"; fail "alice disables bob"; }
sleep $((LIFETIME + 2))  # past the first tokens' lifetime
[ "$(post "$A" $LIST '{}')" = 200 ] || { cat "$DIR/body"; fail "alice's token was refreshed before it expired"; }
logged "RefreshAccessToken OK" || fail "the web service refreshed at the identity service"
echo "ok   a person's access token is refreshed before it expires"
[ "$(post "$B" $LIST '{}')" = 401 ] || fail "a disabled person's web session ends within one token lifetime"
curl -sf -b "$B" "$WEB/api/session" | grep -q '"signedIn":false' || fail "bob is signed out"
echo "ok   disabling a person ends their web session within one token lifetime"

cp "$A" "$DIR/alice-copy"
[ "$(post "$A" /api/signout '{}')" = 200 ] || fail "退出"
[ "$(post "$DIR/alice-copy" $LIST '{}')" = 401 ] || fail "after 退出 the old cookie gets 401 from the service"
logged "SignOut OK" || fail "退出 signs out at the identity service"
echo "ok   after 退出 the old cookie gets 401"
! grep -q "Kuiwen-alice-2026\|$ADMIN_TOKEN" "$DIR/web.log" "$DIR/identity.log" || fail "a password or token in a log"
echo PASS
