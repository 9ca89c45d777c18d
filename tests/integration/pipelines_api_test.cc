// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Pipelines through the real server: the template (tests/data/pipelines/
// tabular_classification.yaml) is stored as YAML and run to a live endpoint that answers an
// invocation; its events stream as SSE; a second run reuses the cached steps; the exported YAML
// runs again from `lathe pipeline run`; a server killed with SIGKILL mid-run resumes the run
// after a restart without redoing the finished steps; bad documents, parameters and ids are
// refused with their path.
#include <csignal>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

#include "integration/server_fixture.h"

namespace lathe::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

std::string ReadText(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

class PipelinesApiTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    HttpResult r = Post(server().url("/api/v1/datasets?name=iris"), ReadText(TestDataPath("iris.csv")), "text/csv");
    ASSERT_EQ(r.status, 201) << r;
  }
  std::string TemplateYaml() { return ReadText(TestDataPath("pipelines/tabular_classification.yaml")); }

  json StartRun(const std::string& pipeline, const json& body) {
    HttpResult r = Post(server().url("/api/v1/pipelines/" + pipeline + "/runs"), body.dump(), "application/json");
    EXPECT_EQ(r.status, 201) << r;
    EXPECT_EQ(r.Header("location"), "/api/v1/pipeline-runs/" + r.Json().value("id", ""));
    return r.Json();
  }
  json WaitEnded(const std::string& id, std::chrono::seconds timeout = 120s) {
    const auto deadline = Clock::now() + timeout;
    json run;
    while (Clock::now() < deadline) {
      run = Get(server().url("/api/v1/pipeline-runs/" + id)).Json();
      const std::string s = run.value("state", "");
      if (s == "Succeeded" || s == "Failed" || s == "Stopped") return run;
      std::this_thread::sleep_for(200ms);
    }
    ADD_FAILURE() << "run " << id << " is still " << run.dump();
    return run;
  }
  static std::string State(const json& run, const std::string& step) {
    return run["steps"][step].value("state", "");
  }
};

