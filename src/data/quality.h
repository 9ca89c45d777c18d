// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Data-quality summary of a Table: exact duplicate rows, constant / id-like / high-cardinality
// columns, class balance of a target, and human-readable warnings. ProfileTable (profile.h)
// fills a QualityReport as part of a profile; the functions here can also be called alone.
// All functions are pure and safe to call concurrently on the same const Table.
//
//   LATHE_ASSIGN_OR_RETURN(ClassBalance balance, ComputeClassBalance(table, "species"));
//   if (balance.imbalance_ratio > 5) ...
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "data/table.h"

namespace lathe::data {

struct ColumnProfile;  // profile.h

// Thresholds behind the quality warnings. The defaults are documented in docs/api/profile.md.
struct QualityOptions {
  // id_like: int64 / categorical / text column whose distinct count is at least this fraction
  // of all rows (nulls count as rows, so a mostly-empty column is not an id).
  double id_like_min_distinct_fraction = 0.95;
  // ...and which has at least this many rows (tiny tables are unique by chance).
  size_t id_like_min_rows = 20;
  // high_cardinality: categorical / text column, not id-like, with more than this many distinct
  // values...
  size_t high_cardinality_min_distinct = 50;
  // ...that are more than this fraction of the non-missing values.
  double high_cardinality_min_fraction = 0.5;
  // high_missing: missing_fraction at or above this.
  double high_missing_fraction = 0.5;
  // mostly_zero: int64 / float64 column where zeros are at least this fraction of non-missing.
  double mostly_zero_fraction = 0.95;
  // class_imbalance: majority / minority class count at or above this.
  double class_imbalance_ratio = 5.0;
  // ComputeClassBalance refuses targets with more distinct values than this.
  size_t max_classes = 1000;
};

struct QualityWarning {
  std::string column;   // "" for table-level warnings (duplicate_rows, class_imbalance uses target)
  std::string kind;     // "constant", "id_like", "high_cardinality", "high_missing",
                        // "duplicate_rows", "class_imbalance", "mostly_zero"
  std::string message;  // one English sentence for people
};

struct ClassCount {
  std::string value;  // canonical text of the class (Column::ToString)
  size_t count = 0;
  double fraction = 0;  // of the non-missing target values
};

struct ClassBalance {
  std::string target;
  std::vector<ClassCount> classes;  // by count descending, then value ascending
  size_t missing = 0;               // target rows that are null (not a class)
  double imbalance_ratio = 1.0;     // majority count / minority count
};

struct QualityReport {
  size_t duplicate_rows = 0;  // rows equal (all columns) to an earlier row
  std::vector<std::string> constant_columns;
  std::vector<std::string> id_like_columns;
  std::vector<std::string> high_cardinality_columns;
  std::vector<QualityWarning> warnings;  // per column in column order, then table-level
  std::optional<ClassBalance> class_balance;
};

// Class balance of column `target` (nulls excluded). NotFound naming the column if absent;
// InvalidArgument if it has no non-missing value or more than `max_classes` distinct values.
Result<ClassBalance> ComputeClassBalance(const Table& table, std::string_view target,
                                         size_t max_classes = QualityOptions().max_classes);

// Number of rows equal to an earlier row over all columns (nulls equal nulls, NaN equals NaN).
// Rows are compared by a 64-bit hash of all their values, so two different rows are counted as
// duplicates with probability about rows^2 / 2^65 (below 1e-6 for 10^6 rows).
size_t CountDuplicateRows(const Table& table);

// Builds the column lists and warnings from finished column profiles.
QualityReport BuildQualityReport(const std::vector<ColumnProfile>& columns, size_t rows,
                                 size_t duplicate_rows, std::optional<ClassBalance> class_balance,
                                 const QualityOptions& options);

}  // namespace lathe::data
