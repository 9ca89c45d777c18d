// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Target-leakage warnings: a feature that alone predicts the target almost perfectly on held-out
// rows (balanced accuracy or R^2 at least kLeakageScore), or that is identical to / a 1:1
// relabelling of the target, is most likely derived from the target or recorded after it. Each
// gets a high-severity issue naming the column and its score. Pure.
//
//   std::vector<Issue> leaks = FindLeakage(associations, split.test.size(), labelled_rows);
#pragma once

#include <cstddef>
#include <vector>

#include <nlohmann/json.hpp>

#include "prep/internal/insights_feature_target.h"
#include "prep/internal/insights_issue.h"

namespace lathe::prep::internal {

inline constexpr double kLeakageScore = 0.98;
inline constexpr size_t kLeakageMinTestRows = 10;  // fewer test rows: scores are chance

struct Leak {
  std::string column;
  std::string reason;  // "prediction_power", "identical", "one_to_one"
  std::string metric;  // of the score
  double score = 0;
  Issue issue;
};

// Leaks among `associations`; `test_rows` is the hold-out size, `labelled_rows` the rows with a
// target (both guard against tiny tables).
std::vector<Leak> FindLeakage(const std::vector<FeatureAssociation>& associations,
                              size_t test_rows, size_t labelled_rows);

nlohmann::json LeakageToJson(const std::vector<Leak>& leaks);

}  // namespace lathe::prep::internal
