# Sourced by the shell tests: free_ports N prints the first of N consecutive loopback ports that
# nothing listens on (another suite may hold 50051-50054), trying random bases.
free_ports() {
  local count=$1 base i ok
  for _ in $(seq 20); do
    base=$((20000 + RANDOM % 30000))
    ok=1
    for ((i = 0; i < count; i++)); do
      if (exec 3<>"/dev/tcp/127.0.0.1/$((base + i))") 2>/dev/null; then ok=""; break; fi
    done
    if [ -n "$ok" ]; then echo "$base"; return 0; fi
  done
  echo "no $count free ports found" >&2
  return 1
}
