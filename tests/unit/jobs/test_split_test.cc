// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "jobs/test_split.h"

#include <cmath>
#include <map>
#include <set>

#include <gtest/gtest.h>

namespace lathe::jobs {
namespace {

std::vector<float> Labels(const std::vector<std::pair<int, int>>& counts) {
  std::vector<float> y;
  for (const auto& [label, n] : counts) {
    for (int i = 0; i < n; ++i) y.push_back(static_cast<float>(label));
  }
  return y;
}

TEST(TestSplitTest, StratifiesEveryClassAndCoversEachLabelledRowOnce) {
  std::vector<float> y = Labels({{0, 50}, {1, 30}, {2, 20}});
  y.push_back(std::nanf(""));
  auto split = SplitTrainTest(y, ml::ProblemType::kMulticlass, 0.2, 7);
  ASSERT_TRUE(split.ok()) << split.status().ToString();
  EXPECT_EQ(split->unlabelled, 1u);
  std::map<int, int> test_counts;
  for (uint32_t row : split->test) ++test_counts[static_cast<int>(y[row])];
  EXPECT_EQ(test_counts[0], 10);
  EXPECT_EQ(test_counts[1], 6);
  EXPECT_EQ(test_counts[2], 4);
  std::set<uint32_t> all(split->train.begin(), split->train.end());
  for (uint32_t row : split->test) EXPECT_TRUE(all.insert(row).second) << "row in both parts";
  EXPECT_EQ(all.size(), 100u);
  EXPECT_EQ(all.count(100), 0u);  // the unlabelled row is in neither part
  EXPECT_TRUE(std::is_sorted(split->test.begin(), split->test.end()));
}

TEST(TestSplitTest, SameSeedSameSplitOtherSeedOtherSplit) {
  const std::vector<float> y = Labels({{0, 40}, {1, 40}});
  auto a = SplitTrainTest(y, ml::ProblemType::kBinary, 0.25, 1);
  auto b = SplitTrainTest(y, ml::ProblemType::kBinary, 0.25, 1);
  auto c = SplitTrainTest(y, ml::ProblemType::kBinary, 0.25, 2);
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(a->test, b->test);
  EXPECT_NE(a->test, c->test);
}

TEST(TestSplitTest, SingleRowClassStaysInTraining) {
  std::vector<float> y = Labels({{0, 30}, {1, 30}, {2, 1}});
  auto split = SplitTrainTest(y, ml::ProblemType::kMulticlass, 0.5, 3);
  ASSERT_TRUE(split.ok());
  for (uint32_t row : split->test) EXPECT_NE(y[row], 2.0f);
}

TEST(TestSplitTest, RegressionShufflesAllRows) {
  std::vector<float> y;
  for (int i = 0; i < 100; ++i) y.push_back(static_cast<float>(i) * 0.5f);
  auto split = SplitTrainTest(y, ml::ProblemType::kRegression, 0.3, 11);
  ASSERT_TRUE(split.ok());
  EXPECT_EQ(split->test.size(), 30u);
  EXPECT_EQ(split->train.size(), 70u);
  EXPECT_GT(split->test.back() - split->test.front(), 50u);  // spread, not the last rows
}

TEST(TestSplitTest, RefusesBadFractionsAndTooFewRows) {
  const std::vector<float> y = Labels({{0, 20}, {1, 20}});
  auto zero = SplitTrainTest(y, ml::ProblemType::kBinary, 0.0, 1);
  ASSERT_FALSE(zero.ok());
  EXPECT_EQ(zero.status().details()["field"], "test_fraction");
  EXPECT_FALSE(SplitTrainTest(y, ml::ProblemType::kBinary, 0.9, 1).ok());
  auto few = SplitTrainTest(Labels({{0, 4}, {1, 4}}), ml::ProblemType::kBinary, 0.2, 1);
  ASSERT_FALSE(few.ok());
  EXPECT_EQ(few.status().details()["field"], "target");
  EXPECT_NE(few.status().message().find("at least 10"), std::string::npos);
}

}  // namespace
}  // namespace lathe::jobs
