// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Training jobs through the real server: iris trained under a few seconds of budget with the
// Server-Sent Events stream read live (order of events, time to the first trial), the model's
// evaluation, predictions and explanations; a long job stopped with DELETE; bad requests refused
// with the field named; a job interrupted by a killed server is Failed after the restart, never
// left InProgress; and `lathe train FILE --json`.
#include <csignal>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

#include "cli/http_client.h"
#include "integration/server_fixture.h"

namespace lathe::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

struct SseEvent {
  int64_t id = 0;
  std::string type;
  json data;
  double seconds = 0;  // since the stream was opened
};

// Collects SSE frames as they arrive (libcurl de-chunks the body).
class SseCollector : public cli::BodySink {
 public:
  Status Begin(const cli::HttpResponse& head) override {
    content_type_ = head.Header("content-type");
    return Status::Ok();
  }
  Status Write(std::string_view chunk) override {
    buffer_ += chunk;
    size_t end;
    while ((end = buffer_.find("\n\n")) != std::string::npos) {
      Frame(buffer_.substr(0, end));
      buffer_.erase(0, end + 2);
    }
    if (Clock::now() - start_ > 90s) return DeadlineExceededError("SSE stream did not end");
    return Status::Ok();
  }
  std::vector<SseEvent> events;
  std::string content_type_;
  int comments = 0;

 private:
  void Frame(const std::string& frame) {
    if (frame.rfind(":", 0) == 0) {
      ++comments;
      return;
    }
    SseEvent e;
    std::istringstream lines(frame);
    std::string line;
    bool any = false;
    while (std::getline(lines, line)) {
      if (line.rfind("id: ", 0) == 0) e.id = std::stoll(line.substr(4)), any = true;
      if (line.rfind("event: ", 0) == 0) e.type = line.substr(7);
      if (line.rfind("data: ", 0) == 0) e.data = json::parse(line.substr(6));
    }
    if (!any) return;  // "retry:" only
    e.seconds = std::chrono::duration<double>(Clock::now() - start_).count();
    events.push_back(std::move(e));
  }
  Clock::time_point start_ = Clock::now();
  std::string buffer_;
};

class TrainingApiTest : public ServerTest {
 protected:
  json UploadIris() {
    std::ifstream in(TestDataPath("iris.csv"), std::ios::binary);
    std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    HttpResult r = Post(server().url("/api/v1/datasets?name=iris"), body, "text/csv");
    EXPECT_EQ(r.status, 201) << r;
    return r.Json();
  }
  HttpResult PostJson(const std::string& path, const json& body) {
    return Post(server().url(path), body.dump(), "application/json");
  }
  json Job(const std::string& id) {
    return Get(server().url("/api/v1/training-jobs/" + id)).Json();
  }
  // Polls the job until `done(state)`; returns the last answer.
  json WaitFor(const std::string& id, const std::function<bool(const std::string&)>& done,
               std::chrono::seconds timeout = 60s) {
    const auto deadline = Clock::now() + timeout;
    json job;
    while (Clock::now() < deadline) {
      job = Job(id);
      if (done(job.value("state", ""))) return job;
      std::this_thread::sleep_for(100ms);
    }
    ADD_FAILURE() << "job " << id << " is still " << job.dump();
    return job;
  }
  static bool Ended(const std::string& s) {
    return s == "Completed" || s == "Failed" || s == "Stopped";
  }
  SseCollector ReadEvents(const std::string& id, const std::string& query = "") {
    cli::HttpClient http({.base_url = server().base_url()});
    SseCollector sse;
    auto r = http.GetToSink("/api/v1/training-jobs/" + id + "/events" + query, sse);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (r.ok()) {
      EXPECT_EQ(r->status, 200) << r->body;
    }
    return sse;
  }
};

