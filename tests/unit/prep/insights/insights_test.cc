// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
// End-to-end insights reports: planted leakage, disguised zeros (generated and the Pima data),
// duplicates, the quick model against its baseline, determinism, sampling and edge cases.
#include "prep/insights.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "data/csv_reader.h"
#include "data/table.h"

namespace lathe::prep {
namespace {

using data::Column;
using data::DataType;
using nlohmann::json;

// Helpers ---------------------------------------------------------------------------------

data::Table MakeTable(std::vector<Column> columns) {
  data::Table t;
  for (Column& c : columns) EXPECT_TRUE(t.AddColumn(std::move(c)).ok());
  return t;
}

Column Doubles(const std::string& name, const std::vector<double>& values) {
  Column c = Column::Make(name, DataType::kFloat64);
  for (double v : values) c.AppendDouble(v);
  return c;
}

Column Ints(const std::string& name, const std::vector<int64_t>& values) {
  Column c = Column::Make(name, DataType::kInt64);
  for (int64_t v : values) c.AppendInt(v);
  return c;
}

Column Strings(const std::string& name, const std::vector<std::string>& values,
               DataType type = DataType::kCategorical) {
  Column c = Column::Make(name, type);
  for (const std::string& v : values) c.AppendString(v);
  return c;
}

json Report(const data::Table& t, InsightsOptions o) {
  Result<json> r = ComputeInsights(t, o);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : json();
}

json Insights(const data::Table& t, std::optional<std::string> target) {
  InsightsOptions o;
  o.target = std::move(target);
  return Report(t, o);
}

const json* ColumnEntry(const json& report, const std::string& name) {
  for (const json& c : report["columns"]) {
    if (c["name"] == name) return &c;
  }
  return nullptr;
}

bool HasIssue(const json& report, const std::string& column, const std::string& kind) {
  const json* c = ColumnEntry(report, column);
  if (c == nullptr) return false;
  for (const json& issue : (*c)["issues"]) {
    if (issue["kind"] == kind) return true;
  }
  return false;
}

bool HasWarning(const json& report, const std::string& kind) {
  for (const json& w : report["warnings"]) {
    if (w["kind"] == kind) return true;
  }
  return false;
}

std::vector<std::string> LeakedColumns(const json& report) {
  std::vector<std::string> out;
  for (const json& l : report["leakage"]) out.push_back(l["column"]);
  return out;
}

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// A classification set: y = [x1 + 0.5 x2 + noise > 0]; two planted leaks (a copy of y with 1 %
// of labels flipped, and a score that separates the classes) next to honest features.
data::Table ClassificationWithLeaks(size_t rows, uint64_t seed) {
  std::mt19937_64 gen(seed);
  std::normal_distribution<double> normal(0, 1);
  std::uniform_real_distribution<double> unit(0, 1);
  std::vector<double> x1, x2, score, noise;
  std::vector<std::string> color, y, copy;
  for (size_t row = 0; row < rows; ++row) {
    const double a = normal(gen), b = normal(gen);
    const bool positive = a + 0.5 * b + normal(gen) > 0;
    x1.push_back(a);
    x2.push_back(b);
    noise.push_back(normal(gen));
    color.push_back(std::string(1, static_cast<char>('a' + gen() % 4)));
    y.push_back(positive ? "yes" : "no");
    const bool flip = unit(gen) < 0.01;
    copy.push_back((positive != flip) ? "Y" : "N");
    score.push_back((positive ? 10.0 : 0.0) + normal(gen));
  }
  return MakeTable({Doubles("x1", x1), Doubles("x2", x2), Doubles("noise", noise),
                    Strings("color", color), Strings("label_copy", copy),
                    Doubles("outcome_score", score), Strings("y", y)});
}

// Tests -----------------------------------------------------------------------------------

TEST(InsightsTest, FlagsPlantedLeakageColumnsButNotHonestFeatures) {
  const json r = Insights(ClassificationWithLeaks(4000, 11), "y");
  EXPECT_EQ(r["target"]["problem_type"], "classification");
  const std::vector<std::string> leaked = LeakedColumns(r);
  EXPECT_TRUE(Contains(leaked, "label_copy")) << r["leakage"].dump();
  EXPECT_TRUE(Contains(leaked, "outcome_score")) << r["leakage"].dump();
  for (const char* honest : {"x1", "x2", "noise", "color"}) {
    EXPECT_FALSE(Contains(leaked, honest)) << honest;
  }
  for (const json& l : r["leakage"]) {
    EXPECT_EQ(l["severity"], "high");
    EXPECT_GE(l["score"].get<double>(), 0.98);
    EXPECT_NE(l["message"].get<std::string>().find(l["column"].get<std::string>()),
              std::string::npos);
  }
  EXPECT_TRUE(HasWarning(r, "target_leakage"));
  // Sorted by prediction power: the leaks first, x1 ahead of pure noise.
  const json& ft = r["feature_target"];
  ASSERT_EQ(ft.size(), 6u);
  EXPECT_TRUE(Contains(leaked, ft[0]["column"].get<std::string>()));
  double last = 2;
  size_t x1_at = 0, noise_at = 0;
  for (size_t idx = 0; idx < ft.size(); ++idx) {
    const double p = ft[idx]["prediction_power"]["value"];
    EXPECT_LE(p, last);
    last = p;
    if (ft[idx]["column"] == "x1") x1_at = idx;
    if (ft[idx]["column"] == "noise") noise_at = idx;
  }
  EXPECT_LT(x1_at, noise_at);
  // The quick model leaves the leaks out and still beats the majority class.
  const json& m = r["quick_model"];
  ASSERT_EQ(m["status"], "ok") << m.dump();
  std::vector<std::string> excluded;
  for (const json& e : m["excluded_columns"]) excluded.push_back(e["column"]);
  EXPECT_TRUE(Contains(excluded, "label_copy"));
  EXPECT_GT(m["value"].get<double>(), m["baseline"].get<double>() + 0.15);
}

TEST(InsightsTest, FlagsAnAlmostExactCopyOfARegressionTarget) {
  std::mt19937_64 gen(2);
  std::normal_distribution<double> normal(0, 1);
  std::vector<double> x1, x2, y, leak;
  for (int row = 0; row < 3000; ++row) {
    x1.push_back(normal(gen));
    x2.push_back(normal(gen));
    y.push_back(3 * x1.back() + 2 * x2.back() + 2 * normal(gen));
    leak.push_back(y.back() + 0.05 * normal(gen));
  }
  const json r = Insights(MakeTable({Doubles("x1", x1), Doubles("x2", x2), Doubles("leak", leak),
                                Doubles("y", y)}),
                     "y");
  EXPECT_EQ(r["target"]["problem_type"], "regression");
  EXPECT_EQ(LeakedColumns(r), std::vector<std::string>{"leak"}) << r["leakage"].dump();
  const json& ft = r["feature_target"];
  EXPECT_EQ(ft[0]["column"], "leak");
  EXPECT_EQ(ft[0]["prediction_power"]["metric"], "r2");
  EXPECT_GT(ft[0]["pearson"].get<double>(), 0.999);
  EXPECT_GT(ft[1]["spearman"].get<double>(), 0.5);  // x1: r about 0.77
  const json& m = r["quick_model"];
  ASSERT_EQ(m["status"], "ok");
  EXPECT_EQ(m["metric"], "r2");
  EXPECT_GT(m["value"].get<double>(), 0.7);  // 13 / 17 of the variance is explainable
  EXPECT_LT(m["baseline"].get<double>(), 0.01);
  EXPECT_EQ(m["top_features"][0]["column"], "x1");
}

TEST(InsightsTest, QuickModelBeatsTheMajorityBaselineOnSeparableData) {
  std::mt19937_64 gen(9);
  std::normal_distribution<double> normal(0, 1);
  std::vector<double> a, b;
  std::vector<std::string> y, group;
  for (int row = 0; row < 1500; ++row) {
    const int cls = row % 3 == 0 ? 1 : 0;  // 1:2 imbalance
    a.push_back(normal(gen) + 2.5 * cls);  // separable together, neither alone (no "leak")
    b.push_back(normal(gen) - 1.5 * cls);
    group.push_back(row % 2 ? "g1" : "g2");
    y.push_back(cls ? "spam" : "ham");
  }
  const json r = Insights(MakeTable({Doubles("a", a), Doubles("b", b), Strings("group", group),
                                Strings("label", y)}),
                     "label");
  const json& m = r["quick_model"];
  ASSERT_EQ(m["status"], "ok") << m.dump();
  EXPECT_EQ(m["metric"], "balanced_accuracy");
  EXPECT_TRUE(r["leakage"].empty()) << r["leakage"].dump();
  EXPECT_GT(m["value"].get<double>(), 0.88);
  EXPECT_DOUBLE_EQ(m["baseline"].get<double>(), 0.5);
  EXPECT_GT(m["metrics"]["accuracy"].get<double>(),
            m["baseline_metrics"]["accuracy"].get<double>() + 0.2);
  EXPECT_EQ(m["train_rows"].get<size_t>() + m["test_rows"].get<size_t>(), 1500u);
  EXPECT_EQ(m["test_rows"], 450);
  EXPECT_EQ(m["top_features"][0]["column"], "a");
  EXPECT_EQ(r["target"]["classes"][0]["value"], "ham");
  EXPECT_EQ(r["target"]["classes"][0]["count"], 1000);
  EXPECT_NEAR(r["target"]["imbalance_ratio"].get<double>(), 2.0, 1e-12);
}

TEST(InsightsTest, FlagsDisguisedZerosInGeneratedMeasurements) {
  std::mt19937_64 gen(4);
  std::normal_distribution<double> pressure(72, 12);
  std::vector<double> bp;
  std::vector<int64_t> children;
  for (int row = 0; row < 800; ++row) {
    bp.push_back(row % 25 == 0 ? 0 : std::round(std::max(30.0, pressure(gen))));
    children.push_back(row % 5);
  }
  const json r = Insights(MakeTable({Doubles("blood_pressure", bp), Ints("children", children)}),
                     std::nullopt);
  EXPECT_TRUE(HasIssue(r, "blood_pressure", "disguised_missing"));
  EXPECT_FALSE(HasIssue(r, "children", "disguised_missing"));
}

TEST(InsightsTest, FlagsDisguisedZerosOfThePimaDataset) {
  data::CsvOptions csv;
  Result<data::Table> t =
      data::ReadCsvFile(std::string(LATHE_SOURCE_DIR) + "/tests/data/pima_indians_diabetes.csv", csv);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_EQ(t->num_rows(), 768u);
  const json r = Insights(*t, "diabetes");
  for (const char* c : {"glucose", "pressure", "triceps", "insulin", "mass"}) {
    EXPECT_TRUE(HasIssue(r, c, "disguised_missing")) << c;
  }
  EXPECT_FALSE(HasIssue(r, "pregnant", "disguised_missing"));
  EXPECT_FALSE(HasIssue(r, "age", "disguised_missing"));
  EXPECT_EQ(r["target"]["problem_type"], "classification");
  EXPECT_EQ(r["target"]["num_classes"], 2);
  EXPECT_TRUE(r["leakage"].empty()) << r["leakage"].dump();
  ASSERT_EQ(r["quick_model"]["status"], "ok");
  EXPECT_GT(r["quick_model"]["value"].get<double>(), 0.65);  // published baselines: ~0.72-0.77
  EXPECT_EQ(r["feature_target"][0]["column"], "glucose");
}

TEST(InsightsTest, SummaryCountsExactDuplicatesAndMissingCells) {
  Column a = Ints("a", {1, 1, 2, 1, 3, 3});
  Column b = Strings("b", {"x", "x", "x", "x", "y", "y"}, DataType::kText);
  Column c = Column::Make("c", DataType::kFloat64);
  for (double v : {0.5, 0.5, 0.5, 0.5, 1.0}) c.AppendDouble(v);
  c.AppendNull();
  const json r = Insights(MakeTable({std::move(a), std::move(b), std::move(c)}), std::nullopt);
  const json& s = r["summary"];
  EXPECT_EQ(s["rows"], 6);
  EXPECT_EQ(s["columns"], 3);
  EXPECT_EQ(s["duplicate_rows"], 2);  // rows 1 and 3 repeat row 0; row 5 differs from 4 in c
  EXPECT_NEAR(s["duplicate_rows_fraction"].get<double>(), 2.0 / 6, 1e-12);
  EXPECT_EQ(s["missing_cells"], 1);
  EXPECT_NEAR(s["missing_cells_fraction"].get<double>(), 1.0 / 18, 1e-12);
  EXPECT_EQ(s["column_types"]["int64"], 1);
  EXPECT_EQ(s["column_types"]["text"], 1);
  EXPECT_GT(s["memory_bytes"].get<size_t>(), 0u);
  EXPECT_TRUE(HasWarning(r, "duplicate_rows"));
}

TEST(InsightsTest, ColumnIssuesCoverIdsConstantsSkewAndNumbersAsText) {
  std::vector<int64_t> ids;
  std::vector<double> skewed, constant, all_null;
  std::vector<std::string> numbers_as_text, codes;
  for (int row = 0; row < 200; ++row) {
    ids.push_back(1000 + row);
    skewed.push_back(std::exp(row / 20.0));
    constant.push_back(7);
    numbers_as_text.push_back(row % 20 == 0 ? "?" : std::to_string(row * 3));
    codes.push_back("u" + std::to_string(row));
  }
  Column nulls = Column::Make("empty", DataType::kFloat64);
  for (int row = 0; row < 200; ++row) nulls.AppendNull();
  const json r = Insights(MakeTable({Ints("id", ids), Doubles("skewed", skewed),
                                Doubles("constant", constant), std::move(nulls),
                                Strings("amount", numbers_as_text),
                                Strings("code", codes, DataType::kText)}),
                     std::nullopt);
  EXPECT_TRUE(HasIssue(r, "id", "id_like"));
  EXPECT_NE((*ColumnEntry(r, "id"))["issues"][0]["message"].get<std::string>().find(
                "consecutive integers 1000..1199"),
            std::string::npos);
  EXPECT_TRUE(HasIssue(r, "code", "id_like"));
  EXPECT_TRUE(HasIssue(r, "skewed", "skew"));
  EXPECT_FALSE(HasIssue(r, "id", "skew"));
  EXPECT_TRUE(HasIssue(r, "constant", "constant"));
  EXPECT_TRUE(HasIssue(r, "empty", "all_missing"));
  EXPECT_TRUE(HasIssue(r, "amount", "numbers_as_text"));
  for (const json& issue : (*ColumnEntry(r, "empty"))["issues"]) {
    if (issue["kind"] == "all_missing") {
      EXPECT_EQ(issue["severity"], "high");
    }
  }
  // No target: the target sections are null / empty.
  EXPECT_TRUE(r["target"].is_null());
  EXPECT_TRUE(r["feature_target"].is_null());
  EXPECT_TRUE(r["leakage"].empty());
  EXPECT_TRUE(r["quick_model"].is_null());
}

TEST(InsightsTest, FlagsRedundantNumericPairs) {
  std::vector<double> a, b, c;
  std::mt19937_64 gen(1);
  std::normal_distribution<double> normal(0, 1);
  for (int row = 0; row < 500; ++row) {
    a.push_back(normal(gen));
    b.push_back(2 * a.back() + 0.1 * normal(gen));
    c.push_back(normal(gen));
  }
  const json r = Insights(MakeTable({Doubles("a", a), Doubles("b", b), Doubles("c", c)}),
                     std::nullopt);
  const json& corr = r["correlations"];
  EXPECT_EQ(corr["columns"].size(), 3u);
  ASSERT_EQ(corr["redundant_pairs"].size(), 1u);
  const json& pair = corr["redundant_pairs"][0];
  EXPECT_TRUE((pair["a"] == "a" && pair["b"] == "b") || (pair["a"] == "b" && pair["b"] == "a"));
  EXPECT_GT(pair["pearson"].get<double>(), 0.99);
  EXPECT_EQ(corr["matrix"][0][0], 1.0);
  EXPECT_TRUE(HasWarning(r, "redundant"));
}

TEST(InsightsTest, SameSeedSameReportAndSamplingIsReported) {
  const data::Table t = ClassificationWithLeaks(1200, 3);
  InsightsOptions o;
  o.target = "y";
  o.max_rows = 500;
  const json first = Report(t, o), second = Report(t, o);
  EXPECT_EQ(first.dump(), second.dump());
  EXPECT_TRUE(first["sampling"]["sampled"]);
  EXPECT_EQ(first["sampling"]["rows_used"], 500);
  EXPECT_EQ(first["summary"]["rows"], 1200);  // the summary uses every row
  EXPECT_EQ(first["quick_model"]["train_rows"].get<size_t>() +
                first["quick_model"]["test_rows"].get<size_t>(),
            500u);
  o.seed = 43;
  EXPECT_NE(Report(t, o).dump(), first.dump());
}

TEST(InsightsTest, EdgeCasesWarnInsteadOfFailing) {
  // Constant target.
  json r = Insights(MakeTable({Doubles("x", {1, 2, 3, 4}), Doubles("y", {5.5, 5.5, 5.5, 5.5})}), "y");
  EXPECT_TRUE(HasWarning(r, "constant_target"));
  EXPECT_EQ(r["quick_model"]["status"], "skipped");
  // A single class.
  r = Insights(MakeTable({Doubles("x", {1, 2, 3}), Strings("y", {"a", "a", "a"})}), "y");
  EXPECT_TRUE(HasWarning(r, "single_class"));
  // One row.
  r = Insights(MakeTable({Doubles("x", {1}), Strings("t", {"hello"}, DataType::kText),
                     Strings("y", {"a"})}),
          "y");
  EXPECT_EQ(r["summary"]["rows"], 1);
  // A target that is always null, and a table with no rows.
  Column y = Column::Make("y", DataType::kCategorical);
  y.AppendNull();
  y.AppendNull();
  r = Insights(MakeTable({Doubles("x", {1, 2}), std::move(y)}), "y");
  EXPECT_TRUE(HasWarning(r, "target_all_missing"));
  r = Insights(MakeTable({Column::Make("x", DataType::kFloat64)}), std::nullopt);
  EXPECT_EQ(r["summary"]["rows"], 0);
}

TEST(InsightsTest, TextColumnsNaNAndInfinities) {
  const double inf = std::numeric_limits<double>::infinity();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> x, weird;
  std::vector<std::string> text, y;
  for (int row = 0; row < 100; ++row) {
    x.push_back(row);
    weird.push_back(row % 10 == 0 ? inf : row % 10 == 1 ? nan : row % 10 == 2 ? -inf : row);
    text.push_back("some words " + std::to_string(row % 7));
    y.push_back(row < 50 ? "a" : "b");
  }
  const json r = Insights(MakeTable({Doubles("x", x), Doubles("weird", weird),
                                Strings("notes", text, DataType::kText), Strings("y", y)}),
                     "y");
  EXPECT_TRUE(HasIssue(r, "weird", "infinite"));
  EXPECT_EQ((*ColumnEntry(r, "weird"))["infinite"], 20);
  EXPECT_TRUE((*ColumnEntry(r, "notes")).contains("length"));
  bool notes_skipped = false;
  for (const json& f : r["feature_target"]) {
    if (f["column"] == "notes") notes_skipped = f["skipped"] == "text column";
  }
  EXPECT_TRUE(notes_skipped);
  // The JSON never holds NaN or infinities (they would not serialise as numbers).
  const std::string dumped = r.dump();
  EXPECT_EQ(dumped.find("NaN"), std::string::npos);
  EXPECT_EQ(dumped.find("Infinity"), std::string::npos);
}

TEST(InsightsTest, ProblemTypeDetectionAndBadOptions) {
  const data::Table t = MakeTable({Doubles("x", {1, 2, 3, 4, 5, 6}), Ints("k", {1, 2, 3, 1, 2, 3}),
                                   Doubles("f", {0.5, 1.5, 2.5, 3.25, 4.5, 5.5}),
                                   Strings("c", {"a", "b", "a", "b", "a", "b"})});
  EXPECT_EQ(Insights(t, "k")["target"]["problem_type"], "classification");
  EXPECT_EQ(Insights(t, "f")["target"]["problem_type"], "regression");
  InsightsOptions o;
  o.target = "k";
  o.problem_type = "regression";
  EXPECT_EQ(Report(t, o)["target"]["problem_type"], "regression");
  o.target = "c";
  Result<json> bad = ComputeInsights(t, o);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("'c'"), std::string::npos);
  o.problem_type = "clustering";
  EXPECT_EQ(ComputeInsights(t, o).status().code(), StatusCode::kInvalidArgument);
  o.problem_type = "auto";
  o.target = "nope";
  Result<json> missing = ComputeInsights(t, o);
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("nope"), std::string::npos);
}