TEST_F(PipelinesApiTest, TemplateRunsFromYamlToALiveEndpoint) {
  HttpResult created = Post(server().url("/api/v1/pipelines"), TemplateYaml(), "application/yaml");
  ASSERT_EQ(created.status, 201) << created;
  EXPECT_EQ(created.Json()["name"], "tabular-classification");
  EXPECT_EQ(created.Json()["step_count"], 9);

  json started = StartRun("tabular-classification", {{"parameters", {{"budget", 4}, {"endpoint", "iris-live"}}}});
  EXPECT_EQ(started["state"], "Executing");
  EXPECT_EQ(started["parameters"]["min_accuracy"], 0.8);  // the default
  json run = WaitEnded(started["id"]);
  ASSERT_EQ(run["state"], "Succeeded") << run.dump(2);
  for (const char* step : {"data", "clean", "split", "automl", "evaluate", "good_enough", "register", "deploy"}) {
    EXPECT_EQ(State(run, step), "Succeeded") << step << ": " << run["steps"][step].dump();
  }
  EXPECT_EQ(State(run, "too_weak"), "Skipped");
  // Split: 150 iris rows, a quarter stratified into the test part.
  const json split = run["steps"]["split"]["outputs"];
  EXPECT_EQ(split["train"]["rows"].get<int>() + split["test"]["rows"].get<int>(), 150);
  EXPECT_NEAR(split["test"]["rows"].get<int>(), 38, 2);
  // Evaluate reported on the test part, with a confusion matrix.
  const json report = run["steps"]["evaluate"]["outputs"]["report"];
  EXPECT_EQ(report["rows"], split["test"]["rows"]);
  EXPECT_GE(report["metrics"]["accuracy"].get<double>(), 0.8);
  EXPECT_TRUE(report["evaluation"].contains("confusion_matrix")) << report["evaluation"].dump().substr(0, 500);
  // Register approved the model; Deploy put it on a live endpoint.
  const std::string model_id = run["steps"]["automl"]["outputs"]["model"]["id"];
  EXPECT_EQ(Get(server().url("/api/v1/models/" + model_id)).Json()["approval_status"], "Approved");
  EXPECT_EQ(run["steps"]["deploy"]["outputs"]["endpoint"]["url"], "/endpoints/iris-live/invocations");
  HttpResult answer = Post(server().url("/endpoints/iris-live/invocations"), "5.1,3.5,1.4,0.2\n6.7,3.0,5.2,2.3\n", "text/csv");
  ASSERT_EQ(answer.status, 200) << answer;
  EXPECT_EQ(answer.Json()["predictions"][0]["predicted_label"], "setosa");
  EXPECT_EQ(answer.Json()["predictions"][1]["predicted_label"], "virginica");
  // The step log and the event stream of the finished run.
  HttpResult log = Get(server().url("/api/v1/pipeline-runs/" + run["id"].get<std::string>() + "/steps/automl/logs"));
  ASSERT_EQ(log.status, 200) << log;
  EXPECT_NE(log.body.find("training job job_"), std::string::npos) << log.body;
  EXPECT_NE(log.body.find("new best"), std::string::npos) << log.body;
  HttpResult events = Get(server().url("/api/v1/pipeline-runs/" + run["id"].get<std::string>() + "/events"));
  ASSERT_EQ(events.status, 200);
  EXPECT_NE(events.body.find("event: snapshot"), std::string::npos);
  EXPECT_NE(events.body.find("\"state\":\"Succeeded\""), std::string::npos);

  // Same parameters again: the expensive steps come from the cache, Deploy runs again.
  json again = WaitEnded(StartRun("tabular-classification", {{"parameters", {{"budget", 4}, {"endpoint", "iris-live"}}}})["id"]);
  ASSERT_EQ(again["state"], "Succeeded") << again.dump(2);
  for (const char* step : {"clean", "split", "automl", "evaluate"}) {
    EXPECT_EQ(State(again, step), "Cached") << step;
    EXPECT_EQ(again["steps"][step]["cached_from"], run["id"]) << step;
  }
  EXPECT_EQ(State(again, "deploy"), "Succeeded");
  EXPECT_EQ(again["number"], 2);

  // A bar no model reaches: the else branch fails the run with the message filled in.
  json weak = WaitEnded(StartRun("tabular-classification", {{"parameters", {{"budget", 4}, {"min_accuracy", 1.5}}}})["id"]);
  EXPECT_EQ(weak["state"], "Failed");
  EXPECT_EQ(State(weak, "deploy"), "Skipped");
  EXPECT_NE(weak["failure_reason"].get<std::string>().find("is below 1.5"), std::string::npos) << weak["failure_reason"];

  // Retry runs the failed run again from where it ended: the decision is the same, so it fails
  // again, but only the condition branch ran again (the finished steps kept their outputs).
  const std::string weak_id = weak["id"];
  HttpResult retry = Post(server().url("/api/v1/pipeline-runs/" + weak_id + "/retry"), "", "application/json");
  ASSERT_EQ(retry.status, 202) << retry;
  json retried = WaitEnded(weak_id);
  EXPECT_EQ(retried["state"], "Failed");
  EXPECT_EQ(retried["retries"], 1);
  EXPECT_EQ(retried["steps"]["automl"], weak["steps"]["automl"]);
  HttpResult weak_log = Get(server().url("/api/v1/pipeline-runs/" + weak_id + "/steps/too_weak/logs"));
  EXPECT_NE(weak_log.body.find("retry of the run"), std::string::npos) << weak_log.body;
  HttpResult not_failed = Post(server().url("/api/v1/pipeline-runs/" + run["id"].get<std::string>() + "/retry"), "", "application/json");
  EXPECT_EQ(not_failed.status, 409) << not_failed;

  json runs = Get(server().url("/api/v1/pipeline-runs?pipeline=tabular-classification")).Json();
  EXPECT_EQ(runs["total"], 3);
  EXPECT_EQ(runs["runs"][0]["state"], "Failed");  // newest first
}

