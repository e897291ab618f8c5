# Sourced by the shell tests: free_ports N prints the first of N consecutive loopback ports that
# nothing listens on (another suite may hold 50051-50054), trying random bases below Linux's
# ephemeral range (32768-60999): a port there may be taken between this check and the bind by the
# local end of any outgoing connection, or a server asking for port 0 (a run of the e2e test lost
# its web port so while the browser test ran beside it).
free_ports() {
  local count=$1 base i ok
  for _ in $(seq 20); do
    base=$((20000 + RANDOM % (32768 - 20000 - count)))
    ok=1
    for ((i = 0; i < count; i++)); do
      if (exec 3<>"/dev/tcp/127.0.0.1/$((base + i))") 2>/dev/null; then ok=""; break; fi
    done
    if [ -n "$ok" ]; then echo "$base"; return 0; fi
  done
  echo "no $count free ports found" >&2
  return 1
}
