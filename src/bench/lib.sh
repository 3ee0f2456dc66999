# Shared by the benchmark scripts beside it: `source "$(dirname "$0")/lib.sh"` first thing.
# Gives strict mode, the repository root, free ports, the jar (built if the default is missing),
# servers started in the background and waited for, ../shared when a script needs it, and on exit
# stops every process it started (with its children) and removes its scratch directory.
#
# Environment:
#   BENCH_BUILD_DIR  Maven's build directory for the default jar and the JMH classes
#                    (default: target/; passed to Maven as -Dbuild.dir)
#   BENCH_SHARED     where ../shared is (default: the directory beside the repository)
#   BENCH_DRY_RUN=1  start what the script needs, then stop it at `bench_started`, before any load
set -euo pipefail

me=${0##*/}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build_dir=${BENCH_BUILD_DIR:-$root/target}
jar=
shared=
work=$(mktemp -d "${TMPDIR:-/tmp}/bench.XXXXXX") # scratch, removed on exit
pids=()                                         # what was started, stopped on exit
declare -A logs=()                              # pid -> its log, shown when it dies early
started_pid=

die() { echo "$me: $*" >&2; exit 2; }

hint() {
  case $1 in
    wrk) echo "apt-get install -y wrk" ;;
    redis-server | redis-cli) echo "apt-get install -y redis-server" ;;
    redis-benchmark) echo "apt-get install -y redis-tools" ;;
    perf) echo "apt-get install -y linux-perf" ;;
    node | npm) echo "apt-get install -y nodejs npm" ;;
    mvn) echo "apt-get install -y maven" ;;
    java | jcmd) echo "a JDK 17 or later" ;;
    chromium) echo "apt-get install -y chromium" ;;
    *) echo "apt-get install -y $1" ;;
  esac
}

# need TOOL...: stop with what to install when one is missing
need() {
  local tool
  for tool; do
    command -v "$tool" >/dev/null || die "needs $tool, which is not installed ($(hint "$tool"))"
  done
}

# need_shared PATH...: sets $shared to ../shared, or stops when it (or one of PATHs in it) is missing
need_shared() {
  local dir=${BENCH_SHARED:-$root/../shared} path
  [ -d "$dir" ] || die "needs ../shared beside the repository (the seed, the ceiling, bench/compare, bench/statuses.lua): $dir not found; set BENCH_SHARED to its path"
  shared=$(cd "$dir" && pwd)
  for path; do
    [ -e "$shared/$path" ] || die "needs $shared/$path, which is missing"
  done
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# use_jar [JAR]: sets $jar; with no argument the default jar, built first when it is missing
use_jar() {
  need java
  if [ -n "${1:-}" ]; then
    [ -f "$1" ] || die "no jar at $1"
    jar=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
    return
  fi
  jar=$build_dir/player-status.jar
  if [ ! -f "$jar" ]; then
    need mvn
    echo "$me: building $jar" >&2
    bench_mvn package -DskipTests >&2
    [ -f "$jar" ] || die "the build made no $jar"
  fi
}

# bench_mvn ARGS...: Maven in the repository root, in the same build directory as the jar; the
# colour resets Maven 3.8 writes even in batch mode are taken out, so that grep '^...' sees lines
bench_mvn() {
  local plain='s/\x1b\[[0-9;]*m//g'
  (cd "$root" && mvn -B -q -Dbuild.dir="$build_dir" "$@") 2> >(sed -u "$plain" >&2) | sed -u "$plain"
}

# compile_bench: the JMH profile's classes (src/jmh/java: LiveLoad and the benchmarks); Maven's
# -q still prints compiler errors on stdout, so they are shown only when it fails
compile_bench() {
  need mvn
  bench_mvn -Pjmh test-compile >"$work/compile.log" 2>&1 || {
    cat "$work/compile.log" >&2
    die "the benchmark classes do not compile (mvn -Pjmh test-compile)"
  }
}

# start LOG COMMAND...: runs COMMAND in the background, output to LOG; its pid in $started_pid
start() {
  local log=$1; shift
  "$@" >"$log" 2>&1 &
  started_pid=$!
  pids+=("$started_pid")
  logs[$started_pid]=$log
}

# died PID: stops the script, showing the end of PID's log
died() {
  local log=${logs[$1]:-}
  [ -n "$log" ] && [ -f "$log" ] && tail -n 20 "$log" >&2
  die "pid $1 exited before it answered${log:+ (log: $log)}"
}

# wait_http URL [PID] [SECONDS]: until URL answers at all (any HTTP status); stops the script
# when PID exits first or after SECONDS (default 300: the seed's and the ceiling's first build)
wait_http() {
  local url=$1 pid=${2:-} end=$((SECONDS + ${3:-300}))
  until curl -s -o /dev/null "$url"; do
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then died "$pid"; fi
    [ "$SECONDS" -lt "$end" ] || die "no answer from $url"
    sleep 0.1
  done
}

# wait_ready PORT [PID]: until the service on PORT says it is ready
wait_ready() {
  local port=$1 pid=${2:-} end=$((SECONDS + 120))
  until curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready"; do
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then died "$pid"; fi
    [ "$SECONDS" -lt "$end" ] || die "the service on port $port is not ready after 120 s"
    sleep 0.1
  done
}

# start_jar PORT LOG [NAME=VALUE | -JVM_OPTION]...: the jar on 127.0.0.1:PORT with that
# environment and those JVM options, waited for until ready; the JVM's pid in $started_pid
start_jar() {
  local port=$1 log=$2 arg envs opts=()
  envs=("PORT=$port" HOST=127.0.0.1)
  shift 2
  for arg; do
    case $arg in
      -*) opts+=("$arg") ;;
      *=*) envs+=("$arg") ;;
      *) die "start_jar: $arg is neither NAME=VALUE nor a JVM option" ;;
    esac
  done
  [ -n "$jar" ] || use_jar
  # env execs java: the pid is the JVM's (jcmd, /proc/PID/stat)
  start "$log" env "${envs[@]}" java ${opts[@]+"${opts[@]}"} -jar "$jar"
  wait_ready "$port" "$started_pid"
}

