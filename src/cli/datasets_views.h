// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Human views of the datasets API answers (docs/api/datasets.md): the schema of one dataset, the
// list, a profile and a page of rows, printed as aligned tables. Input is the API's JSON; missing
// or unexpected fields print as "-" rather than failing, so a newer server still renders. Pure
// functions of their arguments, thread-safe.
#pragma once

#include <ostream>

#include <nlohmann/json.hpp>

namespace lathe::cli {

struct ViewStyle {
  bool color = false;  // Bold table headers (only when writing to a terminal).
};

// One-row summary (NAME VERSION ID ROWS SIZE CREATED), a blank line, then one row per column
// (COLUMN TYPE NULLABLE).
void PrintDataset(const nlohmann::json& dataset, const ViewStyle& style, std::ostream& out);

// NAME VERSION ID ROWS COLUMNS SIZE CREATED for each entry of list["datasets"].
void PrintDatasetList(const nlohmann::json& list, const ViewStyle& style, std::ostream& out);

// Per-column statistics (COLUMN TYPE MISSING DISTINCT MIN MEAN MAX TOP), then the quality warnings,
// then the class balance when the profile has one.
void PrintProfile(const nlohmann::json& profile, const ViewStyle& style, std::ostream& out);

// rows["rows"] under a header of rows["columns"]; numbers right-aligned, null as "null".
void PrintRows(const nlohmann::json& rows, const ViewStyle& style, std::ostream& out);

}  // namespace lathe::cli
