#!/usr/bin/env bash
# Sets up and builds the suite, starts its services (and the identity service) on loopback with their data under ./run
# (kept between runs), imports the Kuiwen District 2020 data set on the first run, and prints the
# 2020 overview and scoreboard, and the June 2020 monthly bulletin (月通报). Running it again reuses the data. Stop with: scripts/run.sh stop
#
# Every server wants a token: on the first run this makes, in the run folder and readable by its
# owner only, admin.token (districtctl's, for scripts: --token_file or DISTRICT_TOKEN), service.token
# (what the aggregator and the recruitment service present to the others) and tokens.txt (their
# hashes, every server's --tokens_file); the domain services and the aggregator also verify people's
# access tokens with the identity service's keys. People sign in on the page with the accounts of
# accounts.txt (made on the first run too).
#
# Environment: DISTRICT_RUN_DIR (default ./run), PROJECT_PORT, RECRUITMENT_PORT, PARKS_PORT,
# AGGREGATOR_PORT, IDENTITY_PORT (default 50051..50055), WEB_PORT (default 8080), DISTRICT_SKIP_SETUP=1 to use an existing build in
# DISTRICT_BUILD_DIR (default ./build).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
RUN_DIR="${DISTRICT_RUN_DIR:-$ROOT/run}"
PROJECT_PORT="${PROJECT_PORT:-50051}"
RECRUITMENT_PORT="${RECRUITMENT_PORT:-50052}"
PARKS_PORT="${PARKS_PORT:-50053}"
AGGREGATOR_PORT="${AGGREGATOR_PORT:-50054}"
IDENTITY_PORT="${IDENTITY_PORT:-50055}"
WEB_PORT="${WEB_PORT:-8080}"
BUILD="${DISTRICT_BUILD_DIR:-$ROOT/build}"
SEED="$ROOT/deploy/seed/kuiwen-2020.json"
ADMIN_TOKEN_FILE="$RUN_DIR/admin.token"
SERVICE_TOKEN_FILE="$RUN_DIR/service.token"
TOKENS_FILE="$RUN_DIR/tokens.txt"
AUTH="--tokens_file=$TOKENS_FILE"
PEOPLE_AUTH="$AUTH --identity_addr=127.0.0.1:$IDENTITY_PORT"
AS_SERVICE="--service_token_file=$SERVICE_TOKEN_FILE"

# name, binary, port, extra flags; domain services before the ones that call them
SERVICES=(
  "identity services/identity/identity_server $IDENTITY_PORT --data_dir=$RUN_DIR/data/identity $AUTH"
  "project services/project/project_server $PROJECT_PORT --data_dir=$RUN_DIR/data/project $PEOPLE_AUTH"
  "parks services/parks/parkmetrics_server $PARKS_PORT --data_dir=$RUN_DIR/data/parks $PEOPLE_AUTH"
  "recruitment services/recruitment/recruitment_server $RECRUITMENT_PORT --data_dir=$RUN_DIR/data/recruitment --project_addr=127.0.0.1:$PROJECT_PORT $PEOPLE_AUTH $AS_SERVICE"
  "aggregator services/aggregator/aggregator_server $AGGREGATOR_PORT --project_addr=127.0.0.1:$PROJECT_PORT --recruitment_addr=127.0.0.1:$RECRUITMENT_PORT --parks_addr=127.0.0.1:$PARKS_PORT $PEOPLE_AUTH $AS_SERVICE"
  "web services/web/web_server $WEB_PORT --project_addr=127.0.0.1:$PROJECT_PORT --recruitment_addr=127.0.0.1:$RECRUITMENT_PORT --parks_addr=127.0.0.1:$PARKS_PORT --aggregator_addr=127.0.0.1:$AGGREGATOR_PORT --identity_addr=127.0.0.1:$IDENTITY_PORT"
)

