// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// The "target" section of the insights report: the problem type (given, or detected:
// classification for bool / categorical / text targets and for integer targets with at most 20
// distinct values, regression otherwise), the class counts, proportions and imbalance, or the
// distribution of a numeric target, with warnings (missing targets, a single class, imbalance
// over 10:1, classes under 10 rows, a constant or skewed numeric target). Pure.
//
//   LATHE_ASSIGN_OR_RETURN(TargetAnalysis t, AnalyzeTarget(table.column(i), "auto"));
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "data/table.h"
#include "prep/internal/insights_features.h"
#include "prep/internal/insights_issue.h"

namespace lathe::prep::internal {

inline constexpr size_t kMaxAutoClassesInteger = 20;  // integer targets up to this are classes
inline constexpr size_t kMaxClasses = 1000;            // more classes: no per-class analysis

struct TargetAnalysis {
  Target target;       // encoded over all rows of the column (classes or values)
  bool usable = false;  // at least two classes / a non-constant value: models can be scored
  nlohmann::json json;
  std::vector<Issue> issues;
};

// Analyses `column` as the target. `problem_type` is "auto", "classification" or
// "regression"; InvalidArgument for another value, or for regression on a non-numeric column
// (the message names the column).
Result<TargetAnalysis> AnalyzeTarget(const data::Column& column, const std::string& problem_type);

}  // namespace lathe::prep::internal
