// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "data/cell_json.h"

#include <cmath>
#include <string>

namespace lathe::data {

nlohmann::json CellJson(const Column& c, size_t row) {
  if (c.IsNull(row)) return nullptr;
  switch (c.type) {
    case DataType::kInt64: return c.IntAt(row);
    case DataType::kFloat64: {
      double v = c.DoubleAt(row);
      if (std::isfinite(v)) return v;
      return c.ToString(row);  // NaN / inf have no JSON number
    }
    case DataType::kBool: return c.BoolAt(row);
    case DataType::kCategorical:
    case DataType::kText: return std::string(c.StringAt(row));
    default: return c.ToString(row);
  }
}

}  // namespace lathe::data
