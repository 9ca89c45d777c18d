// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Evaluation of the expression language over typed tables: result types, null propagation,
// three-valued logic, division by zero and overflow, text functions (on text and categorical
// columns), dates, regular expressions, in / between / case / if, type errors with positions,
// and a randomized comparison of the vectorised kernels against plain per-row loops.
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "data/table.h"
#include "data/type_inference.h"
#include "prep/expression.h"

namespace lathe::prep {
namespace {

using data::Column;
using data::DataType;
using data::Table;

Column Ints(const std::string& name, std::vector<std::optional<int64_t>> values,
            DataType type = DataType::kInt64) {
  Column c = Column::Make(name, type);
  for (auto v : values) v ? c.AppendInt(*v) : c.AppendNull();
  return c;
}
Column Floats(const std::string& name, std::vector<std::optional<double>> values) {
  Column c = Column::Make(name, DataType::kFloat64);
  for (auto v : values) v ? c.AppendDouble(*v) : c.AppendNull();
  return c;
}
Column Bools(const std::string& name, std::vector<std::optional<bool>> values) {
  Column c = Column::Make(name, DataType::kBool);
  for (auto v : values) v ? c.AppendInt(*v) : c.AppendNull();
  return c;
}
Column Strings(const std::string& name, std::vector<std::optional<std::string>> values,
               DataType type = DataType::kText) {
  Column c = Column::Make(name, type);
  for (const auto& v : values) v ? c.AppendString(*v) : c.AppendNull();
  return c;
}
Column Dates(const std::string& name, std::vector<std::optional<std::string>> values) {
  Column c = Column::Make(name, DataType::kDate);
  for (const auto& v : values) {
    int64_t days;
    if (v && data::ParseDate(*v, &days)) {
      c.AppendInt(days);
    } else {
      c.AppendNull();
    }
  }
  return c;
}
Column DateTimes(const std::string& name, std::vector<std::string> values) {
  Column c = Column::Make(name, DataType::kDateTime);
  for (const auto& v : values) {
    int64_t micros = 0;
    EXPECT_TRUE(data::ParseDateTime(v, &micros)) << v;
    c.AppendInt(micros);
  }
  return c;
}

Table MakeTable(std::vector<Column> columns) {
  Table t;
  for (auto& c : columns) EXPECT_TRUE(t.AddColumn(std::move(c)).ok());
  return t;
}

Result<Column> EvalExpr(const Table& t, const std::string& text) {
  LATHE_ASSIGN_OR_RETURN(Expression e, Expression::Parse(text));
  return e.Evaluate(t, "out");
}

// Each row as text ("null" for nulls).
std::vector<std::string> Values(const Table& t, const std::string& text,
                                DataType* type = nullptr) {
  auto c = EvalExpr(t, text);
  EXPECT_TRUE(c.ok()) << text << ": " << c.status().ToString();
  if (!c.ok()) return {};
  if (type) *type = c->type;
  std::vector<std::string> out;
  for (size_t i = 0; i < c->size(); ++i) out.push_back(c->IsNull(i) ? "null" : c->ToString(i));
  return out;
}

using V = std::vector<std::string>;

Status RunError(const Table& t, const std::string& text) {
  auto c = EvalExpr(t, text);
  EXPECT_FALSE(c.ok()) << text;
  if (c.ok()) return Status::Ok();
  EXPECT_EQ(c.status().code(), StatusCode::kInvalidArgument);
  return c.status();
}

// --- numbers ----------------------------------------------------------------------------------

TEST(ExprEvalTest, ArithmeticTypes) {
  Table t = MakeTable({Ints("a", {7, -7, 4}), Ints("b", {2, 2, 0}), Floats("f", {0.5, 1.5, 2})});
  DataType type;
  EXPECT_EQ(Values(t, "a + b", &type), (V{"9", "-5", "4"}));
  EXPECT_EQ(type, DataType::kInt64);
  EXPECT_EQ(Values(t, "a * f", &type), (V{"3.5", "-10.5", "8"}));
  EXPECT_EQ(type, DataType::kFloat64);
  EXPECT_EQ(Values(t, "a / b", &type), (V{"3.5", "-3.5", "null"}));
  EXPECT_EQ(type, DataType::kFloat64);
  EXPECT_EQ(Values(t, "a % b", &type), (V{"1", "-1", "null"}));
  EXPECT_EQ(type, DataType::kInt64);
  EXPECT_EQ(Values(t, "f % 1", &type), (V{"0.5", "0.5", "0"}));
  EXPECT_EQ(Values(t, "a / 0.0"), (V{"null", "null", "null"}));
  EXPECT_EQ(Values(t, "0 / (b - b)"), (V{"null", "null", "null"}));
  EXPECT_EQ(Values(t, "-a"), (V{"-7", "7", "-4"}));
  EXPECT_EQ(Values(t, "2 - a"), (V{"-5", "9", "-2"}));
  EXPECT_EQ(Values(t, "(a > 0) + (b > 0)", &type), (V{"2", "1", "1"}));
  EXPECT_EQ(type, DataType::kInt64);
}

TEST(ExprEvalTest, IntegerOverflowIsNull) {
  const int64_t max = std::numeric_limits<int64_t>::max();
  const int64_t min = std::numeric_limits<int64_t>::min();
  Table t = MakeTable({Ints("a", {max, min, 5}), Ints("b", {1, 1, 1})});
  EXPECT_EQ(Values(t, "a + b"), (V{"null", std::to_string(min + 1), "6"}));
  EXPECT_EQ(Values(t, "a - b"), (V{std::to_string(max - 1), "null", "4"}));
  EXPECT_EQ(Values(t, "a * 2"), (V{"null", "null", "10"}));
  EXPECT_EQ(Values(t, "-a"), (V{std::to_string(-max), "null", "-5"}));
  EXPECT_EQ(Values(t, "abs(a)"), (V{std::to_string(max), "null", "5"}));
  EXPECT_EQ(Values(t, "a % -1"), (V{"0", "0", "0"}));
  // Float arithmetic does not overflow into null.
  EXPECT_EQ(Values(t, "a * 2.0")[2], "10");
}

TEST(ExprEvalTest, MathFunctionsAndUndefinedResults) {
  Table t = MakeTable({Floats("x", {std::exp(1.0), 0, -1, 4}), Ints("i", {1234, 1250, -1250, 7})});
  auto logs = EvalExpr(t, "log(x)");
  ASSERT_TRUE(logs.ok());
  EXPECT_NEAR(logs->DoubleAt(0), 1.0, 1e-15);
  EXPECT_TRUE(logs->IsNull(1));
  EXPECT_TRUE(logs->IsNull(2));
  EXPECT_NEAR(logs->DoubleAt(3), std::log(4.0), 1e-15);
  EXPECT_EQ(Values(t, "log(0)")[0], "null");
  EXPECT_EQ(Values(t, "log10(100)")[0], "2");
  EXPECT_EQ(Values(t, "sqrt(x)")[2], "null");
  EXPECT_EQ(Values(t, "sqrt(x)")[3], "2");
  EXPECT_EQ(Values(t, "sqrt(0)")[0], "0");
  EXPECT_EQ(Values(t, "pow(x, 0.5)")[2], "null");
  EXPECT_EQ(Values(t, "pow(2, 10)")[0], "1024");
  EXPECT_EQ(Values(t, "exp(0)")[0], "1");
  EXPECT_EQ(Values(t, "abs(-2.5)")[0], "2.5");
  DataType type;
  EXPECT_EQ(Values(t, "round(i, -2)", &type), (V{"1200", "1300", "-1300", "0"}));
  EXPECT_EQ(type, DataType::kInt64);
  EXPECT_EQ(Values(t, "round(i)"), (V{"1234", "1250", "-1250", "7"}));
  EXPECT_EQ(Values(t, "round(2.5)")[0], "3");
  EXPECT_EQ(Values(t, "round(-2.5)")[0], "-3");
  EXPECT_EQ(Values(t, "round(3.14159, 2)")[0], "3.14");
  EXPECT_EQ(Values(t, "floor(-1.5)")[0], "-2");
  EXPECT_EQ(Values(t, "ceil(1.2)")[0], "2");
  EXPECT_EQ(Values(t, "floor(i)", &type)[0], "1234");
  EXPECT_EQ(type, DataType::kInt64);
  EXPECT_EQ(Values(t, "min(i, 1250, 2000)"), (V{"1234", "1250", "-1250", "7"}));
  EXPECT_EQ(Values(t, "max(i, 1.5)", &type), (V{"1234", "1250", "1.5", "7"}));
  EXPECT_EQ(type, DataType::kFloat64);
}

TEST(ExprEvalTest, ComparisonsMixIntAndFloat) {
  Table t = MakeTable({Ints("a", {1, 2, std::nullopt}), Floats("f", {1.0, 2.5, 3})});
  DataType type;
  EXPECT_EQ(Values(t, "a = f", &type), (V{"true", "false", "null"}));
  EXPECT_EQ(type, DataType::kBool);
  EXPECT_EQ(Values(t, "a < f"), (V{"false", "true", "null"}));
  EXPECT_EQ(Values(t, "2 >= a"), (V{"true", "true", "null"}));
  EXPECT_EQ(Values(t, "a = null"), (V{"null", "null", "null"}));
}

// --- nulls and logic ----------------------------------------------------------------------------

TEST(ExprEvalTest, NullsPropagateThroughArithmetic) {
  Table t = MakeTable({Ints("a", {1, std::nullopt, 3}), Floats("f", {std::nullopt, 2, 3})});
  EXPECT_EQ(Values(t, "a + f"), (V{"null", "null", "6"}));
  EXPECT_EQ(Values(t, "a * 2"), (V{"2", "null", "6"}));
  auto logs = EvalExpr(t, "log(f)");
  ASSERT_TRUE(logs.ok());
  EXPECT_TRUE(logs->IsNull(0));
  EXPECT_DOUBLE_EQ(logs->DoubleAt(1), std::log(2.0));
  EXPECT_DOUBLE_EQ(logs->DoubleAt(2), std::log(3.0));
  EXPECT_EQ(Values(t, "a + null"), (V{"null", "null", "null"}));
  EXPECT_EQ(Values(t, "coalesce(a, f, -1)"), (V{"1", "2", "3"}));
  EXPECT_EQ(Values(t, "coalesce(f, 0)"), (V{"0", "2", "3"}));
  EXPECT_EQ(Values(t, "a is null"), (V{"false", "true", "false"}));
  EXPECT_EQ(Values(t, "a is not null"), (V{"true", "false", "true"}));
  EXPECT_EQ(Values(t, "min(a, 2)"), (V{"1", "null", "2"}));
}

TEST(ExprEvalTest, ThreeValuedLogic) {
  // p and q take every combination of true, false, null.
  std::vector<std::optional<bool>> p, q;
  const std::optional<bool> vals[] = {true, false, std::nullopt};
  for (auto a : vals) {
    for (auto b : vals) {
      p.push_back(a);
      q.push_back(b);
    }
  }
  Table t = MakeTable({Bools("p", p), Bools("q", q)});
  // Rows: TT TF TN FT FF FN NT NF NN
  EXPECT_EQ(Values(t, "p and q"),
            (V{"true", "false", "null", "false", "false", "false", "null", "false", "null"}));
  EXPECT_EQ(Values(t, "p or q"),
            (V{"true", "true", "true", "true", "false", "null", "true", "null", "null"}));
  EXPECT_EQ(Values(t, "not p"),
            (V{"false", "false", "false", "true", "true", "true", "null", "null", "null"}));
  EXPECT_EQ(Values(t, "p and null"),
            (V{"null", "null", "null", "false", "false", "false", "null", "null", "null"}));
  EXPECT_EQ(Values(t, "p or true")[8], "true");
  EXPECT_EQ(Values(t, "false and q")[8], "false");
  // A filter keeps only the rows where the condition is true.
  auto e = Expression::Parse("p or q");
  ASSERT_TRUE(e.ok());
  auto rows = e->TrueRows(t);
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(*rows, (std::vector<uint32_t>{0, 1, 2, 3, 6}));
}

TEST(ExprEvalTest, InAndBetween) {
  Table t = MakeTable({Ints("a", {1, 2, 3, std::nullopt}), Floats("f", {0.5, 1.5, 2.5, 3.5}),
                       Strings("s", {"x", "y", "z", std::nullopt}, DataType::kCategorical)});
  EXPECT_EQ(Values(t, "a in (1, 3)"), (V{"true", "false", "true", "null"}));
  EXPECT_EQ(Values(t, "a not in (1, 3)"), (V{"false", "true", "false", "null"}));
  EXPECT_EQ(Values(t, "a in (1, null)"), (V{"true", "null", "null", "null"}));
  EXPECT_EQ(Values(t, "a not in (1, null)"), (V{"false", "null", "null", "null"}));
  EXPECT_EQ(Values(t, "a in (2.0, 7.5)"), (V{"false", "true", "false", "null"}));
  EXPECT_EQ(Values(t, "f in (1.5, -2)"), (V{"false", "true", "false", "false"}));
  EXPECT_EQ(Values(t, "s in ('x', 'z')"), (V{"true", "false", "true", "null"}));
  EXPECT_EQ(Values(t, "s in ('a','b','c','d','e','f','g','h','i','y')"),
            (V{"false", "true", "false", "null"}));
  EXPECT_EQ(Values(t, "a between 2 and 3"), (V{"false", "true", "true", "null"}));
  EXPECT_EQ(Values(t, "a not between 2 and 3"), (V{"true", "false", "false", "null"}));
  // 3.5 between null and 2.5: (null and false) is false.
  EXPECT_EQ(Values(t, "f between a and 2.5"), (V{"false", "false", "false", "false"}));
  EXPECT_EQ(Values(t, "f between a and 9"), (V{"false", "false", "false", "null"}));
  EXPECT_EQ(Values(t, "f between 1 and a + 1"), (V{"false", "true", "true", "null"}));
  Status s = RunError(t, "a in ('x', 'y')");
  EXPECT_EQ(s.details().value("position", 0), 2);
}

// --- text ---------------------------------------------------------------------------------------

// Runs the same checks on a text column and on a categorical one.
class ExprTextTest : public ::testing::TestWithParam<DataType> {};

TEST_P(ExprTextTest, StringFunctions) {
  Table t = MakeTable({Strings("s", {"Paris", "  lyon ", "héllo", std::nullopt, "Paris"},
                               GetParam()),
                       Strings("o", {"a", "b", "c", "d", "e"})});
  EXPECT_EQ(Values(t, "s = 'Paris'"), (V{"true", "false", "false", "null", "true"}));
  EXPECT_EQ(Values(t, "'Paris' = s"), (V{"true", "false", "false", "null", "true"}));
  EXPECT_EQ(Values(t, "s < 'M'"), (V{"false", "true", "false", "null", "false"}));
  EXPECT_EQ(Values(t, "'M' > s"), (V{"false", "true", "false", "null", "false"}));
  EXPECT_EQ(Values(t, "s != o"), (V{"true", "true", "true", "null", "true"}));
  EXPECT_EQ(Values(t, "lower(s)"), (V{"paris", "  lyon ", "héllo", "null", "paris"}));
  EXPECT_EQ(Values(t, "upper(s)"), (V{"PARIS", "  LYON ", "HéLLO", "null", "PARIS"}));
  EXPECT_EQ(Values(t, "trim(s)"), (V{"Paris", "lyon", "héllo", "null", "Paris"}));
  EXPECT_EQ(Values(t, "length(s)"), (V{"5", "7", "5", "null", "5"}));
  EXPECT_EQ(Values(t, "substr(s, 2, 3)"), (V{"ari", " ly", "éll", "null", "ari"}));
  EXPECT_EQ(Values(t, "substr(s, 4)"), (V{"is", "yon ", "lo", "null", "is"}));
  EXPECT_EQ(Values(t, "substr(s, 0, 2)"), (V{"Pa", "  ", "hé", "null", "Pa"}));
  EXPECT_EQ(Values(t, "substr(s, length(s), 1)"), (V{"s", " ", "o", "null", "s"}));
  EXPECT_EQ(Values(t, "s contains 'ar'"), (V{"true", "false", "false", "null", "true"}));
  EXPECT_EQ(Values(t, "s not contains 'ar'"), (V{"false", "true", "true", "null", "false"}));
  EXPECT_EQ(Values(t, "contains(s, o)"), (V{"true", "false", "false", "null", "false"}));
  EXPECT_EQ(Values(t, "starts_with(s, 'P')"), (V{"true", "false", "false", "null", "true"}));
  EXPECT_EQ(Values(t, "s ends_with 'lo'"), (V{"false", "false", "true", "null", "false"}));
  EXPECT_EQ(Values(t, "matches(s, '^[A-Z][a-z]+$')"),
            (V{"true", "false", "false", "null", "true"}));
  EXPECT_EQ(Values(t, "s matches 'l+o'"), (V{"false", "false", "true", "null", "false"}));
  EXPECT_EQ(Values(t, "concat(s, '-', o)"), (V{"Paris-a", "  lyon -b", "héllo-c", "-d", "Paris-e"}));
  EXPECT_EQ(Values(t, "s || '-' || o"), (V{"Paris-a", "  lyon -b", "héllo-c", "null", "Paris-e"}));
  EXPECT_EQ(Values(t, "coalesce(s, o)"), (V{"Paris", "  lyon ", "héllo", "d", "Paris"}));
  EXPECT_EQ(Values(t, "min(s, o)"), (V{"Paris", "  lyon ", "c", "null", "Paris"}));
  EXPECT_EQ(Values(t, "to_number(s)")[0], "null");
}

INSTANTIATE_TEST_SUITE_P(TextAndCategorical, ExprTextTest,
                         ::testing::Values(DataType::kText, DataType::kCategorical));

TEST(ExprEvalTest, TextResultTypes) {
  std::vector<std::optional<int64_t>> xs;
  std::vector<std::optional<std::string>> cities;
  for (int i = 0; i < 200; ++i) {
    xs.push_back(i % 3 - 1);
    cities.push_back(i % 2 ? "Paris" : "PARIS");
  }
  Table t = MakeTable({Ints("x", xs), Strings("city", cities, DataType::kCategorical),
                       Strings("id", std::vector<std::optional<std::string>>(200, "k"))});
  auto c = EvalExpr(t, "if(x > 0, 'pos', 'neg')");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->type, DataType::kCategorical);
  EXPECT_EQ(c->dictionary.size(), 2u);
  c = EvalExpr(t, "lower(city)");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->type, DataType::kCategorical);
  EXPECT_EQ(c->dictionary, (std::vector<std::string>{"paris"}));
  c = EvalExpr(t, "id || to_text(x * 1000 + 7)");  // few distinct over 200 rows: still categorical
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->type, DataType::kCategorical);
  std::vector<std::optional<std::string>> unique;
  for (int i = 0; i < 200; ++i) unique.push_back("v" + std::to_string(i));
  Table u = MakeTable({Strings("s", unique)});
  c = EvalExpr(u, "upper(s)");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->type, DataType::kText);
  EXPECT_EQ(c->ToString(199), "V199");
}

