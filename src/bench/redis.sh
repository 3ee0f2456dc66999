#!/usr/bin/env bash
# Redis mode against memory mode, side by side in one run (../shared/bench/compare, `party`:
# each user posts, then reads its room). Starts a redis-server on a free port and both jars.
# Needs ../shared (bench/compare), wrk, redis-server and redis-cli.
#   usage: src/bench/redis.sh [JAR] [SCENARIOS]
source "$(dirname "$0")/lib.sh"
need_shared bench/compare
need wrk
use_jar "${1:-}"
scenarios=${2:-party,post,room}
redis_port=$(free_port); a=$(free_port); b=$(free_port)
start_redis "$redis_port" /tmp/bench-redis.log
# load from one address; the core alone
common=(RATE_LIMIT_PER_ADDRESS=0 METRICS_ENABLED=false)
start_jar "$a" /tmp/bench-redis-a.log "${common[@]}" STORE=redis "REDIS_URL=redis://127.0.0.1:$redis_port"
start_jar "$b" /tmp/bench-memory-b.log "${common[@]}"
bench_started
echo "== Redis mode (A) vs memory mode (B)"
"$shared/bench/compare" "http://127.0.0.1:$a" "http://127.0.0.1:$b" --scenarios "$scenarios"
