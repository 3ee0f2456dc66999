#!/usr/bin/env bash
# Where the time of one request goes: for the service and for the Vert.x ceiling, under each
# scenario of ../shared/bench/statuses.lua (64 connections, 20,000 users in 4,000 rooms), the
# requests/s, the CPU time per request of the server process and of wrk itself (both from
# /proc/PID/stat over the same 5 s), and, when perf is installed, the server's system calls and
# context switches per request (counted over the next 4 s: counting slows the server a little). On a 2-core machine wrk and the server share the cores, so an
# answer that costs wrk more to read lowers the server's rate as surely as its own work does.
# Starts both servers on free ports and stops them. Needs ../shared (bench/statuses.lua and the
# ceiling, bench/ceiling/run, built by Maven on its first start), wrk, and perf for the last columns.
#   usage: src/bench/cost.sh [JAR] [SCENARIOS]      (default: target/player-status.jar post,room,user,party)
source "$(dirname "$0")/lib.sh"
need_shared bench/statuses.lua bench/ceiling/run
need wrk
use_jar "${1:-}"
scenarios=${2:-post,room,user,party}
lua=$shared/bench/statuses.lua
tick=$(getconf CLK_TCK)
if ! command -v perf >/dev/null; then
  echo "cost.sh: perf is not installed ($(hint perf)): no system call columns" >&2
fi

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
      # "<not counted>" and the like where perf may not count (containers, perf_event_paranoid)
      [[ $calls =~ ^[0-9]+\ [0-9]+$ ]] || { echo "cost.sh: perf counted nothing ($calls)" >&2; calls=""; }
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
start_jar "$ours" /tmp/bench-cost-ours.log RATE_LIMIT_PER_ADDRESS=0 METRICS_ENABLED=false
ours_pid=$started_pid
# the ceiling once before any load, so that its first build is done and a failure shows early;
# stopped again: one server runs at a time
start_ceiling "$ceiling" /tmp/bench-cost-ceiling.log
bench_started
stop "$started_pid"
measure service "http://127.0.0.1:$ours" "$ours_pid"
stop "$ours_pid"

# the ceiling's run script builds it once, then execs java: its pid is the JVM's
start_ceiling "$ceiling" /tmp/bench-cost-ceiling.log
measure ceiling "http://127.0.0.1:$ceiling" "$started_pid"
