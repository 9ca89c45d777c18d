// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
// The "random_forest" learner grows trees as scikit-learn's forest does: until the leaves are
// pure (or hold min_child_weight rows), with leaves that hold class proportions.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <vector>

#include "ml/estimator.h"
#include "ml_test_data.h"

namespace lathe::ml {
namespace {

using testing::Classes;

// `rows` rows of `cols` Gaussian features and labels drawn independently of them (k classes, or
// Gaussian values for k = 0): only a tree that isolates single rows can fit them.
LabeledData RandomLabels(size_t rows, size_t cols, size_t k, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> n01(0, 1);
  LabeledData d;
  d.x.rows = rows;
  d.x.dense_cols = cols;
  for (size_t i = 0; i < rows * cols; ++i) d.x.dense.push_back(n01(rng));
  for (size_t row = 0; row < rows; ++row) {
    d.y.push_back(k == 0 ? n01(rng) : static_cast<float>(row % k));
  }
  std::shuffle(d.y.begin(), d.y.end(), rng);
  return d;
}

// One tree on (almost) every row and every column.
const nlohmann::json kOneTree = {{"n_estimators", 1}, {"subsample", 0.999},
                                 {"colsample_bynode", 1.0}};

// Share of training rows whose own class gets probability above 0.999.
double MemorisedShare(const LabeledData& d, const ProblemInfo& problem,
                      const nlohmann::json& params) {
  auto est = MakeEstimator("random_forest", params, problem);
  EXPECT_TRUE(est.ok()) << est.status().ToString();
  if (!est.ok()) return -1;
  auto model = (*est)->Fit(d, nullptr, FitOptions());
  EXPECT_TRUE(model.ok()) << model.status().ToString();
  if (!model.ok()) return -1;
  auto p = (*model)->Predict(d.x);
  EXPECT_TRUE(p.ok());
  const size_t k = problem.classes.size();
  size_t hits = 0;
  for (size_t row = 0; row < d.y.size(); ++row) {
    const float* proba = p->data() + row * k;
    float sum = 0;
    for (size_t c = 0; c < k; ++c) {
      EXPECT_GE(proba[c], 0.f);
      EXPECT_LE(proba[c], 1.f);
      sum += proba[c];
    }
    EXPECT_NEAR(sum, 1.f, 1e-5);
    if (proba[static_cast<size_t>(d.y[row])] > 0.999f) ++hits;
  }
  return static_cast<double>(hits) / static_cast<double>(d.y.size());
}

TEST(RandomForestTest, DefaultTreeGrowsToSingleRowLeavesOfClassProportions) {
  for (size_t k : {2u, 3u, 6u}) {
    SCOPED_TRACE(k);
    const LabeledData d = RandomLabels(90, 4, k, 7 + k);
    // Pure leaves (one row where need be) holding proportions 0 / 1: a row's own class is
    // certain, except for the few rows the 0.999 sample may leave out.
    EXPECT_GE(MemorisedShare(d, Classes(k), kOneTree), 0.95);
    // XGBoost's softmax / logistic leaves (one Newton step from the prior) never say 0.999...
    nlohmann::json newton = kOneTree;
    newton["leaves"] = "newton";
    EXPECT_EQ(MemorisedShare(d, Classes(k), newton), 0.0);
    // ... and a minimum leaf weight of 1 (the old default) keeps leaves of several rows there.
    newton["min_child_weight"] = 1;
    newton["max_depth"] = 12;
    EXPECT_EQ(MemorisedShare(d, Classes(k), newton), 0.0);
  }
}

TEST(RandomForestTest, MinChildWeightCountsRowsPerLeaf) {
  const LabeledData d = RandomLabels(120, 4, 0, 3);
  ProblemInfo regression;
  regression.type = ProblemType::kRegression;
  regression.target = "y";
  auto distinct_predictions = [&](double min_child_weight) {
    nlohmann::json params = kOneTree;
    params["min_child_weight"] = min_child_weight;
    auto model = (*MakeEstimator("random_forest", params, regression))->Fit(d, nullptr, {});
    EXPECT_TRUE(model.ok()) << model.status().ToString();
    const std::vector<float> p = *(*model)->Predict(d.x);
    return std::set<float>(p.begin(), p.end()).size();
  };
  // Fully grown: about one leaf per row. At least 5 rows per leaf: at most 120 / 5 leaves.
  EXPECT_GE(distinct_predictions(0), 110u);
  EXPECT_LE(distinct_predictions(5), 24u);
  EXPECT_GE(distinct_predictions(5), 6u);
}

TEST(RandomForestTest, ProportionForestPredictsAveragedClassSharesAndReloads) {
  const LabeledData train = testing::MakeDense(600, 1, 11), test = testing::MakeDense(200, 1, 12);
  const ProblemInfo problem = Classes(3);
  auto est = MakeEstimator("random_forest", {{"n_estimators", 40}}, problem);
  ASSERT_TRUE(est.ok());
  auto model = (*est)->Fit(train, nullptr, FitOptions());
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  EXPECT_EQ((*model)->Params().value("leaves", ""), "proportions");
  EXPECT_EQ((*model)->Params().value("max_depth", -1), 0);
  // Small batches and big ones (different prediction paths) agree, and after a reload.
  auto loaded = LoadModel("random_forest", *(*model)->Save(), (*model)->Params(), problem);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  const std::vector<float> all = *(*model)->Predict(test.x);
  EXPECT_EQ(*(*loaded)->Predict(test.x), all);
  const std::vector<float> one = *(*loaded)->Predict(TakeRows(test.x, {5}));
  ASSERT_EQ(one.size(), 3u);
  for (size_t c = 0; c < 3; ++c) EXPECT_FLOAT_EQ(one[c], all[5 * 3 + c]);
  EXPECT_GT(testing::Accuracy(all, test.y, 3), 0.8);
  // Contributions of the predicted class still come out (one row of features + bias each).
  auto contributions = (*loaded)->Contributions(TakeRows(test.x, {0, 1}));
  ASSERT_TRUE(contributions.ok()) << contributions.status().ToString();
  EXPECT_EQ(contributions->size(), 2 * (test.x.cols() + 1));
}

TEST(RandomForestTest, RejectsUnknownLeafKind) {
  auto bad = MakeEstimator("random_forest", {{"leaves", "median"}}, Classes(2));
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("leaves"), std::string::npos);
}

}  // namespace
}  // namespace lathe::ml
