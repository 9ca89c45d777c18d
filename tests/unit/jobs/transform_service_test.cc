// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// TransformService and RunBatchTransform over real stores in a temp dir, with a classification
// and a regression model trained once for the suite through TrainingService (short AutoML runs):
// one output row per input row, the prediction columns (equal to predicting the whole table at
// once), include_input, chunked output identical to one chunk, progress and lineage, stop (queued
// and running), missing columns refused before the job starts, unknown model / dataset, recovery.
#include "jobs/transform_service.h"

#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <thread>

#include <gtest/gtest.h>

#include "core/file_util.h"
#include "core/ids.h"
#include "data/csv_writer.h"
#include "jobs/batch_transform.h"
#include "jobs/training_service.h"
#include "store/store_factory.h"

namespace lathe::jobs {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

// `rows` rows: x1, x2 (floats), color (categorical), label a/b/c from x1, y = 3*x1 - x2.
data::Table ToyTable(size_t rows, bool with_x2 = true) {
  data::Column x1 = data::Column::Make("x1", data::DataType::kFloat64);
  data::Column x2 = data::Column::Make("x2", data::DataType::kFloat64);
  data::Column color = data::Column::Make("color", data::DataType::kCategorical);
  data::Column label = data::Column::Make("label", data::DataType::kCategorical);
  data::Column y = data::Column::Make("y", data::DataType::kFloat64);
  for (size_t i = 0; i < rows; ++i) {
    const double v = static_cast<double>(i * 37 % 150) / 10.0;
    const double w = static_cast<double>(i * 13 % 17) / 4.0;
    x1.AppendDouble(v);
    x2.AppendDouble(w);
    color.AppendString(i % 3 == 0 ? "red" : i % 3 == 1 ? "green" : "blue");
    label.AppendString(v < 5 ? "a" : v < 10 ? "b" : "c");
    y.AppendDouble(3 * v - w);
  }
  data::Table t;
  EXPECT_TRUE(t.AddColumn(std::move(x1)).ok());
  if (with_x2) {
    EXPECT_TRUE(t.AddColumn(std::move(x2)).ok());
  }
  EXPECT_TRUE(t.AddColumn(std::move(color)).ok());
  EXPECT_TRUE(t.AddColumn(std::move(label)).ok());
  EXPECT_TRUE(t.AddColumn(std::move(y)).ok());
  return t;
}

json Body(const store::ResourceRecord& r) { return json::parse(r.body_json); }

// Stores, datasets and two trained models, shared by every test of the suite.
struct World {
  std::string dir;
  store::Stores stores;
  std::unique_ptr<datasets::DatasetService> datasets;
  std::unique_ptr<ModelService> models;
  std::string classifier_id;
  std::string regressor_id;
};
World* g_world = nullptr;

std::string Train(World& w, const std::string& target, const std::string& name) {
  TrainingServiceOptions options;
  options.learner_threads = 1;
  TrainingService training(*w.stores.metadata, *w.stores.artifacts, *w.datasets, options);
  TrainingRequest r;
  r.dataset = "toy";
  r.target = target;
  r.budget_seconds = 5;
  r.max_trials = 2;
  r.algorithms = {"xgboost"};
  r.exclude_columns = {target == "label" ? "y" : "label"};
  r.model_name = name;
  auto job = training.Submit(r);
  EXPECT_TRUE(job.ok()) << job.status().ToString();
  if (!job.ok()) return "";
  const auto deadline = std::chrono::steady_clock::now() + 120s;
  while (std::chrono::steady_clock::now() < deadline) {
    store::ResourceRecord now = training.Get(job->id).value();
    if (IsTerminalState(now.state)) {
      EXPECT_EQ(now.state, kStateCompleted) << now.body_json;
      return Body(now).value("model_id", "");
    }
    std::this_thread::sleep_for(50ms);
  }
  ADD_FAILURE() << "training " << name << " did not end";
  return "";
}

class TransformServiceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto* w = new World();
    std::string tmpl = (std::filesystem::temp_directory_path() / "lathe-transform-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    w->dir = tmpl;
    auto stores = store::OpenEmbeddedStores({.data_dir = w->dir});
    ASSERT_TRUE(stores.ok()) << stores.status().ToString();
    w->stores = std::move(*stores);
    datasets::DatasetServiceOptions o;
    o.scratch_dir = w->stores.spool_dir;
    w->datasets =
        std::make_unique<datasets::DatasetService>(*w->stores.metadata, *w->stores.artifacts, o);
    w->models = std::make_unique<ModelService>(*w->stores.metadata, *w->stores.artifacts);
    ASSERT_TRUE(w->datasets->CreateFromTable("toy", ToyTable(150), json::object()).ok());
    g_world = w;
    w->classifier_id = Train(*w, "label", "toy-label");
    w->regressor_id = Train(*w, "y", "toy-y");
  }
  static void TearDownTestSuite() {
    if (g_world == nullptr) return;
    std::filesystem::remove_all(g_world->dir);
    delete g_world;
    g_world = nullptr;
  }
  void SetUp() override {
    ASSERT_NE(g_world, nullptr);
    ASSERT_FALSE(g_world->classifier_id.empty());
    ASSERT_FALSE(g_world->regressor_id.empty());
    Open();
  }
  void TearDown() override { service_.reset(); }
  void Open() {
    service_.reset();
    TransformServiceOptions options;
    options.scratch_dir = g_world->stores.spool_dir;
    service_ = std::make_unique<TransformService>(*g_world->stores.metadata, *g_world->datasets,
                                                  *g_world->models, options);
  }
  static datasets::DatasetService& Datasets() { return *g_world->datasets; }

