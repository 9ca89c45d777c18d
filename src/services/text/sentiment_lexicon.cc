// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/text/sentiment_lexicon.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <unordered_set>

#include <libstemmer.h>  // Snowball (Debian libstemmer-dev)
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "core/text_lines.h"
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

// English negators (written for Lathe); any word ending in "n't" negates too.
constexpr std::string_view kEnglishNegators[] = {
    "not",    "no",     "never",  "none",    "nobody",  "nothing", "neither", "nor",
    "nowhere", "cannot", "without", "rarely", "seldom",  "hardly",  "barely",  "scarcely",
    "dont",   "doesnt", "didnt",  "isnt",    "arent",   "wasnt",   "werent",  "cant",
    "couldnt", "wont",  "wouldnt", "shouldnt", "aint",  "havent",  "hasnt",   "hadnt",
    "nope",   "lack",   "lacks",  "lacked",  "lacking"};

// English intensifiers (+1) and dampeners (-1), written for Lathe.
constexpr std::pair<std::string_view, int> kEnglishBoosters[] = {
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
constexpr std::string_view kEnglishContrasts[] = {"but", "however", "nevertheless", "nonetheless"};

// The rule words of the other languages (written for Lathe, lower-cased, without diacritics).
struct LanguageWords {
  std::string_view code, snowball;
  bool elision;
  std::vector<std::string_view> negators, intensifiers, dampeners, contrasts;
};

const LanguageWords kLanguageWords[] = {
    {"es", "spanish", false,
     {"no", "nunca", "jamas", "ni", "tampoco", "nada", "nadie", "ninguno", "ninguna", "ningun",
      "sin"},
     {"muy", "tan", "sumamente", "extremadamente", "realmente", "totalmente", "increiblemente",
      "demasiado", "super", "completamente", "absolutamente", "bastante"},
     {"poco", "algo", "ligeramente", "apenas", "casi"},
     {"pero", "aunque", "sino"}},
    {"fr", "french", true,
     {"ne", "n'", "pas", "jamais", "rien", "aucun", "aucune", "sans", "ni", "guere"},
     {"tres", "vraiment", "extremement", "trop", "tellement", "si", "super", "totalement",
      "absolument", "completement", "particulierement", "hyper"},
     {"peu", "assez", "legerement", "plutot", "presque"},
     {"mais", "cependant", "pourtant", "toutefois", "neanmoins"}},
    {"it", "italian", true,
     {"non", "mai", "niente", "nulla", "nessuno", "nessuna", "nessun", "senza", "neanche",
      "nemmeno", "neppure"},
     {"molto", "davvero", "estremamente", "troppo", "veramente", "proprio", "super",
      "assolutamente", "tanto", "totalmente", "completamente", "cosi"},
     {"poco", "abbastanza", "leggermente", "piuttosto", "quasi"},
     {"ma", "pero", "tuttavia", "eppure", "comunque"}},
    {"pt", "portuguese", false,
     {"nao", "nunca", "jamais", "nem", "tampouco", "nenhum", "nenhuma", "sem", "nada",
      "ninguem"},
     {"muito", "extremamente", "realmente", "totalmente", "super", "tao", "demais",
      "completamente", "absolutamente", "bastante", "muitissimo"},
     {"pouco", "ligeiramente", "meio", "quase"},
     {"mas", "porem", "contudo", "todavia", "entretanto"}},
};

LexiconRules EnglishRules() {
  LexiconRules rules;
  for (std::string_view word : kEnglishNegators) rules.negators.emplace(word);
  for (const auto& [word, sign] : kEnglishBoosters) rules.boosters.emplace(std::string(word), sign);
  for (std::string_view word : kEnglishContrasts) rules.contrasts.emplace(word);
  return rules;
}

LexiconRules RulesOf(const LanguageWords& words) {
  LexiconRules rules;
  rules.language = std::string(words.code);
  rules.snowball = std::string(words.snowball);
  rules.fold = true;
  rules.elision = words.elision;
  for (std::string_view word : words.negators) rules.negators.emplace(word);
  for (std::string_view w : words.intensifiers) rules.boosters.emplace(std::string(w), 1);
  for (std::string_view w : words.dampeners) rules.boosters.emplace(std::string(w), -1);
  for (std::string_view word : words.contrasts) rules.contrasts.emplace(word);
  return rules;
}

struct Token {
  std::string text;   // as written, punctuation stripped
  std::string lower;  // lower-cased, curly apostrophes made straight (and folded: see rules)
  std::string key;    // the lexicon's key: `lower`, or its Snowball stem
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

// True when `lower` is a negator: a listed word or, in English, a contraction ending in "n't".
bool IsNegator(const std::string& lower, const LexiconRules& rules) {
  return rules.negators.count(lower) > 0 ||
         (rules.language == "en" && lower.size() > 3 && lower.ends_with("n't"));
}

int Booster(const std::string& lower, const LexiconRules& rules) {
  const auto it = rules.boosters.find(lower);
  return it == rules.boosters.end() ? 0 : it->second;
}

// `lower` lower-cased by ICU (Unicode case rules) without combining marks: "Très" -> "tres".
std::string Fold(std::string_view word) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(word.data(),
                                                                       static_cast<int32_t>(word.size())));
  u.toLower();
  if (U_SUCCESS(status)) {
    icu::UnicodeString decomposed = nfd->normalize(u, status);
    if (U_SUCCESS(status)) {
      u.remove();
      for (int32_t i = 0; i < decomposed.length();) {
        const UChar32 c = decomposed.char32At(i);
        if (u_charType(c) != U_NON_SPACING_MARK) u.append(c);
        i += U16_LENGTH(c);
      }
    }
  }
  std::string out;
  u.toUTF8String(out);
  return out;
}

