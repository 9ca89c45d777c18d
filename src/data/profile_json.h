// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// JSON form of profiles and quality reports: exactly what GET /api/v1/datasets/{id}/profile
// returns and the studio renders (shape documented in docs/api/profile.md). Keys with no meaning
// for a column's type are omitted; NaN and infinities become null; dates and datetimes are ISO
// strings. Pure functions, safe from any thread.
//
//   nlohmann::json body = ToJson(profile);
#pragma once

#include <nlohmann/json.hpp>

#include "data/profile.h"
#include "data/quality.h"

namespace lathe::data {

nlohmann::json ToJson(const ColumnProfile& column);
nlohmann::json ToJson(const TableProfile& profile);
nlohmann::json ToJson(const QualityReport& report);
nlohmann::json ToJson(const ClassBalance& balance);

}  // namespace lathe::data
