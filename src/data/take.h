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

// Rows [offset, offset + count) clipped to the table.
Table SliceRows(const Table& table, size_t offset, size_t count);

// An empty column with the same name, type and (for categoricals) dictionary.
Column EmptyLike(const Column& column);

}  // namespace lathe::data
