// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Unit tests of the row-set operations (src/prep/ops/rows.cc): sample, sort, limit.
#include <algorithm>
#include <map>
#include <numeric>

#include <gtest/gtest.h>

#include "prep/internal/row_order.h"
#include "unit/prep/ops/ops_b_test_util.h"

namespace lathe::prep {
namespace {

using namespace opsb_test;  // NOLINT(build/namespaces): test helpers
using data::DataType;

data::Table Numbered(size_t n) {
  std::vector<OptInt> ids;
  std::vector<OptStr> cls;
  for (size_t i = 0; i < n; ++i) {
    ids.push_back(static_cast<int64_t>(i));
    // 70% a, 20% b, 10% c
    cls.push_back(i % 10 < 7 ? "a" : (i % 10 < 9 ? "b" : "c"));
  }
  return MakeTable({Ints("id", ids), Strings("cls", cls, DataType::kCategorical)});
}

TEST(SampleTest, SameSeedSameRowsInInputOrder) {
  data::Table t = Numbered(1000);
  nlohmann::json step = {{"op", "sample"}, {"n", 100}, {"seed", 7}};
  auto a = RunStep(step, t);
  auto b = RunStep(step, t);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(a->num_rows(), 100u);
  EXPECT_EQ(Col(*a, "id"), Col(*b, "id"));
  const auto& ints = a->column(0).ints;
  EXPECT_TRUE(std::is_sorted(ints.begin(), ints.end()));
  EXPECT_EQ(std::adjacent_find(ints.begin(), ints.end()), ints.end()) << "duplicates";
  step["seed"] = 8;
  auto c = RunStep(step, t);
  ASSERT_TRUE(c.ok());
  EXPECT_NE(Col(*a, "id"), Col(*c, "id"));
}

TEST(SampleTest, DefaultSeedComesFromContext) {
  data::Table t = Numbered(500);
  ApplyContext c1, c2;
  c1.seed = 1;
  c2.seed = 2;
  nlohmann::json step = {{"op", "sample"}, {"fraction", 0.1}};
  auto a = RunStep(step, t, c1), a2 = RunStep(step, t, c1), b = RunStep(step, t, c2);
  ASSERT_TRUE(a.ok() && a2.ok() && b.ok());
  EXPECT_EQ(a->num_rows(), 50u);
  EXPECT_EQ(Col(*a, "id"), Col(*a2, "id"));
  EXPECT_NE(Col(*a, "id"), Col(*b, "id"));
}

TEST(SampleTest, SpreadsOverTheWholeInput) {
  data::Table t = Numbered(10000);
  auto out = RunStep({{"op", "sample"}, {"fraction", 0.5}, {"seed", 3}}, t);
  ASSERT_TRUE(out.ok());
  size_t first_half = 0;
  for (int64_t v : out->column(0).ints) first_half += v < 5000;
  EXPECT_NEAR(static_cast<double>(first_half), 2500.0, 200.0);
}

TEST(SampleTest, StratifiedKeepsClassProportions) {
  data::Table t = Numbered(1000);
  auto out = RunStep({{"op", "sample"}, {"n", 100}, {"stratify_by", "cls"}, {"seed", 1}}, t);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  std::map<std::string, int> counts;
  for (const auto& v : Col(*out, "cls")) ++counts[v];
  EXPECT_EQ(counts["a"], 70);
  EXPECT_EQ(counts["b"], 20);
  EXPECT_EQ(counts["c"], 10);
}

TEST(SampleTest, StratifiedKeepsAtLeastOneRowPerClass) {
  // 98 x, 1 y, 1 null: a 10-row sample must still hold y and the null class.
  std::vector<OptStr> cls(98, std::string("x"));
  cls.push_back("y");
  cls.push_back(std::nullopt);
  data::Table t = MakeTable({Strings("cls", cls)});
  auto out = RunStep({{"op", "sample"}, {"n", 10}, {"stratify_by", "cls"}}, t);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  std::map<std::string, int> counts;
  for (const auto& v : Col(*out, "cls")) ++counts[v];
  EXPECT_EQ(out->num_rows(), 10u);
  EXPECT_EQ(counts["y"], 1);
  EXPECT_EQ(counts["<null>"], 1);
  EXPECT_EQ(counts["x"], 8);
}

TEST(SampleTest, StratifiedFraction) {
  data::Table t = Numbered(1000);
  auto out = RunStep({{"op", "sample"}, {"fraction", 0.05}, {"stratify_by", "cls"}}, t);
  ASSERT_TRUE(out.ok());
  std::map<std::string, int> counts;
  for (const auto& v : Col(*out, "cls")) ++counts[v];
  EXPECT_EQ(counts["a"], 35);
  EXPECT_EQ(counts["b"], 10);
  EXPECT_EQ(counts["c"], 5);
}

TEST(SampleTest, ReplacementCanRepeatAndExceedInput) {
  data::Table t = Numbered(10);
  auto out = RunStep({{"op", "sample"}, {"n", 50}, {"replace", true}, {"seed", 5}}, t);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->num_rows(), 50u);
  auto no_replace = RunStep({{"op", "sample"}, {"n", 50}}, t);
  ASSERT_TRUE(no_replace.ok());
  EXPECT_EQ(no_replace->num_rows(), 10u);  // clipped to the input
}

TEST(SampleTest, EmptyInput) {
  data::Table t = MakeTable({Ints("id", {})});
  auto out = RunStep({{"op", "sample"}, {"n", 5}, {"stratify_by", "id"}}, t);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->num_rows(), 0u);
  EXPECT_EQ(out->num_columns(), 1u);
}

