#!/usr/bin/env bash
# What a live viewer costs Redis and an instance: the simulator's live viewers (rooms of 20)
# against one instance in Redis mode, and the CPU time redis-server and the instance used over
# the steady part of the run (after the ramp), read from /proc. From it, viewers per Redis shard
# and per instance core. Needs redis-server and redis-cli; nothing outside the repository.
#   usage: src/bench/sizing.sh [JAR] [VIEWERS] [SECONDS]
source "$(dirname "$0")/lib.sh"
need redis-server redis-cli
use_jar "${1:-}"
viewers=${2:-2000}
seconds=${3:-30}
ramp=10
redis_port=$(free_port); port=$(free_port)
start_redis "$redis_port" /tmp/bench-sizing-redis.log
redis_pid=$started_pid
start_jar "$port" /tmp/bench-sizing-service.log STORE=redis "REDIS_URL=redis://127.0.0.1:$redis_port"
service_pid=$started_pid
bench_started
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
calls() { redis-cli -p "$redis_port" info commandstats | tr -d '\r' | awk -F'[=,:]' '/^cmdstat_(evalsha|eval|hgetall):/ {n += $3} END {print n + 0}'; }
java -jar "$jar" simulate --url "http://127.0.0.1:$port" --mode live --viewers "$viewers" --room-size 20 \
  --ramp "${ramp}s" --duration "$((seconds + 5))s" --progress 0 --json "$work/summary.json" >"$work/simulate.log" 2>&1 &
sim=$!
sleep $((ramp + 3))
r0=$(ticks "$redis_pid"); s0=$(ticks "$service_pid"); c0=$(calls); t0=$(date +%s.%N)
sleep "$seconds"
r1=$(ticks "$redis_pid"); s1=$(ticks "$service_pid"); c1=$(calls); t1=$(date +%s.%N)
wait "$sim" || true
tail -n 25 "$work/simulate.log"
python3 - "$viewers" "$r0" "$r1" "$s0" "$s1" "$c0" "$c1" "$t0" "$t1" "$(getconf CLK_TCK)" <<'PY'
import sys
v, r0, r1, s0, s1, c0, c1 = map(int, sys.argv[1:8])
t0, t1, hz = float(sys.argv[8]), float(sys.argv[9]), int(sys.argv[10])
secs = t1 - t0
redis = (r1 - r0) / hz / secs
service = (s1 - s0) / hz / secs
calls = (c1 - c0) / secs
print(f"{v} live viewers over {secs:.1f} s: redis-server {redis*100:.1f} % of a core, the instance {service*100:.1f} %,"
      f" {calls:.0f} room scripts and reads a second ({calls / v:.2f} a viewer)")
print(f"viewers per Redis core at 70 %: {v * 0.7 / redis:,.0f}; per instance core at 70 %: {v * 0.7 / service:,.0f}")
PY
