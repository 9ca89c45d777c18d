// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/text/language_detector.h"

#include <cstdio>  // for FILE: compact_lang_det.h uses it without including <cstdio>

#include <cld2/public/compact_lang_det.h>

#include <algorithm>
#include <climits>
#include <map>

#include "services/text/language_ngrams.h"

// Defined in libcld2 and declared in cld2/internal/lang_script.h, which drags in internal headers.
namespace CLD2 {
const char* LanguageCode(Language lang);
}  // namespace CLD2

namespace lathe::services::text {
namespace {

constexpr double kUnreliableFactor = 0.5;
// The n-grams' weight for a text with no letters counted yet; it falls linearly to 0 at
// kShortTextLetters. 0.8 was best of 0, 0.5, 0.6, 0.8, 1 on both bench sets (docs/benchmarks.md).
constexpr double kNgramWeight = 0.8;

// CLD2's codes where Comprehend (RFC 5646 / ISO 639-1 today) spells them differently.
std::string ComprehendCode(CLD2::Language language) {
  std::string code = CLD2::LanguageCode(language);
  if (code == "zh-Hant") return "zh-TW";
  if (code == "iw") return "he";   // Hebrew: 639-1 since 1989
  if (code == "jw") return "jv";   // Javanese
  if (code == "in") return "id";   // Indonesian
  if (code == "mo") return "ro";   // Moldavian is Romanian
  return code;
}

void Detect(std::string_view utf8, CLD2::Language* language3, int* percent3, bool* is_reliable) {
  double normalized_score3[3] = {0, 0, 0};
  int text_bytes = 0;
  int valid_prefix_bytes = 0;
  const int length = static_cast<int>(std::min<size_t>(utf8.size(), INT_MAX));
  CLD2::ExtDetectLanguageSummaryCheckUTF8(utf8.data(), length, /*is_plain_text=*/true,
                                          /*cld_hints=*/nullptr, CLD2::kCLDFlagBestEffort,
                                          language3, percent3, normalized_score3,
                                          /*resultchunkvector=*/nullptr, &text_bytes,
                                          is_reliable, &valid_prefix_bytes);
}

// CLD2 keeps state from its first call in the process: when that text is short, every later call
// stays 10-30x slower (measured: 100-400 us instead of 4-15 us for a sentence). One long, clearly
// English text first avoids it; a function-local static makes that happen once, thread-safely.
void WarmUpOnce() {
  static const bool warmed = [] {
    CLD2::Language language3[3];
    int percent3[3] = {0, 0, 0};
    bool is_reliable = false;
    Detect("Hello, I ordered a pair of running shoes last week and they still have not arrived. "
           "The tracking page says the parcel left the warehouse on Monday but nothing since "
           "then. Could you please check what happened and let me know when I can expect the "
           "delivery?",
           language3, percent3, &is_reliable);
    return true;
  }();
  (void)warmed;
}

}  // namespace

std::vector<DetectedLanguage> DetectLanguagesCld2(std::string_view utf8) {
  WarmUpOnce();
  CLD2::Language language3[3];
  int percent3[3] = {0, 0, 0};
  bool is_reliable = false;
  Detect(utf8, language3, percent3, &is_reliable);
  std::vector<DetectedLanguage> out;
  for (int i = 0; i < 3; ++i) {
    if (language3[i] == CLD2::UNKNOWN_LANGUAGE || language3[i] == CLD2::TG_UNKNOWN_LANGUAGE ||
        percent3[i] <= 0) {
      continue;
    }
    double score = percent3[i] / 100.0;
    if (!is_reliable) score *= kUnreliableFactor;
    out.push_back({.code = ComprehendCode(language3[i]), .score = score});
  }
  std::stable_sort(out.begin(), out.end(), [](const DetectedLanguage& a,
                                              const DetectedLanguage& b) { return a.score > b.score; });
  return out;
}

std::vector<DetectedLanguage> DetectLanguages(std::string_view utf8) {
  std::vector<DetectedLanguage> cld2 = DetectLanguagesCld2(utf8);
  const size_t letters = LetterWeight(utf8, kShortTextLetters);
  if (letters == 0 || letters >= kShortTextLetters) return cld2;
  // The shorter the text, the more the n-grams count: CLD2 is tuned for documents and often
  // unsure (or wrong) on two or three words. Weights measured by bench/text/language_quality.
  const double w = kNgramWeight * (1.0 - static_cast<double>(letters) / kShortTextLetters);
  std::map<std::string, double> blend;
  for (const DetectedLanguage& l : cld2) blend[l.code] += (1 - w) * l.score;
  for (const NgramGuess& g : GuessLanguageByNgrams(utf8, 5)) blend[g.code] += w * g.probability;
  std::vector<DetectedLanguage> out;
  for (const auto& [code, score] : blend) {
    if (score >= 0.01) out.push_back({.code = code, .score = score});
  }
  std::sort(out.begin(), out.end(), [](const DetectedLanguage& a, const DetectedLanguage& b) {
    return a.score > b.score || (a.score == b.score && a.code < b.code);
  });
  if (out.size() > 3) out.resize(3);
  return out;
}

}  // namespace lathe::services::text
