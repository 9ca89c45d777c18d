// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "prep/params.h"

#include <cmath>

namespace lathe::prep {
namespace {

std::string TypeName(const nlohmann::json& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return "boolean";
  if (v.is_number()) return "number";
  if (v.is_string()) return "string";
  if (v.is_array()) return "array";
  return "object";
}

const nlohmann::json& Null() {
  static const nlohmann::json kNull;
  return kNull;
}

}  // namespace

Status ParamError(const std::string& field, const std::string& message) {
  return InvalidArgumentError(field + ": " + message).WithDetail("field", field);
}

Params::Params(const nlohmann::json& step, std::string path)
    : step_(step.is_object() ? step : Null()), path_(std::move(path)) {
  consumed_.insert("op");
}

std::string Params::Field(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

bool Params::Has(std::string_view key) const {
  return step_.is_object() && step_.contains(key) && !step_.at(std::string(key)).is_null();
}

Result<nlohmann::json> Params::Value(std::string_view key, bool required) {
  consumed_.insert(std::string(key));
  if (!Has(key)) {
    if (required) return ParamError(Field(key), "required");
    return nlohmann::json();
  }
  return step_.at(std::string(key));
}

Result<std::string> Params::String(std::string_view key) {
  LATHE_ASSIGN_OR_RETURN(nlohmann::json v, Value(key, true));
  if (!v.is_string()) return ParamError(Field(key), "expected a string, got " + TypeName(v));
  return v.get<std::string>();
}

Result<std::string> Params::String(std::string_view key, std::string fallback) {
  if (!Has(key)) {
    consumed_.insert(std::string(key));
    return fallback;
  }
  return String(key);
}

Result<std::string> Params::Enum(std::string_view key, const std::vector<std::string>& allowed) {
  LATHE_ASSIGN_OR_RETURN(std::string v, String(key));
  for (const auto& a : allowed) {
    if (a == v) return v;
  }
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
  return ParamError(Field(key), "'" + v + "' is not one of " + list);
}

Result<std::string> Params::Enum(std::string_view key, const std::vector<std::string>& allowed,
                                 std::string fallback) {
  if (!Has(key)) {
    consumed_.insert(std::string(key));
    return fallback;
  }
  return Enum(key, allowed);
}

Result<std::vector<std::string>> Params::Strings(std::string_view key) {
  LATHE_ASSIGN_OR_RETURN(nlohmann::json v, Value(key, true));
  if (v.is_string()) return std::vector<std::string>{v.get<std::string>()};
  if (!v.is_array()) {
    return ParamError(Field(key), "expected an array of strings, got " + TypeName(v));
  }
  if (v.empty()) return ParamError(Field(key), "must not be empty");
  std::vector<std::string> out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (!v[i].is_string()) {
      return ParamError(Field(key) + "[" + std::to_string(i) + "]",
                        "expected a string, got " + TypeName(v[i]));
    }
    out.push_back(v[i].get<std::string>());
  }
  return out;
}

Result<std::vector<std::string>> Params::Strings(std::string_view key,
                                                 std::vector<std::string> fallback) {
  if (!Has(key)) {
    consumed_.insert(std::string(key));
    return fallback;
  }
  return Strings(key);
}

Result<double> Params::Number(std::string_view key) {
  LATHE_ASSIGN_OR_RETURN(nlohmann::json v, Value(key, true));
  if (!v.is_number()) return ParamError(Field(key), "expected a number, got " + TypeName(v));
  double d = v.get<double>();
  if (!std::isfinite(d)) return ParamError(Field(key), "must be finite");
  return d;
}

Result<double> Params::Number(std::string_view key, double fallback) {
  if (!Has(key)) {
    consumed_.insert(std::string(key));
    return fallback;
  }
  return Number(key);
}

Result<std::optional<double>> Params::OptionalNumber(std::string_view key) {
  if (!Has(key)) {
    consumed_.insert(std::string(key));
    return std::optional<double>();
  }
  LATHE_ASSIGN_OR_RETURN(double d, Number(key));
  return std::optional<double>(d);
}

Result<int64_t> Params::Integer(std::string_view key) {
  LATHE_ASSIGN_OR_RETURN(nlohmann::json v, Value(key, true));
  if (v.is_number_integer()) return v.get<int64_t>();
  if (v.is_number_float()) {
    double d = v.get<double>();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9e15) {
      return static_cast<int64_t>(d);
    }
  }
  return ParamError(Field(key), "expected an integer, got " +
                                    (v.is_number() ? v.dump() : TypeName(v)));
}

Result<int64_t> Params::Integer(std::string_view key, int64_t fallback) {
  if (!Has(key)) {
    consumed_.insert(std::string(key));
    return fallback;
  }
  return Integer(key);
}

Result<bool> Params::Bool(std::string_view key, bool fallback) {
  if (!Has(key)) {
    consumed_.insert(std::string(key));
    return fallback;
  }
  LATHE_ASSIGN_OR_RETURN(nlohmann::json v, Value(key, true));
  if (!v.is_boolean()) return ParamError(Field(key), "expected true or false, got " + TypeName(v));
  return v.get<bool>();
}

Status Params::Finish() const {
  if (!step_.is_object()) return ParamError(path_, "a step must be a JSON object");
  for (const auto& [key, value] : step_.items()) {
    if (key == "state") continue;  // fitted state travels with the step; recipe.cc handles it
    if (!consumed_.contains(key)) return ParamError(Field(key), "unknown property");
  }
  return Status::Ok();
}

Result<size_t> RequireColumn(const data::Table& table, std::string_view name,
                             const std::string& field) {
  int i = table.FindColumn(name);
  if (i >= 0) return static_cast<size_t>(i);
  std::string names;
  for (size_t c = 0; c < table.num_columns() && c < 50; ++c) {
    names += (c ? ", " : "") + table.column(c).name;
  }
  if (table.num_columns() > 50) names += ", ...";
  return ParamError(field, "unknown column '" + std::string(name) + "' (columns: " + names + ")")
      .WithDetail("column", std::string(name));
}

Result<std::vector<size_t>> RequireColumns(const data::Table& table,
                                           const std::vector<std::string>& names,
                                           const std::string& field) {
  std::vector<size_t> out;
  out.reserve(names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    LATHE_ASSIGN_OR_RETURN(size_t c,
                           RequireColumn(table, names[i], field + "[" + std::to_string(i) + "]"));
    out.push_back(c);
  }
  return out;
}

}  // namespace lathe::prep
