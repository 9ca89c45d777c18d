// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/translate/profanity.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "core/text_lines.h"
#include "services/translate/internal/embedded_data.h"

namespace lathe::services::translate {
namespace {

// A word of a text: bytes [begin, end) and its case-folded UTF-8.
struct Word {
  size_t begin = 0;
  size_t end = 0;
  std::string folded;
};

// Letters and digits make words; an apostrophe or hyphen between two letters stays inside one
// ("vés-te", "foda-se" are single entries in the lists as well as in text).
std::vector<Word> SplitWords(std::string_view text) {
  std::vector<Word> words;
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const auto n = static_cast<int32_t>(text.size());
  int32_t i = 0;
  Word current;
  bool in_word = false;
  while (i < n) {
    const int32_t start = i;
    UChar32 c = 0;
    U8_NEXT(s, i, n, c);
    const bool alnum = c >= 0 && (u_isalpha(c) || u_isdigit(c));
    bool joiner = false;
    if (!alnum && in_word && (c == '\'' || c == '-' || c == 0x2019) && i < n) {
      int32_t j = i;
      UChar32 next = 0;
      U8_NEXT(s, j, n, next);
      joiner = next >= 0 && u_isalpha(next);
    }
    if (alnum || joiner) {
      if (!in_word) {
        current = Word{.begin = static_cast<size_t>(start), .end = 0, .folded = ""};
        in_word = true;
      }
      const UChar32 folded = c == 0x2019 ? '\'' : u_foldCase(c, U_FOLD_CASE_DEFAULT);
      char buf[4];
      int32_t len = 0;
      U8_APPEND_UNSAFE(buf, len, folded);
      current.folded.append(buf, static_cast<size_t>(len));
      current.end = static_cast<size_t>(i);
    } else if (in_word) {
      words.push_back(std::move(current));
      in_word = false;
    }
  }
  if (in_word) words.push_back(std::move(current));
  return words;
}

}  // namespace

const ProfanityMasker& ProfanityMasker::Default() {
  static const ProfanityMasker* masker = new ProfanityMasker(internal::ProfanityTsv());
  return *masker;
}

ProfanityMasker::ProfanityMasker(std::string_view tsv) {
  ForEachDataLine(tsv, [this](const DataLine& line) {
    if (line.fields.size() < 2) return;
    // The phrase is the rest of the line (a tab inside it is a word break).
    const std::vector<Word> words = SplitWords(line.text.substr(line.fields[0].size() + 1));
    if (words.empty()) return;
    std::string phrase;
    for (const Word& w : words) phrase += (phrase.empty() ? "" : " ") + w.folded;
    List& list = lists_[std::string(line.fields[0])];
    list.phrases.insert(std::move(phrase));
    list.max_words = std::max(list.max_words, words.size());
  });
}

const ProfanityMasker::List* ProfanityMasker::ListFor(std::string_view language) const {
  if (language == "pt-PT") language = "pt";
  auto it = lists_.find(language);
  return it == lists_.end() ? nullptr : &it->second;
}

bool ProfanityMasker::Supports(std::string_view language) const {
  return ListFor(language) != nullptr;
}

std::vector<std::pair<size_t, size_t>> ProfanityMasker::Find(std::string_view text,
                                                             std::string_view language) const {
  std::vector<std::pair<size_t, size_t>> found;
  const List* list = ListFor(language);
  if (list == nullptr) return found;
  const std::vector<Word> words = SplitWords(text);
  for (size_t first = 0; first < words.size();) {
    size_t matched = 0;
    std::string phrase;
    std::vector<std::string> prefixes;
    for (size_t k = 0; k < list->max_words && first + k < words.size(); ++k) {
      phrase += (k == 0 ? "" : " ") + words[first + k].folded;
      prefixes.push_back(phrase);
    }
    for (size_t k = prefixes.size(); k > 0; --k) {
      if (list->phrases.count(prefixes[k - 1]) != 0) {
        matched = k;
        break;
      }
    }
    if (matched == 0) {
      ++first;
      continue;
    }
    found.emplace_back(words[first].begin, words[first + matched - 1].end);
    first += matched;
  }
  return found;
}

std::string ProfanityMasker::Mask(std::string_view text, std::string_view language,
                                  size_t* count) const {
  const std::vector<std::pair<size_t, size_t>> found = Find(text, language);
  if (count != nullptr) *count = found.size();
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  for (const auto& [begin, end] : found) {
    out.append(text.substr(pos, begin - pos));
    out.append(kProfanityMask);
    pos = end;
  }
  out.append(text.substr(pos));
  return out;
}

}  // namespace lathe::services::translate