TEST(ExprEvalTest, ToTextAndToNumber) {
  Table t = MakeTable({Strings("s", {" 12.5", "abc", "1e3", std::nullopt}),
                       Ints("i", {1, 2, 3, 4}), Bools("b", {true, false, true, false})});
  DataType type;
  EXPECT_EQ(Values(t, "to_number(s)", &type), (V{"12.5", "null", "1000", "null"}));
  EXPECT_EQ(type, DataType::kFloat64);
  EXPECT_EQ(Values(t, "to_text(i) || ':' || to_text(b) || ':' || to_text(i / 4)"),
            (V{"1:true:0.25", "2:false:0.5", "3:true:0.75", "4:false:1"}));
}

// --- dates --------------------------------------------------------------------------------------

TEST(ExprEvalTest, DatesArithmeticPartsAndLiterals) {
  Table t = MakeTable({Dates("d", {"2024-01-01", "2024-03-01", std::nullopt}),
                       Dates("e", {"2023-12-25", "2024-02-28", "2024-01-01"}),
                       Strings("s", {"2024-02-29", "2024-02-30", "x"})});
  DataType type;
  EXPECT_EQ(Values(t, "d - e", &type), (V{"7", "2", "null"}));
  EXPECT_EQ(type, DataType::kInt64);
  EXPECT_EQ(Values(t, "date_diff(d, e)"), (V{"7", "2", "null"}));
  EXPECT_EQ(Values(t, "date_diff(e, '2024-01-01')"), (V{"-7", "58", "0"}));
  EXPECT_EQ(Values(t, "d + 31", &type), (V{"2024-02-01", "2024-04-01", "null"}));
  EXPECT_EQ(type, DataType::kDate);
  EXPECT_EQ(Values(t, "d - 1"), (V{"2023-12-31", "2024-02-29", "null"}));
  EXPECT_EQ(Values(t, "d > '2024-02-01'"), (V{"false", "true", "null"}));
  EXPECT_EQ(Values(t, "'2024-02-01' > d"), (V{"true", "false", "null"}));
  EXPECT_EQ(Values(t, "e between '2024-01-01' and '2024-12-31'"), (V{"false", "true", "true"}));
  EXPECT_EQ(Values(t, "e in ('2024-01-01', '2023-12-25')"), (V{"true", "false", "true"}));
  EXPECT_EQ(Values(t, "year(e)"), (V{"2023", "2024", "2024"}));
  EXPECT_EQ(Values(t, "month(e)"), (V{"12", "2", "1"}));
  EXPECT_EQ(Values(t, "day(e)"), (V{"25", "28", "1"}));
  EXPECT_EQ(Values(t, "weekday(e)"), (V{"0", "2", "0"}));  // Mon, Wed, Mon
  EXPECT_EQ(Values(t, "to_date(s)", &type), (V{"2024-02-29", "null", "null"}));
  EXPECT_EQ(type, DataType::kDate);
  EXPECT_EQ(Values(t, "coalesce(d, '1999-01-01')"), (V{"2024-01-01", "2024-03-01", "1999-01-01"}));
  EXPECT_EQ(Values(t, "max(d, e)"), (V{"2024-01-01", "2024-03-01", "null"}));

  Status bad = RunError(t, "d > '2024-13-01'");
  EXPECT_NE(bad.message().find("'2024-13-01' is not a valid date"), std::string::npos);
  EXPECT_EQ(bad.details().value("position", 0), 4);
  bad = RunError(t, "d + e");
  EXPECT_NE(bad.message().find("cannot combine date and date"), std::string::npos);
  bad = RunError(t, "d = s");
  EXPECT_NE(bad.message().find("cannot compare"), std::string::npos);
  EXPECT_EQ(bad.details().value("position", 0), 2);
}

