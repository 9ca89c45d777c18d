#!/usr/bin/env bash
# Face detection speed on a 640x480 image (docs/benchmarks.md, "Faces").
# Usage: bench/services/faces/run.sh BUILD_DIR
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../../.." && pwd)"
BUILD_DIR="${1:?usage: run.sh BUILD_DIR}"
mkdir -p "$ROOT/bench/out"
"$BUILD_DIR/bench/services/faces/faces_bench" --runs "${FACES_RUNS:-30}" | tee "$ROOT/bench/out/faces.json"
