#!/usr/bin/env bash
# The performance table of the README, in one run on one machine:
#   1. this service against the Vert.x ceiling and against the seed, side by side
#      (../shared/bench/compare: 64 connections, 20,000 users in 4,000 rooms);
#   2. `room` at 200,000 users in 40,000 rooms against 20,000 in 4,000 (flat with size).
# Starts the jar on a free port, the seed (../shared/reference/run) on 3300 and the ceiling
# (../shared/bench/ceiling/run) on 3400, or uses those already answering there, on loopback, and
# stops what it started. Needs ../shared (bench/compare, the seed, the ceiling), wrk
# (apt-get install -y wrk), node and Maven (the ceiling's first build).
#   usage: src/bench/compare.sh [JAR]
source "$(dirname "$0")/lib.sh"
need_shared bench/compare reference/run bench/ceiling/run
need wrk
use_jar "${1:-}"
url() { echo "http://127.0.0.1:$1"; }

# load from one address: the per-address budget is for real clients, not for wrk
core=(RATE_LIMIT_PER_ADDRESS=0 METRICS_ENABLED=false)
ours=$(free_port)
start_jar "$ours" /tmp/bench-ours.log "${core[@]}"
ours_pid=$started_pid
start_ceiling 3400
start_seed 3300
bench_started

echo "== ours (A) vs the Vert.x ceiling (B)"
"$shared/bench/compare" "$(url "$ours")" "$(url 3400)" --warmup 15
echo "== ours (A) vs the seed (B)"
"$shared/bench/compare" "$(url "$ours")" "$(url 3300)" --warmup 15

echo "== flat with size: room at 200,000 users / 40,000 rooms (A) vs 20,000 / 4,000 (B), fresh instances"
stop "$ours_pid"
big=$(free_port); small=$(free_port)
start_jar "$big" /tmp/bench-big.log "${core[@]}"
start_jar "$small" /tmp/bench-small.log "${core[@]}"
"$shared/bench/compare" "$(url "$big")" --scenarios room --users 200000 --rooms 40000 | sed 's/^/big:   /'
"$shared/bench/compare" "$(url "$small")" --scenarios room --users 20000 --rooms 4000 | sed 's/^/small: /'
