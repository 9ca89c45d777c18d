// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/speech/phonemes.h"

#include <array>
#include <utility>

namespace lathe::services::speech {
namespace {

using Pair = std::pair<std::string_view, std::string_view>;

// Longer symbols first: matching takes the first entry that fits.
constexpr std::array<Pair, 57> kIpa = {{
    {"tʃ", "tS"}, {"dʒ", "dZ"}, {"aɪ", "aI"}, {"aʊ", "aU"}, {"eɪ", "eI"}, {"ɔɪ", "OI"},
    {"oʊ", "oU"}, {"əʊ", "oU"}, {"ɪə", "i@"}, {"eə", "e@"}, {"ʊə", "U@"}, {"iː", "i:"},
    {"uː", "u:"}, {"ɑː", "A:"}, {"ɔː", "O:"}, {"ɜː", "3:"}, {"ə", "@"},   {"æ", "a"},
    {"ɑ", "A:"},  {"ɒ", "0"},   {"ɛ", "E"},   {"e", "e"},   {"ɪ", "I"},   {"i", "i:"},
    {"ɔ", "O:"},  {"o", "o"},   {"ʊ", "U"},   {"u", "u:"},  {"ʌ", "V"},   {"ɜ", "3:"},
    {"ɝ", "3:"},  {"ɚ", "3"},   {"a", "a"},   {"ŋ", "N"},   {"ʃ", "S"},   {"ʒ", "Z"},
    {"θ", "T"},   {"ð", "D"},   {"ɹ", "r"},   {"r", "r"},   {"ɾ", "t"},   {"ʔ", "?"},
    {"ɡ", "g"},   {"g", "g"},   {"ˈ", "'"},   {"ˌ", ","},   {"ː", ":"},   {".", ""},
    {" ", " "},   {"ɫ", "l"},   {"ɐ", "a#"},  {"ɵ", "@"},   {"ᵻ", "I"},   {"ʍ", "w"},
    {"x", "x"},   {"ç", "C"},   {"ʏ", "Y"},
}};

constexpr std::array<Pair, 43> kXSampa = {{
    {"tS", "tS"}, {"dZ", "dZ"}, {"aI", "aI"}, {"aU", "aU"}, {"eI", "eI"}, {"OI", "OI"},
    {"oU", "oU"}, {"@U", "oU"}, {"I@", "i@"}, {"e@", "e@"}, {"U@", "U@"}, {"i:", "i:"},
    {"u:", "u:"}, {"A:", "A:"}, {"O:", "O:"}, {"3:", "3:"}, {"@`", "3"},  {"r\\", "r"},
    {"@", "@"},   {"{", "a"},   {"A", "A:"},  {"Q", "0"},   {"E", "E"},   {"I", "I"},
    {"i", "i:"},  {"O", "O:"},  {"U", "U"},   {"u", "u:"},  {"V", "V"},   {"3", "3:"},
    {"N", "N"},   {"S", "S"},   {"Z", "Z"},   {"T", "T"},   {"D", "D"},   {"4", "t"},
    {"?", "?"},   {"\"", "'"},  {"%", ","},   {":", ":"},   {".", ""},    {" ", " "},
    {"r", "r"},
}};

// Plain consonant letters mean the same in IPA, X-SAMPA and espeak-ng.
bool IsPlainConsonant(char c) {
  return std::string_view("bdfhjklmnpstvwz").find(c) != std::string_view::npos;
}

template <size_t N>
Result<std::string> Convert(const std::array<Pair, N>& table, std::string_view alphabet,
                            std::string_view phonemes) {
  std::string out;
  size_t pos = 0;
  while (pos < phonemes.size()) {
    bool matched = false;
    for (const auto& [from, to] : table) {
      if (phonemes.substr(pos, from.size()) == from) {
        out += to;
        pos += from.size();
        matched = true;
        break;
      }
    }
    if (matched) continue;
    if (IsPlainConsonant(phonemes[pos])) {
      out.push_back(phonemes[pos++]);
      continue;
    }
    size_t end = pos + 1;
    while (end < phonemes.size() && (static_cast<unsigned char>(phonemes[end]) & 0xC0) == 0x80) {
      ++end;
    }
    return InvalidArgumentError(std::string(alphabet) + " symbol '" +
                                std::string(phonemes.substr(pos, end - pos)) + "' at byte " +
                                std::to_string(pos) + " of \"" + std::string(phonemes) +
                                "\" has no espeak-ng equivalent here");
  }
  return out;
}

}  // namespace

Result<std::string> ToEspeakPhonemes(std::string_view alphabet, std::string_view phonemes) {
  if (alphabet == "ipa") return Convert(kIpa, alphabet, phonemes);
  if (alphabet == "x-sampa") return Convert(kXSampa, alphabet, phonemes);
  if (alphabet == "x-espeak") return std::string(phonemes);
  return InvalidArgumentError("phoneme alphabet '" + std::string(alphabet) +
                              "': expected ipa, x-sampa or x-espeak");
}

}  // namespace lathe::services::speech
