// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Key phrases (Comprehend's DetectKeyPhrases) by statistics, no model: candidates are runs of up to
// four words that hold no stopword and cross no punctuation (noun-phrase-like for the languages
// with a stopword list here: en es fr de it pt), scored YAKE-style from the words' frequency,
// casing and how early they first appear. Stateless and thread-safe.
//
//   for (const KeyPhrase& p : ExtractKeyPhrases("The new library opens on Monday.", "en")) {}
//   // "new library" [4, 15), "Monday" [25, 31)
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace lathe::services::text {

struct KeyPhrase {
  std::string text;         // the phrase as written
  double score = 0.0;       // in [0.5, 1]: 1 for the document's strongest phrase
  size_t begin_offset = 0;  // characters (code points)
  size_t end_offset = 0;    // one past the last character
};

// The key phrases of valid UTF-8 `text` in order of appearance. `language` selects the stopword
// list (IsKeyPhraseLanguage); an unknown one falls back to English.
std::vector<KeyPhrase> ExtractKeyPhrases(std::string_view text, std::string_view language);

}  // namespace lathe::services::text
