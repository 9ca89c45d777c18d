// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Lexicon-and-rules sentiment for English (the first half of DetectSentiment): each word, emoticon
// or emoji gets its valence from a lexicon (VADER's human-rated list plus emoji, data/sentiment/),
// then rules adjust it: negation in the three words before ("not good"), intensifiers and
// dampeners ("very", "slightly"), an ALL-CAPS word in mixed-case text, contrast ("A but B": A
// counts half, B one and a half), and exclamation or question marks. Immutable after Default()
// builds it; thread-safe.
//
//   LexiconAnalysis a = ValenceLexicon::Default().Analyze("The room was NOT clean!!");
//   // a.compound < 0, a.negative > 0, a.words == {"the", "room", "was"} ("NOT", "clean" scored)
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
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

class ValenceLexicon {
 public:
  // The built-in English lexicon (data/sentiment/valence_lexicon.tsv, compiled in).
  static const ValenceLexicon& Default();

  // Parses "token<TAB>valence" lines ('#' starts a comment line). Tokens are matched lower-cased.
  explicit ValenceLexicon(std::string_view tsv);

  // The analysis of valid UTF-8 `text`.
  LexiconAnalysis Analyze(std::string_view text) const;

  // The valence of one lower-cased token, 0 when unknown.
  double Valence(std::string_view token) const;

 private:
  std::unordered_map<std::string, double> valence_;
};

}  // namespace lathe::services::text