TEST(ExprEvalTest, DateTimes) {
  Table t = MakeTable({DateTimes("t", {"2024-01-01T13:45:30", "2023-12-31T23:59:59"}),
                       Dates("d", {"2024-01-01", "2024-01-01"})});
  EXPECT_EQ(Values(t, "hour(t)"), (V{"13", "23"}));
  EXPECT_EQ(Values(t, "minute(t)"), (V{"45", "59"}));
  EXPECT_EQ(Values(t, "second(t)"), (V{"30", "59"}));
  EXPECT_EQ(Values(t, "day(t)"), (V{"1", "31"}));
  EXPECT_EQ(Values(t, "t > d"), (V{"true", "false"}));
  EXPECT_EQ(Values(t, "t >= '2024-01-01 12:00:00'"), (V{"true", "false"}));
  EXPECT_EQ(Values(t, "date_diff(d, t)"), (V{"0", "1"}));
  auto c = EvalExpr(t, "t - d");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->type, DataType::kFloat64);
  EXPECT_NEAR(c->DoubleAt(0), 13.0 / 24 + 45.0 / 1440 + 30.0 / 86400, 1e-12);
  EXPECT_NEAR(c->DoubleAt(1), -1.0 / 86400, 1e-12);
  EXPECT_EQ(Values(t, "to_date(t)"), (V{"2024-01-01", "2023-12-31"}));
  EXPECT_EQ(Values(t, "to_text(t)"), (V{"2024-01-01T13:45:30", "2023-12-31T23:59:59"}));
}

