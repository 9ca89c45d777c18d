// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// The learning problem: what the target column asks for. Detected from the target (and the
// features, for text classification), overridable by the user.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "data/table.h"

namespace lathe::ml {

enum class ProblemType { kBinary, kMulticlass, kRegression };

std::string_view ProblemTypeName(ProblemType type);  // "binary", "multiclass", "regression"
Result<ProblemType> ParseProblemType(std::string_view name);

struct ProblemInfo {
  ProblemType type = ProblemType::kBinary;
  std::string target;
  // Class labels in model order (classification); index = encoded class id. Sorted by the
  // label's natural order (numbers numerically, strings lexicographically).
  std::vector<std::string> classes;
  // Set when the features are one text column and the target is a class (fastText, NB apply).
  std::optional<std::string> text_feature;
};

// Limits from the issue: more classes than this is refused.
inline constexpr size_t kMaxClasses = 1000;

// Detects the problem from the target column of `table`. Rules (docs/formats/model.md):
//   bool, or exactly two distinct values                      -> binary
//   int64 (or float64 holding only integers) with <= 20 distinct values and >= 10 rows per
//   value on average                                          -> multiclass
//   other int64 / float64                                     -> regression
//   categorical / text with <= kMaxClasses distinct values, and not one distinct value per
//   row (free text, identifiers)                              -> multiclass
// `requested` overrides the type when set ("binary" on a 3-class target, "regression" on a text
// target are errors). InvalidArgument, naming the column, for a missing, constant or all-null
// target, a date target, or more than kMaxClasses classes. `text_feature` is set for
// classification when exactly one non-target column is of type text.
Result<ProblemInfo> DetectProblem(const data::Table& table, std::string_view target,
                                  std::optional<ProblemType> requested = std::nullopt);

// The target column as learner labels: class id (index in problem.classes) for classification,
// the value for regression. NaN for a null target, or a class not in problem.classes (callers
// drop those rows). InvalidArgument if the column is missing.
Result<std::vector<float>> EncodeTarget(const data::Table& table, const ProblemInfo& problem);

// JSON form stored in model manifests: {"type","target","classes","text_feature"}.
nlohmann::json ProblemToJson(const ProblemInfo& problem);
Result<ProblemInfo> ProblemFromJson(const nlohmann::json& json);

}  // namespace lathe::ml
