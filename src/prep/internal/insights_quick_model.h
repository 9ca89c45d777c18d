// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// The "quick_model" section: a fast linear baseline trained on the training rows and scored on
// the held-out rows. Features: numeric columns (median-imputed, standardised with training
// statistics) and one-hot codes of categorical columns with at most kMaxOneHotLevels levels.
// Classification uses liblinear's L2-regularised logistic regression (one-vs-rest), regression
// liblinear's L2-loss SVR with epsilon 0 (ridge regression) on a standardised target. The report
// gives the score next to the majority-class / mean baseline and the largest coefficients.
// Thread-compatible (liblinear's print hook is set once, process-wide, to silence it).
//
//   nlohmann::json m = BuildQuickModel(features, target, split, excluded);
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "prep/internal/insights_features.h"
#include "prep/internal/insights_split.h"

namespace lathe::prep::internal {

inline constexpr size_t kMaxOneHotLevels = 20;
inline constexpr size_t kMaxQuickModelClasses = 100;
inline constexpr size_t kTopCoefficients = 10;

// Columns left out of the model on purpose, with the reason ("target leakage", "id-like"...).
using Exclusions = std::vector<std::pair<std::string, std::string>>;

// Trains and scores the baseline. Never fails: a model that cannot be fitted is reported as
// {"status": "skipped", "reason": ...}.
nlohmann::json BuildQuickModel(const std::vector<Feature>& features, const Target& target,
                               const HoldOut& split, Exclusions excluded);

}  // namespace lathe::prep::internal
