// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "prep/params.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace lathe::prep {
namespace {

using nlohmann::json;

data::Table TwoColumns() {
  data::Table t;
  data::Column a = data::Column::Make("age", data::DataType::kInt64);
  a.AppendInt(1);
  data::Column b = data::Column::Make("name", data::DataType::kText);
  b.AppendString("x");
  EXPECT_TRUE(t.AddColumn(std::move(a)).ok());
  EXPECT_TRUE(t.AddColumn(std::move(b)).ok());
  return t;
}

TEST(ParamsTest, ReadsTypedValuesAndDefaults) {
  json step = {{"op", "x"}, {"columns", {"a", "b"}}, {"n", 2.5}, {"k", 3}, {"flag", true},
               {"mode", "fast"}};
  Params p(step, "steps[1]");
  auto cols = p.Strings("columns");
  ASSERT_TRUE(cols.ok());
  EXPECT_EQ(*cols, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(*p.Number("n"), 2.5);
  EXPECT_EQ(*p.Integer("k"), 3);
  EXPECT_TRUE(*p.Bool("flag", false));
  EXPECT_EQ(*p.Enum("mode", {"fast", "slow"}), "fast");
  EXPECT_EQ(*p.Number("missing", 7.0), 7.0);
  EXPECT_EQ(*p.String("other", "dflt"), "dflt");
  EXPECT_TRUE(p.Finish().ok());
}

TEST(ParamsTest, SingleStringIsAOneElementList) {
  json step = {{"columns", "a"}};
  Params p(step, "steps[0]");
  EXPECT_EQ(*p.Strings("columns"), std::vector<std::string>{"a"});
}

TEST(ParamsTest, ErrorsNameTheFieldPath) {
  json step = {{"columns", {"a", 3}}, {"n", "two"}, {"k", 1.5}, {"mode", "medium"}};
  Params p(step, "steps[2]");
  Status s = p.Strings("columns").status();
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "steps[2].columns[1]: expected a string, got number");
  EXPECT_EQ(s.details()["field"], "steps[2].columns[1]");
  EXPECT_EQ(p.Number("n").status().message(), "steps[2].n: expected a number, got string");
  EXPECT_EQ(p.Integer("k").status().message(), "steps[2].k: expected an integer, got 1.5");
  EXPECT_EQ(p.Enum("mode", {"low", "high"}).status().message(),
            "steps[2].mode: 'medium' is not one of low, high");
  EXPECT_EQ(p.String("absent").status().message(), "steps[2].absent: required");
}

TEST(ParamsTest, EmptyListIsRefused) {
  json step = {{"columns", json::array()}};
  Params p(step, "steps[0]");
  EXPECT_EQ(p.Strings("columns").status().message(), "steps[0].columns: must not be empty");
}

TEST(ParamsTest, FinishRefusesUnreadPropertiesButAcceptsOpAndState) {
  json step = {{"op", "x"}, {"columns", {"a"}}, {"colour", "red"}, {"state", {{"k", 1}}}};
  Params p(step, "steps[0]");
  ASSERT_TRUE(p.Strings("columns").ok());
  Status s = p.Finish();
  EXPECT_EQ(s.message(), "steps[0].colour: unknown property");
  json stateful = {{"op", "x"}, {"state", nullptr}};  // Params keeps a reference
  Params q(stateful, "steps[0]");
  EXPECT_TRUE(q.Finish().ok());
}

TEST(ParamsTest, NullCountsAsAbsent) {
  json step = {{"with", nullptr}};
  Params p(step, "s");
  EXPECT_FALSE(p.Has("with"));
  auto v = p.Value("with", false);
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->is_null());
  EXPECT_TRUE(p.Finish().ok());
}

TEST(ParamsTest, RequireColumnListsTheColumns) {
  data::Table t = TwoColumns();
  EXPECT_EQ(*RequireColumn(t, "name", "steps[0].column"), 1u);
  Status s = RequireColumn(t, "nme", "steps[0].column").status();
  EXPECT_EQ(s.message(), "steps[0].column: unknown column 'nme' (columns: age, name)");
  EXPECT_EQ(s.details()["column"], "nme");
  Status many = RequireColumns(t, {"age", "zz"}, "steps[0].columns").status();
  EXPECT_NE(many.message().find("steps[0].columns[1]: unknown column 'zz'"), std::string::npos);
}

}  // namespace
}  // namespace lathe::prep
