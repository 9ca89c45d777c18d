// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Exact duplicate-row count for the insights summary. Rows are grouped by a 64-bit hash of all
// their cells and every hash collision is settled by comparing the cells themselves, so the
// count is exact (data::CountDuplicateRows trusts the hash alone). Nulls equal nulls, NaN
// equals NaN, -0.0 equals 0.0. Pure; safe on a shared const Table.
//
//   size_t dups = CountDuplicateRowsExact(table);  // rows equal to an earlier row
#pragma once

#include <cstddef>

#include "data/table.h"

namespace lathe::prep::internal {

// Number of rows that equal (over all columns) some earlier row.
size_t CountDuplicateRowsExact(const data::Table& table);

}  // namespace lathe::prep::internal
