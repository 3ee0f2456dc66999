#!/usr/bin/env bash
# The live feed's targets, against the jar started here with a 512 MiB heap cap and a GC log:
#   1. one status fanned out to 100 listeners: delivery latency percentiles;
#   2. 10,000 sockets in 2,000 rooms, each room's host sending a status a second for 60 s:
#      delivered vs expected, errors, and the heap after each GC (peak printed).
# The clients are watchparty.bench.LiveLoad (src/jmh/java), run through Maven's jmh profile.
# Needs Maven; nothing outside the repository.
#   usage: src/bench/live.sh [JAR] [SECONDS]
source "$(dirname "$0")/lib.sh"
need mvn
use_jar "${1:-}"
seconds=${2:-60}
port=$(free_port)
gclog=$work/gc.log
ulimit -n 65536 2>/dev/null || true
start_jar "$port" /tmp/live-bench-server.log RATE_LIMIT_PER_ADDRESS=0 RATE_LIMIT_PER_USER=0 -Xmx512m -Xlog:gc:file="$gclog"
pid=$started_pid
compile_bench
bench_started
run() { bench_mvn -Pjmh exec:exec -Dbench.main=watchparty.bench.LiveLoad -Dbench.args="$*"; }
run fanout "$port" 100 500
run scale "$port" 10000 2000 "$seconds"
echo "server heap after GC, peak: $(grep -oE '[0-9]+M->[0-9]+M' "$gclog" | sed -E 's/.*->([0-9]+)M/\1/' | sort -n | tail -1) MiB of 512 (GC events: $(grep -c Pause "$gclog"))"
kill -0 "$pid" && echo "server still up: $(curl -s "http://127.0.0.1:$port/health/ready")"
