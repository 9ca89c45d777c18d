// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// The AutoML search loop with tiny learners (tiny_learners.h): events, leaderboard, ensemble,
// budget, cancel and determinism.
#include <atomic>
#include <cmath>
#include <chrono>
#include <map>
#include <thread>

#include <gtest/gtest.h>

#include "automl/automl.h"
#include "tiny_learners.h"

namespace lathe::automl {
namespace {

using nlohmann::json;
using testing::MakeBinaryData;
using testing::TinyCatalog;

ml::ProblemInfo BinaryProblem() {
  ml::ProblemInfo p;
  p.type = ml::ProblemType::kBinary;
  p.target = "y";
  p.classes = {"no", "yes"};
  return p;
}

std::vector<Candidate> DefaultTinyPortfolio() {
  return {{"prior", json::object()},
          {"centroid", {{"scale", 1.0}}},
          {"broken", json::object()},
          {"centroid", {{"scale", 0.05}}}};
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

// Checks the event grammar: job_started first, finished last, each trial_started closed by its
// own trial_finished / trial_failed before the next starts, new_best right after a finish,
// ensemble before refit before finished.
void ExpectEventOrder(const std::vector<json>& events) {
  ASSERT_GE(events.size(), 3u);
  EXPECT_EQ(events.front()["type"], "job_started");
  EXPECT_EQ(events.back()["type"], "finished");
  int open_trial = 0;
  std::string previous;
  bool seen_ensemble = false, seen_refit = false;
  for (size_t idx = 1; idx + 1 < events.size(); ++idx) {
    const json& e = events[idx];
    const std::string type = e["type"];
    if (type == "trial_started") {
      EXPECT_EQ(open_trial, 0) << "trial " << e["trial_id"] << " started inside another";
      EXPECT_FALSE(seen_ensemble);
      open_trial = e["trial_id"];
    } else if (type == "trial_finished" || type == "trial_failed") {
      EXPECT_EQ(open_trial, e["trial_id"].get<int>());
      open_trial = 0;
    } else if (type == "new_best") {
      EXPECT_EQ(previous, "trial_finished");
    } else if (type == "ensemble") {
      EXPECT_EQ(open_trial, 0);
      EXPECT_FALSE(seen_refit);
      seen_ensemble = true;
    } else if (type == "predict_limit" || type == "trial_skipped") {
      EXPECT_EQ(open_trial, 0);
      EXPECT_FALSE(seen_ensemble);
    } else if (type == "refit") {
      seen_refit = true;
    } else {
      EXPECT_EQ(type, "progress") << "unexpected event " << e.dump();
    }
    previous = type;
  }
  EXPECT_TRUE(seen_refit);
}

TEST(AutoMlSearchTest, SmallBudgetRunGivesLeaderboardEnsembleAndOrderedEvents) {
  const ml::LabeledData data = MakeBinaryData(400, 4, 11);
  AutoMlOptions options;
  options.budget_seconds = 3;
  std::vector<json> events;
  const auto start = std::chrono::steady_clock::now();
  auto result = RunAutoMlOnData(data, BinaryProblem(), options,
                                [&](const json& e) { events.push_back(e); },
                                TinyCatalog(DefaultTinyPortfolio()));
  const double elapsed = Seconds(start);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_LT(elapsed, options.budget_seconds * 3 + 10.0);  // a hang guard (shared CI machines)
  EXPECT_GT(elapsed, options.budget_seconds * 0.5);  // used its time searching
  ExpectEventOrder(events);
  EXPECT_EQ(events.front()["metric"], "roc_auc");
  EXPECT_EQ(events.front()["validation"], "5-fold x2");  // tiny work: repeated
  EXPECT_EQ(result->validation, "5-fold x2");

  // Portfolio first, in order, then search trials; the broken learner failed with its error.
  const auto& board = result->leaderboard;
  ASSERT_GT(board.size(), 10u);
  EXPECT_EQ(board[0].learner, "prior");
  EXPECT_EQ(board[1].learner, "centroid");
  EXPECT_FALSE(board[2].ok);
  EXPECT_NE(board[2].error.find("broken on purpose"), std::string::npos);
  EXPECT_EQ(board[4].source, "search");
  EXPECT_EQ(board[1].fold_scores.size(), 10u);  // 5 folds, twice
  EXPECT_NEAR(board[0].score, 0.5, 1e-9);  // class priors rank nothing
  EXPECT_GT(board[1].score, 0.85);
  EXPECT_GT(board[1].score_sd, 0.0);

  const LeaderboardEntry* best = nullptr;
  for (const auto& e : board) {
    if (e.trial_id == result->best_trial_id) best = &e;
  }
  ASSERT_NE(best, nullptr);
  for (const auto& e : board) {
    if (e.ok && e.trial_id != kEnsembleTrialId && e.data_fraction >= 1.0) {
      EXPECT_LE(e.score, best->score);
    }
  }
  ASSERT_FALSE(result->members.empty());
  double weights = 0;
  for (const auto& m : result->members) {
    ASSERT_NE(m.model, nullptr);
    weights += m.weight;
  }
  EXPECT_NEAR(weights, 1.0, 1e-9);
  auto pred = result->Predict(data.x);
  ASSERT_TRUE(pred.ok());
  EXPECT_EQ(pred->size(), data.x.rows * 2);

  json leaderboard = result->LeaderboardJson();
  EXPECT_EQ(leaderboard["metric"], "roc_auc");
  EXPECT_EQ(leaderboard["entries"].size(), board.size());
  EXPECT_FALSE(leaderboard["entries"].back()["ok"]);  // failures sort last
}

TEST(AutoMlSearchTest, CancelStopsWithinASecond) {
  const ml::LabeledData data = MakeBinaryData(200, 3, 2);
  std::atomic<bool> cancel{false};
  AutoMlOptions options;
  options.budget_seconds = 60;
  options.cancel = &cancel;
  std::vector<json> events;
  std::chrono::steady_clock::time_point cancelled_at;
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(700));
    cancelled_at = std::chrono::steady_clock::now();
    cancel = true;
  });
  auto result = RunAutoMlOnData(
      data, BinaryProblem(), options, [&](const json& e) { events.push_back(e); },
      TinyCatalog({{"centroid", {{"scale", 1.0}}}, {"sleepy", {{"sleep_ms", 30000}}}}));
  const double after_cancel = Seconds(cancelled_at);
  canceller.join();
  EXPECT_EQ(result.status().code(), StatusCode::kCancelled);
  EXPECT_LT(after_cancel, 1.0);
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back()["type"], "finished");
  EXPECT_EQ(events.back()["status"], "cancelled");
}

