# Shared by the benchmark scripts that run nginx next to journeyer
# (bench/web_bench.sh, bench/feeds_bench.sh).

# scratch NAME: sets `tmp`, a new folder removed on exit, and `pids`, the
# processes started in the background, killed on exit.
scratch() {
  tmp=$(mktemp -d "/tmp/journeyer-$1.XXXXXX")
  pids=()
  trap cleanup EXIT
}
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start_nginx WORKERS PROBE_PATH SERVER_LINES [HTTP_LINES]: nginx on a free
# loopback port serving $tmp/www, its files under $tmp/nginx; sets `nport`
# and waits until PROBE_PATH answers.
start_nginx() {
  local workers=$1 probe=$2 server_lines=$3 http_lines=${4:-}
  nport=$(free_port)
  mkdir -p "$tmp/nginx"
  cat > "$tmp/nginx/nginx.conf" <<CONF
worker_processes $workers;
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
  $http_lines
  server {
    listen 127.0.0.1:$nport;
    root $tmp/www;
    $server_lines
  }
}
CONF
  nginx -e "$tmp/nginx/error.log" -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" &
  pids+=($!)
  for _ in $(seq 50); do curl -sf "http://127.0.0.1:$nport$probe" -o /dev/null && break; sleep 0.1; done
}
