#!/usr/bin/env bash
# What one run of the room script costs inside Redis, alone on the machine: a five-user room is
# filled, then redis-benchmark appends statuses of its users (__rand_int__ picks one of five) and
# INFO commandstats gives Redis's own time per EVALSHA (execution only, no network).
# Needs redis-server, redis-cli and redis-benchmark; no jar, nothing outside the repository.
#   usage: src/bench/redis-script.sh [SCRIPT] [REQUESTS]
source "$(dirname "$0")/lib.sh"
need redis-benchmark
script=${1:-$root/src/main/resources/redis/rooms.lua}
requests=${2:-300000}
[ -f "$script" ] || die "no script at $script"
port=$(free_port)
start_redis "$port" /tmp/bench-redis-script.log
bench_started
sha=$(redis-cli -p "$port" script load "$(cat "$script")")
now=$(($(date +%s) * 1000))
# a status as the service stores it (330 bytes)
json='{"userId":"u1","roomCode":"R000001","isHost":false,"content":{"title":"Big Buck Bunny","type":"movie","tmdbId":10378},"player":{"isPlaying":true,"isPaused":false,"isLoading":false,"hasPlayedOnce":true,"time":42.25,"duration":596.5,"volume":0.8,"playbackRate":1,"buffered":42.5},"timestamp":1795494232595}'
# ARGV: op now retention channel roomJson publishCommand userId isHost json history maxUsers
args=(1 'ps2:{R000001}' append "$now" 60000 'ps2:{R000001}:events' '"R000001"' PUBLISH)
for u in 0 1 2 3 4; do
  for k in 1 2 3 4 5; do
    redis-cli -p "$port" evalsha "$sha" "${args[@]}" "u00000000000$u" 0 "$json" 5 1000 >/dev/null
  done
done
redis-cli -p "$port" config resetstat >/dev/null
redis-benchmark -p "$port" -n "$requests" -c 4 -P 8 -r 5 -q \
  evalsha "$sha" "${args[@]}" 'u__rand_int__' 0 "$json" 5 1000 | tr '\r' '\n' | tail -1 | sed 's/.*: \([0-9.]* requests per second\).*/\1/'
redis-cli -p "$port" info commandstats | grep -E '^cmdstat_evalsha' | sed 's/.*usec_per_call=\([0-9.]*\).*/EVALSHA append: \1 us per call/'
