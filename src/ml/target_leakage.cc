// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "ml/target_leakage.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <functional>
#include <optional>
#include <unordered_map>

namespace lathe::ml {
namespace {

// A value of a row as a 64-bit key: the double's bits for numeric types, the dictionary code
// for categorical columns, a hash of the text otherwise. Null rows have no key.
std::optional<uint64_t> CellKey(const data::Column& column, size_t row) {
  if (column.IsNull(row)) return std::nullopt;
  switch (column.type) {
    case data::DataType::kCategorical:
      return column.codes[row];
    case data::DataType::kText:
      return std::hash<std::string_view>{}(column.StringAt(row));
    default: {
      const double v = column.NumericAt(row);
      if (std::isnan(v)) return std::nullopt;
      return std::bit_cast<uint64_t>(v == 0 ? 0.0 : v);  // -0 and +0 are one value
    }
  }
}

// True when the non-null pairs of (column, target) form a bijection over at least
// kLeakageMinRows rows with at least two distinct values.
bool OneToOne(const data::Column& column, const data::Column& target) {
  std::unordered_map<uint64_t, uint64_t> forward, backward;
  size_t pairs = 0;
  for (size_t row = 0; row < column.size(); ++row) {
    const auto a = CellKey(column, row);
    const auto b = CellKey(target, row);
    if (!a || !b) continue;
    ++pairs;
    const auto [f, f_new] = forward.emplace(*a, *b);
    if (!f_new && f->second != *b) return false;
    const auto [g, g_new] = backward.emplace(*b, *a);
    if (!g_new && g->second != *a) return false;
  }
  return pairs >= kLeakageMinRows && forward.size() >= 2;
}

// |Pearson r| of the non-null numeric pairs; NaN when fewer than kLeakageMinRows or constant.
double AbsCorrelation(const data::Column& column, const data::Column& target) {
  double n = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
  for (size_t row = 0; row < column.size(); ++row) {
    const double x = column.NumericAt(row), y = target.NumericAt(row);
    if (!std::isfinite(x) || !std::isfinite(y)) continue;
    n += 1;
    sx += x;
    sy += y;
    sxx += x * x;
    syy += y * y;
    sxy += x * y;
  }
  if (n < kLeakageMinRows) return std::nan("");
  const double vx = sxx - sx * sx / n, vy = syy - sy * sy / n;
  if (!(vx > 0) || !(vy > 0)) return std::nan("");
  return std::min(1.0, std::fabs((sxy - sx * sy / n) / std::sqrt(vx * vy)));
}

}  // namespace

std::vector<LeakageWarning> FindTargetLeakage(const data::Table& table, std::string_view target,
                                              const ProblemInfo& problem,
                                              const std::vector<std::string>& columns) {
  std::vector<LeakageWarning> out;
  const int target_index = table.FindColumn(target);
  if (target_index < 0) return out;
  const data::Column& y = table.column(target_index);
  const bool regression = problem.type == ProblemType::kRegression;
  for (size_t idx = 0; idx < table.num_columns(); ++idx) {
    const data::Column& c = table.column(idx);
    if (static_cast<int>(idx) == target_index) continue;
    if (!columns.empty() && std::find(columns.begin(), columns.end(), c.name) == columns.end()) {
      continue;
    }
    const std::string quoted = "column \"" + c.name + "\"";
    if (!regression) {
      if (OneToOne(c, y)) {
        out.push_back({c.name, "one_to_one", 1.0,
                       quoted + " maps one-to-one onto the target \"" + std::string(target) +
                           "\" (a copy or relabelling of it): the model will not have it when "
                           "the target is unknown; exclude it"});
      }
      continue;
    }
    if (!data::IsNumeric(c.type) || !data::IsNumeric(y.type)) continue;
    const double r = AbsCorrelation(c, y);
    if (r >= kLeakageCorrelation) {
      char figure[32];
      std::snprintf(figure, sizeof(figure), "%.4f", r);
      out.push_back({c.name, "correlation", r,
                     quoted + " is almost identical to the target \"" + std::string(target) +
                         "\" (|r| = " + figure +
                         "): probably derived from it; exclude it"});
    }
  }
  return out;
}

nlohmann::json LeakageWarningsJson(const std::vector<LeakageWarning>& warnings) {
  nlohmann::json out = nlohmann::json::array();
  for (const LeakageWarning& w : warnings) {
    out.push_back({{"type", "target_leakage"}, {"column", w.column}, {"reason", w.reason},
                   {"score", w.score}, {"message", w.message}});
  }
  return out;
}

}  // namespace lathe::ml
