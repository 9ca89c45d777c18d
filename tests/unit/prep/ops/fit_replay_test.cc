// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Recipe-level properties of the column operations: determinism, fit then replay on different
// data (learned statistics, not refits), state surviving JSON, row_wise flags and the
// documentation that the studio builds its forms from.
#include <map>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "data/csv_reader.h"
#include "data/csv_writer.h"
#include "prep/operation.h"
#include "prep/recipe.h"

namespace lathe::prep {
namespace {

using nlohmann::json;

data::Table Csv(const std::string& text) {
  data::CsvOptions options;
  options.header = data::CsvOptions::Header::kPresent;
  auto t = data::ReadCsvBuffer(text, options);
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  return t.ok() ? std::move(*t) : data::Table();
}

Recipe Parse(const json& j) {
  auto r = ParseRecipe(j);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::move(*r) : Recipe();
}

RecipeRun Apply(const Recipe& r, const data::Table& t) {
  auto run = ApplyRecipe(r, t, ApplyContext{});
  EXPECT_TRUE(run.ok()) << run.status().ToString();
  return run.ok() ? std::move(*run) : RecipeRun();
}

const json kLearningRecipe = json::parse(R"({"steps": [
  {"op": "replace_values", "columns": ["glucose"], "values": [0]},
  {"op": "fill_missing", "columns": ["glucose"], "strategy": "median"},
  {"op": "fill_missing", "columns": ["city"], "strategy": "mode"},
  {"op": "outliers", "columns": ["income"], "method": "iqr", "action": "clip"},
  {"op": "scale", "columns": ["glucose"], "method": "minmax"},
  {"op": "bucketize", "column": "income", "bins": 2, "labels": "index", "output": "income_bin"},
  {"op": "one_hot", "columns": ["city"]},
  {"op": "ordinal_encode", "columns": ["size"], "by": "frequency"}
]})");

const char* kTrain =
    "glucose,city,income,size\n"
    "100,paris,10,s\n"
    "0,rome,20,m\n"
    "200,paris,30,m\n"
    "150,,40,l\n"
    "120,rome,1000,m\n";

TEST(FitReplayTest, ApplyingTwiceGivesIdenticalCsv) {
  Recipe r = Parse(kLearningRecipe);
  data::Table t = Csv(kTrain);
  std::string first = data::ToCsv(Apply(r, t).table);
  std::string second = data::ToCsv(Apply(r, t).table);
  EXPECT_EQ(first, second);
  EXPECT_FALSE(first.empty());
}

// Threads split columns between them (sort's gather, one_hot's indicators, filter's
// compaction); the output must not depend on how many there are.
TEST(FitReplayTest, ThreadsDoNotChangeTheOutput) {
  std::string csv = "id,city,score,note\n";
  const char* cities[] = {"paris", "rome", "", "oslo", "lima"};
  for (int i = 0; i < 500; ++i) {
    csv += std::to_string(i) + "," + cities[(i * 7) % 5] + "," + std::to_string((i * 37) % 101) +
           ",n" + std::string(static_cast<size_t>(i % 4), 'x') + "\n";
  }
  const Recipe r = Parse(json::parse(R"({"steps": [
    {"op": "filter", "condition": "score > 10"},
    {"op": "one_hot", "columns": ["city"], "max_categories": 3},
    {"op": "sort", "columns": ["score", "id"], "descending": [true, false]}
  ]})"));
  std::string expected;
  for (int threads : {1, 2, 3, 16}) {
    ApplyContext ctx;
    ctx.threads = threads;
    auto run = ApplyRecipe(r, Csv(csv), ctx);
    ASSERT_TRUE(run.ok()) << run.status().ToString();
    const std::string out = data::ToCsv(run->table);
    if (threads == 1) {
      expected = out;
      EXPECT_NE(out.find("city_other"), std::string::npos);
    } else {
      EXPECT_EQ(out, expected) << threads << " threads";
    }
  }
}

