// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Association between two discrete variables from their contingency table: entropy, mutual
// information (in nats), normalised mutual information and Cramer's V. Numeric variables are
// discretised by the caller (QuantileEdges / BinIndex in stats_distribution.h). Codes are in
// [0, levels); a negative code is missing and the row is skipped. Pure, thread-compatible.
//
//   Contingency t = Contingency::Build(feature_codes, 3, target_codes, 2);
//   double v = CramersV(t);
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace lathe::prep::internal {

struct Contingency {
  size_t rows = 0, cols = 0;
  std::vector<double> counts;  // rows * cols, row-major: counts[a * cols + b]
  double total = 0;            // complete pairs counted

  // Counts the pairs (a[i], b[i]) where both codes are present.
  static Contingency Build(std::span<const int32_t> a, int32_t a_levels,
                           std::span<const int32_t> b, int32_t b_levels);
  double at(size_t a, size_t b) const { return counts[a * cols + b]; }
};

// Shannon entropy (nats) of the row and column margins.
double RowEntropy(const Contingency& t);
double ColEntropy(const Contingency& t);

// Mutual information I(A;B) in nats (0 when the table is empty).
double MutualInformation(const Contingency& t);

// 2 I(A;B) / (H(A) + H(B)), in [0, 1] (scikit-learn's arithmetic normalisation); 0 when both
// entropies are 0; NaN when the table is empty.
double NormalizedMutualInformation(const Contingency& t);

// Cramer's V = sqrt(chi2 / (n (min(r, c) - 1))) over the non-empty rows and columns (no bias
// correction); NaN when either side has fewer than two non-empty levels.
double CramersV(const Contingency& t);

}  // namespace lathe::prep::internal
