#!/usr/bin/env bash
# Tests the container deployment for real: makes development secrets, builds the image, brings
# docker-compose.yml up (TLS and tokens everywhere), waits until every service is healthy, lets the
# one-shot seed service import the Kuiwen data, checks the overview through the aggregator's
# published port, that a call without a token is refused and the import is in the audit trail,
# restarts the project service's container and checks its data is still there, then takes
# everything down (volumes included).
#
# Needs a Docker-compatible engine and docker-compose. On the suite's development machines:
#   ../shared/tools/containers setup && ../shared/tools/containers start
#   eval "$(../shared/tools/containers env)"
# and a host build of districtctl (bash scripts/setup.sh), which talks to the published ports.
set -euo pipefail
cd "$(dirname "$0")/.."
COMPOSE="docker-compose -p district-compose-test"
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
docker build -q -t district-suite:latest . >/dev/null
echo "image built in $(( $(date +%s) - start )) s: $(docker image inspect --format '{{.Size}}' district-suite:latest) bytes"

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
overview=$(ctl --aggregator_addr=127.0.0.1:50054 overview 2020)
echo "$overview" | head -8
grep -q "2020 programme: 115 projects, 691亿元 planned" <<<"$overview"
grep -q "Key projects (重点项目): 4 in the register" <<<"$overview"

step "the workbench page over HTTPS, signed in with the viewer's token"
$COMPOSE up -d web
for _ in $(seq 50); do curl -sf --cacert $SECRETS/ca.crt https://localhost:8443/healthz >/dev/null && break; sleep 0.2; done
jar=$(mktemp)
curl -sf --cacert $SECRETS/ca.crt -c "$jar" https://localhost:8443/api/session >/dev/null
csrf=$(awk '$6 == "district_csrf" {print $7}' "$jar")
web() { curl -sf --cacert $SECRETS/ca.crt -b "$jar" -c "$jar" -H "X-CSRF-Token: $csrf" -X POST "https://localhost:8443$1" -d "$2"; }
web /api/session "{\"token\": \"$(cat $SECRETS/viewer.token)\"}" >/dev/null
grep -q "district_token" "$jar"
web /api/district.aggregator.v1.DistrictService/GetOverview '{"year": 2020}' | grep -q '"declaredProjectCount":115'
curl -sf --cacert $SECRETS/ca.crt https://localhost:8443/ | grep -q "奎文区重点工作驾驶舱"
rm -f "$jar"

step "no token, no answer; the import is in the audit trail"
if "$CTL_BIN" --tls_ca=$SECRETS/ca.crt --project_addr=127.0.0.1:50051 list projects 2>/tmp/denied.$$; then
  echo "a call without a token was answered"; exit 1
fi
grep UNAUTHENTICATED /tmp/denied.$$ && rm -f /tmp/denied.$$
if "$CTL_BIN" --project_addr=127.0.0.1:50051 list projects >/dev/null 2>&1; then
  echo "a plaintext call was answered"; exit 1
fi
audit=$(AS=admin ctl --project_addr=127.0.0.1:50051 audit project resource=project/P00000001)
echo "$audit"
grep -Eq "seed +CreateProject +project/P00000001" <<<"$audit"

step "restart the project service's container: its data stays"
$COMPOSE restart project
wait_healthy project
projects=$(ctl --project_addr=127.0.0.1:50051 list projects)
echo "$projects"
grep -q "林德液压精密智驱动系列产品项目" <<<"$projects"

step "import again: nothing changes"
$COMPOSE up --no-deps seed >/dev/null 2>&1
$COMPOSE logs --no-color seed | grep "0 new"

echo
echo "compose test: PASS"
