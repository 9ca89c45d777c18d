#!/usr/bin/env bash
# bench/services/ocr (docs/benchmarks.md): runs ocr_bench as the section's command does.
# Usage: bench/services/ocr/run.sh BUILD_DIR
set -euo pipefail
BUILD_DIR="${1:?usage: run.sh BUILD_DIR}"
"$BUILD_DIR/bench/services/ocr/ocr_bench" 5