TEST_F(TrainingApiTest, IrisJobStreamsEventsAndProducesAnEvaluatedModel) {
  UploadIris();
  const auto posted = Clock::now();
  HttpResult created = PostJson("/api/v1/training-jobs",
                                {{"dataset", "iris"}, {"target", "species"}, {"budget_s", 6}});
  ASSERT_EQ(created.status, 202) << created;
  const std::string id = created.Json()["id"];
  EXPECT_EQ(created.Header("location"), "/api/v1/training-jobs/" + id);
  EXPECT_EQ(created.Json()["problem_type"], "multiclass");
  EXPECT_EQ(created.Json()["metric"], "accuracy");

  // The live stream: opened right away, it ends by itself after the terminal event.
  SseCollector sse = ReadEvents(id);
  const double total = std::chrono::duration<double>(Clock::now() - posted).count();
  EXPECT_EQ(sse.content_type_, "text/event-stream");
  ASSERT_FALSE(sse.events.empty());
  std::vector<std::string> types;
  for (size_t i = 0; i < sse.events.size(); ++i) {
    EXPECT_EQ(sse.events[i].id, static_cast<int64_t>(i) + 1) << "ids are the event sequence";
    EXPECT_EQ(sse.events[i].data["seq"], sse.events[i].id);
    types.push_back(sse.events[i].type);
  }
  auto first = [&](const std::string& t) {
    return std::find(types.begin(), types.end(), t) - types.begin();
  };
  auto last = [&](const std::string& t) {
    return types.rend() - std::find(types.rbegin(), types.rend(), t) - 1;
  };
  ASSERT_LT(first("job_started"), static_cast<long>(types.size()));
  ASSERT_LT(first("trial_finished"), static_cast<long>(types.size()));
  EXPECT_EQ(types.front(), "job_queued");
  EXPECT_LT(first("job_started"), first("trial_started"));
  EXPECT_LT(first("trial_started"), first("trial_finished"));
  EXPECT_LT(last("trial_finished"), first("finished"));
  EXPECT_LT(first("finished"), first("evaluation"));
  EXPECT_LT(first("evaluation"), first("model_saved"));
  EXPECT_EQ(types.back(), "job_finished");
  EXPECT_EQ(sse.events.back().data["state"], "Completed");

  const SseEvent& started = sse.events[first("job_started")];
  const SseEvent& trial = sse.events[first("trial_finished")];
  const double first_trial_after_start =
      trial.data["elapsed"].get<double>() - started.data["elapsed"].get<double>();
  std::printf(
      "[ figures ] first trial_finished %.3f s after job_started (%.3f s after the POST), "
      "%zu events, whole job %.1f s\n",
      first_trial_after_start, trial.seconds, sse.events.size(), total);
  // Hang guards only (the latency targets are measured in bench/automl, not asserted here).
  EXPECT_LT(first_trial_after_start, 30.0) << "the first trial should come quickly";
  EXPECT_LT(total, 120.0);

  // The job: already in its final state when the stream ends.
  json job = Job(id);
  ASSERT_EQ(job["state"], "Completed") << job.dump();
  EXPECT_EQ(job["rows"]["test"], 30);
  EXPECT_GT(job["test_metrics"]["accuracy"].get<double>(), 0.8);
  const std::string model_id = job["model_id"];
  // The default prediction-time limit (50 ms per 1,000 rows) applied and is echoed.
  EXPECT_EQ(job["request"]["predict_limit_ms"], 50.0) << job.dump();
  ASSERT_LT(first("predict_limit"), static_cast<long>(types.size()));
  EXPECT_EQ(sse.events[first("predict_limit")].data["limit_ms"], 50.0);

  // The model: evaluation on the 30 held-out rows, input schema for the what-if form.
  HttpResult model = Get(server().url("/api/v1/models/" + model_id));
  ASSERT_EQ(model.status, 200) << model;
  json m = model.Json();
  EXPECT_EQ(m["name"], "iris-species");
  EXPECT_EQ(m["job_id"], id);
  const json& evaluation = m["evaluation"];
  EXPECT_TRUE(evaluation["metrics"]["accuracy"].is_number());
  int counted = 0;
  for (const json& row : evaluation["confusion_matrix"]["counts"]) {
    for (const json& c : row) counted += c.get<int>();
  }
  EXPECT_EQ(counted, 30);
  EXPECT_EQ(evaluation["rows"], 30);
  EXPECT_EQ(m["input_schema"].size(), 4u);
  EXPECT_EQ(m["manifest"]["format"], "lathe-model");

  // Predictions: array rows in input_columns order, and object rows.
  HttpResult predicted = PostJson("/api/v1/models/" + model_id + "/predict",
                                  {{"rows", {{5.1, 3.5, 1.4, 0.2}, {6.7, 3.0, 5.2, 2.3}}}});
  ASSERT_EQ(predicted.status, 200) << predicted;
  json p = predicted.Json();
  ASSERT_EQ(p["predictions"].size(), 2u);
  EXPECT_EQ(p["predictions"][0]["label"], "setosa");
  EXPECT_EQ(p["predictions"][1]["label"], "virginica");
  HttpResult objects =
      PostJson("/api/v1/models/" + model_id + "/predict", {{"rows",
                                                            {{{"sepal_length_cm", 5.9},
                                                              {"sepal_width_cm", 3.0},
                                                              {"petal_length_cm", 4.2},
                                                              {"petal_width_cm", 1.5}}}}});
  ASSERT_EQ(objects.status, 200) << objects;
  const std::vector<std::string> classes = objects.Json()["classes"];
  EXPECT_NE(std::find(classes.begin(), classes.end(),
                      objects.Json()["predictions"][0]["label"].get<std::string>()),
            classes.end());
  double sum = 0;
  const json probabilities = objects.Json()["predictions"][0]["probabilities"];
  for (const json& v : probabilities) sum += v.get<double>();
  EXPECT_NEAR(sum, 1.0, 1e-4);
  HttpResult bad_row = PostJson("/api/v1/models/" + model_id + "/predict", {{"rows", {{1, 2}}}});
  EXPECT_EQ(bad_row.status, 400) << bad_row;
  EXPECT_EQ(bad_row.Json()["error"]["details"]["field"], "rows[0]");

  // Explanations (TreeSHAP) when the model has a tree member; a clear 501 otherwise.
  HttpResult explained =
      PostJson("/api/v1/models/" + model_id + "/explain", {{"rows", {{5.1, 3.5, 1.4, 0.2}}}});
  if (explained.status == 200) {
    EXPECT_EQ(explained.Json()["explanations"][0]["contributions"].size(), 4u);
  } else {
    EXPECT_EQ(explained.status, 501) << explained;
  }

  // The leaderboard, the bundle download, and a resumed stream.
  json board = Get(server().url("/api/v1/training-jobs/" + id + "/leaderboard")).Json();
  EXPECT_TRUE(board["final"].get<bool>());
  EXPECT_GE(board["entries"].size(), 1u);
  HttpResult bundle = Get(server().url("/api/v1/models/" + model_id + "/download"));
  ASSERT_EQ(bundle.status, 200);
  EXPECT_EQ(static_cast<int64_t>(bundle.body.size()), m["bundle_bytes"].get<int64_t>());
  const int64_t from = sse.events.back().id - 2;
  SseCollector resumed = ReadEvents(id, "?from=" + std::to_string(from));
  ASSERT_EQ(resumed.events.size(), 3u);
  EXPECT_EQ(resumed.events.front().id, from);
  EXPECT_EQ(resumed.events.back().type, "job_finished");

  EXPECT_EQ(Get(server().url("/api/v1/models")).Json()["total"], 1);
  EXPECT_EQ(Delete(server().url("/api/v1/models/" + model_id)).status, 204);
  EXPECT_EQ(Get(server().url("/api/v1/models/" + model_id)).status, 404);
}

