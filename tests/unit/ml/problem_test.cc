// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "ml/problem.h"

#include <gtest/gtest.h>

#include "ml_test_data.h"

namespace lathe::ml {
namespace {

using data::DataType;
using testing::Doubles;
using testing::Ints;
using testing::Strings;

data::Table One(data::Column c) {
  data::Table t;
  EXPECT_TRUE(t.AddColumn(std::move(c)).ok());
  return t;
}

TEST(ProblemTest, BoolAndTwoValuesAreBinary) {
  data::Column b = data::Column::Make("y", DataType::kBool);
  for (int i = 0; i < 30; ++i) b.AppendInt(i % 3 == 0);
  auto p = DetectProblem(One(std::move(b)), "y");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->type, ProblemType::kBinary);
  EXPECT_EQ(p->classes, (std::vector<std::string>{"false", "true"}));

  auto s = DetectProblem(One(Strings("y", DataType::kCategorical, {"no", "yes", "no", "<null>"})), "y");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->type, ProblemType::kBinary);
  EXPECT_EQ(s->classes, (std::vector<std::string>{"no", "yes"}));
}

TEST(ProblemTest, FewIntegersWithManyRowsEachAreMulticlassSortedNumerically) {
  std::vector<int64_t> v;
  for (int i = 0; i < 300; ++i) v.push_back(i % 3 == 0 ? 2 : (i % 3 == 1 ? 10 : 1));
  auto p = DetectProblem(One(Ints("y", v)), "y");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->type, ProblemType::kMulticlass);
  EXPECT_EQ(p->classes, (std::vector<std::string>{"1", "2", "10"}));
}

TEST(ProblemTest, ManyIntegersOrFloatsAreRegression) {
  std::vector<int64_t> v;
  for (int i = 0; i < 300; ++i) v.push_back(i * 7 % 101);
  auto p = DetectProblem(One(Ints("y", v)), "y");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->type, ProblemType::kRegression);
  EXPECT_TRUE(p->classes.empty());
  // Few integer values but too few rows per value: still regression.
  auto q = DetectProblem(One(Ints("y", {1, 2, 3, 1, 2, 3, 4, 5})), "y");
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->type, ProblemType::kRegression);
  auto f = DetectProblem(One(Doubles("y", {0.5, 1.25, 3.0, 0.5, 7.5})), "y");
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->type, ProblemType::kRegression);
}

TEST(ProblemTest, RefusesMissingConstantAllNullAndTooManyClasses) {
  data::Table t = One(Doubles("y", {1, 1, 1}));
  auto missing = DetectProblem(t, "nope");
  EXPECT_EQ(missing.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(missing.status().message().find("'nope'"), std::string::npos);
  auto constant = DetectProblem(t, "y");
  EXPECT_EQ(constant.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(constant.status().message().find("single value"), std::string::npos);
  auto all_null = DetectProblem(One(Doubles("y", {NAN, NAN})), "y");
  EXPECT_NE(all_null.status().message().find("missing"), std::string::npos);

  std::vector<std::string> many;
  for (int i = 0; i < 3000; ++i) many.push_back("c" + std::to_string(i % 1500));
  auto too_many = DetectProblem(One(Strings("y", DataType::kCategorical, many)), "y");
  EXPECT_EQ(too_many.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(too_many.status().message().find("too many classes"), std::string::npos);

  std::vector<std::string> unique;
  for (int i = 0; i < 100; ++i) unique.push_back("free text number " + std::to_string(i));
  auto text = DetectProblem(One(Strings("y", DataType::kText, unique)), "y");
  EXPECT_EQ(text.status().code(), StatusCode::kInvalidArgument);
}

TEST(ProblemTest, RequestedTypeIsCheckedAgainstTheTarget) {
  auto three = One(Strings("y", DataType::kCategorical, {"a", "b", "c", "a"}));
  EXPECT_FALSE(DetectProblem(three, "y", ProblemType::kBinary).ok());
  EXPECT_FALSE(DetectProblem(three, "y", ProblemType::kRegression).ok());
  std::vector<int64_t> v;
  for (int i = 0; i < 300; ++i) v.push_back(i % 4);
  auto reg = DetectProblem(One(Ints("y", v)), "y", ProblemType::kRegression);
  ASSERT_TRUE(reg.ok());
  EXPECT_EQ(reg->type, ProblemType::kRegression);
}

TEST(ProblemTest, TextFeatureAndEncodeTarget) {
  data::Table t;
  ASSERT_TRUE(t.AddColumn(Strings("msg", DataType::kText, {"hi there", "buy now", "<null>", "x y"})).ok());
  ASSERT_TRUE(t.AddColumn(Strings("y", DataType::kCategorical, {"spam", "ham", "spam", "<null>"})).ok());
  auto p = DetectProblem(t, "y");
  ASSERT_TRUE(p.ok());
  ASSERT_TRUE(p->text_feature.has_value());
  EXPECT_EQ(*p->text_feature, "msg");
  auto y = EncodeTarget(t, *p);
  ASSERT_TRUE(y.ok());
  EXPECT_EQ((*y)[0], 1.f);  // classes {ham, spam}
  EXPECT_EQ((*y)[1], 0.f);
  EXPECT_TRUE(std::isnan((*y)[3]));
  auto back = ProblemFromJson(ProblemToJson(*p));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->classes, p->classes);
  EXPECT_EQ(back->text_feature, p->text_feature);
}

}  // namespace
}  // namespace lathe::ml
