#!/usr/bin/env bash
# Tests the container deployment for real: makes development secrets, builds the image, brings
# docker-compose.yml up (TLS and tokens everywhere), waits until every service is healthy, lets the
# one-shot seed service import the Kuiwen data, checks the overview through the aggregator's
# published port, that a call without a token is refused and the import is in the audit trail,
# restarts the project service's container and checks its data is still there, recreates it (a
# new address) and checks the aggregator finds it again within seconds, takes a backup through
# the admin service, checks that Prometheus scrapes every server and counts the test's own calls
# and that the servers log JSON lines, then takes everything down (volumes included).
# The host ports are free ones (checked before the image is built), on loopback: another suite on
# 50051-50054 does not get in the way.
#
# Needs a Docker-compatible engine and docker-compose. On the suite's development machines:
#   ../shared/tools/containers setup && ../shared/tools/containers start
#   eval "$(../shared/tools/containers env)"
# and a host build of districtctl (bash scripts/setup.sh), which talks to the published ports.
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/support/free_ports.sh
COMPOSE="docker-compose -p district-compose-test"
export DISTRICT_VERSION=0.3 DISTRICT_COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
base=$(free_ports 7)
export DISTRICT_BIND=127.0.0.1 DISTRICT_PROJECT_PORT=$base DISTRICT_RECRUITMENT_PORT=$((base + 1)) \
  DISTRICT_PARKS_PORT=$((base + 2)) DISTRICT_AGGREGATOR_PORT=$((base + 3)) \
  DISTRICT_WEB_PORT=$((base + 4)) DISTRICT_PROMETHEUS_PORT=$((base + 5))
PROJECT=127.0.0.1:$DISTRICT_PROJECT_PORT AGGREGATOR=127.0.0.1:$DISTRICT_AGGREGATOR_PORT
WEB=https://localhost:$DISTRICT_WEB_PORT PROMETHEUS=http://127.0.0.1:$DISTRICT_PROMETHEUS_PORT
CTL_BIN="${DISTRICTCTL:-build/tools/districtctl/districtctl}"
[ -x "$CTL_BIN" ] || { echo "no districtctl at $CTL_BIN: run bash scripts/setup.sh first"; exit 1; }
SECRETS=deploy/secrets/dev
ctl() {  # as the principal of token file $AS (default viewer)
  "$CTL_BIN" --tls_ca=$SECRETS/ca.crt --token_file="$SECRETS/${AS:-viewer}.token" "$@"
}

step() { printf '\n== %s\n' "$*"; }
cleanup() { step "down"; $COMPOSE down -v --remove-orphans >/dev/null 2>&1 || true; }
trap cleanup EXIT

wait_healthy() {  # service...
  for service in "$@"; do
    local id status=""
    id=$($COMPOSE ps -q "$service")
    for _ in $(seq 90); do
      status=$(docker inspect --format '{{.State.Health.Status}}' "$id" 2>/dev/null || true)
      [ "$status" = healthy ] && break
      sleep 2
    done
    [ "$status" = healthy ] || { echo "$service is $status"; $COMPOSE logs "$service" | tail -20; exit 1; }
    echo "$service: healthy"
  done
}

step "secrets: certificates and tokens"
# Remade when missing or made by an older script that left keys readable by all.
if [ ! -f $SECRETS/tokens.txt ] || [ "$(stat -c %a $SECRETS/server.key)" != 600 ]; then
  bash deploy/secrets/make-dev-secrets.sh
fi
ls -l $SECRETS

step "build the image"
ca="${NODE_EXTRA_CA_CERTS:-${SSL_CERT_FILE:-}}"
if [ -n "$ca" ] && [ -f "$ca" ]; then cp "$ca" deploy/build-ca/host-ca.crt; fi
start=$(date +%s)
docker build -q -t district-suite:$DISTRICT_VERSION --build-arg VERSION=$DISTRICT_VERSION \
  --build-arg COMMIT="$DISTRICT_COMMIT" . >/dev/null
echo "image built in $(( $(date +%s) - start )) s: $(docker image inspect --format '{{.Size}}' district-suite:$DISTRICT_VERSION) bytes"
docker image inspect --format '{{index .Config.Labels "org.opencontainers.image.revision"}}' \
  district-suite:$DISTRICT_VERSION | grep -qx "$DISTRICT_COMMIT"
$COMPOSE build -q prometheus

step "up"
$COMPOSE up -d project recruitment parks aggregator
wait_healthy project recruitment parks aggregator
for service in project aggregator; do  # the servers run as the suite's user, without capabilities
  status=$(docker exec "$($COMPOSE ps -q $service)" cat /proc/1/status)
  grep -q "^Uid:[[:space:]]*10001[[:space:]]10001" <<<"$status" || { echo "$service: $status"; exit 1; }
  grep -q "^CapEff:[[:space:]]*0000000000000000" <<<"$status" || { echo "$service: $status"; exit 1; }
  echo "$service: pid 1 runs as 10001 with no capabilities"
done

step "import the Kuiwen data (the one-shot seed service)"
$COMPOSE up --no-deps seed
code=$(docker inspect --format '{{.State.ExitCode}}' "$($COMPOSE ps -a -q seed)")
[ "$code" = 0 ] || { echo "seed exited $code"; exit 1; }
$COMPOSE logs --no-color seed | grep "imported kuiwen-2020"

