// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "prep/internal/column_ops.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "data/take.h"

namespace lathe::prep::internal {

nlohmann::json ParamDoc(std::string name, std::string type, bool required,
                        nlohmann::json default_value, std::string description,
                        std::vector<std::string> enum_values) {
  nlohmann::json doc = {{"name", std::move(name)},
                        {"type", std::move(type)},
                        {"required", required},
                        {"default", std::move(default_value)},
                        {"description", std::move(description)}};
  if (!enum_values.empty()) doc["enum"] = std::move(enum_values);
  return doc;
}

std::string IndexedField(const std::string& base, const std::string& key, size_t i) {
  return base + (key == "columns" ? "[" + std::to_string(i) + "]" : "");
}

Result<std::vector<std::string>> ColumnsParam(Params& params, bool required, std::string* key) {
  const bool has_columns = params.Has("columns");
  const bool has_column = params.Has("column");
  if (has_columns && has_column) {
    return ParamError(params.Field("column"), "give either column or columns, not both");
  }
  if (!has_columns && !has_column) {
    *key = "columns";
    if (required) return ParamError(params.Field("columns"), "required");
    // Mark both as read so Finish() accepts an explicit null.
    (void)params.Value("columns", false);
    (void)params.Value("column", false);
    return std::vector<std::string>{};
  }
  *key = has_columns ? "columns" : "column";
  LATHE_ASSIGN_OR_RETURN(std::vector<std::string> names, params.Strings(*key));
  LATHE_RETURN_IF_ERROR(RequireUnique(names, params.Field(*key)));
  return names;
}

Status WrongTypeError(const std::string& field, const data::Column& column, std::string_view op,
                      std::string_view needs) {
  std::string type(data::DataTypeName(column.type));
  return ParamError(field, "column '" + column.name + "' is " + type + "; " + std::string(op) +
                               " needs " + std::string(needs))
      .WithDetail("column", column.name)
      .WithDetail("type", type);
}

bool IsNumberColumn(const data::Column& column) {
  return column.type == data::DataType::kInt64 || column.type == data::DataType::kFloat64;
}

bool IsMissing(const data::Column& column, size_t row) {
  if (column.IsNull(row)) return true;
  return column.type == data::DataType::kFloat64 && std::isnan(column.doubles[row]);
}

std::vector<double> PresentNumbers(const data::Column& column) {
  std::vector<double> out;
  out.reserve(column.size());
  for (size_t row = 0; row < column.size(); ++row) {
    if (!IsMissing(column, row)) out.push_back(column.NumericAt(row));
  }
  return out;
}

double SortedQuantile(const std::vector<double>& sorted, double q) {
  const double pos = q * static_cast<double>(sorted.size() - 1);
  const size_t lo = static_cast<size_t>(std::floor(pos));
  const size_t hi = std::min(lo + 1, sorted.size() - 1);
  const double frac = pos - static_cast<double>(lo);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * frac;
}

double Quantile(std::vector<double>* values, double q) {
  const size_t n = values->size();
  const double pos = q * static_cast<double>(n - 1);
  const size_t lo = static_cast<size_t>(std::floor(pos));
  const double frac = pos - static_cast<double>(lo);
  auto nth = values->begin() + static_cast<std::ptrdiff_t>(lo);
  std::nth_element(values->begin(), nth, values->end());
  const double a = *nth;
  if (frac == 0 || lo + 1 >= n) return a;
  const double b = *std::min_element(nth + 1, values->end());  // the next order statistic
  return a + (b - a) * frac;
}

data::Table ReplaceColumns(data::Table input, std::map<size_t, data::Column> replaced) {
  for (auto& [col_idx, column] : replaced) input.mutable_column(col_idx) = std::move(column);
  return input;
}

data::Table KeepRows(data::Table input, const std::vector<uint8_t>& keep) {
  std::vector<uint32_t> rows;
  rows.reserve(input.num_rows());
  for (size_t row = 0; row < keep.size(); ++row) {
    if (keep[row]) rows.push_back(static_cast<uint32_t>(row));
  }
  if (rows.size() < input.num_rows()) data::CompactRows(&input, rows);
  return input;
}

nlohmann::json NumberJson(double v) {
  if (!std::isfinite(v)) return nullptr;
  return v;
}

Status BadState(const std::string& path, const std::string& what) {
  return InvalidArgumentError(path + ".state: fitted state is malformed: " + what)
      .WithDetail("field", path + ".state");
}

Status RequireUnique(const std::vector<std::string>& names, const std::string& field) {
  std::set<std::string, std::less<>> seen;
  for (size_t i = 0; i < names.size(); ++i) {
    if (!seen.insert(names[i]).second) {
      return ParamError(field + "[" + std::to_string(i) + "]",
                        "column '" + names[i] + "' is listed twice");
    }
  }
  return Status::Ok();
}

}  // namespace lathe::prep::internal
