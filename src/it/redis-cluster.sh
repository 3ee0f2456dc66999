#!/usr/bin/env bash
# Starts a Redis Cluster of three masters and three replicas on free loopback ports, as an
# operator makes one (redis-server --cluster-enabled yes, then redis-cli --cluster create), and
# prints its nodes' addresses, comma-separated: the service's REDIS_URL with REDIS_MODE=cluster.
# The servers' pids are written to DIR/pids, their logs and cluster files kept in DIR.
#   usage: src/it/redis-cluster.sh DIR
set -euo pipefail
dir=${1:?usage: redis-cluster.sh DIR}
mkdir -p "$dir"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
ports=()
: >"$dir/pids"
for i in 1 2 3 4 5 6; do
  port=$(free_port)
  # the bus port is given: the default, port + 10000, is past 65535 for half the free ports
  redis-server --port "$port" --bind 127.0.0.1 --dir "$dir" --save '' --appendonly no \
    --cluster-enabled yes --cluster-port "$(free_port)" --cluster-config-file "nodes-$port.conf" --cluster-node-timeout 1000 \
    --repl-diskless-sync-delay 0 >"$dir/redis-$port.log" 2>&1 &
  echo $! >>"$dir/pids"
  ports+=("$port")
done
for port in "${ports[@]}"; do
  for _ in $(seq 1 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
done
redis-cli --cluster create $(printf '127.0.0.1:%s ' "${ports[@]}") --cluster-replicas 1 --cluster-yes >"$dir/create.log" 2>&1 \
  || { cat "$dir/create.log" >&2; exit 1; }
for port in "${ports[@]}"; do
  for _ in $(seq 1 300); do
    redis-cli -p "$port" cluster info 2>/dev/null | grep -q 'cluster_state:ok' && break
    sleep 0.1
  done
done
(IFS=,; printf '%s\n' "$(printf 'redis://127.0.0.1:%s,' "${ports[@]}" | sed 's/,$//')")