struct StemmerDeleter {
  void operator()(sb_stemmer* s) const { sb_stemmer_delete(s); }
};

// The Snowball stem of `word` (as is when `stemmer` is null or Snowball runs out of memory).
std::string Stem(sb_stemmer* stemmer, const std::string& word) {
  if (stemmer == nullptr) return word;
  const sb_symbol* stem = sb_stemmer_stem(stemmer, reinterpret_cast<const sb_symbol*>(word.data()),
                                          static_cast<int>(word.size()));
  if (stem == nullptr) return word;
  return std::string(reinterpret_cast<const char*>(stem),
                     static_cast<size_t>(sb_stemmer_length(stemmer)));
}

// The end of an elided article or pronoun ("l'", "n'", "dell'", "qu'"): 1 to 4 ASCII letters and
// an apostrophe (' or U+2019) at the start of `word`, followed by more; 0 when there is none.
size_t ElisionEnd(std::string_view word) {
  size_t letters = 0;
  while (letters < word.size() && letters <= 4 &&
         std::isalpha(static_cast<unsigned char>(word[letters]))) {
    ++letters;
  }
  if (letters == 0 || letters > 4) return 0;
  const std::string_view rest = word.substr(letters);
  const size_t apostrophe = rest.starts_with('\'') ? 1 : rest.starts_with("\xE2\x80\x99") ? 3 : 0;
  return apostrophe > 0 && rest.size() > apostrophe ? letters + apostrophe : 0;
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
  Tokenizer(const ValenceLexicon& lexicon, sb_stemmer* stemmer)
      : lexicon_(lexicon), rules_(lexicon.rules()), stemmer_(stemmer) {}

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
  // A word is looked up by its (folded, stemmed) key; emoji and emoticons as written.
  void Push(std::string_view text, bool word) {
    std::string lower = Lower(text);
    if (word && rules_.fold) lower = Fold(lower);
    std::string key = word && stemmer_ != nullptr ? Stem(stemmer_, lower) : lower;
    tokens_.push_back({std::string(text), std::move(lower), std::move(key), sentence_, clause_});
  }

  // A word, split after an elided article or pronoun in French and Italian ("n'", "l'").
  void PushWord(std::string_view text) {
    const size_t elision = rules_.elision ? ElisionEnd(text) : 0;
    if (elision > 0) Push(text.substr(0, elision), true);
    Push(text.substr(elision), true);
  }

  // One whitespace-separated chunk: an emoticon as a whole, else emoji split off and the word's
  // surrounding punctuation stripped (which may end a clause or a sentence).
  void Chunk(std::string_view chunk) {
    if (lexicon_.Valence(Lower(chunk)) != 0 && !std::isalnum(static_cast<unsigned char>(chunk[0]))) {
      Push(chunk, false);  // ":)", ":-(", "<3"
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
    if (end > begin) PushWord(std::string_view(word).substr(begin, end - begin));
    for (const std::string& e : emoji) Push(e, false);
    const std::string_view tail = std::string_view(word).substr(end);
    if (tail.find_first_of(".!?") != std::string_view::npos) ++sentence_;
    if (tail.find_first_of(",;:.!?()") != std::string_view::npos) ++clause_;
  }

  const ValenceLexicon& lexicon_;
  const LexiconRules& rules_;
  sb_stemmer* stemmer_;
  std::vector<Token> tokens_;
  size_t sentence_ = 0;
  size_t clause_ = 0;
};

// The contrast weight of every token: for each contrast word, the tokens before it in its
// sentence (or the whole previous sentence when it opens one) get kBeforeContrast and those after
// it in its sentence kAfterContrast. A later contrast overrides an earlier one.
std::vector<double> ContrastWeights(const std::vector<Token>& tokens, const LexiconRules& rules) {
  std::vector<double> weight(tokens.size(), 1.0);
  for (size_t k = 0; k < tokens.size(); ++k) {
    if (!rules.contrasts.count(tokens[k].lower)) continue;
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

const ValenceLexicon* ValenceLexicon::ForLanguage(std::string_view code) {
  if (code == "en") return &Default();
  // language -> its lexicon, all built on first use from the one embedded file.
  static const auto* lexicons = [] {
    std::unordered_map<std::string, std::string> tsv;  // language -> "stem<TAB>valence" lines
    ForEachDataLine(internal::MultilingualLexiconTsv(), [&tsv](const DataLine& line) {
      if (line.fields.size() < 3) return;
      std::string& lines = tsv[std::string(line.fields[0])];
      lines.append(line.fields[1]).append("\t").append(line.fields[2]).append("\n");
    });
    auto* out = new std::unordered_map<std::string, std::unique_ptr<const ValenceLexicon>>();
    for (const LanguageWords& words : kLanguageWords) {
      out->emplace(std::string(words.code),
                   std::make_unique<const ValenceLexicon>(tsv[std::string(words.code)],
                                                          RulesOf(words), &Default()));
    }
    return out;
  }();
  const auto it = lexicons->find(std::string(code));
  return it == lexicons->end() ? nullptr : it->second.get();
}

ValenceLexicon::ValenceLexicon(std::string_view tsv)
    : ValenceLexicon(tsv, EnglishRules(), nullptr) {}

ValenceLexicon::ValenceLexicon(std::string_view tsv, LexiconRules rules,
                               const ValenceLexicon* symbols)
    : rules_(std::move(rules)), symbols_(symbols) {
  ForEachDataLine(tsv, [this](const DataLine& line) {
    if (line.fields.size() < 2) return;
    valence_[Lower(line.fields[0])] = std::strtod(std::string(line.fields[1]).c_str(), nullptr);
  });
}

double ValenceLexicon::Valence(std::string_view token) const {
  auto it = valence_.find(std::string(token));
  if (it != valence_.end()) return it->second;
  if (symbols_ == nullptr || token.empty()) return 0.0;
  // Emoticons (ASCII punctuation first) and emoji (3- and 4-byte UTF-8 from U+2000 on) from the
  // symbols' lexicon; words (letters, digits, 2-byte Latin letters such as "é") are not.
  const auto first = static_cast<unsigned char>(token[0]);
  const bool symbol = first < 0x80 ? !std::isalnum(first) : first >= 0xE2;
  return symbol ? symbols_->Valence(token) : 0.0;
}

LexiconAnalysis ValenceLexicon::Analyze(std::string_view text) const {
  std::unique_ptr<sb_stemmer, StemmerDeleter> stemmer;
  if (!rules_.snowball.empty()) {
    // sb_stemmer is not thread-safe: one per call (allocation only, no data to load).
    stemmer.reset(sb_stemmer_new(rules_.snowball.c_str(), "UTF_8"));
  }
  const std::vector<Token> tokens = Tokenizer(*this, stemmer.get()).Run(text);
  const std::vector<double> contrast = ContrastWeights(tokens, rules_);
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
    double v = Booster(t.lower, rules_) != 0 ? 0.0 : Valence(t.key);
    // The words for the supervised model leave out what the rules already account for: the
    // negators and the negated sentiment words ("not bad" is the lexicon's +1.85).
    if (IsNegator(t.lower, rules_)) {
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
      if (const int booster = Booster(prev.lower, rules_); booster != 0) {
        v += sign * booster * kBoost * (d == 1 ? 1.0 : d == 2 ? 0.95 : 0.9);
      }
      negated = negated || IsNegator(prev.lower, rules_);
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
