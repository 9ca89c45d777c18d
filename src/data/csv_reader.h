// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// The CSV reader: turns a CSV file or buffer into a typed Table in one parallel pass.
// Thread-safe (no shared state); each call uses up to options.num_threads threads.
//
// Format: RFC 4180 — fields separated by one delimiter, optionally quoted with ", a quote inside
// a quoted field written twice (""), LF or CRLF line ends, newlines allowed inside quotes. A
// UTF-8 byte order mark is skipped; the last newline is optional; blank lines at the end are
// ignored, and so are blank lines in the middle when there are two or more columns (with one
// column a blank line is a null). Leniencies: a quote inside an unquoted field is kept as is;
// text after a closing quote is kept with the raw field. Text must be valid UTF-8.
//
// Delimiter sniffing (delimiter = 0): the first records are split with each of , ; \t | (outside
// quotes); the delimiter giving more than one field and the same count on every sampled record
// wins (then the most fields; ties in that order). Header detection (kAuto): the first row is a
// header if (a) all its cells are non-empty non-numeric strings and some column is typed
// (numeric/bool/date) in the rows below, or (b) its cells are distinct and non-empty and at least
// one differs in type from its column below, or (c) every column is a string column and the
// first-row cells are distinct, non-empty and do not reappear in their columns below. A single
// row is a header only if all its cells are non-numeric strings. Without a header the columns
// are named column_1..column_n. Header names are made unique ("a", "a_2", ...) and an empty name
// becomes "column_<i>".
//
// Types: see data/type_inference.h (int64, float64, bool, date, datetime, categorical, text;
// empty cells and NA / N/A / null / NULL / None / ? are nulls; an empty quoted field is null too).
//
// Errors (every message and details name the place; lines are 1-based physical lines of the
// input, a record spanning lines is reported at the line where it starts):
//   InvalidArgument: "file is empty"; "header only, no data rows"; a ragged row ("line 7:
//     expected 5 fields, found 6", details {file, line, column, expected, found}, column = first
//     missing or extra field); an unterminated quote (line where the quote opened, column =
//     field number, byte_column); invalid UTF-8 (line of the bad byte, column = 1-based BYTE
//     position within that line, field); more than max_columns columns (line 1, columns).
//   ResourceExhausted: a field longer than max_field_bytes (line, column = field number).
//   NotFound / Internal: the file cannot be opened / read.
//
//   CsvOptions options;
//   options.source_name = "iris.csv";
//   CsvInfo info;
//   LATHE_ASSIGN_OR_RETURN(Table table, ReadCsvFile("data/iris.csv", options, &info));
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/status.h"
#include "data/table.h"

namespace lathe::data {

struct CsvOptions {
  // Field delimiter; 0 = sniff among , ; \t |.
  char delimiter = 0;
  // Whether the first row holds column names; kAuto = detect (see above).
  enum class Header { kAuto, kPresent, kAbsent } header = Header::kAuto;
  // More columns than this -> InvalidArgument naming line 1 and the column count.
  size_t max_columns = 4096;
  // A longer field -> ResourceExhausted naming its line and column.
  size_t max_field_bytes = 16 << 20;
  // Threads used to parse chunks in parallel (values < 1 mean 1).
  int num_threads = 2;
  // Name used in error messages and details ("file"); ReadCsvFile defaults it to the path.
  std::string source_name;
};

// What the reader found out about the input.
struct CsvInfo {
  char delimiter = ',';     // the delimiter used (given or sniffed)
  bool has_header = false;  // whether the first row was taken as column names
  size_t rows = 0;          // data rows read
  size_t bytes = 0;         // input size in bytes
};

// Reads the CSV file at `path` (memory-mapped) into a new Table owned by the caller.
// Fills *info when non-null and the read succeeds. Errors as described above.
Result<Table> ReadCsvFile(const std::string& path, const CsvOptions& options,
                          CsvInfo* info = nullptr);

// Same as ReadCsvFile for bytes already in memory; `data` is not retained.
Result<Table> ReadCsvBuffer(std::string_view data, const CsvOptions& options,
                            CsvInfo* info = nullptr);

}  // namespace lathe::data
