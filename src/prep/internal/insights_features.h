// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Columns of the (possibly sampled) analysis table in the two shapes the statistics need:
// numeric columns as doubles (NaN = null, NaN or infinity), categorical columns as dense codes
// (-1 = null) with their labels, and the target as class codes or values. Built once per report
// and read by the association, leakage, correlation and quick-model sections.
//
//   Feature f = EncodeFeature(table.column(i), 200);
//   if (f.kind == FeatureKind::kNumeric) Pearson(f.values, target.values);
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "data/table.h"

namespace lathe::prep::internal {

enum class FeatureKind { kNumeric, kCategorical, kText };

struct Feature {
  std::string name;
  data::DataType type = data::DataType::kText;
  FeatureKind kind = FeatureKind::kText;
  std::vector<double> values;       // kNumeric: finite value or NaN
  std::vector<int32_t> codes;       // kCategorical: 0 .. levels.size()-1, or -1
  std::vector<std::string> levels;  // kCategorical: label of each code, most frequent first
  bool has_other_level = false;     // the last level groups the rarer values ("(other)")
};

// int64, float64, bool, date and datetime are numeric; categorical is categorical (at most
// `max_levels` levels: the max_levels-1 most frequent plus "(other)"); text is text (no data).
Feature EncodeFeature(const data::Column& column, size_t max_levels);

struct Target {
  std::string name;
  data::DataType type = data::DataType::kText;
  bool classification = false;
  std::vector<int32_t> classes;     // classification: class code per row, -1 for null
  std::vector<std::string> labels;  // classification: label per code, in natural value order
  std::vector<double> values;       // regression: value per row, NaN for null / non-finite
};

// Class codes of any column: numbers (and dates, bools) ordered numerically, strings
// lexicographically; labels are canonical text (Column::ToString).
Target EncodeClassTarget(const data::Column& column);

// Values of a numeric-like column (NaN for null and non-finite).
Target EncodeRegressionTarget(const data::Column& column);

// Number of distinct non-null values of a column, stopping early once past `limit`
// (returns limit + 1 then).
size_t CountDistinctUpTo(const data::Column& column, size_t limit);

// True when every non-null value of a float64 column is a whole number (vacuously true for
// other numeric types).
bool AllIntegral(const data::Column& column);

}  // namespace lathe::prep::internal

namespace lathe::prep::internal {

// The target restricted to `rows` (indices into the target's rows), labels kept.
Target GatherTarget(const Target& target, std::span<const uint32_t> rows);

}  // namespace lathe::prep::internal
