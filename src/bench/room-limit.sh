#!/usr/bin/env bash
# What bounds `room`: the service against a server that only sends the service's own answer
# (src/bench/AnswerServer.java, the same headers and body, recorded from the jar after the same
# load), and that server against the seed, each pair side by side in one run of
# ../shared/bench/compare (`post` first, as in the README's table, so rooms hold five statuses a
# user; its `post` line compares nothing here and is dropped).
# Starts what it needs on loopback (the seed on 3300, or uses the one answering there) and stops
# what it started. Needs ../shared (bench/compare, bench/statuses.lua, the seed), wrk and node.
#   usage: src/bench/room-limit.sh [JAR]
source "$(dirname "$0")/lib.sh"
need_shared bench/compare bench/statuses.lua reference/run
need wrk
use_jar "${1:-}"

ours=$(free_port); answer=$(free_port)
start_jar "$ours" "$work/ours.log" RATE_LIMIT_PER_ADDRESS=0 METRICS_ENABLED=false
start_seed 3300 "$work/seed.log"

# the answer to record: a room after `post` load (five users, five statuses each)
wrk -t1 -c64 -d4s -s "$shared/bench/statuses.lua" "http://127.0.0.1:$ours" -- post 20000 4000 1 >/dev/null
curl -s -D "$work/headers.txt" -o "$work/body.json" "http://127.0.0.1:$ours/api/player/status?roomCode=R000042"
tr -d '\r' <"$work/headers.txt" >"$work/headers"
echo "recorded answer: $(wc -c <"$work/body.json") bytes of body, $(grep -c ':' "$work/headers") headers"
# Vert.x and the epoll transport from the service's jar
start "$work/answer.log" java -cp "$jar" "$root/src/bench/AnswerServer.java" "$answer" "$work/headers" "$work/body.json"
wait_http "$(status_url "$answer")" "$started_pid" 120
bench_started

echo "== the service (A) vs a server sending its answer and doing nothing else (B)"
"$shared/bench/compare" "http://127.0.0.1:$ours" "http://127.0.0.1:$answer" --scenarios post,room --warmup 10 | grep '^room'
echo "== that server (A) vs the seed (B)"
"$shared/bench/compare" "http://127.0.0.1:$answer" http://127.0.0.1:3300 --scenarios post,room --warmup 3 | grep '^room'
