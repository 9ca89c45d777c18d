// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "data/quality.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>

#include "data/hyperloglog.h"
#include "data/profile.h"

namespace lathe::data {
namespace {

constexpr uint64_t kNullHash = 0x3c6ef372fe94f82bULL;  // any fixed value; stands for a null
constexpr uint64_t kNaNHash = 0xa54ff53a5f1d36f1ULL;   // all NaNs compare equal here
constexpr size_t kBlockRows = 4096;                    // row hashes of one block stay in L1

// Order-dependent combine; both steps are bijective in the running hash.
inline uint64_t Combine(uint64_t h, uint64_t cell) {
  return (std::rotl(h, 23) ^ cell) * 0x9e3779b97f4a7c15ULL;
}

// Folds the cells of rows [begin, end) of `c` into hashes[begin, end). One loop per type keeps
// the type switch out of the inner loop.
void HashCells(const Column& c, size_t begin, size_t end, uint64_t* hashes) {
  const uint8_t* valid = c.valid.data();
  switch (c.type) {
    case DataType::kFloat64:
      for (size_t row = begin; row < end; ++row) {
        const double v = c.doubles[row];
        const uint64_t cell = !valid[row]     ? kNullHash
                              : std::isnan(v) ? kNaNHash
                                              : Mix64(std::bit_cast<uint64_t>(v == 0 ? 0.0 : v));
        hashes[row] = Combine(hashes[row], cell);
      }
      break;
    case DataType::kCategorical:  // dictionary values are unique, so codes identify values
      for (size_t row = begin; row < end; ++row) {
        hashes[row] = Combine(hashes[row], valid[row] ? Mix64(c.codes[row]) : kNullHash);
      }
      break;
    case DataType::kText:
      for (size_t row = begin; row < end; ++row) {
        const uint64_t from = c.offsets[row];
        const uint64_t cell =
            valid[row] ? HashBytes(c.chars.data() + from, c.offsets[row + 1] - from) : kNullHash;
        hashes[row] = Combine(hashes[row], cell);
      }
      break;
    default:
      for (size_t row = begin; row < end; ++row) {
        const uint64_t v = static_cast<uint64_t>(c.ints[row]);
        hashes[row] = Combine(hashes[row], valid[row] ? Mix64(v) : kNullHash);
      }
      break;
  }
}

std::string Plural(size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string Percent(double fraction) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.1f%%", fraction * 100);
  return buf;
}

void AddColumnWarnings(const ColumnProfile& c, size_t rows, const QualityOptions& o,
                       QualityReport* report) {
  auto warn = [&](const char* kind, std::string message) {
    report->warnings.push_back({c.name, kind, std::move(message)});
  };
  const size_t present = c.rows - c.missing;
  if (rows > 0 && c.missing_fraction >= o.high_missing_fraction) {
    warn("high_missing", Percent(c.missing_fraction) + " of values are missing");
  }
  if (rows > 0 && c.distinct <= 1) {
    report->constant_columns.push_back(c.name);
    warn("constant", c.distinct == 0
                         ? "all values are missing"
                         : "has a single value (" +
                               (c.top_values.empty() ? std::string() : c.top_values[0].value) +
                               ") and carries no information");
  }
  const bool id_type =
      c.type == DataType::kInt64 || c.type == DataType::kCategorical || c.type == DataType::kText;
  const bool id_like = id_type && rows >= o.id_like_min_rows && c.distinct > 1 &&
                       static_cast<double>(c.distinct) >=
                           o.id_like_min_distinct_fraction * static_cast<double>(rows);
  if (id_like) {
    report->id_like_columns.push_back(c.name);
    warn("id_like", Plural(c.distinct, "distinct value", "distinct values") + " in " +
                        Plural(rows, "row", "rows") +
                        ": looks like an identifier and should not be a feature");
  }
  const bool card_type = c.type == DataType::kCategorical || c.type == DataType::kText;
  if (card_type && !id_like && c.distinct > o.high_cardinality_min_distinct &&
      static_cast<double>(c.distinct) >
          o.high_cardinality_min_fraction * static_cast<double>(present)) {
    report->high_cardinality_columns.push_back(c.name);
    warn("high_cardinality", Plural(c.distinct, "distinct value", "distinct values") + " in " +
                                 Plural(present, "non-missing row", "non-missing rows"));
  }
  const bool zero_type = c.type == DataType::kInt64 || c.type == DataType::kFloat64;
  if (zero_type && present > 0 && c.zeros && c.distinct > 1 &&
      static_cast<double>(*c.zeros) >= o.mostly_zero_fraction * static_cast<double>(present)) {
    warn("mostly_zero", Percent(static_cast<double>(*c.zeros) / static_cast<double>(present)) +
                            " of non-missing values are zero");
  }
}

}  // namespace

size_t CountDuplicateRows(const Table& table) {
  const size_t rows = table.num_rows();
  if (rows < 2 || table.num_columns() == 0) return 0;
  std::vector<uint64_t> hashes(rows, 0);
  for (size_t begin = 0; begin < rows; begin += kBlockRows) {
    const size_t end = std::min(rows, begin + kBlockRows);
    for (const Column& c : table.columns()) HashCells(c, begin, end, hashes.data());
  }
  internal::RadixSort64(&hashes);
  size_t duplicates = 0;
  for (size_t i = 1; i < rows; ++i) duplicates += (hashes[i] == hashes[i - 1]);
  return duplicates;
}

Result<ClassBalance> ComputeClassBalance(const Table& table, std::string_view target,
                                         size_t max_classes) {
  const int index = table.FindColumn(target);
  if (index < 0) {
    return NotFoundError("target column '" + std::string(target) + "' not found")
        .WithDetail("column", std::string(target));
  }
  ProfileOptions options;
  options.top_values = max_classes + 1;  // one more, to notice too many classes
  options.histogram_bins = 0;
  options.exact_distinct_limit = std::max<size_t>(max_classes + 1, 1);
  const ColumnProfile profile = ProfileColumn(table.column(index), options);
  const size_t present = profile.rows - profile.missing;
  if (present == 0) {
    return InvalidArgumentError("target column '" + std::string(target) +
                                "' has no non-missing values");
  }
  if (profile.distinct > max_classes || profile.distinct_approximate) {
    return InvalidArgumentError("target column '" + std::string(target) + "' has " +
                                std::to_string(profile.distinct) + " distinct values (at most " +
                                std::to_string(max_classes) + " classes supported)");
  }
  ClassBalance balance;
  balance.target = std::string(target);
  balance.missing = profile.missing;
  for (const ValueCount& v : profile.top_values) {
    balance.classes.push_back(
        {v.value, v.count, static_cast<double>(v.count) / static_cast<double>(present)});
  }
  balance.imbalance_ratio = static_cast<double>(balance.classes.front().count) /
                            static_cast<double>(balance.classes.back().count);
  return balance;
}

QualityReport BuildQualityReport(const std::vector<ColumnProfile>& columns, size_t rows,
                                 size_t duplicate_rows, std::optional<ClassBalance> class_balance,
                                 const QualityOptions& options) {
  QualityReport report;
  report.duplicate_rows = duplicate_rows;
  for (const ColumnProfile& c : columns) AddColumnWarnings(c, rows, options, &report);
  if (duplicate_rows > 0) {
    report.warnings.push_back(
        {"", "duplicate_rows",
         duplicate_rows == 1
             ? "1 row is an exact duplicate of an earlier row"
             : std::to_string(duplicate_rows) + " rows are exact duplicates of earlier rows"});
  }
  if (class_balance && class_balance->imbalance_ratio >= options.class_imbalance_ratio) {
    const ClassCount& minority = class_balance->classes.back();
    char ratio[32];
    std::snprintf(ratio, sizeof(ratio), "%.1f", class_balance->imbalance_ratio);
    report.warnings.push_back({class_balance->target, "class_imbalance",
                               "majority class '" + class_balance->classes.front().value + "' is " +
                                   ratio + " times the minority class '" + minority.value + "' (" +
                                   Plural(minority.count, "row", "rows") + ")"});
  }
  report.class_balance = std::move(class_balance);
  return report;
}

}  // namespace lathe::data
