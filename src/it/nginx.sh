#!/usr/bin/env bash
# Runs Debian's nginx with the repository's conf/nginx.conf in the foreground, changed only where
# a run on one machine must: its port, the instances' ports, and its files under DIR.
#   usage: src/it/nginx.sh DIR PORT UPSTREAM_PORT...
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dir=${1:?usage: nginx.sh DIR PORT UPSTREAM_PORT...}
port=${2:?usage: nginx.sh DIR PORT UPSTREAM_PORT...}
shift 2
[ $# -gt 0 ] || { echo "nginx.sh: no upstream ports" >&2; exit 2; }
mkdir -p "$dir"
servers=$(printf '    server 127.0.0.1:%s max_fails=3 fail_timeout=5s;\\n' "$@")
sed -e '/^ *server 127\.0\.0\.1:808[12]/d' \
    -e "s|^    least_conn;|    least_conn;\\n$servers|" \
    -e "s|listen 8080|listen 127.0.0.1:$port|" \
    -e "s|^  access_log off;|  access_log off;\\n  client_body_temp_path $dir/body;\\n  proxy_temp_path $dir/proxy;\\n  fastcgi_temp_path $dir/fastcgi;\\n  uwsgi_temp_path $dir/uwsgi;\\n  scgi_temp_path $dir/scgi;|" \
    -e 's|worker_connections 65536|worker_connections 4096|' \
    "$root/conf/nginx.conf" >"$dir/nginx.conf"
grep -q "server 127.0.0.1:$1 " "$dir/nginx.conf" && grep -q "listen 127.0.0.1:$port" "$dir/nginx.conf" \
  || { echo "nginx.sh: conf/nginx.conf no longer has the lines this script changes" >&2; exit 2; }
exec /usr/sbin/nginx -p "$dir" -e "$dir/error.log" -c "$dir/nginx.conf" -g "daemon off; pid $dir/nginx.pid;"
