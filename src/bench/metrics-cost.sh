#!/usr/bin/env bash
# What Prometheus metrics cost: the jar with metrics on (the shipped default) against the same jar
# with METRICS_ENABLED=false, side by side in one run (../shared/bench/compare), in both orders
# since the server loaded first in a round can come out a few per cent behind on a shared machine.
# Needs ../shared (bench/compare) and wrk.
#   usage: src/bench/metrics-cost.sh [JAR] [SCENARIOS] [ROUNDS]
source "$(dirname "$0")/lib.sh"
need_shared bench/compare
need wrk
use_jar "${1:-}"
scenarios=${2:-post,party,room}
rounds=${3:-3}
on=$(free_port); off=$(free_port)
# load from one address: the per-address budget off, as in every wrk scenario
start_jar "$on" /tmp/bench-metrics-on.log RATE_LIMIT_PER_ADDRESS=0
start_jar "$off" /tmp/bench-metrics-off.log RATE_LIMIT_PER_ADDRESS=0 METRICS_ENABLED=false
bench_started
echo "== metrics on (A) vs metrics off (B)"
"$shared/bench/compare" "http://127.0.0.1:$on" "http://127.0.0.1:$off" --warmup 5 --scenarios "$scenarios" --rounds "$rounds"
echo "== metrics off (A) vs metrics on (B)"
"$shared/bench/compare" "http://127.0.0.1:$off" "http://127.0.0.1:$on" --warmup 5 --scenarios "$scenarios" --rounds "$rounds"
