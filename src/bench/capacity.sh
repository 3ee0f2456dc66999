#!/usr/bin/env bash
# Capacity in viewers: the simulator against one instance (shipped defaults: metrics on, memory
# store), each run with more viewers, until a run breaks its thresholds. With PIN=1 the instance
# is held to core 0 and the simulator to core 1 (taskset), so that neither slows the other down;
# otherwise both share the machine's cores. Needs nothing outside the repository (taskset, from
# util-linux, for PIN=1). SERVICE_JAVA_OPTS are the instance's JVM options (on one core the JVM
# picks the Serial collector by itself; -XX:+UseG1GC, as the Dockerfile sets, keeps pauses shorter).
#   usage: src/bench/capacity.sh [JAR] MODE THRESHOLDS VIEWERS...
#   e.g.:  PIN=1 src/bench/capacity.sh target/player-status.jar live 'delivery.p99<50ms,errors<=0' 4000 6000 8000
#          PIN=1 SERVICE_JAVA_OPTS=-XX:+UseG1GC JOIN_RATE=250 DURATION=40s src/bench/capacity.sh JAR live '...' 10000
source "$(dirname "$0")/lib.sh"
[ $# -ge 4 ] || die "usage: capacity.sh JAR MODE THRESHOLDS VIEWERS..."
use_jar "$1"
mode=$2
thresholds=$3
shift 3
# RAMP fixes the ramp; JOIN_RATE (viewers a second) scales it with each run's viewers instead
ramp=${RAMP:-20s}
duration=${DURATION:-60s}
service_cpu=() simulator_cpu=() instances=()
if [ "${PIN:-0}" = 1 ]; then
  need taskset
  service_cpu=(taskset -c 0) simulator_cpu=(taskset -c 1) instances=(INSTANCES=1)
fi
ulimit -n 200000 2>/dev/null || ulimit -n "$(ulimit -Hn)"
port=$(free_port)
# shellcheck disable=SC2086 # SERVICE_JAVA_OPTS is a list of options
start "$work/service.log" "${service_cpu[@]}" env "PORT=$port" HOST=127.0.0.1 "${instances[@]}" java ${SERVICE_JAVA_OPTS:-} -jar "$jar"
service_pid=$started_pid
wait_ready "$port" "$service_pid"
bench_started
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
for viewers in "$@"; do
  [ -z "${JOIN_RATE:-}" ] || ramp="$(( (viewers + JOIN_RATE - 1) / JOIN_RATE ))s"
  t0=$(date +%s.%N); s0=$(ticks "$service_pid")
  set +e
  "${simulator_cpu[@]}" java -jar "$jar" simulate --url "http://127.0.0.1:$port" --mode "$mode" --viewers "$viewers" \
    --room-size 20 --ramp "$ramp" --duration "$duration" --loops 1 --progress 0 --threshold "$thresholds" \
    --json "$work/summary-$viewers.json" >"$work/simulate-$viewers.log" 2>&1
  status=$?
  set -e
  t1=$(date +%s.%N); s1=$(ticks "$service_pid")
  echo "== $viewers viewers ($mode): exit $status ($([ $status = 0 ] && echo passed || echo broken))," \
    "the instance used $(python3 -c "print(f'{($s1 - $s0) / $(getconf CLK_TCK) / ($t1 - $t0):.2f}')") of a core on average"
  grep -E '^(status|room|ack|delivery|lag|errors|sockets) ' "$work/simulate-$viewers.log" || tail -n 5 "$work/simulate-$viewers.log"
  grep -E 'threshold' "$work/simulate-$viewers.log" || true
  # the simulator's sockets close as it exits; give the instance a moment before the next run
  sleep 5
done
