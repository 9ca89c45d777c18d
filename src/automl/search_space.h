// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// What AutoML tries: a LearnerCatalog bundles the estimator factory, the opening portfolio of
// strong diverse configurations, the sampler the search draws new configurations from, and the
// rule that turns a validated configuration into its refit configuration. DefaultCatalog wires
// the ml:: learners (XGBoost, random forest, liblinear, kNN, fastText, naive Bayes); tests pass
// a catalog of their own. Catalog functions must be deterministic for a given rng state.
//
//   LearnerCatalog catalog = DefaultCatalog(options.learners);
//   for (const Candidate& c : catalog.portfolio(problem, shape)) ...
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "ml/estimator.h"
#include "ml/problem.h"

namespace lathe::automl {

// The training data's shape, for choosing configurations.
struct DataShape {
  size_t rows = 0;
  size_t dense_cols = 0;
  size_t sparse_cols = 0;
  bool has_text = false;  // Matrix::text is set (fastText can read it)
  double text_bytes = 0;  // mean bytes of raw text per row (Matrix::text), 0 without text
  double sparse_nnz = 0;  // mean non-zeros per row in the sparse block
};

// One configuration to validate.
struct Candidate {
  std::string learner;
  nlohmann::json params = nlohmann::json::object();
  std::string source = "portfolio";  // "portfolio" or "search"
  double data_fraction = 1.0;        // share of each fold's training rows used (halving rungs)
};

struct LearnerCatalog {
  std::function<Result<std::unique_ptr<ml::Estimator>>(
      std::string_view learner, const nlohmann::json& params, const ml::ProblemInfo& problem)>
      make;
  // Opening configurations, in the order to run them (cheap first, the default boosted model
  // early).
  std::function<std::vector<Candidate>(const ml::ProblemInfo&, const DataShape&)> portfolio;
  // Draws a new configuration for the search; nullopt = nothing to search.
  std::function<std::optional<Candidate>(std::mt19937_64&, const ml::ProblemInfo&,
                                         const DataShape&)>
      sample;
  // Params for the refit on all rows, given the trial's params and each fold model's
  // Model::Params() (e.g. boosting rounds = mean best iteration). Null = unchanged.
  std::function<nlohmann::json(const Candidate&, const std::vector<nlohmann::json>& fold_params,
                               const DataShape&)>
      refit_params;
  // Estimated milliseconds a refit model takes to predict 1,000 rows on one core (0 = negligible).
  // Deterministic. Null = every model free. Bounds the final model
  // (AutoMlOptions::predict_limit_ms).
  std::function<double(std::string_view learner, const nlohmann::json& refit_params,
                       const ml::ProblemInfo&, const DataShape&)>
      prediction_ms;
  // Estimated milliseconds the feature pipeline takes to turn 1,000 raw rows into features on
  // one core, before any learner runs; deterministic. It comes out of the prediction limit: the
  // learners share what is left. Null = free.
  std::function<double(const DataShape&)> pipeline_ms;
  // `params` with the size that drives prediction cost lowered until prediction_ms fits
  // `limit_ms` (at least the smallest valid size). Null = configurations are never resized.
  std::function<nlohmann::json(std::string_view learner, nlohmann::json params,
                               const ml::ProblemInfo&, const DataShape&, double limit_ms)>
      fit_to_prediction_limit;
};

// The ml:: learners restricted to `allowed` (empty = all that fit the problem).
LearnerCatalog DefaultCatalog(std::vector<std::string> allowed);

// Default portfolio and the XGBoost part of the sampler (exposed for tests and docs).
std::vector<Candidate> DefaultPortfolio(const ml::ProblemInfo& problem, const DataShape& shape,
                                        const std::vector<std::string>& allowed);
nlohmann::json SampleXgboostParams(std::mt19937_64& rng, const DataShape& shape);
// DefaultCatalog's prediction_ms: estimated milliseconds for 1,000 rows on one core.
double EstimatePredictionMs(std::string_view learner, const nlohmann::json& refit_params,
                            const ml::ProblemInfo& problem, const DataShape& shape);
// DefaultCatalog's pipeline_ms: hashing text n-grams (~14 ns per byte of text).
double EstimatePipelineMs(const DataShape& shape);
// DefaultCatalog's fit_to_prediction_limit: n_estimators (XGBoost, random forest) or kNN's
// max_train_rows lowered until EstimatePredictionMs fits; other learners unchanged.
nlohmann::json FitToPredictionLimit(std::string_view learner, nlohmann::json params,
                                    const ml::ProblemInfo& problem, const DataShape& shape,
                                    double limit_ms);

}  // namespace lathe::automl