// --- conditionals -------------------------------------------------------------------------------

TEST(ExprEvalTest, IfAndCase) {
  Table t = MakeTable({Ints("x", {5, -3, 0, std::nullopt})});
  DataType type;
  EXPECT_EQ(Values(t, "if(x > 0, 'pos', 'neg')"), (V{"pos", "neg", "neg", "neg"}));
  EXPECT_EQ(Values(t, "case when x > 0 then 1 when x < 0 then -1 else 0 end", &type),
            (V{"1", "-1", "0", "0"}));
  EXPECT_EQ(type, DataType::kInt64);
  EXPECT_EQ(Values(t, "case when x > 0 then 1 end"), (V{"1", "null", "null", "null"}));
  // The first matching branch wins.
  EXPECT_EQ(Values(t, "case when x > 1 then 'a' when x > 0 then 'b' else 'c' end"),
            (V{"a", "c", "c", "c"}));
  EXPECT_EQ(Values(t, "case when x is null then 'missing' else 'ok' end"),
            (V{"ok", "ok", "ok", "missing"}));
  EXPECT_EQ(Values(t, "if(x > 0, x, 0.5)", &type), (V{"5", "0.5", "0.5", "0.5"}));
  EXPECT_EQ(type, DataType::kFloat64);
  EXPECT_EQ(Values(t, "if(x > 0, x, null)"), (V{"5", "null", "null", "null"}));
  EXPECT_EQ(Values(t, "if(x > 0, x / 0, x)"), (V{"null", "-3", "0", "null"}));
  EXPECT_EQ(Values(t, "if(true, 1, 2)"), (V{"1", "1", "1", "1"}));
  Status s = RunError(t, "if(x > 0, 'a', 1)");
  EXPECT_NE(s.message().find("if() branches have different types (int64 and text)"),
            std::string::npos);
  s = RunError(t, "case when x then 1 end");
  EXPECT_NE(s.message().find("'when' expects a condition"), std::string::npos);
  EXPECT_EQ(s.details().value("position", 0), 10);
}

