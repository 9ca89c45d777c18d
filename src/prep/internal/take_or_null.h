// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// TakeOrNull: gathers rows of a column like data::TakeRows (prefetching ahead, text sized in
// one pass and copied in a second), except that an index of kNoId yields a null (the unmatched side of an outer join, a group with no present value). Pure
// function; thread-safe.
//
//   std::vector<uint32_t> rows = {3, kNoId, 0};
//   data::Column out = TakeOrNull(column, rows);  // row 3, null, row 0
#pragma once

#include <cstdint>
#include <span>

#include "data/table.h"
#include "prep/internal/value_ids.h"  // kNoId

namespace lathe::prep::internal {

data::Column TakeOrNull(const data::Column& column, std::span<const uint32_t> rows);
// Every column of `table` gathered the same way.
data::Table TakeOrNull(const data::Table& table, std::span<const uint32_t> rows);

}  // namespace lathe::prep::internal
