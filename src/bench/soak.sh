#!/usr/bin/env bash
# Soak: steady `party` load plus live sockets for MINUTES (default 5), in 30 s slices; prints for
# each slice the rate, p50/p99, errors, and the heap in use after a full GC between slices (what
# the service really holds: heap after a young GC also counts old garbage not yet collected).
# Needs ../shared (bench/statuses.lua), wrk, Maven (the LiveLoad clients) and jcmd.
#   usage: src/bench/soak.sh [JAR] [MINUTES] [SOCKETS]
source "$(dirname "$0")/lib.sh"
need_shared bench/statuses.lua
need wrk mvn jcmd
use_jar "${1:-}"
minutes=${2:-5}
sockets=${3:-2000}
port=$(free_port)
gclog=$work/gc.log
# one address, one harness: the per-address budget is for real clients
start_jar "$port" /tmp/soak-server.log RATE_LIMIT_PER_ADDRESS=0 -Xlog:gc:file="$gclog"
server=$started_pid
compile_bench
bench_started
lua=$shared/bench/statuses.lua
wrk -t2 -c16 -d5s -s "$lua" "http://127.0.0.1:$port" -- fill 20000 4000 2 >/dev/null
# live sockets for the whole soak, each room's host reporting every second
start /tmp/soak-live.txt bench_mvn -Pjmh exec:exec -Dbench.main=watchparty.bench.LiveLoad \
  -Dbench.args="scale $port $sockets $((sockets / 5)) $((minutes * 60 + 20))"
live=$started_pid
sleep 15
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
wait "$live" || true
grep -E '^scale' /tmp/soak-live.txt
