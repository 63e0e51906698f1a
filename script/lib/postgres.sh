# Sourced by script/cluster and tools/bench/cluster.sh: a private PostgreSQL cluster from Debian's
# packages (initdb, pg_ctl), never the system's service or its clusters. As root the cluster
# runs as the postgres user (PostgreSQL refuses root), its directory handed to it.

pg_bin=/usr/lib/postgresql/15/bin

pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# pg_free_port: a port on 127.0.0.1 nobody listens on now (the connection is refused).
pg_free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  echo "no free port found" >&2
  return 1
}

# pg_cluster_start DIR PORT [postgres -c options...]: creates the cluster in DIR/data if there is
# none, starts it on 127.0.0.1:PORT with its Unix socket in DIR, and sets pg_pid.
pg_cluster_start() {
  local dir="$1" port="$2"; shift 2
  local options="-p $port -k $dir -c listen_addresses=127.0.0.1"
  for option in "$@"; do options+=" -c $option"; done
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$dir"
    runuser -u postgres -- test -w "$dir" \
      || { echo "the postgres user cannot reach $dir (make its parents o+x)" >&2; return 1; }
  fi
  if [ -s "$dir/data/postmaster.pid" ]; then # left running by a run that was killed?
    pg_pid="$(head -1 "$dir/data/postmaster.pid")"
    if [ "$(cat "/proc/$pg_pid/comm" 2>/dev/null)" = postgres ]; then pg_cluster_stop; fi
    pg_pid=""
  fi
  if [ ! -s "$dir/data/PG_VERSION" ]; then
    pg_as_owner "$pg_bin/initdb" -D "$dir/data" --auth=trust -U postgres -E UTF8 \
      > "$dir/initdb.log" || { cat "$dir/initdb.log" >&2; return 1; }
  fi
  pg_as_owner "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o "$options" \
    start > /dev/null || { tail -20 "$dir/server.log" >&2; return 1; }
  pg_pid="$(head -1 "$dir/data/postmaster.pid")"
}

# pg_cluster_stop: a fast shutdown of the cluster pg_cluster_start started, by its pid.
pg_cluster_stop() {
  [ -n "${pg_pid:-}" ] || return 0
  kill -INT "$pg_pid" 2>/dev/null || true
  for _ in $(seq 1 300); do kill -0 "$pg_pid" 2>/dev/null || break; sleep 0.1; done
  pg_pid=""
}

# pg_database PORT NAME: creates database NAME unless it exists.
pg_database() {
  pg_as_owner "$pg_bin/psql" -h 127.0.0.1 -p "$1" -U postgres -qtAc \
    "SELECT 1 FROM pg_database WHERE datname = '$2'" | grep -q 1 \
    || pg_as_owner "$pg_bin/createdb" -h 127.0.0.1 -p "$1" -U postgres "$2"
}
