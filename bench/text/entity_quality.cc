// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Entity recognition quality of DetectEntities on the hand-annotated gold set
// bench/text/entities/gold.jsonl (405 State of the Union sentences, Comprehend's types; see the
// README there: annotated by Lathe's developers, not an external gold standard). Prints, as one
// JSON object: micro precision / recall / F1 for exact span and type, per type, for exact span
// whatever the type, and for partial overlap with the same type (a prediction and a gold entity
// of the same type that share a character pair up, one to one, in text order).
// With --errors, also lists every missed and every spurious entity on stderr.
//
//   build/bench/text/entity_quality [bench/text/entities/gold.jsonl] [--errors]
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "services/text/entities.h"

namespace text = lathe::services::text;

namespace {

struct Span {
  std::string type;
  size_t begin = 0, end = 0;  // characters
  std::string text;
};

struct Counts {
  int gold = 0, predicted = 0, matched = 0;
  nlohmann::json Json() const {
    const double p = predicted ? static_cast<double>(matched) / predicted : 0.0;
    const double r = gold ? static_cast<double>(matched) / gold : 0.0;
    const double f = p + r > 0 ? 2 * p * r / (p + r) : 0.0;
    auto round3 = [](double x) { return static_cast<double>(static_cast<int>(x * 1000 + 0.5)) / 1000; };
    return {{"gold", gold}, {"predicted", predicted}, {"matched", matched},
            {"precision", round3(p)}, {"recall", round3(r)}, {"f1", round3(f)}};
  }
};

// Pairs predictions with gold spans one to one; `same` decides whether a pair may match.
template <typename Match>
std::vector<bool> PairUp(const std::vector<Span>& gold, const std::vector<Span>& predicted,
                         std::vector<bool>* gold_used, Match same) {
  std::vector<bool> predicted_used(predicted.size(), false);
  for (size_t i = 0; i < predicted.size(); ++i) {
    for (size_t j = 0; j < gold.size(); ++j) {
      if (!(*gold_used)[j] && same(predicted[i], gold[j])) {
        (*gold_used)[j] = predicted_used[i] = true;
        break;
      }
    }
  }
  return predicted_used;
}

}  // namespace

int main(int argc, char** argv) {
  std::string path = std::string(LATHE_SOURCE_DIR) + "/bench/text/entities/gold.jsonl";
  bool errors = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--errors") == 0) {
      errors = true;
    } else {
      path = argv[i];
    }
  }
  std::ifstream in(path);
  if (!in) {
    std::cerr << path << ": cannot open\n";
    return 2;
  }
  Counts exact, untyped, partial;
  std::map<std::string, Counts> by_type;
  std::map<std::string, std::map<std::string, int>> confusion;  // gold type -> predicted type
  int sentences = 0;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty()) continue;
    nlohmann::json record;
    std::vector<Span> gold, predicted;
    try {
      record = nlohmann::json::parse(line);
      for (const auto& e : record.at("entities")) {
        gold.push_back({e.at("type").get<std::string>(), e.at("begin").get<size_t>(),
                        e.at("end").get<size_t>(), e.at("text").get<std::string>()});
      }
    } catch (const nlohmann::json::exception& e) {
      std::cerr << path << ":" << number << ": " << e.what() << "\n";
      return 2;
    }
    const std::string sentence = record.at("text").get<std::string>();
    auto detected = text::DetectEntities(sentence, "en");
    if (!detected.ok()) {
      std::cerr << path << ":" << number << ": " << detected.status().message() << "\n";
      return 1;
    }
    for (const text::Entity& e : *detected) {
      predicted.push_back({e.type, e.begin_offset, e.end_offset, e.text});
    }
    ++sentences;
    exact.gold += static_cast<int>(gold.size());
    exact.predicted += static_cast<int>(predicted.size());
    for (const Span& g : gold) ++by_type[g.type].gold;
    for (const Span& p : predicted) ++by_type[p.type].predicted;

    std::vector<bool> gold_exact(gold.size(), false);
    const std::vector<bool> predicted_exact =
        PairUp(gold, predicted, &gold_exact, [](const Span& p, const Span& g) {
          return p.type == g.type && p.begin == g.begin && p.end == g.end;
        });
    for (size_t i = 0; i < predicted.size(); ++i) {
      if (predicted_exact[i]) ++exact.matched, ++by_type[predicted[i].type].matched;
    }
    std::vector<bool> gold_untyped(gold.size(), false);
    const std::vector<bool> predicted_untyped =
        PairUp(gold, predicted, &gold_untyped, [](const Span& p, const Span& g) {
          return p.begin == g.begin && p.end == g.end;
        });
    for (size_t i = 0; i < predicted.size(); ++i) untyped.matched += predicted_untyped[i];
    std::vector<bool> gold_partial(gold.size(), false);
    const std::vector<bool> predicted_partial =
        PairUp(gold, predicted, &gold_partial, [](const Span& p, const Span& g) {
          return p.type == g.type && p.begin < g.end && g.begin < p.end;
        });
    for (size_t i = 0; i < predicted.size(); ++i) partial.matched += predicted_partial[i];
    // Confusion on exact spans: which type Lathe gave each gold span it found the bounds of.
    for (size_t j = 0; j < gold.size(); ++j) {
      std::string got = "(none)";
      for (const Span& p : predicted) {
        if (p.begin == gold[j].begin && p.end == gold[j].end) got = p.type;
      }
      ++confusion[gold[j].type][got];
    }
    if (errors) {
      for (size_t j = 0; j < gold.size(); ++j) {
        if (!gold_exact[j]) {
          std::cerr << "MISSED   " << gold[j].type << " \"" << gold[j].text << "\"  | " << sentence << "\n";
        }
      }
      for (size_t i = 0; i < predicted.size(); ++i) {
        if (!predicted_exact[i]) {
          std::cerr << "SPURIOUS " << predicted[i].type << " \"" << predicted[i].text << "\"  | "
                    << sentence << "\n";
        }
      }
    }
  }
  untyped.gold = partial.gold = exact.gold;
  untyped.predicted = partial.predicted = exact.predicted;
  nlohmann::json out = {{"gold_file", path},
                        {"sentences", sentences},
                        {"exact", exact.Json()},
                        {"exact_span_any_type", untyped.Json()},
                        {"partial_overlap_same_type", partial.Json()}};
  for (const auto& [type, counts] : by_type) out["by_type"][type] = counts.Json();
  out["gold_type_to_predicted_type_on_exact_span"] = confusion;
  std::cout << out.dump(1) << "\n";
  return 0;
}
