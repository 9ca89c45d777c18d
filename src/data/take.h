// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Row selection on Tables and Columns: gather rows by index (filters, samples, sorts, splits)
// and slice a contiguous range (previews). Types, names and dictionaries are kept; a gathered
// categorical column keeps its whole dictionary so codes stay comparable across selections.
//
//   std::vector<uint32_t> rows = {4, 0, 2};
//   data::Table picked = data::TakeRows(table, rows);  // rows 4, 0, 2 in that order
#pragma once

#include <cstdint>
#include <span>

#include "data/table.h"

namespace lathe::data {

// The rows at `rows` (each < column.size()), in that order; repeats allowed.
Column TakeRows(const Column& column, std::span<const uint32_t> rows);
Table TakeRows(const Table& table, std::span<const uint32_t> rows);

// In place: keeps only the rows at `rows`, which must be strictly increasing. Each column is
// compacted within its own buffers, so no new memory is touched (fresh pages are what a large
// table costs most on a virtual machine). With threads > 1, columns are compacted in parallel.
void CompactRows(Table* table, std::span<const uint32_t> rows, int threads = 1);

// In place: reorders the rows so that row i becomes the old row perm[i]; `perm` must be a
// permutation of 0..num_rows()-1. One scratch buffer per storage type is reused from column to
// column, so the extra memory is about one column per thread, not a second table. With
// threads > 1 the columns are split between that many threads.
void PermuteRows(Table* table, std::span<const uint32_t> perm, int threads = 1);

// Rows [offset, offset + count) clipped to the table.
Table SliceRows(const Table& table, size_t offset, size_t count);

// An empty column with the same name, type and (for categoricals) dictionary.
Column EmptyLike(const Column& column);

}  // namespace lathe::data
