// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// FeaturePipeline: turns raw rows (a data::Table with the dataset's original columns) into the
// ml::Matrix learners consume. Fitted on training rows only, serialised into the model bundle,
// so an endpoint takes raw rows. Per column kind:
//   numeric   -> value, NaN/±inf imputed with the training median, plus a "<col>__missing"
//                0/1 column when the training column had missing values
//   boolean   -> 0/1 (missing imputed like numeric)
//   category  -> levels under rare_fraction of rows or rare_min_rows rows become "__rare__";
//                one-hot if <= max_onehot_levels levels remain, else frequency encoding plus
//                target encoding (smoothed mean, out-of-fold on the training rows)
//   datetime  -> year, month, day, weekday, hour (if any time of day), epoch days
//   text      -> hashed word 1-2-grams and char 3-5-grams, sublinear TF x IDF, L2-normalised,
//                into the sparse block
// ID-like (unique per row) and constant columns are dropped, with the reason recorded.
// Immutable after Fit/FromJson; Transform may be called from many threads at once.
//
//   LATHE_ASSIGN_OR_RETURN(auto y, EncodeTarget(train, problem));
//   LATHE_ASSIGN_OR_RETURN(PipelineFit fit, FeaturePipeline::Fit(train, problem, y, {}));
//   // fit.train is the leakage-free training matrix; later, for new rows:
//   LATHE_ASSIGN_OR_RETURN(Matrix x, fit.pipeline->Transform(rows));
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "data/table.h"
#include "ml/matrix.h"
#include "ml/problem.h"

namespace lathe::ml {

struct FeaturePipelineOptions {
  // Categorical columns with at most this many levels (after rare grouping) are one-hot encoded.
  size_t max_onehot_levels = 10;
  // A level seen in fewer than rare_fraction of the training rows, or in fewer than
  // rare_min_rows rows, is grouped into "__rare__".
  double rare_fraction = 0.01;
  size_t rare_min_rows = 5;
  // Out-of-fold target encoding: number of folds, and the smoothing weight m in
  // (sum + m * prior) / (count + m).
  int target_encoding_folds = 5;
  double target_smoothing = 10.0;
  // Hashed text features: 2^text_hash_bits buckets in the sparse block.
  int text_hash_bits = 18;
  // Columns never used as features (besides the target), e.g. row ids the user marked.
  std::vector<std::string> exclude;
  // Seed of the fold assignment.
  uint64_t seed = 42;
};

// How an input column is used.
enum class FeatureKind { kNumeric, kBoolean, kCategorical, kDateTime, kText };
std::string_view FeatureKindName(FeatureKind kind);  // "numeric", "boolean", ...

// One input column the pipeline reads: what the studio's what-if form shows.
struct InputColumn {
  std::string name;
  data::DataType type = data::DataType::kFloat64;  // the training column's type
  FeatureKind kind = FeatureKind::kNumeric;
  std::vector<std::string> categories;  // kCategorical: training levels, most frequent first
  double median = 0;                    // kNumeric / kBoolean: imputation value
  double min = 0, max = 0;              // kNumeric: training range (for sliders)
  bool had_missing = false;             // training column had nulls / NaN
};

struct DroppedColumn {
  std::string name;
  std::string reason;  // "constant", "ID-like (unique per row)", "all missing", "excluded"
};

class FeaturePipeline;

struct PipelineFit {
  std::unique_ptr<FeaturePipeline> pipeline;
  Matrix train;  // the training rows transformed (target encoding out-of-fold)
};

class FeaturePipeline {
 public:
  // Fits on `train` (all columns except problem.target are candidate features); `y` holds the
  // encoded target per row (EncodeTarget; NaN rows are ignored by target encoding).
  // InvalidArgument if y.size() != train.num_rows() or no usable feature column is left.
  static Result<PipelineFit> Fit(const data::Table& train, const ProblemInfo& problem,
                                 std::span<const float> y,
                                 const FeaturePipelineOptions& options = {});
  // Reloads what ToJson wrote. DataLoss if the JSON is malformed.
  static Result<std::unique_ptr<FeaturePipeline>> FromJson(const nlohmann::json& json);

  // Transforms rows with the full-data mappings. Missing columns are treated as all missing,
  // extra columns are ignored, unseen categories go to the rare bucket / all-zero one-hot /
  // prior target mean. InvalidArgument naming row and column for a value of the wrong type
  // (text in a numeric column that does not parse as a number).
  Result<Matrix> Transform(const data::Table& rows) const;
  // Transform without Matrix::feature_names, which no learner reads: what prediction calls once
  // per request (copying every feature name is a string allocation each for long names).
  Result<Matrix> TransformForPrediction(const data::Table& rows) const;

  nlohmann::json ToJson() const;

  const std::vector<InputColumn>& input_schema() const { return inputs_; }
  const std::vector<DroppedColumn>& dropped() const { return dropped_; }
  // Names of the dense output columns, in Matrix order.
  const std::vector<std::string>& feature_names() const { return dense_names_; }
  size_t dense_cols() const { return dense_names_.size(); }
  size_t sparse_cols() const;
  // Printable name of any output column (dense name, or "<text>#<bucket>" for hashed text).
  std::string FeatureName(size_t col) const;
  // Index into input_schema() of the column output column `col` derives from.
  int FeatureSource(size_t col) const;
  // The input_schema as JSON (list of {name, type, kind, categories, median, min, max}).
  nlohmann::json InputSchemaJson() const;

  FeaturePipeline(const FeaturePipeline&) = delete;
  FeaturePipeline& operator=(const FeaturePipeline&) = delete;
  ~FeaturePipeline();

 private:
  struct Impl;
  explicit FeaturePipeline(std::unique_ptr<Impl> impl);
  void RebuildNames();
  Result<Matrix> TransformRows(const data::Table& rows, bool with_names) const;

  std::unique_ptr<Impl> impl_;
  std::vector<InputColumn> inputs_;
  std::vector<DroppedColumn> dropped_;
  std::vector<std::string> dense_names_;
  std::vector<int> dense_source_;  // input index per dense column
};

}  // namespace lathe::ml
