// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Estimator / Model: the one interface behind every learner (XGBoost trees and forests, extra
// trees, liblinear linear models, fastText, naive Bayes, kNN). An Estimator holds
// hyper-parameters and fits; a Model predicts, saves and reloads. Models are immutable after
// Fit/Load and may be called from many threads at once.
//
//   LATHE_ASSIGN_OR_RETURN(auto est, MakeEstimator("xgboost", {{"max_depth", 6}}, problem));
//   FitOptions fo; fo.threads = 2; fo.cancelled = [&] { return stop.load(); };
//   LATHE_ASSIGN_OR_RETURN(auto model, est->Fit(train, &valid, fo));
//   std::vector<float> proba = model->Predict(test.x);   // rows x k (classes) or rows (values)
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "ml/matrix.h"
#include "ml/problem.h"

namespace lathe::ml {

struct FitProgress {
  int iteration = 0;        // boosting round / epoch done
  int total_iterations = 0;
  double validation_score = 0;  // learner's own eval metric on the validation set, if any
};

struct FitOptions {
  int threads = 1;
  uint64_t seed = 42;
  // Polled often (at least every 100 ms of work); returning true makes Fit return Cancelled.
  std::function<bool()> cancelled;
  std::function<void(const FitProgress&)> progress;
};

class Model {
 public:
  virtual ~Model() = default;
  virtual std::string_view learner() const = 0;
  // Classification: rows x k probabilities (k = number of classes, also 2 for binary), row-major.
  // Regression: one value per row.
  virtual Result<std::vector<float>> Predict(const Matrix& x) const = 0;
  // Per-feature contributions (rows x (cols + 1 bias), for the predicted class / value) where the
  // learner supports them (XGBoost TreeSHAP); Unimplemented otherwise.
  virtual Result<std::vector<float>> Contributions(const Matrix& x) const;
  // Feature importance per column (gain for trees, |coef| for linear); empty if not available.
  virtual std::vector<float> Importance() const { return {}; }
  // The learner's own bytes (XGBoost UBJSON, liblinear model text, fastText binary...).
  virtual Result<std::string> Save() const = 0;
  // The hyper-parameters the model was fitted with (plus e.g. best_iteration).
  virtual nlohmann::json Params() const = 0;
};

class Estimator {
 public:
  virtual ~Estimator() = default;
  virtual std::string_view learner() const = 0;
  // Fits on `train`; `validation` (may be null) drives early stopping where the learner has it.
  virtual Result<std::unique_ptr<Model>> Fit(const LabeledData& train,
                                             const LabeledData* validation,
                                             const FitOptions& options) const = 0;
};

// Learner names: "xgboost" (gradient-boosted trees), "random_forest" (XGBoost forest),
// "extra_trees" (Lathe's own extremely randomised trees), "logistic_regression", "linear_svm",
// "linear_regression" (liblinear), "fasttext", "naive_bayes", "knn". InvalidArgument for an unknown name (listing the known ones) or a bad
// parameter (naming it), or a learner that does not fit the problem type.
Result<std::unique_ptr<Estimator>> MakeEstimator(std::string_view learner,
                                                 const nlohmann::json& params,
                                                 const ProblemInfo& problem);
// Learners that can fit `problem`, in the order AutoML should try them.
std::vector<std::string> LearnersFor(const ProblemInfo& problem);
// Reloads what Model::Save wrote. DataLoss if the bytes are not a valid model.
Result<std::unique_ptr<Model>> LoadModel(std::string_view learner, const std::string& bytes,
                                         const nlohmann::json& params,
                                         const ProblemInfo& problem);

// Deepest tree ("xgboost" max_depth) that this CPU walks eight rows at a time (AVX2), ~3.5x
// cheaper per tree and row than a pointer walk; 0 when the CPU cannot. For prediction-cost
// estimates.
int MaxVectorisedTreeDepth();

// Whether this CPU runs the kNN search eight queries at a time (AVX2), ~2-3x cheaper per
// training row and column than the portable path; for prediction-cost estimates.
bool KnnSearchVectorised();

}  // namespace lathe::ml
