// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// The JSON Lines reader: one JSON object per line becomes one row. Keys become columns (the union
// of all keys, in first-seen order); a key missing from a line is null there. Values are typed by
// the same rules as CSV cells (data/type_inference.h) applied to their text: numbers, booleans,
// strings (so "2024-01-01" is a date and "" is null), JSON null is null, and nested arrays or
// objects become text holding their JSON. Blank lines are skipped. Thread-safe (no shared state).
//
// Errors (InvalidArgument, details {file, line, column}; lines are 1-based, column is the 1-based
// BYTE position within the line): malformed JSON, a line that is not an object, no rows ("file is
// empty"), invalid UTF-8, more than max_columns distinct keys. NotFound if the file is missing.
//
//   LATHE_ASSIGN_OR_RETURN(Table t, ReadJsonLinesFile("events.jsonl", {}));
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/status.h"
#include "data/table.h"

namespace lathe::data {

struct JsonLinesOptions {
  // More distinct keys than this -> InvalidArgument naming the line that adds the extra one.
  size_t max_columns = 4096;
  // Name used in error messages and details ("file"); ReadJsonLinesFile defaults it to the path.
  std::string source_name;
};

// Reads the JSON Lines file at `path` into a new Table owned by the caller.
Result<Table> ReadJsonLinesFile(const std::string& path, const JsonLinesOptions& options);

// Same for bytes in memory; `data` is not retained.
Result<Table> ReadJsonLinesBuffer(std::string_view data, const JsonLinesOptions& options);

}  // namespace lathe::data
