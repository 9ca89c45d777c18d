// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Document sentiment (Comprehend's DetectSentiment): POSITIVE, NEGATIVE, NEUTRAL or MIXED with four
// scores that sum to 1. For English, two parts: the lexicon and its rules
// (sentiment_lexicon.h) say how much sentiment a text carries and whether it pulls both ways; a
// logistic-regression model over negation-marked words plus the lexicon's scores (weights in
// data/sentiment/linear_model.tsv, trained by bench/text/sentiment_quality on labelled review
// sentences) says which way it leans; past 20 tokens the lexicon's compound shares that say
// (the model knows single sentences). Spanish, French, Italian and Portuguese have a lexicon and
// its rules only (no labelled text to train a model on): the compound alone says which way a text
// leans. Immutable after construction; thread-safe.
//
//   SentimentScores s = SentimentAnalyzer::Default().Analyze("Great phone, but the battery dies.");
//   // s.sentiment is "NEGATIVE" or "MIXED"; s.positive + s.negative + s.neutral + s.mixed == 1
//   SentimentAnalyzer::ForLanguage("fr")->Analyze("Le service était excellent !").sentiment
//   // "POSITIVE"
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/status.h"
#include "services/text/sentiment_lexicon.h"

namespace lathe::services::text {

struct SentimentScores {
  std::string sentiment;  // "POSITIVE", "NEGATIVE", "NEUTRAL" or "MIXED": the largest score
  double positive = 0.0;
  double negative = 0.0;
  double neutral = 0.0;
  double mixed = 0.0;
};

// The supervised model's sparse features of one analysed text: "w:<word>" (negation-marked
// words, 1/sqrt(distinct words) each) and the lexicon's "lex:compound", "lex:positive",
// "lex:negative". The training tool and the analyzer share this function.
std::vector<std::pair<std::string, double>> SentimentFeatures(const LexiconAnalysis& analysis);

class SentimentAnalyzer {
 public:
  // The built-in English analyzer (compiled-in lexicon and model).
  static const SentimentAnalyzer& Default();

  // The built-in analyzer of an ISO 639-1 language (IsSentimentLanguage), nullptr for any other.
  static const SentimentAnalyzer* ForLanguage(std::string_view code);

  // An analyzer of `lexicon` alone (no supervised model); `lexicon` must outlive it.
  static SentimentAnalyzer LexiconOnly(const ValenceLexicon& lexicon);

  // A model from "feature<TAB>weight" lines ("bias" is the intercept; '#' lines are comments).
  // InvalidArgument names the line that does not parse.
  static Result<SentimentAnalyzer> FromModelTsv(const ValenceLexicon& lexicon,
                                                std::string_view model_tsv);

  // The sentiment of valid UTF-8 `text` in the lexicon's language.
  SentimentScores Analyze(std::string_view text) const;

  // P(positive) from the linear model alone, in (0, 1).
  double PositiveProbability(const LexiconAnalysis& analysis) const;

 private:
  SentimentAnalyzer(const ValenceLexicon& lexicon) : lexicon_(&lexicon) {}

  const ValenceLexicon* lexicon_;
  std::unordered_map<std::string, double> weights_;
  double bias_ = 0.0;
  bool has_model_ = false;  // weights were loaded (FromModelTsv)
};

// Languages DetectSentiment supports here: kSentimentLanguages.
bool IsSentimentLanguage(std::string_view code);

// The list, as the UnsupportedLanguageException message shows it.
inline constexpr char kSentimentLanguages[] = "en, es, fr, it, pt";

}  // namespace lathe::services::text
