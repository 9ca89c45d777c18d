// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "automl/ensemble.h"

#include <algorithm>
#include <random>

#include <gtest/gtest.h>

#include "ml/metrics.h"

namespace lathe::automl {
namespace {

// 400 rows, y alternating. Model A ranks the first half perfectly and is noise on the second
// half; B the reverse; C is noise everywhere. Binary predictions are rows x 2 probabilities.
struct Synthetic {
  std::vector<float> y;
  std::vector<float> a, b, c;
};

Synthetic MakeSynthetic() {
  Synthetic s;
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<float> u(0.3f, 0.7f);
  auto push = [](std::vector<float>& v, float p1) {
    v.push_back(1 - p1);
    v.push_back(p1);
  };
  for (int row = 0; row < 400; ++row) {
    const float y = static_cast<float>(row % 2);
    s.y.push_back(y);
    const float good = y == 1 ? 0.75f : 0.25f;
    push(s.a, row < 200 ? good : u(rng));
    push(s.b, row >= 200 ? good : u(rng));
    push(s.c, u(rng));
  }
  return s;
}

TEST(EnsembleTest, GreedySelectionCombinesComplementaryModels) {
  const Synthetic s = MakeSynthetic();
  std::vector<std::span<const float>> candidates = {s.c, s.a, s.b};
  auto single_a = ml::ComputeMetric("roc_auc", ml::ProblemType::kBinary, s.y, s.a);
  auto single_b = ml::ComputeMetric("roc_auc", ml::ProblemType::kBinary, s.y, s.b);
  ASSERT_TRUE(single_a.ok() && single_b.ok());
  auto sel = SelectEnsemble(candidates, s.y, ml::ProblemType::kBinary, "roc_auc",
                            {.iterations = 20, .init_best = 1});
  ASSERT_TRUE(sel.ok()) << sel.status().ToString();
  ASSERT_EQ(sel->weights.size(), 3u);
  EXPECT_GT(sel->weights[1], 0.3);
  EXPECT_GT(sel->weights[2], 0.3);
  EXPECT_LT(sel->weights[0], 0.2);
  EXPECT_NEAR(sel->weights[0] + sel->weights[1] + sel->weights[2], 1.0, 1e-12);
  EXPECT_GT(sel->score, std::max(*single_a, *single_b) + 0.1);
  EXPECT_EQ(sel->score_trace.size(), 21u);
  // The reported score is the metric of the blend with the returned weights.
  auto blended = ml::ComputeMetric("roc_auc", ml::ProblemType::kBinary, s.y,
                                   BlendPredictions(candidates, sel->weights));
  EXPECT_DOUBLE_EQ(sel->score, *blended);
}

TEST(EnsembleTest, LowerIsBetterMetricAndInitialBestMembers) {
  const Synthetic s = MakeSynthetic();
  std::vector<std::span<const float>> candidates = {s.a, s.c, s.b};
  auto sel = SelectEnsemble(candidates, s.y, ml::ProblemType::kBinary, "log_loss",
                            {.iterations = 10, .init_best = 2});
  ASSERT_TRUE(sel.ok());
  auto best_single = ml::ComputeMetric("log_loss", ml::ProblemType::kBinary, s.y, s.a);
  EXPECT_LT(sel->score, *best_single);
  EXPECT_GT(sel->weights[0], 0.0);
  EXPECT_GT(sel->weights[2], 0.0);
}

TEST(EnsembleTest, MaxMembersCapsTheDistinctModels) {
  const Synthetic s = MakeSynthetic();
  std::vector<std::span<const float>> candidates = {s.c, s.a, s.b, s.c, s.a};
  auto count_members = [](const EnsembleSelection& sel) {
    return std::count_if(sel.weights.begin(), sel.weights.end(), [](double w) { return w > 0; });
  };
  auto uncapped = SelectEnsemble(candidates, s.y, ml::ProblemType::kBinary, "roc_auc",
                                 {.iterations = 30, .init_best = 5});
  ASSERT_TRUE(uncapped.ok());
  EXPECT_EQ(count_members(*uncapped), 5);  // every candidate starts in it
  // Capped at 2 with 5 asked to start: the two best start, and only they are re-weighted.
  auto two = SelectEnsemble(candidates, s.y, ml::ProblemType::kBinary, "roc_auc",
                            {.iterations = 30, .init_best = 5, .max_members = 2});
  ASSERT_TRUE(two.ok());
  EXPECT_EQ(count_members(*two), 2);
  // Capped at 1: the best single candidate with weight 1.
  auto one = SelectEnsemble(candidates, s.y, ml::ProblemType::kBinary, "roc_auc",
                            {.iterations = 30, .init_best = 1, .max_members = 1});
  ASSERT_TRUE(one.ok());
  ASSERT_EQ(count_members(*one), 1);
  const size_t chosen = std::find(one->weights.begin(), one->weights.end(), 1.0) -
                        one->weights.begin();
  ASSERT_LT(chosen, candidates.size());
  for (const auto& c : candidates) {
    EXPECT_GE(one->score, *ml::ComputeMetric("roc_auc", ml::ProblemType::kBinary, s.y, c));
  }
  // With room for a and b, the cap of 2 still finds the complementary pair.
  auto pair = SelectEnsemble({s.c, s.a, s.b}, s.y, ml::ProblemType::kBinary, "roc_auc",
                             {.iterations = 20, .init_best = 1, .max_members = 2});
  ASSERT_TRUE(pair.ok());
  EXPECT_EQ(pair->weights[0], 0.0);
  EXPECT_GT(pair->weights[1], 0.3);
  EXPECT_GT(pair->weights[2], 0.3);
}

TEST(EnsembleTest, MaxCostBoundsTheEnsembleAndStartsFromTheBestAffordable) {
  const Synthetic s = MakeSynthetic();
  const std::vector<std::span<const float>> candidates = {s.c, s.a, s.b};
  auto members = [](const EnsembleSelection& sel) {
    std::vector<size_t> out;
    for (size_t c = 0; c < sel.weights.size(); ++c) {
      if (sel.weights[c] > 0) out.push_back(c);
    }
    return out;
  };
  // Room for both complementary models: they are found as without costs.
  auto roomy = SelectEnsemble(candidates, s.y, ml::ProblemType::kBinary, "roc_auc",
                              {.iterations = 20, .init_best = 1, .costs = {5, 10, 10},
                               .max_cost = 25});
  ASSERT_TRUE(roomy.ok()) << roomy.status().ToString();
  EXPECT_GT(roomy->weights[1], 0.3);
  EXPECT_GT(roomy->weights[2], 0.3);
  // Room for one of them plus the cheap one: the partner never joins.
  auto tight = SelectEnsemble(candidates, s.y, ml::ProblemType::kBinary, "roc_auc",
                              {.iterations = 20, .init_best = 3, .costs = {5, 10, 10},
                               .max_cost = 15});
  ASSERT_TRUE(tight.ok());
  double cost = 0;
  for (size_t c : members(*tight)) cost += std::vector<double>{5, 10, 10}[c];
  EXPECT_LE(cost, 15);
  EXPECT_FALSE(tight->weights[1] > 0 && tight->weights[2] > 0);
  EXPECT_LT(tight->score, roomy->score);
  // The best models over the limit: the best one within it (c) is the whole ensemble.
  auto over = SelectEnsemble(candidates, s.y, ml::ProblemType::kBinary, "roc_auc",
                             {.iterations = 20, .init_best = 3, .costs = {5, 100, 100},
                              .max_cost = 15});
  ASSERT_TRUE(over.ok());
  EXPECT_EQ(members(*over), std::vector<size_t>{0});
  // Nothing within the limit: the best single model, alone.
  auto none = SelectEnsemble(candidates, s.y, ml::ProblemType::kBinary, "roc_auc",
                             {.iterations = 20, .init_best = 3, .costs = {50, 100, 100},
                              .max_cost = 15});
  ASSERT_TRUE(none.ok());
  const std::vector<size_t> only = members(*none);
  ASSERT_EQ(only.size(), 1u);
  EXPECT_NE(only[0], 0u);  // a or b, whichever scores best alone
  // Costs must be one per candidate.
  EXPECT_EQ(SelectEnsemble(candidates, s.y, ml::ProblemType::kBinary, "roc_auc",
                           {.costs = {1, 2}, .max_cost = 3})
                .status()
                .code(),
            StatusCode::kInvalidArgument);
}

TEST(EnsembleTest, DropMembersPastBudgetLeavesOutSlowLightMembersOnly) {
  // spam_assassin's case: naive Bayes 0.9 (0.1 s), fastText 0.02 (18 s), logistic 0.08 (1.3 s),
  // 4 s left: fastText goes, the rest is re-normalised.
  std::vector<double> weights = {0.9, 0.02, 0.08, 0.0};
  const std::vector<double> seconds = {0.1, 18.0, 1.3, 50.0};
  EXPECT_EQ(DropMembersPastBudget(weights, seconds, 4.0), (std::vector<size_t>{1}));
  EXPECT_DOUBLE_EQ(weights[1], 0.0);
  EXPECT_DOUBLE_EQ(weights[3], 0.0);
  EXPECT_NEAR(weights[0], 0.9 / 0.98, 1e-12);
  EXPECT_NEAR(weights[0] + weights[2], 1.0, 1e-12);

  // Enough time: nothing changes.
  std::vector<double> same = {0.9, 0.02, 0.08};
  EXPECT_TRUE(DropMembersPastBudget(same, seconds, 100.0).empty());
  EXPECT_EQ(same, (std::vector<double>{0.9, 0.02, 0.08}));

  // A heavy slow member stays (it is the model); light ones go, slowest first, until it fits
  // or only heavy ones are left.
  std::vector<double> heavy = {0.5, 0.3, 0.05, 0.15};
  const std::vector<double> slow = {30.0, 20.0, 5.0, 1.0};
  EXPECT_EQ(DropMembersPastBudget(heavy, slow, 10.0), (std::vector<size_t>{2}));
  EXPECT_GT(heavy[0], 0.5);
  EXPECT_GT(heavy[3], 0.15);

  // Never the last member, whatever its weight.
  std::vector<double> alone = {0.0, 1.0};
  EXPECT_TRUE(DropMembersPastBudget(alone, std::vector<double>{0.0, 99.0}, 1.0, 2.0).empty());
  std::vector<double> two = {0.04, 0.06};
  EXPECT_EQ(DropMembersPastBudget(two, std::vector<double>{9.0, 9.0}, 1.0).size(), 1u);
}

TEST(EnsembleTest, LikelyMembersAreTheTopThreeAndTheBestOfEachOtherLearner) {
  // spambase seed 5: three boosted trials on top, the forest that joined the ensemble 5th.
  const std::vector<std::string> learners = {"xgboost",       "xgboost",       "xgboost",
                                             "xgboost",       "random_forest", "knn",
                                             "random_forest", "xgboost"};
  const std::vector<double> seconds = {0.4, 0.6, 0.2, 0.7, 2.0, 0.01, 3.5, 0.9};
  // 0.4 + 0.6 + 0.2, then the best forest (2.0) and the best kNN (0.01); not the second forest
  // nor the 4th and 8th boosted trials.
  EXPECT_NEAR(LikelyMembersRefitSeconds(learners, seconds), 3.21, 1e-12);
  // A top-3 trial is counted once even when it is also its learner's best.
  EXPECT_NEAR(LikelyMembersRefitSeconds(learners, seconds, 5), 0.4 + 0.6 + 0.2 + 0.7 + 2.0 + 0.01,
              1e-12);
  EXPECT_EQ(LikelyMembersRefitSeconds({}, {}), 0.0);
}

TEST(EnsembleTest, RejectsBadInput) {
  const Synthetic s = MakeSynthetic();
  EXPECT_EQ(SelectEnsemble({}, s.y, ml::ProblemType::kBinary, "roc_auc", {}).status().code(),
            StatusCode::kInvalidArgument);
  std::vector<float> short_pred(10, 0.5f);
  std::vector<std::span<const float>> mixed = {s.a, short_pred};
  EXPECT_FALSE(SelectEnsemble(mixed, s.y, ml::ProblemType::kBinary, "roc_auc", {}).ok());
  std::vector<std::span<const float>> one = {s.a};
  EXPECT_FALSE(SelectEnsemble(one, s.y, ml::ProblemType::kBinary, "rmse", {}).ok());
}

}  // namespace
}  // namespace lathe::automl
