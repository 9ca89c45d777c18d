// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Stable multi-key row ordering for sort and group_by: numbers numerically (NaN counts as
// null), bools false < true, dates and datetimes chronologically, text and categorical values
// bytewise (unsigned bytes, so UTF-8 sorts by code point). Nulls go first or last per key,
// independently of the direction. Pure function; thread-safe.
//
//   std::vector<uint32_t> rows(table.num_rows());
//   std::iota(rows.begin(), rows.end(), 0u);
//   SortRows(table, {{.column = 2, .descending = true}}, &rows);
#pragma once

#include <cstdint>
#include <vector>

#include "data/table.h"

namespace lathe::prep::internal {

struct SortKey {
  size_t column = 0;         // index in the table
  bool descending = false;   // larger values first
  bool nulls_first = false;  // nulls before all values (else after), whatever the direction
};

// Reorders `rows` (indices into `table`) by `keys`; rows with equal keys keep their relative
// order in `rows`.
void SortRows(const data::Table& table, const std::vector<SortKey>& keys,
              std::vector<uint32_t>* rows);

}  // namespace lathe::prep::internal
