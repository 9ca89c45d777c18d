// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// The model registry of ModelService over real stores in a temp dir: uploads of model files
// (fields from the manifest, versions per name, corrupt files refused with nothing stored),
// approve / reject with their history (also under concurrent approvals), description and tag
// limits, the approval-status filter, model groups, and the registry fields of a trained model.
#include "jobs/model_service.h"

#include <stdlib.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include <gtest/gtest.h>

#include "core/ids.h"
#include "jobs/model_registry.h"
#include "jobs/training_service.h"
#include "ml/estimator.h"
#include "ml/feature_pipeline.h"
#include "ml/model_bundle.h"
#include "store/store_factory.h"

namespace lathe::jobs {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

// 120 rows: label "lo" / "hi" from x1 (x2 is noise).
data::Table TwoClassTable() {
  data::Column x1 = data::Column::Make("x1", data::DataType::kFloat64);
  data::Column x2 = data::Column::Make("x2", data::DataType::kFloat64);
  data::Column label = data::Column::Make("label", data::DataType::kCategorical);
  for (int i = 0; i < 120; ++i) {
    const double v = (i * 37 % 120) / 10.0;
    x1.AppendDouble(v);
    x2.AppendDouble((i * 13 % 17) / 4.0);
    label.AppendString(v < 6 ? "lo" : "hi");
  }
  data::Table t;
  EXPECT_TRUE(t.AddColumn(std::move(x1)).ok());
  EXPECT_TRUE(t.AddColumn(std::move(x2)).ok());
  EXPECT_TRUE(t.AddColumn(std::move(label)).ok());
  return t;
}

// A real model file: a logistic regression on TwoClassTable, with an evaluation report.
std::string MakeBundleBytes(const json& training_info = nullptr) {
  const data::Table train = TwoClassTable();
  auto problem = ml::DetectProblem(train, "label");
  EXPECT_TRUE(problem.ok()) << problem.status().ToString();
  auto y = ml::EncodeTarget(train, *problem);
  EXPECT_TRUE(y.ok());
  auto fit = ml::FeaturePipeline::Fit(train, *problem, *y);
  EXPECT_TRUE(fit.ok()) << fit.status().ToString();
  ml::LabeledData d{std::move(fit->train), *y, {}};
  auto est = ml::MakeEstimator("logistic_regression", json::object(), *problem);
  EXPECT_TRUE(est.ok()) << est.status().ToString();
  auto model = (*est)->Fit(d, nullptr, {});
  EXPECT_TRUE(model.ok()) << model.status().ToString();
  ml::ModelBundle b;
  b.problem = *problem;
  b.pipeline = fit->pipeline->ToJson();
  b.members.push_back({std::string((*model)->learner()), (*model)->Params(), *(*model)->Save()});
  b.evaluation = {{"metrics", {{"accuracy", 0.95}, {"f1_macro", 0.9}}},
                  {"primary_metric", {{"name", "accuracy"}, {"value", 0.95}}}};
  b.training_info = training_info;
  auto bytes = ml::SerializeBundle(b);
  EXPECT_TRUE(bytes.ok()) << bytes.status().ToString();
  return *bytes;
}

class ModelRegistryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "lathe-registry-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    auto stores = store::OpenEmbeddedStores({.data_dir = dir_});
    ASSERT_TRUE(stores.ok()) << stores.status().ToString();
    stores_ = std::move(*stores);
    models_ = std::make_unique<ModelService>(*stores_.metadata, *stores_.artifacts);
    bundle_ = MakeBundleBytes();
  }
  void TearDown() override {
    models_.reset();
    std::filesystem::remove_all(dir_);
  }
  store::ResourceRecord Upload(const std::string& name) {
    auto m = models_->Upload(name, bundle_, name + ".lathe-model");
    EXPECT_TRUE(m.ok()) << m.status().ToString();
    return m.ok() ? *m : store::ResourceRecord{};
  }
  static json Body(const store::ResourceRecord& r) { return json::parse(r.body_json); }
  size_t ArtifactCount() { return stores_.artifacts->List().value().size(); }
  int64_t ModelCount() { return models_->Count({}).value(); }
  // The refusal of `update`; checks the field it names.
  void ExpectInfoRefused(const ModelInfoUpdate& update, const std::string& field) {
    const store::ResourceRecord m = models_->Get("m").value();
    auto r = models_->UpdateInfo(m, update);
    ASSERT_FALSE(r.ok()) << "accepted an update bad in " << field;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(r.status().details().value("field", ""), field) << r.status().ToString();
    EXPECT_EQ(models_->Get("m")->body_json, m.body_json) << "a refused update changed the model";
  }

  std::string dir_;
  store::Stores stores_;
  std::unique_ptr<ModelService> models_;
  std::string bundle_;
};

