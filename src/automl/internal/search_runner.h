// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// SearchRunner: the state of one AutoML search (folds, trials, out-of-fold predictions, clock)
// behind RunAutoMlOnData. Single-use, not thread-safe.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <random>

#include "automl/automl.h"
#include "automl/folds.h"
#include "ml/metrics.h"

namespace lathe::automl::internal {

class SearchRunner {
 public:
  SearchRunner(const ml::LabeledData& data, const ml::ProblemInfo& problem,
               const AutoMlOptions& options, const EventSink& sink, const LearnerCatalog& catalog,
               const FoldBuilder& fold_builder);
  Result<AutoMlResult> Run();

 private:
  struct Trial {
    LeaderboardEntry entry;
    Candidate candidate;
    double tie_score = 0;               // pooled log_loss under a multiclass accuracy metric
    std::vector<float> oof;             // pooled out-of-fold predictions (kept for the best)
    std::vector<nlohmann::json> fold_params;
    // Holdout validation: the model fitted on the training part, kept for the best few trials
    // (kHoldoutModels), to stand in for a refit on all rows that would overrun the budget.
    std::unique_ptr<ml::Model> holdout_model;
  };
  enum class TrialOutcome { kDone, kFailed, kStopped };

  Status Prepare();
  void RunPortfolio();
  void RunHalving();
  TrialOutcome RunTrial(const Candidate& requested);
  // A fold's training rows (a subsample of them when fraction < 1) and validation rows.
  using Fold = std::pair<ml::LabeledData, ml::LabeledData>;
  struct FoldSplit {
    const ml::LabeledData& train() const { return subsample ? *subsample : fold->first; }
    const ml::LabeledData& valid() const { return fold->second; }
    std::shared_ptr<const Fold> fold;
    std::optional<ml::LabeledData> subsample;
  };
  Result<FoldSplit> FoldData(size_t fold, double fraction);
  bool Better(const Trial& a, const Trial& b) const;
  bool SearchOver();
  bool Cancelled() const;
  bool FinishRequested() const;
  double Elapsed() const;
  double RefitSeconds(const Trial& trial) const;  // estimated refit on all rows
  double RefitReserve() const;
  void PruneStoredPredictions();
  nlohmann::json RefitParams(const Trial& trial) const;  // for the refit on all rows
  std::string KFoldName() const;  // "5-fold", or "5-fold x2" when repeated
  bool Limited() const;  // a prediction-time limit applies (AutoMlOptions::predict_limit_ms)
  // The limit less the feature pipeline's estimated share: what the learners may take together.
  double LearnerLimitMs() const;
  // `params` resized by the catalog to fit the limit on its own (fit_to_prediction_limit);
  // unchanged without a limit.
  nlohmann::json FitToLimit(std::string_view learner, nlohmann::json params) const;
  Status SelectFinal(AutoMlResult& result);
  Status Refit(AutoMlResult& result);
  void Emit(nlohmann::json event);
  void EmitProgress(int running_trial, int iteration);

  const ml::LabeledData& data_;
  const ml::ProblemInfo& problem_;
  const AutoMlOptions& options_;
  const EventSink& sink_;
  const LearnerCatalog& catalog_;
  const FoldBuilder& fold_builder_;

  std::string metric_name_;
  const ml::MetricInfo* metric_ = nullptr;
  const ml::MetricInfo* tie_metric_ = nullptr;
  size_t width_ = 1;  // predictions per row
  DataShape shape_;
  double pipeline_ms_ = 0;  // LearnerCatalog::pipeline_ms for shape_
  FoldPlan plan_;
  // Each fold's rows: from fold_builder at the start, or else taken from data_ when a trial
  // first needs them and kept for every trial when all k fit in kFoldCacheBytes (empty: copied
  // per trial). A TF-IDF matrix holds millions of non-zeros, and copying them for each fit took
  // a third of a fast trial.
  std::vector<std::shared_ptr<const Fold>> folds_;
  std::vector<uint32_t> oof_rows_;  // plan_.valid concatenated
  std::vector<float> oof_y_;
  std::vector<size_t> fold_offsets_;  // start of each fold in oof_rows_
  std::mt19937_64 rng_;

  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_progress_;
  std::vector<Trial> trials_;
  int best_ = -1;  // index into trials_ of the best full-data trial
  bool stopped_ = false;
  bool cancelled_ = false;
  std::string first_error_;
};

}  // namespace lathe::automl::internal
