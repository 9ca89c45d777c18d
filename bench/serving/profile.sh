#!/usr/bin/env bash
# bench/serving/profile.sh: where a single-row CSV invocation spends the server's CPU. Starts
# `lathe serve` on core 0 with the bench endpoint (the model of run.sh), drives it with wrk on
# core 1 (64 connections unless CONNS is set) and records the server with `perf record -g`, then
# prints `perf report --no-children` (top symbols) and the server CPU per request.
# Usage: bench/serving/profile.sh BUILD_DIR [LATHE_BINARY]
#   env: CONNS=64 DURATION=8 LATHE_BENCH_DATA=../shared/datasets PERF_OUT=/tmp/serving.perf.data
#        MODEL_DIR=dir (reuse a model made by make_serving_model)
#        PERF=0 (only the CPU per request, no perf) CALLGRAPH=dwarf (callers; Lathe has no frame
#        pointers, so the default fp graph is flat)
#        SYSCALLS=1 (instead of a profile: system calls per request by kind, from perf stat's
#        syscall tracepoints; needs root or perf_event_paranoid <= -1)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BUILD_DIR="$(cd "${1:?usage: profile.sh BUILD_DIR [LATHE_BINARY]}" && pwd)"
LATHE_BIN="${2:-$BUILD_DIR/lathe}"
CONNS="${CONNS:-64}"
DURATION="${DURATION:-8}"
DATA="${LATHE_BENCH_DATA:-$ROOT/../shared/datasets}"
PERF_OUT="${PERF_OUT:-/tmp/serving.perf.data}"
WORK="$(mktemp -d)"
LATHE_PID=""
cleanup() {
  [ -n "$LATHE_PID" ] && kill "$LATHE_PID" 2>/dev/null && wait "$LATHE_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
log() { echo "bench/serving/profile: $*" >&2; }

MODEL="${MODEL_DIR:-$WORK/model}"
if [ ! -s "$MODEL/model.lathe" ]; then
  mkdir -p "$MODEL"
  "$BUILD_DIR/bench/serving/make_serving_model" "$MODEL" --data "$DATA" >/dev/null
fi
taskset -c 0 "$LATHE_BIN" serve --port 0 --data-dir "$WORK/data" --port-file "$WORK/port" \
  --log-level warn >"$WORK/lathe.log" 2>&1 &
LATHE_PID=$!
for _ in $(seq 100); do [ -s "$WORK/port" ] && break; sleep 0.1; done
LATHE="http://127.0.0.1:$(cat "$WORK/port")"
MODEL_ID=$(curl -s -X POST -H 'Content-Type: application/octet-stream' \
  --data-binary @"$MODEL/model.lathe" "$LATHE/api/v1/models?name=bench" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')
curl -s -o /dev/null -X POST -H 'Content-Type: application/json' \
  -d "{\"name\": \"bench\", \"model_id\": \"$MODEL_ID\"}" "$LATHE/api/v1/endpoints"
for _ in $(seq 300); do
  curl -s "$LATHE/api/v1/endpoints/bench" | grep -q '"InService"' && break
  sleep 0.1
done
INVOKE="$LATHE/endpoints/bench/invocations"
log "answer: $(curl -s -H 'Content-Type: text/csv' --data-binary @"$MODEL/row.csv" "$INVOKE")"
WRK_BODY="$MODEL/row.csv" taskset -c 1 wrk -t1 -c"$CONNS" -d2s -s "$ROOT/bench/serving/post.lua" \
  "$INVOKE" >/dev/null  # warm-up

ticks() { awk '{print $14 + $15}' "/proc/$LATHE_PID/stat"; }
before=$(ticks)
if [ "${SYSCALLS:-0}" = 1 ]; then
  PERF=0
  perf stat -x, -o "$WORK/syscalls.csv" -p "$LATHE_PID" -e 'raw_syscalls:sys_enter' \
    -e 'syscalls:sys_enter_recvfrom,syscalls:sys_enter_sendmsg,syscalls:sys_enter_epoll_wait' \
    -e 'syscalls:sys_enter_epoll_ctl,syscalls:sys_enter_timerfd_settime,syscalls:sys_enter_futex' \
    -- sleep "$((DURATION + 1))" &
  STAT_PID=$!
  sleep 0.2
elif [ "${PERF:-1}" = 1 ]; then
  perf record --call-graph "${CALLGRAPH:-fp}" -o "$PERF_OUT" -p "$LATHE_PID" -- sleep "$DURATION" 2>/dev/null &
  PERF_PID=$!
fi
out=$(WRK_BODY="$MODEL/row.csv" taskset -c 1 wrk -t1 -c"$CONNS" -d"${DURATION}s" \
  -s "$ROOT/bench/serving/post.lua" "$INVOKE" | sed -n 's/^WRKJSON //p')
after=$(ticks)
[ "${PERF:-1}" = 1 ] && wait "$PERF_PID"
if [ "${SYSCALLS:-0}" = 1 ]; then
  wait "$STAT_PID"
  python3 - "$out" "$WORK/syscalls.csv" <<'PY'
import json, sys
requests = json.loads(sys.argv[1])["requests"]
counts = {}
for line in open(sys.argv[2]):
    f = line.strip().split(",")
    if len(f) > 2 and f[0].isdigit():
        counts[f[2].split(":")[-1].replace("sys_enter_", "").replace("sys_enter", "all")] = int(f[0])
print("system calls per request (the counts cover about a second more than wrk's run): " +
      ", ".join("%s %.3f" % (k, v / requests) for k, v in counts.items()))
PY
fi
python3 - "$out" "$before" "$after" "$(getconf CLK_TCK)" <<'PY'
import json, sys
d = json.loads(sys.argv[1])
cpu = (int(sys.argv[3]) - int(sys.argv[2])) / int(sys.argv[4])
print("wrk: %.0f req/s, p50 %d us, p99 %d us, errors %d; server CPU %.2f s = %.1f us/request, %.0f requests per CPU-second"
      % (d["rps"], d["p50_us"], d["p99_us"], d["errors_status"] + d["errors_timeout"], cpu,
         cpu * 1e6 / d["requests"], d["requests"] / cpu))
PY
if [ "${PERF:-1}" = 1 ]; then
  perf report -i "$PERF_OUT" --no-children --sort dso --stdio -g none 2>/dev/null |
    grep -E '^ +[0-9]' | sed 's/ *$//'
  perf report -i "$PERF_OUT" --no-children --sort dso,symbol --stdio -g none --percent-limit 0.4 \
    2>/dev/null | grep -E '^ +[0-9]' | sed 's/ *$//' | cut -c1-160 | head -70
fi
