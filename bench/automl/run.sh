#!/usr/bin/env bash
# automl: Lathe AutoML vs scikit-learn HistGradientBoosting, random forest (2,000 trees) and
# XGBoost (defaults) on the same train/test splits of the shared datasets.
# Usage: bench/automl/run.sh BUILD_DIR
# Env: BUDGET=60 (Lathe's budget, s)  SEEDS="1 2 3 4 5"
#      DATASETS=all (names from datasets.tsv)  PEERS="hgb rf xgb"  LATHE=1 (0: peers only)
#      FULL=0 (1: also Lathe at 15/60/300 s on the two largest sets; SWEEP_SEEDS=$SEEDS)
#      LATHE_BENCH_DATA=../shared/datasets  TAG=automl (output name)  RESUME=0 (1: keep the raw
#      results of an interrupted run and skip what is done)
#      LATHE_ARGS="" (more automl_bench options for every Lathe run, e.g. --predict-limit-ms 50)
# For each dataset and seed the tools run one after the other (Lathe, then each peer) on the split
# written by split.py; each prints one JSON line, appended to bench/out/$TAG.raw.jsonl (a failure
# is recorded with its error). summarize.py then prints the tables and writes bench/out/$TAG.json.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BUILD_DIR="$(cd "${1:?usage: run.sh BUILD_DIR}" && pwd)"
BUDGET="${BUDGET:-60}"
SEEDS="${SEEDS:-1 2 3 4 5}"
DATASETS="${DATASETS:-all}"
PEERS="${PEERS-hgb rf xgb}"   # empty: Lathe only
FULL="${FULL:-0}"
TAG="${TAG:-automl}"
DATA="${LATHE_BENCH_DATA:-$ROOT/../shared/datasets}"
PY=/usr/bin/python3   # Debian python3 with python3-sklearn, python3-xgboost, python3-pandas
HERE="$ROOT/bench/automl"
OUT="$ROOT/bench/out"
SPLITS="$OUT/automl/splits"
RAW="$OUT/$TAG.raw.jsonl"
EVENTS="$OUT/automl/events"
BENCH="$BUILD_DIR/bench/automl/automl_bench"
[ "${LATHE:-1}" = 0 ] || [ -x "$BENCH" ] || cmake --build "$BUILD_DIR" --target automl_bench
mkdir -p "$OUT" "$EVENTS"
[ "${RESUME:-0}" = 1 ] && [ -f "$RAW" ] || : > "$RAW"

# name -> target, task from datasets.tsv
declare -A TARGET TASK
while IFS=$'\t' read -r name file target task; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  TARGET[$name]="$target"; TASK[$name]="$task"
done < "$HERE/datasets.tsv"
if [ "$DATASETS" = all ]; then
  DATASETS="$(grep -v '^#' "$HERE/datasets.tsv" | cut -f1 | tr '\n' ' ')"
fi
BIG="letter_recognition shuttle"   # the two largest sets, for the budget sweep (FULL=1)
SWEEP_SEEDS="${SWEEP_SEEDS:-$SEEDS}"
ALL_SEEDS="$SEEDS" SPLIT_SETS="$DATASETS"
if [ "$FULL" = 1 ]; then ALL_SEEDS="$SEEDS $SWEEP_SEEDS" SPLIT_SETS="$DATASETS $BIG"; fi
ALL_SEEDS="$(echo $ALL_SEEDS | tr ' ' '\n' | sort -un | tr '\n' ' ')"
SPLIT_SETS="$(echo $SPLIT_SETS | tr ' ' '\n' | sort -u | tr '\n' ' ')"
# shellcheck disable=SC2086
"$PY" "$HERE/split.py" --data "$DATA" --out "$SPLITS" --seeds $ALL_SEEDS \
  --datasets $SPLIT_SETS >&2

done_already() {  # tool dataset seed budget (RAW was emptied at the start unless RESUME=1)
  grep -q "\"key\": \"$1/$2/$3/$4\"" "$RAW"
}
record() {  # tool dataset seed budget command...
  local tool="$1" ds="$2" seed="$3" budget="$4"; shift 4
  local key="$tool/$ds/$seed/$budget" json err rc=0
  done_already "$tool" "$ds" "$seed" "$budget" && return 0
  err="$(mktemp)"
  json="$("$@" 2> "$err")" || rc=$?
  if [ $rc -eq 0 ] && [ -n "$json" ]; then
    local load; load="$(cut -d' ' -f1 /proc/loadavg)"
    echo "{\"key\": \"$key\", \"budget\": $budget, \"load\": \"$load\", \"result\": $json}" \
      >> "$RAW"
    echo "  $key: $(echo "$json" | cut -c1-200)" >&2
  else
    local msg; msg="$(tail -c 400 "$err" | tr '\n"\\' '  /')"
    echo "{\"key\": \"$key\", \"budget\": $budget, \"error\": \"exit $rc: $msg\"}" >> "$RAW"
    echo "  $key: FAILED (exit $rc): $msg" >&2
  fi
  rm -f "$err"
}
run_lathe() {  # dataset seed budget
  local ds="$1" seed="$2" budget="$3" d="$SPLITS/$1/$2"
  record lathe "$ds" "$seed" "$budget" timeout $((budget * 3 + 600)) "$BENCH" "$d/train.csv" \
    "$d/test.csv" --target "${TARGET[$ds]}" --budget "$budget" --seed "$seed" --dataset "$ds" \
    --events "$EVENTS/$ds.$seed.$budget.jsonl" ${LATHE_ARGS:-}
}

echo "automl: budget ${BUDGET}s, seeds $SEEDS, datasets $DATASETS, peers $PEERS," \
  "load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for ds in $DATASETS; do
  [ -n "${TARGET[$ds]:-}" ] || { echo "unknown dataset $ds (see datasets.tsv)" >&2; exit 2; }
  for seed in $SEEDS; do
    d="$SPLITS/$ds/$seed"
    [ "${LATHE:-1}" = 1 ] && run_lathe "$ds" "$seed" "$BUDGET"
    for peer in $PEERS; do
      record "$peer" "$ds" "$seed" "$BUDGET" timeout 7200 "$PY" "$HERE/peers.py" \
        "$d/train.csv" "$d/test.csv" --target "${TARGET[$ds]}" --seed "$seed" --peer "$peer" \
        --task "${TASK[$ds]}" --dataset "$ds"
    done
  done
done
if [ "$FULL" = 1 ]; then
  for ds in $BIG; do
    for budget in 15 60 300; do
      for seed in $SWEEP_SEEDS; do run_lathe "$ds" "$seed" "$budget"; done
    done
  done
fi
"$PY" "$HERE/summarize.py" "$RAW" "$OUT/$TAG.json" --budget "$BUDGET"
