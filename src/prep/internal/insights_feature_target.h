// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// The "feature_target" section: how strongly each feature is associated with the target.
//   numeric feature,  numeric target:     Pearson, Spearman, normalised mutual information
//   numeric feature,  class target:       correlation ratio (eta), mutual information
//   category feature, class target:       Cramer's V, mutual information
//   category feature, numeric target:     correlation ratio (eta), mutual information
// Mutual information cuts numbers into 10 quantile bins. Every feature also gets its
// prediction power (insights_prediction_power.h) and whether it is identical to, or a 1:1
// relabelling of, the target. Text features are listed as skipped. Pure.
//
//   std::vector<FeatureAssociation> a = AssociateFeatures(features, target, split);
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "prep/internal/insights_features.h"
#include "prep/internal/insights_prediction_power.h"
#include "prep/internal/insights_split.h"

namespace lathe::prep::internal {

inline constexpr int kMutualInformationBins = 10;

struct FeatureAssociation {
  std::string column;
  std::string type;     // data type name
  std::string skipped;  // non-empty: why nothing was computed ("text column", ...)
  // NaN when not applicable or undefined.
  double pearson, spearman, correlation_ratio, cramers_v, mutual_information,
      normalized_mutual_information;
  PowerScore power;
  bool identical = false;   // equal to the target on every row where both are present
  bool one_to_one = false;  // each feature value goes with one class and each class one value
};

// Associations of every feature with `target` (all of the same rows), sorted by prediction
// power descending (undefined last), then by column name. `split` holds the rows with a target.
std::vector<FeatureAssociation> AssociateFeatures(const std::vector<Feature>& features,
                                                  const Target& target, const HoldOut& split);

nlohmann::json FeatureTargetToJson(const std::vector<FeatureAssociation>& associations);

}  // namespace lathe::prep::internal
