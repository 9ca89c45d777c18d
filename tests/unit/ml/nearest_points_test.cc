// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "ml/algorithms/knn/nearest_points.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <tuple>
#include <vector>

namespace lathe::ml::internal {
namespace {

// The definition, written plainly: every distance summed in the documented order, all points
// sorted by (distance, index), the first k kept.
std::vector<Neighbour> Reference(const std::vector<float>& points, size_t width,
                                 const std::vector<float>& queries, size_t k) {
  const size_t n = points.size() / width, rows = queries.size() / width;
  std::vector<Neighbour> out;
  for (size_t q = 0; q < rows; ++q) {
    std::vector<std::pair<float, uint32_t>> all;
    for (size_t i = 0; i < n; ++i) {
      float s[4] = {0, 0, 0, 0};
      for (size_t c = 0; c < width; ++c) {
        const float diff = points[i * width + c] - queries[q * width + c];
        s[c % 4] += diff * diff;
      }
      float d = (s[0] + s[1]) + (s[2] + s[3]);
      if (std::isnan(d)) d = std::numeric_limits<float>::infinity();
      all.emplace_back(d, static_cast<uint32_t>(i));
    }
    std::sort(all.begin(), all.end());
    for (size_t j = 0; j < k; ++j) out.push_back({all[j].first, all[j].second});
  }
  return out;
}

void ExpectSame(const std::vector<Neighbour>& got, const std::vector<Neighbour>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t j = 0; j < got.size(); ++j) {
    // Bit-identical floats (inf included), same point.
    ASSERT_EQ(got[j].point, want[j].point) << "entry " << j;
    ASSERT_EQ(got[j].squared_distance, want[j].squared_distance) << "entry " << j;
  }
}

// Points on a coarse grid, so many distances tie and the lower index must win.
std::vector<float> GridRows(size_t rows, size_t cols, size_t width, std::mt19937& rng) {
  std::uniform_int_distribution<int> cell(-3, 3);
  std::vector<float> v(rows * width, 0.f);
  for (size_t r = 0; r < rows; ++r) {
    for (size_t c = 0; c < cols; ++c) v[r * width + c] = 0.37f * static_cast<float>(cell(rng));
  }
  return v;
}

TEST(NearestPointsTest, MatchesTheDefinitionOnEveryPathBlockAndTie) {
  std::mt19937 rng(7);
  // (columns, padded width, points): padding inside a chunk, one chunk, digits-like width.
  for (auto [cols, width, n] : {std::tuple<size_t, size_t, size_t>{3, 4, 40},
                                {13, 16, 200},
                                {64, 64, 300}}) {
    const std::vector<float> points = GridRows(n, cols, width, rng);
    for (size_t rows : {1u, 2u, 3u, 5u, 7u, 8u, 9u, 15u, 16u, 17u, 33u}) {
      std::vector<float> queries = GridRows(rows, cols, width, rng);
      for (size_t k : {size_t{1}, size_t{5}, n}) {
        SCOPED_TRACE(::testing::Message() << "cols " << cols << " rows " << rows << " k " << k);
        const std::vector<Neighbour> want = Reference(points, width, queries, k);
        for (bool avx2 : {false, true}) {
          std::vector<Neighbour> got(rows * k);
          NearestPoints(points.data(), n, width, queries.data(), rows, k, got.data(), avx2);
          ExpectSame(got, want);
        }
      }
    }
  }
}

TEST(NearestPointsTest, DuplicatePointsKeepTheLowerIndexFirst) {
  // Ten copies of the same point: the k nearest are the first k copies, in order.
  const size_t width = 4, n = 10, k = 4;
  std::vector<float> points(n * width, 1.f);
  std::vector<float> queries(9 * width, 0.f);  // 9 rows: a full 8-block and a 1-row tail
  for (bool avx2 : {false, true}) {
    std::vector<Neighbour> got(9 * k);
    NearestPoints(points.data(), n, width, queries.data(), 9, k, got.data(), avx2);
    for (size_t q = 0; q < 9; ++q) {
      for (size_t j = 0; j < k; ++j) {
        EXPECT_EQ(got[q * k + j].point, j);
        EXPECT_EQ(got[q * k + j].squared_distance, 4.f);
      }
    }
  }
}

TEST(NearestPointsTest, InfiniteAndNanDistancesComeLastAndAreStillKept) {
  // Query 0 is +inf in a column: every distance is inf; query 1 is NaN: every distance is NaN,
  // which counts as inf. Either way all k slots hold real points, in index order.
  const size_t width = 4, n = 6, k = 6;
  std::vector<float> points(n * width);
  for (size_t i = 0; i < points.size(); ++i) points[i] = static_cast<float>(i % 5);
  std::vector<float> queries(3 * width, 0.f);
  queries[0] = std::numeric_limits<float>::infinity();
  queries[width + 1] = std::numeric_limits<float>::quiet_NaN();
  const std::vector<Neighbour> want = Reference(points, width, queries, k);
  for (bool avx2 : {false, true}) {
    std::vector<Neighbour> got(3 * k);
    NearestPoints(points.data(), n, width, queries.data(), 3, k, got.data(), avx2);
    ExpectSame(got, want);
    for (size_t j = 0; j < k; ++j) {
      EXPECT_EQ(got[j].point, j);
      EXPECT_TRUE(std::isinf(got[j].squared_distance));
      EXPECT_EQ(got[k + j].point, j);
    }
  }
}

TEST(NearestPointsTest, ReportsItsPath) {
#if defined(__x86_64__)
  // On x86-64 the path follows the CPU; either way the results above are the same.
  EXPECT_EQ(NearestPointsUseAvx2(), static_cast<bool>(__builtin_cpu_supports("avx2")));
#else
  EXPECT_FALSE(NearestPointsUseAvx2());
#endif
}

}  // namespace
}  // namespace lathe::ml::internal