// --- errors -------------------------------------------------------------------------------------

TEST(ExprEvalTest, TypeErrorsNameThePosition) {
  Table t = MakeTable({Ints("a", {1}), Strings("s", {"x"})});
  Status s = RunError(t, "'abc' + 1");
  EXPECT_EQ(s.message(), "operator '+' expects numbers, got text and int64 at position 6");
  EXPECT_EQ(s.details().value("position", 0), 6);
  EXPECT_EQ(s.details().value("expression", ""), "'abc' + 1");
  s = RunError(t, "a + nope * 2");
  EXPECT_NE(s.message().find("unknown column 'nope' at position 4"), std::string::npos);
  EXPECT_EQ(s.details().value("column", ""), "nope");
  EXPECT_EQ(s.details().value("position", 0), 4);
  s = RunError(t, "a and true");
  EXPECT_NE(s.message().find("'and' expects a condition (true/false), got int64"),
            std::string::npos);
  s = RunError(t, "lower(a)");
  EXPECT_NE(s.message().find("lower() expects text, got int64"), std::string::npos);
  EXPECT_EQ(s.details().value("position", 0), 6);
  s = RunError(t, "year(a)");
  EXPECT_NE(s.message().find("expects a date"), std::string::npos);
  s = RunError(t, "s > 1");
  EXPECT_NE(s.message().find("cannot compare"), std::string::npos);
  auto e = Expression::Parse("a + 1");
  ASSERT_TRUE(e.ok());
  auto rows = e->TrueRows(t);
  ASSERT_FALSE(rows.ok());
  EXPECT_NE(rows.status().message().find("not true/false"), std::string::npos);
}