# status_url PORT: an answer from any of the servers compared (the seed has no /health/ready)
status_url() { echo "http://127.0.0.1:$1/api/player/status?roomCode=PING"; }

# start_seed PORT [LOG]: the seed (../shared/reference/run, Node) on PORT, or the one already
# answering there (its first start installs its npm packages, about a minute)
start_seed() {
  local port=$1 log=${2:-/tmp/bench-$1.log}
  need_shared reference/run
  started_pid=
  if curl -s -o /dev/null "$(status_url "$port")"; then
    echo "$me: using the server already answering on port $port as the seed" >&2
    return
  fi
  need node npm
  start "$log" "$shared/reference/run" "$port"
  wait_http "$(status_url "$port")" "$started_pid"
}

# start_ceiling PORT [LOG]: the Vert.x ceiling (../shared/bench/ceiling/run) on PORT, or the one
# already answering there; its run script builds it once, then execs java: the pid is the JVM's
start_ceiling() {
  local port=$1 log=${2:-/tmp/bench-$1.log}
  need_shared bench/ceiling/run
  started_pid=
  if curl -s -o /dev/null "$(status_url "$port")"; then
    echo "$me: using the server already answering on port $port as the ceiling" >&2
    return
  fi
  need java mvn
  start "$log" "$shared/bench/ceiling/run" "$port"
  wait_http "$(status_url "$port")" "$started_pid"
}

# start_redis PORT LOG: a throwaway redis-server on 127.0.0.1:PORT, no persistence
start_redis() {
  local port=$1 log=$2 end=$((SECONDS + 30))
  need redis-server redis-cli
  start "$log" redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no
  until redis-cli -p "$port" ping >/dev/null 2>&1; do
    kill -0 "$started_pid" 2>/dev/null || died "$started_pid"
    [ "$SECONDS" -lt "$end" ] || die "redis-server on port $port does not answer"
    sleep 0.1
  done
}

# bench_started: with BENCH_DRY_RUN=1, stop here (everything is up, no load has run)
bench_started() {
  if [ -n "${BENCH_DRY_RUN:-}" ]; then
    echo "$me: dry run: started ${#pids[@]} process(es) (${pids[*]}), stopping them" >&2
    exit 0
  fi
}

# descendants PID: PID's children, theirs, and so on (mvn exec:exec and the run scripts fork)
descendants() {
  local child
  for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do
    echo "$child"
    descendants "$child"
  done
}

# stop PID...: TERM to each and its descendants, then wait for them
stop() {
  local pid all=()
  for pid; do
    all+=("$pid" $(descendants "$pid"))
  done
  [ ${#all[@]} -gt 0 ] || return 0
  kill "${all[@]}" 2>/dev/null || true
  for pid in "${all[@]}"; do
    # not a child of this shell (a grandchild): poll it for up to 10 s
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  done
  wait "$@" 2>/dev/null || true
  # forget them, so that the cleanup on exit does not signal a reused pid
  local kept=() p
  for p in ${pids[@]+"${pids[@]}"}; do
    [[ " $* " == *" $p "* ]] || kept+=("$p")
  done
  pids=(${kept[@]+"${kept[@]}"})
}

bench_cleanup() {
  local status=$?
  trap - EXIT
  set +e
  stop ${pids[@]+"${pids[@]}"}
  rm -rf "$work"
  exit "$status"
}
trap bench_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

need curl python3
