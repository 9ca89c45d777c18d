// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
// The "extra_trees" learner (ml/algorithms/extra_trees): extremely randomised trees grown until
// their leaves are pure, reproducible for a seed whatever the threads, and a model file that is
// checked before it is trusted.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>
#include <set>
#include <vector>

#include "ml/estimator.h"
#include "ml_test_data.h"

namespace lathe::ml {
namespace {

using testing::Accuracy;
using testing::Classes;
using testing::MakeDense;

ProblemInfo Regression() {
  ProblemInfo p;
  p.target = "y";
  p.type = ProblemType::kRegression;
  return p;
}

std::unique_ptr<Model> Fit(const LabeledData& d, const ProblemInfo& problem,
                           const nlohmann::json& params, int threads = 1, uint64_t seed = 7) {
  auto est = MakeEstimator("extra_trees", params, problem);
  EXPECT_TRUE(est.ok()) << est.status().ToString();
  if (!est.ok()) return nullptr;
  FitOptions options;
  options.threads = threads;
  options.seed = seed;
  auto model = (*est)->Fit(d, nullptr, options);
  EXPECT_TRUE(model.ok()) << model.status().ToString();
  return model.ok() ? std::move(*model) : nullptr;
}

TEST(ExtraTreesTest, FullyGrownTreesMemoriseTheirTrainingRows) {
  // Labels drawn independently of the features: only trees that isolate every row fit them.
  LabeledData d = MakeDense(300, 1, 3);
  std::mt19937_64 rng(5);
  for (float& y : d.y) y = static_cast<float>(rng() % 3);
  auto model = Fit(d, Classes(3), {{"n_estimators", 1}});
  ASSERT_NE(model, nullptr);
  auto p = model->Predict(d.x);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(Accuracy(*p, d.y, 3), 1.0);
  // A depth limit of 1: one split, at most two distinct predictions.
  auto stump = Fit(d, Classes(3), {{"n_estimators", 1}, {"max_depth", 1}});
  ASSERT_NE(stump, nullptr);
  auto q = stump->Predict(d.x);
  std::set<std::vector<float>> distinct;
  for (size_t row = 0; row < d.y.size(); ++row) {
    distinct.insert({q->begin() + row * 3, q->begin() + row * 3 + 3});
  }
  EXPECT_LE(distinct.size(), 2u);
}

TEST(ExtraTreesTest, LeavesHoldAtLeastMinSamplesLeafRows) {
  // One tree with leaves of at least 20 rows has at most 400 / 20 leaves, so at most 20
  // distinct predictions over its training rows; fully grown, it has many more.
  LabeledData d = MakeDense(400, 2, 4);
  auto distinct = [&](const nlohmann::json& params) {
    auto model = Fit(d, Regression(), params);
    std::set<float> values;
    if (model == nullptr) return values.size();
    const std::vector<float> predicted = *model->Predict(d.x);
    values.insert(predicted.begin(), predicted.end());
    return values.size();
  };
  EXPECT_LE(distinct({{"n_estimators", 1}, {"min_samples_leaf", 20}}), 20u);
  EXPECT_GT(distinct({{"n_estimators", 1}}), 300u);
}

TEST(ExtraTreesTest, SameSeedSameForestForAnyThreadCount) {
  LabeledData train = MakeDense(800, 1, 1), test = MakeDense(200, 1, 2);
  auto one = Fit(train, Classes(3), {{"n_estimators", 40}}, 1, 11);
  auto two = Fit(train, Classes(3), {{"n_estimators", 40}}, 2, 11);
  auto other = Fit(train, Classes(3), {{"n_estimators", 40}}, 2, 12);
  ASSERT_TRUE(one && two && other);
  EXPECT_EQ(*one->Predict(test.x), *two->Predict(test.x));
  EXPECT_EQ(*one->Save(), *two->Save());
  EXPECT_NE(*one->Predict(test.x), *other->Predict(test.x));
}

TEST(ExtraTreesTest, ImportanceFindsTheInformativeColumns) {
  LabeledData d = MakeDense(1000, 2, 3, 8);  // y = 3 x0 - 2 x1 + x2^2; x3..x7 noise
  auto model = Fit(d, Regression(), {{"n_estimators", 30}});
  ASSERT_NE(model, nullptr);
  const std::vector<float> imp = model->Importance();
  ASSERT_EQ(imp.size(), 8u);
  double sum = 0;
  for (float v : imp) sum += v;
  EXPECT_NEAR(sum, 1.0, 1e-4);
  for (size_t noise = 3; noise < 8; ++noise) {
    EXPECT_GT(imp[0], imp[noise]);
    EXPECT_GT(imp[1], imp[noise]);
  }
}

TEST(ExtraTreesTest, MissingValuesAndConstantColumns) {
  LabeledData d = MakeDense(300, 0, 6, 4);
  for (size_t row = 0; row < d.x.rows; ++row) {
    if (row % 3 == 0) d.x.dense[row * 4 + 0] = std::nanf("");
    d.x.dense[row * 4 + 3] = 1.f;  // constant
  }
  auto model = Fit(d, Classes(2), {{"n_estimators", 20}});
  ASSERT_NE(model, nullptr);
  auto p = model->Predict(d.x);
  ASSERT_TRUE(p.ok());
  for (float v : *p) EXPECT_TRUE(std::isfinite(v));
  EXPECT_EQ(model->Importance()[3], 0.f);

  // Every column constant: nothing to split, the prior is all a tree can say.
  LabeledData flat = d;
  std::fill(flat.x.dense.begin(), flat.x.dense.end(), 2.f);
  auto prior = Fit(flat, Classes(2), {{"n_estimators", 3}});
  ASSERT_NE(prior, nullptr);
  double ones = 0;
  for (float y : flat.y) ones += y;
  EXPECT_NEAR((*prior->Predict(flat.x))[1], ones / flat.y.size(), 1e-5);
}

TEST(ExtraTreesTest, ContributionsAddUpToThePrediction) {
  // Path attributions: per row, bias + contributions = the forest's probability of its most
  // likely class (the value, to regress); a column no tree splits on gets nothing.
  for (int kind : {1, 2}) {
    SCOPED_TRACE(kind);
    LabeledData d = MakeDense(300, kind, 8, 5);
    for (size_t row = 0; row < d.x.rows; ++row) d.x.dense[row * 5 + 4] = 0.f;  // constant
    const ProblemInfo problem = kind == 1 ? Classes(3) : Regression();
    auto model = Fit(d, problem, {{"n_estimators", 25}});
    ASSERT_NE(model, nullptr);
    LabeledData test = MakeDense(40, kind, 9, 5);
    const std::vector<float> p = *model->Predict(test.x);
    auto c = model->Contributions(test.x);
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    ASSERT_EQ(c->size(), test.x.rows * 6);
    for (size_t row = 0; row < test.x.rows; ++row) {
      const float* cr = c->data() + row * 6;
      double sum = 0;
      for (size_t col = 0; col < 6; ++col) sum += cr[col];
      const float expected = kind == 1 ? *std::max_element(&p[row * 3], &p[row * 3 + 3]) : p[row];
      EXPECT_NEAR(sum, expected, 1e-4 * (1 + std::abs(expected)));
      EXPECT_EQ(cr[4], 0.f);
    }
  }
}

TEST(ExtraTreesTest, CancelStopsTheFit) {
  LabeledData d = MakeDense(500, 0, 1);
  auto est = MakeEstimator("extra_trees", {{"n_estimators", 500}}, Classes(2));
  ASSERT_TRUE(est.ok());
  FitOptions options;
  options.threads = 2;
  options.cancelled = [] { return true; };
  auto model = (*est)->Fit(d, nullptr, options);
  EXPECT_EQ(model.status().code(), StatusCode::kCancelled);
}

TEST(ExtraTreesTest, RejectsBadParamsAndTextOnlyData) {
  auto zero = MakeEstimator("extra_trees", {{"n_estimators", 0}}, Classes(2));
  EXPECT_NE(zero.status().message().find("n_estimators"), std::string::npos);
  auto share = MakeEstimator("extra_trees", {{"max_features", 1.5}}, Classes(2));
  EXPECT_NE(share.status().message().find("max_features"), std::string::npos);
  auto typo = MakeEstimator("extra_trees", {{"min_sample_leaf", 3}}, Classes(2));
  EXPECT_NE(typo.status().message().find("min_sample_leaf"), std::string::npos);

  LabeledData text_only;
  text_only.x.rows = 2;
  text_only.x.sparse_cols = 4;
  text_only.x.sparse_indptr = {0, 1, 2};
  text_only.x.sparse_indices = {0, 1};
  text_only.x.sparse_values = {1, 1};
  text_only.y = {0, 1};
  auto model = (*MakeEstimator("extra_trees", {}, Classes(2)))->Fit(text_only, nullptr, {});
  EXPECT_EQ(model.status().code(), StatusCode::kInvalidArgument);
}

TEST(ExtraTreesTest, DamagedModelFilesAreRefused) {
  LabeledData d = MakeDense(200, 1, 2);
  auto model = Fit(d, Classes(3), {{"n_estimators", 2}});
  ASSERT_NE(model, nullptr);
  const std::string bytes = *model->Save();
  const nlohmann::json params = model->Params();
  ASSERT_TRUE(LoadModel("extra_trees", bytes, params, Classes(3)).ok());
  // Truncated.
  auto cut = LoadModel("extra_trees", bytes.substr(0, bytes.size() / 2), params, Classes(3));
  EXPECT_EQ(cut.status().code(), StatusCode::kDataLoss);
  // Another class count than the model's.
  EXPECT_EQ(LoadModel("extra_trees", bytes, params, Classes(2)).status().code(),
            StatusCode::kDataLoss);
  // The root's left child pointed back at the root: a walk that would never end. The lefts
  // array follows magic, classes, two column counts, the roots, features and thresholds.
  std::string looped = bytes;
  const size_t roots_at = 4 + 4 + 8 + 8;
  uint64_t trees = 0;
  std::memcpy(&trees, looped.data() + roots_at, 8);
  ASSERT_EQ(trees, 2u);
  const size_t features_at = roots_at + 8 + trees * 4;
  uint64_t count = 0;
  std::memcpy(&count, looped.data() + features_at, 8);
  const size_t lefts_at = features_at + 8 + count * 4 + 8 + count * 4;
  const int32_t back = 0;
  std::memcpy(looped.data() + lefts_at + 8, &back, 4);  // node 0's left child = node 0
  auto loop = LoadModel("extra_trees", looped, params, Classes(3));
  EXPECT_EQ(loop.status().code(), StatusCode::kDataLoss);
}

}  // namespace
}  // namespace lathe::ml
