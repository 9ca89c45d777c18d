// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Batch transform through the real server: iris is uploaded, a model trained in a few seconds,
// then POST /api/v1/transform-jobs writes a new dataset of predictions (with the input columns,
// in chunks) whose rows, columns and lineage are checked over HTTP; bad requests are refused with
// the model, dataset, column or field named (and no job created); a finished job cannot be
// stopped; and `lathe batch-transform` runs one from the command line (table and --json).
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

#include "integration/server_fixture.h"

namespace lathe::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

class TransformApiTest : public ServerTest {
 protected:
  void UploadCsv(const std::string& name, const std::string& body) {
    HttpResult r = Post(server().url("/api/v1/datasets?name=" + name), body, "text/csv");
    ASSERT_EQ(r.status, 201) << r;
  }
  std::string IrisCsv() {
    std::ifstream in(TestDataPath("iris.csv"), std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }
  HttpResult PostJson(const std::string& path, const json& body) {
    return Post(server().url(path), body.dump(), "application/json");
  }
  // Polls `path` until its state ends; returns the last answer.
  json WaitEnded(const std::string& path, std::chrono::seconds timeout = 90s) {
    const auto deadline = Clock::now() + timeout;
    json job;
    while (Clock::now() < deadline) {
      job = Get(server().url(path)).Json();
      const std::string s = job.value("state", "");
      if (s == "Completed" || s == "Failed" || s == "Stopped") return job;
      std::this_thread::sleep_for(100ms);
    }
    ADD_FAILURE() << path << " is still " << job.dump();
    return job;
  }
  // Uploads iris and trains a small model on it; returns the model id.
  std::string IrisModel() {
    UploadCsv("iris", IrisCsv());
    HttpResult created = PostJson("/api/v1/training-jobs", {{"dataset", "iris"},
                                                            {"target", "species"},
                                                            {"budget_s", 5},
                                                            {"max_trials", 2},
                                                            {"algorithms", {"xgboost"}}});
    EXPECT_EQ(created.status, 202) << created;
    const json job = WaitEnded("/api/v1/training-jobs/" + created.Json().value("id", ""));
    EXPECT_EQ(job.value("state", ""), "Completed") << job.dump();
    return job.value("model_id", "");
  }
  int64_t JobCount() {
    return Get(server().url("/api/v1/transform-jobs")).Json().value("total", int64_t{-1});
  }
};

TEST_F(TransformApiTest, IrisPredictionsBecomeANewDatasetWithLineage) {
  const std::string model = IrisModel();
  ASSERT_FALSE(model.empty());
  HttpResult created = PostJson("/api/v1/transform-jobs", {{"model_id", model},
                                                           {"dataset_id", "iris"},
                                                           {"include_input", true},
                                                           {"batch_rows", 40}});
  ASSERT_EQ(created.status, 202) << created;
  const json submitted = created.Json();
  const std::string id = submitted["id"];
  EXPECT_EQ(created.Header("location"), "/api/v1/transform-jobs/" + id);
  EXPECT_EQ(submitted["progress"]["rows_total"], 150);
  EXPECT_EQ(submitted["output_name"], "iris-predictions");

  const json job = WaitEnded("/api/v1/transform-jobs/" + id);
  ASSERT_EQ(job["state"], "Completed") << job.dump();
  EXPECT_EQ(job["progress"]["rows_done"], 150);
  EXPECT_EQ(job["chunks"], 4);  // 40 + 40 + 40 + 30
  const std::string output_id = job["output_dataset"]["id"];
  EXPECT_EQ(job["links"]["output_dataset"], "/api/v1/datasets/" + output_id);

  const json dataset = Get(server().url("/api/v1/datasets/" + output_id)).Json();
  EXPECT_EQ(dataset["name"], "iris-predictions");
  EXPECT_EQ(dataset["rows"], 150);
  std::vector<std::string> names;
  for (const json& c : dataset["columns"]) names.push_back(c["name"]);
  const std::vector<std::string> expected = {
      "sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm", "species",
      "predicted_label", "prob_setosa",    "prob_versicolor", "prob_virginica"};
  EXPECT_EQ(names, expected) << dataset.dump();
  EXPECT_EQ(dataset["lineage"]["kind"], "batch_transform");
  EXPECT_EQ(dataset["lineage"]["model"]["id"], model);
  EXPECT_EQ(dataset["lineage"]["dataset"]["name"], "iris");

  // A model trained on iris gets most of iris right.
  const json rows = Get(server().url("/api/v1/datasets/" + output_id + "/rows?limit=150")).Json();
  ASSERT_EQ(rows["rows"].size(), 150u) << rows.dump().substr(0, 300);
  int right = 0;
  for (const json& row : rows["rows"]) {
    if (row[4] == row[5]) ++right;
  }
  EXPECT_GT(right, 135);

  // Listed; a finished job cannot be stopped.
  const json list = Get(server().url("/api/v1/transform-jobs")).Json();
  ASSERT_EQ(list["transform_jobs"].size(), 1u);
  EXPECT_EQ(list["transform_jobs"][0]["id"], id);
  HttpResult stop = Delete(server().url("/api/v1/transform-jobs/" + id));
  EXPECT_EQ(stop.status, 409) << stop;
}

TEST_F(TransformApiTest, BadRequestsNameWhatIsWrongAndCreateNoJob) {
  const std::string model = IrisModel();
  ASSERT_FALSE(model.empty());
  // iris without petal_width_cm: the model needs it.
  std::string csv = IrisCsv();
  std::string narrow;
  std::istringstream lines(csv);
  std::string line;
  while (std::getline(lines, line)) {
    const size_t last = line.rfind(',');
    const size_t before = line.rfind(',', last - 1);
    narrow += line.substr(0, before) + line.substr(last) + "\n";
  }
  UploadCsv("iris-narrow", narrow);

  HttpResult r = PostJson("/api/v1/transform-jobs", {{"model_id", model}, {"dataset_id", "iris-narrow"}});
  EXPECT_EQ(r.status, 400) << r;
  EXPECT_NE(r.Json()["error"]["message"].get<std::string>().find("petal_width_cm"), std::string::npos)
      << r;
  EXPECT_EQ(r.Json()["error"]["details"]["column"], "petal_width_cm") << r;

  r = PostJson("/api/v1/transform-jobs", {{"model_id", "no-such-model"}, {"dataset_id", "iris"}});
  EXPECT_EQ(r.status, 404) << r;
  EXPECT_NE(r.body.find("no-such-model"), std::string::npos) << r;
  r = PostJson("/api/v1/transform-jobs", {{"model_id", model}, {"dataset_id", "no-such-data"}});
  EXPECT_EQ(r.status, 404) << r;
  EXPECT_NE(r.body.find("no-such-data"), std::string::npos) << r;
  r = PostJson("/api/v1/transform-jobs",
               {{"model_id", model}, {"dataset_id", "iris"}, {"batch_rows", 0}});
  EXPECT_EQ(r.status, 400) << r;
  EXPECT_EQ(r.Json()["error"]["details"]["field"], "batch_rows") << r;
  r = PostJson("/api/v1/transform-jobs", {{"dataset_id", "iris"}});
  EXPECT_EQ(r.status, 400) << r;
  EXPECT_EQ(r.Json()["error"]["details"]["field"], "model_id") << r;
  r = PostJson("/api/v1/transform-jobs", {{"model_id", model}, {"dataset_id", "iris"}, {"colour", 1}});
  EXPECT_EQ(r.status, 400) << r;
  EXPECT_NE(r.body.find("colour"), std::string::npos) << r;
  EXPECT_EQ(JobCount(), 0);
  EXPECT_EQ(Get(server().url("/api/v1/transform-jobs/tjob_0000000000000000")).status, 404);
}

TEST_F(TransformApiTest, CliRunsABatchTransformAndPrintsTheOutput) {
  const std::string model = IrisModel();
  ASSERT_FALSE(model.empty());
  CommandResult cli = RunCli({"batch-transform", model, "iris", "--output-name", "iris-scored",
                              "--batch-rows", "50"});
  ASSERT_EQ(cli.exit_code, 0) << cli;
  EXPECT_NE(cli.out.find("output dataset iris-scored version 1"), std::string::npos) << cli;
  EXPECT_NE(cli.out.find("150 rows"), std::string::npos) << cli;
  EXPECT_NE(cli.out.find("predicted_label"), std::string::npos) << cli;  // the head of the output
  EXPECT_NE(cli.out.find("prob_setosa"), std::string::npos) << cli;
  EXPECT_NE(cli.err.find("Completed"), std::string::npos) << cli;

  cli = RunCli({"--json", "batch-transform", "iris-species", "iris", "--include-input"});
  ASSERT_EQ(cli.exit_code, 0) << cli;
  const json job = json::parse(cli.out);
  EXPECT_EQ(job["state"], "Completed");
  EXPECT_EQ(job["output_dataset"]["name"], "iris-predictions");
  EXPECT_EQ(job["columns"].size(), 9u);

  cli = RunCli({"batch-transform", model, "no-such-data"});
  EXPECT_EQ(cli.exit_code, 1) << cli;
  EXPECT_NE(cli.err.find("no-such-data"), std::string::npos) << cli;
}

}  // namespace
}  // namespace lathe::testing