TEST_F(PipelinesApiTest, ExportedYamlRunsFromTheCli) {
  ASSERT_EQ(Post(server().url("/api/v1/pipelines"), TemplateYaml(), "application/yaml").status, 201);
  CommandResult exported = RunCli({"pipeline", "export", "tabular-classification"});
  ASSERT_EQ(exported.exit_code, 0) << exported;
  EXPECT_EQ(exported.out.rfind("name: tabular-classification\n", 0), 0u) << exported.out;
  const std::filesystem::path file = server().work_dir() / "exported.yaml";
  std::ofstream(file) << exported.out;
  CommandResult run = RunCli({"pipeline", "run", file.string(), "--name", "from-cli",
                              "--param", "budget=4", "--param", "endpoint=cli-endpoint"});
  ASSERT_EQ(run.exit_code, 0) << run;
  EXPECT_NE(run.out.find("deploy       Deploy     Succeeded  POST /endpoints/cli-endpoint/invocations"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("Succeeded in"), std::string::npos) << run.out;
  EXPECT_NE(run.err.find("pipeline from-cli version 1"), std::string::npos) << run.err;
  HttpResult answer = Post(server().url("/endpoints/cli-endpoint/invocations"), "5.1,3.5,1.4,0.2", "text/csv");
  EXPECT_EQ(answer.status, 200) << answer;
  // A parameter the pipeline does not have is named; nothing runs.
  CommandResult bad = RunCli({"pipeline", "run", "from-cli", "--param", "speed=3"});
  EXPECT_EQ(bad.exit_code, 1) << bad;
  EXPECT_NE(bad.err.find("parameters.speed"), std::string::npos) << bad.err;
  CommandResult list = RunCli({"pipeline", "runs", "from-cli"});
  EXPECT_EQ(list.exit_code, 0) << list;
  EXPECT_NE(list.out.find("Succeeded"), std::string::npos) << list.out;
}

TEST_F(PipelinesApiTest, KilledServerResumesTheRunAfterARestart) {
  const std::string doc = R"({"name": "resume",
    "steps": [
      {"id": "data", "type": "Dataset", "properties": {"name": "iris"}},
      {"id": "automl", "type": "AutoML", "inputs": {"dataset": "data.dataset"},
       "properties": {"target": "species", "budget_seconds": 6, "algorithms": ["xgboost", "random_forest"]}},
      {"id": "evaluate", "type": "Evaluate", "inputs": {"model": "automl.model", "dataset": "data.dataset"}}]})";
  ASSERT_EQ(Post(server().url("/api/v1/pipelines"), doc, "application/json").status, 201);
  const std::string id = StartRun("resume", json::object())["id"];
  // Wait until the training step runs, then kill the server without warning.
  const auto deadline = Clock::now() + 60s;
  while (Clock::now() < deadline) {
    json run = Get(server().url("/api/v1/pipeline-runs/" + id)).Json();
    if (State(run, "automl") == "Running" && run["steps"]["automl"].contains("job_id")) break;
    std::this_thread::sleep_for(100ms);
  }
  std::this_thread::sleep_for(1s);
  server().Kill(SIGKILL);
  ASSERT_TRUE(server().Start());
  json run = WaitEnded(id);
  ASSERT_EQ(run["state"], "Succeeded") << run.dump(2);
  EXPECT_EQ(State(run, "evaluate"), "Succeeded");
  HttpResult data_log = Get(server().url("/api/v1/pipeline-runs/" + id + "/steps/data/logs"));
  HttpResult automl_log = Get(server().url("/api/v1/pipeline-runs/" + id + "/steps/automl/logs"));
  EXPECT_NE(automl_log.body.find("interrupted by a server restart"), std::string::npos) << automl_log.body;
  // The dataset step finished before the kill: it did not run again.
  size_t count = 0;
  for (size_t at = data_log.body.find("dataset iris"); at != std::string::npos; at = data_log.body.find("dataset iris", at + 1)) ++count;
  EXPECT_EQ(count, 1u) << data_log.body;
  EXPECT_EQ(run["steps"]["data"]["attempts"], 1);
}

TEST_F(PipelinesApiTest, BadInputIsRefusedWithItsPath) {
  HttpResult yaml = Post(server().url("/api/v1/pipelines?source=p.yaml"), "name: p\nsteps: [a, b\n", "application/yaml");
  EXPECT_EQ(yaml.status, 400) << yaml;
  EXPECT_NE(yaml.Json()["error"]["message"].get<std::string>().find("p.yaml:3:1"), std::string::npos) << yaml;

  const json cyclic = {{"name", "bad"},
                       {"steps", {{{"id", "a"}, {"type", "Prepare"}, {"inputs", {{"dataset", "b.dataset"}}}, {"properties", {{"recipe", {{"steps", json::array()}}}}}},
                                  {{"id", "b"}, {"type", "Prepare"}, {"inputs", {{"dataset", "a.dataset"}}}, {"properties", {{"recipe", {{"steps", json::array()}}}}}},
                                  {{"id", "c"}, {"type", "Evaluate"}, {"inputs", {{"model", "a.dataset"}, {"dataset", "a.dataset"}}}, {"properties", {{"colour", "red"}}}}}}};
  HttpResult refused = Post(server().url("/api/v1/pipelines"), cyclic.dump(), "application/json");
  ASSERT_EQ(refused.status, 400) << refused;
  const json errors = refused.Json()["error"]["details"]["errors"];
  const std::string all = errors.dump();
  EXPECT_NE(all.find("steps[2].inputs.model"), std::string::npos) << all;
  EXPECT_NE(all.find("type mismatch"), std::string::npos) << all;
  EXPECT_NE(all.find("steps[2].properties.colour"), std::string::npos) << all;
  HttpResult validated = Post(server().url("/api/v1/pipelines/validate"), cyclic.dump(), "application/json");
  ASSERT_EQ(validated.status, 200);
  EXPECT_EQ(validated.Json()["valid"], false);
  EXPECT_EQ(validated.Json()["errors"], errors);
  EXPECT_EQ(Get(server().url("/api/v1/pipelines")).Json()["total"], 0);  // nothing stored

  ASSERT_EQ(Post(server().url("/api/v1/pipelines"), TemplateYaml(), "application/yaml").status, 201);
  HttpResult params = Post(server().url("/api/v1/pipelines/tabular-classification/runs"),
                           R"({"parameters": {"budget": "soon"}})", "application/json");
  EXPECT_EQ(params.status, 400) << params;
  EXPECT_EQ(params.Json()["error"]["details"]["field"], "parameters.budget");
  EXPECT_EQ(Post(server().url("/api/v1/pipelines/nope/runs"), "{}", "application/json").status, 404);
  EXPECT_EQ(Get(server().url("/api/v1/pipeline-runs/run_nope")).status, 404);
  EXPECT_EQ(Get(server().url("/api/v1/pipeline-step-types")).Json()["step_types"].size(), 12u);
  EXPECT_EQ(Get(server().url("/api/v1/pipelines/tabular-classification?format=xml")).status, 400);
  EXPECT_EQ(Get(server().url("/healthz")).status, 200);  // still up
}