TEST_F(TrainingApiTest, DeleteStopsALongJob) {
  UploadIris();
  HttpResult created = PostJson("/api/v1/training-jobs",
                                {{"dataset", "iris"}, {"target", "species"}, {"budget_s", 600}});
  ASSERT_EQ(created.status, 202) << created;
  const std::string id = created.Json()["id"];
  WaitFor(id, [](const std::string& s) { return s == "InProgress"; });
  std::this_thread::sleep_for(500ms);
  const auto start = Clock::now();
  HttpResult stop = Delete(server().url("/api/v1/training-jobs/" + id));
  ASSERT_EQ(stop.status, 202) << stop;
  json job = WaitFor(id, Ended, 10s);
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::printf("[ figures ] stopped %.2f s after DELETE\n", seconds);
  EXPECT_EQ(job["state"], "Stopped");
  EXPECT_LT(seconds, 10.0);
  HttpResult again = Delete(server().url("/api/v1/training-jobs/" + id));
  EXPECT_EQ(again.status, 409) << again;
  EXPECT_EQ(Get(server().url("/api/v1/training-jobs/" + id + "/events")).status, 200);
  EXPECT_EQ(Get(server().url("/api/v1/models")).Json()["total"], 0);
}

TEST_F(TrainingApiTest, StopKeepingTheBestSavesTheModelFoundSoFar) {
  UploadIris();
  HttpResult created = PostJson("/api/v1/training-jobs",
                                {{"dataset", "iris"}, {"target", "species"}, {"budget_s", 600}});
  ASSERT_EQ(created.status, 202) << created;
  const std::string id = created.Json()["id"];
  // Wait for a finished trial, so there is something to keep.
  const auto deadline = Clock::now() + 60s;
  while (Clock::now() < deadline &&
         Job(id)["progress"].value("trials_done", 0) < 2) {
    std::this_thread::sleep_for(100ms);
  }
  HttpResult bad = Delete(server().url("/api/v1/training-jobs/" + id + "?keep_best=maybe"));
  EXPECT_EQ(bad.status, 400) << bad;
  EXPECT_NE(bad.body.find("keep_best"), std::string::npos) << bad;
  const auto start = Clock::now();
  HttpResult stop = Delete(server().url("/api/v1/training-jobs/" + id + "?keep_best=true"));
  ASSERT_EQ(stop.status, 202) << stop;
  EXPECT_EQ(stop.Json()["state"], "Stopping");
  json job = WaitFor(id, Ended, 30s);
  std::printf("[ figures ] ended %.2f s after DELETE ?keep_best=true\n",
              std::chrono::duration<double>(Clock::now() - start).count());
  EXPECT_EQ(job["state"], "Stopped") << job.dump();
  ASSERT_TRUE(job["model_id"].is_string()) << job.dump();
  EXPECT_TRUE(job["test_metrics"]["accuracy"].is_number()) << job.dump();
  EXPECT_LT(job["progress"]["elapsed_seconds"].get<double>(), 120.0);
  HttpResult model = Get(server().url("/api/v1/models/" + job["model_id"].get<std::string>()));
  EXPECT_EQ(model.status, 200) << model;
  HttpResult predicted = PostJson("/api/v1/models/" + job["model_id"].get<std::string>() +
                                      "/predict",
                                  {{"rows", {{5.1, 3.5, 1.4, 0.2}}}});
  EXPECT_EQ(predicted.status, 200) << predicted;
  json board = Get(server().url("/api/v1/training-jobs/" + id + "/leaderboard")).Json();
  EXPECT_EQ(board["final"], true);
  bool asked = false;
  for (const SseEvent& e : ReadEvents(id).events) {
    if (e.type == "stop_requested") asked = e.data.value("keep_best", false);
  }
  EXPECT_TRUE(asked);
}

