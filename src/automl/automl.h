// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// RunAutoMl: builds the best model it can for a table and a target within a wall-clock budget.
// It validates candidates (k-fold or holdout), runs an opening portfolio and then successive
// halving over sampled configurations, blends the out-of-fold predictions by greedy ensemble
// selection, refits the chosen members on all rows, and streams JSON events throughout. The
// design is in docs/automl.md, the events in docs/api/automl.md. A run is single-threaded apart
// from the learners' own threads; one AutoMlResult belongs to its caller.
//
//   AutoMlOptions o; o.budget_seconds = 30;
//   LATHE_ASSIGN_OR_RETURN(AutoMlResult r, RunAutoMl(table, "churned", o, [](const json& e) {
//     std::cout << e.dump() << "\n"; }));
//   LATHE_ASSIGN_OR_RETURN(ml::ModelBundle bundle, MakeBundle(r));
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "automl/options.h"
#include "automl/search_space.h"
#include "core/status.h"
#include "data/table.h"
#include "ml/estimator.h"
#include "ml/feature_pipeline.h"
#include "ml/matrix.h"
#include "ml/model_bundle.h"
#include "ml/problem.h"

namespace lathe::automl {

inline constexpr int kEnsembleTrialId = 0;  // the ensemble's id on the leaderboard

struct LeaderboardEntry {
  int trial_id = 0;            // 1, 2, ... in run order; kEnsembleTrialId for the ensemble
  std::string learner;         // "xgboost", ..., or "ensemble"
  nlohmann::json params;       // the configuration (for the ensemble: its members and weights)
  std::string source;          // "portfolio", "search" or "ensemble"
  double data_fraction = 1.0;  // < 1 for low rungs of successive halving
  std::vector<double> fold_scores;  // NaN where the metric is undefined on a fold
  double score = 0;            // mean of the finite fold scores (the ranking score)
  double score_sd = 0;         // their sample standard deviation
  double oof_score = 0;        // the metric on all out-of-fold predictions pooled
  double fit_seconds = 0;      // summed over folds
  int rounds = 0;              // mean boosting rounds used (best iteration + 1); 0 if n/a
  bool ok = true;              // false: the trial failed (error says why)
  std::string error;
};

struct FinalMember {
  int trial_id = 0;
  std::string learner;
  nlohmann::json params;  // the refit configuration
  double weight = 1;      // ensemble weight (members sum to 1)
  std::unique_ptr<ml::Model> model;
};

struct AutoMlResult {
  ml::ProblemInfo problem;
  std::string metric;
  std::string validation;      // "5-fold", "5-fold x2" (repeated) or "holdout"
  std::vector<LeaderboardEntry> leaderboard;  // every trial in run order, then the ensemble
  int best_trial_id = 0;       // best single full-data trial
  bool ensemble_selected = false;
  double final_score = 0;      // validation score of what `members` form
  std::vector<FinalMember> members;
  std::unique_ptr<ml::FeaturePipeline> pipeline;  // set by RunAutoMl (table entry)
  bool pipeline_per_fold = false;  // validation refitted the pipeline per fold
  double elapsed_seconds = 0;

  // Weighted average of the members' predictions (rows x k, or rows).
  Result<std::vector<float>> Predict(const ml::Matrix& x) const;
  // The leaderboard as JSON (sorted best first, failed trials last).
  nlohmann::json LeaderboardJson() const;
};

// Builds fold matrices from row indices of the training data (e.g. by fitting the feature
// pipeline on the fold's training rows). Called once per fold before the search.
using FoldBuilder = std::function<Result<std::pair<ml::LabeledData, ml::LabeledData>>(
    const std::vector<uint32_t>& train_rows, const std::vector<uint32_t>& valid_rows)>;

// The search on an already featurised training set (labels as class ids / values, no NaN).
// `fold_builder` null = folds are row subsets of `data`. Errors: InvalidArgument from
// ValidateOptionsFor or for fewer than 2 rows; Cancelled when options.cancel was set;
// FailedPrecondition when no trial succeeded (the message carries the first trial error).
Result<AutoMlResult> RunAutoMlOnData(const ml::LabeledData& data, const ml::ProblemInfo& problem,
                                     const AutoMlOptions& options, const EventSink& sink,
                                     const LearnerCatalog& catalog,
                                     const FoldBuilder& fold_builder = nullptr);

// The whole job from a raw table: detects the problem, drops rows without a target, fits the
// feature pipeline (per fold when it target-encodes), then RunAutoMlOnData with the default
// learners. Errors as above plus DetectProblem's and the pipeline's.
Result<AutoMlResult> RunAutoMl(const data::Table& train, std::string_view target,
                               const AutoMlOptions& options, const EventSink& sink);

// The model bundle of a finished run (pipeline, members, ensemble weights, leaderboard in
// training_info). FailedPrecondition without a pipeline or members.
Result<ml::ModelBundle> MakeBundle(const AutoMlResult& result);

}  // namespace lathe::automl
