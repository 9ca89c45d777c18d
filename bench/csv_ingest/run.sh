#!/usr/bin/env bash
# csv_ingest: typed CSV load (and profile) — Lathe vs pandas read_csv vs data.table fread.
# Usage: bench/csv_ingest/run.sh BUILD_DIR    (env: REPS=3, CSV=bench/out/csv_ingest.csv)
# Alternates Lathe / pandas / fread REPS times on the same file; each tool times its own load
# and its profile step (Lathe ProfileTable, pandas describe(include='all'), R summary()), reports
# in-process peak RSS after the load (VmHWM / ru_maxrss) and whole-process wall time and peak RSS
# from /usr/bin/time. Prints a table and writes bench/out/csv_ingest.json.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BUILD_DIR="$(cd "${1:?usage: run.sh BUILD_DIR}" && pwd)"
REPS="${REPS:-3}"
OUT="$ROOT/bench/out"
CSV="${CSV:-$OUT/csv_ingest.csv}"
PY=/usr/bin/python3   # Debian python3 with python3-pandas
mkdir -p "$OUT"
[ -f "$CSV" ] || "$PY" "$ROOT/bench/csv_ingest/make_data.py" "$CSV"
BENCH="$BUILD_DIR/bench/csv_ingest/csv_ingest_bench"
[ -x "$BENCH" ] || cmake --build "$BUILD_DIR" --target csv_ingest_bench

PANDAS='
import json, sys, time
import pandas as pd
t = time.perf_counter(); df = pd.read_csv(sys.argv[1]); load = time.perf_counter() - t
hwm = [int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM")][0] / 1024
t = time.perf_counter(); df.describe(include="all"); prof = time.perf_counter() - t
print(json.dumps({"seconds": load, "profile_seconds": prof, "rows": len(df), "peak_rss_mb": hwm}))
'
FREAD='
suppressMessages(library(data.table)); setDTthreads(2)
f <- commandArgs(TRUE)[1]
t <- proc.time()[["elapsed"]]; d <- fread(f, showProgress = FALSE); load <- proc.time()[["elapsed"]] - t
s <- readLines("/proc/self/status"); hwm <- as.numeric(gsub("[^0-9]", "", s[grepl("^VmHWM", s)])) / 1024
t <- proc.time()[["elapsed"]]; x <- summary(d); prof <- proc.time()[["elapsed"]] - t
cat(sprintf("{\"seconds\": %.6f, \"profile_seconds\": %.6f, \"rows\": %d, \"peak_rss_mb\": %.1f}\n", load, prof, nrow(d), hwm))
'
RAW="$OUT/csv_ingest.raw.jsonl"
: > "$RAW"
run_one() {  # tool rep command...
  local tool="$1" rep="$2"; shift 2
  local tfile; tfile="$(mktemp)"
  local json
  json="$(/usr/bin/time -f '%e %M' -o "$tfile" "$@")"
  read -r wall maxkb < <(tail -1 "$tfile")
  rm -f "$tfile"
  echo "{\"tool\": \"$tool\", \"rep\": $rep, \"process_wall_s\": $wall, \"process_peak_rss_mb\": $((maxkb / 1024)), \"result\": $json}" >> "$RAW"
  echo "  $tool rep $rep: $json (process ${wall}s, ${maxkb} KB)" >&2
}
echo "csv_ingest: $(du -h "$CSV" | cut -f1) $CSV, $REPS repetitions" >&2
for rep in $(seq 1 "$REPS"); do
  run_one lathe "$rep" "$BENCH" "$CSV" --threads 2
  run_one pandas "$rep" "$PY" -c "$PANDAS" "$CSV"
  run_one fread "$rep" Rscript -e "$FREAD" "$CSV"
done

"$PY" - "$RAW" "$OUT/csv_ingest.json" "$CSV" <<'PYEOF'
import json, os, platform, statistics, subprocess, sys, datetime
raw, out, csv = sys.argv[1:4]
runs = [json.loads(l) for l in open(raw)]
tools = ["lathe", "pandas", "fread"]
def stats(vals):
    vals = [v for v in vals if v is not None]
    if not vals:
        return None
    return {"median": statistics.median(vals), "min": min(vals), "max": max(vals)}
summary = {}
for t in tools:
    rs = [r for r in runs if r["tool"] == t]
    summary[t] = {
        "load_s": stats([r["result"]["seconds"] for r in rs]),
        "profile_s": stats([r["result"].get("profile_seconds") for r in rs]),
        "load_peak_rss_mb": stats([r["result"]["peak_rss_mb"] for r in rs]),
        "process_wall_s": stats([r["process_wall_s"] for r in rs]),
        "process_peak_rss_mb": stats([r["process_peak_rss_mb"] for r in rs]),
        "rows": rs[0]["result"]["rows"] if rs else None,
    }
size_mb = os.path.getsize(csv) / 1e6
ratios = {}
for peer in ["pandas", "fread"]:
    pairs = [(a["result"]["seconds"], b["result"]["seconds"])
             for a in runs if a["tool"] == "lathe"
             for b in runs if b["tool"] == peer and b["rep"] == a["rep"]]
    ratios["lathe_over_" + peer + "_load"] = stats([a / b for a, b in pairs])
    ratios[peer + "_over_lathe_load_speedup"] = stats([b / a for a, b in pairs])
    pp = [(a["result"].get("profile_seconds"), b["result"].get("profile_seconds"))
          for a in runs if a["tool"] == "lathe"
          for b in runs if b["tool"] == peer and b["rep"] == a["rep"]]
    ratios["lathe_over_" + peer + "_profile"] = stats([a / b for a, b in pp if a and b])
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
result = {"benchmark": "csv_ingest", "date": datetime.datetime.utcnow().isoformat() + "Z",
          "file": csv, "file_mb": size_mb, "nproc": os.cpu_count(), "cpu": cpu,
          "loadavg_at_end": open("/proc/loadavg").read().split()[:3],
          "summary": summary, "ratios": ratios, "runs": runs}
json.dump(result, open(out, "w"), indent=2)
fmt = lambda s, f="%.2f": "-" if s is None else (f % s["median"]) + " (" + (f % s["min"]) + "-" + (f % s["max"]) + ")"
print("csv_ingest: %.0f MB, %s rows, nproc %d, %s" % (size_mb, summary["lathe"]["rows"], os.cpu_count(), cpu))
print("| tool | load s | MB/s | profile s | peak RSS after load MB | process peak RSS MB |")
print("|---|---:|---:|---:|---:|---:|")
for t in tools:
    s = summary[t]
    mbps = "-" if s["load_s"] is None else "%.0f" % (size_mb / s["load_s"]["median"])
    print("| %s | %s | %s | %s | %s | %s |" % (t, fmt(s["load_s"]), mbps, fmt(s["profile_s"]),
          fmt(s["load_peak_rss_mb"], "%.0f"), fmt(s["process_peak_rss_mb"], "%.0f")))
for k, v in ratios.items():
    print("%s: %s" % (k, fmt(v)))
print("wrote " + out)
PYEOF
