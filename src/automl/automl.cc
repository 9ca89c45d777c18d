// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "automl/automl.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "automl/internal/search_runner.h"
#include "data/take.h"
#include "ml/metrics.h"

namespace lathe::automl {
namespace {

using nlohmann::json;

json EntryJson(const LeaderboardEntry& e) {
  json scores = json::array();
  for (double s : e.fold_scores) scores.push_back(std::isfinite(s) ? json(s) : json(nullptr));
  json out = {{"trial_id", e.trial_id}, {"learner", e.learner}, {"params", e.params},
              {"source", e.source}, {"data_fraction", e.data_fraction},
              {"fold_scores", scores}, {"score", e.score}, {"score_sd", e.score_sd},
              {"oof_score", e.oof_score}, {"fit_seconds", e.fit_seconds},
              {"rounds", e.rounds}, {"ok", e.ok}};
  if (!e.ok) out["error"] = e.error;
  return out;
}

// True when the fitted pipeline target-encodes a column (more levels than one-hot takes), so
// fitting it once on all rows would leak validation targets into fold training features.
bool UsesTargetEncoding(const ml::FeaturePipeline& pipeline,
                        const ml::FeaturePipelineOptions& options) {
  for (const ml::InputColumn& c : pipeline.input_schema()) {
    if (c.kind == ml::FeatureKind::kCategorical && c.categories.size() > options.max_onehot_levels) {
      return true;
    }
  }
  return false;
}

// The rows of `table` whose encoded target is present, with their labels.
struct TargetRows {
  data::Table table;
  std::vector<float> y;
  size_t dropped = 0;
};

TargetRows KeepLabelledRows(const data::Table& table, const std::vector<float>& y) {
  std::vector<uint32_t> keep;
  for (uint32_t row = 0; row < y.size(); ++row) {
    if (std::isfinite(y[row])) keep.push_back(row);
  }
  TargetRows out;
  out.dropped = y.size() - keep.size();
  if (out.dropped == 0) {
    out.table = table;
    out.y = y;
    return out;
  }
  out.table = data::TakeRows(table, keep);
  for (uint32_t row : keep) out.y.push_back(y[row]);
  return out;
}

}  // namespace

Result<std::vector<float>> AutoMlResult::Predict(const ml::Matrix& x) const {
  if (members.empty()) return FailedPreconditionError("AutoML result has no fitted members");
  std::vector<float> out;
  for (const FinalMember& m : members) {
    LATHE_ASSIGN_OR_RETURN(std::vector<float> p, m.model->Predict(x));
    if (out.empty()) out.assign(p.size(), 0.0f);
    if (p.size() != out.size()) return InternalError("ensemble members disagree on output size");
    for (size_t idx = 0; idx < p.size(); ++idx) out[idx] += static_cast<float>(m.weight) * p[idx];
  }
  return out;
}

json AutoMlResult::LeaderboardJson() const {
  const ml::MetricInfo* info = ml::FindMetric(metric).value();
  std::vector<const LeaderboardEntry*> order;
  for (const LeaderboardEntry& e : leaderboard) order.push_back(&e);
  std::stable_sort(order.begin(), order.end(), [&](const auto* a, const auto* b) {
    if (a->ok != b->ok) return a->ok;
    return ml::IsBetter(*info, a->score, b->score);
  });
  json rows = json::array();
  for (const LeaderboardEntry* e : order) rows.push_back(EntryJson(*e));
  return {{"metric", metric},
          {"higher_is_better", info->direction == ml::MetricDirection::kHigherIsBetter},
          {"validation", validation}, {"best_trial_id", best_trial_id},
          {"ensemble_selected", ensemble_selected}, {"final_score", final_score},
          {"entries", rows}};
}

Result<AutoMlResult> RunAutoMlOnData(const ml::LabeledData& data, const ml::ProblemInfo& problem,
                                     const AutoMlOptions& options, const EventSink& sink,
                                     const LearnerCatalog& catalog,
                                     const FoldBuilder& fold_builder) {
  internal::SearchRunner runner(data, problem, options, sink, catalog, fold_builder);
  return runner.Run();
}

Result<AutoMlResult> RunAutoMl(const data::Table& train, std::string_view target,
                               const AutoMlOptions& options, const EventSink& sink) {
  LATHE_RETURN_IF_ERROR(ValidateOptions(options));
  LATHE_ASSIGN_OR_RETURN(ml::ProblemInfo problem,
                         ml::DetectProblem(train, target, options.problem_type));
  LATHE_RETURN_IF_ERROR(ValidateOptionsFor(options, problem.type));
  LATHE_ASSIGN_OR_RETURN(std::vector<float> encoded, ml::EncodeTarget(train, problem));
  TargetRows rows = KeepLabelledRows(train, encoded);
  if (rows.y.size() < 2) {
    return InvalidArgumentError("AutoML needs at least 2 rows with a value in target column \"" +
                                std::string(target) + "\", found " +
                                std::to_string(rows.y.size()));
  }
  const auto start = std::chrono::steady_clock::now();
  ml::FeaturePipelineOptions pipeline_options;
  pipeline_options.seed = options.seed;
  LATHE_ASSIGN_OR_RETURN(ml::PipelineFit fit,
                         ml::FeaturePipeline::Fit(rows.table, problem, rows.y, pipeline_options));
  ml::LabeledData data;
  data.x = std::move(fit.train);
  data.y = rows.y;
  // Target encoding is out-of-fold inside the pipeline, but the encodings of a fold's training
  // rows would still have seen that fold's validation targets: refit the pipeline per fold then.
  FoldBuilder per_fold;
  const bool per_fold_pipeline = UsesTargetEncoding(*fit.pipeline, pipeline_options);
  if (per_fold_pipeline) {
    per_fold = [&](const std::vector<uint32_t>& train_rows, const std::vector<uint32_t>& valid_rows)
        -> Result<std::pair<ml::LabeledData, ml::LabeledData>> {
      data::Table fold_train = data::TakeRows(rows.table, train_rows);
      std::vector<float> fold_y;
      for (uint32_t row : train_rows) fold_y.push_back(rows.y[row]);
      LATHE_ASSIGN_OR_RETURN(ml::PipelineFit fold_fit, ml::FeaturePipeline::Fit(
                                                           fold_train, problem, fold_y,
                                                           pipeline_options));
      ml::LabeledData train_part{std::move(fold_fit.train), std::move(fold_y), {}};
      ml::LabeledData valid_part;
      LATHE_ASSIGN_OR_RETURN(valid_part.x,
                             fold_fit.pipeline->Transform(data::TakeRows(rows.table, valid_rows)));
      for (uint32_t row : valid_rows) valid_part.y.push_back(rows.y[row]);
      return std::make_pair(std::move(train_part), std::move(valid_part));
    };
  }
  const LearnerCatalog catalog = DefaultCatalog(options.learners);
  // The budget covers the whole run: fitting the feature pipeline (TF-IDF over a corpus can take
  // seconds) comes out of the search's share. The first trial always completes anyway.
  AutoMlOptions search_options = options;
  const double pipeline_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  search_options.budget_seconds =
      std::max(0.1 * options.budget_seconds, options.budget_seconds - pipeline_seconds);
  LATHE_ASSIGN_OR_RETURN(AutoMlResult result,
                         RunAutoMlOnData(data, problem, search_options, sink, catalog, per_fold));
  result.pipeline = std::move(fit.pipeline);
  result.pipeline_per_fold = per_fold_pipeline;
  return result;
}

Result<ml::ModelBundle> MakeBundle(const AutoMlResult& result) {
  if (result.pipeline == nullptr || result.members.empty()) {
    return FailedPreconditionError("AutoML result has no pipeline or no fitted members");
  }
  ml::ModelBundle bundle;
  bundle.problem = result.problem;
  bundle.pipeline = result.pipeline->ToJson();
  for (size_t idx = 0; idx < result.members.size(); ++idx) {
    const FinalMember& m = result.members[idx];
    LATHE_ASSIGN_OR_RETURN(std::string bytes, m.model->Save());
    bundle.members.push_back({m.learner, m.model->Params(), std::move(bytes)});
    bundle.ensemble.push_back({idx, m.weight});
  }
  bundle.training_info = {{"metric", result.metric},
                          {"validation", result.validation},
                          {"validation_score", result.final_score},
                          {"pipeline_per_fold", result.pipeline_per_fold},
                          {"elapsed_seconds", result.elapsed_seconds},
                          {"leaderboard", result.LeaderboardJson()}};
  return bundle;
}

}  // namespace lathe::automl
