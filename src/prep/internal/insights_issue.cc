// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "prep/internal/insights_issue.h"

#include <cmath>
#include <cstdio>

namespace lathe::prep::internal {

std::string_view SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kHigh:
      return "high";
    case Severity::kMedium:
      return "medium";
    case Severity::kLow:
      return "low";
  }
  return "low";
}

nlohmann::json IssueToJson(const Issue& issue, bool with_column) {
  nlohmann::json out = nlohmann::json::object();
  if (with_column) out["column"] = issue.column.empty() ? nlohmann::json() : nlohmann::json(issue.column);
  out["kind"] = issue.kind;
  out["severity"] = std::string(SeverityName(issue.severity));
  out["message"] = issue.message;
  return out;
}

nlohmann::json JsonNumber(double value) {
  if (!std::isfinite(value)) return nullptr;
  return value;
}

std::string FormatPercent(double fraction) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.1f%%", fraction * 100);
  return buf;
}

std::string FormatNumber(double value, int digits) {
  char buf[48];
  std::snprintf(buf, sizeof(buf), "%.*g", digits, value);
  return buf;
}

}  // namespace lathe::prep::internal
