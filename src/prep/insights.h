// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Data-quality and insights report (SageMaker Data Wrangler's report as the anchor): summary,
// per-column issues, duplicate rows, the target's distribution and imbalance, correlations
// with the target and between columns, a quick baseline model score and target-leakage
// warnings for columns that alone predict the target almost perfectly.
//
//   InsightsOptions o; o.target = "Outcome";
//   LATHE_ASSIGN_OR_RETURN(nlohmann::json report, ComputeInsights(table, o));
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "data/table.h"

namespace lathe::prep {

struct InsightsOptions {
  std::optional<std::string> target;
  // "auto" | "classification" | "regression"
  std::string problem_type = "auto";
  uint64_t seed = 42;
  int64_t max_rows = 200000;  // larger tables are sampled (seeded) for the costly parts
};

// The report JSON, documented in docs/api/insights.md. NotFound for an unknown target column.
Result<nlohmann::json> ComputeInsights(const data::Table& table, const InsightsOptions& options);

}  // namespace lathe::prep
