// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
// The internal checks of the insights report: split, numbers stored as text, disguised zeros,
// exact duplicates, one-feature prediction power.
#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <set>
#include <vector>

#include <gtest/gtest.h>

#include "data/table.h"
#include "prep/internal/insights_disguised_missing.h"
#include "prep/internal/insights_duplicates.h"
#include "prep/internal/insights_features.h"
#include "prep/internal/insights_prediction_power.h"
#include "prep/internal/insights_split.h"
#include "prep/internal/insights_text_numbers.h"

namespace lathe::prep::internal {
namespace {

using data::Column;
using data::DataType;

TEST(InsightsSplitTest, SameSeedSameRowsAndStrataKeepTheirShare) {
  std::vector<uint32_t> rows;
  std::vector<int32_t> strata;
  for (uint32_t row = 0; row < 1000; ++row) {
    rows.push_back(row);
    strata.push_back(row % 10 == 0 ? 1 : 0);  // 100 rows of class 1
  }
  Rng a(7), b(7), c(8);
  const HoldOut s1 = SplitTrainTest(rows, strata, 0.7, &a);
  const HoldOut s2 = SplitTrainTest(rows, strata, 0.7, &b);
  const HoldOut s3 = SplitTrainTest(rows, strata, 0.7, &c);
  EXPECT_EQ(s1.train, s2.train);
  EXPECT_NE(s1.train, s3.train);
  EXPECT_EQ(s1.train.size(), 700u);
  EXPECT_EQ(s1.test.size(), 300u);
  const size_t minority_in_test =
      std::count_if(s1.test.begin(), s1.test.end(), [](uint32_t r) { return r % 10 == 0; });
  EXPECT_EQ(minority_in_test, 30u);
  std::set<uint32_t> all(s1.train.begin(), s1.train.end());
  all.insert(s1.test.begin(), s1.test.end());
  EXPECT_EQ(all.size(), 1000u);
}

TEST(InsightsSplitTest, SampleRowsIsDistinctSortedAndSeeded) {
  Rng a(1), b(1);
  const std::vector<uint32_t> s = SampleRows(100, 10, &a);
  EXPECT_EQ(s, SampleRows(100, 10, &b));
  EXPECT_EQ(s.size(), 10u);
  EXPECT_TRUE(std::is_sorted(s.begin(), s.end()));
  EXPECT_EQ(std::set<uint32_t>(s.begin(), s.end()).size(), 10u);
  EXPECT_EQ(SampleRows(5, 10, &a).size(), 5u);
}

TEST(InsightsTextNumbersTest, RecognisesNumbersStoredAsText) {
  for (const char* yes : {"12", " -3.5 ", "1,234.5", "$12.00", "45%", "+7", ".5", "1e3"}) {
    EXPECT_TRUE(LooksNumeric(yes)) << yes;
  }
  for (const char* no : {"", "?", "n/a", "nan", "inf", "12a", "1,23", "12,34,567", "a1", "-"}) {
    EXPECT_FALSE(LooksNumeric(no)) << no;
  }
  Column c = Column::Make("price", DataType::kCategorical);
  for (const char* v : {"10", "12.5", "?", "8", "?", "1,000", "7", "9", "11", "13"}) {
    c.AppendString(v);
  }
  c.AppendNull();
  const NumericShare s = MeasureNumericShare(c);
  EXPECT_EQ(s.present, 10u);
  EXPECT_EQ(s.numeric, 8u);
  ASSERT_EQ(s.non_numeric.size(), 1u);
  EXPECT_EQ(s.non_numeric[0], "?");
}

TEST(InsightsDisguisedMissingTest, FlagsIsolatedZerosButNotCounts) {
  std::mt19937_64 gen(3);
  std::normal_distribution<double> glucose(120, 25);
  std::vector<double> measured, counts;
  for (int row = 0; row < 1000; ++row) {
    measured.push_back(row % 50 == 0 ? 0.0 : std::max(40.0, std::round(glucose(gen))));
    counts.push_back(static_cast<double>(row % 7));  // 0..6, zero is a normal count
  }
  const auto z = FindDisguisedZeros(measured, 0.95);
  ASSERT_TRUE(z.has_value());
  EXPECT_EQ(z->zeros, 20u);
  EXPECT_GE(z->smallest_positive, 40);
  EXPECT_FALSE(FindDisguisedZeros(counts, 0.95).has_value());
  // Negative values mean 0 is an ordinary value.
  measured.push_back(-1);
  EXPECT_FALSE(FindDisguisedZeros(measured, 0.95).has_value());
}

TEST(InsightsDuplicatesTest, CountsExactDuplicatesWithNullsAndNaN) {
  Column id = Column::Make("n", DataType::kInt64);
  Column x = Column::Make("x", DataType::kFloat64);
  Column s = Column::Make("s", DataType::kText);
  const auto add = [&](std::optional<int64_t> n, double v, const char* text) {
    n ? id.AppendInt(*n) : id.AppendNull();
    x.AppendDouble(v);
    text ? s.AppendString(text) : s.AppendNull();
  };
  const double nan = std::numeric_limits<double>::quiet_NaN();
  add(1, 0.5, "a");
  add(1, 0.5, "a");      // dup 1
  add(1, 0.5, "b");
  add(2, 0.5, "a");
  add(1, 0.5, "a");      // dup 2
  add(std::nullopt, nan, nullptr);
  add(std::nullopt, nan, nullptr);  // dup 3: nulls equal nulls, NaN equals NaN
  add(std::nullopt, nan, "");       // empty text is not null
  add(1, -0.0, "a");
  add(1, 0.0, "a");      // dup 4: -0 equals 0
  data::Table t;
  ASSERT_TRUE(t.AddColumn(std::move(id)).ok());
  ASSERT_TRUE(t.AddColumn(std::move(x)).ok());
  ASSERT_TRUE(t.AddColumn(std::move(s)).ok());
  EXPECT_EQ(CountDuplicateRowsExact(t), 4u);
  EXPECT_EQ(CountDuplicateRowsExact(data::Table()), 0u);
}

TEST(InsightsPredictionPowerTest, ScoresAndOneFeatureModels) {
  EXPECT_DOUBLE_EQ(BalancedAccuracy({0, 0, 0, 1}, {0, 0, 0, 0}), 0.5);
  EXPECT_DOUBLE_EQ(BalancedAccuracy({0, 0, 1, 1}, {0, 1, 1, 1}), 0.75);
  EXPECT_DOUBLE_EQ(RSquared({1, 2, 3}, {1, 2, 3}), 1.0);
  EXPECT_DOUBLE_EQ(RSquared({1, 2, 3}, {2, 2, 2}), 0.0);
  // A categorical feature that decides the class, and one that is noise.
  Feature good, noise;
  good.kind = noise.kind = FeatureKind::kCategorical;
  good.levels = noise.levels = {"a", "b"};
  Target t;
  t.classification = true;
  t.labels = {"no", "yes"};
  HoldOut split;
  std::mt19937_64 gen(5);
  for (uint32_t row = 0; row < 400; ++row) {
    const int32_t cls = static_cast<int32_t>(gen() % 2);
    t.classes.push_back(cls);
    good.codes.push_back(cls);
    noise.codes.push_back(static_cast<int32_t>(gen() % 2));
    (row % 10 < 7 ? split.train : split.test).push_back(row);
  }
  EXPECT_DOUBLE_EQ(OneFeaturePower(good, t, split).value, 1.0);
  const PowerScore n = OneFeaturePower(noise, t, split);
  EXPECT_EQ(n.metric, "balanced_accuracy");
  EXPECT_LT(n.value, 0.65);
}

TEST(InsightsFeaturesTest, EncodesClassTargetsInNaturalOrder) {
  Column c = Column::Make("y", DataType::kInt64);
  for (int64_t v : {10, 2, 10, 2, 33}) c.AppendInt(v);
  c.AppendNull();
  const Target t = EncodeClassTarget(c);
  EXPECT_EQ(t.labels, (std::vector<std::string>{"2", "10", "33"}));
  EXPECT_EQ(t.classes, (std::vector<int32_t>{1, 0, 1, 0, 2, -1}));
  Column cat = Column::Make("c", DataType::kCategorical);
  for (const char* v : {"x", "y", "y", "z", "y", "x"}) cat.AppendString(v);
  const Feature f = EncodeFeature(cat, 2);  // keeps "y", groups the rest
  EXPECT_EQ(f.levels, (std::vector<std::string>{"y", "(other)"}));
  EXPECT_TRUE(f.has_other_level);
  EXPECT_EQ(f.codes, (std::vector<int32_t>{1, 0, 0, 1, 0, 1}));
}

}  // namespace
}  // namespace lathe::prep::internal