TEST(FitReplayTest, FittedRecipeUsesLearnedStatisticsOnNewData) {
  Recipe r = Parse(kLearningRecipe);
  RecipeRun fit = Apply(r, Csv(kTrain));
  // Serialize with state and back, as a stored prepared dataset would be.
  Recipe fitted = Parse(fit.fitted.ToJson(/*with_state=*/true));
  data::Table fresh = Csv(
      "glucose,city,income,size\n"
      "0,tokyo,5000,xl\n"
      "300,rome,25,s\n");
  RecipeRun replay = Apply(fitted, fresh);
  const data::Table& out = replay.table;
  ASSERT_EQ(out.num_rows(), 2u);
  // glucose: 0 -> missing -> training median of {100, 200, 150, 120} = 135; minmax over the
  // training values after imputation (min 100, max 200): (135 - 100) / 100 = 0.35, 300 -> 2.
  int g = out.FindColumn("glucose");
  ASSERT_GE(g, 0);
  EXPECT_DOUBLE_EQ(out.column(g).DoubleAt(0), 0.35);
  EXPECT_DOUBLE_EQ(out.column(g).DoubleAt(1), 2.0);
  // One-hot columns are those of the fit (city_paris, city_rome), tokyo -> all zeros.
  EXPECT_GE(out.FindColumn("city_paris"), 0);
  EXPECT_GE(out.FindColumn("city_rome"), 0);
  EXPECT_LT(out.FindColumn("city_tokyo"), 0);
  EXPECT_EQ(out.column(out.FindColumn("city_paris")).IntAt(0), 0);
  EXPECT_EQ(out.column(out.FindColumn("city_rome")).IntAt(0), 0);
  EXPECT_EQ(out.column(out.FindColumn("city_rome")).IntAt(1), 1);
  // income clipped to the training IQR bound: q1 = 20, q3 = 40 -> upper 70.
  int inc = out.FindColumn("income");
  EXPECT_EQ(out.column(inc).IntAt(0), 70);
  EXPECT_EQ(out.column(inc).IntAt(1), 25);
  // Ordinal by training frequency: m = 0, l/s after; unseen xl -> null.
  int size = out.FindColumn("size");
  EXPECT_TRUE(out.column(size).IsNull(0));
  EXPECT_EQ(out.column(size).IntAt(1), 2);  // l = 1, s = 2 (ties alphabetical)

  // A refit on the fresh data would learn different statistics.
  RecipeRun refit = Apply(r, fresh);
  EXPECT_NE(data::ToCsv(refit.table), data::ToCsv(replay.table));
}

TEST(FitReplayTest, StateIsWrittenOnlyForLearningSteps) {
  RecipeRun fit = Apply(Parse(kLearningRecipe), Csv(kTrain));
  const auto& steps = fit.fitted.steps;
  ASSERT_EQ(steps.size(), 8u);
  EXPECT_TRUE(steps[0].state.is_null());  // replace_values learns nothing
  EXPECT_DOUBLE_EQ(steps[1].state["values"]["glucose"].get<double>(), 135.0);
  EXPECT_EQ(steps[2].state["values"]["city"], "paris");  // tie paris/rome: first seen
  EXPECT_EQ(steps[6].state["columns"]["city"]["categories"], json({"paris", "rome"}));
  for (size_t i = 1; i < steps.size(); ++i) EXPECT_FALSE(steps[i].state.is_null()) << i;
}

TEST(FitReplayTest, MalformedStateIsAnErrorNamingTheStep) {
  json j = kLearningRecipe;
  j["steps"][4]["state"] = {{"columns", {{"glucose", {{"center", "x"}}}}}};
  Recipe r = Parse(j);
  auto run = ApplyRecipe(r, Csv(kTrain), ApplyContext{});
  ASSERT_FALSE(run.ok());
  EXPECT_NE(run.status().message().find("steps[4].state"), std::string::npos)
      << run.status().ToString();
}

