// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "prep/internal/row_order.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <numeric>
#include <string_view>

namespace lathe::prep::internal {
namespace {

using data::Column;
using data::DataType;

constexpr uint64_t kSignBit = 1ULL << 63;

// One key, prepared for comparisons: either an order-preserving uint64 per row (numbers,
// dates, bools, categorical ranks), or the text itself.
struct PreparedKey {
  const Column* column = nullptr;
  bool descending = false;
  bool nulls_first = false;
  bool is_text = false;
  std::vector<uint32_t> category_rank;  // categorical: rank of each dictionary entry

  bool IsNull(uint32_t row) const {
    if (!column->valid[row]) return true;
    return column->type == DataType::kFloat64 && std::isnan(column->doubles[row]);
  }

  // Order-preserving code of a non-null row in ascending order.
  uint64_t Code(uint32_t row) const {
    switch (column->type) {
      case DataType::kFloat64: {
        double v = column->doubles[row];
        if (v == 0) v = 0;  // -0.0 sorts with 0.0
        const uint64_t bits = std::bit_cast<uint64_t>(v);
        return (bits & kSignBit) ? ~bits : bits | kSignBit;
      }
      case DataType::kCategorical: return category_rank[column->codes[row]];
      case DataType::kBool: return column->ints[row] != 0;
      default: return static_cast<uint64_t>(column->ints[row]) ^ kSignBit;
    }
  }

