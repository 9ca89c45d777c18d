// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// RunAutoMl end to end with the real learners (XGBoost, liblinear, kNN...) on generated tables,
// and the bundle it produces loading and predicting.
#include <cstdlib>
#include <random>

#include <gtest/gtest.h>

#include "automl/automl.h"
#include "automl/folds.h"
#include "data/csv_reader.h"
#include "data/take.h"
#include "ml/evaluation.h"
#include "ml/loaded_model.h"

namespace lathe::automl {
namespace {

using nlohmann::json;

// n rows: x1, x2 numeric (x2 with missing values), color categorical, label yes/no from a
// nonlinear rule on x1, x2 and color plus 5% noise.
data::Table MakeTable(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> norm(0, 1);
  std::uniform_int_distribution<int> pick(0, 2);
  data::Column x1 = data::Column::Make("x1", data::DataType::kFloat64);
  data::Column x2 = data::Column::Make("x2", data::DataType::kFloat64);
  data::Column color = data::Column::Make("color", data::DataType::kCategorical);
  data::Column label = data::Column::Make("label", data::DataType::kCategorical);
  const char* colors[] = {"red", "green", "blue"};
  for (size_t row = 0; row < n; ++row) {
    const double a = norm(rng), b = norm(rng);
    const int c = pick(rng);
    x1.AppendDouble(a);
    if (row % 17 == 0) x2.AppendNull(); else x2.AppendDouble(b);
    color.AppendString(colors[c]);
    bool positive = a * b > 0 || (c == 0 && a > 1);
    if (std::uniform_real_distribution<double>(0, 1)(rng) < 0.05) positive = !positive;
    label.AppendString(positive ? "yes" : "no");
  }
  data::Table t;
  for (auto* col : {&x1, &x2, &color, &label}) EXPECT_TRUE(t.AddColumn(std::move(*col)).ok());
  return t;
}

// Three trials (logistic regression, default XGBoost, shallow XGBoost) rather than a short
// budget, so the test does not depend on how busy the machine is.
TEST(AutoMlTableTest, ThreeTrialRunFindsBoostedModelAndBundleLoads) {
  const data::Table table = MakeTable(1500, 1);
  AutoMlOptions options;
  options.budget_seconds = 60;
  options.max_trials = 3;
  if (const char* t = std::getenv("LATHE_AUTOML_THREADS")) options.threads = std::atoi(t);
  std::vector<json> events;
  const auto start = std::chrono::steady_clock::now();
  auto result = RunAutoMl(table, "label", options, [&](const json& e) { events.push_back(e); });
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_LT(elapsed, options.budget_seconds);
  EXPECT_EQ(result->leaderboard.size(), 3u + (result->ensemble_selected ? 1 : 0));
  EXPECT_EQ(result->problem.type, ml::ProblemType::kBinary);
  EXPECT_EQ(result->metric, "roc_auc");
  EXPECT_EQ(events.front()["type"], "job_started");
  EXPECT_EQ(events.back()["type"], "finished");
  EXPECT_EQ(events.back()["status"], "ok");
  bool saw_xgboost = false, saw_linear = false;
  double linear_score = 0, best_score = 0;
  for (const auto& e : result->leaderboard) {
    if (e.learner == "xgboost" && e.ok) saw_xgboost = true;
    if (e.learner == "logistic_regression" && e.ok) {
      saw_linear = true;
      linear_score = e.score;
    }
    if (e.trial_id == result->best_trial_id) best_score = e.score;
  }
  for (const auto& e : result->leaderboard) {
    if (!e.ok) ADD_FAILURE() << "trial " << e.trial_id << " " << e.learner << ": " << e.error;
  }
  if (std::getenv("LATHE_AUTOML_DUMP")) {
    for (const auto& e : events) std::cout << e.dump() << "\n";
  }
  EXPECT_TRUE(saw_xgboost);
  EXPECT_TRUE(saw_linear);
  // The rule is an interaction a linear model cannot express; the trees must beat it clearly.
  EXPECT_GT(best_score, 0.85);
  EXPECT_GT(best_score, linear_score + 0.1);

  auto bundle = MakeBundle(*result);
  ASSERT_TRUE(bundle.ok()) << bundle.status().ToString();
  auto bytes = ml::SerializeBundle(*bundle);
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  auto loaded = ml::LoadedModel::Load(*bytes);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  const data::Table fresh = MakeTable(300, 99);
  auto batch = (*loaded)->Predict(fresh);
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  int correct = 0;
  const data::Column& truth = fresh.column(3);
  for (size_t row = 0; row < fresh.num_rows(); ++row) correct += batch->labels[row] == truth.StringAt(row);
  EXPECT_GT(correct, 240);  // > 80% on new rows
}

TEST(AutoMlTableTest, RegressionAndWideDataAndTinyTables) {
  // Regression on 300 rows x 5,000 columns: runs, within budget, without crashing.
  std::mt19937_64 rng(4);
  std::normal_distribution<double> norm(0, 1);
  data::Table wide;
  std::vector<data::Column> cols;
  for (int c = 0; c < 5000; ++c) {
    cols.push_back(data::Column::Make("f" + std::to_string(c), data::DataType::kFloat64));
  }
  data::Column y = data::Column::Make("y", data::DataType::kFloat64);
  for (int row = 0; row < 300; ++row) {
    double target = 0;
    for (int c = 0; c < 5000; ++c) {
      const double v = norm(rng);
      cols[c].AppendDouble(v);
      if (c < 3) target += v;
    }
    y.AppendDouble(target + 0.1 * norm(rng));
  }
  for (auto& c : cols) ASSERT_TRUE(wide.AddColumn(std::move(c)).ok());
  ASSERT_TRUE(wide.AddColumn(std::move(y)).ok());
  AutoMlOptions options;
  options.budget_seconds = 6;
  const auto start = std::chrono::steady_clock::now();
  auto result = RunAutoMl(wide, "y", options, nullptr);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->metric, "rmse");
  // A guard against a run that ignores its budget, not a timing test: the margin is wide because
  // CI machines are shared (the budget's accuracy is measured in bench/automl).
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
            options.budget_seconds * 3 + 30.0);