  store::ResourceRecord WaitFor(const std::string& id, std::function<bool(const std::string&)> ok,
                                std::chrono::seconds timeout = 60s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    store::ResourceRecord r;
    while (std::chrono::steady_clock::now() < deadline) {
      r = service_->Get(id).value();
      if (ok(r.state)) return r;
      std::this_thread::sleep_for(10ms);
    }
    ADD_FAILURE() << "job " << id << " still " << r.state;
    return r;
  }
  store::ResourceRecord WaitEnded(const std::string& id) {
    return WaitFor(id, [](const std::string& s) { return IsTerminalState(s); });
  }
  // Runs a job to completion and returns it; fails the test if it did not complete.
  store::ResourceRecord RunToEnd(const TransformRequest& r) {
    auto job = service_->Submit(r);
    EXPECT_TRUE(job.ok()) << job.status().ToString();
    if (!job.ok()) return {};
    store::ResourceRecord done = WaitEnded(job->id);
    EXPECT_EQ(done.state, kStateCompleted) << done.body_json;
    return done;
  }
  // The output dataset's table.
  std::shared_ptr<const data::Table> Output(const store::ResourceRecord& job) {
    const json out = Body(job).value("output_dataset", json::object());
    auto record = Datasets().Get(out.value("id", ""));
    EXPECT_TRUE(record.ok()) << job.body_json;
    if (!record.ok()) return std::make_shared<data::Table>();
    return Datasets().LoadTable(*record).value();
  }

  std::unique_ptr<TransformService> service_;
};

TransformRequest Request(const std::string& model, const std::string& dataset = "toy") {
  TransformRequest r;
  r.model = model;
  r.dataset = dataset;
  return r;
}

