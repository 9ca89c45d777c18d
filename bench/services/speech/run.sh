#!/usr/bin/env bash
# bench/services/speech (docs/benchmarks.md): runs speech_bench as the section's command does.
# Usage: bench/services/speech/run.sh BUILD_DIR [runs=9]
# Peers: the espeak-ng CLI writing WAV, and for ogg_vorbis the CLI piped into an Ogg Vorbis
# encoder at quality 3 (Lathe's VBR 0.3): oggenc (Debian vorbis-tools) when installed, else sox
# (libsox-fmt-base encodes Vorbis with the same libvorbis). Only the CPU columns mean much on a
# shared, loaded machine.
set -euo pipefail
BUILD_DIR="${1:?usage: run.sh BUILD_DIR [runs]}"
RUNS="${2:-9}"
if command -v oggenc > /dev/null; then
  export LATHE_BENCH_OGG_ENCODER="oggenc -Q -q 3 -o - -"
elif command -v sox > /dev/null && sox -h 2>/dev/null | grep -qw vorbis; then
  echo "note: oggenc (vorbis-tools) is not installed; the ogg peer is sox" >&2
  export LATHE_BENCH_OGG_ENCODER="sox -t wav - -t ogg -C 3 -"
else
  echo "note: no Ogg Vorbis encoder CLI (oggenc or sox); the ogg peer row is skipped" >&2
fi
"$BUILD_DIR/bench/services/speech/speech_bench" "$RUNS"
