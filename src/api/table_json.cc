// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "api/table_json.h"

#include <algorithm>
#include <cmath>

namespace lathe::api {

nlohmann::json CellJson(const data::Column& c, size_t row) {
  if (c.IsNull(row)) return nullptr;
  switch (c.type) {
    case data::DataType::kInt64: return c.IntAt(row);
    case data::DataType::kFloat64: {
      double v = c.DoubleAt(row);
      if (std::isfinite(v)) return v;
      return c.ToString(row);  // NaN / inf have no JSON number
    }
    case data::DataType::kBool: return c.BoolAt(row);
    case data::DataType::kCategorical:
    case data::DataType::kText: return std::string(c.StringAt(row));
    default: return c.ToString(row);
  }
}

nlohmann::json TableJson(const data::Table& table, size_t offset, size_t limit) {
  nlohmann::json columns = nlohmann::json::array();
  nlohmann::json types = nlohmann::json::array();
  for (const auto& c : table.columns()) {
    columns.push_back(c.name);
    types.push_back(std::string(data::DataTypeName(c.type)));
  }
  nlohmann::json rows = nlohmann::json::array();
  size_t end = std::min(table.num_rows(), offset + limit);
  for (size_t row = offset; row < end; ++row) {
    nlohmann::json cells = nlohmann::json::array();
    for (const auto& c : table.columns()) cells.push_back(CellJson(c, row));
    rows.push_back(std::move(cells));
  }
  return {{"columns", std::move(columns)}, {"types", std::move(types)}, {"rows", std::move(rows)}};
}

}  // namespace lathe::api