TEST(ExprEvalTest, ResultTypeChecksWithoutRows) {
  Table t = MakeTable({Ints("a", {}), Floats("f", {}), Strings("s", {})});
  auto e = Expression::Parse("a * 2");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(*e->ResultType(t), DataType::kInt64);
  EXPECT_EQ(*Expression::Parse("a + f")->ResultType(t), DataType::kFloat64);
  EXPECT_EQ(*Expression::Parse("s || 'x'")->ResultType(t), DataType::kText);
  EXPECT_FALSE(Expression::Parse("zz")->ResultType(t).ok());
  auto c = EvalExpr(t, "a + f");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->size(), 0u);
}

TEST(ExprEvalTest, ConstantExpressionFillsEveryRow) {
  Table t = MakeTable({Ints("a", {1, 2, 3})});
  EXPECT_EQ(Values(t, "1 + 2"), (V{"3", "3", "3"}));
  EXPECT_EQ(Values(t, "'x' || 'y'"), (V{"xy", "xy", "xy"}));
  EXPECT_EQ(Values(t, "null"), (V{"null", "null", "null"}));
  auto e = Expression::Parse("1 > 2");
  ASSERT_TRUE(e.ok());
  EXPECT_TRUE(e->TrueRows(t)->empty());
  EXPECT_EQ(Expression::Parse("1 < 2")->TrueRows(t)->size(), 3u);
}

