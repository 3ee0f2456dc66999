#!/usr/bin/env bash
# Time from `java -jar` to the first answered request, five launches; prints each and the median.
#   usage: src/bench/startup.sh [JAR] [RUNS]
set -euo pipefail
jar=${1:-target/player-status.jar}
runs=${2:-5}
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
times=()
for _ in $(seq "$runs"); do
  start=$(date +%s%N)
  PORT=$port java -jar "$jar" >/dev/null 2>&1 &
  pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/api/player/status?roomCode=R1"; do sleep 0.005; done
  end=$(date +%s%N)
  kill -TERM $pid; wait $pid || true
  times+=($(( (end - start) / 1000000 )))
done
echo "first answer after launch (ms): ${times[*]}"
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print "median: " a[int((NR+1)/2)] " ms"}'
