#!/usr/bin/env bash
# bench/services/speech (docs/benchmarks.md): runs speech_bench as the section's command does.
# Usage: bench/services/speech/run.sh BUILD_DIR
set -euo pipefail
BUILD_DIR="${1:?usage: run.sh BUILD_DIR}"
"$BUILD_DIR/bench/services/speech/speech_bench" 9
