// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "prep/internal/insights_columns.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>

#include "prep/internal/insights_disguised_missing.h"
#include "prep/internal/insights_text_numbers.h"
#include "prep/internal/stats_distribution.h"

namespace lathe::prep::internal {
namespace {

constexpr double kMissingLow = 0.05, kMissingMedium = 0.2, kMissingHigh = 0.5;
constexpr double kSkewLimit = 1.0;
constexpr double kOutlierMediumFraction = 0.05;
constexpr double kNumericTextShare = 0.8;

bool Contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::string Rows(size_t n) { return std::to_string(n) + (n == 1 ? " row" : " rows"); }

class ColumnChecker {
 public:
  ColumnChecker(const data::Column& column, const data::ColumnProfile& profile,
                const data::QualityReport& quality, nlohmann::json* out)
      : column_(column), profile_(profile), quality_(quality), out_(out) {}

  std::vector<Issue> Run() {
    CheckMissing();
    CheckQualityLists();
    if (column_.type == data::DataType::kInt64 || column_.type == data::DataType::kFloat64) {
      CheckNumeric();
    }
    if (column_.type == data::DataType::kCategorical || column_.type == data::DataType::kText) {
      CheckTextNumbers();
    }
    return std::move(issues_);
  }

 private:
  void Add(const char* kind, Severity severity, std::string message) {
    issues_.push_back({column_.name, kind, severity, std::move(message)});
  }

  size_t Present() const { return profile_.rows - profile_.missing; }

  void CheckMissing() {
    const double f = profile_.missing_fraction;
    if (profile_.rows == 0 || profile_.missing == 0) return;
    if (Present() == 0) {
      Add("all_missing", Severity::kHigh, "all values are missing; drop the column");
      return;
    }
    const Severity severity = f > kMissingHigh     ? Severity::kHigh
                              : f > kMissingMedium ? Severity::kMedium
                                                   : Severity::kLow;
    if (f > kMissingLow) {
      Add("missing", severity,
          FormatPercent(f) + " of values are missing (" + Rows(profile_.missing) + ")");
    }
  }

  void CheckQualityLists() {
    if (Present() > 0 && profile_.distinct == 1) {
      const std::string value =
          profile_.top_values.empty() ? std::string() : profile_.top_values[0].value;
      Add("constant", Severity::kMedium,
          "has a single value ('" + value + "') and carries no information");
    }
    if (Contains(quality_.id_like_columns, column_.name)) CheckIdLike();
    if (Contains(quality_.high_cardinality_columns, column_.name)) {
      Add("high_cardinality", Severity::kLow,
          std::to_string(profile_.distinct) + " distinct values in " + Rows(Present()) +
              ": one-hot encoding would be very wide; group rare values or use target encoding");
    }
    for (const data::QualityWarning& w : quality_.warnings) {
      if (w.column == column_.name && w.kind == "mostly_zero") {
        Add("mostly_zero", Severity::kLow, w.message);
      }
    }
  }

  void CheckIdLike() {
    std::string what;
    if (column_.type == data::DataType::kInt64 && profile_.min && profile_.max &&
        profile_.distinct == Present() &&
        *profile_.max - *profile_.min + 1 == static_cast<double>(Present())) {
      what = "consecutive integers " + data::FormatValue(column_.type, *profile_.min) + ".." +
             data::FormatValue(column_.type, *profile_.max);
    } else if (profile_.distinct == Present()) {
      what = "a unique value in every non-missing row";
    } else {
      what = std::to_string(profile_.distinct) + " distinct values in " + Rows(profile_.rows);
    }
    Add("id_like", Severity::kMedium,
        "looks like an identifier (" + what + "); exclude it from the features");
  }

  void CheckNumeric();
  void CheckTextNumbers();

