// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// TrainingService over real stores in a temp dir: request validation, the state machine
// (Pending -> InProgress -> Completed / Stopping -> Stopped / Failed), the event log and its
// artifact, recovery after a "crash" and shutdown. AutoML runs for real with budgets of seconds.
#include "jobs/training_service.h"

#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include <gtest/gtest.h>

#include "core/ids.h"
#include "jobs/model_service.h"
#include "store/store_factory.h"

namespace lathe::jobs {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

// 150 rows: label a/b/c from x1 (with a little overlap via x2), a constant and a noise column.
data::Table ThreeClassTable() {
  data::Column x1 = data::Column::Make("x1", data::DataType::kFloat64);
  data::Column x2 = data::Column::Make("x2", data::DataType::kFloat64);
  data::Column constant = data::Column::Make("constant", data::DataType::kCategorical);
  data::Column label = data::Column::Make("label", data::DataType::kCategorical);
  for (int i = 0; i < 150; ++i) {
    const double v = (i * 37 % 150) / 10.0;
    x1.AppendDouble(v);
    x2.AppendDouble((i * 13 % 17) / 4.0);
    constant.AppendString("same");
    label.AppendString(v < 5 ? "a" : v < 10 ? "b" : "c");
  }
  data::Table t;
  EXPECT_TRUE(t.AddColumn(std::move(x1)).ok());
  EXPECT_TRUE(t.AddColumn(std::move(x2)).ok());
  EXPECT_TRUE(t.AddColumn(std::move(constant)).ok());
  EXPECT_TRUE(t.AddColumn(std::move(label)).ok());
  return t;
}

class TrainingServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "lathe-jobs-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    auto stores = store::OpenEmbeddedStores({.data_dir = dir_});
    ASSERT_TRUE(stores.ok()) << stores.status().ToString();
    stores_ = std::move(*stores);
    datasets::DatasetServiceOptions o;
    o.scratch_dir = stores_.spool_dir;
    datasets_ =
        std::make_unique<datasets::DatasetService>(*stores_.metadata, *stores_.artifacts, o);
    auto ds = datasets_->CreateFromTable("toy", ThreeClassTable(), json::object());
    ASSERT_TRUE(ds.ok()) << ds.status().ToString();
    Open();
  }
  void TearDown() override {
    service_.reset();
    std::filesystem::remove_all(dir_);
  }
  void Open(TrainingServiceOptions options = {}) {
    service_.reset();
    options.learner_threads = 1;
    service_ = std::make_unique<TrainingService>(*stores_.metadata, *stores_.artifacts, *datasets_,
                                                 options);
  }
  static TrainingRequest Request(double budget) {
    TrainingRequest r;
    r.dataset = "toy";
    r.target = "label";
    r.budget_seconds = budget;
    return r;
  }
  // The status of a refused request; checks the field it names.
  void ExpectRefused(const TrainingRequest& r, const std::string& field) {
    auto job = service_->Submit(r);
    ASSERT_FALSE(job.ok()) << "accepted a request that is bad in " << field;
    EXPECT_EQ(job.status().code(), StatusCode::kInvalidArgument) << job.status().ToString();
    EXPECT_EQ(job.status().details().value("field", ""), field) << job.status().ToString();
    EXPECT_EQ(job.status().message().rfind(field + ":", 0), 0u) << job.status().message();
  }
  store::ResourceRecord WaitFor(const std::string& id, std::function<bool(const std::string&)> ok,
                                std::chrono::seconds timeout = 60s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    store::ResourceRecord r;
    while (std::chrono::steady_clock::now() < deadline) {
      r = service_->Get(id).value();
      if (ok(r.state)) return r;
      std::this_thread::sleep_for(20ms);
    }
    ADD_FAILURE() << "job " << id << " still " << r.state;
    return r;
  }
  store::ResourceRecord WaitEnded(const std::string& id) {
    return WaitFor(id, [](const std::string& s) { return IsTerminalState(s); });
  }
  static json Body(const store::ResourceRecord& r) { return json::parse(r.body_json); }
  static std::vector<std::string> Types(const EventLog& log) {
    std::vector<std::string> out;
    for (const json& e : log.Since(0)) out.push_back(e["type"]);
    return out;
  }

  std::string dir_;
  store::Stores stores_;
  std::unique_ptr<datasets::DatasetService> datasets_;
  std::unique_ptr<TrainingService> service_;
};

