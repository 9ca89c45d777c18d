// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "prep/internal/take_or_null.h"

#include <limits>

#include "data/take.h"

namespace lathe::prep::internal {

data::Column TakeOrNull(const data::Column& column, std::span<const uint32_t> rows) {
  data::Column out = data::EmptyLike(column);
  const size_t n = rows.size();
  out.valid.resize(n);
  for (size_t i = 0; i < n; ++i) out.valid[i] = rows[i] == kNoId ? 0 : column.valid[rows[i]];
  switch (column.type) {
    case data::DataType::kInt64:
    case data::DataType::kBool:
    case data::DataType::kDate:
    case data::DataType::kDateTime:
      out.ints.resize(n);
      for (size_t i = 0; i < n; ++i) out.ints[i] = rows[i] == kNoId ? 0 : column.ints[rows[i]];
      break;
    case data::DataType::kFloat64:
      out.doubles.resize(n);
      for (size_t i = 0; i < n; ++i) {
        out.doubles[i] = rows[i] == kNoId ? std::numeric_limits<double>::quiet_NaN()
                                          : column.doubles[rows[i]];
      }
      break;
    case data::DataType::kCategorical:
      out.codes.resize(n);
      for (size_t i = 0; i < n; ++i) out.codes[i] = rows[i] == kNoId ? 0 : column.codes[rows[i]];
      break;
    case data::DataType::kText: {
      size_t bytes = 0;
      for (uint32_t r : rows) {
        if (r != kNoId) bytes += column.offsets[r + 1] - column.offsets[r];
      }
      out.chars.reserve(bytes);
      out.offsets.reserve(n + 1);
      for (uint32_t r : rows) {
        if (r != kNoId) {
          out.chars.append(column.chars, column.offsets[r],
                           column.offsets[r + 1] - column.offsets[r]);
        }
        out.offsets.push_back(out.chars.size());
      }
      break;
    }
  }
  return out;
}

}  // namespace lathe::prep::internal
