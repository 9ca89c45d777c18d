// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Sentiment quality on a public labelled set, and the tool that trains the supervised half of
// DetectSentiment. Data: the UCI "Sentiment Labelled Sentences" set (Kotzias et al., KDD 2015;
// 1,000 Amazon, IMDb and Yelp review sentences each, labelled positive or negative; CC BY 4.0),
// as shipped in the npm package sentiment@5.0.2 (test/fixtures/{amazon,imdb,yelp}.json):
//
//   npm pack sentiment@5.0.2 && tar xzf sentiment-5.0.2.tgz
//   build/bench/text/sentiment_quality package/test/fixtures            # figures
//   build/bench/text/sentiment_quality package/test/fixtures --train OUT.tsv   # retrain
//   (then copy OUT.tsv to src/services/text/data/sentiment/linear_model.tsv and rebuild)
//
// Sentences whose index in their file is 2 mod 3 are the held-out test set; the model trains on
// the others. Training: logistic regression on SentimentFeatures (negation-marked words plus the
// lexicon's scores), AdaGrad with L2, fixed seed, words seen in at least 2 training sentences.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "services/text/sentiment.h"

namespace {

namespace text = lathe::services::text;

struct Example {
  std::string text;
  int label = 0;  // 1 positive, 0 negative
  std::string source;
  bool test = false;
};

std::vector<Example> Load(const std::string& dir) {
  std::vector<Example> out;
  for (const char* source : {"amazon", "imdb", "yelp"}) {
    std::ifstream in(dir + "/" + source + ".json");
    if (!in) {
      std::cerr << dir << "/" << source << ".json: cannot open\n";
      std::exit(2);
    }
    const nlohmann::json items = nlohmann::json::parse(in);
    for (size_t i = 0; i < items.size(); ++i) {
      if (!items[i]["class"].is_number()) continue;  // each file ends with an empty record
      out.push_back({items[i]["text"].get<std::string>(), items[i]["class"].get<int>(), source,
                     i % 3 == 2});
    }
  }
  return out;
}

using Features = std::vector<std::pair<std::string, double>>;

std::string Train(const std::vector<Example>& data) {
  std::vector<std::pair<Features, int>> train;
  std::map<std::string, int> document_frequency;
  for (const Example& e : data) {
    if (e.test) continue;
    Features f = text::SentimentFeatures(text::ValenceLexicon::Default().Analyze(e.text));
    for (const auto& [name, value] : f) ++document_frequency[name];
    train.emplace_back(std::move(f), e.label);
  }
  std::unordered_map<std::string, double> w, g2;
  double bias = 0, bias_g2 = 0;
  constexpr double kRate = 0.5, kL2 = 1e-4;
  std::mt19937 rng(7);
  for (int epoch = 0; epoch < 40; ++epoch) {
    std::shuffle(train.begin(), train.end(), rng);
    for (const auto& [features, label] : train) {
      double z = bias;
      for (const auto& [name, value] : features) {
        if (document_frequency[name] >= 2) z += w[name] * value;
      }
      const double err = 1.0 / (1.0 + std::exp(-z)) - label;
      bias_g2 += err * err;
      bias -= kRate * err / std::sqrt(bias_g2 + 1e-8);
      for (const auto& [name, value] : features) {
        if (document_frequency[name] < 2) continue;
        const double grad = err * value + kL2 * w[name];
        g2[name] += grad * grad;
        w[name] -= kRate * grad / std::sqrt(g2[name] + 1e-8);
      }
    }
  }
  std::ostringstream out;
  out << "# Logistic regression for DetectSentiment (P(positive)); trained by\n"
         "# bench/text/sentiment_quality on the UCI Sentiment Labelled Sentences (Kotzias et al.\n"
         "# 2015, CC BY 4.0; npm sentiment@5.0.2 test/fixtures), sentences with index % 3 != 2.\n"
      << "bias\t" << bias << "\n";
  std::map<std::string, double> sorted(w.begin(), w.end());
  for (const auto& [name, weight] : sorted) {
    if (std::abs(weight) >= 1e-3) {
      char buf[32];
      std::snprintf(buf, sizeof(buf), "%.4g", weight);
      out << name << "\t" << buf << "\n";
    }
  }
  return out.str();
}

struct Tally {
  int tp = 0, fp = 0, fn = 0, tn = 0, strict = 0, n = 0;
  std::map<std::string, int> predicted;
  void Add(bool predicted_positive, const std::string& sentiment, int label) {
    ++n;
    ++predicted[sentiment];
    if (predicted_positive && label == 1) ++tp;
    if (predicted_positive && label == 0) ++fp;
    if (!predicted_positive && label == 1) ++fn;
    if (!predicted_positive && label == 0) ++tn;
    strict += (sentiment == "POSITIVE" && label == 1) || (sentiment == "NEGATIVE" && label == 0);
  }
  void Print(const std::string& name) const {
    const double f_pos = 2.0 * tp / std::max(1, 2 * tp + fp + fn);
    const double f_neg = 2.0 * tn / std::max(1, 2 * tn + fn + fp);
    std::printf("%-28s n=%4d polarity accuracy %.3f macro-F1 %.3f | 4-class accuracy %.3f |", name.c_str(),
                n, static_cast<double>(tp + tn) / n, (f_pos + f_neg) / 2,
                static_cast<double>(strict) / n);
    for (const auto& [label, count] : predicted) std::printf(" %s %d", label.c_str(), count);
    std::printf("\n");
  }
};

void Evaluate(const std::vector<Example>& data, const text::SentimentAnalyzer& analyzer,
              const std::string& name) {
  std::map<std::string, Tally> lexicon, model;
  for (const Example& e : data) {
    if (!e.test) continue;
    const text::LexiconAnalysis a = text::ValenceLexicon::Default().Analyze(e.text);
    const std::string lexicon_label =
        a.compound >= 0.05 ? "POSITIVE" : a.compound <= -0.05 ? "NEGATIVE" : "NEUTRAL";
    for (const std::string& key : {e.source, std::string("all")}) {
      lexicon[key].Add(a.compound >= 0, lexicon_label, e.label);
      const text::SentimentScores s = analyzer.Analyze(e.text);
      model[key].Add(s.positive >= s.negative, s.sentiment, e.label);
    }
  }
  for (const auto& [key, tally] : lexicon) tally.Print("lexicon+rules " + key);
  for (const auto& [key, tally] : model) tally.Print(name + " " + key);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: sentiment_quality FIXTURES_DIR [--train OUT.tsv]\n";
    return 2;
  }
  const std::vector<Example> data = Load(argv[1]);
  if (argc >= 4 && std::string(argv[2]) == "--train") {
    const std::string model = Train(data);
    std::ofstream(argv[3]) << model;
    auto trained = text::SentimentAnalyzer::FromModelTsv(text::ValenceLexicon::Default(), model);
    if (!trained.ok()) {
      std::cerr << trained.status().message() << "\n";
      return 1;
    }
    Evaluate(data, trained.value(), "trained");
    return 0;
  }
  Evaluate(data, text::SentimentAnalyzer::Default(), "DetectSentiment");
  return 0;
}
