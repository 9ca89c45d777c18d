// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Unit tests of group_by and join (src/prep/ops/shape.cc) and the typed value ids behind them.
#include <map>

#include <gtest/gtest.h>

#include "prep/internal/value_ids.h"
#include "unit/prep/ops/ops_b_test_util.h"

namespace lathe::prep {
namespace {

using namespace opsb_test;  // NOLINT(build/namespaces): test helpers
using data::DataType;
using V = std::vector<std::string>;

data::Table Sales() {
  return MakeTable({
      Strings("region", {"west", "east", "west", std::nullopt, "east", "west", std::nullopt},
              DataType::kCategorical),
      Ints("units", {3, 5, std::nullopt, 2, 1, 4, 7}),
      Doubles("price", {1.5, 2.0, 3.0, std::nullopt, 4.0, 2.5, 1.0}),
      Strings("rep", {"b", "a", "c", "d", "a", "b", std::nullopt}),
  });
}

TEST(GroupByTest, AggregatesIgnoreNullsAndNullKeysGroup) {
  auto out = RunStep({{"op", "group_by"},
                      {"keys", {"region"}},
                      {"aggregations",
                       {{{"column", "*"}, {"func", "count"}},
                        {{"column", "units"}, {"func", "count"}},
                        {{"column", "units"}, {"func", "sum"}},
                        {{"column", "price"}, {"func", "mean"}, {"as", "avg_price"}},
                        {{"column", "price"}, {"func", "median"}},
                        {{"column", "units"}, {"func", "min"}},
                        {{"column", "rep"}, {"func", "max"}},
                        {{"column", "rep"}, {"func", "nunique"}},
                        {{"column", "units"}, {"func", "first"}},
                        {{"column", "rep"}, {"func", "last"}}}}},
                     Sales());
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(Names(*out), (V{"region", "count", "count_units", "sum_units", "avg_price",
                            "median_price", "min_units", "max_rep", "nunique_rep", "first_units",
                            "last_rep"}));
  // Sorted by key, null group last.
  EXPECT_EQ(Col(*out, "region"), (V{"east", "west", "<null>"}));
  EXPECT_EQ(Col(*out, "count"), (V{"2", "3", "2"}));
  EXPECT_EQ(Col(*out, "count_units"), (V{"2", "2", "2"}));
  EXPECT_EQ(Col(*out, "sum_units"), (V{"6", "7", "9"}));
  EXPECT_EQ(Col(*out, "avg_price"), (V{"3", "2.3333333333333335", "1"}));
  EXPECT_EQ(Col(*out, "median_price"), (V{"3", "2.5", "1"}));
  EXPECT_EQ(Col(*out, "min_units"), (V{"1", "3", "2"}));
  EXPECT_EQ(Col(*out, "max_rep"), (V{"a", "c", "d"}));
  EXPECT_EQ(Col(*out, "nunique_rep"), (V{"1", "2", "1"}));
  EXPECT_EQ(Col(*out, "first_units"), (V{"5", "3", "2"}));
  EXPECT_EQ(Col(*out, "last_rep"), (V{"a", "b", "d"}));
  EXPECT_EQ(out->column(0).type, DataType::kCategorical);
  EXPECT_EQ(out->column(3).type, DataType::kInt64);
  EXPECT_EQ(out->column(4).type, DataType::kFloat64);
  EXPECT_FALSE(Info("group_by")->row_wise);
}

TEST(GroupByTest, StdAndMultipleKeys) {
  data::Table t = MakeTable({Ints("a", {1, 1, 2, 1, 2, 1}), Strings("b", {"x", "y", "x", "x", "x", "x"}),
                             Doubles("v", {2, 10, 5, 4, std::nullopt, 9})});
  auto out = RunStep({{"op", "group_by"},
                      {"keys", {"a", "b"}},
                      {"aggregations", {{{"column", "v"}, {"func", "std"}},
                                        {{"column", "v"}, {"func", "sum"}}}}},
                     t);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(Col(*out, "a"), (V{"1", "1", "2"}));
  EXPECT_EQ(Col(*out, "b"), (V{"x", "y", "x"}));
  // (2, 4, 9): mean 5, squared deviations 9 + 1 + 16 = 26, / 2 = 13.
  EXPECT_EQ(Col(*out, "std_v")[0], "3.605551275463989");
  EXPECT_EQ(Col(*out, "std_v")[1], "<null>");  // one value: no sample deviation
  EXPECT_EQ(Col(*out, "std_v")[2], "<null>");
  EXPECT_EQ(Col(*out, "sum_v"), (V{"15", "10", "5"}));
}

TEST(GroupByTest, IntAndFloatKeysAndEmptyInput) {
  data::Table t = MakeTable({Doubles("k", {1.0, 1.5, 1.0, -0.0, 0.0})});
  auto out = RunStep({{"op", "group_by"}, {"keys", "k"},
                      {"aggregations", {{{"column", "*"}, {"func", "count"}, {"as", "n"}}}}},
                     t);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(Col(*out, "n"), (V{"2", "2", "1"}));  // -0.0 and 0.0 are one group
  data::Table empty = MakeTable({Ints("k", {}), Doubles("v", {})});
  auto none = RunStep({{"op", "group_by"}, {"keys", "k"},
                       {"aggregations", {{{"column", "v"}, {"func", "mean"}}}}},
                      empty);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->num_rows(), 0u);
  EXPECT_EQ(Names(*none), (V{"k", "mean_v"}));
}

TEST(GroupByTest, Errors) {
  auto text_sum = RunStep({{"op", "group_by"}, {"keys", "region"},
                           {"aggregations", {{{"column", "rep"}, {"func", "sum"}}}}},
                          Sales());
  EXPECT_NE(text_sum.status().message().find(
                "steps[0].aggregations[0].column: column 'rep' is text; sum needs"),
            std::string::npos)
      << text_sum.status().message();
  auto star = MakeOperation({{"op", "group_by"}, {"keys", "a"},
                             {"aggregations", {{{"column", "*"}, {"func", "sum"}}}}},
                            "steps[0]");
  EXPECT_NE(star.status().message().find("steps[0].aggregations[0].column"), std::string::npos);
  auto dup = MakeOperation({{"op", "group_by"}, {"keys", "a"},
                            {"aggregations", {{{"column", "b"}, {"func", "sum"}, {"as", "a"}}}}},
                           "steps[0]");
  EXPECT_NE(dup.status().message().find("steps[0].aggregations[0].as"), std::string::npos);
  auto func = MakeOperation({{"op", "group_by"}, {"keys", "a"},
                             {"aggregations", {{{"column", "b"}, {"func", "avg"}}}}},
                            "steps[0]");
  EXPECT_NE(func.status().message().find("steps[0].aggregations[0].func: 'avg' is not one of"),
            std::string::npos)
      << func.status().message();
  auto extra = MakeOperation({{"op", "group_by"}, {"keys", "a"},
                              {"aggregations", {{{"column", "b"}, {"func", "sum"}, {"x", 1}}}}},
                             "steps[0]");
  EXPECT_NE(extra.status().message().find("steps[0].aggregations[0].x: unknown property"),
            std::string::npos);
}

ApplyContext Serving(std::map<std::string, data::Table> tables) {
  auto shared = std::make_shared<std::map<std::string, std::shared_ptr<const data::Table>>>();
  for (auto& [k, v] : tables) (*shared)[k] = std::make_shared<const data::Table>(std::move(v));
  ApplyContext ctx;
  ctx.load_dataset = [shared](std::string_view id) -> Result<std::shared_ptr<const data::Table>> {
    auto it = shared->find(std::string(id));
    if (it == shared->end()) return NotFoundError("dataset '" + std::string(id) + "' not found");
    return it->second;
  };
  return ctx;
}

data::Table Left() {
  return MakeTable({Ints("id", {1, 2, 2, 3, std::nullopt}), Strings("l", {"a", "b", "c", "d", "e"})});
}
data::Table Right() {
  return MakeTable({Ints("id", {2, 4, 2, 1, std::nullopt}), Strings("l", {"P", "Q", "R", "S", "T"}),
                    Ints("r", {20, 40, 21, 10, 0})});
}

TEST(JoinTest, InnerManyToManyInLeftOrder) {
  auto out = RunStep({{"op", "join"}, {"dataset", "other"}, {"on", "id"}}, Left(),
                     Serving({{"other", Right()}}));
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(Names(*out), (V{"id", "l_x", "l_y", "r"}));
  EXPECT_EQ(Col(*out, "id"), (V{"1", "2", "2", "2", "2"}));
  EXPECT_EQ(Col(*out, "l_x"), (V{"a", "b", "b", "c", "c"}));
  EXPECT_EQ(Col(*out, "r"), (V{"10", "20", "21", "20", "21"}));
  EXPECT_FALSE(Info("join")->row_wise);
}

TEST(JoinTest, LeftRightOuterNullKeysNeverMatch) {
  ApplyContext ctx = Serving({{"other", Right()}});
  auto left = RunStep({{"op", "join"}, {"dataset", "other"}, {"on", "id"}, {"how", "left"},
                       {"suffixes", {"", "_r"}}},
                      Left(), ctx);
  ASSERT_TRUE(left.ok()) << left.status().ToString();
  EXPECT_EQ(Names(*left), (V{"id", "l", "l_r", "r"}));
  EXPECT_EQ(Col(*left, "l"), (V{"a", "b", "b", "c", "c", "d", "e"}));
  EXPECT_EQ(Col(*left, "r"), (V{"10", "20", "21", "20", "21", "<null>", "<null>"}));

  auto right = RunStep({{"op", "join"}, {"dataset", "other"}, {"on", "id"}, {"how", "right"}},
                       Left(), ctx);
  ASSERT_TRUE(right.ok());
  EXPECT_EQ(Col(*right, "id"), (V{"1", "2", "2", "2", "2", "4", "<null>"}));
  EXPECT_EQ(Col(*right, "l_x"), (V{"a", "b", "b", "c", "c", "<null>", "<null>"}));
  EXPECT_EQ(Col(*right, "l_y"), (V{"S", "P", "R", "P", "R", "Q", "T"}));

  auto outer = RunStep({{"op", "join"}, {"dataset", "other"}, {"on", "id"}, {"how", "outer"}},
                       Left(), ctx);
  ASSERT_TRUE(outer.ok());
  EXPECT_EQ(Col(*outer, "id"), (V{"1", "2", "2", "2", "2", "3", "<null>", "4", "<null>"}));
  EXPECT_EQ(Col(*outer, "l_x"), (V{"a", "b", "b", "c", "c", "d", "e", "<null>", "<null>"}));
  EXPECT_EQ(Col(*outer, "r"), (V{"10", "20", "21", "20", "21", "<null>", "<null>", "40", "0"}));
}

TEST(JoinTest, LeftOnRightOnIntMatchesFloatAndTextMatchesCategorical) {
  data::Table left = MakeTable({Ints("k", {1, 2, 3}), Strings("s", {"x", "y", "z"})});
  data::Table right = MakeTable({Doubles("key", {2.0, 2.5, 1.0}),
                                 Strings("s2", {"y", "y", "x"}, DataType::kCategorical),
                                 Ints("v", {200, 250, 100})});
  auto out = RunStep({{"op", "join"}, {"dataset", "r"}, {"left_on", {"k", "s"}},
                      {"right_on", {"key", "s2"}}},
                     left, Serving({{"r", right}}));
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(Names(*out), (V{"k", "s", "key", "s2", "v"}));
  EXPECT_EQ(Col(*out, "v"), (V{"100", "200"}));
  EXPECT_EQ(Col(*out, "key"), (V{"1", "2"}));
}

TEST(JoinTest, OuterCoalescesMixedNumericKey) {
  data::Table left = MakeTable({Ints("k", {1, 3})});
  data::Table right = MakeTable({Doubles("k", {0.5, 1.0})});
  auto out = RunStep({{"op", "join"}, {"dataset", "r"}, {"on", "k"}, {"how", "outer"}}, left,
                     Serving({{"r", right}}));
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out->column(0).type, DataType::kFloat64);
  EXPECT_EQ(Col(*out, "k"), (V{"1", "3", "0.5"}));
}