TEST(SampleTest, ParameterErrors) {
  data::Table t = Numbered(10);
  auto both = RunStep({{"op", "sample"}, {"n", 1}, {"fraction", 0.5}}, t);
  EXPECT_NE(both.status().message().find("either n or fraction"), std::string::npos);
  auto neither = RunStep({{"op", "sample"}}, t);
  EXPECT_NE(neither.status().message().find("steps[0].n"), std::string::npos);
  auto big = RunStep({{"op", "sample"}, {"fraction", 1.5}}, t);
  EXPECT_NE(big.status().message().find("steps[0].fraction"), std::string::npos);
  auto unknown = RunStep({{"op", "sample"}, {"n", 1}, {"sead", 1}}, t);
  EXPECT_NE(unknown.status().message().find("steps[0].sead: unknown property"),
            std::string::npos);
  auto bad_col = RunStep({{"op", "sample"}, {"n", 1}, {"stratify_by", "nope"}}, t);
  EXPECT_NE(bad_col.status().message().find("steps[0].stratify_by: unknown column 'nope'"),
            std::string::npos);
  EXPECT_FALSE(Info("sample")->row_wise);
}

TEST(SortTest, NumbersNumericallyAndStable) {
  data::Table t = MakeTable({Ints("k", {3, 1, 2, 1, 3, 10}),
                             Strings("tag", {"a", "b", "c", "d", "e", "f"})});
  auto out = RunStep({{"op", "sort"}, {"columns", {"k"}}}, t);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(Col(*out, "k"), (std::vector<std::string>{"1", "1", "2", "3", "3", "10"}));
  EXPECT_EQ(Col(*out, "tag"), (std::vector<std::string>{"b", "d", "c", "a", "e", "f"}));
  auto desc = RunStep({{"op", "sort"}, {"columns", {"k"}}, {"descending", true}}, t);
  ASSERT_TRUE(desc.ok());
  EXPECT_EQ(Col(*desc, "tag"), (std::vector<std::string>{"f", "a", "e", "c", "b", "d"}));
}

TEST(SortTest, FloatsWithNegativesNaNAndNulls) {
  data::Table t = MakeTable({Doubles("x", {2.5, std::nullopt, -1.0, 0.0, -0.0, -3.5, 1e300})});
  t.mutable_column(0).doubles[3] = std::nan("");  // a NaN value sorts like a null
  auto out = RunStep({{"op", "sort"}, {"columns", "x"}}, t);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(Col(*out, "x"),
            (std::vector<std::string>{"-3.5", "-1", "-0", "2.5", "1e+300", "<null>", "NaN"}));
  auto first = RunStep({{"op", "sort"}, {"columns", "x"}, {"nulls", "first"}}, t);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(Col(*first, "x")[0], "<null>");
  EXPECT_EQ(Col(*first, "x")[1], "NaN");
  EXPECT_EQ(Col(*first, "x")[2], "-3.5");
}

TEST(SortTest, MultipleKeysWithPerKeyDirection) {
  data::Table t = MakeTable({Strings("g", {"b", "a", "b", "a", std::nullopt, "a"},
                                     DataType::kCategorical),
                             Ints("v", {1, 2, 3, std::nullopt, 5, 2}),
                             Ints("row", {0, 1, 2, 3, 4, 5})});
  auto out = RunStep(
      {{"op", "sort"}, {"columns", {"g", "v"}}, {"descending", {false, true}}}, t);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  // a: v desc (2, 2 stable by row, then null last), b: 3, 1, then the null g.
  EXPECT_EQ(Col(*out, "row"), (std::vector<std::string>{"1", "5", "3", "2", "0", "4"}));
}

TEST(SortTest, TextBytewiseAndDatesChronologically) {
  data::Table t = MakeTable({Strings("s", {"b", "B", "a", "ä", "", "ab"}),
                             Ints("d", {3, -1, 20000, 0, 5, 1}, DataType::kDate)});
  auto out = RunStep({{"op", "sort"}, {"columns", "s"}}, t);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(Col(*out, "s"), (std::vector<std::string>{"", "B", "a", "ab", "b", "ä"}));
  auto by_date = RunStep({{"op", "sort"}, {"columns", "d"}}, t);
  ASSERT_TRUE(by_date.ok());
  EXPECT_EQ(Col(*by_date, "d"),
            (std::vector<std::string>{"1969-12-31", "1970-01-01", "1970-01-02", "1970-01-04",
                                      "1970-01-06", "2024-10-04"}));
}

