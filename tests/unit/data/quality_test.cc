// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "data/quality.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>

#include "data/profile.h"
#include "data/profile_json.h"

namespace lathe::data {
namespace {

using nlohmann::json;

Column Ints(std::string name, const std::vector<std::optional<int64_t>>& values) {
  Column c = Column::Make(std::move(name), DataType::kInt64);
  for (const auto& v : values) v ? c.AppendInt(*v) : c.AppendNull();
  return c;
}

Column Floats(std::string name, const std::vector<std::optional<double>>& values) {
  Column c = Column::Make(std::move(name), DataType::kFloat64);
  for (const auto& v : values) v ? c.AppendDouble(*v) : c.AppendNull();
  return c;
}

Column Cats(std::string name, const std::vector<std::optional<std::string>>& values,
            DataType type = DataType::kCategorical) {
  Column c = Column::Make(std::move(name), type);
  for (const auto& v : values) v ? c.AppendString(*v) : c.AppendNull();
  return c;
}

// Repeats `value` `n` times.
std::vector<std::optional<std::string>> Repeat(const std::string& value, int n) {
  return std::vector<std::optional<std::string>>(n, value);
}

std::vector<std::optional<std::string>> Concat(std::vector<std::optional<std::string>> a,
                                               const std::vector<std::optional<std::string>>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

TableProfile MustProfile(const Table& t, ProfileOptions options = {}) {
  Result<TableProfile> p = ProfileTable(t, options);
  EXPECT_TRUE(p.ok()) << p.status().ToString();
  return std::move(p).value();
}

bool HasWarning(const QualityReport& r, const std::string& column, const std::string& kind) {
  return std::any_of(r.warnings.begin(), r.warnings.end(),
                     [&](const QualityWarning& w) { return w.column == column && w.kind == kind; });
}

TEST(QualityTest, ConstantColumnsIncludingAllMissing) {
  Table t;
  ASSERT_TRUE(t.AddColumn(Ints("same", {4, 4, 4, std::nullopt})).ok());
  ASSERT_TRUE(
      t.AddColumn(Ints("empty", {std::nullopt, std::nullopt, std::nullopt, std::nullopt})).ok());
  ASSERT_TRUE(t.AddColumn(Ints("varies", {1, 2, 3, 4})).ok());
  QualityReport q = MustProfile(t).quality;
  EXPECT_EQ(q.constant_columns, (std::vector<std::string>{"same", "empty"}));
  EXPECT_TRUE(HasWarning(q, "same", "constant"));
  EXPECT_TRUE(HasWarning(q, "empty", "constant"));
  EXPECT_TRUE(HasWarning(q, "empty", "high_missing"));
  EXPECT_FALSE(HasWarning(q, "varies", "constant"));
}

TEST(QualityTest, IdLikeColumns) {
  Table t;
  std::vector<std::optional<int64_t>> ids;
  std::vector<std::optional<double>> measurements;
  std::vector<std::optional<std::string>> names;
  for (int i = 0; i < 40; ++i) {
    ids.push_back(1000 + i);
    measurements.push_back(i * 0.37);
    names.push_back("user" + std::to_string(i));
  }
  ASSERT_TRUE(t.AddColumn(Ints("id", ids)).ok());
  ASSERT_TRUE(t.AddColumn(Floats("measurement", measurements)).ok());
  ASSERT_TRUE(t.AddColumn(Cats("name", names, DataType::kText)).ok());
  QualityReport q = MustProfile(t).quality;
  EXPECT_EQ(q.id_like_columns, (std::vector<std::string>{"id", "name"}));
  EXPECT_TRUE(HasWarning(q, "id", "id_like"));
  EXPECT_FALSE(HasWarning(q, "measurement", "id_like"));  // unique floats are normal
  EXPECT_TRUE(q.high_cardinality_columns.empty());        // id-like is reported once
}

TEST(QualityTest, TinyTablesAreNotIdLike) {
  Table t;
  ASSERT_TRUE(t.AddColumn(Ints("id", {1, 2, 3})).ok());
  EXPECT_TRUE(MustProfile(t).quality.id_like_columns.empty());
}

TEST(QualityTest, HighCardinalityCategorical) {
  std::vector<std::optional<std::string>> city;
  for (int i = 0; i < 150; ++i) city.push_back("city" + std::to_string(i % 100));
  Table t;
  ASSERT_TRUE(t.AddColumn(Cats("city", city)).ok());
  QualityReport q = MustProfile(t).quality;
  EXPECT_EQ(q.high_cardinality_columns, std::vector<std::string>{"city"});
  EXPECT_TRUE(q.id_like_columns.empty());  // 100 / 150 < 95%
  EXPECT_TRUE(HasWarning(q, "city", "high_cardinality"));
}

TEST(QualityTest, HighMissingAndMostlyZero) {
  std::vector<std::optional<double>> sparse(100, 0.0);
  sparse[3] = 1.5;
  std::vector<std::optional<int64_t>> holes(100, std::nullopt);
  holes[0] = 1;
  holes[1] = 2;
  Table t;
  ASSERT_TRUE(t.AddColumn(Floats("sparse", sparse)).ok());
  ASSERT_TRUE(t.AddColumn(Ints("holes", holes)).ok());
  QualityReport q = MustProfile(t).quality;
  EXPECT_TRUE(HasWarning(q, "sparse", "mostly_zero"));
  EXPECT_FALSE(HasWarning(q, "holes", "mostly_zero"));
  EXPECT_TRUE(HasWarning(q, "holes", "high_missing"));
  EXPECT_FALSE(HasWarning(q, "sparse", "high_missing"));
}

TEST(QualityTest, CountsDuplicateRowsOverAllColumns) {
  Table t;
  ASSERT_TRUE(t.AddColumn(Ints("a", {1, 1, 1, 2, std::nullopt, std::nullopt, 1})).ok());
  ASSERT_TRUE(t.AddColumn(Cats("b", {"x", "x", "y", "x", "z", "z", "x"})).ok());
  ASSERT_TRUE(t.AddColumn(Floats("c", {0.5, 0.5, 0.5, 0.5, 1, 1, 0.75})).ok());
  // Row 1 repeats row 0, row 5 repeats row 4 (nulls equal); rows 2, 3, 6 differ in one column.
  EXPECT_EQ(CountDuplicateRows(t), 2u);
  QualityReport q = MustProfile(t).quality;
  EXPECT_EQ(q.duplicate_rows, 2u);
  EXPECT_TRUE(HasWarning(q, "", "duplicate_rows"));
}

TEST(QualityTest, DuplicateRowsLargeTableAndMessage) {
  Table t;
  std::vector<std::optional<int64_t>> a, b;
  for (int i = 0; i < 100000; ++i) {
    a.push_back(i % 50000);  // every row appears twice
    b.push_back((i % 50000) * 3);
  }
  ASSERT_TRUE(t.AddColumn(Ints("a", a)).ok());
  ASSERT_TRUE(t.AddColumn(Ints("b", b)).ok());
  EXPECT_EQ(CountDuplicateRows(t), 50000u);

  Table one;
  ASSERT_TRUE(one.AddColumn(Ints("a", {7, 7, 8})).ok());
  json j = ToJson(MustProfile(one).quality);
  EXPECT_EQ(j["duplicate_rows"], 1);
  ASSERT_EQ(j["warnings"].size(), 1u);
  EXPECT_EQ(j["warnings"][0]["kind"], "duplicate_rows");
  EXPECT_EQ(j["warnings"][0]["column"], "");
  EXPECT_EQ(j["warnings"][0]["message"], "1 row is an exact duplicate of an earlier row");
}

TEST(QualityTest, ClassBalanceOfBalancedTarget) {
  Table t;
  ASSERT_TRUE(
      t.AddColumn(Cats("species", Concat(Concat(Repeat("setosa", 50), Repeat("versicolor", 50)),
                                         Repeat("virginica", 50))))
          .ok());
  Result<ClassBalance> b = ComputeClassBalance(t, "species");
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(b->target, "species");
  ASSERT_EQ(b->classes.size(), 3u);
  EXPECT_EQ(b->classes[0].value, "setosa");  // ties by value
  EXPECT_EQ(b->classes[2].value, "virginica");
  EXPECT_EQ(b->classes[1].count, 50u);
  EXPECT_DOUBLE_EQ(b->classes[1].fraction, 1.0 / 3);
  EXPECT_DOUBLE_EQ(b->imbalance_ratio, 1.0);

  ProfileOptions options;
  options.target = "species";
  QualityReport q = MustProfile(t, options).quality;
  ASSERT_TRUE(q.class_balance);
  EXPECT_FALSE(HasWarning(q, "species", "class_imbalance"));
  json j = ToJson(q)["class_balance"];
  EXPECT_EQ(j["target"], "species");
  EXPECT_EQ(j["imbalance_ratio"], 1.0);
  EXPECT_EQ(j["classes"][0]["value"], "setosa");
  EXPECT_EQ(j["classes"][0]["count"], 50);
  EXPECT_TRUE(j["classes"][0].contains("fraction"));
}

TEST(QualityTest, ClassBalanceOfImbalancedTarget) {
  std::vector<std::optional<int64_t>> label(100, 0);
  for (int i = 0; i < 10; ++i) label[i * 10] = 1;
  label.push_back(std::nullopt);
  Table t;
  ASSERT_TRUE(t.AddColumn(Ints("label", label)).ok());
  Result<ClassBalance> b = ComputeClassBalance(t, "label");
  ASSERT_TRUE(b.ok());
  ASSERT_EQ(b->classes.size(), 2u);
  EXPECT_EQ(b->classes[0].value, "0");
  EXPECT_EQ(b->classes[0].count, 90u);
  EXPECT_EQ(b->classes[1].value, "1");
  EXPECT_DOUBLE_EQ(b->classes[1].fraction, 0.1);
  EXPECT_EQ(b->missing, 1u);
  EXPECT_DOUBLE_EQ(b->imbalance_ratio, 9.0);

  ProfileOptions options;
  options.target = "label";
  QualityReport q = MustProfile(t, options).quality;
  EXPECT_TRUE(HasWarning(q, "label", "class_imbalance"));
}

TEST(QualityTest, ClassBalanceErrors) {
  Table t;
  ASSERT_TRUE(t.AddColumn(Ints("x", {1, 2})).ok());
  ASSERT_TRUE(t.AddColumn(Ints("empty", {std::nullopt, std::nullopt})).ok());
  Result<ClassBalance> missing = ComputeClassBalance(t, "species");
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("species"), std::string::npos);
  EXPECT_EQ(ComputeClassBalance(t, "empty").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ComputeClassBalance(t, "x", 1).status().code(), StatusCode::kInvalidArgument);

  // A regression-like target still profiles, just without class balance.
  ProfileOptions options;
  options.target = "x";
  options.quality.max_classes = 1;
  EXPECT_FALSE(MustProfile(t, options).quality.class_balance);
}

}  // namespace
}  // namespace lathe::data