TEST(JoinTest, Errors) {
  data::Table left = MakeTable({Ints("id", {1})});
  data::Table right = MakeTable({Strings("id", {"1"})});
  auto types = RunStep({{"op", "join"}, {"dataset", "r"}, {"on", "id"}}, left,
                       Serving({{"r", right}}));
  ASSERT_FALSE(types.ok());
  EXPECT_EQ(types.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(types.status().message().find(
                "steps[0].on[0]: key columns have different types: left 'id' is int64, right "
                "'id' is text"),
            std::string::npos)
      << types.status().message();
  auto missing = RunStep({{"op", "join"}, {"dataset", "nope"}, {"on", "id"}}, left,
                         Serving({{"r", right}}));
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("steps[0].dataset"), std::string::npos);
  auto no_loader = RunStep({{"op", "join"}, {"dataset", "r"}, {"on", "id"}}, left);
  EXPECT_EQ(no_loader.status().code(), StatusCode::kFailedPrecondition);
  auto no_col = RunStep({{"op", "join"}, {"dataset", "r"}, {"left_on", "id"},
                         {"right_on", "zz"}},
                        left, Serving({{"r", right}}));
  EXPECT_NE(no_col.status().message().find("steps[0].right_on[0]: unknown column 'zz'"),
            std::string::npos)
      << no_col.status().message();
  auto lengths = MakeOperation({{"op", "join"}, {"dataset", "r"}, {"left_on", {"a", "b"}},
                                {"right_on", "a"}},
                               "steps[0]");
  EXPECT_NE(lengths.status().message().find("steps[0].right_on"), std::string::npos);
  auto suffixes = MakeOperation({{"op", "join"}, {"dataset", "r"}, {"on", "a"},
                                 {"suffixes", {"_a"}}},
                                "steps[0]");
  EXPECT_NE(suffixes.status().message().find("steps[0].suffixes"), std::string::npos);
}

