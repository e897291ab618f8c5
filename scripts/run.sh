#!/usr/bin/env bash
# Sets up and builds the suite, then starts its services on loopback with their data under ./run
# (kept between runs: running again reuses it). Stop them with: scripts/run.sh stop
set -euo pipefail
cd "$(dirname "$0")/.."
RUN_DIR="${DISTRICT_RUN_DIR:-$PWD/run}"
PROJECT_PORT="${PROJECT_PORT:-50051}"

# name, binary, port
SERVICES=(
  "project services/project/project_server $PROJECT_PORT"
)

stop() {
  for entry in "${SERVICES[@]}"; do
    read -r name _ _ <<<"$entry"
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

bash scripts/setup.sh
mkdir -p "$RUN_DIR/logs"
for entry in "${SERVICES[@]}"; do
  read -r name binary port <<<"$entry"
  pid_file="$RUN_DIR/$name.pid"
  if [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
    echo "$name already running (pid $(cat "$pid_file"))"
    continue
  fi
  log="$RUN_DIR/logs/$name.log"
  nohup "build/$binary" --listen="127.0.0.1:$port" --data_dir="$RUN_DIR/data/$name" \
    >>"$log" 2>&1 &
  echo $! >"$pid_file"
  for _ in $(seq 100); do
    grep -q "listening on port $port" "$log" 2>/dev/null && break
    kill -0 "$(cat "$pid_file")" 2>/dev/null || { echo "$name failed to start; see $log"; exit 1; }
    sleep 0.1
  done
  echo "$name listening on 127.0.0.1:$port (data $RUN_DIR/data/$name, log $log)"
done

cat <<EOT

The suite is running. Inspect it with grpcurl (server reflection is on):
  grpcurl -plaintext 127.0.0.1:$PROJECT_PORT list
  grpcurl -plaintext 127.0.0.1:$PROJECT_PORT describe district.project.v1.ProjectService
  grpcurl -plaintext -d '{"year": 2020}' 127.0.0.1:$PROJECT_PORT district.project.v1.ProjectService/GetProjectStats
  grpcurl -plaintext -d '{"service": ""}' 127.0.0.1:$PROJECT_PORT grpc.health.v1.Health/Check
Stop it with:
  bash scripts/run.sh stop
EOT
