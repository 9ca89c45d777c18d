// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include <filesystem>
#include <thread>

#include <gtest/gtest.h>

#include "pipelines/pipeline_service.h"
#include "store/metadata_store.h"
#include "test_steps.h"

namespace lathe::pipelines {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

class ExecutorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("lathe_pipelines_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    store_ = std::move(store::OpenSqliteMetadataStore((dir_ / "lathe.db").string())).value();
    testing::RegisterTestSteps(registry_, rec_);
    Restart();
  }
  void TearDown() override {
    service_.reset();
    store_.reset();
    fs::remove_all(dir_);
  }
  void Restart() {
    service_.reset();
    PipelineServiceOptions options;
    options.execution.persist_interval = std::chrono::milliseconds(50);
    service_ = std::make_unique<PipelineService>(*store_, registry_, options);
  }

  store::ResourceRecord Create(json doc) {
    auto p = service_->Create(std::move(doc), "");
    EXPECT_TRUE(p.ok()) << p.status().ToString();
    return *p;
  }
  // Starts a run and waits until it ends; returns the run JSON.
  json RunToEnd(const store::ResourceRecord& pipeline, json params = json::object(), bool cache = true) {
    auto run = service_->StartRun(pipeline, params, cache);
    EXPECT_TRUE(run.ok()) << run.status().ToString();
    return WaitForEnd(run->id);
  }
  json WaitForEnd(const std::string& id) {
    for (int i = 0; i < 1000; ++i) {
      auto r = service_->GetRun(id);
      if (r.ok() && IsTerminalRunState(r->state)) {
        // The final write may still be in flight in the executing thread; read the store.
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        return RunToJson(*store_->GetResource(kRunKind, id), true);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ADD_FAILURE() << "run " << id << " did not end";
    return json::object();
  }
  static std::string StepState(const json& run, const std::string& step) {
    return run["steps"][step].value("state", "");
  }

  fs::path dir_;
  std::unique_ptr<store::MetadataStore> store_;
  testing::Recorder rec_;
  StepRegistry registry_;
  std::unique_ptr<PipelineService> service_;
};

// a -> (b, c in parallel) -> j
json Diamond(int sleep_ms = 300) {
  return {{"name", "diamond"},
          {"steps",
           {{{"id", "a"}, {"type", "Source"}},
            {{"id", "b"}, {"type", "Work"}, {"inputs", {{"data", "a.data"}}}, {"properties", {{"sleep_ms", sleep_ms}}}},
            {{"id", "c"}, {"type", "Work"}, {"inputs", {{"data", "a.data"}}}, {"properties", {{"sleep_ms", sleep_ms}}}},
            {{"id", "j"}, {"type", "Join"}, {"inputs", {{"left", "b.data"}, {"right", "c.data"}}}}}}};
}

TEST_F(ExecutorTest, RunsInDependencyOrderWithIndependentBranchesInParallel) {
  json run = RunToEnd(Create(Diamond()));
  EXPECT_EQ(run["state"], "Succeeded") << run.dump(2);
  for (const char* s : {"a", "b", "c", "j"}) EXPECT_EQ(StepState(run, s), "Succeeded") << s;
  const auto* a = rec_.Find("a");
  const auto* b = rec_.Find("b");
  const auto* c = rec_.Find("c");
  const auto* j = rec_.Find("j");
  ASSERT_TRUE(a && b && c && j);
  EXPECT_LE(a->end, b->start);
  EXPECT_LE(a->end, c->start);
  EXPECT_GE(j->start, std::max(b->end, c->end));
  // b and c ran at the same time: each started before the other ended.
  EXPECT_LT(b->start, c->end);
  EXPECT_LT(c->start, b->end);
  // Outputs flow downstream and the log was kept.
  EXPECT_EQ(run["steps"]["b"]["outputs"]["data"]["id"], "ds_b_x+ds_a_x");
  EXPECT_NE(run["steps"]["b"]["log"].dump().find("did b"), std::string::npos);
  EXPECT_TRUE(run["steps"]["j"].contains("started_at"));
  EXPECT_TRUE(run["steps"]["j"].contains("ended_at"));
}

TEST_F(ExecutorTest, FailureSkipsDownstreamButNotIndependentBranches) {
  json doc = Diamond(10);
  doc["steps"][1]["properties"]["fail"] = true;
  json run = RunToEnd(Create(doc));
  EXPECT_EQ(run["state"], "Failed");
  EXPECT_EQ(StepState(run, "b"), "Failed");
  EXPECT_EQ(StepState(run, "c"), "Succeeded");
  EXPECT_EQ(StepState(run, "j"), "Skipped");
  EXPECT_NE(run["steps"]["j"].value("reason", "").find("'b' failed"), std::string::npos);
  EXPECT_NE(run["failure_reason"].get<std::string>().find("broke on purpose"), std::string::npos);
  EXPECT_EQ(rec_.Count("j"), 0);
}

TEST_F(ExecutorTest, ConditionRunsOneBranchAndSkipsTheOther) {
  json doc = json::parse(R"({"name": "cond",
    "parameters": {"limit": {"type": "number", "default": 0.8}},
    "steps": [
      {"id": "train", "type": "Source", "properties": {"score": 0.9}},
      {"id": "check", "type": "Condition", "properties": {"left": "${steps.train.score}", "operator": ">=",
        "right": "${parameters.limit}", "then": ["deploy"], "else": ["stop"]}},
      {"id": "deploy", "type": "Work", "inputs": {"data": "train.data"}},
      {"id": "after", "type": "Work", "inputs": {"data": "deploy.data"}},
      {"id": "stop", "type": "Fail", "properties": {"message": "score ${steps.train.score} < ${parameters.limit}"}}]})");
  auto pipeline = Create(doc);
  json run = RunToEnd(pipeline);
  EXPECT_EQ(run["state"], "Succeeded") << run.dump(2);
  EXPECT_EQ(run["steps"]["check"]["outputs"]["result"], true);
  EXPECT_EQ(StepState(run, "deploy"), "Succeeded");
  EXPECT_EQ(StepState(run, "after"), "Succeeded");
  EXPECT_EQ(StepState(run, "stop"), "Skipped");

  json low = RunToEnd(pipeline, {{"limit", 0.95}});
  EXPECT_EQ(low["state"], "Failed");
  EXPECT_EQ(StepState(low, "deploy"), "Skipped");
  EXPECT_EQ(StepState(low, "after"), "Skipped");
  EXPECT_EQ(StepState(low, "stop"), "Failed");
  EXPECT_NE(low["failure_reason"].get<std::string>().find("score 0.9 < 0.95"), std::string::npos)
      << low["failure_reason"];
}

TEST_F(ExecutorTest, RetriesUntilAnAttemptSucceeds) {
  json doc = Diamond(0);
  doc["steps"][1]["retry"] = {{"max_attempts", 3}, {"backoff_seconds", 0.01}};
  rec_.failures_left["b"] = 2;
  json run = RunToEnd(Create(doc));
  EXPECT_EQ(run["state"], "Succeeded") << run.dump(2);
  EXPECT_EQ(run["steps"]["b"]["attempts"], 3);
  EXPECT_EQ(rec_.Count("b"), 3);
  EXPECT_NE(run["steps"]["b"]["log"].dump().find("attempt 1 failed"), std::string::npos);
}

TEST_F(ExecutorTest, CacheHitReusesOutputsAndOptOutRunsAgain) {
  auto pipeline = Create(Diamond(0));
  json first = RunToEnd(pipeline);
  ASSERT_EQ(first["state"], "Succeeded");
  json second = RunToEnd(pipeline);
  EXPECT_EQ(second["state"], "Succeeded");
  for (const char* s : {"a", "b", "c", "j"}) {
    EXPECT_EQ(StepState(second, s), "Cached") << s;
    EXPECT_EQ(rec_.Count(s), 1) << s;
  }
  EXPECT_EQ(second["steps"]["j"]["cached_from"], first["id"]);
  EXPECT_EQ(second["steps"]["b"]["outputs"], first["steps"]["b"]["outputs"]);
  // A changed property upstream misses the cache for it and everything downstream.
  json changed = Diamond(0);
  changed["steps"][0]["properties"] = {{"tag", "y"}};
  json third = RunToEnd(Create(changed));
  EXPECT_EQ(StepState(third, "a"), "Succeeded");
  EXPECT_EQ(StepState(third, "j"), "Succeeded");
  EXPECT_EQ(rec_.Count("j"), 2);
  // cache: false on the run runs every step again.
  json fourth = RunToEnd(pipeline, json::object(), /*cache=*/false);
  EXPECT_EQ(StepState(fourth, "a"), "Succeeded");
  EXPECT_EQ(rec_.Count("a"), 3);
}

TEST_F(ExecutorTest, StopCancelsRunningStepsAndSkipsTheRest) {
  auto pipeline = Create(Diamond(20000));
  auto run = service_->StartRun(pipeline, json::object(), true);
  ASSERT_TRUE(run.ok());
  for (int i = 0; i < 500 && rec_.Count("a") == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const auto t0 = std::chrono::steady_clock::now();
  ASSERT_TRUE(service_->StopRun(run->id).ok());
  json stopped = WaitForEnd(run->id);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(5));
  EXPECT_EQ(stopped["state"], "Stopped");
  EXPECT_EQ(StepState(stopped, "b"), "Stopped");
  EXPECT_EQ(StepState(stopped, "j"), "Skipped");
  EXPECT_FALSE(service_->StopRun(run->id).ok());  // already ended
}

TEST_F(ExecutorTest, RestartResumesFromTheLastCompletedStep) {
  auto pipeline = Create(Diamond(20000));
  auto run = service_->StartRun(pipeline, json::object(), true);
  ASSERT_TRUE(run.ok());
  for (int i = 0; i < 500 && (rec_.Count("b") == 0 || rec_.Count("c") == 0); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  // The process goes away while b and c run: they are left to resume.
  Restart();
  auto stored = store_->GetResource(kRunKind, run->id);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->state, "Executing");
  // Simulate a crash instead of a clean shutdown: the stored steps still say Running.
  json body = json::parse(stored->body_json);
  body["steps"]["b"]["state"] = "Running";
  body["steps"]["c"]["state"] = "Running";
  store::ResourceUpdate u;
  u.body_json = body.dump();
  ASSERT_TRUE(store_->UpdateResource(kRunKind, run->id, u).ok());
  // The steps are quick now; only a and the interrupted ones matter.
  ASSERT_EQ(rec_.Count("a"), 1);
  auto resumed = service_->Recover();
  ASSERT_TRUE(resumed.ok());
  EXPECT_EQ(*resumed, 1u);
  // b and c sleep 20 s each on resume too: once b runs again, check the log and stop the run.
  json state;
  for (int i = 0; i < 500; ++i) {
    state = RunToJson(*service_->GetRun(run->id), true);
    if (StepState(state, "b") == "Running") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_EQ(StepState(state, "b"), "Running");
  EXPECT_EQ(StepState(state, "a"), "Succeeded");
  EXPECT_NE(state["steps"]["b"]["log"].dump().find("interrupted by a server restart"), std::string::npos);
  ASSERT_TRUE(service_->StopRun(run->id).ok());
  json end = WaitForEnd(run->id);
  EXPECT_EQ(rec_.Count("a"), 1);  // never ran again
  EXPECT_GE(rec_.Count("b"), 2);  // ran again after the restart
}

TEST_F(ExecutorTest, ResumedRunCompletesWithoutRedoingFinishedSteps) {
  auto pipeline = Create(Diamond(0));
  json done = RunToEnd(pipeline, json::object(), false);
  ASSERT_EQ(done["state"], "Succeeded");
  // A run record as a crash leaves it: a and b done, c running, j pending.
  auto started = service_->StartRun(pipeline, json::object(), false);
  ASSERT_TRUE(started.ok());
  WaitForEnd(started->id);
  json body = json::parse(store_->GetResource(kRunKind, started->id)->body_json);
  body["steps"]["c"]["state"] = "Running";
  body["steps"]["j"]["state"] = "Pending";
  body["ended_at"] = nullptr;
  store::ResourceUpdate u;
  u.state = "Executing";
  u.body_json = body.dump();
  ASSERT_TRUE(store_->UpdateResource(kRunKind, started->id, u).ok());
  const int a_before = rec_.Count("a"), b_before = rec_.Count("b"), c_before = rec_.Count("c");
  Restart();
  ASSERT_EQ(*service_->Recover(), 1u);
  json end = WaitForEnd(started->id);
  EXPECT_EQ(end["state"], "Succeeded") << end.dump(2);
  EXPECT_EQ(rec_.Count("a"), a_before);
  EXPECT_EQ(rec_.Count("b"), b_before);
  EXPECT_EQ(rec_.Count("c"), c_before + 1);
  EXPECT_EQ(StepState(end, "j"), "Succeeded");
}

TEST_F(ExecutorTest, RetryRunsAFailedRunFromWhereItEnded) {
  rec_.failures_left["b"] = 1;  // b fails once, then works
  auto pipeline = Create(Diamond(0));
  json failed = RunToEnd(pipeline, json::object(), false);
  ASSERT_EQ(failed["state"], "Failed");
  EXPECT_EQ(StepState(failed, "j"), "Skipped");
  auto retried = service_->RetryRun(failed["id"].get<std::string>());
  ASSERT_TRUE(retried.ok()) << retried.status().ToString();
  json end = WaitForEnd(retried->id);
  EXPECT_EQ(end["state"], "Succeeded") << end.dump(2);
  EXPECT_EQ(end["retries"], 1);
  EXPECT_TRUE(end["failure_reason"].is_null());
  EXPECT_EQ(rec_.Count("a"), 1);  // finished steps keep their outputs
  EXPECT_EQ(rec_.Count("c"), 1);
  EXPECT_EQ(rec_.Count("b"), 2);
  EXPECT_EQ(StepState(end, "j"), "Succeeded");
  EXPECT_NE(end["steps"]["b"]["log"].dump().find("retry of the run"), std::string::npos);
  auto again = service_->RetryRun(end["id"].get<std::string>());
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(again.status().message().find("is Succeeded"), std::string::npos);
}

TEST_F(ExecutorTest, StartRunRefusesBadParameters) {
  json doc = Diamond(0);
  doc["parameters"] = {{"n", {{"type", "integer"}}}};
  auto pipeline = Create(doc);
  auto missing = service_->StartRun(pipeline, json::object(), true);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("parameters.n: required"), std::string::npos);
  auto wrong = service_->StartRun(pipeline, {{"n", 1.5}}, true);
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.status().message().find("must be a integer"), std::string::npos);
}

}  // namespace
}  // namespace lathe::pipelines
