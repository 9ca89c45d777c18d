// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "prep/internal/insights_duplicates.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <vector>

#include "data/hyperloglog.h"  // for Mix64, HashBytes

namespace lathe::prep::internal {
namespace {

constexpr uint64_t kNullCell = 0x3c6ef372fe94f82bULL;
constexpr uint64_t kNaNCell = 0xa54ff53a5f1d36f1ULL;

uint64_t CellHash(const data::Column& c, size_t row) {
  if (c.IsNull(row)) return kNullCell;
  switch (c.type) {
    case data::DataType::kFloat64: {
      const double v = c.doubles[row];
      if (std::isnan(v)) return kNaNCell;
      return data::Mix64(std::bit_cast<uint64_t>(v == 0 ? 0.0 : v));
    }
    case data::DataType::kCategorical:
      return data::Mix64(c.codes[row]);
    case data::DataType::kText: {
      const std::string_view s = c.StringAt(row);
      return data::HashBytes(s.data(), s.size());
    }
    default:
      return data::Mix64(static_cast<uint64_t>(c.ints[row]));
  }
}

bool CellsEqual(const data::Column& c, size_t a, size_t b) {
  if (c.IsNull(a) || c.IsNull(b)) return c.IsNull(a) == c.IsNull(b);
  switch (c.type) {
    case data::DataType::kFloat64: {
      const double x = c.doubles[a], y = c.doubles[b];
      return x == y || (std::isnan(x) && std::isnan(y));
    }
    case data::DataType::kCategorical:
      return c.codes[a] == c.codes[b];
    case data::DataType::kText:
      return c.StringAt(a) == c.StringAt(b);
    default:
      return c.ints[a] == c.ints[b];
  }
}

bool RowsEqual(const data::Table& table, size_t a, size_t b) {
  for (const data::Column& c : table.columns()) {
    if (!CellsEqual(c, a, b)) return false;
  }
  return true;
}

}  // namespace

size_t CountDuplicateRowsExact(const data::Table& table) {
  const size_t rows = table.num_rows();
  if (rows < 2 || table.num_columns() == 0) return 0;
  std::vector<uint64_t> hashes(rows, 0);
  for (const data::Column& c : table.columns()) {
    for (size_t row = 0; row < rows; ++row) {
      hashes[row] = (std::rotl(hashes[row], 23) ^ CellHash(c, row)) * 0x9e3779b97f4a7c15ULL;
    }
  }
  std::vector<uint32_t> order(rows);
  for (size_t row = 0; row < rows; ++row) order[row] = static_cast<uint32_t>(row);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return hashes[a] != hashes[b] ? hashes[a] < hashes[b] : a < b;
  });
  size_t duplicates = 0;
  std::vector<uint32_t> representatives;  // distinct rows within one run of equal hashes
  for (size_t begin = 0; begin < rows;) {
    size_t end = begin + 1;
    while (end < rows && hashes[order[end]] == hashes[order[begin]]) ++end;
    representatives.clear();
    for (size_t idx = begin; idx < end; ++idx) {
      const bool seen = std::any_of(representatives.begin(), representatives.end(),
                                    [&](uint32_t rep) { return RowsEqual(table, rep, order[idx]); });
      if (seen) {
        ++duplicates;
      } else {
        representatives.push_back(order[idx]);
      }
    }
    begin = end;
  }
  return duplicates;
}

}  // namespace lathe::prep::internal