  // One row: refused with a message, no crash.
  data::Table one = data::SliceRows(MakeTable(50, 2), 0, 1);
  auto tiny = RunAutoMl(one, "label", options, nullptr);
  EXPECT_FALSE(tiny.ok());
  AutoMlOptions zero;
  zero.budget_seconds = 0;
  EXPECT_EQ(RunAutoMl(MakeTable(50, 2), "label", zero, nullptr).status().code(),
            StatusCode::kInvalidArgument);
}

// Sanity figure for the report, not a unit test: LATHE_AUTOML_SANITY_CSV=path
// LATHE_AUTOML_SANITY_TARGET=column [LATHE_AUTOML_SANITY_BUDGET=30] runs AutoML on a stratified
// 80 % and prints the test metrics of the other 20 %.
TEST(AutoMlTableTest, SanityOnCsvFromEnvironment) {
  const char* path = std::getenv("LATHE_AUTOML_SANITY_CSV");
  const char* target = std::getenv("LATHE_AUTOML_SANITY_TARGET");
  if (path == nullptr || target == nullptr) GTEST_SKIP() << "LATHE_AUTOML_SANITY_CSV not set";
  auto table = data::ReadCsvFile(path, {});
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  auto problem = ml::DetectProblem(*table, target);
  ASSERT_TRUE(problem.ok());
  auto y = ml::EncodeTarget(*table, *problem);
  ASSERT_TRUE(y.ok());
  auto split = MakeFolds(*y, problem->type, {.holdout = true, .holdout_fraction = 0.2, .seed = 1});
  ASSERT_TRUE(split.ok());
  const data::Table train = data::TakeRows(*table, split->train[0]);
  const data::Table test = data::TakeRows(*table, split->valid[0]);
  AutoMlOptions options;
  const char* budget = std::getenv("LATHE_AUTOML_SANITY_BUDGET");
  options.budget_seconds = budget ? std::atof(budget) : 30;
  auto result = RunAutoMl(train, target, options, nullptr);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  auto x = result->pipeline->Transform(test);
  ASSERT_TRUE(x.ok());
  auto pred = result->Predict(*x);
  ASSERT_TRUE(pred.ok());
  std::vector<float> test_y;
  for (uint32_t row : split->valid[0]) test_y.push_back((*y)[row]);
  auto report = ml::Evaluate(result->problem, test_y, *pred);
  ASSERT_TRUE(report.ok());
  std::cout << "trials " << result->leaderboard.size() << ", cv " << result->metric << " "
            << result->final_score << ", ensemble " << result->ensemble_selected
            << ", elapsed " << result->elapsed_seconds << " s\ntest metrics "
            << report->json["metrics"].dump() << "\n";
}

}  // namespace
}  // namespace lathe::automl
