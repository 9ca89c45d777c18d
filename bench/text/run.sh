#!/usr/bin/env bash
# bench/text (docs/benchmarks.md, "text"): throughput per core, then language identification
# quality on the held-out UDHR set and on everyday phrases, PII, and entity F1 (entities.sh).
# Usage: bench/text/run.sh BUILD_DIR
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BUILD_DIR="${1:?usage: run.sh BUILD_DIR}"
"$BUILD_DIR/bench/text/text_bench" --benchmark_min_time=1
"$BUILD_DIR/bench/text/language_quality" "$ROOT/bench/text/data/language_eval.tsv"
"$BUILD_DIR/bench/text/language_quality" "$ROOT/bench/text/data/language_everyday.tsv"
"$BUILD_DIR/bench/text/pii_quality"
"$ROOT/bench/text/entities.sh" "$BUILD_DIR"
