// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Data preparation through the real server and CLI: a recipe that cleans the Pima diabetes data
// (zeros as missing, median impute, standard scale) becomes a new dataset version with lineage;
// previews report per-step row counts; SQL over two datasets is saved as a dataset; unsafe SQL
// and bad recipes get precise 4xx answers and store nothing.
#include <cmath>
#include <fstream>

#include <gtest/gtest.h>

#include "integration/server_fixture.h"

namespace lathe::testing {
namespace {

using nlohmann::json;

const json kPimaRecipe = {
    {"steps",
     {{{"op", "replace_values"},
       {"columns", {"glucose", "pressure", "triceps", "insulin", "mass"}},
       {"values", {0}},
       {"with", nullptr}},
      {{"op", "fill_missing"},
       {"columns", {"glucose", "pressure", "triceps", "insulin", "mass"}},
       {"strategy", "median"}},
      {{"op", "scale"}, {"columns", {"glucose", "insulin", "mass"}}, {"method", "standard"}}}}};

class PrepApiTest : public ServerTest {
 protected:
  json Upload(const std::string& file, const std::string& name) {
    std::ifstream in(TestDataPath(file), std::ios::binary);
    std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    HttpResult r = Post(server().url("/api/v1/datasets?name=" + name), body, "text/csv");
    EXPECT_EQ(r.status, 201) << r;
    return r.Json();
  }
  json PostJson(const std::string& path, const json& body, long expect) {
    HttpResult r = Post(server().url(path), body.dump(), "application/json");
    EXPECT_EQ(r.status, expect) << r;
    return r.Json();
  }
  int64_t DatasetCount() { return Get(server().url("/api/v1/datasets")).Json()["total"]; }
};

// Column `name` of a /rows answer as doubles (null -> NaN).
std::vector<double> ColumnValues(const json& rows, const std::string& name) {
  size_t idx = 0;
  while (rows["columns"][idx] != name) ++idx;
  std::vector<double> out;
  for (const json& row : rows["rows"]) {
    out.push_back(row[idx].is_number() ? row[idx].get<double>() : std::nan(""));
  }
  return out;
}

TEST_F(PrepApiTest, PimaRecipeMakesANewVersionWithLineage) {
  json raw = Upload("pima_indians_diabetes.csv", "pima");
  ASSERT_EQ(raw["version"], 1);

  json out = PostJson("/api/v1/datasets/pima/transform", {{"recipe", kPimaRecipe}}, 201);
  EXPECT_EQ(out["name"], "pima");
  EXPECT_EQ(out["version"], 2);
  EXPECT_EQ(out["rows"], 768);
  EXPECT_EQ(out["lineage"]["parent"]["id"], raw["id"]);
  EXPECT_EQ(out["lineage"]["recipe_sha256"].get<std::string>().size(), 64u);
  EXPECT_EQ(out["steps"].size(), 3u);
  EXPECT_TRUE(out["row_wise"].get<bool>());
  // The fitted state travels with the lineage so serving can replay the same medians and scales.
  EXPECT_FALSE(out["lineage"]["recipe"]["steps"][1]["state"].is_null());

  json rows = Get(server().url("/api/v1/datasets/" + out["id"].get<std::string>() +
                               "/rows?limit=1000")).Json();
  // No zeros or nulls left where zeros meant "missing"; scaled columns have mean 0, sd 1.
  for (const char* col : {"pressure", "triceps"}) {
    for (double v : ColumnValues(rows, col)) {
      ASSERT_FALSE(std::isnan(v)) << col;
      ASSERT_NE(v, 0.0) << col;
    }
  }
  std::vector<double> glucose = ColumnValues(rows, "glucose");
  double mean = 0, sq = 0;
  for (double v : glucose) mean += v;
  mean /= static_cast<double>(glucose.size());
  for (double v : glucose) sq += (v - mean) * (v - mean);
  EXPECT_NEAR(mean, 0.0, 1e-9);
  EXPECT_NEAR(std::sqrt(sq / static_cast<double>(glucose.size())), 1.0, 0.01);

  // The parent version is untouched.
  json parent_rows = Get(server().url("/api/v1/datasets/pima/rows?version=1&limit=1000")).Json();
  std::vector<double> insulin = ColumnValues(parent_rows, "insulin");
  EXPECT_GT(std::count(insulin.begin(), insulin.end(), 0.0), 300);
}

TEST_F(PrepApiTest, PreviewReportsRowsPerStepAndRowSetSteps) {
  Upload("pima_indians_diabetes.csv", "pima");
  json recipe = {{"steps",
                  {{{"op", "replace_values"}, {"columns", {"insulin"}}, {"values", {0}},
                    {"with", nullptr}},
                   {{"op", "drop_missing"}, {"columns", {"insulin"}}},
                   {{"op", "dedupe"}}}}};
  json p = PostJson("/api/v1/prep/preview",
                    {{"dataset", "pima"}, {"recipe", recipe}, {"rows", 768}, {"limit", 5}}, 200);
  ASSERT_EQ(p["steps"].size(), 3u);
  EXPECT_EQ(p["steps"][0]["rows_out"], 768);
  EXPECT_EQ(p["steps"][1]["rows_out"], 394);  // 374 rows have insulin = 0
  EXPECT_EQ(p["rows"].size(), 5u);
  EXPECT_FALSE(p["row_wise"].get<bool>());
  EXPECT_EQ(p["row_set_steps"][0], "steps[2] (dedupe)");
}

TEST_F(PrepApiTest, BadRecipesAreRefusedPreciselyAndStoreNothing) {
  Upload("pima_indians_diabetes.csv", "pima");
  int64_t before = DatasetCount();
  json unknown_col = {{"steps", {{{"op", "drop_columns"}, {"columns", {"nope"}}}}}};
  json e = PostJson("/api/v1/datasets/pima/transform", {{"recipe", unknown_col}}, 400);
  EXPECT_NE(e["error"]["message"].get<std::string>().find("steps[0].columns[0]"),
            std::string::npos) << e;
  EXPECT_NE(e["error"]["message"].get<std::string>().find("'nope'"), std::string::npos);

  json bad_formula = {{"steps", {{{"op", "derive"}, {"column", "x"},
                                  {"expression", "glucose * (mass + "}}}}};
  e = PostJson("/api/v1/datasets/pima/transform", {{"recipe", bad_formula}}, 400);
  EXPECT_NE(e["error"]["message"].get<std::string>().find("position"), std::string::npos) << e;

  json unknown_op = {{"steps", {{{"op", "teleport"}}}}};
  e = PostJson("/api/v1/prep/preview", {{"dataset", "pima"}, {"recipe", unknown_op}}, 400);
  EXPECT_NE(e["error"]["message"].get<std::string>().find("teleport"), std::string::npos);

  PostJson("/api/v1/datasets/nope/transform", {{"recipe", kPimaRecipe}}, 404);
  EXPECT_EQ(DatasetCount(), before);
  EXPECT_EQ(Get(server().url("/healthz")).status, 200);
}

TEST_F(PrepApiTest, SqlJoinAndAggregateIsSavedAsADataset) {
  Upload("pima_indians_diabetes.csv", "pima");
  // A second dataset: a label for each outcome.
  HttpResult up = Post(server().url("/api/v1/datasets?name=outcomes"),
                       "diabetes,label\npos,Diabetic\nneg,Healthy\n", "text/csv");
  ASSERT_EQ(up.status, 201) << up;
  json q = PostJson("/api/v1/query",
                    {{"sql",
                      "SELECT o.label, count(*) AS n, avg(p.glucose) AS mean_glucose "
                      "FROM p JOIN o ON p.diabetes = o.diabetes GROUP BY o.label ORDER BY o.label"},
                     {"datasets", {{"p", "pima"}, {"o", "outcomes"}}},
                     {"save_as", "glucose_by_outcome"}},
                    201);
  ASSERT_EQ(q["rows"].size(), 2u) << q;
  EXPECT_EQ(q["rows"][0][0], "Diabetic");
  EXPECT_EQ(q["rows"][0][1], 268);
  EXPECT_EQ(q["rows"][1][1], 500);
  EXPECT_EQ(q["dataset"]["name"], "glucose_by_outcome");
  EXPECT_EQ(q["dataset"]["lineage"]["kind"], "query");
  json saved = Get(server().url("/api/v1/datasets/glucose_by_outcome/rows")).Json();
  EXPECT_EQ(saved["rows"].size(), 2u);
  EXPECT_EQ(saved["types"][1], "int64");
}

TEST_F(PrepApiTest, UnsafeSqlIsRefusedAndTheServerStaysUp) {
  Upload("pima_indians_diabetes.csv", "pima");
  int64_t before = DatasetCount();
  for (const char* sql : {"DROP TABLE p", "SELECT 1; DELETE FROM p", "ATTACH '/tmp/x.db' AS x",
                          "PRAGMA writable_schema=1", "SELECT load_extension('/tmp/x')"}) {
    HttpResult r = Post(server().url("/api/v1/query"),
                        json{{"sql", sql}, {"datasets", {{"p", "pima"}}}}.dump(),
                        "application/json");
    EXPECT_GE(r.status, 400) << sql << " " << r;
    EXPECT_LT(r.status, 500) << sql << " " << r;
  }
  HttpResult endless = Post(
      server().url("/api/v1/query"),
      json{{"sql", "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
                   "SELECT count(*) FROM c"},
           {"timeout_ms", 300}}
          .dump(),
      "application/json");
  EXPECT_GE(endless.status, 400) << endless;
  EXPECT_LT(endless.status, 600) << endless;
  EXPECT_EQ(DatasetCount(), before);
  EXPECT_EQ(Get(server().url("/healthz")).status, 200);
}

TEST_F(PrepApiTest, InsightsFlagAPlantedLeakageColumn) {
  // pima plus a column that is the target in disguise.
  std::ifstream in(TestDataPath("pima_indians_diabetes.csv"));
  std::string line, csv;
  std::getline(in, line);
  csv += line + ",outcome_code\n";
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    bool pos = line.size() >= 3 && line.substr(line.size() - 3) == "pos";
    csv += line + (pos ? ",1\n" : ",0\n");
  }
  ASSERT_EQ(Post(server().url("/api/v1/datasets?name=leaky"), csv, "text/csv").status, 201);
  HttpResult r = Get(server().url("/api/v1/datasets/leaky/insights?target=diabetes"));
  ASSERT_EQ(r.status, 200) << r;
  std::string body = r.body;
  json report = r.Json();
  bool flagged = false;
  bool honest_flagged = false;
  for (const json& w : report["warnings"]) {
    std::string msg = w.dump();
    if (msg.find("leak") == std::string::npos) continue;
    if (w.value("column", "") == "outcome_code") flagged = true;
    if (w.value("column", "") == "glucose") honest_flagged = true;
  }
  EXPECT_TRUE(flagged) << body.substr(0, 2000);
  EXPECT_FALSE(honest_flagged);
  EXPECT_EQ(Get(server().url("/api/v1/datasets/leaky/insights?target=nope")).status, 404);
}

TEST_F(PrepApiTest, CliAppliesPreviewsAndQueries) {
  Upload("pima_indians_diabetes.csv", "pima");
  std::filesystem::path dir = MakeTempDir();
  std::ofstream(dir / "recipe.json") << kPimaRecipe.dump(2);
  CommandResult apply = RunCli({"prep", "apply", "pima", (dir / "recipe.json").string(), "--name",
                            "pima_clean"});
  ASSERT_EQ(apply.exit_code, 0) << apply.err;
  EXPECT_NE(apply.out.find("created pima_clean version 1"), std::string::npos) << apply.out;
  EXPECT_NE(apply.out.find("fill_missing"), std::string::npos);

  CommandResult preview = RunCli({"prep", "preview", "pima", (dir / "recipe.json").string(), "-n", "3"});
  ASSERT_EQ(preview.exit_code, 0) << preview.err;
  EXPECT_NE(preview.out.find("scale"), std::string::npos);

  CommandResult query = RunCli({"--json", "query", "SELECT count(*) AS n FROM t WHERE age > 50",
                            "--dataset", "t=pima_clean"});
  ASSERT_EQ(query.exit_code, 0) << query.err;
  EXPECT_EQ(json::parse(query.out)["rows"][0][0], 81) << query.out;

  // A malformed recipe file is reported with its line and column; nothing is created.
  std::ofstream(dir / "bad.json") << "{\n  \"steps\": [\n    {\"op\": \"scale\",}\n  ]\n}\n";
  CommandResult bad = RunCli({"prep", "apply", "pima", (dir / "bad.json").string()});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("bad.json:3:"), std::string::npos) << bad.err;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace lathe::testing
