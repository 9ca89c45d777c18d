// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "ml/problem.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>

namespace lathe::ml {
namespace {

using data::Column;
using data::DataType;

constexpr size_t kMaxIntegerClasses = 20;
constexpr double kMinRowsPerClass = 10;

struct TargetStats {
  size_t non_null = 0;
  bool all_integral = true;
  std::vector<std::string> distinct;  // sorted in the label's natural order
  bool too_many = false;              // more than kMaxClasses distinct
};

bool IsNumberType(DataType type) {
  return type == DataType::kInt64 || type == DataType::kFloat64 || type == DataType::kBool;
}

// Distinct values in natural order; stops collecting past kMaxClasses (too_many).
TargetStats Collect(const Column& col) {
  TargetStats stats;
  if (IsNumberType(col.type)) {
    std::set<double> values;
    for (size_t row = 0; row < col.size(); ++row) {
      if (col.IsNull(row)) continue;
      const double v = col.NumericAt(row);
      if (!std::isfinite(v)) continue;
      ++stats.non_null;
      if (v != std::floor(v)) stats.all_integral = false;
      if (values.size() <= kMaxClasses) values.insert(v);
    }
    stats.too_many = values.size() > kMaxClasses;
    for (double v : values) {
      Column tmp = Column::Make("", col.type);
      if (col.type == DataType::kFloat64) {
        tmp.AppendDouble(v);
      } else {
        tmp.AppendInt(static_cast<int64_t>(v));
      }
      stats.distinct.push_back(tmp.ToString(0));
    }
    return stats;
  }
  std::set<std::string> values;
  for (size_t row = 0; row < col.size(); ++row) {
    if (col.IsNull(row)) continue;
    ++stats.non_null;
    if (values.size() <= kMaxClasses) values.insert(col.ToString(row));
  }
  stats.too_many = values.size() > kMaxClasses;
  stats.distinct.assign(values.begin(), values.end());
  return stats;
}

std::optional<std::string> SingleTextFeature(const data::Table& table, std::string_view target) {
  std::optional<std::string> found;
  for (const Column& col : table.columns()) {
    if (col.name == target || col.type != DataType::kText) continue;
    if (found) return std::nullopt;
    found = col.name;
  }
  return found;
}

Status TargetError(std::string_view target, std::string_view what) {
  return InvalidArgumentError("target column '" + std::string(target) + "': " + std::string(what))
      .WithDetail("column", std::string(target));
}

}  // namespace

std::string_view ProblemTypeName(ProblemType type) {
  switch (type) {
    case ProblemType::kBinary:
      return "binary";
    case ProblemType::kMulticlass:
      return "multiclass";
    case ProblemType::kRegression:
      return "regression";
  }
  return "binary";
}

Result<ProblemType> ParseProblemType(std::string_view name) {
  if (name == "binary") return ProblemType::kBinary;
  if (name == "multiclass") return ProblemType::kMulticlass;
  if (name == "regression") return ProblemType::kRegression;
  return InvalidArgumentError("unknown problem type '" + std::string(name) +
                              "' (expected binary, multiclass or regression)");
}

Result<ProblemInfo> DetectProblem(const data::Table& table, std::string_view target,
                                  std::optional<ProblemType> requested) {
  const int index = table.FindColumn(target);
  if (index < 0) return TargetError(target, "not found in the dataset");
  const Column& col = table.column(index);
  if (col.type == DataType::kDate || col.type == DataType::kDateTime) {
    return TargetError(target, "dates cannot be a target (derive a number or class first)");
  }
  const TargetStats stats = Collect(col);
  if (stats.non_null == 0) return TargetError(target, "every value is missing");
  if (stats.distinct.size() == 1) {
    return TargetError(target, "has a single value ('" + stats.distinct[0] + "'); nothing to learn");
  }
  const bool numeric = col.type == DataType::kInt64 || col.type == DataType::kFloat64;
  ProblemInfo info;
  info.target = std::string(target);
  ProblemType type;
  if (col.type == DataType::kBool || stats.distinct.size() == 2) {
    type = ProblemType::kBinary;
  } else if (numeric) {
    const bool few = !stats.too_many && stats.distinct.size() <= kMaxIntegerClasses &&
                     static_cast<double>(stats.non_null) / stats.distinct.size() >= kMinRowsPerClass;
    type = stats.all_integral && few ? ProblemType::kMulticlass : ProblemType::kRegression;
  } else {
    type = ProblemType::kMulticlass;
  }
  if (requested) {
    if (*requested == ProblemType::kRegression && !numeric) {
      return TargetError(target, "regression needs a numeric target, this one is " +
                                     std::string(data::DataTypeName(col.type)));
    }
    if (*requested == ProblemType::kBinary && stats.distinct.size() != 2) {
      return TargetError(target, "binary classification needs exactly 2 classes, found " +
                                     (stats.too_many ? std::string("more than 1000")
                                                     : std::to_string(stats.distinct.size())));
    }
    type = *requested;
  }
  if (type != ProblemType::kRegression) {
    if (stats.too_many) {
      return TargetError(target, "more than " + std::to_string(kMaxClasses) +
                                     " distinct values: too many classes (use regression for "
                                     "numbers)");
    }
    if (!numeric && col.type != DataType::kBool && stats.distinct.size() == stats.non_null &&
        stats.non_null > 20) {
      return TargetError(target, "every value is different (free text or an identifier), not a "
                                 "class");
    }
    info.classes = stats.distinct;
    info.text_feature = SingleTextFeature(table, target);
  }
  info.type = type;
  return info;
}

Result<std::vector<float>> EncodeTarget(const data::Table& table, const ProblemInfo& problem) {
  const int index = table.FindColumn(problem.target);
  if (index < 0) return TargetError(problem.target, "not found in the dataset");
  const Column& col = table.column(index);
  std::vector<float> y(col.size(), std::nanf(""));
  if (problem.type == ProblemType::kRegression) {
    if (!IsNumberType(col.type)) return TargetError(problem.target, "regression needs numbers");
    for (size_t row = 0; row < col.size(); ++row) {
      const double v = col.NumericAt(row);
      if (std::isfinite(v)) y[row] = static_cast<float>(v);
    }
    return y;
  }
  std::unordered_map<std::string, float> ids;
  for (size_t i = 0; i < problem.classes.size(); ++i) ids[problem.classes[i]] = i;
  const bool is_float = col.type == DataType::kFloat64;
  for (size_t row = 0; row < col.size(); ++row) {
    if (col.IsNull(row)) continue;
    if (is_float && !std::isfinite(col.DoubleAt(row))) continue;
    auto it = ids.find(col.ToString(row));
    if (it != ids.end()) y[row] = it->second;
  }
  return y;
}

nlohmann::json ProblemToJson(const ProblemInfo& problem) {
  nlohmann::json j = {{"type", ProblemTypeName(problem.type)},
                      {"target", problem.target},
                      {"classes", problem.classes}};
  j["text_feature"] = problem.text_feature ? nlohmann::json(*problem.text_feature) : nullptr;
  return j;
}

Result<ProblemInfo> ProblemFromJson(const nlohmann::json& json) {
  try {
    ProblemInfo info;
    LATHE_ASSIGN_OR_RETURN(info.type, ParseProblemType(json.at("type").get<std::string>()));
    info.target = json.at("target").get<std::string>();
    info.classes = json.at("classes").get<std::vector<std::string>>();
    if (json.contains("text_feature") && json["text_feature"].is_string()) {
      info.text_feature = json["text_feature"].get<std::string>();
    }
    if (info.type != ProblemType::kRegression && info.classes.size() < 2) {
      return DataLossError("problem: classification with fewer than 2 classes");
    }
    return info;
  } catch (const nlohmann::json::exception& e) {
    return DataLossError(std::string("problem: ") + e.what());
  }
}

}  // namespace lathe::ml