step "the overview through the published aggregator port"
overview=$(ctl --aggregator_addr=$AGGREGATOR overview 2020)
echo "$overview" | head -8
grep -q "2020 programme: 115 projects, 691亿元 planned" <<<"$overview"
grep -q "Key projects (重点项目): 4 in the register" <<<"$overview"

step "the workbench page over HTTPS, signed in with the viewer's token"
$COMPOSE up -d web
for _ in $(seq 50); do curl -sf --cacert $SECRETS/ca.crt $WEB/healthz >/dev/null && break; sleep 0.2; done
jar=$(mktemp)
curl -sf --cacert $SECRETS/ca.crt -c "$jar" $WEB/api/session >/dev/null
csrf=$(awk '$6 == "district_csrf" {print $7}' "$jar")
web() { curl -sf --cacert $SECRETS/ca.crt -b "$jar" -c "$jar" -H "X-CSRF-Token: $csrf" -X POST "$WEB$1" -d "$2"; }
web /api/session "{\"token\": \"$(cat $SECRETS/viewer.token)\"}" >/dev/null
grep -q "district_session" "$jar"
web /api/district.aggregator.v1.DistrictService/GetOverview '{"year": 2020}' | grep -q '"declaredProjectCount":115'
curl -sf --cacert $SECRETS/ca.crt $WEB/ | grep -q "奎文区重点工作驾驶舱"
rm -f "$jar"

step "no token, no answer; the import is in the audit trail"
if "$CTL_BIN" --tls_ca=$SECRETS/ca.crt --project_addr=$PROJECT list projects 2>/tmp/denied.$$; then
  echo "a call without a token was answered"; exit 1
fi
grep UNAUTHENTICATED /tmp/denied.$$ && rm -f /tmp/denied.$$
if "$CTL_BIN" --project_addr=$PROJECT list projects >/dev/null 2>&1; then
  echo "a plaintext call was answered"; exit 1
fi
audit=$(AS=admin ctl --project_addr=$PROJECT audit project resource=project/P00000001)
echo "$audit"
grep -Eq "seed +CreateProject +project/P00000001" <<<"$audit"

step "restart the project service's container: its data stays"
$COMPOSE restart project
wait_healthy project
projects=$(ctl --project_addr=$PROJECT list projects)
echo "$projects"
grep -q "林德液压精密智驱动系列产品项目" <<<"$projects"

step "recreate the project service's container (a new address): the aggregator finds it again"
$COMPOSE up -d --no-deps --force-recreate project
wait_healthy project
start=$(date +%s)
until ctl --aggregator_addr=$AGGREGATOR overview 2020 2>/dev/null | grep -q "Key projects (重点项目): 4 in the register"; do
  (( $(date +%s) - start < 15 )) || { echo "the aggregator did not find the project service again in 15 s"; exit 1; }
  sleep 0.5
done
echo "the aggregator's overview had the project service again $(( $(date +%s) - start )) s after it was healthy"

step "import again: nothing changes"
$COMPOSE up --no-deps seed >/dev/null 2>&1
$COMPOSE logs --no-color seed | grep "0 new"

step "a backup of the project service, taken while it serves"
AS=admin ctl --project_addr=$PROJECT backup create project
backups=$(AS=admin ctl --project_addr=$PROJECT backup list project)
echo "$backups"
grep -q project <<<"$backups"
docker exec "$($COMPOSE ps -q project)" ls /backup | grep -q meta

step "JSON log lines, with the request id of each call"
$COMPOSE logs --no-color --no-log-prefix project | grep '"event":"call"' | tail -1 |
  python3 -c 'import json, sys; line = json.loads(sys.stdin.read()); assert line["request_id"], line; print(line)'

step "Prometheus scrapes every server and counts this test's calls"
$COMPOSE up -d prometheus
targets=""
for _ in $(seq 60); do
  targets=$(curl -sf "$PROMETHEUS/api/v1/targets" || true)
  up=$(python3 -c 'import json, sys
t = json.loads(sys.stdin.read() or "{}").get("data", {}).get("activeTargets", [])
print(sum(1 for x in t if x["health"] == "up"), len(t))' <<<"$targets")
  [ "$up" = "5 5" ] && break
  sleep 1
done
echo "targets up: $up"
[ "$up" = "5 5" ] || { echo "$targets"; exit 1; }
count=""
for _ in $(seq 40); do
  count=$(curl -sf "$PROMETHEUS/api/v1/query" --data-urlencode \
    'query=sum(grpc_server_handled_total{grpc_method="GetOverview",grpc_code="OK"})' |
    python3 -c 'import json, sys; r = json.load(sys.stdin)["data"]["result"]; print(r[0]["value"][1] if r else 0)')
  [ "${count:-0}" != 0 ] && break
  sleep 1
done
echo "GetOverview calls answered OK, as Prometheus counts them: $count"
[ "${count:-0}" != 0 ]

step "no anonymous volumes: every mount is named"
for service in aggregator web; do
  mounts=$(docker inspect --format '{{range .Mounts}}{{.Type}}:{{.Name}} {{end}}' "$($COMPOSE ps -q $service)")
  if grep -Eq "volume:[0-9a-f]{64}" <<<"$mounts"; then echo "$service has an anonymous volume: $mounts"; exit 1; fi
done

echo
echo "compose test: PASS"
