// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "prep/internal/stats_correlation.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace lathe::prep::internal {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

double Pearson(std::span<const double> x, std::span<const double> y) {
  // Two passes (means, then centred sums) keep the result exact for large offsets.
  double sx = 0, sy = 0;
  size_t n = 0;
  for (size_t row = 0; row < x.size(); ++row) {
    if (std::isnan(x[row]) || std::isnan(y[row])) continue;
    sx += x[row];
    sy += y[row];
    ++n;
  }
  if (n < 2) return kNaN;
  const double mx = sx / static_cast<double>(n), my = sy / static_cast<double>(n);
  double sxx = 0, syy = 0, sxy = 0;
  for (size_t row = 0; row < x.size(); ++row) {
    if (std::isnan(x[row]) || std::isnan(y[row])) continue;
    const double dx = x[row] - mx, dy = y[row] - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  if (sxx <= 0 || syy <= 0) return kNaN;
  return std::clamp(sxy / std::sqrt(sxx * syy), -1.0, 1.0);
}

std::vector<double> AverageRanks(std::span<const double> values) {
  std::vector<double> ranks(values.size(), kNaN);
  std::vector<uint32_t> order;
  order.reserve(values.size());
  for (size_t row = 0; row < values.size(); ++row) {
    if (!std::isnan(values[row])) order.push_back(static_cast<uint32_t>(row));
  }
  std::sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return values[a] < values[b]; });
  for (size_t begin = 0; begin < order.size();) {
    size_t end = begin + 1;
    while (end < order.size() && values[order[end]] == values[order[begin]]) ++end;
    const double rank = (static_cast<double>(begin + 1) + static_cast<double>(end)) / 2;
    for (size_t idx = begin; idx < end; ++idx) ranks[order[idx]] = rank;
    begin = end;
  }
  return ranks;
}

double Spearman(std::span<const double> x, std::span<const double> y) {
  std::vector<double> cx(x.begin(), x.end()), cy(y.begin(), y.end());
  for (size_t row = 0; row < cx.size(); ++row) {
    if (std::isnan(cx[row]) || std::isnan(cy[row])) cx[row] = cy[row] = kNaN;
  }
  const std::vector<double> rx = AverageRanks(cx), ry = AverageRanks(cy);
  return Pearson(rx, ry);
}

double CorrelationRatio(std::span<const int32_t> codes, int32_t levels,
                        std::span<const double> values) {
  if (levels <= 0) return kNaN;
  std::vector<double> sums(static_cast<size_t>(levels), 0.0);
  std::vector<size_t> counts(static_cast<size_t>(levels), 0);
  double total = 0;
  size_t n = 0;
  for (size_t row = 0; row < codes.size(); ++row) {
    if (codes[row] < 0 || std::isnan(values[row])) continue;
    sums[static_cast<size_t>(codes[row])] += values[row];
    ++counts[static_cast<size_t>(codes[row])];
    total += values[row];
    ++n;
  }
  if (n < 2) return kNaN;
  const double mean = total / static_cast<double>(n);
  double ss_total = 0;
  for (size_t row = 0; row < codes.size(); ++row) {
    if (codes[row] < 0 || std::isnan(values[row])) continue;
    ss_total += (values[row] - mean) * (values[row] - mean);
  }
  if (ss_total <= 0) return kNaN;
  double ss_between = 0;
  for (size_t level = 0; level < sums.size(); ++level) {
    if (counts[level] == 0) continue;
    const double d = sums[level] / static_cast<double>(counts[level]) - mean;
    ss_between += static_cast<double>(counts[level]) * d * d;
  }
  return std::sqrt(std::clamp(ss_between / ss_total, 0.0, 1.0));
}

}  // namespace lathe::prep::internal