TEST_F(ModelRegistryTest, UploadStoresAVersionWithTheFieldsOfATrainedModel) {
  const store::ResourceRecord v1 = Upload("churn");
  const store::ResourceRecord v2 = Upload("churn");
  EXPECT_EQ(v1.version, 1);
  EXPECT_EQ(v2.version, 2);
  EXPECT_EQ(v1.state, "Ready");
  EXPECT_EQ(v1.id.rfind("mdl_", 0), 0u) << v1.id;
  const json body = Body(v2);
  EXPECT_EQ(body["problem_type"], "binary");
  EXPECT_EQ(body["target"], "label");
  EXPECT_EQ(body["classes"], json({"hi", "lo"}));
  EXPECT_EQ(body["input_columns"], json({"x1", "x2"}));
  EXPECT_EQ(body["metric"], "accuracy");
  EXPECT_DOUBLE_EQ(body["test_metrics"]["accuracy"].get<double>(), 0.95);
  EXPECT_EQ(body["test_metrics"]["primary_metric"]["name"], "accuracy");
  EXPECT_EQ(body["members"][0]["learner"], "logistic_regression");
  EXPECT_EQ(body["has_recipe"], false);
  EXPECT_EQ(body["bundle_bytes"], bundle_.size());
  EXPECT_EQ(body["approval_status"], "PendingManualApproval");
  EXPECT_EQ(body["approval_history"], json::array());
  EXPECT_EQ(body["description"], "");
  EXPECT_EQ(body["tags"], json::object());
  EXPECT_EQ(body["source"], json({{"kind", "upload"}, {"file_name", "churn.lathe-model"}}));
  EXPECT_EQ(body["lineage"]["recipe"], false);
  EXPECT_TRUE(body["lineage"]["job_id"].is_null());
  // The same bytes are stored once, referenced by both versions; the model serves.
  EXPECT_EQ(ArtifactCount(), 1u);
  EXPECT_EQ(models_->BundleSha(v1).value(), body["bundle_sha256"]);
  const data::Table rows = TwoClassTable();
  auto p = models_->Predict(v2, rows);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->rows, 120u);
  size_t right = 0;
  const data::Column& label = rows.column(2);
  for (size_t row = 0; row < p->rows; ++row) right += p->labels[row] == label.StringAt(row);
  EXPECT_GT(right, 100u) << "the uploaded model does not predict like the one built";
}

TEST_F(ModelRegistryTest, UploadTakesInputColumnsAndLineageFromTrainingInfo) {
  bundle_ = MakeBundleBytes({{"input_columns", {"x2", "x1"}},
                             {"dataset", {{"id", "ds_1"}, {"name", "toy"}, {"version", 3}}},
                             {"seed", 7},
                             {"train_rows", 96}});
  const json body = Body(Upload("m"));
  EXPECT_EQ(body["input_columns"], json({"x2", "x1"}));
  EXPECT_EQ(body["lineage"]["dataset"]["name"], "toy");
  EXPECT_EQ(body["lineage"]["parameters"]["seed"], 7);
  EXPECT_EQ(body["train_rows"], 96);
}

TEST_F(ModelRegistryTest, CorruptUploadsAreRefusedNamingThePartAndStoreNothing) {
  struct Case {
    std::string what, bytes, expected;
  };
  std::string flipped = bundle_;
  flipped[flipped.size() - 10] ^= 0x5A;  // inside the learner's blob
  std::string header = bundle_;
  header[13] ^= 0x01;  // the blob count
  const std::vector<Case> cases = {
      {"a flipped learner byte", flipped, "checksum mismatch"},
      {"a damaged header", header, "model file:"},
      {"a truncated file", bundle_.substr(0, bundle_.size() / 2), "truncated"},
      {"a CSV file", "x1,x2,label\n1,2,lo\n", "missing LATHEMDL magic"},
      {"an empty body", "", "the body is empty"},
      {"trailing garbage", bundle_ + "junk", "unexpected bytes after the last blob"},
  };
  for (const Case& c : cases) {
    auto r = models_->Upload("m", c.bytes, "bad.lathe-model");
    ASSERT_FALSE(r.ok()) << c.what << " was accepted";
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << c.what;
    EXPECT_NE(r.status().message().find("bad.lathe-model"), std::string::npos)
        << c.what << ": " << r.status().message();
    EXPECT_NE(r.status().message().find(c.expected), std::string::npos)
        << c.what << ": " << r.status().message();
  }
  EXPECT_EQ(ModelCount(), 0);
  EXPECT_EQ(ArtifactCount(), 0u);
}

