// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "data/type_inference.h"

#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <string_view>

namespace lathe::data {
namespace {

TEST(TypeInferenceTest, ClassifiesEachCellType) {
  EXPECT_EQ(ClassifyCell("42"), InferredType::kInt64);
  EXPECT_EQ(ClassifyCell(" -7 "), InferredType::kInt64);
  EXPECT_EQ(ClassifyCell("1.5e3"), InferredType::kFloat64);
  EXPECT_EQ(ClassifyCell("NaN"), InferredType::kFloat64);
  EXPECT_EQ(ClassifyCell("-inf"), InferredType::kFloat64);
  EXPECT_EQ(ClassifyCell("Yes"), InferredType::kBool);
  EXPECT_EQ(ClassifyCell("F"), InferredType::kBool);
  EXPECT_EQ(ClassifyCell("1"), InferredType::kInt64);  // never bool
  EXPECT_EQ(ClassifyCell("2024-02-29"), InferredType::kDate);
  EXPECT_EQ(ClassifyCell("2024/02/29"), InferredType::kDate);
  EXPECT_EQ(ClassifyCell("2024-02-29T10:00:00-05:00"), InferredType::kDateTime);
  EXPECT_EQ(ClassifyCell("hello"), InferredType::kString);
  EXPECT_EQ(ClassifyCell("0x10"), InferredType::kString);
  EXPECT_EQ(ClassifyCell("1,5"), InferredType::kString);
}

TEST(TypeInferenceTest, RecognisesMissingMarkers) {
  for (const char* m : {"", "  ", "NA", "N/A", "n/a", "#N/A", "null", "NULL", "Null", "None", "?"}) {
    EXPECT_TRUE(IsMissingMarker(m)) << m;
    EXPECT_EQ(ClassifyCell(m), InferredType::kNull) << m;
  }
  EXPECT_FALSE(IsMissingMarker("NaN"));
  EXPECT_FALSE(IsMissingMarker("none?"));
}

TEST(TypeInferenceTest, JoinFollowsTheLattice) {
  EXPECT_EQ(JoinTypes(InferredType::kNull, InferredType::kBool), InferredType::kBool);
  EXPECT_EQ(JoinTypes(InferredType::kInt64, InferredType::kFloat64), InferredType::kFloat64);
  EXPECT_EQ(JoinTypes(InferredType::kDate, InferredType::kDateTime), InferredType::kDateTime);
  EXPECT_EQ(JoinTypes(InferredType::kInt64, InferredType::kBool), InferredType::kString);
  EXPECT_EQ(JoinTypes(InferredType::kDate, InferredType::kInt64), InferredType::kString);
}

TEST(TypeInferenceTest, ParsesIntegerLimits) {
  int64_t v;
  EXPECT_TRUE(ParseInt64("9223372036854775807", &v));
  EXPECT_EQ(v, INT64_MAX);
  EXPECT_TRUE(ParseInt64("-9223372036854775808", &v));
  EXPECT_EQ(v, INT64_MIN);
  EXPECT_FALSE(ParseInt64("9223372036854775808", &v));
  EXPECT_FALSE(ParseInt64("-", &v));
  EXPECT_FALSE(ParseInt64("1.0", &v));
}

TEST(TypeInferenceTest, FloatFastPathMatchesFromChars) {
  for (const char* text : {"0.1", "0.683", "-2.5", "123456.789", "1.", ".5", "-0", "0.3",
                           "999999999999999", "0.000000000000001", "3.14159265358979"}) {
    double fast = 0, ref = 0;
    ASSERT_TRUE(ParseFloat64(text, &fast)) << text;
    std::string_view s(text);
    std::from_chars(s.data(), s.data() + s.size(), ref);
    EXPECT_EQ(fast, ref) << text;
    EXPECT_EQ(std::signbit(fast), std::signbit(ref)) << text;
  }
  double v;
  EXPECT_FALSE(ParseFloat64(".", &v));
  EXPECT_FALSE(ParseFloat64("-", &v));
  EXPECT_FALSE(ParseFloat64("1.2.3", &v));
}

TEST(TypeInferenceTest, ParsesDatesAndDateTimes) {
  int64_t v;
  EXPECT_TRUE(ParseDate("1970-01-01", &v));
  EXPECT_EQ(v, 0);
  EXPECT_TRUE(ParseDate("1969-12-31", &v));
  EXPECT_EQ(v, -1);
  EXPECT_FALSE(ParseDate("2023-13-01", &v));
  EXPECT_FALSE(ParseDate("2023-04-31", &v));
  EXPECT_FALSE(ParseDate("2023-04/01", &v));
  EXPECT_TRUE(ParseDateTime("1970-01-01T00:00:01.25Z", &v));
  EXPECT_EQ(v, 1250000);
  EXPECT_TRUE(ParseDateTime("1970-01-01T01:00+01:00", &v));
  EXPECT_EQ(v, 0);
  EXPECT_FALSE(ParseDateTime("1970-01-01T25:00", &v));
  EXPECT_FALSE(ParseDateTime("1970-01-01T10", &v));
}

TEST(TypeInferenceTest, CategoricalThresholdIsMax32OrFivePercent) {
  EXPECT_EQ(MaxCategoricalDistinct(100), 32u);
  EXPECT_EQ(MaxCategoricalDistinct(10000), 500u);
  EXPECT_TRUE(IsCategoricalColumn(32, 32, 100));
  EXPECT_FALSE(IsCategoricalColumn(33, 33, 100));
  EXPECT_FALSE(IsCategoricalColumn(10, 5, 100));  // mostly long values
}

TEST(TypeInferenceTest, BuildsColumnFromCells) {
  Column c = BuildColumnFromCells("x", {"1", "NA", "2.5", "ignored"}, {1, 1, 1, 0});
  EXPECT_EQ(c.type, DataType::kFloat64);
  EXPECT_TRUE(c.IsNull(1));
  EXPECT_TRUE(c.IsNull(3));
  EXPECT_DOUBLE_EQ(c.DoubleAt(2), 2.5);
}

}  // namespace
}  // namespace lathe::data
