#!/usr/bin/env bash
# Where the time of one request goes: for the service and for the Vert.x ceiling, under each
# scenario of ../shared/bench/statuses.lua (64 connections, 20,000 users in 4,000 rooms), the
# requests/s, the CPU time per request of the server process and of wrk itself (both from
# /proc/PID/stat over the same 5 s), and, when perf is installed, the server's system calls and
# context switches per request (counted over the next 4 s: counting slows the server a little). On a 2-core machine wrk and the server share the cores, so an
# answer that costs wrk more to read lowers the server's rate as surely as its own work does.
# Starts both servers on free ports and stops them. Needs wrk (and perf for the last columns).
#   usage: src/bench/cost.sh [JAR] [SCENARIOS]      (default: target/player-status.jar post,room,user,party)
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
shared=$(cd "$here/../shared" && pwd)
jar=${1:-$here/target/player-status.jar}
scenarios=${2:-post,room,user,party}
lua=$shared/bench/statuses.lua
tick=$(getconf CLK_TCK)
pids=()
trap 'kill ${pids[*]} 2>/dev/null || true' EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() { for _ in $(seq 1 600); do curl -s -o /dev/null "$1/api/player/status?roomCode=PING" && return 0; sleep 0.2; done; echo "no answer from $1" >&2; exit 2; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

measure() { # name url server-pid
  local name=$1 url=$2 pid=$3
  wrk -t1 -c64 -d10s -s "$lua" "$url" -- party 20000 4000 1 >/dev/null # warm the JIT
  for scenario in ${scenarios//,/ }; do
    if [ "$scenario" != post ]; then
      wrk -t2 -c16 -d5s -s "$lua" "$url" -- fill 20000 4000 2 >/dev/null
    fi
    local out; out=$(mktemp)
    wrk -t1 -c64 -d11s --timeout 5s -s "$lua" "$url" -- "$scenario" 20000 4000 1 >"$out" &
    local wrk_pid=$!
    sleep 1
    local s0 w0 s1 w1 calls=""
    s0=$(cpu_ticks "$pid"); w0=$(cpu_ticks "$wrk_pid")
    sleep 5
    s1=$(cpu_ticks "$pid"); w1=$(cpu_ticks "$wrk_pid")
    if command -v perf >/dev/null; then
      calls=$(perf stat -x, -e 'raw_syscalls:sys_enter,context-switches' -p "$pid" -- sleep 4 2>&1 | cut -d, -f1 | paste -sd' ')
    fi
    wait "$wrk_pid"
    local rps; rps=$(sed -n 's/.*RESULT rps=\([0-9.]*\).*/\1/p' "$out"); rm -f "$out"
    python3 - "$name" "$scenario" "$rps" "$tick" "$s0" "$s1" "$w0" "$w1" $calls <<'EOF'
import sys
name, scenario, rps, tick, s0, s1, w0, w1 = sys.argv[1:9]
rps, tick = float(rps), int(tick)
n = rps * 5  # requests in the 5 s window, at the run's average rate
line = (f"{name:8s} {scenario:6s} {rps:9.0f} req/s  server {(int(s1) - int(s0)) / tick * 1e6 / n:6.2f} us/req"
        f"  wrk {(int(w1) - int(w0)) / tick * 1e6 / n:6.2f} us/req")
if len(sys.argv) > 10:
    m = rps * 4  # in the next 4 s
    line += f"  syscalls {int(sys.argv[9]) / m:5.2f}/req  switches {int(sys.argv[10]) / m:5.3f}/req"
print(line, flush=True)
EOF
  done
}

ours=$(free_port); ceiling=$(free_port)
PORT=$ours HOST=127.0.0.1 RATE_LIMIT_PER_ADDRESS=0 METRICS_ENABLED=false java -jar "$jar" >/tmp/bench-cost-ours.log 2>&1 &
ours_pid=$!; pids+=($ours_pid)
wait_for "http://127.0.0.1:$ours"
measure service "http://127.0.0.1:$ours" "$ours_pid"
kill "$ours_pid"

# the ceiling's run script builds it once, then execs java: its pid is the JVM's
"$shared/bench/ceiling/run" "$ceiling" >/tmp/bench-cost-ceiling.log 2>&1 &
ceiling_pid=$!; pids+=($ceiling_pid)
wait_for "http://127.0.0.1:$ceiling"
measure ceiling "http://127.0.0.1:$ceiling" "$ceiling_pid"
