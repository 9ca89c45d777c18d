// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Profanity masking for Amazon Translate's Settings.Profanity = MASK: every profane word or
// phrase of the target language in a translation becomes the grawlix "?$#@$" (one per word or
// phrase, whatever its length). The lists are compiled in (data/profanity/README.md: sources,
// licences, the machine-derived Catalan and Galician). Matching is on whole words, ignoring case
// (Unicode case folding), the longest phrase winning. Immutable after construction; thread-safe.
//
//   const ProfanityMasker& masker = ProfanityMasker::Default();
//   if (masker.Supports("es")) text = masker.Mask(text, "es");  // "hijo de puta" -> "?$#@$"
#pragma once

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace lathe::services::translate {

inline constexpr std::string_view kProfanityMask = "?$#@$";

class ProfanityMasker {
 public:
  // The masker over the compiled-in lists (built on first use).
  static const ProfanityMasker& Default();
  // A masker over "language<TAB>entry" lines ('#' lines and blank lines skipped).
  explicit ProfanityMasker(std::string_view tsv);

  // True when `language` (AWS code; "pt-PT" uses "pt") has a list.
  bool Supports(std::string_view language) const;
  // `text` with each listed word or phrase of `language` replaced by kProfanityMask; `text`
  // unchanged for an unsupported language. `count` (optional) receives the number masked.
  std::string Mask(std::string_view text, std::string_view language, size_t* count = nullptr) const;
  // The byte ranges [begin, end) of `text` that Mask would replace, left to right.
  std::vector<std::pair<size_t, size_t>> Find(std::string_view text,
                                              std::string_view language) const;

 private:
  struct List {
    std::set<std::string, std::less<>> phrases;  // case-folded words joined by one space
    size_t max_words = 1;
  };
  const List* ListFor(std::string_view language) const;

  std::map<std::string, List, std::less<>> lists_;  // by language
};

}  // namespace lathe::services::translate
