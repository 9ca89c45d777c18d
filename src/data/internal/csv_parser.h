// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// The parallel CSV body parser: splits the data region into chunks at record boundaries (found
// with a quote-parity pass and verified after parsing), parses the chunks on several threads
// into typed chunk columns with single-pass type inference, then merges each column. Runs on a
// caller-owned buffer; thread-safe for distinct calls.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "data/internal/csv_tokenizer.h"
#include "data/table.h"

namespace lathe::data::internal {

struct CsvBodyOptions {
  const char* base = nullptr;  // the whole input; offsets below and in errors are relative to it
  size_t begin = 0;            // first byte of the first data record
  size_t end = 0;              // end of data (trailing blank lines already removed)
  char delimiter = ',';
  size_t max_field_bytes = 16 << 20;
  int num_threads = 2;
  double avg_record_bytes = 64;  // estimate from the sample, for reservations
  // Called with [begin, end) byte ranges the parser no longer needs (e.g. to madvise them).
  std::function<void(size_t, size_t)> release;
};

// Parses the data records into `table` with one column per name. On a syntax problem returns
// false and fills *err (the first problem in file order). *rows receives the row count.
bool ParseCsvBody(const CsvBodyOptions& options, const std::vector<std::string>& names,
                  Table* table, size_t* rows, CsvError* err);

}  // namespace lathe::data::internal
