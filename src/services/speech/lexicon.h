// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// A pronunciation lexicon (W3C PLS 1.0, as Amazon Polly takes it): lexemes of one or more
// graphemes with an <alias> (text spoken instead) or a <phoneme> (IPA or X-SAMPA, converted to
// espeak-ng phonemes where the table in phonemes.h covers every symbol). Parsed once, immutable
// afterwards, thread-safe to share.
//
//   LATHE_ASSIGN_OR_RETURN(Lexicon w3c, Lexicon::Parse("w3c", pls_xml));
//   w3c.Match("the W3C says", 4);  // {lexeme with alias "World Wide Web Consortium", length 3}
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace lathe::services::speech {

// Polly's limits (PutLexicon): the lexicon's size in characters, an alias or phoneme's length,
// and lexicons per request.
inline constexpr size_t kMaxLexiconCharacters = 4000;
inline constexpr size_t kMaxLexemeCharacters = 100;
inline constexpr size_t kMaxLexiconsPerRequest = 5;

struct Lexeme {
  std::vector<std::string> graphemes;
  std::string alias;            // "" when the lexeme has a phoneme instead
  std::string espeak_phonemes;  // the <phoneme> converted for espeak-ng ("" if none)
};

struct LexemeMatch {
  const Lexeme* lexeme = nullptr;
  size_t length = 0;  // bytes of the text matched
};

class Lexicon {
 public:
  // Parses PLS. Errors (SpeechError kinds): kInvalidLexicon (not XML, root not <lexicon>, a
  // lexeme without a grapheme or without alias/phoneme; the message gives line and column),
  // kUnsupportedAlphabet (alphabet other than ipa / x-sampa), kLexiconTooLarge (over 4000
  // characters), kLexemeTooLong (an alias or phoneme over 100 characters).
  static Result<Lexicon> Parse(std::string name, std::string content);

  // The longest grapheme that starts at text[pos] and ends at a word boundary (case-sensitive,
  // as Polly), or nullopt.
  std::optional<LexemeMatch> Match(std::string_view text, size_t pos) const;

  const std::string& name() const { return name_; }
  const std::string& content() const { return content_; }
  const std::string& alphabet() const { return alphabet_; }
  const std::string& language_code() const { return language_code_; }
  const std::vector<Lexeme>& lexemes() const { return lexemes_; }

 private:
  std::string name_;
  std::string content_;
  std::string alphabet_;
  std::string language_code_;
  std::vector<Lexeme> lexemes_;
};

// True for bytes that continue a word for grapheme matching (letters, digits, ', -, UTF-8).
bool IsLexiconWordByte(char c);

}  // namespace lathe::services::speech
