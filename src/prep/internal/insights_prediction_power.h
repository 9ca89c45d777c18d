// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// "Prediction power" of one feature: the hold-out score of a model that sees only that feature.
// The feature is cut into groups (quantile bins fitted on the training rows for numbers, one
// group per level for categories, plus one group for missing values); the model predicts the
// training majority class (classification) or mean (regression) of the row's group, and the
// overall one for a group unseen in training. A numeric feature of a regression target also
// gets a least-squares line, and the better of the two scores counts. Scores are on the test
// rows: balanced accuracy (mean per-class recall) or R^2. Pure; thread-compatible.
//
//   PowerScore s = OneFeaturePower(feature, target, split);
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "prep/internal/insights_features.h"
#include "prep/internal/insights_split.h"

namespace lathe::prep::internal {

struct PowerScore {
  std::string metric;   // "balanced_accuracy" or "r2"
  double value = 0;     // NaN when undefined (e.g. constant test target)
  double accuracy = 0;  // classification only (else NaN)
};

// Balanced accuracy of `predicted` against `actual` (class codes, same length): the mean recall
// of the classes present in `actual`. NaN for empty input.
double BalancedAccuracy(const std::vector<int32_t>& actual, const std::vector<int32_t>& predicted);

// Coefficient of determination 1 - SSE / SST on the given values (SST around their own mean).
// NaN for fewer than 2 values or a constant `actual`.
double RSquared(const std::vector<double>& actual, const std::vector<double>& predicted);

// Hold-out score of `feature` alone (kNumeric or kCategorical) for `target` (same rows);
// `split` holds row indices with a present target.
PowerScore OneFeaturePower(const Feature& feature, const Target& target, const HoldOut& split);

}  // namespace lathe::prep::internal
