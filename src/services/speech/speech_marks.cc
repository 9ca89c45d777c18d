// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/speech/speech_marks.h"

#include <algorithm>
#include <array>
#include <optional>
#include <utility>

#include <nlohmann/json.hpp>

namespace lathe::services::speech {
namespace {

// A word found in the spoken text: its code points [first, last] and input byte range.
struct Token {
  size_t first = 0;
  size_t last = 0;
  SourceRange source;
  std::optional<int64_t> time_ms;
};

bool IsPunctuation(char32_t cp) {
  if (cp < 0x80) {
    return !((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') ||
             cp == '\'' || cp == '-' || cp == '_');
  }
  return (cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x3000 && cp <= 0x303F) || cp == 0xA0 ||
         cp == 0xAB || cp == 0xBB || cp == 0xBF || cp == 0xA1 || cp == 0xFF0C || cp == 0xFF0E;
}

bool IsDigit(char32_t cp) { return cp >= '0' && cp <= '9'; }

// Whether spoken char i belongs to a word ('.' and ',' do between digits: 3.5, 1,000).
bool IsWordChar(const std::vector<SpokenChar>& chars, size_t i) {
  const SpokenChar& c = chars[i];
  if (!c.is_text) return false;
  if (!IsPunctuation(c.code_point)) return true;
  if ((c.code_point == '.' || c.code_point == ',') && i > 0 && i + 1 < chars.size()) {
    return chars[i - 1].is_text && IsDigit(chars[i - 1].code_point) && chars[i + 1].is_text &&
           IsDigit(chars[i + 1].code_point);
  }
  return false;
}

std::vector<Token> Tokenize(const SpokenText& spoken) {
  const std::vector<SpokenChar>& chars = spoken.chars();
  std::vector<Token> tokens;
  for (size_t i = 0; i < chars.size();) {
    if (!IsWordChar(chars, i)) {
      ++i;
      continue;
    }
    Token t{.first = i, .last = i, .source = chars[i].source, .time_ms = std::nullopt};
    while (t.last + 1 < chars.size() && IsWordChar(chars, t.last + 1)) {
      ++t.last;
      t.source.begin = std::min(t.source.begin, chars[t.last].source.begin);
      t.source.end = std::max(t.source.end, chars[t.last].source.end);
    }
    i = t.last + 1;
    // Pieces of one alias (a <sub>, a lexicon entry) share their input range: one word.
    if (!tokens.empty() && tokens.back().source.end > t.source.begin) {
      tokens.back().last = t.last;
      tokens.back().source.end = std::max(tokens.back().source.end, t.source.end);
      continue;
    }
    tokens.push_back(t);
  }
  return tokens;
}

// The token an event at code point `position` belongs to: the one containing it, else the first
// one after it. tokens.size() if none.
size_t TokenAt(const std::vector<Token>& tokens, size_t position) {
  auto it = std::lower_bound(tokens.begin(), tokens.end(), position,
                             [](const Token& t, size_t p) { return t.last < p; });
  return static_cast<size_t>(it - tokens.begin());
}

void TimeWords(std::vector<Token>* tokens, const EngineOutput& output, int64_t duration_ms) {
  for (const EngineEvent& e : output.events) {
    if (e.type != EngineEventType::kWord) continue;
    const size_t i = TokenAt(*tokens, e.position);
    if (i < tokens->size() && !(*tokens)[i].time_ms) (*tokens)[i].time_ms = e.time_ms;
  }
  // Words without an event: between their timed neighbours, spaced by position.
  int64_t previous = 0;
  for (size_t i = 0; i < tokens->size(); ++i) {
    Token& t = (*tokens)[i];
    if (t.time_ms) {
      t.time_ms = std::max(*t.time_ms, previous);
      previous = *t.time_ms;
      continue;
    }
    size_t next = i + 1;
    while (next < tokens->size() && !(*tokens)[next].time_ms) ++next;
    const int64_t next_time =
        next < tokens->size() ? std::max(*(*tokens)[next].time_ms, previous) : duration_ms;
    const size_t prev_index = i == 0 ? 0 : i - 1;
    const double span = static_cast<double>(next - prev_index);
    const double share = span > 0 ? static_cast<double>(i - prev_index) / span : 0;
    t.time_ms = previous + static_cast<int64_t>((next_time - previous) * share);
    previous = *t.time_ms;
  }
}

// The input text of spoken chars [first, last] (spoken text only, each input range once).
std::string TextOf(std::string_view input, const SpokenText& spoken, size_t first, size_t last) {
  std::string out;
  size_t covered = 0;
  for (size_t i = first; i <= last && i < spoken.chars().size(); ++i) {
    const SpokenChar& c = spoken.chars()[i];
    if (!c.is_text || c.source.end <= covered) continue;
    const size_t begin = std::max(c.source.begin, covered);
    out.append(input.substr(begin, c.source.end - begin));
    covered = c.source.end;
  }
  return out;
}

void AddSentences(std::string_view input, const SpokenText& spoken,
                  const std::vector<Token>& tokens, const EngineOutput& output,
                  std::vector<SpeechMark>* marks) {
  std::vector<std::pair<size_t, int64_t>> starts;  // first token, time
  for (const EngineEvent& e : output.events) {
    if (e.type != EngineEventType::kSentence) continue;
    const size_t i = TokenAt(tokens, e.position);
    if (i >= tokens.size() || (!starts.empty() && starts.back().first >= i)) continue;
    starts.emplace_back(i, e.time_ms);
  }
  if (starts.empty() && !tokens.empty()) starts.emplace_back(0, 0);
  const std::vector<SpokenChar>& chars = spoken.chars();
  for (size_t s = 0; s < starts.size(); ++s) {
    const size_t first = tokens[starts[s].first].first;
    size_t last = s + 1 < starts.size() ? tokens[starts[s + 1].first].first - 1 : chars.size() - 1;
    // Trailing punctuation belongs to the sentence; trailing space and markup do not.
    while (last > first && (!chars[last].is_text || chars[last].code_point == ' ' ||
                            chars[last].code_point == '\n' || chars[last].code_point == '\t' ||
                            chars[last].code_point == '\r')) {
      --last;
    }
    marks->push_back({.time_ms = starts[s].second,
                      .type = "sentence",
                      .start = tokens[starts[s].first].source.begin,
                      .end = chars[last].source.end,
                      .value = TextOf(input, spoken, first, last)});
  }
}

int TypeOrder(const std::string& type) {
  return type == "sentence" ? 0 : type == "word" ? 1 : type == "ssml" ? 2 : 3;
}

}  // namespace

std::string_view VisemeOf(std::string_view p) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 24> kConsonants = {{
      {"p", "p"}, {"b", "p"}, {"m", "p"}, {"f", "f"},  {"v", "f"},  {"T", "T"},
      {"D", "T"}, {"t", "t"}, {"d", "t"}, {"n", "t"},  {"l", "t"},  {"s", "s"},
      {"z", "s"}, {"S", "S"}, {"Z", "S"}, {"tS", "S"}, {"dZ", "S"}, {"k", "k"},
      {"g", "k"}, {"N", "k"}, {"h", "k"}, {"r", "r"},  {"j", "i"},  {"w", "u"},
  }};
  if (p.empty() || p[0] == '_') return "sil";
  for (const auto& [phoneme, viseme] : kConsonants) {
    if (p == phoneme) return viseme;
  }
  switch (p[0]) {
    case 'a':
    case 'A':
      return "a";
    case 'e':
      return "e";
    case 'E':
    case '3':
    case 'V':
      return "E";
    case 'i':
    case 'I':
      return "i";
    case '0':
    case 'O':
      return "O";
    case 'o':
      return "o";
    case 'u':
    case 'U':
      return "u";
    default:
      return "@";
  }
}

std::vector<SpeechMark> BuildSpeechMarks(std::string_view input, const SpokenText& spoken,
                                         const EngineOutput& output, SpeechMarkTypes types,
                                         int64_t duration_ms) {
  std::vector<SpeechMark> marks;
  std::vector<Token> tokens = Tokenize(spoken);
  TimeWords(&tokens, output, duration_ms);
  if (types.sentence) AddSentences(input, spoken, tokens, output, &marks);
  if (types.word) {
    for (const Token& t : tokens) {
      marks.push_back(
          {.time_ms = *t.time_ms,
           .type = "word",
           .start = t.source.begin,
           .end = t.source.end,
           .value = std::string(input.substr(t.source.begin, t.source.end - t.source.begin))});
    }
  }
  if (types.ssml) {
    std::vector<bool> seen(spoken.marks().size(), false);
    for (const EngineEvent& e : output.events) {
      if (e.type != EngineEventType::kMark || e.name.size() < 2 || e.name[0] != 'm') continue;
      const size_t index = std::strtoul(e.name.c_str() + 1, nullptr, 10);
      if (index >= seen.size() || seen[index]) continue;
      seen[index] = true;
      const MarkTag& tag = spoken.marks()[index];
      marks.push_back({.time_ms = e.time_ms,
                       .type = "ssml",
                       .start = tag.source.begin,
                       .end = tag.source.end,
                       .value = tag.name});
    }
    for (size_t i = 0; i < seen.size(); ++i) {  // a mark after the last sound: at the end
      if (seen[i]) continue;
      const MarkTag& tag = spoken.marks()[i];
      marks.push_back({.time_ms = duration_ms,
                       .type = "ssml",
                       .start = tag.source.begin,
                       .end = tag.source.end,
                       .value = tag.name});
    }
  }
  if (types.viseme) {
    std::string_view last;
    for (const EngineEvent& e : output.events) {
      if (e.type != EngineEventType::kPhoneme) continue;
      const std::string_view viseme = VisemeOf(e.name);
      if (viseme == last && viseme == "sil") continue;
      last = viseme;
      marks.push_back({.time_ms = e.time_ms,
                       .type = "viseme",
                       .start = 0,
                       .end = 0,
                       .value = std::string(viseme)});
    }
  }
  std::stable_sort(marks.begin(), marks.end(), [](const SpeechMark& a, const SpeechMark& b) {
    if (a.time_ms != b.time_ms) return a.time_ms < b.time_ms;
    return TypeOrder(a.type) < TypeOrder(b.type);
  });
  return marks;
}

std::string SpeechMarksJsonLines(const std::vector<SpeechMark>& marks) {
  std::string out;
  for (const SpeechMark& m : marks) {
    nlohmann::ordered_json line = {{"time", m.time_ms}, {"type", m.type}};
    if (m.type != "viseme") {
      line["start"] = m.start;
      line["end"] = m.end;
    }
    line["value"] = m.value;
    out += line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    out += '\n';
  }
  return out;
}

}  // namespace lathe::services::speech
