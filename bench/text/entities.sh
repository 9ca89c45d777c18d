#!/usr/bin/env bash
# bench/text (docs/benchmarks.md, "text" > "Entity F1"): DetectEntities on the hand-annotated State
# of the Union sentences (bench/text/entities/README.md: annotated for Lathe, not an external gold
# standard). Prints, for the development and the held-out set, micro precision / recall / F1 for
# exact span and type, exact span whatever the type and partial overlap with the same type, then
# per-type figures. Add --errors to list every missed and spurious entity (stderr).
# Usage: bench/text/entities.sh BUILD_DIR [--errors]   (BUILD_DIR configured with -DLATHE_BUILD_BENCH=ON;
#        ninja -C BUILD_DIR entity_quality)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BUILD_DIR="${1:?usage: entities.sh BUILD_DIR [--errors]}"
shift
for set in gold heldout_gold test_gold; do
  "$BUILD_DIR/bench/text/entity_quality" "$ROOT/bench/text/entities/$set.jsonl" "$@" |
    python3 "$ROOT/bench/text/entities/summarize.py" "$set"
done
