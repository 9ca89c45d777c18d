// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Dominant-language identification (Comprehend's DetectDominantLanguage) with CLD2, Google's
// Compact Language Detector 2 (Debian libcld2: 83 languages by quadgrams, more by script).
// Codes are Comprehend's: ISO 639-1 where one exists ("en", "vi", "he"), "zh" for Simplified and
// "zh-TW" for Traditional Chinese. Stateless and thread-safe.
//
//   std::vector<DetectedLanguage> langs = DetectLanguages("Xin chào, tôi là sinh viên.");
//   // langs[0].code == "vi"
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lathe::services::text {

struct DetectedLanguage {
  std::string code;    // RFC 5646 tag as Comprehend spells it
  double score = 0.0;  // confidence in [0, 1]; the scores of one text sum to at most 1
};

// The languages of `utf8` (valid UTF-8; check it first), most likely first, at most three. The
// score of a language is the share of the text's letters CLD2 attributes to it, halved when CLD2
// finds the answer unreliable (too little text, or too close a second). Empty when the text has
// no letters CLD2 can score (digits, punctuation only).
std::vector<DetectedLanguage> DetectLanguages(std::string_view utf8);

// CLD2 alone (what DetectLanguages answers for texts of kShortTextLetters letters or more).
std::vector<DetectedLanguage> DetectLanguagesCld2(std::string_view utf8);

// Below this LetterWeight, DetectLanguages blends CLD2 with the n-gram model (language_ngrams.h).
inline constexpr size_t kShortTextLetters = 60;

}  // namespace lathe::services::text