TEST_F(TrainingServiceTest, SubmitRefusesBadInputNamingTheField) {
  TrainingRequest r = Request(5);
  r.target = "nope";
  ExpectRefused(r, "target");
  r = Request(0);
  ExpectRefused(r, "budget_s");
  r = Request(-3);
  ExpectRefused(r, "budget_s");
  r = Request(99999);
  ExpectRefused(r, "budget_s");
  r = Request(5);
  r.target = "constant";
  ExpectRefused(r, "target");
  r = Request(5);
  r.exclude_columns = {"x2", "missing"};
  ExpectRefused(r, "exclude_columns[1]");
  r = Request(5);
  r.metric = "no_such_metric";
  ExpectRefused(r, "metric");
  r = Request(5);
  r.metric = "rmse";  // a regression metric on a classification target
  ExpectRefused(r, "metric");
  r = Request(5);
  r.algorithms = {"xgboost", "telepathy"};
  ExpectRefused(r, "algorithms[1]");
  r = Request(5);
  r.problem_type = "sideways";
  ExpectRefused(r, "problem_type");
  r = Request(5);
  r.test_fraction = 0.9;
  ExpectRefused(r, "test_fraction");
  r = Request(5);
  r.recipe = {{"steps", {{{"op", "no_such_op"}}}}};
  ExpectRefused(r, "recipe");
  r = Request(5);
  r.dataset = "unknown";
  auto missing = service_->Submit(r);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  // Nothing was stored for any of them.
  EXPECT_EQ(service_->Count({}).value(), 0);
}

