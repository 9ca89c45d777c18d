// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "prep/internal/insights_correlations.h"

#include <algorithm>
#include <cmath>

#include "prep/internal/stats_correlation.h"

namespace lathe::prep::internal {
namespace {

struct Candidate {
  const Feature* feature = nullptr;
  double variance = 0;
  bool complete = true;            // no missing value
  std::vector<double> normalized;  // complete columns: (x - mean) / (sqrt(n) * sd)
};

Candidate Measure(const Feature& f) {
  Candidate c;
  c.feature = &f;
  double sum = 0;
  size_t n = 0;
  for (double v : f.values) {
    if (std::isnan(v)) {
      c.complete = false;
    } else {
      sum += v;
      ++n;
    }
  }
  if (n < 2) return c;
  const double mean = sum / static_cast<double>(n);
  double ss = 0;
  for (double v : f.values) {
    if (!std::isnan(v)) ss += (v - mean) * (v - mean);
  }
  c.variance = ss / static_cast<double>(n - 1);
  if (c.complete && ss > 0) {
    const double scale = 1 / std::sqrt(ss);
    c.normalized.resize(f.values.size());
    for (size_t row = 0; row < f.values.size(); ++row) {
      c.normalized[row] = (f.values[row] - mean) * scale;
    }
  }
  return c;
}

double PairCorrelation(const Candidate& a, const Candidate& b) {
  if (a.complete && b.complete) {
    double dot = 0;
    for (size_t row = 0; row < a.normalized.size(); ++row) dot += a.normalized[row] * b.normalized[row];
    return std::clamp(dot, -1.0, 1.0);
  }
  return Pearson(a.feature->values, b.feature->values);
}

}  // namespace

nlohmann::json BuildCorrelations(const std::vector<Feature>& features, std::vector<Issue>* issues) {
  std::vector<Candidate> candidates;
  size_t numeric = 0;
  for (const Feature& f : features) {
    if (f.kind != FeatureKind::kNumeric) continue;
    ++numeric;
    Candidate c = Measure(f);
    if (c.variance > 0 && std::isfinite(c.variance)) candidates.push_back(std::move(c));
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.variance > b.variance; });
  const size_t omitted = candidates.size() > kMaxCorrelationColumns
                             ? candidates.size() - kMaxCorrelationColumns : 0;
  candidates.resize(std::min(candidates.size(), kMaxCorrelationColumns));
  const size_t k = candidates.size();
  std::vector<std::vector<double>> matrix(k, std::vector<double>(k, 1.0));
  nlohmann::json names = nlohmann::json::array(), pairs = nlohmann::json::array();
  for (size_t i = 0; i < k; ++i) {
    names.push_back(candidates[i].feature->name);
    for (size_t j = i + 1; j < k; ++j) matrix[i][j] = matrix[j][i] = PairCorrelation(candidates[i], candidates[j]);
  }
  nlohmann::json rows = nlohmann::json::array();
  for (size_t i = 0; i < k; ++i) {
    nlohmann::json row = nlohmann::json::array();
    for (size_t j = 0; j < k; ++j) row.push_back(JsonNumber(matrix[i][j]));
    rows.push_back(std::move(row));
    for (size_t j = i + 1; j < k; ++j) {
      if (!(std::fabs(matrix[i][j]) > kRedundantCorrelation)) continue;
      const std::string& a = candidates[i].feature->name;
      const std::string& b = candidates[j].feature->name;
      pairs.push_back({{"a", a}, {"b", b}, {"pearson", matrix[i][j]}});
      issues->push_back({a, "redundant", Severity::kMedium,
                         "'" + a + "' and '" + b + "' are almost collinear (Pearson " +
                             FormatNumber(matrix[i][j]) + "); one of them may be redundant"});
    }
  }
  return {{"method", "pearson"},
          {"columns", std::move(names)},
          {"matrix", std::move(rows)},
          {"redundant_pairs", std::move(pairs)},
          {"numeric_columns", numeric},
          {"omitted_columns", omitted}};
}

}  // namespace lathe::prep::internal
