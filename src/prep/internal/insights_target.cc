// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "prep/internal/insights_target.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "prep/internal/stats_distribution.h"

namespace lathe::prep::internal {
namespace {

constexpr double kImbalanceLimit = 10.0;
constexpr size_t kMinClassRows = 10;

bool IsNumberType(data::DataType type) {
  return data::IsNumeric(type) || type == data::DataType::kDate ||
         type == data::DataType::kDateTime;
}

std::string Rows(size_t n) { return std::to_string(n) + (n == 1 ? " row" : " rows"); }

bool DetectClassification(const data::Column& column) {
  switch (column.type) {
    case data::DataType::kBool:
    case data::DataType::kCategorical:
    case data::DataType::kText:
      return true;
    case data::DataType::kInt64:
    case data::DataType::kFloat64:
      return AllIntegral(column) &&
             CountDistinctUpTo(column, kMaxAutoClassesInteger) <= kMaxAutoClassesInteger;
    default:
      return false;
  }
}

void AnalyzeClasses(const data::Column& column, TargetAnalysis* out) {
  const std::string& name = column.name;
  const size_t distinct = CountDistinctUpTo(column, kMaxClasses);
  if (distinct > kMaxClasses) {
    out->issues.push_back({name, "too_many_classes", Severity::kHigh,
                           "target has more than " + std::to_string(kMaxClasses) +
                               " distinct values: too many classes to analyse"});
    return;
  }
  out->target = EncodeClassTarget(column);
  const Target& t = out->target;
  std::vector<size_t> counts(t.labels.size(), 0);
  for (int32_t code : t.classes) {
    if (code >= 0) ++counts[static_cast<size_t>(code)];
  }
  const size_t present = std::accumulate(counts.begin(), counts.end(), size_t{0});
  std::vector<size_t> order(counts.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return counts[a] > counts[b]; });
  nlohmann::json classes = nlohmann::json::array();
  for (size_t code : order) {
    classes.push_back({{"value", t.labels[code]},
                       {"count", counts[code]},
                       {"fraction", static_cast<double>(counts[code]) / static_cast<double>(present)}});
  }
  out->json["classes"] = std::move(classes);
  out->json["num_classes"] = counts.size();
  if (counts.empty()) return;  // every target value is missing (reported by the caller)
  if (counts.size() == 1) {
    out->issues.push_back({name, "single_class", Severity::kHigh,
                           "target has a single class ('" + t.labels[0] +
                               "'): there is nothing to predict"});
    return;
  }
  out->usable = true;
  const size_t major = order.front(), minor = order.back();
  const double ratio = static_cast<double>(counts[major]) / static_cast<double>(counts[minor]);
  out->json["imbalance_ratio"] = ratio;
  out->json["majority_class"] = t.labels[major];
  out->json["minority_class"] = t.labels[minor];
  if (ratio > kImbalanceLimit) {
    out->issues.push_back({name, "class_imbalance", Severity::kMedium,
                           "classes are imbalanced: '" + t.labels[major] + "' has " +
                               FormatNumber(ratio) + " times the rows of '" + t.labels[minor] +
                               "'; use class weights, resampling or a balanced metric"});
  }
  for (size_t code : order) {
    if (counts[code] < kMinClassRows) {
      out->issues.push_back({name, "rare_class", Severity::kMedium,
                             "class '" + t.labels[code] + "' has only " + Rows(counts[code]) +
                                 ": too few to learn it and to evaluate it"});
    }
  }
}

void AnalyzeValues(const data::Column& column, TargetAnalysis* out) {
  out->target = EncodeRegressionTarget(column);
  std::vector<double> values;
  for (double v : out->target.values) {
    if (!std::isnan(v)) values.push_back(v);
  }
  if (values.empty()) return;
  const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
  const double mean = std::accumulate(values.begin(), values.end(), 0.0) /
                      static_cast<double>(values.size());
  double ss = 0;
  for (double v : values) ss += (v - mean) * (v - mean);
  const double stdev = values.size() > 1 ? std::sqrt(ss / static_cast<double>(values.size() - 1)) : 0;
  const OutlierCounts o = CountOutliers(values);
  const double skew = Skewness(values);
  out->json["stats"] = {{"min", *lo},        {"max", *hi},
                        {"mean", JsonNumber(mean)}, {"std", JsonNumber(stdev)},
                        {"median", o.median}, {"skewness", JsonNumber(skew)},
                        {"outliers_iqr", o.iqr}, {"outliers_robust_z", o.robust_z}};
  if (*lo == *hi) {
    out->issues.push_back({column.name, "constant_target", Severity::kHigh,
                           "target is constant (" + FormatNumber(*lo, 6) +
                               "): there is nothing to predict"});
    return;
  }
  out->usable = values.size() >= 2;
  if (std::isfinite(skew) && std::fabs(skew) > 1) {
    out->issues.push_back({column.name, "target_skew", Severity::kLow,
                           "target is skewed (skewness " + FormatNumber(skew) +
                               "); a log transform of the target may help regression models"});
  }
  const size_t outliers = o.mad > 0 ? o.robust_z : o.iqr;
  if (outliers > 0) {
    out->issues.push_back({column.name, "target_outliers", Severity::kLow,
                           Rows(outliers) + " of the target are outliers; they weigh heavily on "
                                            "squared-error models"});
  }
}

}  // namespace

Result<TargetAnalysis> AnalyzeTarget(const data::Column& column, const std::string& problem_type) {
  if (problem_type != "auto" && problem_type != "classification" &&
      problem_type != "regression") {
    return InvalidArgumentError("problem_type must be 'auto', 'classification' or "
                                "'regression', got '" + problem_type + "'")
        .WithDetail("field", "problem_type");
  }
  if (problem_type == "regression" && !IsNumberType(column.type)) {
    return InvalidArgumentError("target column '" + column.name + "' is " +
                                std::string(data::DataTypeName(column.type)) +
                                ": regression needs a numeric target")
        .WithDetail("column", column.name);
  }
  const bool classification =
      problem_type == "auto" ? DetectClassification(column) : problem_type == "classification";
  TargetAnalysis out;
  out.json = {{"name", column.name},
              {"type", std::string(data::DataTypeName(column.type))},
              {"problem_type", classification ? "classification" : "regression"},
              {"problem_type_source", problem_type == "auto" ? "detected" : "requested"}};
  const size_t missing = static_cast<size_t>(std::count_if(
      column.valid.begin(), column.valid.end(), [](uint8_t v) { return v == 0; }));
  out.json["missing"] = missing;  // nulls; NaN / infinite values are dropped as well below
  if (missing == column.size() && column.size() > 0) {
    out.issues.push_back({column.name, "target_all_missing", Severity::kHigh,
                          "every target value is missing"});
  } else if (missing > 0) {
    out.issues.push_back({column.name, "target_missing", Severity::kMedium,
                          Rows(missing) + " have no target value; they are left out of the "
                                          "target analysis and the models"});
  }
  if (classification) {
    AnalyzeClasses(column, &out);
  } else {
    AnalyzeValues(column, &out);
  }
  out.target.name = column.name;
  out.target.classification = classification;
  return out;
}

}  // namespace lathe::prep::internal
