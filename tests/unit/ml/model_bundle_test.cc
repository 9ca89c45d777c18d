// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "ml/model_bundle.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cmath>
#include <random>
#include <thread>

#include "ml/loaded_model.h"
#include "ml_test_data.h"

namespace lathe::ml {
namespace {

using data::DataType;
using testing::Doubles;
using testing::Strings;

// Churn-like table: numeric, categorical and a binary target that depends on both.
data::Table ChurnTable(size_t rows, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> n01(0, 1);
  std::vector<double> tenure, spend;
  std::vector<std::string> plan, churn;
  for (size_t i = 0; i < rows; ++i) {
    const double t = std::abs(n01(rng)) * 24, s = 50 + 20 * n01(rng);
    const std::string p = rng() % 3 == 0 ? "basic" : (rng() % 2 ? "pro" : "team");
    const double z = -0.1 * t + 0.03 * (s - 50) + (p == "basic" ? 1.0 : -0.5) + 0.5 * n01(rng);
    tenure.push_back(i % 17 == 0 ? std::nan("") : t);
    spend.push_back(s);
    plan.push_back(p);
    churn.push_back(z > -0.8 ? "yes" : "no");
  }
  data::Table table;
  EXPECT_TRUE(table.AddColumn(Doubles("tenure", tenure)).ok());
  EXPECT_TRUE(table.AddColumn(Doubles("spend", spend)).ok());
  EXPECT_TRUE(table.AddColumn(Strings("plan", DataType::kCategorical, plan)).ok());
  EXPECT_TRUE(table.AddColumn(Strings("churn", DataType::kCategorical, churn)).ok());
  return table;
}

struct Built {
  ModelBundle bundle;
  std::unique_ptr<FeaturePipeline> pipeline;
  std::vector<std::unique_ptr<Model>> models;
};

Built Build(const data::Table& train) {
  Built b;
  auto problem = DetectProblem(train, "churn");
  EXPECT_TRUE(problem.ok());
  auto y = EncodeTarget(train, *problem);
  auto fit = FeaturePipeline::Fit(train, *problem, *y);
  EXPECT_TRUE(fit.ok());
  LabeledData d{std::move(fit->train), *y, {}};
  b.pipeline = std::move(fit->pipeline);
  b.bundle.problem = *problem;
  b.bundle.pipeline = b.pipeline->ToJson();
  b.bundle.recipe = {{"steps", nlohmann::json::array()}};
  b.bundle.evaluation = {{"auc", 0.9}};
  b.bundle.training_info = {{"rows", train.num_rows()}};
  auto xgb = (*MakeEstimator("xgboost", {{"n_estimators", 50}}, *problem))->Fit(d, nullptr, {});
  auto lr = (*MakeEstimator("logistic_regression", {}, *problem))->Fit(d, nullptr, {});
  EXPECT_TRUE(xgb.ok() && lr.ok());
  b.models.push_back(std::move(*xgb));
  b.models.push_back(std::move(*lr));
  for (const auto& m : b.models) {
    b.bundle.members.push_back({std::string(m->learner()), m->Params(), *m->Save()});
  }
  b.bundle.ensemble = {{0, 3.0}, {1, 1.0}};
  return b;
}

TEST(ModelBundleTest, RoundTripPredictsLikeTheInMemoryEnsemble) {
  data::Table train = ChurnTable(1500, 1), test = ChurnTable(300, 2);
  Built b = Build(train);
  auto bytes = SerializeBundle(b.bundle);
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  auto model = LoadedModel::Load(*bytes);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  auto pred = (*model)->Predict(test);
  ASSERT_TRUE(pred.ok()) << pred.status().ToString();
  ASSERT_EQ(pred->rows, 300u);
  EXPECT_EQ(pred->classes, (std::vector<std::string>{"no", "yes"}));

  // The same computation by hand: pipeline, then 0.75 * xgboost + 0.25 * logistic.
  Matrix x = *b.pipeline->Transform(test);
  const std::vector<float> a = *b.models[0]->Predict(x), c = *b.models[1]->Predict(x);
  size_t correct = 0;
  const int churn = test.FindColumn("churn");
  for (size_t r = 0; r < 300; ++r) {
    for (size_t k = 0; k < 2; ++k) {
      EXPECT_NEAR(pred->probabilities[r * 2 + k], 0.75f * a[r * 2 + k] + 0.25f * c[r * 2 + k], 1e-6);
    }
    correct += pred->labels[r] == test.column(churn).StringAt(r);
  }
  EXPECT_GT(correct, 240u);  // well above the majority class

  auto manifest = ReadBundleManifest(*bytes);
  ASSERT_TRUE(manifest.ok());
  EXPECT_EQ((*manifest)["format"], "lathe-model");
  EXPECT_EQ((*manifest)["format_version"], 1);
  EXPECT_EQ((*manifest)["evaluation"]["auc"], 0.9);
  EXPECT_EQ((*manifest)["input_schema"].size(), 3u);
  EXPECT_EQ((*manifest)["members"][1]["learner"], "logistic_regression");
  auto parsed = ParseBundle(*bytes);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->members[0].bytes, b.bundle.members[0].bytes);
  EXPECT_EQ(parsed->recipe, b.bundle.recipe);
  EXPECT_EQ(*SerializeBundle(*parsed), *bytes);
}

TEST(ModelBundleTest, CorruptionIsDataLoss) {
  Built b = Build(ChurnTable(400, 1));
  const std::string bytes = *SerializeBundle(b.bundle);
  for (size_t pos : {size_t{20}, bytes.size() / 3, bytes.size() / 2, bytes.size() - 1}) {
    std::string bad = bytes;
    bad[pos] ^= 0x01;
    auto r = ParseBundle(bad);
    ASSERT_FALSE(r.ok()) << "flip at " << pos;
    EXPECT_EQ(r.status().code(), StatusCode::kDataLoss) << r.status().ToString();
    EXPECT_FALSE(LoadedModel::Load(bad).ok());
  }
  EXPECT_EQ(ParseBundle(bytes.substr(0, bytes.size() - 10)).status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(ParseBundle(bytes + "x").status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(ParseBundle("PK\x03\x04 not a model").status().code(), StatusCode::kFailedPrecondition);
  ModelBundle empty;
  EXPECT_EQ(SerializeBundle(empty).status().code(), StatusCode::kInvalidArgument);
  b.bundle.ensemble = {{5, 1.0}};
  EXPECT_EQ(SerializeBundle(b.bundle).status().code(), StatusCode::kInvalidArgument);
}

TEST(ModelBundleTest, ExplainMapsContributionsToInputColumns) {
  data::Table train = ChurnTable(1000, 1), test = ChurnTable(50, 3);
  Built b = Build(train);
  b.bundle.ensemble = {{0, 1.0}};
  auto model = LoadedModel::Load(*SerializeBundle(b.bundle));
  ASSERT_TRUE(model.ok());
  auto e = (*model)->Explain(test);
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_EQ(e->member_learner, "xgboost");
  EXPECT_EQ(e->columns, (std::vector<std::string>{"tenure", "spend", "plan"}));
  auto p = (*model)->Predict(test);
  for (size_t r = 0; r < 50; ++r) {
    double sum = e->bias[r];
    for (size_t c = 0; c < 3; ++c) sum += e->contributions[r * 3 + c];
    const double q = p->probabilities[r * 2 + 1];
    EXPECT_NEAR(sum, std::log(q / (1 - q)), 1e-3);
  }
  b.bundle.ensemble = {{1, 1.0}};
  auto linear = LoadedModel::Load(*SerializeBundle(b.bundle));
  EXPECT_EQ((*linear)->Explain(test).status().code(), StatusCode::kUnimplemented);
}

TEST(ModelBundleTest, SharedAcrossThreadsAndRawRowsWithGaps) {
  Built b = Build(ChurnTable(800, 1));
  auto loaded = LoadedModel::Load(*SerializeBundle(b.bundle));
  ASSERT_TRUE(loaded.ok());
  std::shared_ptr<const LoadedModel> model = std::move(*loaded);
  data::Table test = ChurnTable(200, 5);
  const std::vector<float> expected = model->Predict(test)->probabilities;
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 25; ++i) {
        auto p = model->Predict(test);
        if (!p.ok() || p->probabilities != expected) ++mismatches;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(mismatches.load(), 0);
  // A request with one column only and an unseen plan still predicts.
  data::Table one;
  ASSERT_TRUE(one.AddColumn(Strings("plan", DataType::kCategorical, {"enterprise"})).ok());
  auto p = model->Predict(one);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->labels.size(), 1u);
}

TEST(ModelBundleTest, ThousandRowsPredictQuickly) {
  Built b = Build(ChurnTable(2000, 1));
  auto model = LoadedModel::Load(*SerializeBundle(b.bundle));
  ASSERT_TRUE(model.ok());
  data::Table rows = ChurnTable(1000, 9);
  double best = 1e9;
  for (int rep = 0; rep < 5; ++rep) {
    const auto start = std::chrono::steady_clock::now();
    ASSERT_TRUE((*model)->Predict(rows).ok());
    best = std::min(best, std::chrono::duration<double, std::milli>(
                              std::chrono::steady_clock::now() - start).count());
  }
  std::printf("1000 rows: %.2f ms (pipeline + xgboost + logistic ensemble)\n", best);
  EXPECT_LT(best, 250);  // target 50 ms; loose for loaded CI machines
}

}  // namespace
}  // namespace lathe::ml
