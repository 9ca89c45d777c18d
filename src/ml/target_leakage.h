// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Target-leakage warnings for a training report: an input column that is a copy or a one-to-one
// relabelling of a class target (each value of the column goes with one class and each class
// with one value), or a numeric column almost perfectly correlated with a numeric target
// (|Pearson r| >= kLeakageCorrelation). Such a column makes the model look perfect on the test
// split and useless in production, where the target is not known yet. Pure; cheap: the
// one-to-one check stops at the first row that breaks it.
//
//   std::vector<LeakageWarning> w = FindTargetLeakage(train, "label", problem, input_columns);
//   report["warnings"] = LeakageWarningsJson(w);
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/table.h"
#include "ml/problem.h"

namespace lathe::ml {

inline constexpr double kLeakageCorrelation = 0.999;
inline constexpr size_t kLeakageMinRows = 10;  // fewer paired rows prove nothing

struct LeakageWarning {
  std::string column;
  std::string reason;  // "one_to_one" or "correlation"
  double score = 0;    // 1 for one_to_one; |r| for correlation
  std::string message;
};

// Warnings for the columns of `table` named in `columns` (all but the target when empty).
std::vector<LeakageWarning> FindTargetLeakage(const data::Table& table, std::string_view target,
                                              const ProblemInfo& problem,
                                              const std::vector<std::string>& columns = {});

// [{"type": "target_leakage", "column", "reason", "score", "message"}, ...]
nlohmann::json LeakageWarningsJson(const std::vector<LeakageWarning>& warnings);

}  // namespace lathe::ml
