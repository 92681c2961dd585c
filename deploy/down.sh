#!/usr/bin/env bash
# Stop what deploy/up.sh DIR started: nginx, the replicas, Virtuoso.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dir="$(cd "$1" && pwd)"
[ -f "$dir/nginx/nginx.pid" ] && nginx -c "$dir/nginx/nginx.conf" -p "$dir/nginx" -s quit 2>/dev/null
for pidfile in "$dir"/replica-*.pid; do
  [ -f "$pidfile" ] || continue
  kill "$(cat "$pidfile")" 2>/dev/null; rm -f "$pidfile"
done
bash "$here/virtuoso.sh" stop "$dir/virtuoso" "${VIRTUOSO_SQL_PORT:-21111}" "${VIRTUOSO_PASSWORD:?set VIRTUOSO_PASSWORD}"
