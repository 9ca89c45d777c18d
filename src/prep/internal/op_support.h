// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Small pieces shared by the row, text, date-time and shape operations (ops/rows.cc, text.cc,
// datetime.cc, shape.cc): a base class holding the op name, step path and row-wise flag, the
// parameter documentation entry, and the "wrong column type" error. Header-only, stateless.
//
//   class TrimOp : public internal::OpBase { ... };
//   return internal::ColumnTypeError(Field("column"), col, "text or categorical");
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/table.h"
#include "prep/operation.h"
#include "prep/params.h"

namespace lathe::prep::internal {

// Base of an operation: remembers its name, its step path ("steps[2]") and whether it is
// row-wise. Immutable after construction, so Apply may run from several threads.
class OpBase : public Operation {
 public:
  OpBase(std::string_view name, std::string path, bool row_wise)
      : name_(name), path_(std::move(path)), row_wise_(row_wise) {}
  std::string_view name() const override { return name_; }
  bool row_wise() const override { return row_wise_; }
  const std::string& path() const { return path_; }
  // "steps[2].column"
  std::string Field(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  }

 private:
  std::string name_;
  std::string path_;
  bool row_wise_;
};

// One entry of OperationInfo::params. A null `default_value` means "no default".
inline nlohmann::json Param(std::string name, std::string type, bool required,
                            nlohmann::json default_value, std::string description,
                            std::vector<std::string> enum_values = {}) {
  nlohmann::json doc = {{"name", std::move(name)},
                        {"type", std::move(type)},
                        {"required", required},
                        {"default", std::move(default_value)},
                        {"description", std::move(description)}};
  if (!enum_values.empty()) doc["enum"] = std::move(enum_values);
  return doc;
}

// InvalidArgument "<field>: column 'x' is float64; <op> needs <needs>", details field, column,
// type.
inline Status ColumnTypeError(const std::string& field, const data::Column& column,
                              std::string_view op, std::string_view needs) {
  std::string type(data::DataTypeName(column.type));
  return ParamError(field, "column '" + column.name + "' is " + type + "; " + std::string(op) +
                               " needs " + std::string(needs))
      .WithDetail("column", column.name)
      .WithDetail("type", type);
}

inline bool IsStringType(data::DataType type) {
  return type == data::DataType::kText || type == data::DataType::kCategorical;
}

// InvalidArgument unless `name` is free in `table` (column `replaced`, which the step removes,
// does not count) and not already in `taken`; adds it to taken.
inline Status RequireNewName(const data::Table& table, std::vector<std::string>* taken,
                             const std::string& name, const std::string& field,
                             int replaced = -1) {
  if (name.empty()) return ParamError(field, "a column name must not be empty");
  const int found = table.FindColumn(name);
  bool clash = found >= 0 && found != replaced;
  for (const auto& t : *taken) clash = clash || t == name;
  if (clash) {
    return ParamError(field, "column '" + name + "' already exists").WithDetail("column", name);
  }
  taken->push_back(name);
  return Status::Ok();
}

}  // namespace lathe::prep::internal
