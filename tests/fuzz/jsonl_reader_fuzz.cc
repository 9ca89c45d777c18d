// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// libFuzzer target for the JSON Lines reader: every input must give a Table or a Status.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "data/jsonl_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  lathe::data::JsonLinesOptions options;
  options.max_columns = 64;
  auto table = lathe::data::ReadJsonLinesBuffer(text, options);
  if (!table.ok()) return 0;
  for (const auto& column : table->columns()) {
    if (column.size() != table->num_rows()) std::abort();
    for (size_t row = 0; row < column.size(); ++row) (void)column.ToString(row);
  }
  return 0;
}
