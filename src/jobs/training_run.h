// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// RunTraining: the machine-learning part of a training job, without storage or state: prepare
// the rows (recipe, excluded columns), hold out the stratified test split, run AutoML on the
// rest, build the model bundle, reload it as a LoadedModel to predict the test split (so the
// report measures exactly what serving will run) and store the evaluation report in the bundle.
// Runs on the calling thread; events go to `context.sink` on that thread.
//
//   RunContext ctx{.cancel = &flag, .sink = Forward, .stage = ShowStage};
//   LATHE_ASSIGN_OR_RETURN(TrainingOutcome out, RunTraining(plan, ctx));
//   artifacts.Put(out.bundle_bytes);
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "automl/options.h"
#include "core/status.h"
#include "jobs/training_plan.h"
#include "ml/problem.h"
#include "prep/operation.h"

namespace lathe::jobs {

struct RunContext {
  const std::atomic<bool>* cancel = nullptr;          // set = stop (Cancelled)
  const std::atomic<bool>* finish = nullptr;          // set = end the search, keep its best
  automl::EventSink sink;                             // AutoML's events, forwarded as they come
  std::function<void(std::string_view stage)> stage;  // "preparing", "searching", ...
  prep::ApplyContext apply;                           // for recipes with joins
  int threads = 2;                                    // per learner
};

struct TrainingOutcome {
  std::string bundle_bytes;  // SerializeBundle output
  ml::ProblemInfo problem;
  std::string metric;            // the optimised metric
  double validation_score = 0;   // AutoML's cross-validated score of the final model
  nlohmann::json evaluation;     // the evaluation report (also in the bundle)
  nlohmann::json leaderboard;    // AutoMlResult::LeaderboardJson()
  nlohmann::json members;        // [{"learner", "weight"}]
  nlohmann::json input_columns;  // columns a prediction row has, in order (target excluded)
  size_t train_rows = 0;
  size_t test_rows = 0;          // evaluated
  size_t test_rows_skipped = 0;  // test rows whose class the training split never had
};

// Cancelled when context.cancel was set; AutoML's errors (FailedPrecondition when no trial
// succeeded...); InvalidArgument for data the recipe or the split refuses.
Result<TrainingOutcome> RunTraining(const TrainingPlan& plan, const RunContext& context);

// The test metrics summary kept in job and model bodies: the report's "metrics" object plus
// "primary_metric" {"name", "value"}.
nlohmann::json TestMetricsSummary(const nlohmann::json& evaluation);

}  // namespace lathe::jobs
