// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Part-of-speech tags in Comprehend's tag set (Universal Dependencies: ADJ ADP ADV AUX CCONJ DET
// INTJ NOUN NUM O PART PRON PROPN PUNCT SCONJ SYM VERB) for tokenised text, without a trained
// model: closed-class word lists written here per language (en es fr de it pt), an English
// lexicon of 70,000 words with their possible tags (data/syntax/, from the npm package
// en-lexicon), a few context rules ("to" before a verb is PART, a word after a determiner is a
// noun if it can be one, have/do before a verb is AUX) and word-shape and suffix rules for
// unknown words. Scores say which rule decided: 0.99 punctuation, 0.95 a closed-class word or an
// unambiguous lexicon word, down to 0.4 for a guess. Immutable; thread-safe.
//
//   std::vector<PosTag> tags = TagPartsOfSpeech({"I", "want", "to", "run", "."}, "en");
//   // PRON VERB PART VERB PUNCT
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lathe::services::text {

struct PosTag {
  std::string tag;     // one of Comprehend's PartOfSpeechTagType values
  double score = 0.0;  // confidence in (0, 1]
};

// One tag per token. `tokens` are the words and punctuation of one text in order (UTF-8);
// `sentence_start[i]` (same length, or empty to derive from '.', '!' and '?') marks the first
// token of a sentence. `language` is one of en es fr de it pt (others are treated as English).
std::vector<PosTag> TagPartsOfSpeech(const std::vector<std::string_view>& tokens,
                                     std::string_view language,
                                     const std::vector<bool>& sentence_start = {});

// The most frequent tag of `word` (any case) in the English lexicon when that is not PROPN
// ("will" -> "AUX"... "rose" -> "VERB"), "" otherwise: a capitalised token that is also a common
// word is weaker evidence of a name.
std::string_view CommonEnglishTag(std::string_view word);

}  // namespace lathe::services::text
