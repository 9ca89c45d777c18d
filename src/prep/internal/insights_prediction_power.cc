// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "prep/internal/insights_prediction_power.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "prep/internal/stats_distribution.h"

namespace lathe::prep::internal {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr size_t kRowsPerBin = 20;
constexpr int kMaxBins = 100;

// Group code of every row: bins / levels, with missing values in the last group.
struct Groups {
  std::vector<int32_t> code;
  int32_t count = 0;
};

Groups GroupRows(const Feature& f, const HoldOut& split) {
  Groups g;
  if (f.kind == FeatureKind::kCategorical) {
    const int32_t missing = static_cast<int32_t>(f.levels.size());
    g.code.resize(f.codes.size());
    for (size_t row = 0; row < f.codes.size(); ++row) {
      g.code[row] = f.codes[row] < 0 ? missing : f.codes[row];
    }
    g.count = missing + 1;
    return g;
  }
  std::vector<double> train;
  for (uint32_t row : split.train) {
    if (!std::isnan(f.values[row])) train.push_back(f.values[row]);
  }
  const int bins = static_cast<int>(std::clamp<size_t>(train.size() / kRowsPerBin, 2, kMaxBins));
  const std::vector<double> edges = QuantileEdges(train, bins);
  const int32_t missing = static_cast<int32_t>(edges.size()) + 1;
  g.code.resize(f.values.size());
  for (size_t row = 0; row < f.values.size(); ++row) {
    g.code[row] = std::isnan(f.values[row]) ? missing : BinIndex(edges, f.values[row]);
  }
  g.count = missing + 1;
  return g;
}

int32_t ArgMax(const std::vector<size_t>& counts, size_t offset, size_t n) {
  size_t best = 0;
  for (size_t idx = 1; idx < n; ++idx) {
    if (counts[offset + idx] > counts[offset + best]) best = idx;
  }
  return static_cast<int32_t>(best);
}

PowerScore ClassPower(const Groups& g, const Target& t, const HoldOut& split) {
  const size_t k = t.labels.size();
  std::vector<size_t> counts(static_cast<size_t>(g.count) * k, 0), overall(k, 0);
  std::vector<size_t> group_rows(static_cast<size_t>(g.count), 0);
  for (uint32_t row : split.train) {
    const size_t cls = static_cast<size_t>(t.classes[row]);
    ++counts[static_cast<size_t>(g.code[row]) * k + cls];
    ++overall[cls];
    ++group_rows[static_cast<size_t>(g.code[row])];
  }
  const int32_t fallback = ArgMax(overall, 0, k);
  std::vector<int32_t> actual, predicted;
  for (uint32_t row : split.test) {
    const size_t group = static_cast<size_t>(g.code[row]);
    actual.push_back(t.classes[row]);
    predicted.push_back(group_rows[group] == 0 ? fallback : ArgMax(counts, group * k, k));
  }
  size_t correct = 0;
  for (size_t idx = 0; idx < actual.size(); ++idx) correct += actual[idx] == predicted[idx];
  PowerScore s;
  s.metric = "balanced_accuracy";
  s.value = BalancedAccuracy(actual, predicted);
  s.accuracy = actual.empty() ? kNaN : static_cast<double>(correct) / static_cast<double>(actual.size());
  return s;
}

double GroupMeanR2(const Groups& g, const Target& t, const HoldOut& split) {
  std::vector<double> sums(static_cast<size_t>(g.count), 0.0);
  std::vector<size_t> counts(static_cast<size_t>(g.count), 0);
  double total = 0;
  for (uint32_t row : split.train) {
    sums[static_cast<size_t>(g.code[row])] += t.values[row];
    ++counts[static_cast<size_t>(g.code[row])];
    total += t.values[row];
  }
  const double mean = split.train.empty() ? 0 : total / static_cast<double>(split.train.size());
  std::vector<double> actual, predicted;
  for (uint32_t row : split.test) {
    const size_t group = static_cast<size_t>(g.code[row]);
    actual.push_back(t.values[row]);
    predicted.push_back(counts[group] ? sums[group] / static_cast<double>(counts[group]) : mean);
  }
  return RSquared(actual, predicted);
}

double LinearR2(const Feature& f, const Target& t, const HoldOut& split) {
  double sx = 0, sy = 0, all_y = 0;
  size_t n = 0;
  for (uint32_t row : split.train) {
    all_y += t.values[row];
    if (std::isnan(f.values[row])) continue;
    sx += f.values[row];
    sy += t.values[row];
    ++n;
  }
  if (n < 2) return kNaN;
  const double mx = sx / static_cast<double>(n), my = sy / static_cast<double>(n);
  double sxx = 0, sxy = 0;
  for (uint32_t row : split.train) {
    if (std::isnan(f.values[row])) continue;
    sxx += (f.values[row] - mx) * (f.values[row] - mx);
    sxy += (f.values[row] - mx) * (t.values[row] - my);
  }
  const double slope = sxx > 0 ? sxy / sxx : 0;
  const double fallback = all_y / static_cast<double>(split.train.size());
  std::vector<double> actual, predicted;
  for (uint32_t row : split.test) {
    actual.push_back(t.values[row]);
    predicted.push_back(std::isnan(f.values[row]) ? fallback : my + slope * (f.values[row] - mx));
  }
  return RSquared(actual, predicted);
}

double MaxIgnoringNaN(double a, double b) {
  if (std::isnan(a)) return b;
  if (std::isnan(b)) return a;
  return std::max(a, b);
}

}  // namespace

double BalancedAccuracy(const std::vector<int32_t>& actual, const std::vector<int32_t>& predicted) {
  if (actual.empty()) return kNaN;
  const int32_t k = *std::max_element(actual.begin(), actual.end()) + 1;
  std::vector<size_t> total(static_cast<size_t>(k), 0), hit(static_cast<size_t>(k), 0);
  for (size_t idx = 0; idx < actual.size(); ++idx) {
    ++total[static_cast<size_t>(actual[idx])];
    hit[static_cast<size_t>(actual[idx])] += actual[idx] == predicted[idx];
  }
  double sum = 0;
  size_t classes = 0;
  for (size_t cls = 0; cls < total.size(); ++cls) {
    if (total[cls] == 0) continue;
    sum += static_cast<double>(hit[cls]) / static_cast<double>(total[cls]);
    ++classes;
  }
  return sum / static_cast<double>(classes);
}

double RSquared(const std::vector<double>& actual, const std::vector<double>& predicted) {
  if (actual.size() < 2) return kNaN;
  double mean = 0;
  for (double v : actual) mean += v;
  mean /= static_cast<double>(actual.size());
  double sse = 0, sst = 0;
  for (size_t idx = 0; idx < actual.size(); ++idx) {
    sse += (actual[idx] - predicted[idx]) * (actual[idx] - predicted[idx]);
    sst += (actual[idx] - mean) * (actual[idx] - mean);
  }
  if (sst <= 0) return kNaN;
  return 1 - sse / sst;
}

PowerScore OneFeaturePower(const Feature& feature, const Target& target, const HoldOut& split) {
  const Groups groups = GroupRows(feature, split);
  if (target.classification) return ClassPower(groups, target, split);
  PowerScore s;
  s.metric = "r2";
  s.accuracy = kNaN;
  s.value = GroupMeanR2(groups, target, split);
  if (feature.kind == FeatureKind::kNumeric) {
    s.value = MaxIgnoringNaN(s.value, LinearR2(feature, target, split));
  }
  return s;
}

}  // namespace lathe::prep::internal
