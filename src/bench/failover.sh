#!/usr/bin/env bash
# A Redis master killed under load, five times over on each topology, with and without
# REDIS_WAIT_REPLICAS: the drills of watchparty.ha.RedisFailoverTest (a Cluster of three masters
# and three replicas; a master, a replica and three sentinels; two instances, 200 WebSocket
# listeners, a status every 10 ms), then the median of each figure. Needs redis-server,
# redis-cli and Maven; nothing outside the repository.
#   usage: src/bench/failover.sh [ROUNDS] [WAITS]
source "$(dirname "$0")/lib.sh"
need redis-server redis-cli mvn
rounds=${1:-5}
waits=${2:-0,1}
report=$work/failover.txt
bench_started
bench_mvn test -Dtest='watchparty.ha.RedisFailoverTest' -Dsurefire.failIfNoSpecifiedTests=false \
  -Dha.rounds="$rounds" -Dha.waits="$waits" -Dha.report="$report" >"$work/mvn.log" 2>&1 \
  || { grep -E 'FAIL|expected|Assertion' "$work/mvn.log" | head -20 >&2; echo "$me: some drill missed its figures (above); medians of all drills follow" >&2; }
[ -s "$report" ] || die "no drill finished (log: $work/mvn.log)"
python3 - "$report" <<'PY'
import re, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    m = re.match(r'(\w+) wait=(\d+) Result\[(.*)\]', line.strip())
    if m:
        fields = dict(kv.split('=') for kv in m.group(3).split(', '))
        rows.setdefault((m.group(1), m.group(2)), []).append({k: int(v) for k, v in fields.items()})
print('| topology | REDIS_WAIT_REPLICAS | drills | takeover ms | writes resumed ms | listeners back ms | acknowledged | lost | refused (503) |')
print('|---|---|---|---|---|---|---|---|---|')
for (topology, wait), drills in sorted(rows.items()):
    med = lambda k: statistics.median(d[k] for d in drills)
    lost = [d['lost'] for d in drills]
    print(f"| {topology} | {wait} | {len(drills)} | {med('takeoverMs'):.0f} | {med('resumeMs'):.0f} "
          f"(max {max(d['resumeMs'] for d in drills)}) | {med('listenersBackMs'):.0f} | {med('acknowledged'):.0f} "
          f"| {sum(lost)} in all (per drill: {', '.join(map(str, lost))}) | {med('refused'):.0f} |")
PY