// --- vectorised kernels against a per-row reference -------------------------------------------

TEST(ExprEvalTest, RandomizedAgainstRowByRowReference) {
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<int64_t> ints(-50, 50);
  std::uniform_real_distribution<double> reals(-5, 5);
  const size_t n = 5000;
  std::vector<std::optional<int64_t>> a, b;
  std::vector<std::optional<double>> f;
  std::vector<std::optional<std::string>> s;
  const char* words[] = {"red", "green", "blue", "Red"};
  for (size_t i = 0; i < n; ++i) {
    a.push_back(rng() % 10 == 0 ? std::nullopt : std::optional<int64_t>(ints(rng)));
    b.push_back(ints(rng));
    f.push_back(rng() % 7 == 0 ? std::nullopt : std::optional<double>(reals(rng)));
    s.push_back(rng() % 9 == 0 ? std::nullopt : std::optional<std::string>(words[rng() % 4]));
  }
  Table t = MakeTable({Ints("a", a), Ints("b", b), Floats("f", f),
                       Strings("s", s, DataType::kCategorical)});

  auto c1 = EvalExpr(t, "a * b - 3 + a % 7");
  auto c2 = EvalExpr(t, "(a + f) / b");
  auto c3 = EvalExpr(t, "a > b and f < 0.5 or s = 'red'");
  auto c4 = EvalExpr(t, "if(lower(s) = 'red', a, b * 2)");
  ASSERT_TRUE(c1.ok() && c2.ok() && c3.ok() && c4.ok());
  for (size_t i = 0; i < n; ++i) {
    // c1
    if (!a[i]) {
      EXPECT_TRUE(c1->IsNull(i));
    } else {
      ASSERT_FALSE(c1->IsNull(i));
      EXPECT_EQ(c1->IntAt(i), *a[i] * *b[i] - 3 + *a[i] % 7) << i;
    }
    // c2
    if (!a[i] || !f[i] || *b[i] == 0) {
      EXPECT_TRUE(c2->IsNull(i)) << i;
    } else {
      ASSERT_FALSE(c2->IsNull(i));
      EXPECT_DOUBLE_EQ(c2->DoubleAt(i), (static_cast<double>(*a[i]) + *f[i]) / *b[i]) << i;
    }
    // c3: (a > b and f < 0.5) or s = 'red', three-valued
    std::optional<bool> gt = a[i] ? std::optional<bool>(*a[i] > *b[i]) : std::nullopt;
    std::optional<bool> lt = f[i] ? std::optional<bool>(*f[i] < 0.5) : std::nullopt;
    std::optional<bool> conj;
    if ((gt && !*gt) || (lt && !*lt)) {
      conj = false;
    } else if (gt && lt) {
      conj = true;
    }
    std::optional<bool> eq = s[i] ? std::optional<bool>(*s[i] == "red") : std::nullopt;
    std::optional<bool> disj;
    if ((conj && *conj) || (eq && *eq)) {
      disj = true;
    } else if (conj && eq) {
      disj = false;
    }
    ASSERT_EQ(c3->IsNull(i), !disj.has_value()) << i;
    if (disj) {
      EXPECT_EQ(c3->BoolAt(i), *disj) << i;
    }
    // c4
    const bool is_red = s[i] && (*s[i] == "red" || *s[i] == "Red");
    if (is_red) {
      ASSERT_EQ(c4->IsNull(i), !a[i].has_value()) << i;
      if (a[i]) {
        EXPECT_EQ(c4->IntAt(i), *a[i]);
      }
    } else {
      ASSERT_FALSE(c4->IsNull(i));
      EXPECT_EQ(c4->IntAt(i), *b[i] * 2);
    }
  }
}

}  // namespace
}  // namespace lathe::prep
