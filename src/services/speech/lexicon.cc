// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/speech/lexicon.h"

#include <utility>

#include "services/speech/phonemes.h"
#include "services/speech/speech_errors.h"
#include "services/speech/xml_reader.h"

namespace lathe::services::speech {
namespace {

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string_view Trim(std::string_view s) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

// The element's text content (children's text, nested elements included), trimmed.
std::string TextOf(const XmlNode& node) {
  std::string out;
  for (const XmlNode& child : node.children) {
    out += child.is_text ? child.text : TextOf(child);
  }
  return std::string(Trim(out));
}

// The local name of an element ("lexeme" for "pls:lexeme").
std::string_view LocalName(const XmlNode& node) {
  std::string_view name = node.name;
  const size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

Status Invalid(std::string_view content, size_t offset, const std::string& message) {
  return SpeechError(SpeechErrorKind::kInvalidLexicon,
                     XmlPosition(content, offset) + ": " + message);
}

Result<Lexeme> ParseLexeme(std::string_view content, const XmlNode& node,
                           const std::string& alphabet) {
  Lexeme lexeme;
  for (const XmlNode& child : node.children) {
    if (child.is_text) {
      if (!Trim(child.text).empty()) {
        return Invalid(content, child.begin, "text directly inside <lexeme>");
      }
      continue;
    }
    const std::string_view name = LocalName(child);
    const std::string value = TextOf(child);
    if (name == "grapheme") {
      if (value.empty()) return Invalid(content, child.begin, "empty <grapheme>");
      lexeme.graphemes.push_back(value);
    } else if (name == "alias" || name == "phoneme") {
      if (CodePoints(value) > kMaxLexemeCharacters) {
        return SpeechError(SpeechErrorKind::kLexemeTooLong,
                           XmlPosition(content, child.begin) + ": <" + std::string(name) +
                               "> has " + std::to_string(CodePoints(value)) +
                               " characters; the limit is " + std::to_string(kMaxLexemeCharacters));
      }
      if (name == "alias" && lexeme.alias.empty()) lexeme.alias = value;
      if (name == "phoneme" && lexeme.espeak_phonemes.empty()) {
        const std::string* own = child.Attribute("alphabet");
        Result<std::string> converted = ToEspeakPhonemes(own ? *own : alphabet, value);
        // A phoneme the table cannot convert leaves the grapheme spoken as written.
        if (converted.ok()) lexeme.espeak_phonemes = *converted;
      }
    } else if (name != "example") {
      return Invalid(content, child.begin,
                     "unexpected <" + child.name +
                         "> in <lexeme> (expected grapheme, alias, "
                         "phoneme, example)");
    }
  }
  if (lexeme.graphemes.empty()) return Invalid(content, node.begin, "<lexeme> has no <grapheme>");
  bool has_phoneme = false;
  for (const XmlNode& child : node.children) has_phoneme |= LocalName(child) == "phoneme";
  if (lexeme.alias.empty() && !has_phoneme) {
    return Invalid(content, node.begin, "<lexeme> has neither <alias> nor <phoneme>");
  }
  return lexeme;
}

}  // namespace

bool IsLexiconWordByte(char c) {
  const unsigned char u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '\'' ||
         u == '-' || u == '_' || u >= 0x80;
}

Result<Lexicon> Lexicon::Parse(std::string name, std::string content) {
  if (CodePoints(content) > kMaxLexiconCharacters) {
    return SpeechError(SpeechErrorKind::kLexiconTooLarge,
                       "lexicon '" + name + "': " + std::to_string(CodePoints(content)) +
                           " characters; the limit is " + std::to_string(kMaxLexiconCharacters));
  }
  Result<XmlNode> root = ParseXml(content);
  if (!root.ok()) {
    return SpeechError(SpeechErrorKind::kInvalidLexicon,
                       "lexicon '" + name + "' is not well-formed XML: " + root.status().message());
  }
  if (LocalName(*root) != "lexicon") {
    return Invalid(content, root->begin,
                   "the root element is <" + root->name + ">; a PLS lexicon's root is <lexicon>");
  }
  Lexicon lexicon;
  const std::string* alphabet = root->Attribute("alphabet");
  if (alphabet == nullptr) {
    return Invalid(content, root->begin, "<lexicon> needs an alphabet attribute (ipa or x-sampa)");
  }
  if (*alphabet != "ipa" && *alphabet != "x-sampa") {
    return SpeechError(SpeechErrorKind::kUnsupportedAlphabet,
                       "lexicon '" + name + "': alphabet '" + *alphabet +
                           "' is not supported; use ipa or x-sampa");
  }
  lexicon.alphabet_ = *alphabet;
  if (const std::string* lang = root->Attribute("xml:lang")) lexicon.language_code_ = *lang;
  for (const XmlNode& child : root->children) {
    if (child.is_text) continue;
    if (LocalName(child) == "lexeme") {
      LATHE_ASSIGN_OR_RETURN(Lexeme lexeme, ParseLexeme(content, child, lexicon.alphabet_));
      lexicon.lexemes_.push_back(std::move(lexeme));
    } else if (LocalName(child) != "meta" && LocalName(child) != "metadata") {
      return Invalid(content, child.begin, "unexpected <" + child.name + "> in <lexicon>");
    }
  }
  lexicon.name_ = std::move(name);
  lexicon.content_ = std::move(content);
  return lexicon;
}

std::optional<LexemeMatch> Lexicon::Match(std::string_view text, size_t pos) const {
  std::optional<LexemeMatch> best;
  for (const Lexeme& lexeme : lexemes_) {
    if (lexeme.alias.empty() && lexeme.espeak_phonemes.empty()) continue;  // nothing to say
    for (const std::string& grapheme : lexeme.graphemes) {
      if (text.substr(pos, grapheme.size()) != grapheme) continue;
      const size_t end = pos + grapheme.size();
      if (end < text.size() && IsLexiconWordByte(text[end]) && IsLexiconWordByte(text[end - 1])) {
        continue;  // "cat" must not match inside "cats"
      }
      if (!best || grapheme.size() > best->length) best = LexemeMatch{&lexeme, grapheme.size()};
    }
  }
  return best;
}

}  // namespace lathe::services::speech
