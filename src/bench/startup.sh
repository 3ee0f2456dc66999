#!/usr/bin/env bash
# Time from `java -jar` to the first answered request, five launches; prints each and the median.
# Needs only the repository (the jar is built first when the default one is missing).
#   usage: src/bench/startup.sh [JAR] [RUNS]
source "$(dirname "$0")/lib.sh"
use_jar "${1:-}"
runs=${2:-5}
port=$(free_port)
bench_started
times=()
for _ in $(seq "$runs"); do
  began=$(date +%s%N)
  start /dev/null env PORT="$port" HOST=127.0.0.1 java -jar "$jar"
  pid=$started_pid
  # the first answer, not readiness: what a client waits for after a restart
  until curl -sf -o /dev/null "http://127.0.0.1:$port/api/player/status?roomCode=R1"; do
    kill -0 "$pid" 2>/dev/null || die "the jar exited before it answered"
    sleep 0.005
  done
  answered=$(date +%s%N)
  stop "$pid"
  times+=($(( (answered - began) / 1000000 )))
done
echo "first answer after launch (ms): ${times[*]}"
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print "median: " a[int((NR+1)/2)] " ms"}'
