#!/usr/bin/env bash
# Start Virtuoso (Debian's virtuoso-opensource) for policykg in DIR, in the background, on loopback ports;
# set the dba password and create the writer user on first start; wait until it answers SPARQL.
#   deploy/virtuoso.sh start DIR SQL_PORT HTTP_PORT PASSWORD [USER USER_PASSWORD]
#   deploy/virtuoso.sh stop  DIR SQL_PORT PASSWORD
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cmd="$1"; dir="$(mkdir -p "$2" && cd "$2" && pwd)"; sql_port="$3"
case "$cmd" in
start)
  http_port="$4"; password="$5"; user="${6:-policykg}"; user_password="${7:-$5}"
  buffers="${VIRTUOSO_BUFFERS:-170000}"   # 8 KB pages: about 1.3 GB of cache
  mkdir -p "$dir/vad"
  sed -e "s|@DIR@|$dir|g" -e "s|@SQL_PORT@|$sql_port|g" -e "s|@HTTP_PORT@|$http_port|g" \
      -e "s|@BUFFERS@|$buffers|g" -e "s|@DIRTY@|$((buffers * 3 / 4))|g" "$here/virtuoso.ini.in" > "$dir/virtuoso.ini"
  first=0; [ -f "$dir/virtuoso.db" ] || first=1
  # the pid file holds virtuoso-t's own pid (the subshell becomes it), so that it can be signalled
  (cd "$dir" && exec nohup virtuoso-t +foreground +configfile "$dir/virtuoso.ini") > "$dir/stdout.log" 2>&1 &
  echo $! > "$dir/virtuoso.pid"
  for _ in $(seq 1 600); do
    curl -sf -o /dev/null "http://127.0.0.1:$http_port/sparql?query=ASK%7B%7D" && break
    kill -0 "$(cat "$dir/virtuoso.pid")" 2>/dev/null || { echo "virtuoso did not start: see $dir/virtuoso.log" >&2; exit 1; }
    sleep 0.2
  done
  if [ "$first" = 1 ]; then
    isql-vt "127.0.0.1:$sql_port" dba dba <<SQL >/dev/null
DB.DBA.USER_CREATE('$user', '$user_password');
GRANT SPARQL_UPDATE TO "$user";
GRANT SPARQL_SELECT TO "$user";
DB.DBA.RDF_DEFAULT_USER_PERMS_SET('nobody', 1);
DB.DBA.RDF_DEFAULT_USER_PERMS_SET('$user', 3);
USER_SET_PASSWORD('dba', '$password');
checkpoint;
SQL
  fi
  echo "virtuoso up: http://127.0.0.1:$http_port/sparql (pid $(cat "$dir/virtuoso.pid"))" >&2
  ;;
stop)
  password="$4"
  isql-vt "127.0.0.1:$sql_port" dba "$password" exec='shutdown;' >/dev/null 2>&1 || true
  pid="$(cat "$dir/virtuoso.pid" 2>/dev/null || true)"
  for _ in $(seq 1 100); do [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  ;;
*) echo "usage: $0 start|stop DIR SQL_PORT ..." >&2; exit 2 ;;
esac
