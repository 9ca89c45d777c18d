// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/text/sentiment_lexicon.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <unordered_set>

#include "services/text/embedded_data.h"

namespace lathe::services::text {
namespace {

// Rule constants (the empirically derived values published with VADER, Hutto & Gilbert 2014).
constexpr double kBoost = 0.293;           // an intensifier's increment
constexpr double kCapsBoost = 0.733;       // an ALL-CAPS sentiment word in mixed-case text
constexpr double kNegation = -0.74;        // "not good" is a weaker "bad"
constexpr double kBeforeContrast = 0.5;    // "A but B": A counts half
constexpr double kAfterContrast = 1.5;     // and B one and a half
constexpr double kExclamation = 0.292;     // per '!', at most 4
constexpr double kQuestion = 0.18;         // per '?' when there are 2 or 3; 0.96 for more
constexpr double kCompoundAlpha = 15.0;    // compound = sum / sqrt(sum^2 + alpha)

// Negators (written for Lathe); any word ending in "n't" negates too.
const std::unordered_set<std::string_view> kNegators = {
    "not",    "no",     "never",  "none",    "nobody",  "nothing", "neither", "nor",
    "nowhere", "cannot", "without", "rarely", "seldom",  "hardly",  "barely",  "scarcely",
    "dont",   "doesnt", "didnt",  "isnt",    "arent",   "wasnt",   "werent",  "cant",
    "couldnt", "wont",  "wouldnt", "shouldnt", "aint",  "havent",  "hasnt",   "hadnt",
    "nope",   "lack",   "lacks",  "lacked",  "lacking"};

// Intensifiers (+1) and dampeners (-1), written for Lathe.
const std::unordered_map<std::string_view, int> kBoosters = {
    {"absolutely", 1}, {"amazingly", 1},  {"awfully", 1},     {"completely", 1},
    {"considerably", 1}, {"deeply", 1},   {"enormously", 1},  {"entirely", 1},
    {"especially", 1}, {"exceptionally", 1}, {"extremely", 1}, {"fully", 1},
    {"greatly", 1},    {"highly", 1},     {"hugely", 1},      {"incredibly", 1},
    {"insanely", 1},   {"intensely", 1},  {"most", 1},        {"particularly", 1},
    {"purely", 1},     {"quite", 1},      {"really", 1},      {"remarkably", 1},
    {"so", 1},         {"substantially", 1}, {"super", 1},    {"thoroughly", 1},
    {"too", 1},        {"totally", 1},    {"tremendously", 1}, {"truly", 1},
    {"unbelievably", 1}, {"unusually", 1}, {"utterly", 1},    {"very", 1},
    {"almost", -1},    {"kinda", -1},     {"less", -1},       {"marginally", -1},
    {"mostly", -1},    {"occasionally", -1}, {"partly", -1},  {"slightly", -1},
    {"somewhat", -1},  {"sorta", -1},     {"fairly", -1},     {"rather", -1}};

// Words that turn the clause around: what precedes counts less than what follows.
const std::unordered_set<std::string_view> kContrasts = {"but", "however", "nevertheless",
                                                         "nonetheless"};

struct Token {
  std::string text;   // as written, punctuation stripped
  std::string lower;  // lower-cased, curly apostrophes made straight
  size_t sentence = 0;
  size_t clause = 0;
};

std::string Lower(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s.compare(i, 3, "\xE2\x80\x99") == 0) {  // U+2019 right single quotation mark
      out += '\'';
      i += 2;
    } else {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(s[i])));
    }
  }
  return out;
}

bool IsSpace(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

size_t Utf8Length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xE) return 3;
  return 4;
}

// True when `lower` is a negator: a listed word or a contraction ending in "n't".
bool IsNegator(std::string_view lower) {
  return kNegators.count(lower) > 0 ||
         (lower.size() > 3 && lower.substr(lower.size() - 3) == "n't");
}

bool IsAllCaps(std::string_view word) {
  bool letter = false;
  for (unsigned char c : word) {
    if (std::islower(c)) return false;
    letter = letter || std::isupper(c);
  }
  return letter && word.size() > 1;
}

class Tokenizer {
 public:
  Tokenizer(const ValenceLexicon& lexicon) : lexicon_(lexicon) {}

  std::vector<Token> Run(std::string_view text) {
    size_t i = 0;
    while (i < text.size()) {
      if (IsSpace(static_cast<unsigned char>(text[i]))) {
        ++i;
        continue;
      }
      size_t j = i;
      while (j < text.size() && !IsSpace(static_cast<unsigned char>(text[j]))) ++j;
      Chunk(text.substr(i, j - i));
      i = j;
    }
    return std::move(tokens_);
  }

 private:
  void Push(std::string_view text) {
    tokens_.push_back({std::string(text), Lower(text), sentence_, clause_});
  }

  // One whitespace-separated chunk: an emoticon as a whole, else emoji split off and the word's
  // surrounding punctuation stripped (which may end a clause or a sentence).
  void Chunk(std::string_view chunk) {
    if (lexicon_.Valence(Lower(chunk)) != 0 && !std::isalnum(static_cast<unsigned char>(chunk[0]))) {
      Push(chunk);  // ":)", ":-(", "<3"
      return;
    }
    std::string word;
    std::vector<std::string> emoji;
    for (size_t k = 0; k < chunk.size();) {
      const size_t n = std::min(Utf8Length(static_cast<unsigned char>(chunk[k])), chunk.size() - k);
      const std::string_view cp = chunk.substr(k, n);
      if (n >= 3 && lexicon_.Valence(cp) != 0) {
        emoji.emplace_back(cp);
      } else if (cp != "\xEF\xB8\x8F" && cp != "\xE2\x80\x8D") {  // variation selector, ZWJ
        word.append(cp);
      }
      k += n;
    }
    size_t begin = 0, end = word.size();
    while (begin < end && std::ispunct(static_cast<unsigned char>(word[begin]))) ++begin;
    while (end > begin && std::ispunct(static_cast<unsigned char>(word[end - 1]))) --end;
    if (end > begin) Push(std::string_view(word).substr(begin, end - begin));
    for (const std::string& e : emoji) Push(e);
    const std::string_view tail = std::string_view(word).substr(end);
    if (tail.find_first_of(".!?") != std::string_view::npos) ++sentence_;
    if (tail.find_first_of(",;:.!?()") != std::string_view::npos) ++clause_;
  }

