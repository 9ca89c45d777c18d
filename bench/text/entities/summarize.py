#!/usr/bin/env python3
# Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
"""Prints entity_quality's JSON (stdin) as a small table; argv[1] names the set."""
import json
import sys


def main():
    d = json.load(sys.stdin)
    e = d["exact"]
    print(f"## {sys.argv[1]}: {d['sentences']} sentences, {e['gold']} gold entities, "
          f"{e['predicted']} predicted")
    print(f"{'match':<28}{'P':>7}{'R':>7}{'F1':>7}")
    for key, label in (("exact", "exact span + type"), ("exact_span_any_type", "exact span, any type"),
                       ("partial_overlap_same_type", "overlap + type")):
        m = d[key]
        print(f"{label:<28}{m['precision']:>7.3f}{m['recall']:>7.3f}{m['f1']:>7.3f}")
    print(f"{'type (exact)':<16}{'gold':>6}{'pred':>6}{'P':>7}{'R':>7}{'F1':>7}")
    for t, m in sorted(d["by_type"].items()):
        print(f"{t:<16}{m['gold']:>6}{m['predicted']:>6}{m['precision']:>7.3f}{m['recall']:>7.3f}"
              f"{m['f1']:>7.3f}")
    print()


if __name__ == "__main__":
    main()
