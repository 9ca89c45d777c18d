// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// SpokenText: the markup handed to espeak-ng (its SSML dialect) together with, for every code
// point of it, the byte range of the client's input it came from. espeak-ng reports events by
// code-point position in what it was given; this map turns them back into byte offsets of the
// request's Text, as Polly's speech marks need. Also holds the <mark> tags in order. Built by
// one thread, then read-only.
//
//   SpokenText out;
//   out.AppendMarkup("<speak>");
//   out.AppendText(node.text, node.source, lexicons);  // each byte keeps its input range
//   out.AppendAlias("World Wide Web Consortium", {12, 15});  // "W3C" at bytes 12..15
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lathe::services::speech {

class Lexicon;

struct SourceRange {
  size_t begin = 0;
  size_t end = 0;  // one past the last byte
};

// One code point of the espeak markup.
struct SpokenChar {
  SourceRange source;       // where in the input it came from ({0,0} for markup)
  bool is_text = false;     // spoken content (not markup)
  char32_t code_point = 0;  // the character it stands for (each code point of "&lt;" holds '<')
};

// A <mark/> in the order it appears: espeak-ng gets "m<index>", the client's name stays here.
struct MarkTag {
  std::string name;
  SourceRange source;  // the whole <mark .../> tag in the input
};

class SpokenText {
 public:
  // Markup for espeak-ng (tags it understands); spoken as nothing, maps to no input.
  void AppendMarkup(std::string_view markup);
  // Decoded text whose byte i came from input range `source[i]` (as XmlNode::source). Escapes it
  // for espeak's SSML, keeps "[[" from starting phoneme input, and replaces graphemes of
  // `lexicons` (first lexicon wins, whole words, longest match) with their aliases.
  void AppendText(std::string_view text, const std::vector<std::pair<size_t, size_t>>& source,
                  const std::vector<const Lexicon*>& lexicons = {});
  // Text that replaces the input range `source` as a whole (a <sub> alias, a lexicon alias).
  void AppendAlias(std::string_view text, SourceRange source);
  // espeak phoneme input "[[...]]" standing for `source` (a <phoneme>).
  void AppendPhonemes(std::string_view espeak_phonemes, SourceRange source);
  // A <mark name=...> tag; returns its index (espeak sees "m<index>").
  size_t AppendMark(std::string name, SourceRange source);

  const std::string& markup() const { return markup_; }
  const std::vector<SpokenChar>& chars() const { return chars_; }
  const std::vector<MarkTag>& marks() const { return marks_; }

 private:
  void Push(char32_t cp, std::string_view bytes, SourceRange source, bool is_text);
  void PushEscaped(char32_t cp, std::string_view bytes, SourceRange source);

  std::string markup_;
  std::vector<SpokenChar> chars_;
  std::vector<MarkTag> marks_;
};

// Decodes the UTF-8 code point at text[*pos] and advances *pos (an invalid byte is U+FFFD and
// advances by one).
char32_t NextCodePoint(std::string_view text, size_t* pos);

}  // namespace lathe::services::speech
