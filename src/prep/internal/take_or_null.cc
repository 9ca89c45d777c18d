// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "prep/internal/take_or_null.h"

#include <cstring>
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
      // Sizes first (offsets only), then the bytes, prefetching the rows a little ahead.
      constexpr size_t kAhead = 16;
      out.offsets.resize(n + 1);
      uint64_t total = 0;
      for (size_t i = 0; i < n; ++i) {
        if (i + kAhead < n && rows[i + kAhead] != kNoId) {
          __builtin_prefetch(&column.offsets[rows[i + kAhead]]);
        }
        const uint32_t r = rows[i];
        if (r != kNoId) total += column.offsets[r + 1] - column.offsets[r];
        out.offsets[i + 1] = total;
      }
      out.chars.resize(total);
      char* dst = out.chars.data();
      for (size_t i = 0; i < n; ++i) {
        if (i + kAhead < n && rows[i + kAhead] != kNoId) {
          __builtin_prefetch(column.chars.data() + column.offsets[rows[i + kAhead]]);
        }
        const uint32_t r = rows[i];
        if (r == kNoId) continue;
        const uint64_t len = out.offsets[i + 1] - out.offsets[i];
        std::memcpy(dst + out.offsets[i], column.chars.data() + column.offsets[r], len);
      }
      break;
    }
  }
  return out;
}

data::Table TakeOrNull(const data::Table& table, std::span<const uint32_t> rows) {
  data::Table out;
  for (const data::Column& c : table.columns()) (void)out.AddColumn(TakeOrNull(c, rows));
  return out;
}

}  // namespace lathe::prep::internal
