// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Tables in API responses: {"columns": [names], "types": [types], "rows": [[cells]]}. Cells are
// JSON numbers, booleans, strings or null; NaN/inf and dates use Column::ToString's text.
#pragma once

#include <nlohmann/json.hpp>

#include "data/table.h"

namespace lathe::api {

// {"columns", "types", "rows"} for rows [offset, offset + limit) of `table`.
nlohmann::json TableJson(const data::Table& table, size_t offset, size_t limit);

}  // namespace lathe::api
