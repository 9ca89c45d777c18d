#!/usr/bin/env bash
# bench/http: wrk against `lathe serve` GET /healthz and against nginx serving a static file of the
# same size, same run, same connections. Each server is pinned to core 0 and wrk to core 1.
# Rounds alternate Lathe / nginx; prints medians, min-max and the Lathe/nginx ratio, and writes
# bench/out/http.json.
# Usage: bench/http/run.sh BUILD_DIR   (env: ROUNDS=5 DURATION=8s CONNECTIONS=50)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BUILD_DIR="$(cd "${1:?usage: run.sh BUILD_DIR}" && pwd)"
ROUNDS="${ROUNDS:-5}"
DURATION="${DURATION:-8s}"
CONNECTIONS="${CONNECTIONS:-50}"
OUT="$ROOT/bench/out"
mkdir -p "$OUT"
WORK="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

# Lathe, on core 0, quiet log so the access log does not dominate.
taskset -c 0 "$BUILD_DIR/lathe" serve --port 0 --data-dir "$WORK/data" --port-file "$WORK/port" \
  --log-level warn --workers 1 >"$WORK/lathe.log" 2>&1 &
for _ in $(seq 100); do [ -s "$WORK/port" ] && break; sleep 0.1; done
LATHE_PORT=$(cat "$WORK/port")
BODY=$(curl -s "http://127.0.0.1:$LATHE_PORT/healthz")

# nginx, one worker on core 0, serving a file with the same body.
NGINX_PORT=$((LATHE_PORT + 1))
mkdir -p "$WORK/www"
printf '%s' "$BODY" >"$WORK/www/healthz"
cat >"$WORK/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $WORK/tmp;
  proxy_temp_path $WORK/tmp;
  fastcgi_temp_path $WORK/tmp;
  uwsgi_temp_path $WORK/tmp;
  scgi_temp_path $WORK/tmp;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location = /healthz { root $WORK/www; default_type application/json; }
  }
}
CONF
mkdir -p "$WORK/tmp"
taskset -c 0 nginx -c "$WORK/nginx.conf" -p "$WORK" &
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$NGINX_PORT/healthz" >/dev/null && break; sleep 0.1; done

run_wrk() {  # URL -> requests/s
  taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"$DURATION" "$1" | awk '/Requests\/sec/ {print $2}'
}

echo "bench/http: $ROUNDS rounds, wrk -t1 -c$CONNECTIONS -d$DURATION, servers on core 0, wrk on core 1"
lathe_rps=(); nginx_rps=()
for round in $(seq "$ROUNDS"); do
  l=$(run_wrk "http://127.0.0.1:$LATHE_PORT/healthz")
  n=$(run_wrk "http://127.0.0.1:$NGINX_PORT/healthz")
  lathe_rps+=("$l"); nginx_rps+=("$n")
  printf 'round %d: lathe %10.0f req/s   nginx %10.0f req/s   ratio %.2f\n' "$round" "$l" "$n" \
    "$(awk -v a="$l" -v b="$n" 'BEGIN { print a / b }')"
done

python3 - "$OUT/http.json" "${lathe_rps[*]}" "${nginx_rps[*]}" <<'PY'
import json, statistics, sys
out, lathe, nginx = sys.argv[1], [float(x) for x in sys.argv[2].split()], [float(x) for x in sys.argv[3].split()]
ratios = [l / n for l, n in zip(lathe, nginx)]
res = {"lathe_rps": {"median": statistics.median(lathe), "min": min(lathe), "max": max(lathe)},
       "nginx_rps": {"median": statistics.median(nginx), "min": min(nginx), "max": max(nginx)},
       "ratio_median": statistics.median(ratios), "ratio_min": min(ratios), "ratio_max": max(ratios)}
json.dump(res, open(out, "w"), indent=2)
print(f"lathe  median {res['lathe_rps']['median']:.0f} req/s (min {min(lathe):.0f}, max {max(lathe):.0f})")
print(f"nginx  median {res['nginx_rps']['median']:.0f} req/s (min {min(nginx):.0f}, max {max(nginx):.0f})")
print(f"ratio lathe/nginx per round: median {res['ratio_median']:.2f} (min {min(ratios):.2f}, max {max(ratios):.2f}); target >= 0.80")
PY