TEST_F(ModelRegistryTest, UploadRefusesABadNameOrFileName) {
  auto r = models_->Upload("no spaces", bundle_, "f.lathe-model");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().details().value("field", ""), "name");
  r = models_->Upload("m", bundle_, std::string(300, 'f'));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().details().value("field", ""), "file_name");
  // A path is reduced to its file name.
  r = models_->Upload("m", bundle_, "/home/me/models/v3.lathe-model");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Body(*r)["source"]["file_name"], "v3.lathe-model");
  EXPECT_EQ(ModelCount(), 1);
}

TEST_F(ModelRegistryTest, ApproveAndRejectAppendToTheHistory) {
  const store::ResourceRecord m = Upload("m");
  auto approved = models_->Approve(m, "good on holdout");
  ASSERT_TRUE(approved.ok()) << approved.status().ToString();
  EXPECT_EQ(ApprovalStatusOf(*approved), "Approved");
  // Approving twice is allowed and recorded; the stale `m` is re-read, not written back.
  ASSERT_TRUE(models_->Approve(m, "").ok());
  auto rejected = models_->Reject(m, "drift found");
  ASSERT_TRUE(rejected.ok());
  const json history = Body(*rejected)["approval_history"];
  ASSERT_EQ(history.size(), 3u) << history.dump();
  EXPECT_EQ(history[0]["status"], "Approved");
  EXPECT_EQ(history[0]["previous_status"], "PendingManualApproval");
  EXPECT_EQ(history[0]["reason"], "good on holdout");
  EXPECT_EQ(history[1]["status"], "Approved");
  EXPECT_EQ(history[1]["previous_status"], "Approved");
  EXPECT_EQ(history[2]["status"], "Rejected");
  EXPECT_EQ(history[2]["reason"], "drift found");
  EXPECT_FALSE(history[2]["at"].get<std::string>().empty());
  EXPECT_EQ(Body(models_->Get(m.id).value())["approval_status"], "Rejected");
  // Registry changes keep the rest of the body.
  EXPECT_EQ(Body(*rejected)["problem_type"], "binary");

  auto too_long = models_->Approve(m, std::string(2000, 'r'));
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.status().details().value("field", ""), "reason");
}

TEST_F(ModelRegistryTest, ConcurrentApprovalsAreAllRecorded) {
  const store::ResourceRecord m = Upload("m");
  constexpr int kThreads = 4, kEach = 10;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto r = (t % 2 == 0) ? models_->Approve(m, "t" + std::to_string(t))
                              : models_->Reject(m, "t" + std::to_string(t));
        if (!r.ok()) ++failures;
      }
    });
  }
  // Description changes at the same time must not drop approvals either (nor be dropped).
  ModelInfoUpdate info;
  info.description = "concurrent";
  ASSERT_TRUE(models_->UpdateInfo(m, info).ok());
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  const json body = Body(models_->Get(m.id).value());
  EXPECT_EQ(body["approval_history"].size(), static_cast<size_t>(kThreads * kEach));
  EXPECT_EQ(body["description"], "concurrent");
}

TEST_F(ModelRegistryTest, UpdateInfoChangesOnlyWhatIsGiven) {
  const store::ResourceRecord m = Upload("m");
  ModelInfoUpdate a;
  a.tags = std::map<std::string, std::string>{{"team", "risk"}, {"stage", "canary"}};
  ASSERT_TRUE(models_->UpdateInfo(m, a).ok());
  ModelInfoUpdate b;
  b.description = "Churn model, March data";
  auto r = models_->UpdateInfo(m, b);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Body(*r)["description"], "Churn model, March data");
  EXPECT_EQ(Body(*r)["tags"], json({{"stage", "canary"}, {"team", "risk"}}));
  ModelInfoUpdate c;
  c.tags = std::map<std::string, std::string>{};  // replaces the set: no tags
  r = models_->UpdateInfo(m, c);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Body(*r)["tags"], json::object());
  EXPECT_EQ(Body(*r)["description"], "Churn model, March data");
}

