// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Syntax (Comprehend's DetectSyntax): the tokens of a text with character offsets, each with a
// part-of-speech tag (part_of_speech.h) and a Snowball stem. Words are found by ICU's word
// break iterator (Unicode UAX #29, locale-tailored); English contractions are split as treebanks
// do ("don't" -> "do" "n't", "it's" -> "it" "'s"); spaces are not tokens. Stateless and
// thread-safe.
//
//   Result<std::vector<SyntaxToken>> tokens = AnalyzeSyntax("I can't go.", "en");
//   // I/PRON [0,1) ca/AUX [2,4) n't/PART [4,7) go/VERB [8,10) ./PUNCT [10,11)
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace lathe::services::text {

struct SyntaxToken {
  int token_id = 0;           // 1, 2, ... in text order
  std::string text;           // the token as written
  size_t begin_offset = 0;    // characters (code points)
  size_t end_offset = 0;      // one past the last character
  size_t begin_byte = 0;      // the same span in bytes
  size_t end_byte = 0;
  std::string tag;            // Comprehend's PartOfSpeechTagType
  double score = 0.0;         // the tag's confidence
  std::string stem;           // Snowball stem (lower case) of a word; the text itself otherwise
};

// Languages DetectSyntax supports (the model's SyntaxLanguageCode): en es fr de it pt.
bool IsSyntaxLanguage(std::string_view code);

// The tokens of valid UTF-8 `text` in `language` (IsSyntaxLanguage). Internal when ICU fails.
Result<std::vector<SyntaxToken>> AnalyzeSyntax(std::string_view text, std::string_view language);

}  // namespace lathe::services::text
