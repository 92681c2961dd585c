#!/usr/bin/env bash
# One machine, for trying it: Virtuoso, N stateless `policykg serve` replicas, nginx in front.
#   deploy/up.sh DIR [REPLICAS] [CORPUS]       then: deploy/down.sh DIR
# Ports (loopback) and secrets come from the environment, with these defaults:
#   VIRTUOSO_SQL_PORT=21111 VIRTUOSO_HTTP_PORT=28890 REPLICA_PORT=18000 (18000, 18001, …) NGINX_PORT=8080
#   VIRTUOSO_PASSWORD (dba and the policykg user; required) POLICYKG_API_KEY (uploads, deletions)
#   POLICYKG="policykg"  the command that runs policykg
#   NGINX_SERVER_NAMES="localhost 127.0.0.1"  Host names nginx answers (others: the connection is closed); a name
#     added here must be in the replicas' POLICYKG_ALLOWED_HOSTS too
# On several machines: run virtuoso.sh on one, `policykg serve` with the same POLICYKG_SPARQL_* settings on
# each of the others, and list their addresses in nginx's upstream block.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dir="$(mkdir -p "$1" && cd "$1" && pwd)"; replicas="${2:-2}"; corpus="${3:-}"
: "${VIRTUOSO_PASSWORD:?set VIRTUOSO_PASSWORD}"
sql_port="${VIRTUOSO_SQL_PORT:-21111}"; http_port="${VIRTUOSO_HTTP_PORT:-28890}"
replica_port="${REPLICA_PORT:-18000}"; nginx_port="${NGINX_PORT:-8080}"
policykg="${POLICYKG:-policykg}"

bash "$here/virtuoso.sh" start "$dir/virtuoso" "$sql_port" "$http_port" "$VIRTUOSO_PASSWORD" policykg "$VIRTUOSO_PASSWORD"
export POLICYKG_STORE=sparql
export POLICYKG_SPARQL_QUERY="http://127.0.0.1:$http_port/sparql"
export POLICYKG_SPARQL_UPDATE="http://127.0.0.1:$http_port/sparql-auth"
export POLICYKG_SPARQL_GRAPH_STORE="http://127.0.0.1:$http_port/sparql-graph-crud-auth"
export POLICYKG_SPARQL_USER=policykg POLICYKG_SPARQL_PASSWORD="$VIRTUOSO_PASSWORD"

# the knowledge base is built once, into the server, before any replica starts
if ! $policykg info --kb "$dir/replica-0" >/dev/null 2>&1 || \
   [ "$($policykg info --kb "$dir/replica-0" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["version"])')" = None ]; then
  $policykg build --kb "$dir/replica-0" ${corpus:+"$corpus"}
fi

upstreams=""
for i in $(seq 0 $((replicas - 1))); do
  port=$((replica_port + i))
  nohup $policykg serve --kb "$dir/replica-$i" --host 127.0.0.1 --port "$port" > "$dir/replica-$i.log" 2>&1 &
  echo $! > "$dir/replica-$i.pid"
  upstreams+="        server 127.0.0.1:$port max_fails=0;"$'\n'
done
for i in $(seq 0 $((replicas - 1))); do
  port=$((replica_port + i))
  for _ in $(seq 1 600); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && break
    kill -0 "$(cat "$dir/replica-$i.pid")" 2>/dev/null || { echo "replica $i did not start: see $dir/replica-$i.log" >&2; exit 1; }
    sleep 0.2
  done
done

mkdir -p "$dir/nginx/tmp"
python3 - "$here/nginx.conf.in" "$dir/nginx/nginx.conf" "$dir/nginx" "127.0.0.1:$nginx_port" "$upstreams" \
  "${NGINX_SERVER_NAMES:-localhost 127.0.0.1}" <<'PY'
import sys
src, dst, d, listen, ups, names = sys.argv[1:]
text = open(src).read().replace("@DIR@", d).replace("@LISTEN@", listen).replace("@UPSTREAMS@", ups.rstrip("\n"))
open(dst, "w").write(text.replace("@SERVER_NAMES@", names))
PY
nginx -c "$dir/nginx/nginx.conf" -p "$dir/nginx"
for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$nginx_port/healthz" && break; sleep 0.1; done
echo "policykg: http://127.0.0.1:$nginx_port/ (nginx) → $replicas replicas → Virtuoso http://127.0.0.1:$http_port/sparql" >&2