TEST_F(TrainingServiceTest, JobCompletesWithAModelEventsAndLeaderboard) {
  TrainingRequest r = Request(3);
  r.max_trials = 4;
  auto submitted = service_->Submit(r);
  ASSERT_TRUE(submitted.ok()) << submitted.status().ToString();
  EXPECT_EQ(submitted->state, kStatePending);
  EXPECT_TRUE(LooksLikeId(submitted->id, kJobIdPrefix));
  store::ResourceRecord done = WaitEnded(submitted->id);
  ASSERT_EQ(done.state, kStateCompleted) << done.body_json;
  json body = Body(done);
  EXPECT_EQ(body["stage"], "done");
  EXPECT_EQ(body["problem_type"], "multiclass");
  EXPECT_EQ(body["model_name"], "toy-label");
  EXPECT_EQ(body["rows"]["test"], 30);  // 20 % of 150, stratified
  EXPECT_EQ(body["rows"]["train"], 120);
  EXPECT_GE(body["progress"]["trials_done"].get<int>(), 1);
  const double accuracy = body["test_metrics"]["accuracy"];
  EXPECT_GT(accuracy, 0.7);
  EXPECT_EQ(done.artifacts.size(), 2u);  // leaderboard + event log

  // The event log: in order, closed, ending with the job's terminal event. The service writes the
  // final state first and closes the live log right after (training_service.cc), so a reader that
  // saw the state may briefly find it open.
  auto log = service_->Events(done.id);
  ASSERT_TRUE(log.ok());
  for (int i = 0; i < 500 && !(*log)->closed(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE((*log)->closed());
  std::vector<std::string> types = Types(**log);
  ASSERT_GE(types.size(), 6u);
  EXPECT_EQ(types.front(), "job_queued");
  EXPECT_EQ(types.back(), "job_finished");
  auto pos = [&](const std::string& t) {
    return std::find(types.begin(), types.end(), t) - types.begin();
  };
  EXPECT_LT(pos("job_started"), pos("trial_finished"));
  EXPECT_LT(pos("trial_finished"), pos("finished"));
  EXPECT_LT(pos("finished"), pos("model_saved"));
  const json last = (*log)->Since((*log)->last_seq() - 1).front();
  EXPECT_EQ(last["state"], "Completed");
  EXPECT_EQ(last["model_id"], body["model_id"]);

  // The model: a resource with its bundle, loadable and predicting the three classes.
  ModelService models(*stores_.metadata, *stores_.artifacts);
  auto model = models.Get(body["model_id"].get<std::string>());
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  EXPECT_EQ(model->name, "toy-label");
  auto manifest = models.Manifest(*model);
  ASSERT_TRUE(manifest.ok());
  const json& cm = (*manifest)["evaluation"]["confusion_matrix"]["counts"];
  int total = 0;
  for (const json& row : cm) {
    for (const json& c : row) total += c.get<int>();
  }
  EXPECT_EQ(total, 30);
  // Example test rows per confusion-matrix cell: the counts add up, each row is of its class.
  const json& cells = (*manifest)["evaluation"]["examples"]["cells"];
  int example_total = 0;
  for (const json& cell : cells) {
    example_total += cell["count"].get<int>();
    EXPECT_LE(cell["rows"].size(), 10u);
    EXPECT_EQ(cell["rows"].size(), std::min<size_t>(10, cell["count"].get<size_t>()));
    for (const json& row : cell["rows"]) EXPECT_EQ(row["values"]["label"], cell["actual"]) << row.dump();
  }
  EXPECT_EQ(example_total, 30);
  auto prediction = models.Predict(*model, ThreeClassTable());
  ASSERT_TRUE(prediction.ok()) << prediction.status().ToString();
  EXPECT_EQ(prediction->rows, 150u);
  EXPECT_EQ(prediction->classes, (std::vector<std::string>{"a", "b", "c"}));

  // The final leaderboard (with the ensemble) and a second Events() read from the artifact.
  auto board = service_->Leaderboard(done.id);
  ASSERT_TRUE(board.ok());
  EXPECT_TRUE((*board)["final"].get<bool>());
  EXPECT_FALSE((*board)["entries"].empty());
  Open();  // a new service: the log comes back from the artifact store
  auto replay = service_->Events(done.id);
  ASSERT_TRUE(replay.ok()) << replay.status().ToString();
  EXPECT_EQ(Types(**replay), types);
}

TEST_F(TrainingServiceTest, StopEndsARunningJobStoppedWithinSeconds) {
  auto job = service_->Submit(Request(120));
  ASSERT_TRUE(job.ok()) << job.status().ToString();
  WaitFor(job->id, [](const std::string& s) { return s == kStateInProgress; });
  std::this_thread::sleep_for(500ms);
  const auto start = std::chrono::steady_clock::now();
  auto stopping = service_->Stop(job->id);
  ASSERT_TRUE(stopping.ok()) << stopping.status().ToString();
  EXPECT_TRUE(stopping->state == kStateStopping || stopping->state == kStateStopped);
  store::ResourceRecord done = WaitEnded(job->id);
  EXPECT_EQ(done.state, kStateStopped);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  auto again = service_->Stop(job->id);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), StatusCode::kFailedPrecondition);
  auto log = service_->Events(job->id);
  ASSERT_TRUE(log.ok());
  EXPECT_EQ(Types(**log).back(), "job_finished");
}

TEST_F(TrainingServiceTest, QueuedJobStopsAtOnceWithoutRunning) {
  auto first = service_->Submit(Request(120));
  auto second = service_->Submit(Request(120));
  ASSERT_TRUE(first.ok() && second.ok());
  WaitFor(first->id, [](const std::string& s) { return s == kStateInProgress; });
  EXPECT_EQ(service_->Get(second->id)->state, kStatePending);
  auto stopped = service_->Stop(second->id);
  ASSERT_TRUE(stopped.ok());
  EXPECT_EQ(stopped->state, kStateStopped);
  EXPECT_FALSE(Body(*stopped).contains("started_at"));
  ASSERT_TRUE(service_->Stop(first->id).ok());
  EXPECT_EQ(WaitEnded(first->id).state, kStateStopped);
}

