// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/text/syntax.h"

#include <memory>

#include <libstemmer.h>  // Snowball (Debian libstemmer-dev)
#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "services/text/part_of_speech.h"

namespace lathe::services::text {
namespace {

struct Span {
  size_t begin_byte, end_byte, begin_cp, end_cp;
};

// Word-break segments of `text` that are not all white space.
Result<std::vector<Span>> WordSpans(std::string_view text, std::string_view language) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::UnicodeString u =
      icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  std::unique_ptr<icu::BreakIterator> words(
      icu::BreakIterator::createWordInstance(icu::Locale(std::string(language).c_str()), status));
  if (U_FAILURE(status) || words == nullptr) {
    return InternalError(std::string("ICU word break iterator: ") + u_errorName(status));
  }
  words->setText(u);
  std::vector<Span> spans;
  size_t cp = 0, byte = 0;
  int32_t start = words->first();
  for (int32_t end = words->next(); end != icu::BreakIterator::DONE; start = end, end = words->next()) {
    const Span span_start{byte, 0, cp, 0};
    bool space = true;
    for (int32_t i = start; i < end;) {
      const UChar32 c = u.char32At(i);
      i += U16_LENGTH(c);
      ++cp;
      byte += U8_LENGTH(c);
      space = space && u_isUWhiteSpace(c);
    }
    if (!space) spans.push_back({span_start.begin_byte, byte, span_start.begin_cp, cp});
  }
  return spans;
}

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// The English clitic at the end of `word` ("n't", "'s", "'re", "'ve", "'ll", "'d", "'m", with a
// straight or curly apostrophe): its length in bytes, 0 when none (or when it is the whole word).
size_t CliticBytes(std::string_view word) {
  std::string lower(word);
  for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  for (std::string_view apostrophe : {"'", "\xE2\x80\x99"}) {
    const std::string nt = "n" + std::string(apostrophe) + "t";
    if (lower.size() > nt.size() && lower.compare(lower.size() - nt.size(), nt.size(), nt) == 0) {
      return nt.size();
    }
    for (std::string_view tail : {"s", "re", "ve", "ll", "d", "m"}) {
      const std::string clitic = std::string(apostrophe) + std::string(tail);
      if (lower.size() > clitic.size() &&
          lower.compare(lower.size() - clitic.size(), clitic.size(), clitic) == 0) {
        return clitic.size();
      }
    }
  }
  return 0;
}

// Splits English clitics off their host word.
std::vector<Span> SplitClitics(std::string_view text, std::vector<Span> spans) {
  std::vector<Span> out;
  out.reserve(spans.size());
  for (const Span& s : spans) {
    const size_t clitic = CliticBytes(text.substr(s.begin_byte, s.end_byte - s.begin_byte));
    if (clitic == 0) {
      out.push_back(s);
      continue;
    }
    const size_t split_byte = s.end_byte - clitic;
    const size_t split_cp = s.end_cp - CodePoints(text.substr(split_byte, clitic));
    out.push_back({s.begin_byte, split_byte, s.begin_cp, split_cp});
    out.push_back({split_byte, s.end_byte, split_cp, s.end_cp});
  }
  return out;
}

const char* SnowballAlgorithm(std::string_view language) {
  if (language == "es") return "spanish";
  if (language == "fr") return "french";
  if (language == "de") return "german";
  if (language == "it") return "italian";
  if (language == "pt") return "portuguese";
  return "english";
}

struct StemmerDeleter {
  void operator()(sb_stemmer* s) const { sb_stemmer_delete(s); }
};

std::string Stem(sb_stemmer* stemmer, const std::string& word, const icu::Locale& locale) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(word);
  std::string lower;
  u.toLower(locale).toUTF8String(lower);
  if (stemmer == nullptr) return lower;
  const sb_symbol* stem = sb_stemmer_stem(stemmer, reinterpret_cast<const sb_symbol*>(lower.data()),
                                          static_cast<int>(lower.size()));
  if (stem == nullptr) return lower;  // out of memory in Snowball: keep the word
  return std::string(reinterpret_cast<const char*>(stem),
                     static_cast<size_t>(sb_stemmer_length(stemmer)));
}

}  // namespace

bool IsSyntaxLanguage(std::string_view code) {
  return code == "en" || code == "es" || code == "fr" || code == "de" || code == "it" ||
         code == "pt";
}

Result<std::vector<SyntaxToken>> AnalyzeSyntax(std::string_view text, std::string_view language) {
  LATHE_ASSIGN_OR_RETURN(std::vector<Span> spans, WordSpans(text, language));
  if (language == "en") spans = SplitClitics(text, std::move(spans));
  std::vector<std::string_view> words;
  words.reserve(spans.size());
  for (const Span& s : spans) words.push_back(text.substr(s.begin_byte, s.end_byte - s.begin_byte));
  const std::vector<PosTag> tags = TagPartsOfSpeech(words, language);
  // sb_stemmer is not thread-safe: one per call (allocation only, no data to load).
  std::unique_ptr<sb_stemmer, StemmerDeleter> stemmer(
      sb_stemmer_new(SnowballAlgorithm(language), "UTF_8"));
  const icu::Locale locale(std::string(language).c_str());
  std::vector<SyntaxToken> tokens;
  tokens.reserve(spans.size());
  for (size_t i = 0; i < spans.size(); ++i) {
    const std::string word(words[i]);
    const bool is_word = tags[i].tag != "PUNCT" && tags[i].tag != "SYM" && tags[i].tag != "NUM";
    tokens.push_back({.token_id = static_cast<int>(i + 1),
                      .text = word,
                      .begin_offset = spans[i].begin_cp,
                      .end_offset = spans[i].end_cp,
                      .begin_byte = spans[i].begin_byte,
                      .end_byte = spans[i].end_byte,
                      .tag = tags[i].tag,
                      .score = tags[i].score,
                      .stem = is_word ? Stem(stemmer.get(), word, locale) : word});
  }
  return tokens;
}

}  // namespace lathe::services::text