TEST(InsightsTest, HundredThousandByTwentyIsFast) {
  std::mt19937_64 gen(8);
  std::normal_distribution<double> normal(0, 1);
  const size_t rows = 100000;
  std::vector<Column> columns;
  std::vector<std::vector<double>> numeric(15, std::vector<double>(rows));
  for (auto& col : numeric) {
    for (double& v : col) v = normal(gen);
  }
  for (size_t idx = 0; idx < numeric.size(); ++idx) {
    columns.push_back(Doubles("n" + std::to_string(idx), numeric[idx]));
  }
  for (int idx = 0; idx < 4; ++idx) {
    Column c = Column::Make("c" + std::to_string(idx), DataType::kCategorical);
    for (size_t row = 0; row < rows; ++row) c.AppendString("v" + std::to_string(gen() % 12));
    columns.push_back(std::move(c));
  }
  Column y = Column::Make("y", DataType::kCategorical);
  for (size_t row = 0; row < rows; ++row) {
    y.AppendString(numeric[0][row] + numeric[1][row] + normal(gen) > 0 ? "pos" : "neg");
  }
  columns.push_back(std::move(y));
  const data::Table t = MakeTable(std::move(columns));
  const auto start = std::chrono::steady_clock::now();
  const json r = Insights(t, "y");
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("insights 100000 x 20: %.3f s\n", seconds);
  EXPECT_EQ(r["quick_model"]["status"], "ok");
  EXPECT_LT(seconds, 10.0);  // about 1 s on the 2-core dev machine; loose for loaded CI
}

}  // namespace
}  // namespace lathe::prep
