// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// The "correlations" section: the Pearson matrix between numeric features (pairwise complete
// rows), limited to the kMaxCorrelationColumns columns of largest variance, and the pairs with
// |r| above kRedundantCorrelation flagged as redundant (medium severity). Pure.
//
//   nlohmann::json c = BuildCorrelations(features, &issues);
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "prep/internal/insights_features.h"
#include "prep/internal/insights_issue.h"

namespace lathe::prep::internal {

inline constexpr size_t kMaxCorrelationColumns = 50;
inline constexpr double kRedundantCorrelation = 0.9;

// `features` are the non-target features; numeric ones with a non-zero variance take part.
nlohmann::json BuildCorrelations(const std::vector<Feature>& features, std::vector<Issue>* issues);

}  // namespace lathe::prep::internal
