#!/usr/bin/env bash
# Runs every libFuzzer binary built under BUILD_DIR/tests/fuzz for SECONDS each.
# Usage: tests/fuzz/run_all.sh BUILD_DIR SECONDS
# Corpora live in BUILD_DIR/fuzz-corpus/<target> (seeded from tests/data); crashes are written to
# BUILD_DIR/fuzz-artifacts/. Exits non-zero if any target finds a crash.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BUILD_DIR="$(cd "${1:?usage: run_all.sh BUILD_DIR SECONDS}" && pwd)"
SECONDS_EACH="${2:?usage: run_all.sh BUILD_DIR SECONDS}"
ARTIFACTS="$BUILD_DIR/fuzz-artifacts"
mkdir -p "$ARTIFACTS"
status=0
found=0
for bin in "$BUILD_DIR"/tests/fuzz/*_fuzz; do
  [ -x "$bin" ] || continue
  found=1
  name="$(basename "$bin")"
  corpus="$BUILD_DIR/fuzz-corpus/$name"
  mkdir -p "$corpus"
  if [ -d "$ROOT/tests/data" ]; then
    # Seed inputs: small fixtures (the first byte is an options byte for csv_reader_fuzz).
    for f in "$ROOT"/tests/data/*.csv "$ROOT"/tests/data/*.jsonl; do
      [ -f "$f" ] && [ "$(stat -c %s "$f")" -lt 65536 ] && { printf '\0'; cat "$f"; } > "$corpus/seed_$(basename "$f")"
    done
  fi
  echo "== $name for ${SECONDS_EACH}s"
  if ! "$bin" -max_total_time="$SECONDS_EACH" -max_len=65536 -rss_limit_mb=2048 \
      -artifact_prefix="$ARTIFACTS/$name-" "$corpus"; then
    echo "!! $name found a problem (see $ARTIFACTS)" >&2
    status=1
  fi
done
[ "$found" = 1 ] || { echo "no fuzz binaries under $BUILD_DIR/tests/fuzz (build target fuzz_all)" >&2; exit 1; }
exit $status
