#!/usr/bin/env bash
# The CPU a project server spends on a fixed amount of work (bench/fixed_work_client.cc: 2,000
# durable creates, then 200,000 GetProject), measured by perf stat on the server alone: for
# comparing two builds where call rates are too unsteady to compare.
#   bench/fixed_work.sh LABEL SERVER_BINARY [server flags...]
#   e.g. bench/fixed_work.sh head build/services/project/project_server --log_format=json
set -euo pipefail
label=$1 server=$2
shift 2
client="$(dirname "$0")/../build/bench/fixed_work_client"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
perf stat -e task-clock,instructions -x, -o "$dir/perf" -- \
  "$server" --listen=127.0.0.1:0 --data_dir="$dir/data" "$@" 2>"$dir/log" &
perf_pid=$!
for _ in $(seq 100); do grep -q "listening on port" "$dir/log" 2>/dev/null && break; sleep 0.1; done
port=$(grep -o "listening on port [0-9]*" "$dir/log" | awk '{print $4}')
"$client" "127.0.0.1:$port" 2000 200000 >/dev/null
pkill -TERM -P "$perf_pid"  # the server; perf then reports
wait "$perf_pid" || true
echo "$label $(awk -F, '/task-clock|instructions/ {printf "%s=%s ", $3, $1}' "$dir/perf")"
