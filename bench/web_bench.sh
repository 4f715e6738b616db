#!/usr/bin/env bash
# GET /person/dreier/ as a logged-out visitor, from journeyer serve and from
# nginx serving the same bytes as a static file, side by side with wrk on
# loopback (64 connections). Prints requests per second and latency
# percentiles for both, and keeps them in $OUT/${NAME}_wrk.txt (NAME=web).
#
#   bench/web_bench.sh [JOURNEYER_BIN] [SECONDS]
#
# PAGE=/person/dreier/rss.xml measures another address (bench/feed_bench.sh);
# SETUP_SQL runs on the database (sqlite3) before the server starts;
# ROUNDS=N alternates the two servers N times and reports the median ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-build/release/src/cli/journeyer}
SECONDS_EACH=${2:-10}
ROUNDS=${ROUNDS:-1}
CONNECTIONS=64
THREADS=2
OUT=${OUT:-build/release/bench-results}
PAGE=${PAGE:-/person/dreier/}
SETUP_SQL=${SETUP_SQL:-}
NAME=${NAME:-web}
# The file nginx serves: PAGE itself, or index.html for a folder.
FILE=$PAGE
case "$PAGE" in */) FILE=${PAGE}index.html ;; esac

# shellcheck source=bench/lib.sh
. bench/lib.sh
scratch web-bench

echo "web_bench: importing the Advogato graph into a temporary database"
"$BIN" import advogato-graph tests/data/advogato-graph-latest.dot.gz --db "sqlite:$tmp/site.db" 2>/dev/null
if [ -n "$SETUP_SQL" ]; then sqlite3 "$tmp/site.db" "$SETUP_SQL"; fi

jport=$(free_port)
"$BIN" serve --db "sqlite:$tmp/site.db" --listen "127.0.0.1:$jport" > "$tmp/serve.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do grep -q serving "$tmp/serve.log" && break; sleep 0.1; done

mkdir -p "$(dirname "$tmp/www$FILE")" "$tmp/nginx"
curl -sf "http://127.0.0.1:$jport$PAGE" -o "$tmp/www$FILE"
bytes=$(wc -c < "$tmp/www$FILE")

start_nginx 2 "$PAGE" 'index index.html;
    default_type text/html;
    types { application/rss+xml xml; }'

run() {
  wrk -t$THREADS -c$CONNECTIONS -d${SECONDS_EACH}s --latency "$1" > "$tmp/wrk.txt"
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$tmp/wrk.txt")
  p50=$(awk '$1=="50%" {print $2}' "$tmp/wrk.txt")
  p99=$(awk '$1=="99%" {print $2}' "$tmp/wrk.txt")
  echo "$rps $p50 $p99"
}

echo "web_bench: $PAGE is $bytes bytes; wrk -t$THREADS -c$CONNECTIONS -d${SECONDS_EACH}s each, $ROUNDS round(s)"
# Each round measures journeyer, then nginx: on a shared machine the load
# moves, so the ratio of each round is what compares; the median is reported.
rows=()
for round in $(seq "$ROUNDS"); do
  read -r jrps jp50 jp99 < <(run "http://127.0.0.1:$jport$PAGE")
  read -r nrps np50 np99 < <(run "http://127.0.0.1:$nport$PAGE")
  ratio=$(awk -v a="$jrps" -v b="$nrps" 'BEGIN { printf "%.2f", a / b }')
  rows+=("$(printf '%-6s %12s %10s %10s %12s %10s %10s %7s' "$round" "$jrps" "$jp50" "$jp99" "$nrps" "$np50" "$np99" "$ratio")")
done
median=$(printf '%s\n' "${rows[@]}" | awk '{print $8}' | sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}')
mkdir -p "$OUT"
{
  echo "GET $PAGE ($bytes bytes), wrk -t$THREADS -c$CONNECTIONS -d${SECONDS_EACH}s, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)"
  printf '%-6s %12s %10s %10s %12s %10s %10s %7s\n' round 'journeyer/s' p50 p99 'nginx/s' p50 p99 ratio
  printf '%s\n' "${rows[@]}"
  echo "journeyer / nginx: $median (median of $ROUNDS)"
} | tee "$OUT/${NAME}_wrk.txt"
