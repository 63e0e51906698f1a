#!/usr/bin/env bash
# The benchmark scenarios of several origins on one PostgreSQL (docs/scaling.md), as section 7
# of script/bench or on their own:
#   tools/bench/cluster.sh BIN WORK RAW RUNS SECONDS QUICK
#                                                      from script/bench: the release build's
#                                                      directory, its work directory, the raw
#                                                      results file it appends to, runs, seconds,
#                                                      1 for --quick (one run, sync=full only)
#   tools/bench/cluster.sh [--quick]                   alone (after a release build): prints its
#                                                      table and writes tools/bench/results/
# Measures: posts/s at 64 clients on SQLite, on PostgreSQL with one origin and with two (32
# clients each, at once), with --synchronous full and normal; and the delivery latency to 1,000
# subscribers split over two origins of posts made on one of them (the other's subscribers are
# cross-origin: NOTIFY, then a read by event number), beside the same 1,000 on one origin.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
. script/lib/postgres.sh

standalone=0
syncs="full normal"
if [ $# -ge 5 ]; then
  bin="$1"; work="$2"; raw="$3"; runs="$4"; seconds="$5"
  [ "${6:-0}" = 1 ] && { runs=1; syncs=full; }
else
  standalone=1
  runs=3; seconds=5
  [ "${1:-}" = "--quick" ] && { runs=1; seconds=2; syncs=full; }
  bin=build/release
  work="$(mktemp -d)"
  raw="$work/raw.jsonl"
  : > "$raw"
fi
[ -x "$bin/server/chat-server" ] || { echo "cluster.sh: no $bin/server/chat-server (build the release preset)" >&2; exit 1; }

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  pg_cluster_stop
  [ "$standalone" = 0 ] || rm -rf "$work"
}
trap cleanup EXIT

record() { printf '{"scenario": "%s", "variant": "%s", "result": %s}\n' "$1" "$2" "$3" >> "$raw"; }

# A private cluster with PostgreSQL's defaults (fsync on: commits are durable, as the origin's
# --synchronous full expects), under the work directory.
pgdir="$work/postgres"
chmod 711 "$work" # mktemp's 700 would keep the postgres user out (traversable, not listable)
pg_port="$(pg_free_port)"
pg_cluster_start "$pgdir" "$pg_port" max_connections=100
databases=0
new_database() { databases=$((databases + 1)); pg_database "$pg_port" "bench$databases"; database="postgresql://postgres@127.0.0.1:$pg_port/bench$databases"; }

# start_origin NAME DATABASE [options]: appends the origin's port to $ports.
ports=()
start_origin() {
  local name="$1" db="$2"; shift 2
  setsid "$bin/server/chat-server" --bind 127.0.0.1 --port 0 --env-file /nonexistent \
    --post-rate 0 --max-streams-per-client 0 --database "$db" "$@" > "$work/$name.log" 2>&1 &
  pids+=($!)
  local port=""
  for _ in $(seq 1 100); do
    port="$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$work/$name.log" | head -n1)"
    [ -n "$port" ] && break
    sleep 0.1
  done
  [ -n "$port" ] || { echo "cluster.sh: $name did not start" >&2; cat "$work/$name.log" >&2; exit 1; }
  ports+=("$port")
}
stop_origins() {
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  pids=(); ports=()
}

# wrk on each port at once, CLIENTS connections split over them; one JSON line: the requests
# summed, the slowest port's p50 and p99.
post_load() {
  local clients="$1"; shift
  local each=$((clients / $#)) files=() loads=() i=0
  for port in "$@"; do
    i=$((i + 1))
    wrk -t1 -c"$each" -d"${seconds}s" -s tools/bench/post.lua "http://127.0.0.1:$port" \
      | sed -n 's/^JSON //p' > "$work/wrk-$i.json" &
    loads+=($!)
    files+=("$work/wrk-$i.json")
  done
  wait "${loads[@]}"
  node -e '
    const runs = process.argv.slice(1).map((f) => JSON.parse(require("fs").readFileSync(f, "utf8")));
    const sum = (k) => runs.reduce((a, r) => a + r[k], 0), max = (k) => Math.max(...runs.map((r) => r[k]));
    console.log(JSON.stringify({ requests: sum("requests"), seconds: max("seconds"), rps: sum("rps"),
      p50Ms: max("p50Ms"), p99Ms: max("p99Ms"), errors: sum("errors"), origins: runs.length }));' "${files[@]}"
}

echo "== 7a. posts at 64 clients: SQLite, PostgreSQL with one origin and with two"
for sync in $syncs; do
  for run in $(seq 1 "$runs"); do
    start_origin "sqlite-$sync-$run" "$work/post-$sync-$run.sqlite3" --synchronous "$sync"
    record post "cluster: sqlite, 1 origin, sync=$sync, clients=64" "$(post_load 64 "${ports[@]}")"
    stop_origins
    new_database
    start_origin "pg1-$sync-$run" "$database" --synchronous "$sync"
    record post "cluster: postgresql, 1 origin, sync=$sync, clients=64" "$(post_load 64 "${ports[@]}")"
    stop_origins
    new_database
    start_origin "pg2a-$sync-$run" "$database" --synchronous "$sync"
    start_origin "pg2b-$sync-$run" "$database" --synchronous "$sync"
    record post "cluster: postgresql, 2 origins, sync=$sync, clients=64" "$(post_load 64 "${ports[@]}")"
    stop_origins
  done
done

echo "== 7b. delivery to 1,000 subscribers: one origin, and split over two (posts to the first)"
for run in $(seq 1 "$runs"); do
  new_database
  start_origin "fan1-$run" "$database"
  line="$("$bin/tools/bench/chat-fanout-bench" --port "${ports[0]}" --subscribers 1000 \
           --messages 20 --rate 10 || true)"
  [ -n "$line" ] || line='{}'
  record fanout "cluster: postgresql, 1 origin, S=1000" "$line"
  stop_origins
  new_database
  start_origin "fan2a-$run" "$database"
  start_origin "fan2b-$run" "$database"
  line="$("$bin/tools/bench/chat-fanout-bench" --port "${ports[0]}" --also-port "${ports[1]}" \
           --publish-port "${ports[0]}" --subscribers 1000 --messages 20 --rate 10 || true)"
  [ -n "$line" ] || line='{}'
  record fanout "cluster: postgresql, 2 origins, S=1000 split, all" "$line"
  for side in 0 1; do
    name=$([ "$side" = 0 ] && echo "on the posting origin" || echo "cross-origin")
    part="$(node -e '
      const r = JSON.parse(process.argv[1]); const p = (r.byPort || {})[process.argv[2]] || {};
      console.log(JSON.stringify({ p50Ms: p.p50Ms ?? -1, p99Ms: p.p99Ms ?? -1, lost: r.lost ?? -1,
        duplicates: r.duplicates ?? -1, outOfOrder: r.outOfOrder ?? -1 }));' "$line" "${ports[$side]}")"
    record fanout "cluster: postgresql, 2 origins, S=500 $name" "$part"
  done
  stop_origins
done

if [ "$standalone" = 1 ]; then
  mkdir -p tools/bench/results
  out="tools/bench/results/cluster-$(date -u +%Y%m%dT%H%M%SZ).json"
  cpu="$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n1)"
  node tools/bench/report.mjs "$raw" "$out" \
    "$(date -u +%F), $(nproc) cores ($cpu), load before: $(cut -d' ' -f1-3 /proc/loadavg), runs=$runs, ${seconds}s"
fi
