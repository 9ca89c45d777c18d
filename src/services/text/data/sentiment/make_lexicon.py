#!/usr/bin/env python3
# Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
"""Derives valence_lexicon.tsv (token <TAB> valence in [-4, 4]) from two npm packages.

  npm pack vader-sentiment@1.1.3 wink-sentiment@5.0.2 && tar xzf ... (one folder each)
  python3 make_lexicon.py VADER_DIR WINK_DIR > valence_lexicon.tsv

VADER_DIR/vader_lexicon.txt: token, mean valence, std dev, ratings (tab separated); only the first
two columns are kept. WINK_DIR/src/emojis.js: `'<emoji>': <valence>,` lines; emoji that VADER's
list lacks are added, clipped to [-4, 4].
"""
import re
import sys


def main(vader_dir, wink_dir):
    entries = {}
    with open(f"{vader_dir}/vader_lexicon.txt", encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 2 and cols[0]:
                entries[cols[0]] = float(cols[1])
    with open(f"{wink_dir}/src/emojis.js", encoding="utf-8") as f:
        for m in re.finditer(r"'([^']+)':\s*(-?\d+(?:\.\d+)?)", f.read()):
            if m.group(1) not in entries:
                entries[m.group(1)] = max(-4.0, min(4.0, float(m.group(2))))
    print("# token\tvalence (see README.md in this folder for sources and licences)")
    for token in sorted(entries):
        if "\t" in token or "\n" in token:
            continue
        print(f"{token}\t{entries[token]:g}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
