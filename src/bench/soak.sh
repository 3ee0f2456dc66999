#!/usr/bin/env bash
# Soak: steady `party` load plus live sockets for MINUTES (default 5), in 30 s slices; prints for
# each slice the rate, p50/p99, errors, and the heap in use after a full GC between slices (what
# the service really holds: heap after a young GC also counts old garbage not yet collected).
#   usage: src/bench/soak.sh [JAR] [MINUTES] [SOCKETS]
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
shared=$(cd "$here/../shared" && pwd)
jar=${1:-$here/target/player-status.jar}
minutes=${2:-5}
sockets=${3:-2000}
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
gclog=$(mktemp)
pids=()
trap 'kill ${pids[*]} 2>/dev/null || true' EXIT
# one address, one harness: the per-address budget is for real clients
PORT=$port HOST=127.0.0.1 RATE_LIMIT_PER_ADDRESS=0 java -Xlog:gc:file="$gclog" -jar "$jar" >/tmp/soak-server.log 2>&1 &
pids+=($!)
until curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready"; do sleep 0.1; done
lua=$shared/bench/statuses.lua
wrk -t2 -c16 -d5s -s "$lua" "http://127.0.0.1:$port" -- fill 20000 4000 2 >/dev/null
cd "$here"
mvn -B -q -Pjmh test-compile >/dev/null
# live sockets for the whole soak, each room's host reporting every second
mvn -B -q -Pjmh exec:exec -Dbench.main=watchparty.bench.LiveLoad \
  -Dbench.args="scale $port $sockets $((sockets / 5)) $((minutes * 60 + 20))" >/tmp/soak-live.txt 2>&1 &
pids+=($!)
sleep 15
server=${pids[0]}
printf '%-6s %10s %8s %8s %7s %12s\n' slice "req/s" "p50 ms" "p99 ms" errors "live MiB"
for slice in $(seq 1 $((minutes * 2))); do
  out=$(wrk -t1 -c64 -d30s --timeout 5s -s "$lua" "http://127.0.0.1:$port" -- party 20000 4000 1 | grep RESULT)
  rps=$(echo "$out" | sed -E 's/.*rps=([0-9.]+).*/\1/')
  p50=$(echo "$out" | sed -E 's/.*p50_ms=([0-9.]+).*/\1/')
  p99=$(echo "$out" | sed -E 's/.*p99_ms=([0-9.]+).*/\1/')
  non200=$(echo "$out" | sed -E 's/.*non200=([0-9]+).*/\1/')
  socket=$(echo "$out" | sed -E 's/.*socket_errors=([0-9]+).*/\1/')
  errors=$((non200 + socket))
  jcmd "$server" GC.run >/dev/null
  heap=$(jcmd "$server" GC.heap_info | grep -oE 'used [0-9]+K' | head -1 | sed -E 's/used ([0-9]+)K/\1/')
  heap=$((heap / 1024))
  printf '%-6s %10.0f %8s %8s %7s %12s\n' "$slice" "$rps" "$p50" "$p99" "$errors" "${heap:--}"
done
wait ${pids[1]} || true
grep -E '^scale' /tmp/soak-live.txt
