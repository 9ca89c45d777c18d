// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "data/take.h"

#include <algorithm>
#include <numeric>
#include <vector>

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
  out.valid.resize(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) out.valid[i] = column.valid[rows[i]];
  switch (column.type) {
    case DataType::kInt64:
    case DataType::kBool:
    case DataType::kDate:
    case DataType::kDateTime:
      out.ints.resize(rows.size());
      for (size_t i = 0; i < rows.size(); ++i) out.ints[i] = column.ints[rows[i]];
      break;
    case DataType::kFloat64:
      out.doubles.resize(rows.size());
      for (size_t i = 0; i < rows.size(); ++i) out.doubles[i] = column.doubles[rows[i]];
      break;
    case DataType::kCategorical:
      out.codes.resize(rows.size());
      for (size_t i = 0; i < rows.size(); ++i) out.codes[i] = column.codes[rows[i]];
      break;
    case DataType::kText: {
      size_t bytes = 0;
      for (uint32_t r : rows) bytes += column.offsets[r + 1] - column.offsets[r];
      out.chars.reserve(bytes);
      out.offsets.reserve(rows.size() + 1);
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