TEST_F(TrainingApiTest, BadRequestsNameTheField) {
  UploadIris();
  // A small dataset with a constant column to aim at.
  std::string csv = "a,b,same\n";
  for (int i = 0; i < 30; ++i) csv += std::to_string(i % 7) + "," + std::to_string(i % 3) + ",k\n";
  ASSERT_EQ(Post(server().url("/api/v1/datasets?name=flat"), csv, "text/csv").status, 201);
  struct Case {
    json body;
    std::string field;
  };
  const std::vector<Case> cases = {
      {{{"dataset", "iris"}, {"target", "colour"}}, "target"},
      {{{"dataset", "iris"}, {"target", "species"}, {"budget_s", 0}}, "budget_s"},
      {{{"dataset", "iris"}, {"target", "species"}, {"budget_s", -5}}, "budget_s"},
      {{{"dataset", "iris"}, {"target", "species"}, {"budget", "forever"}}, "budget"},
      {{{"dataset", "flat"}, {"target", "same"}}, "target"},
      {{{"dataset", "iris"}, {"target", "species"}, {"metric", "rmse"}}, "metric"},
      {{{"dataset", "iris"}, {"target", "species"}, {"exclude_columns", {"petal"}}},
       "exclude_columns[0]"},
      {{{"dataset", "iris"}, {"target", "species"}, {"budgett", 5}}, "budgett"},
      {{{"dataset", "iris"}, {"target", "species"}, {"predict_limit_ms", -1}}, "predict_limit_ms"},
      {{{"target", "species"}}, "dataset"},
  };
  for (const Case& c : cases) {
    HttpResult r = PostJson("/api/v1/training-jobs", c.body);
    EXPECT_EQ(r.status, 400) << c.body.dump() << " -> " << r;
    EXPECT_EQ(r.Json()["error"]["code"], "ValidationError") << r;
    EXPECT_NE(r.Json()["error"]["message"].get<std::string>().find(c.field), std::string::npos)
        << c.body.dump() << " -> " << r;
  }
  HttpResult unknown = PostJson("/api/v1/training-jobs", {{"dataset", "nope"}, {"target", "x"}});
  EXPECT_EQ(unknown.status, 404) << unknown;
  HttpResult broken =
      Post(server().url("/api/v1/training-jobs"), "{\"dataset\": ", "application/json");
  EXPECT_EQ(broken.status, 400) << broken;
  EXPECT_EQ(Get(server().url("/api/v1/training-jobs")).Json()["total"], 0);
  EXPECT_EQ(Get(server().url("/api/v1/training-jobs/job_0000000000000000")).status, 404);
}

