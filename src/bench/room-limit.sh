#!/usr/bin/env bash
# What bounds `room`: the service against a server that only sends the service's own answer
# (src/bench/AnswerServer.java, the same headers and body, recorded from the jar after the same
# load), and that server against the seed, each pair side by side in one run of
# ../shared/bench/compare (`post` first, as in the README's table, so rooms hold five statuses a
# user; its `post` line compares nothing here and is dropped).
# Starts what it needs on loopback and stops what it started. Needs wrk and node.
#   usage: src/bench/room-limit.sh [JAR]
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
shared=$(cd "$here/../shared" && pwd)
jar=${1:-$here/target/player-status.jar}
work=$(mktemp -d)
pids=()
trap 'kill ${pids[*]} 2>/dev/null || true; rm -rf "$work"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() { for _ in $(seq 1 600); do curl -s -o /dev/null "$1/api/player/status?roomCode=PING" && return 0; sleep 0.2; done; echo "no answer from $1" >&2; exit 2; }

ours=$(free_port); answer=$(free_port)
PORT=$ours HOST=127.0.0.1 RATE_LIMIT_PER_ADDRESS=0 METRICS_ENABLED=false java -jar "$jar" >"$work/ours.log" 2>&1 & pids+=($!)
if ! curl -s -o /dev/null "http://127.0.0.1:3300/api/player/status?roomCode=PING"; then
  "$shared/reference/run" 3300 >"$work/seed.log" 2>&1 & pids+=($!)
fi
wait_for "http://127.0.0.1:$ours"; wait_for http://127.0.0.1:3300

# the answer to record: a room after `post` load (five users, five statuses each)
wrk -t1 -c64 -d4s -s "$shared/bench/statuses.lua" "http://127.0.0.1:$ours" -- post 20000 4000 1 >/dev/null
curl -s -D "$work/headers.txt" -o "$work/body.json" "http://127.0.0.1:$ours/api/player/status?roomCode=R000042"
tr -d '\r' <"$work/headers.txt" >"$work/headers"
echo "recorded answer: $(wc -c <"$work/body.json") bytes of body, $(grep -c ':' "$work/headers") headers"
java -cp "$jar" "$here/src/bench/AnswerServer.java" "$answer" "$work/headers" "$work/body.json" >"$work/answer.log" 2>&1 & pids+=($!)
wait_for "http://127.0.0.1:$answer"

echo "== the service (A) vs a server sending its answer and doing nothing else (B)"
"$shared/bench/compare" "http://127.0.0.1:$ours" "http://127.0.0.1:$answer" --scenarios post,room --warmup 10 | grep '^room'
echo "== that server (A) vs the seed (B)"
"$shared/bench/compare" "http://127.0.0.1:$answer" http://127.0.0.1:3300 --scenarios post,room --warmup 3 | grep '^room'
