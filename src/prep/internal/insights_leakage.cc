// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "prep/internal/insights_leakage.h"

#include <cmath>

namespace lathe::prep::internal {

std::vector<Leak> FindLeakage(const std::vector<FeatureAssociation>& associations,
                              size_t test_rows, size_t labelled_rows) {
  std::vector<Leak> leaks;
  for (const FeatureAssociation& a : associations) {
    if (!a.skipped.empty()) continue;
    Leak leak;
    leak.column = a.column;
    leak.metric = a.power.metric;
    leak.score = a.power.value;
    const std::string score = a.power.metric + " " + FormatNumber(a.power.value, 4);
    if (a.identical && labelled_rows >= kLeakageMinTestRows) {
      leak.reason = "identical";
      leak.issue.message = "possible target leakage: '" + a.column +
                           "' is identical to the target (" + score + " alone)";
    } else if (a.one_to_one && labelled_rows >= kLeakageMinTestRows) {
      leak.reason = "one_to_one";
      leak.issue.message = "possible target leakage: '" + a.column +
                           "' maps 1:1 onto the target classes (" + score + " alone)";
    } else if (std::isfinite(a.power.value) && a.power.value >= kLeakageScore &&
               test_rows >= kLeakageMinTestRows) {
      leak.reason = "prediction_power";
      leak.issue.message = "possible target leakage: '" + a.column +
                           "' alone predicts the target on held-out rows with " + score +
                           "; check that it is known before the target at prediction time";
    } else {
      continue;
    }
    leak.issue.column = a.column;
    leak.issue.kind = "target_leakage";
    leak.issue.severity = Severity::kHigh;
    leaks.push_back(std::move(leak));
  }
  return leaks;
}

nlohmann::json LeakageToJson(const std::vector<Leak>& leaks) {
  nlohmann::json out = nlohmann::json::array();
  for (const Leak& leak : leaks) {
    out.push_back({{"column", leak.column},
                   {"reason", leak.reason},
                   {"metric", leak.metric},
                   {"score", JsonNumber(leak.score)},
                   {"severity", "high"},
                   {"message", leak.issue.message}});
  }
  return out;
}

}  // namespace lathe::prep::internal
