#!/usr/bin/env bash
# prep: a 10-step recipe (bench/prep/recipe.json) over N rows (default 5,000,000) — Lathe vs
# pandas (bench/prep/pandas_recipe.py, the same steps). Alternates the two REPS times on the same
# file; each times its own apply (load excluded, reported apart) and reports its peak RSS.
# Usage: bench/prep/run.sh BUILD_DIR   (env: REPS=3, ROWS=5000000, CSV=bench/out/prep.csv)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BUILD_DIR="$(cd "${1:?usage: run.sh BUILD_DIR}" && pwd)"
REPS="${REPS:-3}"
ROWS="${ROWS:-5000000}"
OUT="$ROOT/bench/out"
CSV="${CSV:-$OUT/prep_${ROWS}.csv}"
PY=/usr/bin/python3
mkdir -p "$OUT"
[ -f "$CSV" ] || "$PY" "$ROOT/bench/prep/make_data.py" "$CSV" "$ROWS"
BENCH="$BUILD_DIR/bench/prep/prep_bench"
[ -x "$BENCH" ] || cmake --build "$BUILD_DIR" --target prep_bench
RAW="$OUT/prep.raw.jsonl"
: > "$RAW"
for rep in $(seq 1 "$REPS"); do
  l="$("$BENCH" "$CSV" "$ROOT/bench/prep/recipe.json" --threads 2)"
  echo "{\"tool\": \"lathe\", \"rep\": $rep, \"result\": $l}" >> "$RAW"
  echo "  lathe rep $rep: $(echo "$l" | cut -c1-160)" >&2
  p="$("$PY" "$ROOT/bench/prep/pandas_recipe.py" "$CSV")"
  echo "{\"tool\": \"pandas\", \"rep\": $rep, \"result\": $p}" >> "$RAW"
  echo "  pandas rep $rep: $p" >&2
done
"$PY" - "$RAW" "$OUT/prep.json" <<'PYEOF'
import json, statistics, sys
runs = [json.loads(l) for l in open(sys.argv[1])]
med = lambda tool, key: statistics.median(r["result"][key] for r in runs if r["tool"] == tool)
rows = [r["result"] for r in runs if r["tool"] == "lathe"][0]["rows_in"]
out = {"rows": rows, "reps": len(runs) // 2}
print(f"{'tool':8} {'apply s':>9} {'rows/s':>12} {'load s':>8} {'peak MB':>8} {'rows out':>9}")
for tool in ["lathe", "pandas"]:
    s = med(tool, "seconds")
    out[tool] = {"apply_seconds": s, "rows_per_s": rows / s, "load_seconds": med(tool, "load_seconds"),
                 "peak_rss_mb": med(tool, "peak_rss_mb"), "rows_out": med(tool, "rows_out")}
    print(f"{tool:8} {s:9.3f} {rows / s:12.0f} {out[tool]['load_seconds']:8.2f} "
          f"{out[tool]['peak_rss_mb']:8.0f} {out[tool]['rows_out']:9.0f}")
out["speedup"] = out["pandas"]["apply_seconds"] / out["lathe"]["apply_seconds"]
print(f"Lathe is {out['speedup']:.2f}x faster than pandas at applying the recipe (median of {out['reps']})")
json.dump(out, open(sys.argv[2], "w"), indent=2)
PYEOF
