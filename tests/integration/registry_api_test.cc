// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// The model registry through the real server (docs/api/deploy.md, "Registry"): a model trained
// on iris starts PendingManualApproval with its lineage, is approved (twice, both recorded),
// described and tagged; its downloaded file uploaded under another name becomes a model that
// predicts the same; model groups and the approval filter; the CLI's approve / reject / upload /
// groups / list. Bad input: corrupt or empty uploads (400 naming the broken part, nothing
// stored), unknown PATCH fields, over-long tags, unknown statuses and models.
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

#include "integration/server_fixture.h"

namespace lathe::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

class RegistryApiTest : public ServerTest {
 protected:
  // Uploads iris and trains one logistic regression on it; returns the model id.
  std::string TrainIrisModel() {
    std::ifstream in(TestDataPath("iris.csv"), std::ios::binary);
    std::string csv((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    HttpResult up = Post(server().url("/api/v1/datasets?name=iris"), csv, "text/csv");
    EXPECT_EQ(up.status, 201) << up;
    const json request = {{"dataset", "iris"},          {"target", "species"},
                          {"budget_s", 20},             {"max_trials", 1},
                          {"algorithms", {"logistic_regression"}}, {"model_name", "iris-species"},
                          {"seed", 5}};
    HttpResult created =
        Post(server().url("/api/v1/training-jobs"), request.dump(), "application/json");
    EXPECT_EQ(created.status, 202) << created;
    const std::string job_id = created.Json().value("id", "");
    json job;
    const auto deadline = std::chrono::steady_clock::now() + 90s;
    while (std::chrono::steady_clock::now() < deadline) {
      job = Get(server().url("/api/v1/training-jobs/" + job_id)).Json();
      const std::string state = job.value("state", "");
      if (state == "Completed" || state == "Failed" || state == "Stopped") break;
      std::this_thread::sleep_for(100ms);
    }
    EXPECT_EQ(job.value("state", ""), "Completed") << job.dump();
    job_id_ = job_id;
    return job.value("model_id", "");
  }
  HttpResult SendJson(const std::string& method, const std::string& path, const json& body) {
    return Send(method, server().url(path), body.dump(), "application/json");
  }
  HttpResult UploadBytes(const std::string& query, const std::string& bytes) {
    return Post(server().url("/api/v1/models" + query), bytes, "application/octet-stream");
  }
  // Files under the artifact store (the bundles and everything else that is stored).
  size_t ArtifactFiles() {
    size_t n = 0;
    for (const auto& e :
         std::filesystem::recursive_directory_iterator(server().data_dir() / "artifacts")) {
      n += e.is_regular_file();
    }
    return n;
  }
  static void ExpectFieldError(const HttpResult& r, const std::string& field) {
    EXPECT_EQ(r.status, 400) << r;
    const json error = r.Json()["error"];
    EXPECT_EQ(error.value("code", ""), "ValidationError") << r;
    EXPECT_EQ(error["details"].value("field", ""), field) << r;
  }

  std::string job_id_;
};

TEST_F(RegistryApiTest, TrainApproveDescribeUploadAndGroup) {
  const std::string id = TrainIrisModel();
  ASSERT_FALSE(id.empty());
  json model = Get(server().url("/api/v1/models/" + id)).Json();
  EXPECT_EQ(model["approval_status"], "PendingManualApproval");
  EXPECT_EQ(model["source"], json({{"kind", "training_job"}, {"job_id", job_id_}}));
  EXPECT_EQ(model["lineage"]["dataset"]["name"], "iris");
  EXPECT_EQ(model["lineage"]["parameters"]["target"], "species");
  EXPECT_EQ(model["lineage"]["parameters"]["max_trials"], 1);

  HttpResult approved = SendJson("POST", "/api/v1/models/" + id + "/approve",
                                 {{"reason", "accuracy above 0.9"}});
  ASSERT_EQ(approved.status, 200) << approved;
  EXPECT_EQ(approved.Json()["approval_status"], "Approved");
  // A second approval, without a body, is recorded too.
  HttpResult again = Post(server().url("/api/v1/models/iris-species/approve"), "", "");
  ASSERT_EQ(again.status, 200) << again;
  const json history = again.Json()["approval_history"];
  ASSERT_EQ(history.size(), 2u) << history.dump();
  EXPECT_EQ(history[0]["reason"], "accuracy above 0.9");
  EXPECT_EQ(history[1]["reason"], "");

  HttpResult patched = SendJson("PATCH", "/api/v1/models/" + id,
                                {{"description", "Iris species, v1"},
                                 {"tags", {{"team", "botany"}, {"stage", "prod"}}}});
  ASSERT_EQ(patched.status, 200) << patched;
  model = Get(server().url("/api/v1/models/" + id)).Json();
  EXPECT_EQ(model["description"], "Iris species, v1");
  EXPECT_EQ(model["tags"]["team"], "botany");
  EXPECT_EQ(model["approval_status"], "Approved") << "PATCH must not touch the approval";

  // Download the file and upload it as a new model group.
  HttpResult file = Get(server().url("/api/v1/models/" + id + "/download"));
  ASSERT_EQ(file.status, 200);
  HttpResult uploaded = UploadBytes("?name=iris-copy&file_name=iris.lathe-model", file.body);
  ASSERT_EQ(uploaded.status, 201) << uploaded;
  const json copy = uploaded.Json();
  EXPECT_EQ(uploaded.Header("location"), "/api/v1/models/" + copy["id"].get<std::string>());
  EXPECT_EQ(copy["name"], "iris-copy");
  EXPECT_EQ(copy["version"], 1);
  EXPECT_EQ(copy["approval_status"], "PendingManualApproval");
  EXPECT_EQ(copy["source"], json({{"kind", "upload"}, {"file_name", "iris.lathe-model"}}));
  EXPECT_EQ(copy["problem_type"], model["problem_type"]);
  EXPECT_EQ(copy["classes"], model["classes"]);
  EXPECT_EQ(copy["input_columns"], model["input_columns"]);
  EXPECT_EQ(copy["test_metrics"], model["test_metrics"]);
  EXPECT_EQ(copy["lineage"]["dataset"]["name"], "iris");
  const json rows = {{"rows", {{5.1, 3.5, 1.4, 0.2}, {6.7, 3.0, 5.2, 2.3}, {5.9, 2.8, 4.3, 1.3}}}};
  HttpResult p1 = SendJson("POST", "/api/v1/models/" + id + "/predict", rows);
  HttpResult p2 = SendJson("POST", "/api/v1/models/iris-copy/predict", rows);
  ASSERT_EQ(p1.status, 200) << p1;
  ASSERT_EQ(p2.status, 200) << p2;
  EXPECT_EQ(p1.Json()["predictions"], p2.Json()["predictions"]);

  // Groups and the approval filter.
  HttpResult groups = Get(server().url("/api/v1/model-groups"));
  ASSERT_EQ(groups.status, 200) << groups;
  const json g = groups.Json()["model_groups"];
  ASSERT_EQ(g.size(), 2u) << g.dump();
  EXPECT_EQ(g[0]["name"], "iris-copy");
  EXPECT_TRUE(g[0]["approved_version"].is_null());
  EXPECT_EQ(g[1]["name"], "iris-species");
  EXPECT_EQ(g[1]["approved_version"], 1);
  EXPECT_EQ(g[1]["latest_id"], id);
  json listed = Get(server().url("/api/v1/models?approval_status=Approved")).Json();
  EXPECT_EQ(listed["total"], 1);
  EXPECT_EQ(listed["models"][0]["id"], id);
  listed = Get(server().url("/api/v1/models?approval_status=PendingManualApproval&name=iris-copy"))
               .Json();
  EXPECT_EQ(listed["total"], 1);
  EXPECT_EQ(listed["models"][0]["name"], "iris-copy");

  // The CLI.
  CommandResult rejected = RunCli({"models", "reject", "iris-copy", "--reason", "duplicate"});
  ASSERT_EQ(rejected.exit_code, 0) << rejected;
  EXPECT_NE(rejected.out.find("Rejected"), std::string::npos) << rejected.out;
  CommandResult list = RunCli({"models", "list"});
  ASSERT_EQ(list.exit_code, 0) << list;
  EXPECT_NE(list.out.find("APPROVAL"), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("Approved"), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("Rejected"), std::string::npos) << list.out;
  CommandResult only = RunCli({"--json", "models", "list", "--approval-status", "Rejected"});
  ASSERT_EQ(only.exit_code, 0) << only;
  EXPECT_EQ(json::parse(only.out)["total"], 1);
  const std::filesystem::path bundle = server().work_dir() / "saved.lathe-model";
  {
    std::ofstream out(bundle, std::ios::binary);
    out << file.body;
  }
  CommandResult up = RunCli({"models", "upload", bundle.string(), "--name", "iris-copy"});
  ASSERT_EQ(up.exit_code, 0) << up;
  EXPECT_NE(up.out.find("iris-copy version 2"), std::string::npos) << up.out;
  CommandResult approve =
      RunCli({"--json", "models", "approve", "iris-copy", "--reason", "second copy"});
  ASSERT_EQ(approve.exit_code, 0) << approve;
  const json approved_copy = json::parse(approve.out);
  EXPECT_EQ(approved_copy["version"], 2);
  EXPECT_EQ(approved_copy["approval_status"], "Approved");
  EXPECT_EQ(approved_copy["source"]["file_name"], "saved.lathe-model");
  CommandResult grouped = RunCli({"models", "groups"});
  ASSERT_EQ(grouped.exit_code, 0) << grouped;
  EXPECT_NE(grouped.out.find("iris-copy"), std::string::npos) << grouped.out;
  CommandResult json_groups = RunCli({"--json", "models", "groups"});
  ASSERT_EQ(json_groups.exit_code, 0) << json_groups;
  EXPECT_EQ(json::parse(json_groups.out)["model_groups"][0]["versions"], 2);
  EXPECT_EQ(json::parse(json_groups.out)["model_groups"][0]["approved_version"], 2);
  CommandResult shown = RunCli({"models", "show", id});
  ASSERT_EQ(shown.exit_code, 0) << shown;
  EXPECT_NE(shown.out.find("team=botany"), std::string::npos) << shown.out;
}

TEST_F(RegistryApiTest, BadInputIsRefusedAndStoresNothing) {
  const std::string id = TrainIrisModel();
  ASSERT_FALSE(id.empty());
  HttpResult file = Get(server().url("/api/v1/models/" + id + "/download"));
  ASSERT_EQ(file.status, 200);
  const size_t artifacts = ArtifactFiles();

  // Corrupt, truncated, foreign and empty files: 400 naming what is wrong, nothing stored.
  std::string flipped = file.body;
  flipped[flipped.size() - 7] ^= 0x20;
  HttpResult r = UploadBytes("?name=broken&file_name=m.lathe-model", flipped);
  EXPECT_EQ(r.status, 400) << r;
  EXPECT_NE(r.Json()["error"].value("message", "").find("checksum mismatch"), std::string::npos)
      << r;
  EXPECT_NE(r.Json()["error"].value("message", "").find("m.lathe-model"), std::string::npos) << r;
  r = UploadBytes("?name=broken", file.body.substr(0, file.body.size() / 3));
  EXPECT_EQ(r.status, 400) << r;
  EXPECT_NE(r.Json()["error"].value("message", "").find("truncated"), std::string::npos) << r;
  r = UploadBytes("?name=broken", "sepal_length,species\n5.1,setosa\n");
  EXPECT_EQ(r.status, 400) << r;
  EXPECT_NE(r.Json()["error"].value("message", "").find("not a Lathe model file"),
            std::string::npos)
      << r;
  r = UploadBytes("?name=broken", "");
  EXPECT_EQ(r.status, 400) << r;
  ExpectFieldError(UploadBytes("", file.body), "name");
  ExpectFieldError(UploadBytes("?name=has%20space", file.body), "name");
  EXPECT_EQ(ArtifactFiles(), artifacts);
  EXPECT_EQ(Get(server().url("/api/v1/models?name=broken")).Json()["total"], 0);
  EXPECT_EQ(Get(server().url("/api/v1/model-groups")).Json()["model_groups"].size(), 1u);

  // PATCH: unknown fields, wrong types and the limits name the field; nothing changes.
  const std::string path = "/api/v1/models/" + id;
  ExpectFieldError(SendJson("PATCH", path, {{"colour", "blue"}}), "colour");
  ExpectFieldError(SendJson("PATCH", path, {{"tags", {{"env", std::string(257, 'x')}}}}),
                   "tags.env");
  ExpectFieldError(SendJson("PATCH", path, {{"tags", {{std::string(129, 'k'), "v"}}}}), "tags");
  ExpectFieldError(SendJson("PATCH", path, {{"tags", {{"n", 3}}}}), "tags.n");
  ExpectFieldError(SendJson("PATCH", path, {{"tags", "a=b"}}), "tags");
  ExpectFieldError(SendJson("PATCH", path, {{"description", std::string(5000, 'd')}}),
                   "description");
  ExpectFieldError(SendJson("PATCH", path, {{"description", 12}}), "description");
  HttpResult empty = SendJson("PATCH", path, json::object());
  EXPECT_EQ(empty.status, 400) << empty;
  HttpResult malformed = Send("PATCH", server().url(path), "{\"tags\": ", "application/json");
  EXPECT_EQ(malformed.status, 400) << malformed;
  const json model = Get(server().url(path)).Json();
  EXPECT_EQ(model["description"], "");
  EXPECT_EQ(model["tags"], json::object());

  // Approve / reject / list.
  ExpectFieldError(SendJson("POST", path + "/approve", {{"reason", 5}}), "reason");
  ExpectFieldError(SendJson("POST", path + "/reject", {{"why", "x"}}), "why");
  HttpResult missing = SendJson("POST", "/api/v1/models/mdl_nope/approve", json::object());
  EXPECT_EQ(missing.status, 404) << missing;
  ExpectFieldError(Get(server().url("/api/v1/models?approval_status=approved")),
                   "approval_status");
  EXPECT_EQ(Get(server().url(path)).Json()["approval_history"], json::array());

  // The CLI reports the server's message and fails.
  const std::filesystem::path bad = server().work_dir() / "bad.lathe-model";
  {
    std::ofstream out(bad, std::ios::binary);
    out << flipped;
  }
  CommandResult up = RunCli({"models", "upload", bad.string(), "--name", "broken"});
  EXPECT_EQ(up.exit_code, 1) << up;
  EXPECT_NE(up.err.find("checksum mismatch"), std::string::npos) << up;
  EXPECT_EQ(ArtifactFiles(), artifacts);
}

}  // namespace
}  // namespace lathe::testing
