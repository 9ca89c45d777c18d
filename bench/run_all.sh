#!/usr/bin/env bash
# Runs every benchmark (bench/*/run.sh) against BUILD_DIR, one after the other.
# Usage: bench/run_all.sh BUILD_DIR
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD_DIR="${1:?usage: run_all.sh BUILD_DIR}"
status=0
for script in "$ROOT"/bench/*/run.sh "$ROOT"/bench/services/*/run.sh; do
  echo "== $(basename "$(dirname "$script")")"
  "$script" "$BUILD_DIR" || status=1
done
exit $status
