// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/text/key_phrases.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>
#include <sstream>

#include "services/text/utf8_text.h"

namespace lathe::services::text {
namespace {

constexpr size_t kMaxPhraseWords = 4;

// Function words and very common verbs per language (lower case, written for Lathe).
constexpr std::string_view kEnglish =
    "a an the and or but nor so yet if then than that this these those there here of in on at "
    "to for from by with without about into onto over under after before between through during "
    "up down out off again also too very just only not no all any some each every both few more "
    "most other such own same can could will would shall should may might must do does did done "
    "doing be is am are was were been being have has had having get got i me my mine we us our "
    "you your he him his she her it its they them their what which who whom whose when where why "
    "how as while because until although though whether is isn't aren't wasn't don't doesn't "
    "didn't won't can't i'm it's let's one ones near across along around behind beyond inside "
    "outside within against among toward towards upon via per";
constexpr std::string_view kSpanish =
    "el la los las un una unos unas y o pero ni que de del al a en con sin por para sobre entre "
    "hasta desde durante tras es son era eran fue fueron ser estar está están estaba he ha han "
    "había hay yo tú él ella nosotros vosotros ellos ellas me te se nos os le les lo mi mis tu "
    "tus su sus nuestro nuestra este esta estos estas ese esa esos esas aquel muy más menos ya "
    "también no sí como cuando donde porque si cual cuál quien qué así mientras todo todos toda";
constexpr std::string_view kFrench =
    "le la les un une des du de d l et ou mais ni que qui quoi dont où à au aux en dans sur sous "
    "avec sans pour par entre vers chez est sont était étaient été être avoir a ont avait je tu "
    "il elle on nous vous ils elles me te se lui leur leurs mon ma mes ton ta tes son sa ses notre "
    "votre ce cet cette ces très plus moins déjà aussi ne pas non oui comme quand si alors donc "
    "car tout tous toute toutes j qu c n s";
constexpr std::string_view kGerman =
    "der die das den dem des ein eine einer eines einem einen und oder aber noch nicht kein keine "
    "zu zum zur von vom mit ohne für auf an am in im aus bei nach über unter vor zwischen durch "
    "ist sind war waren sein haben hat hatte hatten habe wird werden wurde ich du er sie es wir "
    "ihr mich mir dich dir sich uns euch mein meine dein sein seine ihr ihre unser dieser diese "
    "dieses sehr mehr auch schon so wie wenn weil dass ob also dann denn doch nur";
constexpr std::string_view kItalian =
    "il lo la i gli le un uno una di del della dei degli delle a al alla ai agli alle da dal "
    "dalla in nel nella con su sul sulla per tra fra e o ma né che chi cui non è sono era erano "
    "essere avere ha hanno aveva io tu lui lei noi voi loro mi ti si ci vi mio mia tuo tua suo "
    "sua nostro questo questa quello quella molto più meno già anche come quando se perché così";
constexpr std::string_view kPortuguese =
    "o a os as um uma uns umas de do da dos das em no na nos nas por pelo pela para com sem sobre "
    "entre até desde e ou mas nem que quem é são era eram foi foram ser estar está estão estava "
    "ter tem têm tinha há eu tu ele ela nós vós eles elas me te se lhe lhes meu minha teu tua seu "
    "sua nosso este esta estes estas esse essa aquele muito mais menos já também não sim como "
    "quando onde porque se assim";

std::set<std::string, std::less<>> Words(std::string_view list) {
  std::set<std::string, std::less<>> words;
  std::istringstream in{std::string(list)};
  for (std::string w; in >> w;) words.insert(w);
  return words;
}

const std::set<std::string, std::less<>>& Stopwords(std::string_view language) {
  static const auto en = Words(kEnglish), es = Words(kSpanish), fr = Words(kFrench),
                    de = Words(kGerman), it = Words(kItalian), pt = Words(kPortuguese);
  if (language == "es") return es;
  if (language == "fr") return fr;
  if (language == "de") return de;
  if (language == "it") return it;
  if (language == "pt") return pt;
  return en;
}

// Word characters: ASCII letters and digits, any non-ASCII byte (letters of other scripts,
// accents), and an apostrophe or hyphen between two of them.
bool IsWordByte(unsigned char c) { return std::isalnum(c) || c >= 0x80; }

struct Token {
  size_t begin, end;   // bytes
  std::string lower;   // ASCII-lower-cased
  bool capitalized;    // starts with an upper-case ASCII letter, not at a sentence start
  bool boundary_after;  // punctuation (not a space) before the next token
  size_t sentence;
};

std::vector<Token> Tokenize(std::string_view text) {
  std::vector<Token> tokens;
  size_t sentence = 0;
  bool sentence_start = true;
  size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (!IsWordByte(c)) {
      if (c != ' ' && c != '\t' && !tokens.empty()) tokens.back().boundary_after = true;
      if (c == '.' || c == '!' || c == '?' || c == '\n') {
        ++sentence;
        sentence_start = true;
      }
      ++i;
      continue;
    }
    size_t j = i;
    while (j < text.size() &&
           (IsWordByte(static_cast<unsigned char>(text[j])) ||
            ((text[j] == '\'' || text[j] == '-') && j + 1 < text.size() &&
             IsWordByte(static_cast<unsigned char>(text[j + 1]))))) {
      ++j;
    }
    Token t{i, j, std::string(text.substr(i, j - i)), false, false, sentence};
    for (char& ch : t.lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    t.capitalized = !sentence_start && std::isupper(c);
    sentence_start = false;
    tokens.push_back(std::move(t));
    i = j;
  }
  return tokens;
}

bool Usable(const Token& t, const std::set<std::string, std::less<>>& stop) {
  if (stop.count(t.lower)) return false;
  if (t.end - t.begin < 2) return false;
  return !std::all_of(t.lower.begin(), t.lower.end(),
                      [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

}  // namespace

std::vector<KeyPhrase> ExtractKeyPhrases(std::string_view text, std::string_view language) {
  const auto& stop = Stopwords(language);
  const std::vector<Token> tokens = Tokenize(text);
  // Word statistics: frequency, first sentence, capitalisation.
  std::map<std::string, double> frequency, first_sentence, capital;
  for (const Token& t : tokens) {
    frequency[t.lower] += 1;
    if (!first_sentence.count(t.lower)) first_sentence[t.lower] = static_cast<double>(t.sentence);
    if (t.capitalized) capital[t.lower] += 1;
  }
  auto weight = [&](const std::string& w) {
    const double tf = frequency[w];
    return std::log1p(tf) * (1.0 + capital[w] / tf) / (1.0 + std::log1p(first_sentence[w]));
  };
  struct Span {
    size_t first, last;  // token indexes
    double importance;
  };
  std::vector<Span> spans;
  for (size_t i = 0; i < tokens.size();) {
    if (!Usable(tokens[i], stop)) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j + 1 < tokens.size() && j + 1 - i < kMaxPhraseWords && !tokens[j].boundary_after &&
           Usable(tokens[j + 1], stop)) {
      ++j;
    }
    double sum = 0;
    for (size_t k = i; k <= j; ++k) sum += weight(tokens[k].lower);
    spans.push_back({i, j, sum / std::sqrt(static_cast<double>(j - i + 1))});
    i = j + 1;
  }
  double best = 0;
  for (const Span& s : spans) best = std::max(best, s.importance);
  const CodePointIndex index(text);
  std::vector<KeyPhrase> out;
  for (const Span& s : spans) {
    const size_t begin = tokens[s.first].begin, end = tokens[s.last].end;
    out.push_back({.text = std::string(text.substr(begin, end - begin)),
                   .score = best > 0 ? 0.5 + 0.5 * s.importance / best : 0.5,
                   .begin_offset = index.ToCodePoint(begin),
                   .end_offset = index.ToCodePoint(end)});
  }
  return out;
}

}  // namespace lathe::services::text