TEST(AutoMlSearchTest, FinishEndsTheSearchAndKeepsTheBestModel) {
  const ml::LabeledData data = MakeBinaryData(200, 3, 2);
  std::atomic<bool> finish{false};
  AutoMlOptions options;
  options.budget_seconds = 600;
  options.finish = &finish;
  std::vector<json> events;
  std::chrono::steady_clock::time_point finish_at;
  std::thread finisher([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(700));
    finish_at = std::chrono::steady_clock::now();
    finish = true;
  });
  auto result = RunAutoMlOnData(
      data, BinaryProblem(), options, [&](const json& e) { events.push_back(e); },
      TinyCatalog({{"centroid", {{"scale", 1.0}}}, {"sleepy", {{"sleep_ms", 30000}}}}));
  const double after_finish = Seconds(finish_at);
  finisher.join();
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_LT(after_finish, 2.0);  // the sleepy trial was stopped, not waited for
  ASSERT_EQ(result->members.size(), 1u);
  EXPECT_EQ(result->members[0].learner, "centroid");
  EXPECT_NE(result->members[0].model, nullptr);  // refit on all rows
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back()["type"], "finished");
  EXPECT_EQ(events.back()["status"], "ok");
  bool stopped_by_finish = false;
  for (const json& e : events) {
    if (e["type"] == "trial_failed" && e.value("stopped", false)) {
      stopped_by_finish = e["error"] == "stopped: finish requested";
    }
  }
  EXPECT_TRUE(stopped_by_finish);
}

