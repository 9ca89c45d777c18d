// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/text/language_ngrams.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include <unicode/uscript.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <unordered_map>

#include "services/text/embedded_data.h"

namespace lathe::services::text {
namespace {

struct Profiles {
  std::vector<std::string> codes;
  // Per language: log P(n-gram) of an n-gram outside its 400 (half the 400th one's frequency).
  std::vector<double> unseen;
  // n-gram (UTF-8) -> (language index, log P(n-gram | language) - unseen[language]).
  std::unordered_map<std::string, std::vector<std::pair<int, double>>> gain;
};

// Parses data/language/language_profiles.tsv: "#code<TAB>total" then "ngram<TAB>count" lines,
// most frequent first.
Profiles Load() {
  Profiles p;
  std::string_view data = internal::LanguageProfilesTsv();
  struct Entry {
    std::string ngram;
    double count;
  };
  std::vector<Entry> entries;
  double total = 1;
  auto flush = [&] {
    if (p.codes.empty()) return;
    const int lang = static_cast<int>(p.codes.size()) - 1;
    const double least = entries.empty() ? 1.0 : entries.back().count;
    p.unseen.push_back(std::log(0.5 * least / total));
    for (const Entry& e : entries) {
      p.gain[e.ngram].emplace_back(lang, std::log(e.count / total) - p.unseen.back());
    }
    entries.clear();
  };
  while (!data.empty()) {
    const size_t end = data.find('\n');
    std::string_view line = data.substr(0, end);
    data = end == std::string_view::npos ? std::string_view() : data.substr(end + 1);
    const size_t tab = line.rfind('\t');
    if (tab == std::string_view::npos) continue;
    const double count = std::strtod(std::string(line.substr(tab + 1)).c_str(), nullptr);
    if (line.front() == '#') {
      flush();
      p.codes.emplace_back(line.substr(1, tab - 1));
      total = std::max(1.0, count);
    } else {
      entries.push_back({std::string(line.substr(0, tab)), count});
    }
  }
  flush();
  return p;
}

const Profiles& TheProfiles() {
  static const Profiles profiles = Load();
  return profiles;
}

// " word word " as the profiles saw it: lower case, letters kept, other runs one space; as code
// points.
std::vector<UChar32> Normalise(std::string_view utf8) {
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  text.toLower(icu::Locale::getRoot());
  std::vector<UChar32> out = {U' '};
  for (int32_t i = 0; i < text.length(); i = text.moveIndex32(i, 1)) {
    const UChar32 c = text.char32At(i);
    if (u_isalpha(c)) {
      out.push_back(c);
    } else if (out.back() != U' ') {
      out.push_back(U' ');
    }
  }
  if (out.back() != U' ') out.push_back(U' ');
  return out;
}

std::string ToUtf8(const UChar32* begin, size_t n) {
  icu::UnicodeString s;
  for (size_t i = 0; i < n; ++i) s.append(begin[i]);
  std::string out;
  s.toUTF8String(out);
  return out;
}

}  // namespace

size_t LetterWeight(std::string_view utf8, size_t stop_at) {
  // Case does not change whether a code point is a letter, so no lower-casing here; stopping at
  // `stop_at` keeps this cheap on long documents (DetectLanguages only asks "short or not").
  size_t weight = 0;
  int32_t i = 0;
  const auto length = static_cast<int32_t>(std::min<size_t>(utf8.size(), INT32_MAX));
  while (i < length && weight < stop_at) {
    UChar32 c;
    U8_NEXT(utf8.data(), i, length, c);
    if (c < 0 || !u_isalpha(c)) continue;
    UErrorCode error = U_ZERO_ERROR;
    const UScriptCode script = uscript_getScript(c, &error);
    const bool dense = u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC) || script == USCRIPT_HIRAGANA ||
                       script == USCRIPT_KATAKANA || script == USCRIPT_HANGUL;
    weight += dense ? 3 : 1;
  }
  return weight;
}

std::vector<NgramGuess> GuessLanguageByNgrams(std::string_view utf8, size_t top) {
  const Profiles& p = TheProfiles();
  const std::vector<UChar32> text = Normalise(utf8);
  std::vector<double> score(p.codes.size(), 0.0);
  size_t grams = 0;
  for (size_t n = 1; n <= 3; ++n) {
    for (size_t i = 0; i + n <= text.size(); ++i) {
      if (n == 1 && text[i] == U' ') continue;  // a lone space is no n-gram
      ++grams;
      auto it = p.gain.find(ToUtf8(&text[i], n));
      if (it == p.gain.end()) continue;
      for (const auto& [lang, gain] : it->second) score[lang] += gain;
    }
  }
  if (grams == 0 || text.size() <= 2) return {};
  // Naive Bayes is overconfident (the n-grams of one word are far from independent): divide the
  // log-likelihoods by sqrt(#n-grams) before the softmax.
  const double temperature = std::sqrt(static_cast<double>(grams));
  double best = -1e300;
  for (size_t l = 0; l < score.size(); ++l) {
    score[l] = (score[l] + grams * p.unseen[l]) / temperature;
    best = std::max(best, score[l]);
  }
  double sum = 0;
  for (double& s : score) sum += (s = std::exp(s - best));
  std::vector<NgramGuess> out;
  for (size_t l = 0; l < score.size(); ++l) out.push_back({p.codes[l], score[l] / sum});
  std::partial_sort(out.begin(), out.begin() + std::min(top, out.size()), out.end(),
                    [](const NgramGuess& a, const NgramGuess& b) { return a.probability > b.probability; });
  out.resize(std::min(top, out.size()));
  return out;
}

}  // namespace lathe::services::text
