// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// The learning problem: what the target column asks for. Detected from the target (and the
// features, for text classification), overridable by the user.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

// Detects the problem from the target column of `table` (numeric with many distinct values ->
// regression; two classes -> binary; else multiclass). `requested` overrides the type when set
// ("binary" on a 3-class target is an error). InvalidArgument for a missing, constant or all-null
// target, more than kMaxClasses classes.
Result<ProblemInfo> DetectProblem(const data::Table& table, std::string_view target,
                                  std::optional<ProblemType> requested = std::nullopt);

}  // namespace lathe::ml
