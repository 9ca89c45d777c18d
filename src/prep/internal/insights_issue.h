// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// One finding of the insights report (a column issue, a target warning, a leakage warning) with
// its severity and a sentence for people, plus the small JSON / formatting helpers every
// section shares (non-finite numbers become JSON null). Plain values; thread-compatible.
//
//   issues->push_back({"age", "skew", Severity::kLow, "skewed to the right (skewness 2.31)"});
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace lathe::prep::internal {

enum class Severity { kHigh = 0, kMedium = 1, kLow = 2 };

// "high", "medium", "low".
std::string_view SeverityName(Severity severity);

struct Issue {
  std::string column;   // "" for table-level findings
  std::string kind;     // stable machine-readable name, e.g. "disguised_missing"
  Severity severity = Severity::kLow;
  std::string message;  // one English sentence
};

// {"kind","severity","message"} (+ "column" when with_column).
nlohmann::json IssueToJson(const Issue& issue, bool with_column);

// A finite double as a JSON number; NaN and infinities as null.
nlohmann::json JsonNumber(double value);

// "12.5%" (one decimal).
std::string FormatPercent(double fraction);

// Shortest of %.{digits}g, e.g. FormatNumber(0.98765, 3) == "0.988".
std::string FormatNumber(double value, int digits = 3);

}  // namespace lathe::prep::internal