TEST_F(TransformServiceTest, ClassifierOutputHasOneRowPerInputAndTheModelsPredictions) {
  TransformRequest r = Request("toy-label");
  r.output_name = "toy-scored";
  store::ResourceRecord done = RunToEnd(r);
  const json body = Body(done);
  EXPECT_TRUE(LooksLikeId(done.id, kTransformJobIdPrefix)) << done.id;
  EXPECT_EQ(body["progress"]["rows_done"], 150);
  EXPECT_EQ(body["progress"]["rows_total"], 150);
  EXPECT_EQ(body["output_dataset"]["name"], "toy-scored");
  EXPECT_EQ(body["output_dataset"]["rows"], 150);
  EXPECT_EQ(body["model"]["id"], g_world->classifier_id);
  EXPECT_EQ(body["problem_type"], "multiclass");

  auto out = Output(done);
  ASSERT_EQ(out->num_rows(), 150u);
  ASSERT_EQ(out->num_columns(), 4u);
  EXPECT_EQ(out->column(0).name, "predicted_label");
  EXPECT_EQ(out->column(1).name, "prob_a");
  EXPECT_EQ(out->column(2).name, "prob_b");
  EXPECT_EQ(out->column(3).name, "prob_c");
  // The same labels and probabilities as one in-memory prediction of the whole table.
  auto model = g_world->models->Get(g_world->classifier_id).value();
  auto direct = g_world->models->Predict(model, ToyTable(150)).value();
  for (size_t row = 0; row < 150; ++row) {
    EXPECT_EQ(out->column(0).StringAt(row), direct.labels[row]) << "row " << row;
    double sum = 0;
    for (size_t k = 0; k < 3; ++k) {
      const double p = out->column(1 + k).NumericAt(row);
      EXPECT_NEAR(p, direct.probabilities[row * 3 + k], 1e-6) << "row " << row;
      sum += p;
    }
    EXPECT_NEAR(sum, 1.0, 1e-4);
  }

  // Lineage names the model and the input dataset.
  auto record = Datasets().Get("toy-scored").value();
  const json lineage = json::parse(record.lineage_json);
  EXPECT_EQ(lineage["kind"], "batch_transform");
  EXPECT_EQ(lineage["model"]["id"], g_world->classifier_id);
  EXPECT_EQ(lineage["model"]["name"], "toy-label");
  EXPECT_EQ(lineage["dataset"]["name"], "toy");
  EXPECT_EQ(lineage["dataset"]["id"], Datasets().Get("toy", 1).value().id);
  EXPECT_EQ(lineage["job_id"], done.id);
}

TEST_F(TransformServiceTest, IncludeInputPutsTheInputColumnsFirstUnchanged) {
  TransformRequest r = Request("toy-label:1");
  r.include_input = true;
  r.output_name = "toy-joined";
  store::ResourceRecord done = RunToEnd(r);
  auto out = Output(done);
  const data::Table input = ToyTable(150);
  ASSERT_EQ(out->num_rows(), 150u);
  ASSERT_EQ(out->num_columns(), input.num_columns() + 4);
  for (size_t c = 0; c < input.num_columns(); ++c) {
    const data::Column& want = input.column(c);
    const data::Column& got = out->column(c);
    EXPECT_EQ(got.name, want.name);
    for (size_t row = 0; row < 150; ++row) {
      EXPECT_EQ(got.ToString(row), want.ToString(row)) << want.name << " row " << row;
    }
  }
  EXPECT_EQ(out->column(input.num_columns()).name, "predicted_label");
  EXPECT_EQ(Body(done)["columns"].size(), input.num_columns() + 4);
  // The default output name is "<dataset>-predictions".
  TransformRequest unnamed = Request("toy-label");
  store::ResourceRecord second = RunToEnd(unnamed);
  EXPECT_EQ(Body(second)["output_dataset"]["name"], "toy-predictions");
}

TEST_F(TransformServiceTest, SmallChunksGiveTheSameOutputAsOneChunk) {
  TransformRequest one = Request("toy-label");
  one.include_input = true;
  one.batch_rows = 100000;
  one.output_name = "toy-one-chunk";
  TransformRequest many = one;
  many.batch_rows = 7;
  many.output_name = "toy-many-chunks";
  store::ResourceRecord a = RunToEnd(one);
  store::ResourceRecord b = RunToEnd(many);
  EXPECT_EQ(Body(a)["chunks"], 1);
  EXPECT_EQ(Body(b)["chunks"], 22);  // ceil(150 / 7)
  EXPECT_EQ(data::ToCsv(*Output(a)), data::ToCsv(*Output(b)));
}

TEST_F(TransformServiceTest, RegressionWritesOnePredictionColumn) {
  TransformRequest r = Request(g_world->regressor_id);
  r.output_name = "toy-y-scored";
  r.batch_rows = 40;
  store::ResourceRecord done = RunToEnd(r);
  EXPECT_EQ(Body(done)["problem_type"], "regression");
  auto out = Output(done);
  ASSERT_EQ(out->num_columns(), 1u);
  EXPECT_EQ(out->column(0).name, "prediction");
  ASSERT_EQ(out->num_rows(), 150u);
  auto model = g_world->models->Get(g_world->regressor_id).value();
  auto direct = g_world->models->Predict(model, ToyTable(150)).value();
  for (size_t row = 0; row < 150; ++row) {
    EXPECT_NEAR(out->column(0).NumericAt(row), direct.values[row], 1e-4) << "row " << row;
  }
}

