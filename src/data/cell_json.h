// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// One cell of a Table as JSON, as the API shows rows: numbers, booleans and strings as
// themselves, null for a missing value, dates and non-finite floats as their text.
//
//   nlohmann::json v = CellJson(table.column(0), 3);
#pragma once

#include <cstddef>

#include <nlohmann/json.hpp>

#include "data/table.h"

namespace lathe::data {

nlohmann::json CellJson(const Column& column, size_t row);

}  // namespace lathe::data
