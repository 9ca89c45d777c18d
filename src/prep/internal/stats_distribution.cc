// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "prep/internal/stats_distribution.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace lathe::prep::internal {

double SortedQuantile(std::span<const double> sorted, double q) {
  const double pos = q * static_cast<double>(sorted.size() - 1);
  const size_t lo = static_cast<size_t>(std::floor(pos));
  const size_t hi = std::min(lo + 1, sorted.size() - 1);
  const double frac = pos - static_cast<double>(lo);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * frac;
}

double Median(std::span<const double> values) {
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::vector<double> copy(values.begin(), values.end());
  const size_t mid = copy.size() / 2;
  std::nth_element(copy.begin(), copy.begin() + static_cast<std::ptrdiff_t>(mid), copy.end());
  const double upper = copy[mid];
  if (copy.size() % 2 == 1) return upper;
  const double lower =
      *std::max_element(copy.begin(), copy.begin() + static_cast<std::ptrdiff_t>(mid));
  return (lower + upper) / 2;
}

double Skewness(std::span<const double> values) {
  const size_t n = values.size();
  if (n < 3) return std::numeric_limits<double>::quiet_NaN();
  double mean = 0;
  for (double v : values) mean += v;
  mean /= static_cast<double>(n);
  double m2 = 0, m3 = 0;
  for (double v : values) {
    const double d = v - mean;
    m2 += d * d;
    m3 += d * d * d;
  }
  m2 /= static_cast<double>(n);
  m3 /= static_cast<double>(n);
  // Relative test: a variance at rounding level of the mean is zero variance.
  if (m2 <= 1e-24 * std::max(1.0, mean * mean)) return std::numeric_limits<double>::quiet_NaN();
  const double g1 = m3 / std::pow(m2, 1.5);
  const double nd = static_cast<double>(n);
  return g1 * std::sqrt(nd * (nd - 1)) / (nd - 2);
}

namespace {

// Puts the order statistics at `positions` (ascending, distinct, inside [begin, end)) in place,
// as a full sort would, in O(n log k) for k positions.
void MultiSelect(std::vector<double>* v, size_t begin, size_t end, const size_t* first,
                 const size_t* last) {
  if (first == last || end - begin <= 1) return;
  const size_t* mid = first + (last - first) / 2;
  const auto base = v->begin();
  std::nth_element(base + static_cast<std::ptrdiff_t>(begin),
                   base + static_cast<std::ptrdiff_t>(*mid), base + static_cast<std::ptrdiff_t>(end));
  MultiSelect(v, begin, *mid, first, mid);
  MultiSelect(v, *mid + 1, end, mid + 1, last);
}

// Quantiles of `work` (non-empty; reordered) at ascending `levels`, interpolated as
// SortedQuantile does.
std::vector<double> SelectQuantiles(std::vector<double>* work, const std::vector<double>& levels) {
  const size_t n = work->size();
  std::vector<size_t> positions;
  for (double q : levels) {
    const size_t lo = static_cast<size_t>(std::floor(q * static_cast<double>(n - 1)));
    positions.push_back(lo);
    if (lo + 1 < n) positions.push_back(lo + 1);
  }
  std::sort(positions.begin(), positions.end());
  positions.erase(std::unique(positions.begin(), positions.end()), positions.end());
  MultiSelect(work, 0, n, positions.data(), positions.data() + positions.size());
  std::vector<double> out;
  for (double q : levels) out.push_back(SortedQuantile(*work, q));
  return out;
}

}  // namespace

std::vector<double> QuantileEdges(std::span<const double> values, int bins) {
  std::vector<double> edges;
  if (bins < 2 || values.empty()) return edges;
  std::vector<double> work(values.begin(), values.end());
  const double max = *std::max_element(work.begin(), work.end());
  std::vector<double> levels;
  for (int k = 1; k < bins; ++k) levels.push_back(static_cast<double>(k) / bins);
  for (double q : SelectQuantiles(&work, levels)) {
    if (q >= max) break;
    if (edges.empty() || q > edges.back()) edges.push_back(q);
  }
  return edges;
}

int32_t BinIndex(const std::vector<double>& edges, double value) {
  return static_cast<int32_t>(std::lower_bound(edges.begin(), edges.end(), value) - edges.begin());
}

OutlierCounts CountOutliers(std::span<const double> values) {
  OutlierCounts out;
  std::vector<double> work(values.begin(), values.end());
  const std::vector<double> q = SelectQuantiles(&work, {0.25, 0.5, 0.75});
  out.q1 = q[0];
  out.median = q[1];
  out.q3 = q[2];
  const double iqr = out.q3 - out.q1;
  out.iqr_low = out.q1 - 1.5 * iqr;
  out.iqr_high = out.q3 + 1.5 * iqr;
  for (double& v : work) {
    out.iqr += (v < out.iqr_low || v > out.iqr_high);
    v = std::fabs(v - out.median);  // work now holds the absolute deviations
  }
  out.mad = SelectQuantiles(&work, {0.5})[0];
  if (out.mad > 0) {
    const double limit = 3.5 * 1.4826 * out.mad;
    for (double d : work) out.robust_z += (d > limit);
  }
  return out;
}

}  // namespace lathe::prep::internal
