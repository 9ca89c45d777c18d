// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// CSV writer: a Table as RFC 4180 text with a header row, each value in Column::ToString's
// canonical form, null as an empty field; a field is quoted only when it must be (delimiter,
// quote, CR/LF, or leading/trailing space). Reading the output back with ReadCsv* gives the same
// values (types re-inferred).
//
//   LATHE_RETURN_IF_ERROR(data::WriteCsvFile(table, "/tmp/out.csv"));
#pragma once

#include <string>

#include "core/status.h"
#include "data/table.h"

namespace lathe::data {

// Appends the CSV text of `table` (header + rows) to *out.
void WriteCsv(const Table& table, std::string* out, char delimiter = ',');
std::string ToCsv(const Table& table, char delimiter = ',');
// Writes atomically (temp file + rename). Unavailable / the errno status on I/O failure.
Status WriteCsvFile(const Table& table, const std::string& path, char delimiter = ',');

// One field, quoted if needed.
void AppendCsvField(std::string_view value, char delimiter, std::string* out);

}  // namespace lathe::data