TEST(JoinTest, EmptySides) {
  data::Table empty = MakeTable({Ints("id", {}), Strings("x", {})});
  ApplyContext ctx = Serving({{"r", Right()}});
  auto out = RunStep({{"op", "join"}, {"dataset", "r"}, {"on", "id"}, {"how", "outer"}}, empty,
                     ctx);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out->num_rows(), 5u);
  EXPECT_EQ(Col(*out, "id"), (V{"2", "4", "2", "1", "<null>"}));
}

TEST(ValueIdsTest, SharedIdsAcrossTypes) {
  internal::ValueInterner interner;
  EXPECT_EQ(interner.Int(5), interner.Double(5.0));
  EXPECT_NE(interner.Double(5.5), interner.Int(5));
  EXPECT_EQ(interner.Double(-0.0), interner.Int(0));
  const std::string abc = std::string("ab") + "c";
  EXPECT_EQ(interner.String("abc"), interner.String(abc));
  EXPECT_NE(interner.String("5"), interner.Int(5));
  // Many distinct strings force the table to grow; ids stay stable.
  // (The interner keeps views, so the strings must outlive it.)
  std::vector<std::string> values;
  for (int i = 0; i < 5000; ++i) values.push_back("s" + std::to_string(i));
  std::vector<uint32_t> ids;
  for (const auto& v : values) ids.push_back(interner.String(v));
  for (int i = 0; i < 5000; ++i) {
    ASSERT_EQ(interner.String("s" + std::to_string(i)), ids[static_cast<size_t>(i)]);
  }
}

}  // namespace
}  // namespace lathe::prep
