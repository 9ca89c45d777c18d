// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Correlation measures between two variables of equal length: Pearson's r, Spearman's rho
// (Pearson on average ranks) and the correlation ratio eta between a categorical and a numeric
// variable. Missing values are NaN (numeric) or a negative code (categorical); a pair is used
// only when both sides are present. Results are NaN when undefined (fewer than 2 complete pairs,
// or a side with zero variance). Pure functions, safe from any thread.
//
//   double r = Pearson(x, y);
//   double rho = Spearman(x, y);
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace lathe::prep::internal {

// Pearson product-moment correlation over the rows where x and y are both non-NaN.
double Pearson(std::span<const double> x, std::span<const double> y);

// Ranks 1..n of the non-NaN values, ties get the average of their ranks; NaN stays NaN.
std::vector<double> AverageRanks(std::span<const double> values);

// Spearman rank correlation over the rows where x and y are both non-NaN (ranks are taken over
// those rows only).
double Spearman(std::span<const double> x, std::span<const double> y);

// Correlation ratio eta = sqrt(SS_between / SS_total) of `values` grouped by `codes`
// (codes in [0, levels), negative = missing), over rows where both are present. 0..1.
double CorrelationRatio(std::span<const int32_t> codes, int32_t levels,
                        std::span<const double> values);

}  // namespace lathe::prep::internal
