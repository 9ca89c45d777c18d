// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
// Hand-computed values of the statistics behind the insights report.
#include <cmath>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

#include "prep/internal/stats_association.h"
#include "prep/internal/stats_correlation.h"
#include "prep/internal/stats_distribution.h"

namespace lathe::prep::internal {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

TEST(StatsCorrelationTest, PearsonMatchesHandComputation) {
  // dx = -2..2, dy = -2,0,1,0,1: sxy = 6, sxx = 10, syy = 6 -> r = 6 / sqrt(60).
  const std::vector<double> x = {1, 2, 3, 4, 5}, y = {2, 4, 5, 4, 5};
  EXPECT_NEAR(Pearson(x, y), 6 / std::sqrt(60.0), 1e-12);
  EXPECT_NEAR(Pearson(x, x), 1.0, 1e-12);
}

TEST(StatsCorrelationTest, PearsonSkipsIncompletePairsAndIsNaNWhenUndefined) {
  const std::vector<double> x = {1, 2, kNaN, 3}, y = {2, 4, 100, 6};
  EXPECT_NEAR(Pearson(x, y), 1.0, 1e-12);
  EXPECT_TRUE(std::isnan(Pearson(std::vector<double>{1, 1, 1}, std::vector<double>{1, 2, 3})));
  EXPECT_TRUE(std::isnan(Pearson(std::vector<double>{1}, std::vector<double>{2})));
}

TEST(StatsCorrelationTest, AverageRanksShareTies) {
  const std::vector<double> r = AverageRanks(std::vector<double>{2, 4, 5, 4, 5, kNaN});
  EXPECT_EQ(r[0], 1);
  EXPECT_EQ(r[1], 2.5);
  EXPECT_EQ(r[2], 4.5);
  EXPECT_EQ(r[3], 2.5);
  EXPECT_EQ(r[4], 4.5);
  EXPECT_TRUE(std::isnan(r[5]));
}

TEST(StatsCorrelationTest, SpearmanMatchesHandComputation) {
  // ranks of y: 1, 2.5, 4.5, 2.5, 4.5 -> sxy = 7, sxx = 10, syy = 9.
  const std::vector<double> x = {1, 2, 3, 4, 5}, y = {2, 4, 5, 4, 5};
  EXPECT_NEAR(Spearman(x, y), 7 / std::sqrt(90.0), 1e-12);
  // Monotone but not linear: rho is 1, r is not.
  const std::vector<double> cubes = {1, 8, 27, 64, 125};
  EXPECT_NEAR(Spearman(x, cubes), 1.0, 1e-12);
  EXPECT_LT(Pearson(x, cubes), 0.99);
}

TEST(StatsCorrelationTest, CorrelationRatioMatchesHandComputation) {
  // Groups {1,3} and {5,7}: SS_between 16, SS_total 20.
  const std::vector<int32_t> codes = {0, 0, 1, 1, -1};
  const std::vector<double> values = {1, 3, 5, 7, 1000};
  EXPECT_NEAR(CorrelationRatio(codes, 2, values), std::sqrt(0.8), 1e-12);
}

TEST(StatsAssociationTest, CramersVAndMutualInformationOfATwoByTwoTable) {
  // Counts [[3,1],[1,3]]: chi2 = 2, n = 8 -> V = 0.5.
  const std::vector<int32_t> a = {0, 0, 0, 0, 1, 1, 1, 1, -1};
  const std::vector<int32_t> b = {0, 0, 0, 1, 1, 1, 1, 0, 0};
  const Contingency t = Contingency::Build(a, 2, b, 2);
  EXPECT_EQ(t.total, 8);
  EXPECT_NEAR(CramersV(t), 0.5, 1e-12);
  const double mi = 0.75 * std::log(1.5) + 0.25 * std::log(0.5);
  EXPECT_NEAR(MutualInformation(t), mi, 1e-12);
  EXPECT_NEAR(RowEntropy(t), std::log(2.0), 1e-12);
  EXPECT_NEAR(NormalizedMutualInformation(t), 2 * mi / (2 * std::log(2.0)), 1e-12);
}

TEST(StatsAssociationTest, PerfectAndNoAssociation) {
  const std::vector<int32_t> a = {0, 1, 2, 0, 1, 2};
  const std::vector<int32_t> same = {2, 0, 1, 2, 0, 1};  // a relabelling
  const Contingency perfect = Contingency::Build(a, 3, same, 3);
  EXPECT_NEAR(CramersV(perfect), 1.0, 1e-12);
  EXPECT_NEAR(NormalizedMutualInformation(perfect), 1.0, 1e-12);
  EXPECT_NEAR(MutualInformation(perfect), std::log(3.0), 1e-12);
  const std::vector<int32_t> x = {0, 0, 1, 1}, y = {0, 1, 0, 1};
  const Contingency none = Contingency::Build(x, 2, y, 2);
  EXPECT_NEAR(CramersV(none), 0.0, 1e-12);
  EXPECT_NEAR(MutualInformation(none), 0.0, 1e-12);
  // A constant side leaves V undefined.
  const std::vector<int32_t> constant = {0, 0, 0, 0};
  EXPECT_TRUE(std::isnan(CramersV(Contingency::Build(constant, 1, y, 2))));
}

TEST(StatsDistributionTest, SkewnessIsPandasAdjustedG1) {
  // mean 4, m2 = 12.5, m3 = 45 -> g1 = 45 / 12.5^1.5, G1 = g1 * sqrt(12) / 2.
  const std::vector<double> v = {1, 2, 3, 10};
  EXPECT_NEAR(Skewness(v), 45 / std::pow(12.5, 1.5) * std::sqrt(12.0) / 2, 1e-12);
  EXPECT_NEAR(Skewness(std::vector<double>{1, 2, 3}), 0.0, 1e-12);
  EXPECT_TRUE(std::isnan(Skewness(std::vector<double>{5, 5, 5, 5})));
  EXPECT_TRUE(std::isnan(Skewness(std::vector<double>{1, 2})));
}

TEST(StatsDistributionTest, QuantileEdgesKeepEqualValuesTogether) {
  const std::vector<double> v = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  const std::vector<double> edges = QuantileEdges(v, 2);
  ASSERT_EQ(edges.size(), 1u);
  EXPECT_DOUBLE_EQ(edges[0], 5.5);
  EXPECT_EQ(BinIndex(edges, 5), 0);
  EXPECT_EQ(BinIndex(edges, 6), 1);
  // Mostly zeros: every zero lands in bin 0, whatever the bin count.
  const std::vector<double> zeros = {0, 0, 0, 0, 0, 0, 0, 1, 2, 3};
  const std::vector<double> z_edges = QuantileEdges(zeros, 4);
  EXPECT_EQ(BinIndex(z_edges, 0), 0);
  EXPECT_GT(BinIndex(z_edges, 3), 0);
  EXPECT_TRUE(QuantileEdges(std::vector<double>{7, 7, 7}, 5).empty());
}

TEST(StatsDistributionTest, OutliersByIqrAndRobustZ) {
  // 1..9 and 100: q1 = 3.25, q3 = 7.75, fences -3.5 .. 14.5; median 5.5, MAD 2.5.
  std::vector<double> v = {1, 2, 3, 4, 5, 6, 7, 8, 9, 100};
  const OutlierCounts o = CountOutliers(v);
  EXPECT_DOUBLE_EQ(o.q1, 3.25);
  EXPECT_DOUBLE_EQ(o.q3, 7.75);
  EXPECT_EQ(o.iqr, 1u);
  EXPECT_DOUBLE_EQ(o.median, 5.5);
  EXPECT_DOUBLE_EQ(o.mad, 2.5);
  EXPECT_EQ(o.robust_z, 1u);
  EXPECT_DOUBLE_EQ(Median(std::vector<double>{3, 1, 2}), 2);
}

}  // namespace
}  // namespace lathe::prep::internal
