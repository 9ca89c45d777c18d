// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "ml/target_leakage.h"

#include <gtest/gtest.h>

#include "ml_test_data.h"

namespace lathe::ml {
namespace {

using data::DataType;
using testing::Doubles;
using testing::Ints;
using testing::Strings;

data::Table Make(std::vector<data::Column> columns) {
  data::Table t;
  for (data::Column& c : columns) EXPECT_TRUE(t.AddColumn(std::move(c)).ok());
  return t;
}

ProblemInfo Classes(std::vector<std::string> classes) {
  ProblemInfo p;
  p.type = classes.size() == 2 ? ProblemType::kBinary : ProblemType::kMulticlass;
  p.classes = std::move(classes);
  return p;
}

TEST(TargetLeakageTest, CopiesAndRelabellingsOfAClassTargetAreFound) {
  std::vector<std::string> label, copy, code_text, id, noisy;
  std::vector<int64_t> code, honest;
  const char* classes[] = {"cat", "dog", "bird"};
  for (int row = 0; row < 60; ++row) {
    const int k = (row * 7) % 3;
    label.push_back(classes[k]);
    copy.push_back(classes[k]);
    code.push_back(10 + k);                                 // relabelled as numbers
    code_text.push_back(std::string("class-") + classes[k]);  // relabelled as other strings
    id.push_back("row" + std::to_string(row));              // determines the class, not 1:1
    noisy.push_back(row == 30 ? "dog" : classes[k]);        // one row breaks the mapping
    honest.push_back(row % 5);
  }
  noisy[30] = label[30] == "dog" ? "cat" : "dog";
  data::Table t = Make({Strings("label", DataType::kCategorical, label),
                        Strings("copy", DataType::kCategorical, copy), Ints("code", code),
                        Strings("code_text", DataType::kText, code_text),
                        Strings("id", DataType::kText, id),
                        Strings("noisy", DataType::kCategorical, noisy), Ints("honest", honest)});
  auto warnings = FindTargetLeakage(t, "label", Classes({"bird", "cat", "dog"}));
  std::vector<std::string> names;
  for (const LeakageWarning& w : warnings) {
    names.push_back(w.column);
    EXPECT_EQ(w.reason, "one_to_one");
    EXPECT_NE(w.message.find("\"" + w.column + "\""), std::string::npos) << w.message;
    EXPECT_NE(w.message.find("\"label\""), std::string::npos) << w.message;
  }
  EXPECT_EQ(names, (std::vector<std::string>{"copy", "code", "code_text"}));
  // Only the named columns are checked.
  auto only = FindTargetLeakage(t, "label", Classes({"bird", "cat", "dog"}), {"code", "honest"});
  ASSERT_EQ(only.size(), 1u);
  EXPECT_EQ(only[0].column, "code");
  nlohmann::json j = LeakageWarningsJson(only);
  EXPECT_EQ(j[0]["type"], "target_leakage");
  EXPECT_EQ(j[0]["column"], "code");
}

TEST(TargetLeakageTest, NullsAreSkippedAndTinyOrConstantColumnsProveNothing) {
  // A copy with nulls in it is still a copy.
  std::vector<std::string> y, with_nulls;
  for (int row = 0; row < 40; ++row) {
    y.push_back(row % 2 ? "yes" : "no");
    with_nulls.push_back(row % 4 == 0 ? "<null>" : y.back());
  }
  data::Table t = Make({Strings("y", DataType::kCategorical, y),
                        Strings("c", DataType::kCategorical, with_nulls),
                        Strings("constant", DataType::kCategorical,
                                std::vector<std::string>(40, "same"))});
  auto warnings = FindTargetLeakage(t, "y", Classes({"no", "yes"}));
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].column, "c");
  // Under kLeakageMinRows paired rows nothing is claimed.
  data::Table tiny = Make({Strings("y", DataType::kCategorical, {"a", "b", "a", "b"}),
                           Strings("c", DataType::kCategorical, {"a", "b", "a", "b"})});
  EXPECT_TRUE(FindTargetLeakage(tiny, "y", Classes({"a", "b"})).empty());
  EXPECT_TRUE(FindTargetLeakage(t, "missing", Classes({"no", "yes"})).empty());
}

TEST(TargetLeakageTest, RegressionTargetsWarnOnNearPerfectCorrelation) {
  std::vector<double> y, scaled, close, related;
  for (int row = 0; row < 200; ++row) {
    const double v = std::sin(row * 0.37) * 50 + row;
    y.push_back(v);
    scaled.push_back(-2.5 * v + 7);                        // |r| = 1
    close.push_back(v + ((row % 2) ? 0.01 : -0.01));       // |r| > 0.9999
    related.push_back(v + std::cos(row * 1.3) * 40);       // strong but honest
  }
  data::Table t = Make({Doubles("y", y), Doubles("scaled", scaled), Doubles("close", close),
                        Doubles("related", related)});
  ProblemInfo regression;
  regression.type = ProblemType::kRegression;
  auto warnings = FindTargetLeakage(t, "y", regression);
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_EQ(warnings[0].column, "scaled");
  EXPECT_EQ(warnings[0].reason, "correlation");
  EXPECT_NEAR(warnings[0].score, 1.0, 1e-9);
  EXPECT_EQ(warnings[1].column, "close");
  EXPECT_GE(warnings[1].score, kLeakageCorrelation);
}

}  // namespace
}  // namespace lathe::ml
