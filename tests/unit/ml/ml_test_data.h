// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Generated data sets for the ml tests (seeded, so every run sees the same rows).
#pragma once

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "data/table.h"
#include "ml/matrix.h"
#include "ml/problem.h"

namespace lathe::ml::testing {

inline data::Column Doubles(std::string name, const std::vector<double>& v) {
  data::Column c = data::Column::Make(std::move(name), data::DataType::kFloat64);
  for (double x : v) {
    if (std::isnan(x)) {
      c.AppendNull();
    } else {
      c.AppendDouble(x);
    }
  }
  return c;
}

inline data::Column Ints(std::string name, const std::vector<int64_t>& v) {
  data::Column c = data::Column::Make(std::move(name), data::DataType::kInt64);
  for (int64_t x : v) c.AppendInt(x);
  return c;
}

inline data::Column Strings(std::string name, data::DataType type,
                            const std::vector<std::string>& v) {
  data::Column c = data::Column::Make(std::move(name), type);
  for (const std::string& s : v) {
    if (s == "<null>") {
      c.AppendNull();
    } else {
      c.AppendString(s);
    }
  }
  return c;
}

// A classification problem over classes "0".."k-1" (binary for k = 2).
inline ProblemInfo Classes(size_t k) {
  ProblemInfo p;
  p.target = "y";
  p.type = k == 2 ? ProblemType::kBinary : ProblemType::kMulticlass;
  for (size_t c = 0; c < k; ++c) p.classes.push_back(std::to_string(c));
  return p;
}

// Dense labelled data: y depends on x0, x1 (and x2 for multiclass); x3.. are noise.
inline LabeledData MakeDense(size_t rows, int kind /*0 binary, 1 multiclass(3), 2 regression*/,
                             uint64_t seed, size_t cols = 6) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> n01(0, 1);
  LabeledData d;
  d.x.rows = rows;
  d.x.dense_cols = cols;
  d.x.dense.resize(rows * cols);
  for (size_t r = 0; r < rows; ++r) {
    float* x = d.x.dense.data() + r * cols;
    for (size_t c = 0; c < cols; ++c) x[c] = n01(rng);
    const float z = 1.5f * x[0] - x[1] + 0.5f * x[0] * x[1] + 0.3f * n01(rng);
    if (kind == 0) {
      d.y.push_back(z > 0 ? 1.f : 0.f);
    } else if (kind == 1) {
      d.y.push_back(z > 0.7f ? 2.f : (z < -0.7f ? 0.f : 1.f));
    } else {
      d.y.push_back(3 * x[0] - 2 * x[1] + x[2] * x[2] + 0.1f * n01(rng));
    }
  }
  return d;
}

// A two-class text table: "label" in {sport, tech} and "review" text with class words.
inline data::Table MakeTextTable(size_t rows, uint64_t seed) {
  static const std::vector<std::string> kSport = {"match", "goal", "team", "score", "league",
                                                  "coach", "player", "season"};
  static const std::vector<std::string> kTech = {"software", "chip", "laptop", "code", "cloud",
                                                 "server", "kernel", "compiler"};
  static const std::vector<std::string> kCommon = {"the", "a", "new", "great", "today", "very",
                                                   "about", "with", "this", "really"};
  std::mt19937_64 rng(seed);
  std::vector<std::string> labels, texts;
  for (size_t r = 0; r < rows; ++r) {
    const bool sport = rng() % 2 == 0;
    const auto& topic = sport ? kSport : kTech;
    std::string text;
    for (int w = 0; w < 8; ++w) {
      const bool topical = rng() % 3 == 0;
      const std::string& word = topical ? topic[rng() % topic.size()] : kCommon[rng() % kCommon.size()];
      text += (text.empty() ? "" : " ") + word;
    }
    labels.push_back(sport ? "sport" : "tech");
    texts.push_back(text);
  }
  data::Table t;
  (void)t.AddColumn(Strings("review", data::DataType::kText, texts));
  (void)t.AddColumn(Strings("label", data::DataType::kCategorical, labels));
  return t;
}

inline double Accuracy(const std::vector<float>& proba, const std::vector<float>& y, size_t k) {
  size_t hit = 0;
  for (size_t r = 0; r < y.size(); ++r) {
    size_t best = 0;
    for (size_t c = 1; c < k; ++c) {
      if (proba[r * k + c] > proba[r * k + best]) best = c;
    }
    hit += best == static_cast<size_t>(y[r]);
  }
  return static_cast<double>(hit) / y.size();
}

inline double MajorityRate(const std::vector<float>& y, size_t k) {
  std::vector<size_t> count(k, 0);
  for (float v : y) ++count[static_cast<size_t>(v)];
  size_t best = 0;
  for (size_t c : count) best = std::max(best, c);
  return static_cast<double>(best) / y.size();
}

inline double Rmse(const std::vector<float>& pred, const std::vector<float>& y) {
  double s = 0;
  for (size_t i = 0; i < y.size(); ++i) s += (pred[i] - y[i]) * (pred[i] - y[i]);
  return std::sqrt(s / y.size());
}

inline double StdDev(const std::vector<float>& y) {
  double mean = 0;
  for (float v : y) mean += v;
  mean /= y.size();
  double s = 0;
  for (float v : y) s += (v - mean) * (v - mean);
  return std::sqrt(s / y.size());
}

}  // namespace lathe::ml::testing
