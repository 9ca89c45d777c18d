// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "api/table_json.h"

#include <algorithm>

#include "data/cell_json.h"

namespace lathe::api {

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
    for (const auto& c : table.columns()) cells.push_back(data::CellJson(c, row));
    rows.push_back(std::move(cells));
  }
  return {{"columns", std::move(columns)}, {"types", std::move(types)}, {"rows", std::move(rows)}};
}

}  // namespace lathe::api
