// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "data/hyperloglog.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <unordered_set>

namespace lathe::data {
namespace {

double RelativeError(double estimate, double truth) { return std::abs(estimate - truth) / truth; }

TEST(HyperLogLogTest, EmptySketchEstimatesZero) {
  HyperLogLog hll;
  EXPECT_EQ(hll.Estimate(), 0.0);
}

TEST(HyperLogLogTest, SmallCountsAreNearlyExact) {
  HyperLogLog hll;
  for (uint64_t i = 0; i < 100; ++i) {
    hll.Add(Mix64(i));
    hll.Add(Mix64(i));  // repeats do not count
  }
  EXPECT_NEAR(hll.Estimate(), 100.0, 3.0);  // linear counting: standard error ~0.6 here
}

TEST(HyperLogLogTest, MillionDistinctIntegersWithinTwoPercent) {
  HyperLogLog hll;
  for (uint64_t i = 0; i < 1000000; ++i) hll.Add(Mix64(i));
  EXPECT_LT(RelativeError(hll.Estimate(), 1e6), 0.02) << hll.Estimate();
}

TEST(HyperLogLogTest, MillionDistinctStringsWithinTwoPercent) {
  HyperLogLog hll;
  for (int i = 0; i < 1000000; ++i) {
    const std::string s = "user-" + std::to_string(i) + "@example.com";
    hll.Add(HashString(s));
  }
  EXPECT_LT(RelativeError(hll.Estimate(), 1e6), 0.02) << hll.Estimate();
}

TEST(HyperLogLogTest, MidRangeCountsWithinTwoPercent) {
  for (uint64_t n : {1000u, 30000u, 200000u}) {
    HyperLogLog hll;
    for (uint64_t i = 0; i < n; ++i) hll.Add(HashBytes(&i, sizeof(i), 7));
    EXPECT_LT(RelativeError(hll.Estimate(), static_cast<double>(n)), 0.02) << n;
  }
}

TEST(HyperLogLogTest, MergeEqualsUnion) {
  HyperLogLog a, b, both;
  for (uint64_t i = 0; i < 300000; ++i) {
    (i % 2 ? a : b).Add(Mix64(i));
    both.Add(Mix64(i));
  }
  ASSERT_TRUE(a.Merge(b).ok());
  EXPECT_EQ(a.Estimate(), both.Estimate());
  HyperLogLog other(12);
  EXPECT_EQ(a.Merge(other).code(), StatusCode::kInvalidArgument);
}

TEST(HashTest, DistinguishesLengthsAndBytes) {
  std::unordered_set<uint64_t> seen;
  std::string s;
  for (int len = 0; len < 40; ++len) {
    EXPECT_TRUE(seen.insert(HashString(s)).second) << len;
    s.push_back('\0');
  }
  for (int c = 1; c < 256; ++c) {
    EXPECT_TRUE(seen.insert(HashString(std::string(1, static_cast<char>(c)))).second) << c;
  }
  EXPECT_NE(HashString("ab"), HashString("ba"));
  EXPECT_NE(HashString("abcdefghijklmnopq"), HashString("abcdefghijklmnopr"));
  EXPECT_NE(HashString("x", 1), HashString("x", 2));
}

TEST(KeyCounterTest, CountsKeysIncludingZero) {
  internal::KeyCounter counter;
  for (uint64_t i = 0; i < 10000; ++i) counter.Add(i % 1000, i);
  EXPECT_EQ(counter.size(), 1000u);
  auto entries = counter.Entries();
  for (const auto& e : entries) {
    EXPECT_EQ(e.count, 10u);
    EXPECT_EQ(e.first_row, e.key);
  }
  EXPECT_TRUE(counter.IncrementIfPresent(0));
  EXPECT_FALSE(counter.IncrementIfPresent(5000));
  EXPECT_EQ(counter.size(), 1000u);
}

TEST(RadixSortTest, MatchesStdSort) {
  std::mt19937_64 rng(42);
  for (size_t n : {0u, 1u, 100u, 5000u, 100000u}) {
    std::vector<uint64_t> keys(n);
    for (auto& k : keys) k = rng() >> (n % 3 == 0 ? 0 : 40);  // some with constant high digits
    std::vector<uint64_t> expected = keys;
    std::sort(expected.begin(), expected.end());
    internal::RadixSort64(&keys);
    EXPECT_EQ(keys, expected) << n;
  }
}

}  // namespace
}  // namespace lathe::data
