#!/usr/bin/env bash
# Keeps the benchmark tools working: a tiny fan-out run, an idle-memory run and a reconnect storm
# against a real chat-server, then report.mjs over their results.
# Usage: smoke.sh <chat-server> <chat-fanout-bench> <chat-storm-bench>
set -euo pipefail
server="$1"; bench="$2"; storm_bench="$3"
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
server_pid=""; storm_pid=""
cleanup() {
  [ -n "$storm_pid" ] && kill -TERM "$storm_pid" 2>/dev/null && wait "$storm_pid" 2>/dev/null
  [ -n "$server_pid" ] && kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# start_server PORT: as script/bench runs it, the post rate and per-client stream limits off (one
# address here); always the same database. Sets $port and $server_pid.
start_server() {
  rm -f "$work/server.log"
  "$server" --bind 127.0.0.1 --port "$1" --env-file /nonexistent --database "$work/db.sqlite3" \
    --post-rate 0 --max-streams-per-client 0 \
    --web-root "$here/../../web" > "$work/server.log" 2>&1 &
  server_pid=$!
  # The log may not exist yet when we first look, and the server may die before it listens.
  port=""
  for _ in $(seq 1 300); do
    if [ -f "$work/server.log" ]; then
      port="$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$work/server.log" | head -n1)"
    fi
    [ -n "$port" ] && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  [ -n "$port" ] || { echo "smoke: chat-server did not start"; cat "$work/server.log"; exit 1; }
}
start_server 0

fanout="$("$bench" --port "$port" --subscribers 20 --messages 5 --rate 20 --threads 2)"
echo "$fanout"
for expected in '"opened":20' '"deliveries":100' '"lost":0' '"duplicates":0' '"outOfOrder":0'; do
  grep -q "$expected" <<< "$fanout" || { echo "fan-out: expected $expected"; exit 1; }
done
memory="$("$bench" --port "$port" --subscribers 50 --messages 0 --idle-ms 100 \
          --server-pid "$server_pid")"
echo "$memory"
grep -q '"kibPerStream":' <<< "$memory" || { echo "memory: no kibPerStream"; exit 1; }

# The storm: the tool sends the server SIGTERM; it is started again on the same port and database.
"$storm_bench" --port "$port" --restart-pid "$server_pid" --subscribers 20 --seed-messages 10 \
  --messages-before 3 --messages-during 3 --rate 20 > "$work/storm.json" &
storm_pid=$!
wait -n "$server_pid" "$storm_pid" || true # the server, unless the tool failed first
if kill -0 "$server_pid" 2>/dev/null; then echo "storm: ended before the restart"; exit 1; fi
start_server "$port"
wait "$storm_pid" || { echo "storm: failed"; cat "$work/storm.json"; exit 1; }
storm_pid=""
storm="$(cat "$work/storm.json")"
echo "$storm"
for expected in '"reconnected":20' '"historyReads":20' '"lost":0' '"duplicates":0' '"outOfOrder":0'; do
  grep -q "$expected" <<< "$storm" || { echo "storm: expected $expected"; exit 1; }
done

printf '{"scenario": "fanout", "variant": "direct S=20", "result": %s}\n' "$fanout" > "$work/raw.jsonl"
printf '{"scenario": "memory", "variant": "origin, 50 idle streams", "result": %s}\n' "$memory" \
  >> "$work/raw.jsonl"
printf '{"scenario": "storm", "variant": "direct S=20", "result": %s}\n' "$storm" >> "$work/raw.jsonl"
report="$(node "$here/report.mjs" "$work/raw.jsonl" "$work/out.json" smoke)"
echo "$report"
grep -q 'direct S=20' <<< "$report" && grep -q 'kibPerStream' <<< "$report" \
  && grep -q 'catchUpMs' <<< "$report"