TEST(FitReplayTest, RowWiseFlags) {
  auto row_wise = [](const json& step) {
    auto op = MakeOperation(step, "steps[0]");
    EXPECT_TRUE(op.ok()) << op.status().ToString();
    return op.ok() && (*op)->row_wise();
  };
  EXPECT_TRUE(
      row_wise({{"op", "cast"}, {"column", "a"}, {"to", "int64"}, {"on_error", "drop_row"}}));
  EXPECT_TRUE(row_wise({{"op", "fill_missing"}, {"column", "a"}, {"strategy", "median"}}));
  EXPECT_FALSE(row_wise({{"op", "fill_missing"}, {"column", "a"}, {"strategy", "ffill"}}));
  EXPECT_FALSE(row_wise({{"op", "dedupe"}}));
  EXPECT_TRUE(row_wise({{"op", "outliers"}, {"column", "a"}, {"action", "remove"}}));
  EXPECT_TRUE(row_wise({{"op", "one_hot"}, {"column", "a"}}));
  Recipe r = Parse(json::parse(R"([{"op": "drop_missing"}, {"op": "dedupe"}])"));
  EXPECT_EQ(r.RowSetSteps(), std::vector<std::string>{"steps[1] (dedupe)"});
}

TEST(OperationInfoTest, ColumnOperationsAreDocumented) {
  const std::set<std::string> mine = {"select_columns", "drop_columns", "rename_columns",
                                      "reorder_columns", "cast", "fill_missing", "drop_missing",
                                      "dedupe", "outliers", "replace_values", "scale",
                                      "bucketize", "log_transform", "one_hot", "ordinal_encode"};
  std::set<std::string> found;
  for (const OperationInfo& info : ListOperations()) {
    if (!mine.contains(info.name)) continue;
    found.insert(info.name);
    EXPECT_FALSE(info.summary.empty()) << info.name;
    ASSERT_TRUE(info.params.is_array()) << info.name;
    for (const json& p : info.params) {
      for (const char* key : {"name", "type", "required", "default", "description"}) {
        EXPECT_TRUE(p.contains(key)) << info.name << " param lacks " << key;
      }
      if (p["type"] == "enum") {
        EXPECT_TRUE(p.contains("enum")) << info.name << "." << p["name"];
      }
    }
  }
  EXPECT_EQ(found, mine);
}

// Every documented enum value is accepted by the factory, and every documented parameter name
// is a real parameter (not refused as an unknown property).
TEST(OperationInfoTest, DocumentedEnumsAreAccepted) {
  const std::map<std::string, json> base = {
      {"cast", {{"column", "a"}, {"to", "int64"}}},
      {"fill_missing", {{"column", "a"}, {"strategy", "mean"}}},
      {"drop_missing", json::object()},
      {"dedupe", json::object()},
      {"outliers", {{"column", "a"}}},
      {"scale", {{"column", "a"}}},
      {"bucketize", {{"column", "a"}}},
      {"log_transform", {{"column", "a"}}},
      {"one_hot", {{"column", "a"}}},
      {"ordinal_encode", {{"column", "a"}}}};
  for (const OperationInfo& info : ListOperations()) {
    auto it = base.find(info.name);
    if (it == base.end()) continue;
    for (const json& p : info.params) {
      if (!p.contains("enum")) continue;
      for (const json& value : p["enum"]) {
        json step = it->second;
        step["op"] = info.name;
        step[p["name"].get<std::string>()] = value;
        if (info.name == "fill_missing" && value == "constant") step["value"] = 0;
        if (info.name == "bucketize" && value == "edges") step["edges"] = {0, 1};
        if (info.name == "ordinal_encode" && value == "order") step["order"] = {"x"};
        auto op = MakeOperation(step, "steps[0]");
        EXPECT_TRUE(op.ok()) << step.dump() << ": " << op.status().ToString();
      }
    }
  }
}

}  // namespace
}  // namespace lathe::prep