TEST_F(ModelRegistryTest, UpdateInfoEnforcesTheLimitsNamingTheField) {
  Upload("m");
  ModelInfoUpdate u;
  u.description = std::string(4097, 'd');
  ExpectInfoRefused(u, "description");
  u.description = std::string("bad \xC3\x28 utf8");
  ExpectInfoRefused(u, "description");

  ModelInfoUpdate many;
  many.tags.emplace();
  for (int i = 0; i < 51; ++i) (*many.tags)["k" + std::to_string(i)] = "v";
  ExpectInfoRefused(many, "tags");

  ModelInfoUpdate long_key;
  long_key.tags = std::map<std::string, std::string>{{std::string(129, 'k'), "v"}};
  ExpectInfoRefused(long_key, "tags");
  ModelInfoUpdate empty_key;
  empty_key.tags = std::map<std::string, std::string>{{"", "v"}};
  ExpectInfoRefused(empty_key, "tags");
  ModelInfoUpdate long_value;
  long_value.tags = std::map<std::string, std::string>{{"env", std::string(257, 'v')}};
  ExpectInfoRefused(long_value, "tags.env");

  // Limits count characters, not bytes: 256 two-byte characters are fine, and so are exactly
  // 50 tags, a 128-character key and 4 KiB of description.
  ModelInfoUpdate at_limits;
  std::string accents;
  for (int i = 0; i < 256; ++i) accents += "\xC3\xA9";
  at_limits.description = std::string(4096, 'd');
  at_limits.tags.emplace();
  (*at_limits.tags)[std::string(128, 'k')] = accents;
  for (int i = 0; i < 49; ++i) (*at_limits.tags)["k" + std::to_string(i)] = "v";
  auto r = models_->UpdateInfo(models_->Get("m").value(), at_limits);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Body(*r)["tags"].size(), 50u);
}

TEST_F(ModelRegistryTest, ListFiltersByApprovalStatus) {
  const store::ResourceRecord a = Upload("a");
  const store::ResourceRecord b = Upload("b");
  Upload("c");
  ASSERT_TRUE(models_->Approve(a, "").ok());
  ASSERT_TRUE(models_->Reject(b, "").ok());
  auto approved = models_->List({}, "Approved");
  ASSERT_TRUE(approved.ok());
  ASSERT_EQ(approved->size(), 1u);
  EXPECT_EQ((*approved)[0].id, a.id);
  EXPECT_EQ(models_->Count({}, "PendingManualApproval").value(), 1);
  EXPECT_EQ(models_->Count({}, "Rejected").value(), 1);
  EXPECT_EQ(models_->Count({}, "").value(), 3);
  store::ResourceListOptions page;
  page.limit = 1;
  page.offset = 1;
  EXPECT_EQ(models_->List(page, "Approved")->size(), 0u);
  auto bad = models_->List({}, "approved");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().details().value("field", ""), "approval_status");
}

TEST_F(ModelRegistryTest, GroupsCountVersionsAndPointAtTheApprovedOne) {
  const store::ResourceRecord a1 = Upload("alpha");
  const store::ResourceRecord a2 = Upload("alpha");
  const store::ResourceRecord a3 = Upload("alpha");
  Upload("beta");
  ASSERT_TRUE(models_->Approve(a1, "").ok());
  ASSERT_TRUE(models_->Approve(a2, "").ok());
  ASSERT_TRUE(models_->Reject(a3, "").ok());
  auto groups = models_->ListGroups();
  ASSERT_TRUE(groups.ok());
  ASSERT_EQ(groups->size(), 2u);
  const ModelGroup& alpha = (*groups)[0];
  EXPECT_EQ(alpha.name, "alpha");
  EXPECT_EQ(alpha.versions, 3);
  EXPECT_EQ(alpha.latest_version, 3);
  EXPECT_EQ(alpha.latest_id, a3.id);
  ASSERT_TRUE(alpha.approved_version.has_value());
  EXPECT_EQ(*alpha.approved_version, 2);
  EXPECT_EQ(*alpha.approved_id, a2.id);
  EXPECT_EQ((*groups)[1].name, "beta");
  EXPECT_FALSE((*groups)[1].approved_version.has_value());
  EXPECT_TRUE(ModelGroupToJson((*groups)[1])["approved_version"].is_null());
  // Deleting a version is reflected.
  ASSERT_TRUE(models_->Delete(a3).ok());
  EXPECT_EQ(models_->ListGroups().value()[0].versions, 2);
  EXPECT_EQ(models_->ListGroups().value()[0].latest_version, 2);
}

