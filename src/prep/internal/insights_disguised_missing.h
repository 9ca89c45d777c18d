// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Detects zeros that probably stand for "not measured" in a non-negative measurement (the
// classic case: glucose, blood pressure, insulin or BMI of 0 in the Pima diabetes data). The
// rule, documented in docs/api/insights.md: the column has no negative value, some exact zeros
// (below `max_zero_fraction` of the values, else it is simply mostly zero), at least 5 distinct
// positive values, and 0 is cut off from the positive values by a gap that is both
//   - at least 3 times the average spacing of the 11 smallest distinct positive values, and
//   - at least 10 % of the median of the positive values,
// so counts such as "number of pregnancies" (0, 1, 2, ...) are not flagged. Pure function.
//
//   std::optional<DisguisedZeros> z = FindDisguisedZeros(finite_values, 0.95);
#pragma once

#include <cstddef>
#include <optional>
#include <span>

namespace lathe::prep::internal {

struct DisguisedZeros {
  size_t zeros = 0;               // rows that are exactly 0
  double zero_fraction = 0;       // of the values given
  double smallest_positive = 0;   // the first value above the gap
  double median_positive = 0;
};

// `values` are the finite non-missing values of an int64 / float64 column.
std::optional<DisguisedZeros> FindDisguisedZeros(std::span<const double> values,
                                                 double max_zero_fraction);

}  // namespace lathe::prep::internal
