#!/usr/bin/env python3
# Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
"""Derives multilingual_lexicon.tsv (language <TAB> stem <TAB> valence in [-4, 4]) from the
sentiment lexicons of the nlp.js language packages.

  npm pack @nlpjs/lang-es@4.26.1 @nlpjs/lang-fr@4.26.1 @nlpjs/lang-it@4.26.1 @nlpjs/lang-pt@4.26.1
  for l in es fr it pt; do mkdir $l; tar xzf nlpjs-lang-$l-4.26.1.tgz -C $l; done
  python3 make_multilingual.py . > multilingual_lexicon.tsv

DIR/<lang>/package/src/sentiment/ holds JSON objects stem -> score: senticon_<lang>.json and
pattern_<lang>.json score in [-1, 1] (times 4 here, VADER's scale), afinn_<lang>.json in [-5, 5]
(times 0.8). The keys are Snowball stems of lower-cased words without diacritics, which is how
sentiment_lexicon.cc looks words up. Where a language has two lists, the [-1, 1] one wins and the
AFINN one fills in stems it lacks. Zero scores and the stems of the negation words (the rules
handle those; e.g. AFINN-es scores "no" -1) are left out. German (@nlpjs/lang-de) is not taken:
its list is SentiWS (Leipzig University), licensed CC BY-NC-SA, which does not fit Apache-2.0.
"""
import json
import os
import sys

# Stems of the negators that sentiment_lexicon.cc lists per language.
NEGATOR_STEMS = {
    "es": {"no", "nunc", "jam", "ni", "tampoc", "nad", "nadi", "ningun", "sin"},
    "fr": {"ne", "pas", "jam", "rien", "aucun", "san", "ni"},
    "it": {"non", "mai", "nient", "null", "nessun", "senz"},
    "pt": {"nao", "nunc", "jam", "nem", "tampouc", "nenhum", "sem", "nad", "ningu"},
}
SOURCES = {  # file -> factor to VADER's [-4, 4]
    "es": [("senticon_es.json", 4.0), ("afinn_es.json", 0.8)],
    "fr": [("pattern_fr.json", 4.0)],
    "it": [("pattern_it.json", 4.0)],
    "pt": [("afinn_pt.json", 0.8)],
}


def main(root):
    print("# language\tstem\tvalence (see README.md in this folder for sources and licences)")
    for lang, files in SOURCES.items():
        entries = {}
        for name, factor in files:
            path = os.path.join(root, lang, "package", "src", "sentiment", name)
            with open(path, encoding="utf-8") as f:
                for stem, score in json.load(f).items():
                    stem = stem.strip().lower()
                    if not stem or "\t" in stem or " " in stem or stem in entries:
                        continue
                    if score == 0 or stem in NEGATOR_STEMS[lang]:
                        continue
                    entries[stem] = max(-4.0, min(4.0, float(score) * factor))
        for stem in sorted(entries):
            print(f"{lang}\t{stem}\t{entries[stem]:.3g}")


if __name__ == "__main__":
    main(sys.argv[1])
