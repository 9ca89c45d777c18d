// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Lexicon-and-rules sentiment for English (the first half of DetectSentiment): each word, emoticon
// or emoji gets its valence from a lexicon (VADER's human-rated list plus emoji, data/sentiment/),
// then rules adjust it: negation in the three words before ("not good"), intensifiers and
// dampeners ("very", "slightly"), an ALL-CAPS word in mixed-case text, contrast ("A but B": A
// counts half, B one and a half), and exclamation or question marks. Other languages (es, fr,
// it, pt) use the same rules with their own negators, intensifiers and contrast words, and look
// words up by their Snowball stem without diacritics (the nlp.js lexicons of
// data/sentiment/multilingual_lexicon.tsv; emoji and emoticons from the English list). Immutable
// after construction; thread-safe.
//
//   LexiconAnalysis a = ValenceLexicon::Default().Analyze("The room was NOT clean!!");
//   // a.compound < 0, a.negative > 0, a.words == {"the", "room", "was"} ("NOT", "clean" scored)
//   const ValenceLexicon* es = ValenceLexicon::ForLanguage("es");  // nullptr when none
//   es->Analyze("La habitación no estaba limpia.").compound < 0
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace lathe::services::text {

struct LexiconAnalysis {
  double sum = 0.0;       // signed total valence after every rule
  double compound = 0.0;  // sum / sqrt(sum^2 + 15): in (-1, 1)
  double positive = 0.0;  // total of the positive adjusted valences
  double negative = 0.0;  // total of the negative ones, as a positive number
  size_t sentiment_words = 0;  // tokens found in the lexicon
  size_t tokens = 0;           // word, emoticon and emoji tokens
  // Lower-cased words (emoji and emoticons as written) in order, for the supervised model's
  // features: a word inside a negation's scope (after "not", "never", "n't"... up to the next
  // clause punctuation) gets the prefix "NOT_"; negators and negated lexicon words are left out
  // (the rules already score them).
  std::vector<std::string> words;
};

// A language's rule words, written lower-cased and without diacritics ("jamas", "tres").
struct LexiconRules {
  std::string language = "en";                    // ISO 639-1 code
  std::unordered_set<std::string> negators;       // "not", "never"...
  std::unordered_map<std::string, int> boosters;  // +1 intensifier ("very"), -1 dampener
  std::unordered_set<std::string> contrasts;      // "but", "however"...
  std::string snowball;  // Snowball algorithm for lookup keys ("spanish"); empty: the word itself
  bool fold = false;     // look words up lower-cased by ICU and without diacritics
  bool elision = false;  // split "l'hotel" / "n'est" after the apostrophe (French, Italian)
};

class ValenceLexicon {
 public:
  // The built-in English lexicon (data/sentiment/valence_lexicon.tsv, compiled in).
  static const ValenceLexicon& Default();

  // The built-in lexicon of an ISO 639-1 language: "en" is Default(); "es", "fr", "it", "pt" come
  // from data/sentiment/multilingual_lexicon.tsv. nullptr for any other code. Built on first use.
  static const ValenceLexicon* ForLanguage(std::string_view code);

  // Parses "token<TAB>valence" lines ('#' starts a comment line). Tokens are matched lower-cased.
  // English rules.
  explicit ValenceLexicon(std::string_view tsv);

  // The same with `rules`; tokens without letters (emoji, emoticons) missing from `tsv` are looked
  // up in `symbols` when it is not null (it must outlive this lexicon).
  ValenceLexicon(std::string_view tsv, LexiconRules rules, const ValenceLexicon* symbols);

  // The analysis of valid UTF-8 `text`.
  LexiconAnalysis Analyze(std::string_view text) const;

  // The valence of one lookup key (a lower-cased token, or a stem for a stemmed language), 0 when
  // unknown.
  double Valence(std::string_view token) const;

  const LexiconRules& rules() const { return rules_; }

 private:
  LexiconRules rules_;
  const ValenceLexicon* symbols_ = nullptr;
  std::unordered_map<std::string, double> valence_;
};

}  // namespace lathe::services::text
