// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Per-column profile and data-quality summary of a Table (the dataset "profile" page and
// GET /api/v1/datasets/{id}/profile). One pass per column where possible; columns are profiled
// in parallel. Statistics are exact except the distinct count of text columns with more than
// ProfileOptions::exact_distinct_limit distinct values (HyperLogLog, distinct_approximate=true).
// ProfileTable is safe to call concurrently; the result is a plain value.
//
//   ProfileOptions options;
//   options.target = "species";
//   LATHE_ASSIGN_OR_RETURN(TableProfile profile, ProfileTable(table, options));
//   nlohmann::json body = ToJson(profile);  // profile_json.h
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "data/quality.h"
#include "data/table.h"

namespace lathe::data {

struct ProfileOptions {
  // Text columns with more distinct values than this switch to a HyperLogLog estimate
  // (distinct_approximate = true). Numeric, date, bool and categorical counts are always exact.
  size_t exact_distinct_limit = 100000;
  // Most frequent values reported per column (0 = none). At most 10000.
  size_t top_values = 10;
  // Equal-width histogram bins over [min, max] (0 = no histogram). Integer-valued columns get
  // whole-width bins (one per value when they span fewer integers), see docs/api/profile.md.
  // At most 10000.
  size_t histogram_bins = 20;
  // Threads profiling columns in parallel (values below 1 mean 1).
  int num_threads = 2;
  // If non-empty, quality.class_balance is computed for this column (NotFound if absent). A
  // target with more than quality.max_classes distinct values gets no class balance.
  std::string target;
  // Thresholds of the quality warnings.
  QualityOptions quality;
};

struct HistogramBin {
  double low = 0;   // inclusive
  double high = 0;  // exclusive, except the last float64 bin which includes the maximum
  size_t count = 0;
};

struct ValueCount {
  std::string value;  // canonical text (Column::ToString)
  size_t count = 0;
};

// Linear-interpolation quantiles (numpy's default) of the non-missing values.
struct Quantiles {
  double p0 = 0, p1 = 0, p5 = 0, p25 = 0, p50 = 0, p75 = 0, p95 = 0, p99 = 0, p100 = 0;
};

struct LengthStats {  // of categorical / text values, in bytes
  size_t min = 0;
  size_t max = 0;
  double mean = 0;
  std::vector<HistogramBin> histogram;  // text columns only
};

struct ColumnProfile {
  std::string name;
  DataType type = DataType::kText;
  size_t rows = 0;
  size_t missing = 0;  // nulls, plus NaN in float64 columns
  double missing_fraction = 0;
  size_t distinct = 0;  // distinct non-missing values
  bool distinct_approximate = false;

  // int64, float64, bool, date, datetime (dates as days, datetimes as microseconds since the
  // epoch); unset when the column has no non-missing value.
  std::optional<double> min, max;
  std::optional<double> mean, std;  // std is the sample deviation; neither for date/datetime
  std::optional<Quantiles> quantiles;
  std::optional<size_t> zeros, negatives;  // int64, float64, bool only
  std::vector<HistogramBin> histogram;
  std::optional<size_t> true_count, false_count;  // bool only

  // Every type: most frequent values, by count descending then value ascending (numeric order
  // for numbers and dates, byte order for strings). For text columns with an approximate
  // distinct count, the candidates are the (at least 1024) most frequent values at the moment
  // the exact limit was passed; their counts stay exact, but a value that only becomes frequent
  // later in the column can be missed.
  std::vector<ValueCount> top_values;
  std::optional<LengthStats> length;  // categorical, text
};

struct TableProfile {
  size_t rows = 0;
  std::vector<ColumnProfile> columns;  // in table column order
  QualityReport quality;
};

// Profiles every column of `table` and builds the quality report. InvalidArgument for options
// out of range; NotFound if options.target names no column; ResourceExhausted if the temporary
// copies (16 bytes per row for each numeric column being sorted) cannot be allocated.
Result<TableProfile> ProfileTable(const Table& table, const ProfileOptions& options = {});

// Profiles one column (no threads). `options` must be valid (as checked by ProfileTable).
ColumnProfile ProfileColumn(const Column& column, const ProfileOptions& options);

// Canonical text of a numeric-like value as Column::ToString writes it: dates, datetimes and
// bools are rounded to the nearest day / microsecond / 0-or-1; a non-integral int64 value
// (e.g. an interpolated quantile) is written as a float.
std::string FormatValue(DataType type, double value);

}  // namespace lathe::data