TEST(AutoMlSearchTest, PredictLimitKeepsTheFinalModelWithinItsEstimatedCost) {
  const ml::LabeledData data = MakeBinaryData(300, 4, 5);
  AutoMlOptions options;
  options.budget_seconds = 60;
  options.max_trials = 4;
  // Centroids (the better learner here) cost 100 ms per 1,000 rows, the prior 1 ms.
  LearnerCatalog catalog = TinyCatalog(
      {{"prior", json::object()}, {"centroid", {{"scale", 1.0}}}, {"centroid", {{"scale", 0.3}}}});
  catalog.prediction_ms = [](std::string_view learner, const json&, const ml::ProblemInfo&,
                             const DataShape&) { return learner == "centroid" ? 100.0 : 1.0; };
  // The default is a 50 ms limit (kDefaultPredictLimitMs), which would exclude the centroids.
  EXPECT_EQ(options.predict_limit_ms, kDefaultPredictLimitMs);
  options.predict_limit_ms = 0;
  auto unlimited = RunAutoMlOnData(data, BinaryProblem(), options, nullptr, catalog);
  ASSERT_TRUE(unlimited.ok()) << unlimited.status().ToString();
  bool has_centroid = false;
  for (const FinalMember& m : unlimited->members) has_centroid |= m.learner == "centroid";
  ASSERT_TRUE(has_centroid);  // otherwise the limit below proves nothing

  // 150 ms: one centroid and the prior fit, two centroids do not.
  options.predict_limit_ms = 150;
  std::vector<json> events;
  auto one = RunAutoMlOnData(data, BinaryProblem(), options,
                             [&](const json& e) { events.push_back(e); }, catalog);
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  ExpectEventOrder(events);
  int centroids = 0;
  for (const FinalMember& m : one->members) centroids += m.learner == "centroid";
  EXPECT_EQ(centroids, 1);
  bool limit_event = false;
  for (const json& e : events) {
    if (e["type"] != "predict_limit") continue;
    limit_event = true;
    EXPECT_EQ(e["limit_ms"], 150.0);
    EXPECT_TRUE(e["within_limit"].get<bool>());
  }
  EXPECT_TRUE(limit_event);

  // 10 ms: only the prior fits, so it is the final model although it scores worse.
  options.predict_limit_ms = 10;
  auto cheap = RunAutoMlOnData(data, BinaryProblem(), options, nullptr, catalog);
  ASSERT_TRUE(cheap.ok());
  ASSERT_EQ(cheap->members.size(), 1u);
  EXPECT_EQ(cheap->members[0].learner, "prior");

  // 0.5 ms: nothing fits; the search's best single model is kept.
  options.predict_limit_ms = 0.5;
  auto none = RunAutoMlOnData(data, BinaryProblem(), options, nullptr, catalog);
  ASSERT_TRUE(none.ok());
  ASSERT_EQ(none->members.size(), 1u);
  EXPECT_EQ(none->members[0].learner, "centroid");

  options.predict_limit_ms = -1;
  EXPECT_EQ(RunAutoMlOnData(data, BinaryProblem(), options, nullptr, catalog).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(AutoMlSearchTest, PipelineCostComesOutOfThePredictLimit) {
  const ml::LabeledData data = MakeBinaryData(300, 4, 5);
  AutoMlOptions options;
  options.budget_seconds = 60;
  options.max_trials = 3;
  // Centroids cost 100 ms per 1,000 rows, the prior 1 ms; the pipeline 60 ms before either.
  LearnerCatalog catalog = TinyCatalog(
      {{"prior", json::object()}, {"centroid", {{"scale", 1.0}}}, {"centroid", {{"scale", 0.3}}}});
  catalog.prediction_ms = [](std::string_view learner, const json&, const ml::ProblemInfo&,
                             const DataShape&) { return learner == "centroid" ? 100.0 : 1.0; };
  catalog.pipeline_ms = [](const DataShape&) { return 60.0; };
  // 150 ms would hold a centroid alone, but not with the pipeline: the learners have 90 ms, so
  // the portfolio's centroids are skipped (the first trial, the prior, ran) and the prior stays.
  options.predict_limit_ms = 150;
  std::vector<json> events;
  auto result = RunAutoMlOnData(data, BinaryProblem(), options,
                                [&](const json& e) { events.push_back(e); }, catalog);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ExpectEventOrder(events);
  ASSERT_EQ(result->members.size(), 1u);
  EXPECT_EQ(result->members[0].learner, "prior");
  int skipped = 0;
  bool limit_event = false;
  for (const json& e : events) {
    if (e["type"] == "trial_started" && e["source"] == "portfolio") {
      EXPECT_EQ(e["learner"], "prior");
    }
    if (e["type"] == "trial_skipped") {
      ++skipped;
      EXPECT_EQ(e["learner"], "centroid");
      EXPECT_EQ(e["reason"], "predict_limit");
      EXPECT_DOUBLE_EQ(e["learner_limit_ms"].get<double>(), 90.0);
    }
    if (e["type"] == "predict_limit") {
      limit_event = true;
      EXPECT_DOUBLE_EQ(e["pipeline_estimated_ms"].get<double>(), 60.0);
      EXPECT_DOUBLE_EQ(e["learner_limit_ms"].get<double>(), 90.0);
    }
  }
  EXPECT_EQ(skipped, 2);
  EXPECT_TRUE(limit_event);

  // A pipeline over the whole limit leaves the learners a fifth of it, not nothing.
  catalog.pipeline_ms = [](const DataShape&) { return 400.0; };
  events.clear();
  ASSERT_TRUE(RunAutoMlOnData(data, BinaryProblem(), options,
                              [&](const json& e) { events.push_back(e); }, catalog)
                  .ok());
  for (const json& e : events) {
    if (e["type"] == "predict_limit") {
      EXPECT_DOUBLE_EQ(e["learner_limit_ms"].get<double>(), 30.0);
    }
  }
}

TEST(AutoMlSearchTest, PredictLimitCapsBoostedRoundsInTrialsAndRefit) {
  const ml::LabeledData data = MakeBinaryData(300, 4, 6);
  const DataShape shape{.rows = 300, .dense_cols = 4};
  AutoMlOptions options;
  options.budget_seconds = 60;
  options.max_trials = 3;
  options.threads = 1;
  // ~0.025 ms per depth-6 round for 1,000 rows: 1 ms leaves room for about 40 rounds.
  options.predict_limit_ms = 1.0;
  std::vector<json> events;
  auto result = RunAutoMlOnData(data, BinaryProblem(), options,
                                [&](const json& e) { events.push_back(e); },
                                DefaultCatalog({"xgboost"}));
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  int xgboost_trials = 0;
  for (const json& e : events) {
    if (e["type"] != "trial_started") continue;
    ++xgboost_trials;
    EXPECT_LE(EstimatePredictionMs("xgboost", e["params"], BinaryProblem(), shape), 1.0)
        << e.dump();
    EXPECT_GE(e["params"].value("n_estimators", 0), 1);
  }
  EXPECT_EQ(xgboost_trials, 3);
  double total = 0;
  for (const FinalMember& m : result->members) {
    total += EstimatePredictionMs(m.learner, m.params, BinaryProblem(), shape);
  }
  EXPECT_LE(total, 1.0);
  // Without the limit the portfolio's first boosted configurations ask for hundreds of rounds.
  options.predict_limit_ms = 0;
  events.clear();
  ASSERT_TRUE(RunAutoMlOnData(data, BinaryProblem(), options,
                              [&](const json& e) { events.push_back(e); },
                              DefaultCatalog({"xgboost"}))
                  .ok());
  int large = 0;
  for (const json& e : events) {
    if (e["type"] == "trial_started" && e["params"].value("n_estimators", 0) > 100) ++large;
  }
  EXPECT_GT(large, 0);
}

TEST(AutoMlSearchTest, BudgetIsRespectedWithSlowTrials) {
  const ml::LabeledData data = MakeBinaryData(200, 3, 3);
  AutoMlOptions options;
  options.budget_seconds = 2.5;
  options.fold_repeats = 1;
  std::vector<json> events;
  const auto start = std::chrono::steady_clock::now();
  // Each sleepy fit takes 300 ms: a 5-fold trial takes 1.5 s.
  auto result = RunAutoMlOnData(
      data, BinaryProblem(), options, [&](const json& e) { events.push_back(e); },
      TinyCatalog({{"sleepy", {{"sleep_ms", 300}}}, {"sleepy", {{"sleep_ms", 300}}},
                   {"sleepy", {{"sleep_ms", 300}}}}));
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_LT(Seconds(start), options.budget_seconds * 3 + 10.0);  // a hang guard; + the refit
  bool stopped_event = false;
  for (const json& e : events) {
    if (e["type"] == "trial_failed" && e.value("stopped", false)) stopped_event = true;
  }
  EXPECT_TRUE(stopped_event);  // the second trial was cut by the clock
}

TEST(AutoMlSearchTest, HoldoutModelStandsInForARefitThatWouldOverrunTheBudget) {
  const ml::LabeledData data = MakeBinaryData(400, 3, 5);
  for (const double budget : {0.9, 5.0}) {
    SCOPED_TRACE(budget);
    AutoMlOptions options;
    options.budget_seconds = budget;
    options.holdout_min_rows = 100;  // one holdout fold
    options.max_trials = 1;
    std::vector<json> events;
    // One 600 ms fit: its refit on all rows is estimated at 1.3 x 0.6 s, past 0.9 s.
    auto result = RunAutoMlOnData(
        data, BinaryProblem(), options, [&](const json& e) { events.push_back(e); },
        TinyCatalog({{"sleepy", {{"sleep_ms", 600}}}}));
    ASSERT_TRUE(result.ok()) << result.status().ToString();
    ASSERT_EQ(result->members.size(), 1u);
    ASSERT_NE(result->members[0].model, nullptr);
    ml::Matrix one = data.x;
    EXPECT_TRUE(result->members[0].model->Predict(one).ok());
    int refits = 0;
    bool reused = false;
    for (const json& e : events) {
      if (e["type"] != "refit") continue;
      ++refits;
      reused = e.value("holdout_model", false);
      if (reused) {
        EXPECT_EQ(e["rows"], 320);  // the holdout's training part (80 %)
      }
    }
    EXPECT_EQ(refits, 1);
    EXPECT_EQ(reused, budget < 1.0);
  }
}

// Everything but timings (NaN as null, so that equal runs compare equal).
json Comparable(const AutoMlResult& r) {
  auto num = [](double v) { return std::isfinite(v) ? json(v) : json(nullptr); };
  json out = json::array();
  for (const auto& e : r.leaderboard) {
    json folds = json::array();
    for (double s : e.fold_scores) folds.push_back(num(s));
    out.push_back({e.trial_id, e.learner, e.params, folds, num(e.score), num(e.oof_score), e.ok});
  }
  json members = json::array();
  for (const auto& m : r.members) members.push_back({m.trial_id, m.weight});
  return {out, members, r.final_score};
}

TEST(AutoMlSearchTest, SameSeedAndTrialCountGiveSameLeaderboard) {
  const ml::LabeledData data = MakeBinaryData(300, 4, 4);
  AutoMlOptions options;
  options.budget_seconds = 60;
  options.max_trials = 12;
  auto run = [&](uint64_t seed) {
    AutoMlOptions o = options;
    o.seed = seed;
    return RunAutoMlOnData(data, BinaryProblem(), o, nullptr, TinyCatalog(DefaultTinyPortfolio()));
  };
  auto a = run(9), b = run(9), c = run(10);
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(a->leaderboard.size(), 12u + (a->ensemble_selected ? 1 : 0));
  EXPECT_EQ(Comparable(*a), Comparable(*b));
  EXPECT_NE(Comparable(*a), Comparable(*c));
}

TEST(AutoMlSearchTest, MulticlassWithSingleRowClassAndNonFiniteFeatures) {
  ml::LabeledData data = MakeBinaryData(120, 3, 5);
  data.y[7] = 2.0f;  // a class with one row
  data.x.dense[0] = std::numeric_limits<float>::quiet_NaN();
  data.x.dense[4] = std::numeric_limits<float>::infinity();
  ml::ProblemInfo problem = BinaryProblem();
  problem.type = ml::ProblemType::kMulticlass;
  problem.classes = {"a", "b", "c"};
  AutoMlOptions options;
  options.max_trials = 6;
  std::vector<json> events;
  auto result = RunAutoMlOnData(data, problem, options, [&](const json& e) { events.push_back(e); },
                                TinyCatalog(DefaultTinyPortfolio()));
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->metric, "accuracy");
  EXPECT_EQ(events.front()["metric"], "accuracy");
  EXPECT_FALSE(result->members.empty());
}

TEST(AutoMlSearchTest, RefusesBadOptionsAndTooFewRows) {
  const ml::LabeledData data = MakeBinaryData(50, 2, 6);
  for (double budget : {0.0, -5.0}) {
    AutoMlOptions options;
    options.budget_seconds = budget;
    Status s = ValidateOptions(options);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(s.details()["field"], "budget_seconds");
    auto r = RunAutoMlOnData(data, BinaryProblem(), options, nullptr, TinyCatalog({}));
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  }
  AutoMlOptions wrong_metric;
  wrong_metric.metric = "rmse";
  EXPECT_EQ(ValidateOptionsFor(wrong_metric, ml::ProblemType::kBinary).code(),
            StatusCode::kInvalidArgument);
  const ml::LabeledData one = MakeBinaryData(1, 2, 7);
  auto r = RunAutoMlOnData(one, BinaryProblem(), {}, nullptr, TinyCatalog(DefaultTinyPortfolio()));
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  // Every trial failing is an error naming the first failure.
  AutoMlOptions few;
  few.max_trials = 2;
  auto failed = RunAutoMlOnData(data, BinaryProblem(), few, nullptr,
                                TinyCatalog({{"broken", json::object()}, {"nope", json::object()}}));
  EXPECT_EQ(failed.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(failed.status().message().find("broken on purpose"), std::string::npos);
}

}  // namespace
}  // namespace lathe::automl
