// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Distribution statistics of one numeric sample used by the insights report: moments
// (skewness), the median, quantile bin edges and outlier counts by the IQR rule and the robust
// z-score. Inputs are finite values only (callers drop nulls, NaN and infinities first). Pure
// functions, safe to call from any thread.
//
//   std::vector<double> edges = QuantileEdges(values, 10);
//   int32_t bin = BinIndex(edges, 3.5);  // 0 .. edges.size()
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace lathe::prep::internal {

// Linear-interpolation quantile (numpy's default) of `sorted` (ascending, non-empty), q in [0,1].
double SortedQuantile(std::span<const double> sorted, double q);

// Median of `values` (copied; empty -> NaN).
double Median(std::span<const double> values);

// Adjusted Fisher-Pearson sample skewness G1 = g1 * sqrt(n(n-1)) / (n-2), as pandas'
// Series.skew(); NaN with fewer than 3 values or zero variance.
double Skewness(std::span<const double> values);

// Interior cut points splitting `values` into at most `bins` groups of about equal size: the
// distinct (k/bins)-quantiles, k = 1..bins-1, below the maximum, so equal values always share a
// bin. Empty when there are fewer than two distinct values or bins < 2.
std::vector<double> QuantileEdges(std::span<const double> values, int bins);

// Bin of `value` for `edges` from QuantileEdges: bin b holds (edges[b-1], edges[b]], bin 0 every
// value <= edges[0], bin edges.size() every value above the last edge.
int32_t BinIndex(const std::vector<double>& edges, double value);

struct OutlierCounts {
  double q1 = 0, q3 = 0;            // quartiles
  double iqr_low = 0, iqr_high = 0;  // Tukey fences q1 - 1.5 IQR, q3 + 1.5 IQR
  size_t iqr = 0;                   // values outside the fences
  double median = 0;
  double mad = 0;                   // median absolute deviation (unscaled)
  size_t robust_z = 0;  // values with |x - median| / (1.4826 MAD) > 3.5; 0 when MAD is 0
};

// Outlier counts of `values` (non-empty).
OutlierCounts CountOutliers(std::span<const double> values);

}  // namespace lathe::prep::internal
