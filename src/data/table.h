// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Table: Lathe's typed columnar in-memory data set. A Table is a list of equally long Columns;
// each Column has one DataType, a validity byte per row (0 = null) and one storage vector chosen
// by its type. Tables are built once (by a reader or a transform) and then treated as immutable,
// so a const Table may be read from many threads at once.
//
//   Column c = Column::Make("age", DataType::kInt64);
//   c.AppendInt(42); c.AppendNull();
//   Table t; t.AddColumn(std::move(c));
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.h"

namespace lathe::data {

enum class DataType : uint8_t {
  kInt64 = 0,
  kFloat64 = 1,
  kBool = 2,
  kDate = 3,         // days since 1970-01-01, stored in ints
  kDateTime = 4,     // microseconds since 1970-01-01T00:00:00Z, stored in ints
  kCategorical = 5,  // dictionary codes into `dictionary`, stored in codes
  kText = 6,         // free text, stored as offsets into `chars`
};

// "int64", "float64", "bool", "date", "datetime", "categorical", "text".
std::string_view DataTypeName(DataType type);
// Inverse of DataTypeName; InvalidArgument for an unknown name.
Result<DataType> ParseDataType(std::string_view name);
bool IsNumeric(DataType type);  // int64, float64, bool

struct Column {
  std::string name;
  DataType type = DataType::kText;
  std::vector<uint8_t> valid;  // one byte per row: 1 = present, 0 = null

  std::vector<int64_t> ints;             // kInt64, kBool (0/1), kDate, kDateTime
  std::vector<double> doubles;           // kFloat64
  std::vector<uint32_t> codes;           // kCategorical: index into dictionary
  std::vector<std::string> dictionary;   // kCategorical: distinct values, first-seen order
  std::vector<uint64_t> offsets = {0};   // kText: row i is chars[offsets[i], offsets[i+1])
  std::string chars;                     // kText
  // Builder-only lookup for AppendString on categorical columns; not serialized, may be empty.
  std::unordered_map<std::string, uint32_t> dictionary_index;

  static Column Make(std::string name, DataType type);

  size_t size() const { return valid.size(); }
  bool IsNull(size_t row) const { return valid[row] == 0; }
  size_t NullCount() const;

  int64_t IntAt(size_t row) const { return ints[row]; }
  double DoubleAt(size_t row) const { return doubles[row]; }
  bool BoolAt(size_t row) const { return ints[row] != 0; }
  // Categorical value or text of a row (empty for null).
  std::string_view StringAt(size_t row) const;
  // Any numeric-like type as double (int64, float64, bool, date, datetime); NaN for null.
  double NumericAt(size_t row) const;
  // Canonical text form of a row, as written back to CSV ("" for null): integers in decimal,
  // floats shortest round-trip, bools "true"/"false", dates "YYYY-MM-DD",
  // datetimes "YYYY-MM-DDTHH:MM:SS[.ffffff]".
  std::string ToString(size_t row) const;

  void AppendNull();
  void AppendInt(int64_t v);      // kInt64, kBool, kDate, kDateTime
  void AppendDouble(double v);    // kFloat64
  void AppendString(std::string_view v);  // kCategorical (interned) or kText
  void Reserve(size_t rows);

  // Bytes used by the storage vectors (for limits and reporting).
  size_t MemoryBytes() const;
};

class Table {
 public:
  Table() = default;

  size_t num_rows() const { return columns_.empty() ? 0 : columns_[0].size(); }
  size_t num_columns() const { return columns_.size(); }
  const Column& column(size_t i) const { return columns_[i]; }
  Column& mutable_column(size_t i) { return columns_[i]; }
  const std::vector<Column>& columns() const { return columns_; }

  // Index of the column named `name`, or -1.
  int FindColumn(std::string_view name) const;
  // Appends a column; it must have num_rows() rows unless the table is empty.
  Status AddColumn(Column column);
  size_t MemoryBytes() const;

 private:
  std::vector<Column> columns_;
};

}  // namespace lathe::data
