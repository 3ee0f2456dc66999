#!/usr/bin/env bash
# Cluster mode against standalone Redis mode, side by side in one run (../shared/bench/compare):
# one instance on a Redis Cluster of three masters and three replicas (src/it/redis-cluster.sh),
# one on a single redis-server, both on this machine. Needs ../shared (bench/compare), wrk,
# redis-server and redis-cli.
#   usage: src/bench/cluster.sh [JAR] [SCENARIOS] [ROUNDS]
source "$(dirname "$0")/lib.sh"
need_shared bench/compare
need wrk redis-server redis-cli
use_jar "${1:-}"
scenarios=${2:-party,post,room}
rounds=${3:-3}
urls=$("$root/src/it/redis-cluster.sh" "$work/cluster")
while read -r pid; do pids+=("$pid"); done <"$work/cluster/pids"
redis_port=$(free_port); a=$(free_port); b=$(free_port)
start_redis "$redis_port" /tmp/bench-cluster-standalone.log
# load from one address; the core alone
common=(RATE_LIMIT_PER_ADDRESS=0 METRICS_ENABLED=false STORE=redis)
start_jar "$a" /tmp/bench-cluster-a.log "${common[@]}" REDIS_MODE=cluster "REDIS_URL=$urls"
start_jar "$b" /tmp/bench-cluster-b.log "${common[@]}" "REDIS_URL=redis://127.0.0.1:$redis_port"
bench_started
echo "== Cluster mode, 3 masters + 3 replicas (A) vs standalone Redis (B)"
"$shared/bench/compare" "http://127.0.0.1:$a" "http://127.0.0.1:$b" --warmup 5 --scenarios "$scenarios" --rounds "$rounds"
