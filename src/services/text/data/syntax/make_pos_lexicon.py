#!/usr/bin/env python3
# Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
"""Derives pos_lexicon.tsv (word <TAB> tags) from the npm package en-lexicon@1.0.11 (MIT).

  npm pack en-lexicon@1.0.11 && mkdir lx && tar xzf en-lexicon-1.0.11.tgz -C lx
  python3 make_pos_lexicon.py lx/package/dist/lexicon.js > pos_lexicon.tsv

en-lexicon maps a word to its Penn Treebank tags, most frequent first ("run": "VB|VBD|VBN|VBP|NN").
Only lower-case words are kept (capitalised names are left to shape rules); the tags become
Comprehend's (Universal Dependencies) tags in the same order, duplicates dropped: "run VERB,NOUN".
"""
import re
import sys

PENN_TO_UPOS = {
    "NN": "NOUN", "NNS": "NOUN", "NNP": "PROPN", "NNPS": "PROPN",
    "JJ": "ADJ", "JJR": "ADJ", "JJS": "ADJ",
    "VB": "VERB", "VBD": "VERB", "VBG": "VERB", "VBN": "VERB", "VBP": "VERB", "VBZ": "VERB",
    "RB": "ADV", "RBR": "ADV", "RBS": "ADV", "WRB": "ADV",
    "IN": "ADP", "RP": "ADP", "TO": "PART", "POS": "PART",
    "PRP": "PRON", "PRP$": "PRON", "WP": "PRON", "WP$": "PRON", "EX": "PRON",
    "DT": "DET", "PDT": "DET", "WDT": "DET",
    "CD": "NUM", "MD": "AUX", "CC": "CCONJ", "UH": "INTJ",
    "SYM": "SYM", "$": "SYM", "EM": "SYM", "FW": "O", "LS": "O",
}


def main(path):
    text = open(path, encoding="utf-8").read()
    body = text[text.index("{"):text.rindex("}") + 1]
    print("# word\tComprehend tags, most frequent first (see README.md for the source)")
    for word, tags in re.findall(r'^\s*"((?:[^"\\]|\\.)*)":\s*"((?:[^"\\]|\\.)*)",?$', body, re.M):
        if not re.fullmatch(r"[a-z][a-z'\-]*", word):
            continue
        upos = []
        for tag in tags.split("|"):
            u = PENN_TO_UPOS.get(tag)
            if u and u not in upos:
                upos.append(u)
        upos = upos[:3]  # later tags are mostly corpus noise ("the": ... VERB)
        if upos:
            print(f"{word}\t{','.join(upos)}")


if __name__ == "__main__":
    main(sys.argv[1])
