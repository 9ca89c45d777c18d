// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "prep/internal/stats_association.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace lathe::prep::internal {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<double> RowSums(const Contingency& t) {
  std::vector<double> sums(t.rows, 0.0);
  for (size_t a = 0; a < t.rows; ++a) {
    for (size_t b = 0; b < t.cols; ++b) sums[a] += t.at(a, b);
  }
  return sums;
}

std::vector<double> ColSums(const Contingency& t) {
  std::vector<double> sums(t.cols, 0.0);
  for (size_t a = 0; a < t.rows; ++a) {
    for (size_t b = 0; b < t.cols; ++b) sums[b] += t.at(a, b);
  }
  return sums;
}

double Entropy(const std::vector<double>& margin, double total) {
  if (total <= 0) return 0;
  double h = 0;
  for (double c : margin) {
    if (c > 0) h -= (c / total) * std::log(c / total);
  }
  return h;
}

size_t NonZero(const std::vector<double>& v) {
  return static_cast<size_t>(std::count_if(v.begin(), v.end(), [](double c) { return c > 0; }));
}

}  // namespace

Contingency Contingency::Build(std::span<const int32_t> a, int32_t a_levels,
                               std::span<const int32_t> b, int32_t b_levels) {
  Contingency t;
  t.rows = static_cast<size_t>(std::max(a_levels, 0));
  t.cols = static_cast<size_t>(std::max(b_levels, 0));
  t.counts.assign(t.rows * t.cols, 0.0);
  for (size_t idx = 0; idx < a.size(); ++idx) {
    if (a[idx] < 0 || b[idx] < 0 || a[idx] >= a_levels || b[idx] >= b_levels) continue;
    t.counts[static_cast<size_t>(a[idx]) * t.cols + static_cast<size_t>(b[idx])] += 1;
    t.total += 1;
  }
  return t;
}

double RowEntropy(const Contingency& t) { return Entropy(RowSums(t), t.total); }
double ColEntropy(const Contingency& t) { return Entropy(ColSums(t), t.total); }

double MutualInformation(const Contingency& t) {
  if (t.total <= 0) return 0;
  const std::vector<double> rs = RowSums(t), cs = ColSums(t);
  double mi = 0;
  for (size_t a = 0; a < t.rows; ++a) {
    for (size_t b = 0; b < t.cols; ++b) {
      const double c = t.at(a, b);
      if (c > 0) mi += (c / t.total) * std::log(c * t.total / (rs[a] * cs[b]));
    }
  }
  return std::max(mi, 0.0);
}

double NormalizedMutualInformation(const Contingency& t) {
  if (t.total <= 0) return kNaN;
  const double denominator = RowEntropy(t) + ColEntropy(t);
  if (denominator <= 0) return 0;
  return std::clamp(2 * MutualInformation(t) / denominator, 0.0, 1.0);
}

double CramersV(const Contingency& t) {
  const std::vector<double> rs = RowSums(t), cs = ColSums(t);
  const size_t r = NonZero(rs), c = NonZero(cs);
  if (r < 2 || c < 2 || t.total <= 0) return kNaN;
  double chi2 = 0;
  for (size_t a = 0; a < t.rows; ++a) {
    if (rs[a] <= 0) continue;
    for (size_t b = 0; b < t.cols; ++b) {
      if (cs[b] <= 0) continue;
      const double expected = rs[a] * cs[b] / t.total;
      const double d = t.at(a, b) - expected;
      chi2 += d * d / expected;
    }
  }
  const double k = static_cast<double>(std::min(r, c) - 1);
  return std::sqrt(std::clamp(chi2 / (t.total * k), 0.0, 1.0));
}

}  // namespace lathe::prep::internal
