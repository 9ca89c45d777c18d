// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <thread>

#include "ml/estimator.h"
#include "ml/feature_pipeline.h"
#include "ml_test_data.h"

namespace lathe::ml {
namespace {

using testing::Accuracy;
using testing::MajorityRate;
using testing::MakeDense;
using testing::Rmse;
using testing::StdDev;

ProblemInfo ProblemFor(int kind) {
  ProblemInfo p;
  p.target = "y";
  if (kind == 0) {
    p.type = ProblemType::kBinary;
    p.classes = {"0", "1"};
  } else if (kind == 1) {
    p.type = ProblemType::kMulticlass;
    p.classes = {"0", "1", "2"};
  } else {
    p.type = ProblemType::kRegression;
  }
  return p;
}

// Fits on generated data, checks it beats the trivial baseline, and that Save -> LoadModel
// predicts exactly the same.
void CheckLearner(const std::string& learner, const LabeledData& train, const LabeledData& test,
                  const ProblemInfo& problem, const nlohmann::json& params = nlohmann::json::object()) {
  SCOPED_TRACE(learner);
  auto est = MakeEstimator(learner, params, problem);
  ASSERT_TRUE(est.ok()) << est.status().ToString();
  FitOptions options;  // one thread: OpenMP spin-waits badly on a loaded CI machine
  auto model = (*est)->Fit(train, &test, options);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  auto pred = (*model)->Predict(test.x);
  ASSERT_TRUE(pred.ok()) << pred.status().ToString();
  if (problem.type == ProblemType::kRegression) {
    ASSERT_EQ(pred->size(), test.y.size());
    EXPECT_LT(Rmse(*pred, test.y), 0.6 * StdDev(test.y));
  } else {
    const size_t k = problem.classes.size();
    ASSERT_EQ(pred->size(), test.y.size() * k);
    for (size_t r = 0; r < test.y.size(); ++r) {
      float sum = 0;
      for (size_t c = 0; c < k; ++c) sum += (*pred)[r * k + c];
      ASSERT_NEAR(sum, 1.0, 1e-3);
    }
    EXPECT_GT(Accuracy(*pred, test.y, k), MajorityRate(test.y, k) + 0.15);
  }
  auto bytes = (*model)->Save();
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  auto loaded = LoadModel(learner, *bytes, (*model)->Params(), problem);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  auto again = (*loaded)->Predict(test.x);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*pred, *again);
  auto garbage = LoadModel(learner, "not a model at all", (*model)->Params(), problem);
  EXPECT_FALSE(garbage.ok());
}

void CheckDense(const std::string& learner, int kind) {
  CheckLearner(learner, MakeDense(1500, kind, 1), MakeDense(500, kind, 2), ProblemFor(kind));
}

TEST(LearnersTest, XgboostBinaryMulticlassRegression) {
  for (int kind : {0, 1, 2}) CheckDense("xgboost", kind);
}
TEST(LearnersTest, RandomForestBinaryMulticlassRegression) {
  for (int kind : {0, 1, 2}) CheckDense("random_forest", kind);
}
TEST(LearnersTest, ExtraTreesBinaryMulticlassRegression) {
  for (int kind : {0, 1, 2}) CheckDense("extra_trees", kind);
}
TEST(LearnersTest, LogisticRegressionBinaryAndMulticlass) {
  for (int kind : {0, 1}) CheckDense("logistic_regression", kind);
}
TEST(LearnersTest, LinearSvmBinaryAndMulticlass) {
  for (int kind : {0, 1}) CheckDense("linear_svm", kind);
}
TEST(LearnersTest, LinearRegression) { CheckDense("linear_regression", 2); }
TEST(LearnersTest, GaussianNaiveBayes) {
  for (int kind : {0, 1}) CheckDense("naive_bayes", kind);
}
TEST(LearnersTest, KnnClassificationAndRegression) {
  for (int kind : {0, 1, 2}) CheckDense("knn", kind);
}

// Text classification through the feature pipeline (sparse TF-IDF block + raw text).
LabeledData TextData(size_t rows, uint64_t seed, ProblemInfo* problem,
                     std::unique_ptr<FeaturePipeline>* pipeline) {
  data::Table t = testing::MakeTextTable(rows, seed);
  auto p = DetectProblem(t, "label");
  EXPECT_TRUE(p.ok());
  *problem = *p;
  auto y = EncodeTarget(t, *p);
  LabeledData d;
  if (*pipeline == nullptr) {
    FeaturePipelineOptions options;
    options.text_hash_bits = 12;  // same code path, a smaller block keeps XGBoost quick
    auto fit = FeaturePipeline::Fit(t, *p, *y, options);
    EXPECT_TRUE(fit.ok());
    *pipeline = std::move(fit->pipeline);
    d.x = std::move(fit->train);
  } else {
    d.x = *(*pipeline)->Transform(t);
  }
  d.y = *y;
  return d;
}

TEST(LearnersTest, TextLearners) {
  ProblemInfo problem;
  std::unique_ptr<FeaturePipeline> pipeline;
  LabeledData train = TextData(800, 11, &problem, &pipeline);
  LabeledData test = TextData(300, 12, &problem, &pipeline);
  ASSERT_TRUE(problem.text_feature.has_value());
  ASSERT_TRUE(train.x.has_sparse());
  CheckLearner("naive_bayes", train, test, problem);
  CheckLearner("logistic_regression", train, test, problem);
  CheckLearner("fasttext", train, test, problem, {{"epoch", 10}, {"dim", 16}, {"bucket", 20000}});
  CheckLearner("xgboost", train, test, problem, {{"n_estimators", 60}});
}

TEST(LearnersTest, CancelStopsFitEarly) {
  LabeledData train = MakeDense(2000, 0, 1);
  auto est = MakeEstimator("xgboost", {{"n_estimators", 1000}, {"early_stopping_rounds", 0}},
                           ProblemFor(0));
  ASSERT_TRUE(est.ok());
  std::atomic<int> polls{0};
  int rounds = 0;
  FitOptions options;
  options.cancelled = [&] { return ++polls > 5; };
  options.progress = [&](const FitProgress& p) { rounds = p.iteration; };
  auto model = (*est)->Fit(train, nullptr, options);
  ASSERT_FALSE(model.ok());
  EXPECT_EQ(model.status().code(), StatusCode::kCancelled);
  EXPECT_LT(rounds, 10);

  auto lr = MakeEstimator("logistic_regression", {}, ProblemFor(0));
  FitOptions now;
  now.cancelled = [] { return true; };
  EXPECT_EQ((*lr)->Fit(train, nullptr, now).status().code(), StatusCode::kCancelled);
}

TEST(LearnersTest, XgboostEarlyStoppingProgressImportanceAndContributions) {
  LabeledData train = MakeDense(2000, 0, 1), valid = MakeDense(500, 0, 3);
  auto est = MakeEstimator("xgboost",
                           {{"n_estimators", 3000}, {"learning_rate", 0.3}, {"early_stopping_rounds", 10}},
                           ProblemFor(0));
  ASSERT_TRUE(est.ok());
  int calls = 0;
  FitOptions options;
  options.progress = [&](const FitProgress& p) {
    ++calls;
    EXPECT_GT(p.validation_score, 0);
  };
  auto model = (*est)->Fit(train, &valid, options);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  const nlohmann::json params = (*model)->Params();
  EXPECT_LT(params["rounds_trained"].get<int>(), 3000);
  EXPECT_EQ(calls, params["rounds_trained"].get<int>());
  EXPECT_LT(params["best_iteration"].get<int>(), params["rounds_trained"].get<int>());

  const std::vector<float> imp = (*model)->Importance();
  ASSERT_EQ(imp.size(), 6u);
  for (size_t noise = 2; noise < 6; ++noise) {
    EXPECT_GT(imp[0], imp[noise]);
    EXPECT_GT(imp[1], imp[noise]);
  }
  // TreeSHAP: contributions + bias add up to the margin (log-odds of class 1).
  auto contrib = (*model)->Contributions(valid.x);
  auto proba = (*model)->Predict(valid.x);
  ASSERT_TRUE(contrib.ok()) << contrib.status().ToString();
  for (size_t r = 0; r < 20; ++r) {
    double sum = 0;
    for (size_t c = 0; c <= 6; ++c) sum += (*contrib)[r * 7 + c];
    const double p = (*proba)[2 * r + 1];
    EXPECT_NEAR(sum, std::log(p / (1 - p)), 1e-3);
  }
}

TEST(LearnersTest, ModelsPredictConcurrently) {
  LabeledData train = MakeDense(1500, 1, 1), test = MakeDense(400, 1, 2);
  for (const std::string learner :
       {"xgboost", "random_forest", "extra_trees", "logistic_regression", "knn"}) {
    auto model = (*MakeEstimator(learner, {}, ProblemFor(1)))->Fit(train, nullptr, {});
    ASSERT_TRUE(model.ok());
    auto loaded = LoadModel(learner, *(*model)->Save(), (*model)->Params(), ProblemFor(1));
    ASSERT_TRUE(loaded.ok());
    const std::vector<float> expected = *(*loaded)->Predict(test.x);
    std::atomic<int> mismatches{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&] {
        for (int i = 0; i < 20; ++i) {
          auto p = (*loaded)->Predict(test.x);
          if (!p.ok() || *p != expected) ++mismatches;
        }
      });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(mismatches.load(), 0) << learner;
  }
}

