// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Helpers for the unit tests of the row, text, date-time and shape operations: build small
// tables, run one step, read a column back as strings ("" for null).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "data/table.h"
#include "prep/operation.h"

namespace lathe::prep::opsb_test {

using OptInt = std::optional<int64_t>;
using OptStr = std::optional<std::string>;
using OptDouble = std::optional<double>;

inline data::Column Ints(const std::string& name, const std::vector<OptInt>& values,
                         data::DataType type = data::DataType::kInt64) {
  data::Column c = data::Column::Make(name, type);
  for (const auto& v : values) v ? c.AppendInt(*v) : c.AppendNull();
  return c;
}

inline data::Column Doubles(const std::string& name, const std::vector<OptDouble>& values) {
  data::Column c = data::Column::Make(name, data::DataType::kFloat64);
  for (const auto& v : values) v ? c.AppendDouble(*v) : c.AppendNull();
  return c;
}

inline data::Column Strings(const std::string& name, const std::vector<OptStr>& values,
                            data::DataType type = data::DataType::kText) {
  data::Column c = data::Column::Make(name, type);
  for (const auto& v : values) v ? c.AppendString(*v) : c.AppendNull();
  return c;
}

inline data::Table MakeTable(std::vector<data::Column> columns) {
  data::Table t;
  for (auto& c : columns) EXPECT_TRUE(t.AddColumn(std::move(c)).ok());
  return t;
}

// Builds the step and applies it once (fitting). Returns the status of whichever part failed.
inline Result<data::Table> RunStep(const nlohmann::json& step, const data::Table& input,
                                   const ApplyContext& ctx = {}) {
  LATHE_ASSIGN_OR_RETURN(std::unique_ptr<Operation> op, MakeOperation(step, "steps[0]"));
  nlohmann::json state;
  return op->Apply(input, ctx, state);
}

// The values of column `name` as canonical strings; "<null>" for nulls.
inline std::vector<std::string> Col(const data::Table& t, const std::string& name) {
  std::vector<std::string> out;
  const int idx = t.FindColumn(name);
  EXPECT_GE(idx, 0) << "no column " << name;
  if (idx < 0) return out;
  const data::Column& c = t.column(static_cast<size_t>(idx));
  for (size_t row = 0; row < c.size(); ++row) {
    out.push_back(c.IsNull(row) ? "<null>" : c.ToString(row));
  }
  return out;
}

inline std::vector<std::string> Names(const data::Table& t) {
  std::vector<std::string> out;
  for (const auto& c : t.columns()) out.push_back(c.name);
  return out;
}

// The OperationInfo registered under `name` (fails the test if none).
inline const OperationInfo* Info(const std::string& name) {
  for (const auto& info : ListOperations()) {
    if (info.name == name) return &info;
  }
  ADD_FAILURE() << "operation " << name << " is not registered";
  return nullptr;
}

}  // namespace lathe::prep::opsb_test