TEST_F(TransformServiceTest, MissingColumnIsRefusedBeforeTheJobStarts) {
  ASSERT_TRUE(Datasets().CreateFromTable("toy-no-x2", ToyTable(20, false), json::object()).ok());
  const int64_t jobs_before = service_->Count({}).value();
  auto job = service_->Submit(Request("toy-label", "toy-no-x2"));
  ASSERT_FALSE(job.ok());
  EXPECT_EQ(job.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(job.status().details().value("column", ""), "x2") << job.status().ToString();
  EXPECT_NE(job.status().message().find("'x2'"), std::string::npos) << job.status().message();
  EXPECT_EQ(service_->Count({}).value(), jobs_before) << "a job was created";
}

TEST_F(TransformServiceTest, UnknownModelDatasetAndBadOptionsAreNamed) {
  auto no_model = service_->Submit(Request("no-such-model"));
  ASSERT_FALSE(no_model.ok());
  EXPECT_EQ(no_model.status().code(), StatusCode::kNotFound);
  EXPECT_NE(no_model.status().message().find("no-such-model"), std::string::npos);
  EXPECT_EQ(no_model.status().details().value("field", ""), "model_id");
  auto no_data = service_->Submit(Request("toy-label", "no-such-data"));
  ASSERT_FALSE(no_data.ok());
  EXPECT_EQ(no_data.status().code(), StatusCode::kNotFound);
  EXPECT_NE(no_data.status().message().find("no-such-data"), std::string::npos);
  EXPECT_EQ(no_data.status().details().value("field", ""), "dataset_id");
  auto no_version = service_->Submit(Request("toy-label:9"));
  ASSERT_FALSE(no_version.ok());
  EXPECT_EQ(no_version.status().code(), StatusCode::kNotFound);
  TransformRequest zero = Request("toy-label");
  zero.batch_rows = 0;
  auto refused = service_->Submit(zero);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().details().value("field", ""), "batch_rows");
  TransformRequest bad_name = Request("toy-label");
  bad_name.output_name = "no spaces/allowed";
  refused = service_->Submit(bad_name);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().details().value("field", ""), "output_name");
}

TEST_F(TransformServiceTest, IncludeInputRefusesAColumnNamedLikeAPrediction) {
  data::Table t = ToyTable(20);
  data::Column clash = data::Column::Make("prob_b", data::DataType::kFloat64);
  for (int i = 0; i < 20; ++i) clash.AppendDouble(i);
  ASSERT_TRUE(t.AddColumn(std::move(clash)).ok());
  ASSERT_TRUE(Datasets().CreateFromTable("toy-clash", std::move(t), json::object()).ok());
  TransformRequest r = Request("toy-label", "toy-clash");
  r.include_input = true;
  auto job = service_->Submit(r);
  ASSERT_FALSE(job.ok());
  EXPECT_EQ(job.status().details().value("column", ""), "prob_b") << job.status().ToString();
  r.include_input = false;  // without the input columns there is no clash
  r.output_name = "toy-clash-scored";
  store::ResourceRecord done = RunToEnd(r);
  EXPECT_EQ(Output(done)->column(2).name, "prob_b");
}

