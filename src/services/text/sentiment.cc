// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/text/sentiment.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <set>

#include "core/text_lines.h"
#include "services/text/embedded_data.h"

namespace lathe::services::text {
namespace {

// How much lexicon valence makes a text fully "sentimental": evidence = 1 - exp(-mass / kMass).
constexpr double kMass = 1.5;
// The linear model alone counts as evidence only beyond this confidence |2p - 1|.
constexpr double kModelConfident = 0.6;
// Share of the evidence that opposing valences (positive and negative) turn into MIXED.
constexpr double kMixedShare = 0.8;
// The model was trained on single review sentences (about 12 tokens); beyond kModelTokens tokens
// its say shrinks in proportion and the lexicon's compound (as a logit, times kCompoundLogit)
// takes the rest, so a long review is not judged by a sentence model's word sums alone.
constexpr double kModelTokens = 20.0;
constexpr double kCompoundLogit = 3.0;

}  // namespace

std::vector<std::pair<std::string, double>> SentimentFeatures(const LexiconAnalysis& analysis) {
  std::set<std::string> distinct;
  for (const std::string& w : analysis.words) {
    if (!w.empty()) distinct.insert("w:" + w);
  }
  std::vector<std::pair<std::string, double>> features;
  const double each = distinct.empty() ? 0.0 : 1.0 / std::sqrt(static_cast<double>(distinct.size()));
  for (const std::string& f : distinct) features.emplace_back(f, each);
  features.emplace_back("lex:compound", analysis.compound);
  features.emplace_back("lex:positive", std::log1p(analysis.positive));
  features.emplace_back("lex:negative", std::log1p(analysis.negative));
  return features;
}

const SentimentAnalyzer& SentimentAnalyzer::Default() {
  static const SentimentAnalyzer* analyzer = [] {
    Result<SentimentAnalyzer> loaded =
        FromModelTsv(ValenceLexicon::Default(), internal::SentimentModelTsv());
    LATHE_DCHECK(loaded.ok());  // the compiled-in model is tested to parse
    return new SentimentAnalyzer(std::move(loaded).value());
  }();
  return *analyzer;
}

const SentimentAnalyzer* SentimentAnalyzer::ForLanguage(std::string_view code) {
  if (code == "en") return &Default();
  static const auto* analyzers = [] {
    auto* out = new std::unordered_map<std::string, SentimentAnalyzer>();
    for (std::string_view language : {"es", "fr", "it", "pt"}) {
      const ValenceLexicon* lexicon = ValenceLexicon::ForLanguage(language);
      LATHE_DCHECK(lexicon != nullptr);  // every language listed here has an embedded lexicon
      out->emplace(std::string(language), LexiconOnly(*lexicon));
    }
    return out;
  }();
  const auto it = analyzers->find(std::string(code));
  return it == analyzers->end() ? nullptr : &it->second;
}

SentimentAnalyzer SentimentAnalyzer::LexiconOnly(const ValenceLexicon& lexicon) {
  return SentimentAnalyzer(lexicon);
}

Result<SentimentAnalyzer> SentimentAnalyzer::FromModelTsv(const ValenceLexicon& lexicon,
                                                          std::string_view model_tsv) {
  SentimentAnalyzer analyzer(lexicon);
  LATHE_RETURN_IF_ERROR(ForEachDataLine(model_tsv, [&analyzer](const DataLine& line) -> Status {
    const std::string value = line.fields.size() == 2 ? std::string(line.fields[1]) : "";
    char* end = nullptr;
    const double weight = std::strtod(value.c_str(), &end);
    if (value.empty() || *end != '\0') {
      return InvalidArgumentError("sentiment model: line " + std::to_string(line.number) +
                                  ": expected feature<TAB>weight, got '" + std::string(line.text) +
                                  "'");
    }
    if (line.fields[0] == "bias") {
      analyzer.bias_ = weight;
    } else {
      analyzer.weights_[std::string(line.fields[0])] = weight;
    }
    return Status::Ok();
  }));
  analyzer.has_model_ = true;
  return analyzer;
}

double SentimentAnalyzer::PositiveProbability(const LexiconAnalysis& analysis) const {
  double z = bias_;
  for (const auto& [feature, value] : SentimentFeatures(analysis)) {
    if (auto it = weights_.find(feature); it != weights_.end()) z += it->second * value;
  }
  return 1.0 / (1.0 + std::exp(-z));
}

SentimentScores SentimentAnalyzer::Analyze(std::string_view text) const {
  const LexiconAnalysis a = lexicon_->Analyze(text);
  const double model_share =
      has_model_ ? std::min(1.0, kModelTokens / std::max<double>(1.0, a.tokens)) : 0.0;
  const double p_model = std::clamp(PositiveProbability(a), 1e-9, 1 - 1e-9);
  const double logit = model_share * std::log(p_model / (1 - p_model)) +
                       (1 - model_share) * kCompoundLogit * a.compound;
  const double p = 1.0 / (1.0 + std::exp(-logit));
  const double lexicon_evidence = 1.0 - std::exp(-(a.positive + a.negative) / kMass);
  const double model_evidence =
      std::clamp((std::abs(2 * p - 1) - kModelConfident) / (1 - kModelConfident), 0.0, 1.0);
  const double evidence = std::clamp(std::max(lexicon_evidence, model_evidence), 0.02, 0.98);
  const double stronger = std::max(a.positive, a.negative);
  const double opposition = stronger > 0 ? std::min(a.positive, a.negative) / stronger : 0.0;
  SentimentScores s;
  s.mixed = evidence * opposition * kMixedShare;
  s.positive = (evidence - s.mixed) * p;
  s.negative = (evidence - s.mixed) * (1 - p);
  s.neutral = 1 - evidence;
  const std::pair<double, const char*> ranked[] = {{s.positive, "POSITIVE"},
                                                   {s.negative, "NEGATIVE"},
                                                   {s.neutral, "NEUTRAL"},
                                                   {s.mixed, "MIXED"}};
  s.sentiment = std::max_element(std::begin(ranked), std::end(ranked),
                                 [](const auto& x, const auto& y) { return x.first < y.first; })
                    ->second;
  return s;
}

bool IsSentimentLanguage(std::string_view code) {
  return code == "en" || code == "es" || code == "fr" || code == "it" || code == "pt";
}

}  // namespace lathe::services::text