TEST(LearnersTest, RejectsBadParamsUnknownLearnersAndMismatchedProblems) {
  auto typo = MakeEstimator("xgboost", {{"max_dpeth", 3}}, ProblemFor(0));
  ASSERT_EQ(typo.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(typo.status().message().find("max_dpeth"), std::string::npos);
  auto range = MakeEstimator("xgboost", {{"max_depth", 100}}, ProblemFor(0));
  EXPECT_NE(range.status().message().find("max_depth"), std::string::npos);
  auto type = MakeEstimator("logistic_regression", {{"C", "big"}}, ProblemFor(0));
  EXPECT_NE(type.status().message().find("'C'"), std::string::npos);
  auto knn = MakeEstimator("knn", {{"weights", "cosine"}}, ProblemFor(2));
  EXPECT_NE(knn.status().message().find("weights"), std::string::npos);
  auto unknown = MakeEstimator("deep_forest", {}, ProblemFor(0));
  EXPECT_NE(unknown.status().message().find("deep_forest"), std::string::npos);
  EXPECT_FALSE(MakeEstimator("linear_regression", {}, ProblemFor(0)).ok());
  EXPECT_FALSE(MakeEstimator("logistic_regression", {}, ProblemFor(2)).ok());
  EXPECT_FALSE(MakeEstimator("fasttext", {}, ProblemFor(0)).ok());  // no text feature

  const auto reg = LearnersFor(ProblemFor(2));
  EXPECT_EQ(reg, (std::vector<std::string>{"xgboost", "linear_regression", "random_forest",
                                           "extra_trees", "knn"}));
  ProblemInfo text = ProblemFor(0);
  text.text_feature = "msg";
  const auto cls = LearnersFor(text);
  EXPECT_NE(std::find(cls.begin(), cls.end(), "fasttext"), cls.end());
  EXPECT_EQ(std::find(cls.begin(), cls.end(), "linear_regression"), cls.end());
}

}  // namespace
}  // namespace lathe::ml
