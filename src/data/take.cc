// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "data/take.h"

#include <algorithm>
#include <cstring>
#include <numeric>
#include <vector>

#include "core/huge_pages.h"
#include "core/parallel_for.h"

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
  ReserveHuge(&out.valid, rows.size());
  out.valid.resize(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) out.valid[i] = column.valid[rows[i]];
  switch (column.type) {
    case DataType::kInt64:
    case DataType::kBool:
    case DataType::kDate:
    case DataType::kDateTime:
      ReserveHuge(&out.ints, rows.size());
      out.ints.resize(rows.size());
      for (size_t i = 0; i < rows.size(); ++i) out.ints[i] = column.ints[rows[i]];
      break;
    case DataType::kFloat64:
      ReserveHuge(&out.doubles, rows.size());
      out.doubles.resize(rows.size());
      for (size_t i = 0; i < rows.size(); ++i) out.doubles[i] = column.doubles[rows[i]];
      break;
    case DataType::kCategorical:
      ReserveHuge(&out.codes, rows.size());
      out.codes.resize(rows.size());
      for (size_t i = 0; i < rows.size(); ++i) out.codes[i] = column.codes[rows[i]];
      break;
    case DataType::kText: {
      size_t bytes = 0;
      for (uint32_t r : rows) bytes += column.offsets[r + 1] - column.offsets[r];
      ReserveHuge(&out.chars, bytes);
      ReserveHuge(&out.offsets, rows.size() + 1);
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

namespace {

template <typename T>
void CompactVector(std::vector<T>* v, std::span<const uint32_t> rows) {
  T* d = v->data();
  for (size_t i = 0; i < rows.size(); ++i) d[i] = d[rows[i]];  // rows[i] >= i: never overwrites
  v->resize(rows.size());
}

// Gathers *v through perm into *scratch, then swaps them: the old buffer becomes the scratch
// for the next column of the same storage type.
template <typename T>
void PermuteVector(std::vector<T>* v, std::span<const uint32_t> perm, std::vector<T>* scratch) {
  scratch->resize(perm.size());
  const T* s = v->data();
  T* d = scratch->data();
  constexpr size_t kAhead = 16;  // random reads: ask for the line a few rows early
  for (size_t i = 0; i < perm.size(); ++i) {
    if (i + kAhead < perm.size()) __builtin_prefetch(s + perm[i + kAhead]);
    d[i] = s[perm[i]];
  }
  v->swap(*scratch);
}

// Permutes columns first, first + stride, ... (one part of PermuteRows).
void PermuteColumns(Table* table, std::span<const uint32_t> perm, size_t first, size_t stride) {
  std::vector<uint8_t> bytes;
  std::vector<int64_t> ints;
  std::vector<double> doubles;
  std::vector<uint32_t> codes;
  for (size_t c = first; c < table->num_columns(); c += stride) {
    Column& col = table->mutable_column(c);
    PermuteVector(&col.valid, perm, &bytes);
    switch (col.type) {
      case DataType::kInt64:
      case DataType::kBool:
      case DataType::kDate:
      case DataType::kDateTime: PermuteVector(&col.ints, perm, &ints); break;
      case DataType::kFloat64: PermuteVector(&col.doubles, perm, &doubles); break;
      case DataType::kCategorical: PermuteVector(&col.codes, perm, &codes); break;
      case DataType::kText: {
        std::string chars;
        chars.resize(col.chars.size());
        std::vector<uint64_t> offsets(perm.size() + 1);
        uint64_t out = 0;
        for (size_t i = 0; i < perm.size(); ++i) {
          const uint64_t b = col.offsets[perm[i]], e = col.offsets[perm[i] + 1];
          std::memcpy(chars.data() + out, col.chars.data() + b, e - b);
          offsets[i] = out;
          out += e - b;
        }
        offsets[perm.size()] = out;
        col.chars.swap(chars);
        col.offsets.swap(offsets);
        break;
      }
    }
  }
}

}  // namespace

void CompactRows(Table* table, std::span<const uint32_t> rows, int threads) {
  ParallelFor(table->num_columns(), threads, [&](size_t c) {
    Column& col = table->mutable_column(c);
    CompactVector(&col.valid, rows);
    switch (col.type) {
      case DataType::kInt64:
      case DataType::kBool:
      case DataType::kDate:
      case DataType::kDateTime: CompactVector(&col.ints, rows); break;
      case DataType::kFloat64: CompactVector(&col.doubles, rows); break;
      case DataType::kCategorical: CompactVector(&col.codes, rows); break;
      case DataType::kText: {
        // Row i's bytes move left to out, which never passes their start.
        uint64_t out = 0;
        char* chars = col.chars.data();
        for (size_t i = 0; i < rows.size(); ++i) {
          const uint64_t b = col.offsets[rows[i]], e = col.offsets[rows[i] + 1];
          if (out != b) std::memmove(chars + out, chars + b, e - b);
          col.offsets[i] = out;
          out += e - b;
        }
        col.offsets[rows.size()] = out;
        col.offsets.resize(rows.size() + 1);
        col.chars.resize(out);
        break;
      }
    }
  });
}

void PermuteRows(Table* table, std::span<const uint32_t> perm, int threads) {
  const size_t parts = std::clamp<size_t>(static_cast<size_t>(std::max(threads, 1)), 1,
                                          std::max<size_t>(table->num_columns(), 1));
  // Part p permutes columns p, p + parts, ...: each part keeps its own scratch buffers.
  ParallelFor(parts, static_cast<int>(parts), [&](size_t part) {
    PermuteColumns(table, perm, part, parts);
  });
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
