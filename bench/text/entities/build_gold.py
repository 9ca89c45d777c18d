#!/usr/bin/env python3
# Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
"""Turns the hand annotations into the gold file of the entity benchmark.

annotations.tsv has one line per selected sentence: its id, a tab, then the entities in text
order as TYPE=surface form, separated by " | " (nothing after the tab: no entity). Each surface
form is looked up in the sentence from the end of the previous entity on, so repeated words need
no positions. Writes gold.jsonl: {"id", "text", "entities": [{"type", "text", "begin", "end"}]}
with begin/end in characters (code points), as Comprehend's BeginOffset/EndOffset.

Usage: python3 bench/text/entities/build_gold.py sentences.jsonl bench/text/entities/annotations.tsv \
           > bench/text/entities/gold.jsonl
(sentences.jsonl from select_sentences.py).
"""
import json
import sys

TYPES = {"PERSON", "LOCATION", "ORGANIZATION", "COMMERCIAL_ITEM", "EVENT", "DATE", "QUANTITY",
         "TITLE", "OTHER"}


def main():
    sentences = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
    annotations = {}
    for number, line in enumerate(open(sys.argv[2], encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if not line:
            continue
        sid, _, spans = line.partition("\t")
        if sid in annotations:
            sys.exit(f"annotations line {number}: {sid} annotated twice")
        annotations[sid] = (number, [s.strip() for s in spans.split(" | ") if s.strip()])
    missing = [s["id"] for s in sentences if s["id"] not in annotations]
    extra = set(annotations) - {s["id"] for s in sentences}
    if missing or extra:
        sys.exit(f"not annotated: {missing}; annotated but not selected: {sorted(extra)}")
    for s in sentences:
        number, spans = annotations[s["id"]]
        entities, pos = [], 0
        for span in spans:
            etype, _, surface = span.partition("=")
            if etype not in TYPES:
                sys.exit(f"annotations line {number}: unknown type {etype!r}")
            begin = s["text"].find(surface, pos)
            if begin < 0:
                sys.exit(f"annotations line {number}: {surface!r} not found after character {pos}")
            entities.append({"type": etype, "text": surface, "begin": begin,
                             "end": begin + len(surface)})
            pos = begin + len(surface)
        print(json.dumps({"id": s["id"], "text": s["text"], "entities": entities},
                         ensure_ascii=False))


if __name__ == "__main__":
    main()