TEST(SortTest, LongTextSharingPrefixesBothDirections) {
  // Values share their first 8 bytes, so the order is decided past the prefix.
  data::Table t = MakeTable({Strings("s", {"prefix00b", "prefix00", "prefix00a", "prefix00",
                                           "prefix0", "prefix00ab", std::string("ab\0", 3), "ab"}),
                             Ints("row", {0, 1, 2, 3, 4, 5, 6, 7})});
  auto asc = RunStep({{"op", "sort"}, {"columns", "s"}}, t);
  ASSERT_TRUE(asc.ok());
  EXPECT_EQ(Col(*asc, "row"), (std::vector<std::string>{"7", "6", "4", "1", "3", "2", "5", "0"}));
  auto desc = RunStep({{"op", "sort"}, {"columns", "s"}, {"descending", true}}, t);
  ASSERT_TRUE(desc.ok());
  EXPECT_EQ(Col(*desc, "row"), (std::vector<std::string>{"0", "5", "2", "1", "3", "4", "6", "7"}));
}

TEST(SortTest, StableOnManyTies) {
  // 20,000 rows with 7 distinct keys: within each key the original order must be kept.
  std::vector<OptInt> k, row;
  for (int64_t i = 0; i < 20000; ++i) {
    k.push_back((i * 7919) % 7);
    row.push_back(i);
  }
  data::Table t = MakeTable({Ints("k", k), Ints("row", row)});
  auto out = RunStep({{"op", "sort"}, {"columns", "k"}, {"descending", true}}, t);
  ASSERT_TRUE(out.ok());
  const auto& keys = out->column(0).ints;
  const auto& rows = out->column(1).ints;
  for (size_t i = 1; i < keys.size(); ++i) {
    ASSERT_GE(keys[i - 1], keys[i]);
    if (keys[i - 1] == keys[i]) {
      ASSERT_LT(rows[i - 1], rows[i]) << "at " << i;
    }
  }
}

TEST(SortTest, Errors) {
  data::Table t = MakeTable({Ints("k", {1})});
  auto unknown = RunStep({{"op", "sort"}, {"columns", {"k", "z"}}}, t);
  EXPECT_NE(unknown.status().message().find("steps[0].columns[1]: unknown column 'z'"),
            std::string::npos)
      << unknown.status().ToString();
  auto bad_desc = RunStep({{"op", "sort"}, {"columns", {"k"}}, {"descending", {true, false}}}, t);
  EXPECT_NE(bad_desc.status().message().find("steps[0].descending"), std::string::npos);
  auto bad_nulls = RunStep({{"op", "sort"}, {"columns", {"k"}}, {"nulls", "middle"}}, t);
  EXPECT_NE(bad_nulls.status().message().find("steps[0].nulls"), std::string::npos);
}

TEST(LimitTest, OffsetAndClipping) {
  data::Table t = Numbered(10);
  auto out = RunStep({{"op", "limit"}, {"n", 3}, {"offset", 8}}, t);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(Col(*out, "id"), (std::vector<std::string>{"8", "9"}));
  auto none = RunStep({{"op", "limit"}, {"n", 0}}, t);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->num_rows(), 0u);
  EXPECT_EQ(none->num_columns(), 2u);
  auto neg = RunStep({{"op", "limit"}, {"n", -1}}, t);
  EXPECT_NE(neg.status().message().find("steps[0].n: must be >= 0"), std::string::npos);
}

TEST(RowOrderTest, TextMatchesAReferenceSortOnLargeInput) {
  // Enough rows for the radix paths; long shared prefixes, short strings, embedded NULs.
  std::vector<std::string> values;
  uint64_t x = 12345;
  for (int i = 0; i < 6000; ++i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    std::string v = (x >> 60) % 2 ? "common-prefix-" : "";
    const size_t len = (x >> 33) % 20;
    for (size_t j = 0; j < len; ++j) v += "ab\0c"[(x >> (j % 30)) % 4];
    values.push_back(v);
  }
  data::Column c = data::Column::Make("s", DataType::kText);
  for (const auto& v : values) c.AppendString(v);
  data::Table t = MakeTable({std::move(c)});
  for (bool descending : {false, true}) {
    std::vector<uint32_t> rows(values.size());
    std::iota(rows.begin(), rows.end(), 0u);
    std::vector<uint32_t> expected = rows;
    std::stable_sort(expected.begin(), expected.end(), [&](uint32_t a, uint32_t b) {
      return descending ? values[b] < values[a] : values[a] < values[b];
    });
    internal::SortRows(t, {{.column = 0, .descending = descending}}, &rows);
    EXPECT_EQ(rows, expected) << "descending=" << descending;
  }
}

TEST(RowOrderTest, SortsAGivenSubsetStably) {
  data::Table t = MakeTable({Ints("k", {5, 1, 5, 1, 0})});
  std::vector<uint32_t> rows = {4, 2, 0, 3};
  internal::SortRows(t, {{.column = 0}}, &rows);
  EXPECT_EQ(rows, (std::vector<uint32_t>{4, 3, 2, 0}));
}

}  // namespace
}  // namespace lathe::prep
