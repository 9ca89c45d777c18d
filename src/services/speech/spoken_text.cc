// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/speech/spoken_text.h"

#include "services/speech/lexicon.h"

namespace lathe::services::speech {

char32_t NextCodePoint(std::string_view text, size_t* pos) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char c = byte(*pos);
  int extra = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : -1;
  if (extra < 0 || *pos + extra >= text.size() + (extra == 0 ? 1 : 0)) {
    ++*pos;
    return extra == 0 ? c : 0xFFFD;
  }
  char32_t cp = extra == 0 ? c : c & (0x3F >> extra);
  for (int i = 1; i <= extra; ++i) {
    if ((byte(*pos + i) & 0xC0) != 0x80) {
      ++*pos;
      return 0xFFFD;
    }
    cp = (cp << 6) | (byte(*pos + i) & 0x3F);
  }
  *pos += extra + 1;
  return cp;
}

void SpokenText::Push(char32_t cp, std::string_view bytes, SourceRange source, bool is_text) {
  markup_.append(bytes);
  chars_.push_back({.source = source, .is_text = is_text, .code_point = cp});
}

void SpokenText::PushEscaped(char32_t cp, std::string_view bytes, SourceRange source) {
  std::string_view escaped;
  switch (cp) {
    case '&':
      escaped = "&amp;";
      break;
    case '<':
      escaped = "&lt;";
      break;
    case '>':
      escaped = "&gt;";
      break;
    case '[':
      // "[[" would start espeak phoneme input: a second '[' becomes a space-separated one.
      if (!chars_.empty() && chars_.back().code_point == '[' && chars_.back().is_text) {
        Push(' ', " ", source, true);
      }
      break;
    default:
      break;
  }
  if (escaped.empty()) {
    Push(cp, bytes, source, true);
    return;
  }
  // Every code point of the entity maps to the character (espeak counts them all) and stands for
  // it, so "&lt;" is punctuation to the word finder, not the word "lt".
  for (const char& e : escaped) Push(cp, std::string_view(&e, 1), source, true);
}

void SpokenText::AppendMarkup(std::string_view markup) {
  size_t pos = 0;
  while (pos < markup.size()) {
    const size_t start = pos;
    const char32_t cp = NextCodePoint(markup, &pos);
    Push(cp, markup.substr(start, pos - start), {}, false);
  }
}

void SpokenText::AppendText(std::string_view text,
                            const std::vector<std::pair<size_t, size_t>>& source,
                            const std::vector<const Lexicon*>& lexicons) {
  size_t pos = 0;
  while (pos < text.size()) {
    if (!lexicons.empty()) {
      const bool at_word_start = pos == 0 || !IsLexiconWordByte(text[pos - 1]);
      if (at_word_start) {
        for (const Lexicon* lexicon : lexicons) {
          if (auto match = lexicon->Match(text, pos)) {
            const SourceRange range{source[pos].first, source[pos + match->length - 1].second};
            if (!match->lexeme->alias.empty()) {
              AppendAlias(match->lexeme->alias, range);
            } else {
              AppendPhonemes(match->lexeme->espeak_phonemes, range);
            }
            pos += match->length;
            goto next;  // the first lexicon with a match wins
          }
        }
      }
    }
    {
      const size_t start = pos;
      const char32_t cp = NextCodePoint(text, &pos);
      PushEscaped(cp, text.substr(start, pos - start),
                  {source[start].first, source[pos - 1].second});
    }
  next:;
  }
}

void SpokenText::AppendAlias(std::string_view text, SourceRange source) {
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t start = pos;
    const char32_t cp = NextCodePoint(text, &pos);
    PushEscaped(cp, text.substr(start, pos - start), source);
  }
}

void SpokenText::AppendPhonemes(std::string_view espeak_phonemes, SourceRange source) {
  Push(' ', " ", source, false);
  AppendMarkup("[[");
  size_t pos = 0;
  while (pos < espeak_phonemes.size()) {
    const size_t start = pos;
    const char32_t cp = NextCodePoint(espeak_phonemes, &pos);
    if (cp == ']' || cp == '<' || cp == '>' || cp == '&') continue;  // cannot end the brackets
    Push(cp, espeak_phonemes.substr(start, pos - start), source, true);
  }
  AppendMarkup("]]");
  Push(' ', " ", source, false);
}

size_t SpokenText::AppendMark(std::string name, SourceRange source) {
  const size_t index = marks_.size();
  marks_.push_back({.name = std::move(name), .source = source});
  AppendMarkup("<mark name=\"m" + std::to_string(index) + "\"/>");
  return index;
}

}  // namespace lathe::services::speech
