// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "prep/internal/insights_disguised_missing.h"

#include <algorithm>
#include <vector>

#include "prep/internal/stats_distribution.h"

namespace lathe::prep::internal {
namespace {

constexpr size_t kLowDistinct = 11;   // smallest distinct positives used for the spacing
constexpr size_t kMinDistinct = 5;    // fewer distinct positives: too little to judge
constexpr double kGapVsSpacing = 3.0;
constexpr double kGapVsMedian = 0.1;

// Inserts v into the ascending list `low` of at most kLowDistinct distinct values.
void KeepSmallestDistinct(double v, std::vector<double>* low) {
  if (low->size() == kLowDistinct && v >= low->back()) return;
  auto it = std::lower_bound(low->begin(), low->end(), v);
  if (it != low->end() && *it == v) return;
  low->insert(it, v);
  if (low->size() > kLowDistinct) low->pop_back();
}

}  // namespace

std::optional<DisguisedZeros> FindDisguisedZeros(std::span<const double> values,
                                                 double max_zero_fraction) {
  size_t zeros = 0;
  std::vector<double> positives, low;
  for (double v : values) {
    if (v < 0) return std::nullopt;
    if (v == 0) {
      ++zeros;
    } else {
      positives.push_back(v);
      KeepSmallestDistinct(v, &low);
    }
  }
  if (zeros == 0 || low.size() < kMinDistinct) return std::nullopt;
  const double fraction = static_cast<double>(zeros) / static_cast<double>(values.size());
  if (fraction >= max_zero_fraction) return std::nullopt;
  const double gap = low.front();
  const double spacing = (low.back() - low.front()) / static_cast<double>(low.size() - 1);
  const double median = Median(positives);
  if (gap < kGapVsSpacing * spacing || gap < kGapVsMedian * median) return std::nullopt;
  return DisguisedZeros{zeros, fraction, gap, median};
}

}  // namespace lathe::prep::internal
