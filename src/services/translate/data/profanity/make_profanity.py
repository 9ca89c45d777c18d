#!/usr/bin/env python3
# Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
"""Derives profanity.tsv (language<TAB>word or phrase) for Translate's Settings.Profanity = MASK.

Usage (on a Debian machine with apertium-spa-cat and apertium-es-gl installed):
  npm pack naughty-words@1.2.0 && tar xzf naughty-words-1.2.0.tgz
  python3 make_profanity.py package > profanity.tsv

Lists: the npm package's <code>.json files for the languages Lathe has names for. Catalan and
Galician have no list there: they are the Spanish list put through `apertium spa-cat` and
`apertium es-gl`, keeping only entries that Apertium knew every word of (no '*'), so they are
machine-derived. Entries that are everyday or clinical words (EXCLUDED below: "hammer", "beer",
"hell", "drugs"...) are left out: masking them in a translation would hide ordinary meaning.
Entries that are not written in letters (leetspeak such as "5h1t", emoji) are left out too: the
masker matches whole words of letters.
"""
import json
import os
import subprocess
import sys
import unicodedata

LANGUAGES = ["en", "es", "fr", "pt", "it", "de", "nl", "da", "sv", "no", "pl", "ru"]
DERIVED = {"ca": "spa-cat", "gl": "es-gl"}  # from the Spanish list

# Everyday, clinical or merely sensitive words in the lists; compared after lower-casing.
EXCLUDED = {
    "en": {"anal", "anus", "bastardo", "domination", "erotic", "escort", "eunuch", "fecal",
           "genitals", "grope", "hard core", "hardcore", "intercourse", "lolita", "lovemaking",
           "nipple", "nipples", "nude", "nudity", "panties", "panty", "playboy", "rectum", "sex",
           "sexo", "sexual", "sexually", "sexuality", "sexy", "suck", "sucks", "swinger",
           "tied up", "topless", "undressing", "vagina", "vulva", "penis", "semen", "ejaculation",
           "orgasm", "negro", "sadism", "bondage", "kinky", "how to kill", "how to murder",
           "clitoris", "masturbation", "pornography", "incest", "rape", "raping", "rapist",
           "paedophile", "pedophile", "swastika", "white power", "viagra", "cialis", "vibrator",
           "xx", "taste my", "tight white", "girl on", "big black", "huge fat", "hot chick",
           "tainted love", "jelly donut", "santorum", "scat", "throating", "spread legs"},
    "es": {"asesinato", "asno", "drogas", "esperma", "haciendo el amor", "heroína", "infierno",
           "maldito", "martillo", "nazi", "orina", "pervertido", "pezón", "prostituta", "racista",
           "sádico", "semen", "sexo", "sexo oral", "trio", "vulva", "coprofagía", "concha",
           "idiota", "imbécil", "travesti", "chupada", "maciza", "pinche", "caca", "pis", "pedo"},
    "fr": {"baiser", "bander", "bourré", "bourrée", "caca", "clitoris", "con", "folle", "gerbe",
           "gerber", "jouir", "meuf", "negro", "pipi", "suce", "tanche", "ménage à trois",
           "ramoner", "gueule", "péter", "trique", "tringler"},
    "pt": {"aborto", "amador", "ânus", "aranha", "ariano", "bissexual", "boob", "bumbum", "burro",
           "camisinha", "cerveja", "chupar", "clitoris", "cocaína", "coito", "comer", "consolo",
           "fecal", "frango assado", "gozar", "heroína", "heterosexual", "homem gay",
           "homoerótico", "homosexual", "inferno", "lésbica", "lolita", "mama", "pênis", "pinto",
           "saco", "torneira", "vibrador", "grelho", "dum raio", "passar um cheque"},
    "it": {"anale", "bagnarsi", "balle", "battere", "biga", "cadavere", "cozza", "fava",
           "femminuccia", "guardone", "monta", "montare", "nave scuola", "patacca", "pesce",
           "pompa", "quaglia", "regina", "spagnola", "tirare", "vacca", "porca", "porco",
           "sbattere", "sbattersi", "mona", "topa", "ruffiano", "lecchino", "pisello", "sega",
           "mannaggia", "vangare", "rizzarsi", "pecorina", "brinca", "casci"},
}


def is_words(entry):
    """True if the entry is letters, with spaces, hyphens or apostrophes between them."""
    if not entry or not unicodedata.category(entry[0]).startswith("L"):
        return False
    return all(unicodedata.category(c).startswith("L") or c in " -'" for c in entry)


def load(folder, code):
    with open(os.path.join(folder, code + ".json"), encoding="utf-8") as f:
        words = json.load(f)
    excluded = EXCLUDED.get(code, set())
    out = []
    for w in words:
        w = " ".join(w.split())
        if is_words(w) and w.lower() not in excluded:
            out.append(w.lower())
    return sorted(set(out))


def derive(words, mode):
    text = "\n\n".join(words) + "\n"
    run = subprocess.run(["apertium", mode], input=text, capture_output=True, text=True,
                         check=True)
    out = []
    for line in run.stdout.split("\n"):
        line = " ".join(line.split())
        if line and "*" not in line and "#" not in line and "@" not in line and is_words(line):
            out.append(line.lower())
    return sorted(set(out))


def main():
    folder = sys.argv[1]
    lists = {code: load(folder, code) for code in LANGUAGES}
    for code, mode in DERIVED.items():
        lists[code] = derive(lists["es"], mode)
    print("# language\tword or phrase (lower case); see README.md for source and licence")
    for code in sorted(lists):
        for w in lists[code]:
            print(code + "\t" + w)


if __name__ == "__main__":
    main()
