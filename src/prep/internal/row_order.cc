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

  int Compare(uint32_t a, uint32_t b) const {
    const bool na = IsNull(a), nb = IsNull(b);
    if (na || nb) {
      if (na && nb) return 0;
      return (na ? -1 : 1) * (nulls_first ? 1 : -1);
    }
    return CompareValues(a, b);
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

// Stable LSD radix sort on the codes, one byte per pass; passes where every row has the same
// byte are skipped.
void RadixSort(std::vector<CodedRow>* items) {
  std::vector<CodedRow> buffer(items->size());
  std::array<std::array<size_t, 256>, 8> counts{};
  for (const CodedRow& item : *items) {
    for (int b = 0; b < 8; ++b) ++counts[b][(item.code >> (8 * b)) & 0xFF];
  }
  std::vector<CodedRow>* from = items;
  std::vector<CodedRow>* to = &buffer;
  for (int b = 0; b < 8; ++b) {
    auto& count = counts[b];
    if (std::any_of(count.begin(), count.end(), [&](size_t c) { return c == items->size(); })) {
      continue;  // every code has the same byte here
    }
    size_t sum = 0;
    for (auto& c : count) {
      const size_t n = c;
      c = sum;
      sum += n;
    }
    for (const CodedRow& item : *from) to[0][count[(item.code >> (8 * b)) & 0xFF]++] = item;
    std::swap(from, to);
  }
  if (from != items) *items = std::move(*from);
}

// Sorts non-null rows of the first key, stably.
void SortFirstKey(const PreparedKey& key, std::vector<uint32_t>* rows) {
  if (key.is_text) {
    std::stable_sort(rows->begin(), rows->end(),
                     [&](uint32_t a, uint32_t b) { return key.CompareValues(a, b) < 0; });
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

// Stable-sorts each run of rows that tie on `first` by the remaining keys.
void SortTies(const PreparedKey& first, const std::vector<PreparedKey>& rest,
              std::vector<uint32_t>::iterator begin, std::vector<uint32_t>::iterator end,
              bool all_tied) {
  auto less = [&](uint32_t a, uint32_t b) {
    for (const PreparedKey& k : rest) {
      const int c = k.Compare(a, b);
      if (c != 0) return c < 0;
    }
    return false;
  };
  auto run = begin;
  while (run != end) {
    auto run_end = run + 1;
    if (all_tied) {
      run_end = end;
    } else {
      while (run_end != end && first.CompareValues(*run, *run_end) == 0) ++run_end;
    }
    if (run_end - run > 1) std::stable_sort(run, run_end, less);
    run = run_end;
  }
}

}  // namespace

void SortRows(const data::Table& table, const std::vector<SortKey>& keys,
              std::vector<uint32_t>* rows) {
  if (keys.empty() || rows->size() < 2) return;
  std::vector<PreparedKey> prepared;
  for (const SortKey& k : keys) prepared.push_back(Prepare(table, k));
  const PreparedKey& first = prepared[0];

  std::vector<uint32_t> present, nulls;
  present.reserve(rows->size());
  for (uint32_t row : *rows) (first.IsNull(row) ? nulls : present).push_back(row);
  SortFirstKey(first, &present);

  std::vector<PreparedKey> rest(std::make_move_iterator(prepared.begin() + 1),
                                std::make_move_iterator(prepared.end()));
  if (!rest.empty()) {
    SortTies(first, rest, present.begin(), present.end(), false);
    SortTies(first, rest, nulls.begin(), nulls.end(), true);
  }
  auto out = rows->begin();
  if (first.nulls_first) out = std::copy(nulls.begin(), nulls.end(), out);
  out = std::copy(present.begin(), present.end(), out);
  if (!first.nulls_first) std::copy(nulls.begin(), nulls.end(), out);
}

}  // namespace lathe::prep::internal
