// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Batch transform, the streaming part: runs a ServableModel over a Table in chunks of
// `batch_rows` rows and appends each chunk's output to a CSV file as soon as it is predicted, so
// only one chunk of output is ever in memory. Output columns: the input columns first (with
// include_input), then `predicted_label` and one `prob_<class>` per class (classification) or
// `prediction` (regression). The caller (TransformService) ingests the file as a dataset.
// Stateless functions; thread-safe as long as each call writes its own file.
//
//   BatchTransformOptions o;
//   o.batch_rows = 10000;
//   LATHE_RETURN_IF_ERROR(CheckInputColumns(RequiredInputColumns(*servable, body), ColumnNames(input)));
//   LATHE_ASSIGN_OR_RETURN(BatchTransformResult r,
//                          RunBatchTransform(*servable, input, o, "/spool/out.csv", nullptr, {}));
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "data/table.h"
#include "jobs/servable_model.h"

namespace lathe::jobs {

inline constexpr char kPredictedLabelColumn[] = "predicted_label";
inline constexpr char kPredictionColumn[] = "prediction";
inline constexpr char kProbabilityPrefix[] = "prob_";

struct BatchTransformOptions {
  size_t batch_rows = 10000;   // rows per model call and per write (>= 1)
  bool include_input = false;  // write the input columns before the predictions
};

struct BatchTransformResult {
  size_t rows = 0;                   // rows written (= input rows)
  size_t chunks = 0;                 // model calls
  uint64_t bytes = 0;                // size of the CSV file, header included
  std::vector<std::string> columns;  // output column names, in order
};

// Called after each chunk is written with the rows written so far.
using ChunkProgressFn = std::function<void(size_t rows_done)>;

// The input columns a prediction row carries: the model resource's "input_columns" (raw columns
// when the model has a recipe), else the manifest's training_info.input_columns, else the
// feature pipeline's input schema. `model_body` is the model resource's JSON body (may be {}).
std::vector<std::string> RequiredInputColumns(const ServableModel& model,
                                              const nlohmann::json& model_body);

// The column names of `table`, in order.
std::vector<std::string> ColumnNames(const data::Table& table);

// InvalidArgument naming the first column of `required` missing from `available`
// (details.column); OK when all are present. (The feature pipeline would treat a missing column
// as all-null, so this is checked up front.)
Status CheckInputColumns(const std::vector<std::string>& required,
                         const std::vector<std::string>& available);

// The output column names for `model` over input columns `input_columns`. InvalidArgument naming
// the column when, with include_input, an input column has the name of a prediction column.
Result<std::vector<std::string>> TransformOutputColumns(
    const ServableModel& model, const std::vector<std::string>& input_columns, bool include_input);

// Predicts `input` chunk by chunk into a new CSV file at `csv_path` (created or truncated; the
// caller removes it on failure). `cancel` (may be null) is checked between chunks: Cancelled when
// it turned true. `progress` (may be empty) is called after each chunk. Errors: the model's
// InvalidArgument for a bad value, annotated with the chunk's row range; the errno status for
// I/O; InvalidArgument for batch_rows == 0 or an empty input.
Result<BatchTransformResult> RunBatchTransform(const ServableModel& model,
                                               const data::Table& input,
                                               const BatchTransformOptions& options,
                                               const std::string& csv_path,
                                               const std::atomic<bool>* cancel,
                                               const ChunkProgressFn& progress);

}  // namespace lathe::jobs