  // <0, 0, >0 for non-null rows, honouring the direction.
  int CompareValues(uint32_t a, uint32_t b) const {
    int c;
    if (is_text) {
      const int r = column->StringAt(a).compare(column->StringAt(b));
      c = (r > 0) - (r < 0);
    } else {
      const uint64_t ca = Code(a), cb = Code(b);
      c = (ca > cb) - (ca < cb);
    }
    return descending ? -c : c;
  }
};

PreparedKey Prepare(const data::Table& table, const SortKey& key) {
  PreparedKey p;
  p.column = &table.column(key.column);
  p.descending = key.descending;
  p.nulls_first = key.nulls_first;
  p.is_text = p.column->type == DataType::kText;
  if (p.column->type == DataType::kCategorical) {
    const auto& dict = p.column->dictionary;
    std::vector<uint32_t> order(dict.size());
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(),
              [&](uint32_t a, uint32_t b) { return dict[a] < dict[b]; });
    p.category_rank.resize(dict.size());
    for (uint32_t r = 0; r < order.size(); ++r) p.category_rank[order[r]] = r;
  }
  return p;
}

struct CodedRow {
  uint64_t code;
  uint32_t row;
};

// Stable LSD radix sort on the codes, 11 bits per pass; passes where every row has the same
// digit are skipped (small integer ranges and categorical ranks need one or two passes).
void RadixSort(std::vector<CodedRow>* items) {
  constexpr int kBits = 11, kPasses = 6;
  constexpr size_t kBuckets = size_t{1} << kBits;
  std::vector<std::array<size_t, kBuckets>> counts(kPasses);
  for (auto& c : counts) c.fill(0);
  for (const CodedRow& item : *items) {
    for (int p = 0; p < kPasses; ++p) ++counts[p][(item.code >> (kBits * p)) & (kBuckets - 1)];
  }
  std::vector<CodedRow> buffer(items->size());
  std::vector<CodedRow>* from = items;
  std::vector<CodedRow>* to = &buffer;
  for (int p = 0; p < kPasses; ++p) {
    auto& count = counts[p];
    if (std::any_of(count.begin(), count.end(), [&](size_t c) { return c == items->size(); })) {
      continue;  // every code has the same digit here
    }
    size_t sum = 0;
    for (auto& c : count) {
      const size_t n = c;
      c = sum;
      sum += n;
    }
    CodedRow* out = to->data();
    for (const CodedRow& item : *from) out[count[(item.code >> (kBits * p)) & (kBuckets - 1)]++] = item;
    std::swap(from, to);
  }
  if (from != items) *items = std::move(*from);
}

// Bytes [7 * depth, 7 * depth + 7) of a string as a big-endian number (zero padded), followed
// by one byte min(bytes left from 7 * depth, 8). Comparing these codes orders strings by that
// chunk; a string that ends first sorts first; equal codes with 8 in the last byte mean that
// both strings continue past the chunk.
uint64_t ChunkCode(std::string_view s, size_t depth) {
  const size_t start = 7 * depth;
  const size_t left = s.size() > start ? s.size() - start : 0;
  uint64_t code = 0;
  for (size_t i = 0; i < 7; ++i) {
    code = (code << 8) | (i < left ? static_cast<unsigned char>(s[start + i]) : 0u);
  }
  return (code << 8) | (left < 8 ? left : 8);
}

// Stable MSD radix sort of text rows, 7 bytes per level; small runs use a comparison sort.
void SortText(const PreparedKey& key, std::vector<uint32_t>::iterator begin,
              std::vector<uint32_t>::iterator end, size_t depth) {
  const size_t n = static_cast<size_t>(end - begin);
  if (n < 2) return;
  if (n < 32) {
    std::stable_sort(begin, end,
                     [&](uint32_t a, uint32_t b) { return key.CompareValues(a, b) < 0; });
    return;
  }
  std::vector<CodedRow> items(n);
  for (size_t i = 0; i < n; ++i) {
    const uint32_t row = begin[static_cast<std::ptrdiff_t>(i)];
    const uint64_t code = ChunkCode(key.column->StringAt(row), depth);
    items[i] = {key.descending ? ~code : code, row};
  }
  RadixSort(&items);
  for (size_t i = 0; i < n; ++i) begin[static_cast<std::ptrdiff_t>(i)] = items[i].row;
  size_t run = 0;
  while (run < n) {
    size_t stop = run + 1;
    while (stop < n && items[stop].code == items[run].code) ++stop;
    const uint64_t code = key.descending ? ~items[run].code : items[run].code;
    if (stop - run > 1 && (code & 0xFF) == 8) {
      SortText(key, begin + static_cast<std::ptrdiff_t>(run),
               begin + static_cast<std::ptrdiff_t>(stop), depth + 1);
    }
    run = stop;
  }
}

// Stable sort of present rows by one key: LSD radix on the order-preserving codes, or the
// MSD radix of SortText.
void SortPresent(const PreparedKey& key, std::vector<uint32_t>* rows) {
  if (key.is_text) {
    SortText(key, rows->begin(), rows->end(), 0);
    return;
  }
  std::vector<CodedRow> items(rows->size());
  for (size_t i = 0; i < rows->size(); ++i) {
    const uint32_t row = (*rows)[i];
    const uint64_t code = key.Code(row);
    items[i] = {key.descending ? ~code : code, row};
  }
  RadixSort(&items);
  for (size_t i = 0; i < items.size(); ++i) (*rows)[i] = items[i].row;
}

// Stable sort of `rows` by one key, nulls placed per the key.
void SortByKey(const PreparedKey& key, std::vector<uint32_t>* rows) {
  std::vector<uint32_t> present, nulls;
  present.reserve(rows->size());
  for (uint32_t row : *rows) (key.IsNull(row) ? nulls : present).push_back(row);
  SortPresent(key, &present);
  auto out = rows->begin();
  if (key.nulls_first) out = std::copy(nulls.begin(), nulls.end(), out);
  out = std::copy(present.begin(), present.end(), out);
  if (!key.nulls_first) std::copy(nulls.begin(), nulls.end(), out);
}

}  // namespace

void SortRows(const data::Table& table, const std::vector<SortKey>& keys,
              std::vector<uint32_t>* rows) {
  if (keys.empty() || rows->size() < 2) return;
  // Least significant key first: each pass is stable, so earlier keys take precedence.
  for (auto it = keys.rbegin(); it != keys.rend(); ++it) SortByKey(Prepare(table, *it), rows);
}

}  // namespace lathe::prep::internal
