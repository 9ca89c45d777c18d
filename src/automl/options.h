// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// AutoMlOptions: what an AutoML run may spend and optimise, and the EventSink that receives its
// live progress as JSON events (documented in docs/api/automl.md). Plain values; ValidateOptions
// is the check the API layer runs before starting a job.
//
//   AutoMlOptions o;
//   o.budget_seconds = kQuickBudgetSeconds;
//   LATHE_RETURN_IF_ERROR(ValidateOptions(o));
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "ml/problem.h"

namespace lathe::automl {

inline constexpr double kDefaultBudgetSeconds = 60;
inline constexpr double kQuickBudgetSeconds = 15;
// The final model's default prediction-time limit, in estimated ms per 1,000 rows on one core
// (the serving target); 0 in a request lifts it.
inline constexpr double kDefaultPredictLimitMs = 50;

struct AutoMlOptions {
  // Wall-clock budget of the whole run (search, ensemble, refit). Must be > 0.
  double budget_seconds = kDefaultBudgetSeconds;
  // Metric to optimise (metrics registry name); empty = roc_auc (binary), accuracy with a
  // log_loss tie-break (multiclass), rmse (regression).
  std::string metric;
  // Learners the search may use (MakeEstimator names); empty = all that fit the problem.
  std::vector<std::string> learners;
  // Overrides the detected problem type (e.g. regression on an integer target with few values);
  // unset = detected (ml::DetectProblem's rules).
  std::optional<ml::ProblemType> problem_type;
  uint64_t seed = 42;
  // Threads each learner may use (the machine has 2 cores: use both).
  int threads = 2;
  // Set to true from another thread to stop the run; checked between trials and polled by
  // learners, so the run ends within about a second. May be null.
  const std::atomic<bool>* cancel = nullptr;
  // Set to true from another thread to end the search early and keep what it found: the running
  // trial stops (once one trial has succeeded), then ensemble selection and the refit run as
  // when the budget runs out. May be null.
  const std::atomic<bool>* finish = nullptr;
  // Stop after this many trials (0 = until the budget runs out). With a fixed count the same
  // seed gives the same leaderboard.
  int max_trials = 0;
  // Validation: stratified k-fold below holdout_min_rows rows, else one stratified holdout.
  int folds = 5;
  // k-fold repeats (each a new shuffle): 0 = automatic, twice for tiny data (folds.h).
  int fold_repeats = 0;
  size_t holdout_min_rows = 20000;
  double holdout_fraction = 0.2;
  // Greedy ensemble selection (Caruana et al. 2004): iterations and initial best members.
  int ensemble_iterations = 50;
  int ensemble_init_best = 3;
  // Most distinct models in the ensemble: each adds its prediction time (a 12-member ensemble
  // took 79 ms for 1,000 rows of glass; the target is 50 ms).
  int ensemble_max_members = 5;
  // Most the final model may take to predict 1,000 rows on one core, in milliseconds, as
  // estimated by LearnerCatalog::prediction_ms (default kDefaultPredictLimitMs; 0 = no limit,
  // accuracy first). With a limit every trial is first resized to fit it
  // (LearnerCatalog::fit_to_prediction_limit) and the final model is the best ensemble or single
  // model within it (AutoGluon's infer_limit trades accuracy for inference time the same way);
  // when no model fits it is the best single model, and the `predict_limit` event says so
  // (within_limit false). The estimate is a deterministic function of the configuration (trees x
  // depth for tree learners, rows x columns for kNN), so the same seed picks the same model.
  double predict_limit_ms = kDefaultPredictLimitMs;
  // Refit the selected members on all training rows (false keeps the fold-0 models; tests).
  bool refit = true;
};

// InvalidArgument naming the field for a budget <= 0 (or not finite), threads < 1, folds < 2,
// holdout_fraction outside (0, 0.5], negative max_trials or ensemble sizes, an unknown metric,
// or a metric that does not fit `type` (when given).
Status ValidateOptions(const AutoMlOptions& options);
Status ValidateOptionsFor(const AutoMlOptions& options, ml::ProblemType type);

// The metric name a run optimises (options.metric or the problem's default).
std::string ResolveMetric(const AutoMlOptions& options, ml::ProblemType type);

// Receives events in order: job_started, then per trial trial_started and trial_finished or
// trial_failed (new_best after a better trial, progress after each and during long ones),
// ensemble, refit (per member), finished. Called on the thread running RunAutoMl.
using EventSink = std::function<void(const nlohmann::json& event)>;

}  // namespace lathe::automl