TEST_F(TrainingApiTest, JobOfAKilledServerIsFailedAfterTheRestart) {
  UploadIris();
  HttpResult created = PostJson("/api/v1/training-jobs",
                                {{"dataset", "iris"}, {"target", "species"}, {"budget_s", 600}});
  ASSERT_EQ(created.status, 202) << created;
  const std::string id = created.Json()["id"];
  WaitFor(id, [](const std::string& s) { return s == "InProgress"; });
  server().Kill(SIGKILL);
  ASSERT_TRUE(server().Start());
  json job = Job(id);
  EXPECT_EQ(job["state"], "Failed") << job.dump();
  EXPECT_NE(job["failure_reason"].get<std::string>().find("interrupted"), std::string::npos);
  SseCollector replay = ReadEvents(id);
  ASSERT_FALSE(replay.events.empty());
  EXPECT_EQ(replay.events.back().type, "job_finished");
  EXPECT_EQ(replay.events.back().data["state"], "Failed");

  // A graceful stop (SIGTERM) ends a running job as Failed too, before the process exits.
  HttpResult second = PostJson("/api/v1/training-jobs",
                               {{"dataset", "iris"}, {"target", "species"}, {"budget_s", 600}});
  ASSERT_EQ(second.status, 202) << second;
  const std::string id2 = second.Json()["id"];
  WaitFor(id2, [](const std::string& s) { return s == "InProgress"; });
  ASSERT_TRUE(server().Restart());
  json job2 = Job(id2);
  EXPECT_EQ(job2["state"], "Failed") << job2.dump();
  EXPECT_NE(job2["failure_reason"].get<std::string>().find("interrupted"), std::string::npos);
}

