#!/usr/bin/env bash
# Redis mode against memory mode, side by side in one run (../shared/bench/compare, `party`:
# each user posts, then reads its room). Starts a redis-server on a free port and both jars.
#   usage: src/bench/redis.sh [JAR] [SCENARIOS]
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
shared=$(cd "$here/../shared" && pwd)
jar=${1:-$here/target/player-status.jar}
scenarios=${2:-party,post,room}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
redis_port=$(free_port); a=$(free_port); b=$(free_port)
pids=()
trap 'kill ${pids[*]} 2>/dev/null || true' EXIT
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no >/tmp/bench-redis.log 2>&1 & pids+=($!)
until redis-cli -p "$redis_port" ping >/dev/null 2>&1; do sleep 0.1; done
export RATE_LIMIT_PER_ADDRESS=0 METRICS_ENABLED=false # load from one address; the core alone
PORT=$a HOST=127.0.0.1 STORE=redis REDIS_URL=redis://127.0.0.1:$redis_port java -jar "$jar" >/tmp/bench-redis-a.log 2>&1 & pids+=($!)
PORT=$b HOST=127.0.0.1 java -jar "$jar" >/tmp/bench-memory-b.log 2>&1 & pids+=($!)
for p in $a $b; do until curl -sf -o /dev/null "http://127.0.0.1:$p/health/ready"; do sleep 0.1; done; done
echo "== Redis mode (A) vs memory mode (B)"
"$shared/bench/compare" "http://127.0.0.1:$a" "http://127.0.0.1:$b" --scenarios "$scenarios"
