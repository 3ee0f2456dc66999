#!/usr/bin/env bash
# The live feed's targets, against the jar started here with a 512 MiB heap cap and a GC log:
#   1. one status fanned out to 100 listeners: delivery latency percentiles;
#   2. 10,000 sockets in 2,000 rooms, each room's host sending a status a second for 60 s:
#      delivered vs expected, errors, and the heap after each GC (peak printed).
#   usage: src/bench/live.sh [JAR] [SECONDS]
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
jar=${1:-$here/target/player-status.jar}
seconds=${2:-60}
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
gclog=$(mktemp)
ulimit -n 65536 2>/dev/null || true
PORT=$port HOST=127.0.0.1 RATE_LIMIT_PER_ADDRESS=0 RATE_LIMIT_PER_USER=0 java -Xmx512m -Xlog:gc:file="$gclog" -jar "$jar" >/tmp/live-bench-server.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready"; do sleep 0.1; done
cd "$here"
mvn -B -q -Pjmh test-compile >/dev/null
run() { mvn -B -q -Pjmh exec:exec -Dbench.main=watchparty.bench.LiveLoad -Dbench.args="$*"; }
run fanout "$port" 100 500
run scale "$port" 10000 2000 "$seconds"
echo "server heap after GC, peak: $(grep -oE '[0-9]+M->[0-9]+M' "$gclog" | sed -E 's/.*->([0-9]+)M/\1/' | sort -n | tail -1) MiB of 512 (GC events: $(grep -c Pause "$gclog"))"
kill -0 $pid && echo "server still up: $(curl -s "http://127.0.0.1:$port/health/ready")"
