// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Helpers shared by the column-level operations (ops/columns.cc, clean.cc, numeric.cc,
// encode.cc): a base class holding name/path/row_wise, parameter documentation, column-type
// errors, missing-value tests (null or NaN), order statistics and table rebuilding. Pure
// functions and immutable objects; thread-safe.
//
//   class DropOp : public internal::StepOperation { ... };
//   if (!internal::IsNumberColumn(col)) return internal::WrongTypeError(field, col, "scale", ...);
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "data/table.h"
#include "prep/operation.h"
#include "prep/params.h"

namespace lathe::prep::internal {

// Base of the operations here: stores the op name, the step path and whether it is row-wise.
class StepOperation : public Operation {
 public:
  StepOperation(std::string_view name, std::string path, bool row_wise)
      : name_(name), path_(std::move(path)), row_wise_(row_wise) {}
  std::string_view name() const override { return name_; }
  bool row_wise() const override { return row_wise_; }
  const std::string& path() const { return path_; }
  // "steps[2].columns"
  std::string Field(std::string_view key) const { return path_ + "." + std::string(key); }

 private:
  std::string name_;
  std::string path_;
  bool row_wise_;
};

// One entry of OperationInfo::params. `default_value` null means "no default"; `enum_values`
// empty means no enum.
nlohmann::json ParamDoc(std::string name, std::string type, bool required,
                        nlohmann::json default_value, std::string description,
                        std::vector<std::string> enum_values = {});

// Reads the column list from "columns" (string or array) or its alias "column"; exactly one of
// them must be present when `required` (else `fallback` is returned). The key actually used is
// written to *key (for error fields).
Result<std::vector<std::string>> ColumnsParam(Params& params, bool required, std::string* key);
// The error field of the i-th column named by ColumnsParam: "<base>[i]" when the step used the
// "columns" list, plain "<base>" when it used "column".
std::string IndexedField(const std::string& base, const std::string& key, size_t i);

// InvalidArgument "<field>: column 'x' is text; <op> needs <needs>" with details field, column,
// type.
Status WrongTypeError(const std::string& field, const data::Column& column, std::string_view op,
                      std::string_view needs);

// int64 or float64 (not bool, date or datetime).
bool IsNumberColumn(const data::Column& column);
// Null, or NaN in a float64 column.
bool IsMissing(const data::Column& column, size_t row);

// The present, non-NaN values of a numeric column as doubles.
std::vector<double> PresentNumbers(const data::Column& column);
// Linear-interpolated quantile (q in [0, 1]) of sorted, non-empty values.
double SortedQuantile(const std::vector<double>& sorted, double q);
// The same quantile of unsorted, non-empty values, found by selection in linear time (a full
// sort of millions of values costs ~0.5 s). Reorders *values; may be called again on them.
double Quantile(std::vector<double>* values, double q);

// `input` with the columns at the keys of `replaced` swapped for the mapped columns (same row
// count). Both are moved in, so the untouched columns are not copied.
data::Table ReplaceColumns(data::Table input, std::map<size_t, data::Column> replaced);
// The rows of `input` whose keep[row] is non-zero (compacted in place).
data::Table KeepRows(data::Table input, const std::vector<uint8_t>& keep);

// JSON for a double (NaN and infinities, which JSON cannot hold, become null).
nlohmann::json NumberJson(double v);

// InvalidArgument "<path>: fitted state is malformed: <what>" for a hand-edited state.
Status BadState(const std::string& path, const std::string& what);

// Column-wise check that names are unique; InvalidArgument naming `field` and the duplicate.
Status RequireUnique(const std::vector<std::string>& names, const std::string& field);

}  // namespace lathe::prep::internal
