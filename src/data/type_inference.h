// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Type inference: how a text cell (from CSV or JSON Lines) is classified and parsed, and how a
// column's type follows from its cells. Pure functions, thread-safe.
//
// Rules, applied to each cell after trimming ASCII spaces and tabs:
//   - null: an empty cell or a missing marker: NA, N/A, n/a, #N/A, null, NULL, Null, None, ?.
//     ("NaN" is not missing: it is a float64 value.)
//   - int64: optional sign and decimal digits that fit in int64 ("007" is 7; "0"/"1" are ints).
//   - float64: decimal with optional fraction and exponent ("1.5", ".5", "1e-3"), and the
//     spellings nan / inf / infinity in any case, with optional sign.
//   - bool: true/false, yes/no, t/f in any case (never 0/1).
//   - date: YYYY-MM-DD or YYYY/MM/DD, a real calendar date; stored as days since 1970-01-01.
//   - datetime: "YYYY-MM-DD[T ]HH:MM[:SS[.f...]][Z|+HH:MM|-HH:MM]"; stored as UTC microseconds.
//   - anything else is a string.
// A column's type is the join of its cells' types: null joins with anything, int64 + float64
// = float64, date + datetime = datetime, any other mix = string. A string column is categorical
// when its distinct count is <= max(32, 5% of rows) and at least 90% of the distinct values are
// at most 64 bytes long; otherwise it is text. A column with no values at all is text (all null).
// (The CSV reader decides early, per parse chunk, that a string column whose first 1,000 values
// are mostly longer than 64 bytes is text, so such a column is never categorical.)
//
//   int64_t v;
//   if (ParseInt64("42", &v)) ...;
//   InferredType t = JoinTypes(ClassifyCell("1"), ClassifyCell("2.5"));  // kFloat64
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "data/table.h"

namespace lathe::data {

// The inference lattice. kString is the top (absorbs everything), kNull the bottom.
enum class InferredType : uint8_t {
  kNull = 0,
  kBool,
  kInt64,
  kFloat64,
  kDate,
  kDateTime,
  kString,
};

// Least upper bound of two types in the lattice described above.
InferredType JoinTypes(InferredType a, InferredType b);

// Strips leading and trailing ASCII spaces and tabs.
std::string_view TrimSpaces(std::string_view s);

// True for an empty cell or one of the missing markers (exact match, after trimming).
bool IsMissingMarker(std::string_view s);

// Each parser accepts exactly the whole of `s` (no trimming) and returns false otherwise;
// `*out` is only written on success.
bool ParseInt64(std::string_view s, int64_t* out);
bool ParseFloat64(std::string_view s, double* out);
bool ParseBool(std::string_view s, bool* out);
bool ParseDate(std::string_view s, int64_t* days_since_epoch);
// Also accepts a plain date (midnight UTC), so a date column can widen to datetime.
bool ParseDateTime(std::string_view s, int64_t* micros_since_epoch);

// Narrowest type of one cell (trims first). kNull for missing values.
InferredType ClassifyCell(std::string_view s);

// Whether a string column with these statistics is categorical (see the rules above).
// `short_distinct` counts distinct values of at most kShortValueBytes bytes.
inline constexpr size_t kShortValueBytes = 64;
bool IsCategoricalColumn(size_t distinct, size_t short_distinct, size_t rows);
// max(32, 5% of rows): the largest distinct count a categorical column may have.
size_t MaxCategoricalDistinct(size_t rows);

// Table type for a lattice type; kString maps to categorical or text by `categorical`.
// kNull (no values) maps to text.
DataType ToDataType(InferredType type, bool categorical);

// Builds a typed column from text cells: infers the type over the present cells, then parses.
// `present[i] == 0` marks a cell that is null regardless of its text. Used by the JSON Lines
// reader and by tests; the CSV reader has its own single-pass builder with the same rules.
Column BuildColumnFromCells(std::string name, const std::vector<std::string>& cells,
                            const std::vector<uint8_t>& present);

}  // namespace lathe::data
