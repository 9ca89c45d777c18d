// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// internal::Quantile (selection) must give exactly what SortedQuantile gives on sorted values:
// the fill, outlier and scale steps switched from one to the other.
#include <algorithm>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "prep/internal/column_ops.h"

namespace lathe::prep::internal {
namespace {

TEST(QuantileTest, EqualsTheSortedQuantileExactly) {
  std::mt19937_64 rng(7);
  for (size_t n : {1u, 2u, 3u, 10u, 101u, 1000u}) {
    std::vector<double> values(n);
    std::uniform_int_distribution<int> few(0, 5);  // many ties
    std::normal_distribution<double> normal(3.0, 10.0);
    for (size_t i = 0; i < n; ++i) values[i] = (i % 2) ? few(rng) : normal(rng);
    std::vector<double> sorted = values;
    std::sort(sorted.begin(), sorted.end());
    std::vector<double> work = values;
    for (double q : {0.0, 0.01, 0.25, 0.5, 0.75, 0.99, 1.0, 0.333}) {
      EXPECT_EQ(Quantile(&work, q), SortedQuantile(sorted, q)) << "n=" << n << " q=" << q;
    }
  }
}

TEST(QuantileTest, InterpolatesBetweenNeighbours) {
  std::vector<double> values = {40, 10, 30, 20};
  EXPECT_DOUBLE_EQ(Quantile(&values, 0.5), 25.0);   // between 20 and 30
  EXPECT_DOUBLE_EQ(Quantile(&values, 0.25), 17.5);  // position 0.75 between 10 and 20
  EXPECT_DOUBLE_EQ(Quantile(&values, 1.0), 40.0);
}

}  // namespace
}  // namespace lathe::prep::internal