TEST_F(TransformServiceTest, StopEndsRunningAndQueuedJobsWithoutAnOutput) {
  ASSERT_TRUE(Datasets().CreateFromTable("toy-big", ToyTable(60000), json::object()).ok());
  TransformRequest slow = Request("toy-label", "toy-big");
  slow.batch_rows = 1;  // one model call and one progress write per row: minutes if not stopped
  slow.output_name = "toy-big-stopped";
  auto running = service_->Submit(slow);
  ASSERT_TRUE(running.ok()) << running.status().ToString();
  auto queued = service_->Submit(slow);  // one job at a time: this one waits
  ASSERT_TRUE(queued.ok()) << queued.status().ToString();
  WaitFor(running->id, [](const std::string& s) { return s == kStateInProgress; });
  // Progress moves chunk by chunk.
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (Body(service_->Get(running->id).value())["progress"]["rows_done"].get<int>() < 10 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
  }
  auto q = service_->Stop(queued->id);
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  EXPECT_EQ(q->state, kStateStopped);
  auto r = service_->Stop(running->id);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->state == kStateStopping || r->state == kStateStopped) << r->state;
  store::ResourceRecord ended = WaitFor(running->id, [](const std::string& s) {
    return IsTerminalState(s);
  }, 20s);
  EXPECT_EQ(ended.state, kStateStopped);
  const json body = Body(ended);
  EXPECT_FALSE(body.contains("output_dataset"));
  const int done = body["progress"]["rows_done"];
  EXPECT_GE(done, 10);
  EXPECT_LT(done, 60000);
  EXPECT_FALSE(Datasets().Get("toy-big-stopped").ok());
  // Stopping an ended job is refused with its state.
  auto again = service_->Stop(running->id);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), StatusCode::kFailedPrecondition);
  // No scratch file is left behind.
  for (const auto& entry : std::filesystem::directory_iterator(g_world->stores.spool_dir)) {
    EXPECT_EQ(entry.path().filename().string().rfind("transform-", 0), std::string::npos)
        << entry.path();
  }
}

TEST_F(TransformServiceTest, RecoverMarksJobsOfADeadProcessFailed) {
  std::vector<std::string> ids;
  for (const char* state : {"Pending", "InProgress", "Stopping"}) {
    store::ResourceRecord r;
    r.kind = std::string(kTransformJobKind);
    r.state = state;
    r.body_json = R"({"progress":{"rows_done":3,"rows_total":9}})";
    ids.push_back(g_world->stores.metadata->CreateResource(r, kTransformJobIdPrefix).value().id);
  }
  auto recovered = service_->Recover();
  ASSERT_TRUE(recovered.ok()) << recovered.status().ToString();
  EXPECT_GE(*recovered, 3u);  // and any job an earlier test left queued
  EXPECT_EQ(service_->Get(ids[0]).value().state, kStateFailed);
  EXPECT_EQ(Body(service_->Get(ids[1]).value())["failure_reason"],
            std::string(kInterruptedReason));
  EXPECT_EQ(service_->Get(ids[2]).value().state, kStateStopped);
  EXPECT_EQ(service_->Recover().value(), 0u);
}

TEST_F(TransformServiceTest, RunBatchTransformAppendsEachChunkAndReportsProgress) {
  auto model = g_world->models->Get(g_world->classifier_id).value();
  auto servable = g_world->models->Acquire(model).value();
  const data::Table input = ToyTable(25);
  const std::string path = g_world->dir + "/direct.csv";
  BatchTransformOptions options;
  options.batch_rows = 10;
  std::vector<size_t> progress;
  auto result = RunBatchTransform(*servable, input, options, path, nullptr,
                                  [&](size_t rows) { progress.push_back(rows); });
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(progress, (std::vector<size_t>{10, 20, 25}));
  EXPECT_EQ(result->rows, 25u);
  EXPECT_EQ(result->chunks, 3u);
  EXPECT_EQ(result->bytes, std::filesystem::file_size(path));
  const std::string text = ReadFile(path).value();
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 26);  // header + 25 rows
  EXPECT_EQ(text.rfind("predicted_label,prob_a,prob_b,prob_c\n", 0), 0u) << text.substr(0, 80);
  // A raised cancel flag stops before the next chunk.
  std::atomic<bool> cancel{true};
  auto stopped = RunBatchTransform(*servable, input, options, path, &cancel, {});
  EXPECT_EQ(stopped.status().code(), StatusCode::kCancelled);
  options.batch_rows = 0;
  EXPECT_EQ(RunBatchTransform(*servable, input, options, path, nullptr, {}).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(BatchTransformTest, CheckInputColumnsNamesTheFirstMissingColumn) {
  EXPECT_TRUE(CheckInputColumns({"a", "b"}, {"b", "c", "a"}).ok());
  Status missing = CheckInputColumns({"a", "zz"}, {"a"});
  EXPECT_EQ(missing.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(missing.details().value("column", ""), "zz");
}

}  // namespace
}  // namespace lathe::jobs