// Query, Train, Register (rejected, with tags) and BatchTransform: SQL narrows iris to two
// species, one learner trains on it, and its predictions for the query's rows become a dataset.
TEST_F(PipelinesApiTest, QueryTrainAndBatchTransformSteps) {
  const json doc = json::parse(R"({"name": "two-species",
    "steps": [
      {"id": "data", "type": "Dataset", "properties": {"name": "iris"}},
      {"id": "query", "type": "Query", "inputs": {"flowers": "data.dataset"},
       "properties": {"sql": "SELECT * FROM flowers WHERE species <> 'setosa'"}},
      {"id": "train", "type": "Train", "inputs": {"dataset": "query.dataset"},
       "properties": {"target": "species", "algorithm": "logistic_regression", "budget_seconds": 5}},
      {"id": "register", "type": "Register", "inputs": {"model": "train.model"},
       "properties": {"approval_status": "Rejected", "tags": {"team": "flowers"}}},
      {"id": "predict", "type": "BatchTransform", "inputs": {"model": "train.model", "dataset": "query.dataset"}}]})");
  ASSERT_EQ(Post(server().url("/api/v1/pipelines"), doc.dump(), "application/json").status, 201);
  json run = WaitEnded(StartRun("two-species", json::object())["id"]);
  ASSERT_EQ(run["state"], "Succeeded") << run.dump(2);
  EXPECT_EQ(run["steps"]["query"]["outputs"]["dataset"]["rows"], 100);
  EXPECT_EQ(run["steps"]["predict"]["outputs"]["dataset"]["rows"], 100);
  const json model = Get(server().url("/api/v1/models/" + run["steps"]["train"]["outputs"]["model"]["id"].get<std::string>())).Json();
  EXPECT_EQ(model["approval_status"], "Rejected") << model.dump();
  EXPECT_EQ(model["tags"]["team"], "flowers") << model.dump();
  EXPECT_EQ(model["problem_type"], "binary");  // only two species left after the query
  const std::string out = run["steps"]["predict"]["outputs"]["dataset"]["id"];
  const json rows = Get(server().url("/api/v1/datasets/" + out + "/rows?limit=200")).Json();
  const std::string columns = rows.dump();
  EXPECT_NE(columns.find("predicted_label"), std::string::npos) << columns.substr(0, 400);
  EXPECT_EQ(columns.find("\"setosa\""), std::string::npos);  // no setosa row, none predicted
}

// A Dataset step reads files only from <data dir>/imports: not /etc/passwd, not through "..".
TEST_F(PipelinesApiTest, DatasetPathsStayInTheImportDirectory) {
  std::filesystem::create_directories(server().data_dir() / "imports");
  std::filesystem::copy_file(TestDataPath("iris.csv"), server().data_dir() / "imports" / "flowers.csv");
  auto run_with_path = [&](const std::string& name, const std::string& path) {
    const json doc = {{"name", name}, {"steps", {{{"id", "data"}, {"type", "Dataset"},
                                                  {"properties", {{"name", "imported"}, {"path", path}}}}}}};
    EXPECT_EQ(Post(server().url("/api/v1/pipelines"), doc.dump(), "application/json").status, 201);
    return WaitEnded(StartRun(name, json::object())["id"]);
  };
  json ok = run_with_path("import-ok", "flowers.csv");
  ASSERT_EQ(ok["state"], "Succeeded") << ok.dump(2);
  EXPECT_EQ(ok["steps"]["data"]["outputs"]["dataset"]["rows"], 150);
  for (const std::string bad : {"/etc/passwd", "../lathe.db", "../../../../etc/hostname"}) {
    json refused = run_with_path("import-bad", bad);
    EXPECT_EQ(refused["state"], "Failed") << bad;
    EXPECT_NE(refused["failure_reason"].get<std::string>().find("outside the import directory"), std::string::npos)
        << bad << ": " << refused["failure_reason"];
  }
}

}  // namespace
}  // namespace lathe::testing
