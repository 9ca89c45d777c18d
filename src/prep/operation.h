// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Operation: one typed step of a prep recipe (drop columns, fill missing, join, ...). An
// operation is built once from its JSON parameters (validated then, so a bad recipe fails before
// any data is touched) and then applied to Tables.
//
// Fit and replay: operations that learn from data (fill with the median, scale, outlier bounds,
// one-hot categories, bucket edges) write what they learned into `state` the first time they are
// applied; applying again with that state reproduces the same transform on new data (serving
// applies a prepared dataset's recipe to raw input rows this way).
//
//   LATHE_ASSIGN_OR_RETURN(auto op, MakeOperation(step_json, "steps[2]"));
//   nlohmann::json state;                        // empty: fit on `input`
//   LATHE_ASSIGN_OR_RETURN(data::Table out, op->Apply(input, ctx, state));
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "data/table.h"

namespace lathe::prep {

// What an operation may need besides its input.
struct ApplyContext {
  uint64_t seed = 42;  // sampling and anything random: same seed, same output
  // Threads a step may use for column-parallel work (sort's row gather, one_hot's indicator
  // columns). The output does not depend on it.
  int threads = 1;
  // Resolves another dataset by id or name (joins). Null: joins fail with FailedPrecondition.
  std::function<Result<std::shared_ptr<const data::Table>>(std::string_view id_or_name)>
      load_dataset;
};

// Threads for a server-side recipe run: the machine's cores, at most 4 (beyond that the
// column-parallel steps are bound by memory bandwidth).
int DefaultApplyThreads();

class Operation {
 public:
  virtual ~Operation() = default;

  // The "op" name, e.g. "fill_missing".
  virtual std::string_view name() const = 0;

  // True if each output row depends only on one input row (given the fitted state), so the step
  // can be replayed on single rows at serving time. Row-set steps (dedupe, sample, sort, group
  // by, join, drop rows by a statistic) are false.
  virtual bool row_wise() const = 0;

  // Applies the step. If `state` is null (JSON null) the step fits what it needs on `input` and
  // stores it in `state` (left null if it learns nothing); otherwise it uses `state` as given.
  // Errors name the step through the path given at construction ("steps[2].column: ...").
  // `input` is taken by value so that a step changes only what it must: a caller that has no
  // further use for its table moves it in and no column is copied.
  virtual Result<data::Table> Apply(data::Table input, const ApplyContext& ctx,
                                    nlohmann::json& state) const = 0;
};

// Builds an operation from a step object {"op": "...", ...params}. `path` ("steps[2]") prefixes
// every error and is kept by the operation for its apply-time errors. InvalidArgument for an
// unknown op (listing the known ones), a missing or mistyped parameter, or an unknown property.
Result<std::unique_ptr<Operation>> MakeOperation(const nlohmann::json& step, std::string path);

// Documentation of one operation, for GET /api/v1/prep/operations and the studio's forms.
struct OperationInfo {
  std::string name;
  std::string group;        // "columns", "clean", "rows", "encode", "text", "datetime", ...
  std::string summary;      // one line
  bool row_wise = true;
  nlohmann::json params;    // [{"name","type","required","default","description","enum"?}]
};
const std::vector<OperationInfo>& ListOperations();

// --- for operation implementations (ops/*.cc) ---

using OperationFactory =
    std::function<Result<std::unique_ptr<Operation>>(const nlohmann::json& step, std::string path)>;
struct OperationSpec {
  OperationInfo info;
  OperationFactory make;
};
// Each ops/<group>.cc defines one of these; operation.cc concatenates them into the registry.
std::vector<OperationSpec> ColumnOperations();    // select/drop/rename/reorder, cast
std::vector<OperationSpec> CleanOperations();     // fill/drop missing, dedupe, outliers
std::vector<OperationSpec> RowOperations();       // filter, sample, sort
std::vector<OperationSpec> NumericOperations();   // scale, bucketize
std::vector<OperationSpec> EncodeOperations();    // one-hot, ordinal
std::vector<OperationSpec> TextOperations();      // trim, case, replace, split, extract
std::vector<OperationSpec> DateTimeOperations();  // parse, extract parts
std::vector<OperationSpec> DeriveOperations();    // formula columns
std::vector<OperationSpec> ShapeOperations();     // group-by aggregate, join

}  // namespace lathe::prep