TEST_F(TrainingServiceTest, RecoverMarksJobsOfADeadProcessFailed) {
  for (const char* state : {"Pending", "InProgress"}) {
    store::ResourceRecord r;
    r.kind = std::string(kJobKind);
    r.state = state;
    r.body_json = R"({"stage":"searching"})";
    ASSERT_TRUE(stores_.metadata->CreateResource(r, kJobIdPrefix).ok());
  }
  auto recovered = service_->Recover();
  ASSERT_TRUE(recovered.ok());
  EXPECT_EQ(*recovered, 2u);
  auto jobs = service_->List({});
  ASSERT_TRUE(jobs.ok());
  for (const store::ResourceRecord& r : *jobs) {
    EXPECT_EQ(r.state, kStateFailed);
    EXPECT_EQ(Body(r)["failure_reason"], std::string(kInterruptedReason));
    auto log = service_->Events(r.id);
    ASSERT_TRUE(log.ok());
    EXPECT_TRUE((*log)->closed());
    EXPECT_EQ(Types(**log), std::vector<std::string>{"job_finished"});
  }
  EXPECT_EQ(service_->Recover().value(), 0u);
}

TEST_F(TrainingServiceTest, ShutdownFailsTheRunningJobQuickly) {
  auto job = service_->Submit(Request(120));
  ASSERT_TRUE(job.ok());
  WaitFor(job->id, [](const std::string& s) { return s == kStateInProgress; });
  const auto start = std::chrono::steady_clock::now();
  service_->Shutdown();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  store::ResourceRecord r = service_->Get(job->id).value();
  EXPECT_EQ(r.state, kStateFailed);
  EXPECT_NE(Body(r)["failure_reason"].get<std::string>().find("interrupted"), std::string::npos);
  EXPECT_EQ(service_->Submit(Request(5)).status().code(), StatusCode::kUnavailable);
}

}  // namespace
}  // namespace lathe::jobs

namespace lathe::jobs {
namespace {

// An integer target with three values is detected as multiclass; asked for, it trains as a
// regression (and a binary request on three values is refused, naming problem_type).
TEST_F(TrainingServiceTest, ProblemTypeOverridesTheDetection) {
  data::Table t = ThreeClassTable();
  data::Column level = data::Column::Make("level", data::DataType::kInt64);
  for (size_t i = 0; i < t.num_rows(); ++i) level.AppendInt(static_cast<int64_t>(t.columns()[0].DoubleAt(i) / 5));
  ASSERT_TRUE(t.AddColumn(std::move(level)).ok());
  ASSERT_TRUE(datasets_->CreateFromTable("levels", std::move(t), json::object()).ok());
  TrainingRequest r = Request(3);
  r.dataset = "levels";
  r.target = "level";
  r.exclude_columns = {"label"};
  r.max_trials = 2;
  r.problem_type = "binary";
  ExpectRefused(r, "problem_type");
  r.problem_type = "regression";
  auto submitted = service_->Submit(r);
  ASSERT_TRUE(submitted.ok()) << submitted.status().ToString();
  store::ResourceRecord done = WaitEnded(submitted->id);
  ASSERT_EQ(done.state, kStateCompleted) << done.body_json;
  json body = Body(done);
  EXPECT_EQ(body["problem_type"], "regression");
  EXPECT_TRUE(body["test_metrics"].contains("rmse")) << body["test_metrics"].dump();
  EXPECT_FALSE(body["test_metrics"].contains("accuracy"));
}

}  // namespace
}  // namespace lathe::jobs