  const ValenceLexicon& lexicon_;
  std::vector<Token> tokens_;
  size_t sentence_ = 0;
  size_t clause_ = 0;
};

// The contrast weight of every token: for each contrast word, the tokens before it in its
// sentence (or the whole previous sentence when it opens one) get kBeforeContrast and those after
// it in its sentence kAfterContrast. A later contrast overrides an earlier one.
std::vector<double> ContrastWeights(const std::vector<Token>& tokens) {
  std::vector<double> weight(tokens.size(), 1.0);
  for (size_t k = 0; k < tokens.size(); ++k) {
    if (!kContrasts.count(tokens[k].lower)) continue;
    const size_t sentence = tokens[k].sentence;
    const bool opens = k == 0 || tokens[k - 1].sentence != sentence;
    const size_t before = opens ? sentence - std::min<size_t>(sentence, 1) : sentence;
    for (size_t i = k; i > 0 && tokens[i - 1].sentence >= before; --i) {
      weight[i - 1] = kBeforeContrast;
    }
    for (size_t i = k + 1; i < tokens.size() && tokens[i].sentence == sentence; ++i) {
      weight[i] = kAfterContrast;
    }
  }
  return weight;
}

}  // namespace

const ValenceLexicon& ValenceLexicon::Default() {
  static const ValenceLexicon* lexicon = new ValenceLexicon(internal::ValenceLexiconTsv());
  return *lexicon;
}

ValenceLexicon::ValenceLexicon(std::string_view tsv) {
  size_t pos = 0;
  while (pos < tsv.size()) {
    size_t eol = tsv.find('\n', pos);
    if (eol == std::string_view::npos) eol = tsv.size();
    const std::string_view line = tsv.substr(pos, eol - pos);
    pos = eol + 1;
    const size_t tab = line.find('\t');
    if (line.empty() || line[0] == '#' || tab == std::string_view::npos) continue;
    valence_[Lower(line.substr(0, tab))] = std::strtod(std::string(line.substr(tab + 1)).c_str(), nullptr);
  }
}

double ValenceLexicon::Valence(std::string_view token) const {
  auto it = valence_.find(std::string(token));
  return it == valence_.end() ? 0.0 : it->second;
}

LexiconAnalysis ValenceLexicon::Analyze(std::string_view text) const {
  const std::vector<Token> tokens = Tokenizer(*this).Run(text);
  const std::vector<double> contrast = ContrastWeights(tokens);
  const bool all_caps_text = std::all_of(tokens.begin(), tokens.end(), [](const Token& t) {
    return IsAllCaps(t.text) || !std::any_of(t.text.begin(), t.text.end(), [](char c) {
      return std::isalpha(static_cast<unsigned char>(c));
    });
  });
  LexiconAnalysis out;
  out.tokens = tokens.size();
  size_t negation_clause = SIZE_MAX;  // the clause a negator opened, for the NOT_ prefix
  for (size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    const bool negated_scope = negation_clause == t.clause;
    double v = kBoosters.count(t.lower) ? 0.0 : Valence(t.lower);
    // The words for the supervised model leave out what the rules already account for: the
    // negators and the negated sentiment words ("not bad" is the lexicon's +1.85).
    if (IsNegator(t.lower)) {
      negation_clause = t.clause;
    } else if (!negated_scope) {
      out.words.push_back(t.lower);
    } else if (v == 0) {
      out.words.push_back("NOT_" + t.lower);
    }
    if (v == 0) continue;
    ++out.sentiment_words;
    const double sign = v > 0 ? 1.0 : -1.0;
    if (!all_caps_text && IsAllCaps(t.text)) v += sign * kCapsBoost;
    bool negated = false;
    for (size_t d = 1; d <= 3 && d <= i; ++d) {
      const Token& prev = tokens[i - d];
      if (prev.clause != t.clause) break;
      if (auto b = kBoosters.find(prev.lower); b != kBoosters.end()) {
        v += sign * b->second * kBoost * (d == 1 ? 1.0 : d == 2 ? 0.95 : 0.9);
      }
      negated = negated || IsNegator(prev.lower);
    }
    if (negated) v *= kNegation;
    v *= contrast[i];
    out.sum += v;
    (v > 0 ? out.positive : out.negative) += std::abs(v);
  }
  const size_t exclamations = std::min<size_t>(std::count(text.begin(), text.end(), '!'), 4);
  const size_t questions = std::count(text.begin(), text.end(), '?');
  double emphasis = kExclamation * static_cast<double>(exclamations);
  if (questions > 1) emphasis += questions <= 3 ? kQuestion * static_cast<double>(questions) : 0.96;
  if (out.sum > 0) {
    out.sum += emphasis;
    out.positive += emphasis;
  } else if (out.sum < 0) {
    out.sum -= emphasis;
    out.negative += emphasis;
  }
  out.compound = out.sum / std::sqrt(out.sum * out.sum + kCompoundAlpha);
  return out;
}

}  // namespace lathe::services::text
