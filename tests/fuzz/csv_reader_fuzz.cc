// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// libFuzzer target for the CSV reader. The first input byte picks the options (delimiter,
// header mode, threads, small limits), the rest is the CSV. Any crash, sanitizer report or
// broken table invariant is a bug: the reader must turn every input into a Table or a Status.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "data/csv_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t knobs = data[0];
  std::string_view csv(reinterpret_cast<const char*>(data + 1), size - 1);
  lathe::data::CsvOptions options;
  static constexpr char kDelims[] = {0, ',', ';', '\t'};
  options.delimiter = kDelims[knobs & 3];
  options.header = static_cast<lathe::data::CsvOptions::Header>((knobs >> 2) % 3);
  options.num_threads = (knobs & 16) ? 2 : 1;
  if (knobs & 32) options.max_field_bytes = 8;
  if (knobs & 64) options.max_columns = 3;
  lathe::data::CsvInfo info;
  auto table = lathe::data::ReadCsvBuffer(csv, options, &info);
  if (!table.ok()) {
    if (table.status().message().empty()) std::abort();
    return 0;
  }
  if (table->num_columns() == 0 || info.rows != table->num_rows()) std::abort();
  for (const auto& column : table->columns()) {
    if (column.size() != table->num_rows()) std::abort();
    for (size_t row = 0; row < column.size(); ++row) (void)column.ToString(row);
  }
  return 0;
}
