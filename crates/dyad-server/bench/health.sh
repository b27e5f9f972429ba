#!/usr/bin/env bash
# Latency of /api/health with curl (docs/api.md, Load). Starts `DYAD serve` on STORE, waits
# WAIT seconds (the in-memory index is built meanwhile), then times 21 sequential calls
# (median) and 5 calls while 6 slow SQLite reads are in flight (a PLOVER type no event has:
# it bypasses the memory index and scans until the query timeout). Run it for two binaries in
# turn to compare them:
#   crates/dyad-server/bench/health.sh ./target/release/dyad /tmp/synth.db 18440 70
set -euo pipefail
bin=$1; db=$2; port=$3; wait_s=${4:-70}; shift 4 || shift $#
out=$(mktemp -d)
nice -n 19 "$bin" serve --db "$db" --addr "127.0.0.1:$port" "$@" 2>"$out/serve.err" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$out"' EXIT
for _ in $(seq 100); do curl -sf -o /dev/null "localhost:$port/api/health" && break; sleep 0.1; done
sleep "$wait_s"
for _ in 1 2 3; do curl -s -o /dev/null "localhost:$port/api/health"; done
curl -s "localhost:$port/api/health"; echo
for _ in $(seq 21); do
  curl -s -o /dev/null -w '%{time_total}\n' "localhost:$port/api/health"; sleep 0.1
done | sort -n > "$out/idle"
echo "idle: min $(head -1 "$out/idle") median $(sed -n 11p "$out/idle") max $(tail -1 "$out/idle")"
: > "$out/slow"
for l in A B C D E F; do
  curl -s -o /dev/null -w '%{http_code} %{time_total}\n' \
    "localhost:$port/api/events?plover=NOSUCH$l&limit=1000" >> "$out/slow" &
done
sleep 0.3
for _ in $(seq 5); do
  curl -s -o /dev/null -w '%{time_total}\n' "localhost:$port/api/health"; sleep 0.05
done | sort -n > "$out/load"
echo "with 6 slow reads in flight: median $(sed -n 3p "$out/load") all: $(tr '\n' ' ' < "$out/load")"
while [ "$(wc -l < "$out/slow")" -lt 6 ]; do sleep 0.2; done
echo "the slow reads (status, s): $(sort -k2 -n "$out/slow" | tr '\n' ' ')"