stop() {
  for entry in "${SERVICES[@]}"; do
    read -r name _ <<<"$entry"
    pid_file="$RUN_DIR/$name.pid"
    if [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
      kill -TERM "$(cat "$pid_file")"  # graceful: drains calls, closes the database
      while kill -0 "$(cat "$pid_file")" 2>/dev/null; do sleep 0.1; done
      echo "stopped $name"
    fi
    rm -f "$pid_file"
  done
}

if [ "${1:-}" = "stop" ]; then
  stop
  exit 0
fi

[ "${DISTRICT_SKIP_SETUP:-}" = 1 ] || bash scripts/setup.sh
mkdir -p "$RUN_DIR/logs"
# The machine tokens, once (kept with the data), and their hashes for every server.
make_token() {  # file
  [ -s "$1" ] && return
  (umask 077; openssl rand -hex 32 >"$1")
}
make_token "$ADMIN_TOKEN_FILE"
make_token "$SERVICE_TOKEN_FILE"
hash_of() { printf %s "$(tr -d '[:space:]' <"$1")" | sha256sum | cut -d' ' -f1; }
(umask 077
 {
   echo "# made by scripts/run.sh: <sha256 hex of token> <principal> <role> [scope]"
   echo "$(hash_of "$ADMIN_TOKEN_FILE") run-admin admin"
   echo "$(hash_of "$SERVICE_TOKEN_FILE") run-services editor"
 } >"$TOKENS_FILE")
chmod 600 "$ADMIN_TOKEN_FILE" "$SERVICE_TOKEN_FILE" "$TOKENS_FILE"
for entry in "${SERVICES[@]}"; do
  read -r name binary port flags <<<"$entry"
  pid_file="$RUN_DIR/$name.pid"
  if [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
    echo "$name already running (pid $(cat "$pid_file"))"
    continue
  fi
  log="$RUN_DIR/logs/$name.log"
  before=0  # the log is kept across runs: read only this run's lines
  if [ -f "$log" ]; then before=$(wc -l <"$log"); fi
  # shellcheck disable=SC2086  # flags are words
  nohup "$BUILD/$binary" --listen="127.0.0.1:$port" $flags >>"$log" 2>&1 &
  echo $! >"$pid_file"
  started=""
  for _ in $(seq 100); do
    if tail -n "+$((before + 1))" "$log" | grep -q "listening on port $port"; then started=1; break; fi
    kill -0 "$(cat "$pid_file")" 2>/dev/null || break
    sleep 0.1
  done
  if [ -z "$started" ]; then
    echo "$name failed to start; its log $log says:"; tail -n 5 "$log"; stop; exit 1
  fi
  echo "$name listening on 127.0.0.1:$port (log $log)"
done

export DISTRICT_PROJECT_ADDR="127.0.0.1:$PROJECT_PORT"
export DISTRICT_RECRUITMENT_ADDR="127.0.0.1:$RECRUITMENT_PORT"
export DISTRICT_PARKS_ADDR="127.0.0.1:$PARKS_PORT"
export DISTRICT_AGGREGATOR_ADDR="127.0.0.1:$AGGREGATOR_PORT"
export DISTRICT_IDENTITY_ADDR="127.0.0.1:$IDENTITY_PORT"
CTL=("$BUILD/tools/districtctl/districtctl" "--token_file=$ADMIN_TOKEN_FILE")

if [ ! -f "$RUN_DIR/imported-kuiwen-2020" ]; then
  echo
  "${CTL[@]}" import "$SEED"
  touch "$RUN_DIR/imported-kuiwen-2020"
fi
# The people, on the first run (no one in the identity service yet): the first administrator and the
# illustrative Kuiwen accounts, each with a random one-time password that must be changed at the
# first sign-in, printed this once and kept in run/accounts.txt, readable by its owner only.
ACCOUNTS="$RUN_DIR/accounts.txt"
IDENTITY="district.identity.v1.IdentityService"
someone=$("${CTL[@]}" call "$IDENTITY.ListPeople" '{"page_size": 1}')
if ! grep -q '"login_name"' <<<"$someone"; then
  PEOPLE=(
    'admin|系统管理员|区政府办公室|系统管理员|PERSON_ROLE_ADMIN|'
    'fgj.reviewer|王审核|区发展和改革局|科员|PERSON_ROLE_REVIEWER|'
    'zjj.editor|李填报|区住房和城乡建设局|填报员|PERSON_ROLE_EDITOR|"unit": "区住房和城乡建设局"'
    'liu.leader|刘副区长|区政府|副区长|PERSON_ROLE_LEADER|"leader": "刘副区长"'
    'viewer|赵查看|区政府办公室|科员|PERSON_ROLE_VIEWER|'
  )
  (umask 077; : >"$ACCOUNTS")
  chmod 600 "$ACCOUNTS"
  echo
  echo "== Accounts (one-time passwords, shown once; changed at the first sign-in; also in $ACCOUNTS) =="
  for p in "${PEOPLE[@]}"; do
    IFS='|' read -r login name unit title role scope <<<"$p"
    created=$("${CTL[@]}" call "$IDENTITY.CreatePerson" "{\"person\": {\"login_name\": \"$login\", \"display_name\": \"$name\", \"unit\": \"$unit\", \"title\": \"$title\", \"roles\": [\"$role\"], \"scope\": {$scope}}, \"request_id\": \"run-sh-$login\"}")
    password=$(sed -n 's/.*"one_time_password": *"\([^"]*\)".*/\1/p' <<<"$created")
    [ -n "$password" ] || { echo "creating $login gave no one-time password"; exit 1; }
    printf '%-14s %-10s %s\n' "$login" "$password" "$name · $unit" | tee -a "$ACCOUNTS"
  done
fi

echo
echo "== Key projects =="
"${CTL[@]}" list projects
echo
"${CTL[@]}" overview 2020
echo
"${CTL[@]}" scoreboard 2020
echo
"${CTL[@]}" bulletin 2020-06

cat <<EOT

The suite is running on loopback; its data is under $RUN_DIR/data.
  web page:     http://127.0.0.1:$WEB_PORT/   (登录 with a login name and one-time password of
                $ACCOUNTS, then 修改密码; every service wants a signed-in person or a token)
  districtctl:  export DISTRICT_PROJECT_ADDR=$DISTRICT_PROJECT_ADDR DISTRICT_RECRUITMENT_ADDR=$DISTRICT_RECRUITMENT_ADDR \\
                  DISTRICT_PARKS_ADDR=$DISTRICT_PARKS_ADDR DISTRICT_AGGREGATOR_ADDR=$DISTRICT_AGGREGATOR_ADDR \\
                  DISTRICT_IDENTITY_ADDR=$DISTRICT_IDENTITY_ADDR
                export DISTRICT_TOKEN="\$(cat $ADMIN_TOKEN_FILE)"   (the admin token; or --token_file=$ADMIN_TOKEN_FILE)
                ${CTL[0]} list leads
                ${CTL[0]} get project P00000001
  grpcurl:      grpcurl -plaintext 127.0.0.1:$PROJECT_PORT list
                grpcurl -plaintext -H "authorization: Bearer \$(cat $ADMIN_TOKEN_FILE)" -d '{"year": 2020}' \\
                  127.0.0.1:$AGGREGATOR_PORT district.aggregator.v1.DistrictService/GetOverview
                grpcurl -plaintext 127.0.0.1:$PARKS_PORT grpc.health.v1.Health/Check
  stop:         bash scripts/run.sh stop     (data is kept; run again to continue)
EOT
