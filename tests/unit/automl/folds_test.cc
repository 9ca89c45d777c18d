// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "automl/folds.h"

#include <algorithm>
#include <set>

#include <gtest/gtest.h>

namespace lathe::automl {
namespace {

// 50 rows of class 0, 30 of class 1, a single row of class 2 (interleaved).
std::vector<float> ImbalancedLabels() {
  std::vector<float> y;
  for (int row = 0; row < 80; ++row) y.push_back(row % 8 < 5 ? 0.0f : 1.0f);
  y.insert(y.begin() + 40, 2.0f);
  return y;
}

int CountClass(const std::vector<float>& y, const std::vector<uint32_t>& rows, float cls) {
  return static_cast<int>(std::count_if(rows.begin(), rows.end(), [&](uint32_t r) { return y[r] == cls; }));
}

TEST(FoldsTest, StratifiedKFoldPartitionsRowsAndBalancesClasses) {
  const std::vector<float> y = ImbalancedLabels();
  auto plan = MakeFolds(y, ml::ProblemType::kMulticlass, {.folds = 5, .seed = 7});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  ASSERT_EQ(plan->size(), 5u);
  std::multiset<uint32_t> all_valid;
  int folds_with_single_row_class = 0;
  for (size_t f = 0; f < 5; ++f) {
    EXPECT_EQ(plan->train[f].size() + plan->valid[f].size(), y.size());
    std::set<uint32_t> train(plan->train[f].begin(), plan->train[f].end());
    for (uint32_t row : plan->valid[f]) {
      EXPECT_EQ(train.count(row), 0u) << "row " << row << " in train and valid of fold " << f;
      all_valid.insert(row);
    }
    EXPECT_EQ(CountClass(y, plan->valid[f], 0.0f), 10) << f;  // 50 / 5
    EXPECT_EQ(CountClass(y, plan->valid[f], 1.0f), 6) << f;   // 30 / 5
    folds_with_single_row_class += CountClass(y, plan->valid[f], 2.0f);
    EXPECT_GE(plan->valid[f].size(), 16u);
    EXPECT_LE(plan->valid[f].size(), 17u);
  }
  EXPECT_EQ(folds_with_single_row_class, 1);
  EXPECT_EQ(all_valid.size(), y.size());
  EXPECT_EQ(std::set<uint32_t>(all_valid.begin(), all_valid.end()).size(), y.size());
}

TEST(FoldsTest, DeterministicForSeedAndDifferentAcrossSeeds) {
  const std::vector<float> y = ImbalancedLabels();
  auto a = MakeFolds(y, ml::ProblemType::kMulticlass, {.folds = 5, .seed = 1});
  auto b = MakeFolds(y, ml::ProblemType::kMulticlass, {.folds = 5, .seed = 1});
  auto c = MakeFolds(y, ml::ProblemType::kMulticlass, {.folds = 5, .seed = 2});
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(a->valid, b->valid);
  EXPECT_NE(a->valid, c->valid);
}

TEST(FoldsTest, RepeatedKFoldIsSeveralPartitionsWithTheirOwnShuffles) {
  std::vector<float> y;
  for (int i = 0; i < 60; ++i) y.push_back(static_cast<float>(i % 3));
  auto plan = MakeFolds(y, ml::ProblemType::kMulticlass, {.folds = 5, .seed = 4, .repeats = 2});
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan->size(), 10u);
  EXPECT_EQ(plan->repeats, 2);
  for (int repeat = 0; repeat < 2; ++repeat) {
    std::vector<int> seen(y.size(), 0);
    for (int f = 0; f < 5; ++f) {
      const auto& valid = plan->valid[repeat * 5 + f];
      EXPECT_EQ(valid.size(), 12u);
      EXPECT_EQ(valid.size() + plan->train[repeat * 5 + f].size(), y.size());
      for (uint32_t row : valid) ++seen[row];
    }
    for (int count : seen) EXPECT_EQ(count, 1);  // each repeat partitions the rows
  }
  EXPECT_NE(plan->valid[0], plan->valid[5]);  // a new shuffle, not the same folds again
  // The first repeat is the unrepeated plan; a holdout ignores repeats.
  auto once = MakeFolds(y, ml::ProblemType::kMulticlass, {.folds = 5, .seed = 4});
  ASSERT_TRUE(once.ok());
  EXPECT_EQ(once->valid[0], plan->valid[0]);
  auto holdout = MakeFolds(y, ml::ProblemType::kMulticlass,
                           {.folds = 5, .holdout = true, .seed = 4, .repeats = 2});
  ASSERT_TRUE(holdout.ok());
  EXPECT_EQ(holdout->size(), 1u);
}

TEST(FoldsTest, StratifiedHoldoutTakesAFifthOfEachClass) {
  std::vector<float> y;
  for (int row = 0; row < 1000; ++row) y.push_back(row % 10 == 0 ? 1.0f : 0.0f);  // 10% positives
  auto plan = MakeFolds(y, ml::ProblemType::kBinary, {.holdout = true, .holdout_fraction = 0.2});
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan->size(), 1u);
  EXPECT_TRUE(plan->holdout);
  EXPECT_EQ(plan->valid[0].size(), 200u);
  EXPECT_EQ(CountClass(y, plan->valid[0], 1.0f), 20);
  EXPECT_EQ(plan->train[0].size(), 800u);
}

