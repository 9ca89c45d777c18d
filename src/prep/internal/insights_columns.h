// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// The "columns" section of the insights report: per column its profile essentials (from
// data::ProfileTable) and its issues with a severity: missing values, all missing, constant,
// ID-like (unique per row, a consecutive integer sequence or unique strings), high cardinality,
// mostly zero, infinite values, skew, outliers (IQR and robust z-score), numbers stored as
// text and disguised missing values (0). Thresholds are in docs/api/insights.md. Pure.
//
//   nlohmann::json columns = BuildColumnsSection(table, profile, &issues);
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "data/profile.h"
#include "data/table.h"
#include "prep/internal/insights_issue.h"

namespace lathe::prep::internal {

// One JSON object per column of `table` (profile must be ProfileTable(table)); every issue is
// also appended to *issues.
nlohmann::json BuildColumnsSection(const data::Table& table, const data::TableProfile& profile,
                                   std::vector<Issue>* issues);

}  // namespace lathe::prep::internal
