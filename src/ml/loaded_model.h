// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// LoadedModel: a model bundle loaded once for serving: the feature pipeline plus the ensemble's
// learners. Predict takes raw rows (the dataset's original columns) and returns per row the
// label and class probabilities (classification) or the value (regression); the ensemble is the
// weighted average of its members' probabilities / values. Immutable after Load and thread-safe:
// serving shares one `shared_ptr<const LoadedModel>` across worker threads.
//
//   LATHE_ASSIGN_OR_RETURN(auto model, LoadedModel::Load(bytes));
//   LATHE_ASSIGN_OR_RETURN(PredictionBatch p, model->Predict(rows));
//   p.labels[0];  p.probabilities[0 * p.classes.size() + 1];
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "data/table.h"
#include "ml/estimator.h"
#include "ml/feature_pipeline.h"
#include "ml/model_bundle.h"
#include "ml/problem.h"

namespace lathe::ml {

struct PredictionBatch {
  size_t rows = 0;
  std::vector<std::string> classes;  // classification: class labels (columns of probabilities)
  std::vector<std::string> labels;   // classification: predicted label per row
  std::vector<float> probabilities;  // classification: rows x classes.size(), row-major
  std::vector<float> values;         // regression: one value per row
};

// Per-row contributions of each input column (summed over the features the pipeline derived
// from it), in the XGBoost member's margin space (log-odds / raw value), for the predicted
// class; `bias` is the expected margin.
struct Explanation {
  std::vector<std::string> columns;  // input column names (the pipeline's input schema)
  std::vector<float> contributions;  // rows x columns.size()
  std::vector<float> bias;           // one per row
  std::string member_learner;        // the member explained
  std::string space = "margin";      // "margin" (log-odds or raw value) or "probability"
};

class LoadedModel {
 public:
  // Parses and loads a bundle (ParseBundle, then every member). DataLoss / FailedPrecondition
  // from ParseBundle, or the learner's error.
  static Result<std::unique_ptr<LoadedModel>> Load(std::string_view bundle_bytes);
  static Result<std::unique_ptr<LoadedModel>> FromBundle(const ModelBundle& bundle);

  // InvalidArgument (naming row and column) for a value of the wrong type.
  Result<PredictionBatch> Predict(const data::Table& rows) const;
  // Contributions from the highest-weighted XGBoost / random-forest member; Unimplemented when
  // the ensemble has none.
  Result<Explanation> Explain(const data::Table& rows) const;

  const ProblemInfo& problem() const { return problem_; }
  const FeaturePipeline& pipeline() const { return *pipeline_; }
  // The manifest as stored (format, created_at, problem, input_schema, evaluation...).
  const nlohmann::json& manifest() const { return manifest_; }

  LoadedModel(const LoadedModel&) = delete;
  LoadedModel& operator=(const LoadedModel&) = delete;

 private:
  LoadedModel() = default;
  Result<std::vector<float>> Combine(const Matrix& x) const;

  ProblemInfo problem_;
  std::unique_ptr<FeaturePipeline> pipeline_;
  std::vector<std::unique_ptr<Model>> members_;
  std::vector<EnsembleWeight> weights_;  // normalised to sum 1
  nlohmann::json manifest_;
};

}  // namespace lathe::ml