  const data::Column& column_;
  const data::ColumnProfile& profile_;
  const data::QualityReport& quality_;
  nlohmann::json* out_;
  std::vector<Issue> issues_;
};

void ColumnChecker::CheckNumeric() {
  std::vector<double> values;
  values.reserve(column_.size());
  size_t infinite = 0;
  for (size_t row = 0; row < column_.size(); ++row) {
    if (column_.IsNull(row)) continue;
    const double v = column_.NumericAt(row);
    if (std::isinf(v)) ++infinite;
    if (std::isfinite(v)) values.push_back(v);
  }
  (*out_)["infinite"] = infinite;
  if (infinite > 0) {
    Add("infinite", Severity::kMedium,
        Rows(infinite) + " hold an infinite value; they are left out of the statistics");
  }
  if (values.empty()) return;
  const double skew = Skewness(values);
  const OutlierCounts o = CountOutliers(values);
  (*out_)["skewness"] = JsonNumber(skew);
  (*out_)["median"] = JsonNumber(o.median);
  (*out_)["outliers"] = {{"iqr", o.iqr},
                         {"iqr_low", JsonNumber(o.iqr_low)},
                         {"iqr_high", JsonNumber(o.iqr_high)},
                         {"robust_z", o.robust_z},
                         {"mad", JsonNumber(o.mad)}};
  if (std::isfinite(skew) && std::fabs(skew) > kSkewLimit) {
    Add("skew", Severity::kLow,
        std::string(skew > 0 ? "right" : "left") + "-skewed (skewness " + FormatNumber(skew) +
            ")" + (skew > 0 ? "; a log or Box-Cox transform may help" : ""));
  }
  const size_t outliers = o.mad > 0 ? o.robust_z : o.iqr;
  if (outliers > 0) {
    const double share = static_cast<double>(outliers) / static_cast<double>(values.size());
    Add("outliers", share > kOutlierMediumFraction ? Severity::kMedium : Severity::kLow,
        Rows(outliers) + " (" + FormatPercent(share) + ") are outliers by the " +
            (o.mad > 0 ? "robust z-score (|x - median| / (1.4826 MAD) > 3.5)"
                       : "IQR rule (outside " + FormatNumber(o.iqr_low) + ".." +
                             FormatNumber(o.iqr_high) + ")"));
  }
  const std::optional<DisguisedZeros> z =
      FindDisguisedZeros(values, data::QualityOptions().mostly_zero_fraction);
  if (z) {
    Add("disguised_missing", z->zero_fraction >= 0.01 ? Severity::kMedium : Severity::kLow,
        "possible disguised missing values (0): " + Rows(z->zeros) + " (" +
            FormatPercent(z->zero_fraction) + ") are exactly 0 while the other values start at " +
            FormatNumber(z->smallest_positive, 6) + " (median " +
            FormatNumber(z->median_positive, 6) + "); 0 may mean 'not measured'");
  }
}

void ColumnChecker::CheckTextNumbers() {
  const NumericShare s = MeasureNumericShare(column_);
  if (s.present == 0 || s.numeric == 0) return;
  const double share = static_cast<double>(s.numeric) / static_cast<double>(s.present);
  (*out_)["numeric_text_fraction"] = share;
  if (share < kNumericTextShare) return;
  std::string others;
  for (const std::string& v : s.non_numeric) {
    others += (others.empty() ? "" : ", ") + ("'" + v + "'");
  }
  Add("numbers_as_text", Severity::kMedium,
      FormatPercent(share) + " of values are numbers stored as text" +
          (others.empty() ? std::string("; convert the column to a number")
                          : "; the others (" + others +
                                ") may be missing-value markers: clean them and convert"));
}

nlohmann::json ColumnBase(const data::ColumnProfile& p) {
  nlohmann::json c = {{"name", p.name},
                      {"type", std::string(data::DataTypeName(p.type))},
                      {"missing", p.missing},
                      {"missing_fraction", p.missing_fraction},
                      {"distinct", p.distinct},
                      {"distinct_approximate", p.distinct_approximate}};
  const bool with_moments = p.type != data::DataType::kDate && p.type != data::DataType::kDateTime;
  const auto value = [&](double v) -> nlohmann::json {
    return with_moments ? JsonNumber(v) : nlohmann::json(data::FormatValue(p.type, v));
  };
  if (p.min) c["min"] = value(*p.min);
  if (p.max) c["max"] = value(*p.max);
  if (p.mean && with_moments) c["mean"] = JsonNumber(*p.mean);
  if (p.std && with_moments) c["std"] = JsonNumber(*p.std);
  if (p.zeros) c["zeros"] = *p.zeros;
  if (p.length) {
    c["length"] = {{"min", p.length->min}, {"max", p.length->max}, {"mean", p.length->mean}};
  }
  return c;
}

}  // namespace

nlohmann::json BuildColumnsSection(const data::Table& table, const data::TableProfile& profile,
                                   std::vector<Issue>* issues) {
  nlohmann::json out = nlohmann::json::array();
  for (size_t col_idx = 0; col_idx < table.num_columns(); ++col_idx) {
    const data::ColumnProfile& p = profile.columns[col_idx];
    nlohmann::json c = ColumnBase(p);
    std::vector<Issue> found =
        ColumnChecker(table.column(col_idx), p, profile.quality, &c).Run();
    nlohmann::json list = nlohmann::json::array();
    for (const Issue& issue : found) list.push_back(IssueToJson(issue, false));
    c["issues"] = std::move(list);
    issues->insert(issues->end(), found.begin(), found.end());
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace lathe::prep::internal
