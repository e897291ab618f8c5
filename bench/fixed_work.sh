#!/usr/bin/env bash
# The work a project server does for a fixed set of calls (bench/fixed_work_client.cc: CREATES
# durable creates, then GETS GetProject calls from 8 threads), measured on the server alone: for
# comparing two builds where call rates are too unsteady to compare.
#   bench/fixed_work.sh LABEL SERVER_BINARY [server flags...]
#   e.g. bench/fixed_work.sh head build/services/project/project_server --log_format=json
# Environment: CREATES (default 2000), GETS (default 200000), and MEASURE:
#   cpu           the server's CPU time (perf stat task-clock; the default). Drifts with the machine.
#   instructions  the instructions the server executes (valgrind's callgrind): nearly the same on
#                 every run, so a small difference shows; it cannot see waiting, contention or
#                 cache misses, and runs about fifty times slower (use e.g. CREATES=200 GETS=20000).
set -euo pipefail
label=$1 server=$2
shift 2
creates=${CREATES:-2000} gets=${GETS:-200000} measure=${MEASURE:-cpu}
client="$(dirname "$0")/../build/bench/fixed_work_client"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
case "$measure" in
  cpu) runner=(perf stat -e task-clock,instructions -x, -o "$dir/perf" --) ;;
  instructions) runner=(valgrind --tool=callgrind --callgrind-out-file="$dir/callgrind.out") ;;
  *) echo "MEASURE must be cpu or instructions, not $measure" >&2; exit 2 ;;
esac
"${runner[@]}" "$server" --listen=127.0.0.1:0 --data_dir="$dir/data" "$@" 2>"$dir/log" &
runner_pid=$!
for _ in $(seq 600); do grep -q "listening on port" "$dir/log" 2>/dev/null && break; sleep 0.1; done
port=$(grep -o "listening on port [0-9]*" "$dir/log" | awk '{print $4}')
"$client" "127.0.0.1:$port" "$creates" "$gets" >/dev/null
if [ "$measure" = cpu ]; then
  pkill -TERM -P "$runner_pid"  # the server; perf then reports
  wait "$runner_pid" || true
  echo "$label $(awk -F, '/task-clock|instructions/ {printf "%s=%s ", $3, $1}' "$dir/perf")"
else
  kill -TERM "$runner_pid"  # valgrind runs the server in its own process
  wait "$runner_pid" || true
  echo "$label instructions=$(awk '/^summary:/ {print $2}' "$dir/callgrind.out")"
fi