TEST_F(ModelRegistryTest, ModelsStoredBeforeTheRegistryGetDefaults) {
  // A body as the first release wrote it: no registry fields.
  store::ResourceRecord old;
  old.kind = std::string(kModelKind);
  old.name = "legacy";
  old.state = "Ready";
  old.body_json = json({{"job_id", "job_1"},
                        {"dataset", {{"id", "ds_1"}, {"name", "d"}, {"version", 1}}},
                        {"has_recipe", true}})
                      .dump();
  auto stored = stores_.metadata->CreateResource(old, kModelIdPrefix);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(ApprovalStatusOf(*stored), "PendingManualApproval");
  const json view = RegistryDefaults(ParseModelBody(*stored));
  EXPECT_EQ(view["source"], json({{"kind", "training_job"}, {"job_id", "job_1"}}));
  EXPECT_EQ(view["lineage"]["recipe"], true);
  EXPECT_EQ(view["lineage"]["dataset"]["name"], "d");
  EXPECT_EQ(models_->Count({}, "PendingManualApproval").value(), 1);
  auto approved = models_->Approve(*stored, "ok");
  ASSERT_TRUE(approved.ok()) << approved.status().ToString();
  EXPECT_EQ(Body(*approved)["approval_history"].size(), 1u);
  EXPECT_EQ(Body(*approved)["job_id"], "job_1");
}

TEST(ModelRegistryTrainingTest, TrainedModelsCarryRegistryFieldsAndLineage) {
  std::string tmpl = (std::filesystem::temp_directory_path() / "lathe-registry-XXXXXX").string();
  ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
  const std::string dir = tmpl;
  {
    auto stores = store::OpenEmbeddedStores({.data_dir = dir});
    ASSERT_TRUE(stores.ok()) << stores.status().ToString();
    datasets::DatasetServiceOptions o;
    o.scratch_dir = stores->spool_dir;
    datasets::DatasetService datasets(*stores->metadata, *stores->artifacts, o);
    auto ds = datasets.CreateFromTable("toy", TwoClassTable(), json::object());
    ASSERT_TRUE(ds.ok()) << ds.status().ToString();
    TrainingServiceOptions options;
    options.learner_threads = 1;
    TrainingService training(*stores->metadata, *stores->artifacts, datasets, options);
    TrainingRequest r;
    r.dataset = "toy";
    r.target = "label";
    r.budget_seconds = 10;
    r.algorithms = {"logistic_regression"};
    r.max_trials = 1;
    r.seed = 9;
    auto job = training.Submit(r);
    ASSERT_TRUE(job.ok()) << job.status().ToString();
    store::ResourceRecord finished;
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (std::chrono::steady_clock::now() < deadline) {
      finished = training.Get(job->id).value();
      if (IsTerminalState(finished.state)) break;
      std::this_thread::sleep_for(20ms);
    }
    ASSERT_EQ(finished.state, "Completed") << finished.body_json;
    const std::string model_id = json::parse(finished.body_json)["model_id"];
    ModelService models(*stores->metadata, *stores->artifacts);
    const json body = json::parse(models.Get(model_id).value().body_json);
    EXPECT_EQ(body["approval_status"], "PendingManualApproval");
    EXPECT_EQ(body["approval_history"], json::array());
    EXPECT_EQ(body["description"], "");
    EXPECT_EQ(body["tags"], json::object());
    EXPECT_EQ(body["source"], json({{"kind", "training_job"}, {"job_id", job->id}}));
    EXPECT_EQ(body["lineage"]["job_id"], job->id);
    EXPECT_EQ(body["lineage"]["recipe"], false);
    EXPECT_EQ(body["lineage"]["dataset"]["id"], ds->id);
    EXPECT_EQ(body["lineage"]["dataset"]["version"], 1);
    EXPECT_EQ(body["lineage"]["parameters"]["target"], "label");
    EXPECT_EQ(body["lineage"]["parameters"]["seed"], 9);
    EXPECT_EQ(body["lineage"]["parameters"]["algorithms"], json({"logistic_regression"}));
    // The trained model's own fields are still there.
    EXPECT_EQ(body["problem_type"], "binary");
    EXPECT_EQ(body["input_columns"], json({"x1", "x2"}));
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace lathe::jobs
