// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "data/take.h"

#include <algorithm>
#include <numeric>
#include <vector>

#include "data/internal/memory.h"

namespace lathe::data {

Column EmptyLike(const Column& column) {
  Column out = Column::Make(column.name, column.type);
  if (column.type == DataType::kCategorical) {
    out.dictionary = column.dictionary;
    // dictionary_index is a builder aid; rebuild it so AppendString keeps interning correctly.
    for (uint32_t i = 0; i < out.dictionary.size(); ++i) out.dictionary_index[out.dictionary[i]] = i;
  }
  return out;
}

Column TakeRows(const Column& column, std::span<const uint32_t> rows) {
  Column out = EmptyLike(column);
  // Big gathers fill fresh memory: back it with huge pages first (see internal/memory.h).
  internal::ReserveHuge(&out.valid, rows.size());
  out.valid.resize(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) out.valid[i] = column.valid[rows[i]];
  switch (column.type) {
    case DataType::kInt64:
    case DataType::kBool:
    case DataType::kDate:
    case DataType::kDateTime:
      internal::ReserveHuge(&out.ints, rows.size());
      out.ints.resize(rows.size());
      for (size_t i = 0; i < rows.size(); ++i) out.ints[i] = column.ints[rows[i]];
      break;
    case DataType::kFloat64:
      internal::ReserveHuge(&out.doubles, rows.size());
      out.doubles.resize(rows.size());
      for (size_t i = 0; i < rows.size(); ++i) out.doubles[i] = column.doubles[rows[i]];
      break;
    case DataType::kCategorical:
      internal::ReserveHuge(&out.codes, rows.size());
      out.codes.resize(rows.size());
      for (size_t i = 0; i < rows.size(); ++i) out.codes[i] = column.codes[rows[i]];
      break;
    case DataType::kText: {
      size_t bytes = 0;
      for (uint32_t r : rows) bytes += column.offsets[r + 1] - column.offsets[r];
      internal::ReserveHuge(&out.chars, bytes);
      internal::ReserveHuge(&out.offsets, rows.size() + 1);
      for (uint32_t r : rows) {
        out.chars.append(column.chars, column.offsets[r], column.offsets[r + 1] - column.offsets[r]);
        out.offsets.push_back(out.chars.size());
      }
      break;
    }
  }
  return out;
}

Table TakeRows(const Table& table, std::span<const uint32_t> rows) {
  Table out;
  for (const Column& c : table.columns()) {
    // Cannot fail: every gathered column has rows.size() rows.
    (void)out.AddColumn(TakeRows(c, rows));
  }
  return out;
}

Table SliceRows(const Table& table, size_t offset, size_t count) {
  size_t n = table.num_rows();
  size_t begin = std::min(offset, n);
  size_t end = begin + std::min(count, n - begin);
  std::vector<uint32_t> rows(end - begin);
  std::iota(rows.begin(), rows.end(), static_cast<uint32_t>(begin));
  return TakeRows(table, rows);
}

}  // namespace lathe::data
