#!/usr/bin/env bash
# The performance table of the README, in one run on one machine:
#   1. this service against the Vert.x ceiling and against the seed, side by side
#      (../shared/bench/compare: 64 connections, 20,000 users in 4,000 rooms);
#   2. `room` at 200,000 users in 40,000 rooms against 20,000 in 4,000 (flat with size).
# Starts the jar, the seed (../shared/reference/run) and the ceiling (../shared/bench/ceiling/run)
# on loopback, and stops what it started. Needs wrk (apt-get install -y wrk) and node.
#   usage: src/bench/compare.sh [JAR]
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
shared=$(cd "$here/../shared" && pwd)
jar=${1:-$here/target/player-status.jar}
pids=()
trap 'kill ${pids[*]} 2>/dev/null || true' EXIT

wait_for() { for _ in $(seq 1 600); do curl -s -o /dev/null "$1/api/player/status?roomCode=PING" && return 0; sleep 0.2; done; echo "no answer from $1" >&2; exit 2; }
start() { # name port command...
  local port=$2; shift 2
  if ! curl -s -o /dev/null "http://127.0.0.1:$port/api/player/status?roomCode=PING"; then
    "$@" >"/tmp/bench-$port.log" 2>&1 &
    pids+=($!)
  fi
  wait_for "http://127.0.0.1:$port"
}

# load from one address: the per-address budget is for real clients, not for wrk
start ours 8080 env PORT=8080 HOST=127.0.0.1 RATE_LIMIT_PER_ADDRESS=0 METRICS_ENABLED=false java -jar "$jar"
start ceiling 3400 "$shared/bench/ceiling/run" 3400
start seed 3300 "$shared/reference/run" 3300

echo "== ours (A) vs the Vert.x ceiling (B)"
"$shared/bench/compare" http://127.0.0.1:8080 http://127.0.0.1:3400 --warmup 15
echo "== ours (A) vs the seed (B)"
"$shared/bench/compare" http://127.0.0.1:8080 http://127.0.0.1:3300 --warmup 15

echo "== flat with size: room at 200,000 users / 40,000 rooms (A) vs 20,000 / 4,000 (B), fresh instances"
kill ${pids[0]} 2>/dev/null || true
PORT=8081 HOST=127.0.0.1 RATE_LIMIT_PER_ADDRESS=0 METRICS_ENABLED=false java -jar "$jar" >/tmp/bench-8081.log 2>&1 & pids+=($!)
PORT=8082 HOST=127.0.0.1 RATE_LIMIT_PER_ADDRESS=0 METRICS_ENABLED=false java -jar "$jar" >/tmp/bench-8082.log 2>&1 & pids+=($!)
wait_for http://127.0.0.1:8081; wait_for http://127.0.0.1:8082
"$shared/bench/compare" http://127.0.0.1:8081 --scenarios room --users 200000 --rooms 40000 | sed 's/^/big:   /'
"$shared/bench/compare" http://127.0.0.1:8082 --scenarios room --users 20000 --rooms 4000 | sed 's/^/small: /'
