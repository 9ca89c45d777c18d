// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// "Numbers stored as text": how many values of a categorical / text column read as numbers,
// and which non-numeric values are the most common (often missing-value markers such as "?",
// "n/a" or "-"). A value reads as a number when, after trimming spaces, an optional leading
// currency sign ($, EUR sign, GBP sign) and an optional trailing %, it is a decimal number,
// optionally with comma thousands separators ("1,234.5"). Pure; thread-compatible.
//
//   NumericShare s = MeasureNumericShare(column);
//   if (s.numeric >= 0.8 * s.present) ...
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "data/table.h"

namespace lathe::prep::internal {

// Whether `text` reads as a number by the rule above.
bool LooksNumeric(std::string_view text);

struct NumericShare {
  size_t present = 0;                     // non-null values
  size_t numeric = 0;                     // of which read as numbers
  std::vector<std::string> non_numeric;  // up to 3 most frequent non-numeric values
};

// Measures a categorical or text column (other types: all zero).
NumericShare MeasureNumericShare(const data::Column& column);

}  // namespace lathe::prep::internal
