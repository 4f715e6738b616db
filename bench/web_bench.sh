#!/usr/bin/env bash
# GET /person/dreier/ as a logged-out visitor, from journeyer serve and from
# nginx serving the same bytes as a static file, side by side with wrk on
# loopback (64 connections). Prints requests per second and latency
# percentiles for both, and keeps them in $OUT/web_wrk.txt.
#
#   bench/web_bench.sh [JOURNEYER_BIN] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-build/release/src/cli/journeyer}
SECONDS_EACH=${2:-10}
CONNECTIONS=64
THREADS=2
OUT=${OUT:-build/release/bench-results}
PAGE=/person/dreier/

tmp=$(mktemp -d /tmp/journeyer-web-bench.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

echo "web_bench: importing the Advogato graph into a temporary database"
"$BIN" import advogato-graph tests/data/advogato-graph-latest.dot.gz --db "sqlite:$tmp/site.db" 2>/dev/null

jport=$(free_port)
"$BIN" serve --db "sqlite:$tmp/site.db" --listen "127.0.0.1:$jport" > "$tmp/serve.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do grep -q serving "$tmp/serve.log" && break; sleep 0.1; done

mkdir -p "$tmp/www$PAGE" "$tmp/nginx"
curl -sf "http://127.0.0.1:$jport$PAGE" -o "$tmp/www$PAGE/index.html"
bytes=$(wc -c < "$tmp/www$PAGE/index.html")

nport=$(free_port)
cat > "$tmp/nginx/nginx.conf" <<CONF
worker_processes 2;
daemon off;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $tmp/nginx/body;
  proxy_temp_path $tmp/nginx/proxy;
  fastcgi_temp_path $tmp/nginx/fastcgi;
  uwsgi_temp_path $tmp/nginx/uwsgi;
  scgi_temp_path $tmp/nginx/scgi;
  server {
    listen 127.0.0.1:$nport;
    root $tmp/www;
    index index.html;
    default_type text/html;
  }
}
CONF
nginx -e "$tmp/nginx/error.log" -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" &
pids+=($!)
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$nport$PAGE" -o /dev/null && break; sleep 0.1; done

run() {
  wrk -t$THREADS -c$CONNECTIONS -d${SECONDS_EACH}s --latency "$1" > "$tmp/wrk.txt"
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$tmp/wrk.txt")
  p50=$(awk '$1=="50%" {print $2}' "$tmp/wrk.txt")
  p99=$(awk '$1=="99%" {print $2}' "$tmp/wrk.txt")
  echo "$rps $p50 $p99"
}

echo "web_bench: $PAGE is $bytes bytes; wrk -t$THREADS -c$CONNECTIONS -d${SECONDS_EACH}s each"
read -r jrps jp50 jp99 < <(run "http://127.0.0.1:$jport$PAGE")
read -r nrps np50 np99 < <(run "http://127.0.0.1:$nport$PAGE")
ratio=$(awk -v a="$jrps" -v b="$nrps" 'BEGIN { printf "%.2f", a / b }')
mkdir -p "$OUT"
{
  echo "GET $PAGE ($bytes bytes), wrk -t$THREADS -c$CONNECTIONS -d${SECONDS_EACH}s, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
  printf '%-10s %12s %10s %10s\n' server 'requests/s' p50 p99
  printf '%-10s %12s %10s %10s\n' journeyer "$jrps" "$jp50" "$jp99"
  printf '%-10s %12s %10s %10s\n' nginx "$nrps" "$np50" "$np99"
  echo "journeyer / nginx: $ratio"
} | tee "$OUT/web_wrk.txt"