TEST_F(TrainingApiTest, AFeatureThatCopiesTheTargetIsWarnedAbout) {
  // iris plus "label_code", a relabelling of the species (what a careless export carries).
  std::ifstream in(TestDataPath("iris.csv"), std::ios::binary);
  std::string line, csv;
  std::getline(in, line);
  csv = line + ",label_code\n";
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const std::string species = line.substr(line.rfind(',') + 1);
    csv += line + "," + std::to_string(100 * (species.size() + species[1])) + "\n";
  }
  ASSERT_EQ(Post(server().url("/api/v1/datasets?name=leaky"), csv, "text/csv").status, 201);
  HttpResult created = PostJson("/api/v1/training-jobs",
                                {{"dataset", "leaky"}, {"target", "species"}, {"budget_s", 3}});
  ASSERT_EQ(created.status, 202) << created;
  const std::string id = created.Json()["id"];
  json job = WaitFor(id, Ended);
  ASSERT_EQ(job["state"], "Completed") << job.dump();
  ASSERT_EQ(job["warnings"].size(), 1u) << job.dump();
  EXPECT_EQ(job["warnings"][0]["column"], "label_code");
  EXPECT_EQ(job["warnings"][0]["reason"], "one_to_one");
  EXPECT_NE(job["warnings"][0]["message"].get<std::string>().find("\"species\""),
            std::string::npos);
  json model = Get(server().url("/api/v1/models/" + job["model_id"].get<std::string>())).Json();
  ASSERT_EQ(model["evaluation"]["warnings"].size(), 1u) << model["evaluation"].dump();
  EXPECT_EQ(model["evaluation"]["warnings"][0]["column"], "label_code");
  bool streamed = false;
  for (const SseEvent& e : ReadEvents(id).events) {
    if (e.type == "warning") streamed = e.data["warning"]["column"] == "label_code";
  }
  EXPECT_TRUE(streamed);
  // Without the copy (excluded) there is nothing to warn about.
  HttpResult clean = PostJson("/api/v1/training-jobs", {{"dataset", "leaky"},
                                                        {"target", "species"},
                                                        {"budget_s", 2},
                                                        {"exclude_columns", {"label_code"}}});
  ASSERT_EQ(clean.status, 202) << clean;
  json clean_job = WaitFor(clean.Json()["id"], Ended);
  EXPECT_EQ(clean_job["state"], "Completed");
  EXPECT_FALSE(clean_job.contains("warnings")) << clean_job.dump();
}

TEST_F(TrainingApiTest, CliTrainsAFileAndPrintsOneJsonObject) {
  CommandResult cli = RunCli({"train", TestDataPath("iris.csv").string(), "--target", "species",
                              "--budget", "5", "--predict-limit-ms", "0", "--json"});
  ASSERT_EQ(cli.exit_code, 0) << cli;
  json out = json::parse(cli.out, nullptr, false);
  ASSERT_TRUE(out.is_object()) << cli.out;
  EXPECT_EQ(out["state"], "Completed");
  EXPECT_EQ(out["job_id"].get<std::string>().rfind("job_", 0), 0u);
  EXPECT_EQ(out["model_id"].get<std::string>().rfind("mdl_", 0), 0u);
  EXPECT_TRUE(out["test_metrics"]["accuracy"].is_number());
  EXPECT_FALSE(out["leaderboard"].empty());
  // --predict-limit-ms 0 lifts the default limit.
  EXPECT_EQ(Job(out["job_id"])["request"]["predict_limit_ms"], 0.0);
  CommandResult list = RunCli({"models", "list"});
  EXPECT_EQ(list.exit_code, 0) << list;
  EXPECT_NE(list.out.find(out["model_id"].get<std::string>()), std::string::npos) << list.out;
}

}  // namespace
}  // namespace lathe::testing