TEST(FoldsTest, RegressionFoldsSpreadTheTargetRange) {
  std::vector<float> y;
  for (int row = 0; row < 100; ++row) y.push_back(static_cast<float>((row * 37) % 100));
  auto plan = MakeFolds(y, ml::ProblemType::kRegression, {.folds = 5, .seed = 3});
  ASSERT_TRUE(plan.ok());
  for (size_t f = 0; f < 5; ++f) {
    // One value from each run of 5 consecutive sorted targets: the fold mean is within 2 of
    // the overall mean 49.5, and every fold holds a value below 5 and one above 94.
    double sum = 0;
    float lo = 1e9f, hi = -1e9f;
    for (uint32_t row : plan->valid[f]) {
      sum += y[row];
      lo = std::min(lo, y[row]);
      hi = std::max(hi, y[row]);
    }
    EXPECT_EQ(plan->valid[f].size(), 20u);
    EXPECT_NEAR(sum / 20.0, 49.5, 2.0);
    EXPECT_LT(lo, 5.0f);
    EXPECT_GT(hi, 94.0f);
  }
}

TEST(FoldsTest, TinyInputs) {
  EXPECT_EQ(MakeFolds(std::vector<float>{1.0f}, ml::ProblemType::kBinary, {}).status().code(),
            StatusCode::kInvalidArgument);
  auto two = MakeFolds(std::vector<float>{0.0f, 1.0f}, ml::ProblemType::kBinary, {.folds = 5});
  ASSERT_TRUE(two.ok());
  EXPECT_EQ(two->size(), 2u);  // k reduced to the row count
  EXPECT_EQ(two->valid[0].size(), 1u);
}

TEST(FoldsTest, ValidationFollowsTheWorkPerBudgetSecond) {
  const FoldOptions base{
      .folds = 5, .holdout = false, .holdout_fraction = 0.2, .seed = 3, .repeats = 0};
  auto choose = [&](size_t rows, size_t features, size_t outputs, double budget) {
    return ChooseValidation({.rows = rows, .features = features, .outputs = outputs,
                             .budget_seconds = budget},
                            base, 20000);
  };
  // Tiny data gets k-fold repeated twice (glass-like: 171 rows x 9 x 6 classes in 15 s), small
  // data plain k-fold (digits-like: 1,437 x 64 x 10 classes in 60 s).
  FoldOptions small = choose(171, 9, 6, 15);
  EXPECT_FALSE(small.holdout);
  EXPECT_EQ(small.folds, 5);
  EXPECT_EQ(small.repeats, 2);
  EXPECT_EQ(small.seed, 3u);
  EXPECT_EQ(choose(1437, 64, 10, 60).repeats, 1);
  // A repeat count the caller chose is kept.
  EXPECT_EQ(ChooseValidation({.rows = 171, .features = 9, .outputs = 6, .budget_seconds = 15},
                             {.folds = 5, .repeats = 1}, 20000)
                .repeats,
            1);
  EXPECT_EQ(choose(1437, 64, 10, 60).folds, 5);
  // letter_recognition-like (12,800 x 16 x 26 classes): holdout at 60 s, 3-fold at 300 s, and the
  // classes are what make it costly (one output: 5-fold).
  EXPECT_TRUE(choose(16000, 16, 26, 60).holdout);
  FoldOptions longer = choose(16000, 16, 26, 300);
  EXPECT_FALSE(longer.holdout);
  EXPECT_EQ(longer.folds, 3);
  EXPECT_FALSE(choose(16000, 16, 1, 60).holdout);
  EXPECT_EQ(choose(16000, 16, 1, 60).folds, 5);
  // Many rows: holdout whatever the budget; a user's smaller k is kept in the 3-fold band.
  EXPECT_TRUE(choose(20000, 2, 1, 3600).holdout);
  FoldOptions two = ChooseValidation({.rows = 16000, .features = 16, .outputs = 26,
                                      .budget_seconds = 300},
                                     {.folds = 2}, 20000);
  EXPECT_EQ(two.folds, 2);
  EXPECT_FALSE(two.holdout);
}

}  // namespace
}  // namespace lathe::automl
