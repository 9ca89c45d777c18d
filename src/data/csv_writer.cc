// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "data/csv_writer.h"

#include "core/file_util.h"

namespace lathe::data {

void AppendCsvField(std::string_view value, char delimiter, std::string* out) {
  bool quote = !value.empty() && (value.front() == ' ' || value.back() == ' ' ||
                                  value.front() == '\t' || value.back() == '\t');
  for (char c : value) {
    if (c == delimiter || c == '"' || c == '\n' || c == '\r') {
      quote = true;
      break;
    }
  }
  if (!quote) {
    out->append(value);
    return;
  }
  out->push_back('"');
  for (char c : value) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

void WriteCsv(const Table& table, std::string* out, char delimiter) {
  for (size_t c = 0; c < table.num_columns(); ++c) {
    if (c) out->push_back(delimiter);
    AppendCsvField(table.column(c).name, delimiter, out);
  }
  out->push_back('\n');
  for (size_t r = 0; r < table.num_rows(); ++r) {
    for (size_t c = 0; c < table.num_columns(); ++c) {
      if (c) out->push_back(delimiter);
      const Column& col = table.column(c);
      if (col.IsNull(r)) continue;
      if (col.type == DataType::kText || col.type == DataType::kCategorical) {
        std::string_view s = col.StringAt(r);
        // An empty string would read back as null; quote it to keep it a value.
        if (s.empty()) {
          out->append("\"\"");
        } else {
          AppendCsvField(s, delimiter, out);
        }
      } else {
        AppendCsvField(col.ToString(r), delimiter, out);
      }
    }
    out->push_back('\n');
  }
}

std::string ToCsv(const Table& table, char delimiter) {
  std::string out;
  WriteCsv(table, &out, delimiter);
  return out;
}

Status WriteCsvFile(const Table& table, const std::string& path, char delimiter) {
  return WriteFileAtomic(path, ToCsv(table, delimiter));
}

}  // namespace lathe::data
