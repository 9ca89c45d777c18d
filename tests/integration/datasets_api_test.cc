// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
// /api/v1/datasets against the real server: upload, versions, rows, profile, download, delete,
// JSON Lines, multipart, and persistence across a restart.
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "integration/server_fixture.h"

namespace lathe::testing {
namespace {

std::string ReadAll(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class DatasetsApiTest : public ServerTest {
 protected:
  nlohmann::json UploadIris() {
    HttpResult r = Post(server().url("/api/v1/datasets?name=iris"),
                        ReadAll(TestDataPath("iris.csv")), "text/csv");
    EXPECT_EQ(r.status, 201) << r;
    return r.Json();
  }
};

TEST_F(DatasetsApiTest, UploadReturnsTheInferredSchema) {
  nlohmann::json ds = UploadIris();
  EXPECT_EQ(ds["name"], "iris");
  EXPECT_EQ(ds["version"], 1);
  EXPECT_EQ(ds["rows"], 150);
  EXPECT_EQ(ds["bytes"], 3870);
  EXPECT_EQ(ds["format"], "csv");
  EXPECT_EQ(ds["id"].get<std::string>().substr(0, 3), "ds_");
  ASSERT_EQ(ds["columns"].size(), 5u);
  EXPECT_EQ(ds["columns"][0]["name"], "sepal_length_cm");
  EXPECT_EQ(ds["columns"][0]["type"], "float64");
  EXPECT_EQ(ds["columns"][4]["name"], "species");
  EXPECT_EQ(ds["columns"][4]["type"], "categorical");
  EXPECT_EQ(ds["source"]["delimiter"], ",");
  EXPECT_EQ(ds["source"]["header"], true);
}

TEST_F(DatasetsApiTest, GetListAndVersions) {
  nlohmann::json v1 = UploadIris();
  nlohmann::json v2 = UploadIris();
  EXPECT_EQ(v2["version"], 2);
  EXPECT_NE(v1["id"], v2["id"]);
  EXPECT_EQ(Get(server().url("/api/v1/datasets/iris")).Json()["version"], 2);
  EXPECT_EQ(Get(server().url("/api/v1/datasets/iris?version=1")).Json()["id"], v1["id"]);
  EXPECT_EQ(Get(server().url("/api/v1/datasets/" + v1["id"].get<std::string>())).Json()["version"],
            1);
  nlohmann::json list = Get(server().url("/api/v1/datasets")).Json();
  EXPECT_EQ(list["total"], 2);
  EXPECT_EQ(list["datasets"][0]["version"], 2);  // newest first
  HttpResult missing = Get(server().url("/api/v1/datasets/iris?version=9"));
  EXPECT_EQ(missing.status, 404) << missing;
  HttpResult bad_version = Get(server().url("/api/v1/datasets/iris?version=x"));
  EXPECT_EQ(bad_version.status, 400);
  EXPECT_EQ(bad_version.Json()["error"]["details"]["field"], "version");
}

TEST_F(DatasetsApiTest, RowsArePagedAndTyped) {
  UploadIris();
  nlohmann::json page = Get(server().url("/api/v1/datasets/iris/rows?offset=148&limit=10")).Json();
  EXPECT_EQ(page["total_rows"], 150);
  ASSERT_EQ(page["rows"].size(), 2u);
  EXPECT_EQ(page["rows"][1][4], "virginica");
  EXPECT_DOUBLE_EQ(page["rows"][1][0].get<double>(), 5.9);
  EXPECT_EQ(page["types"][4], "categorical");
  HttpResult too_many = Get(server().url("/api/v1/datasets/iris/rows?limit=100000"));
  EXPECT_EQ(too_many.status, 400);
  EXPECT_EQ(too_many.Json()["error"]["details"]["field"], "limit");
}

TEST_F(DatasetsApiTest, ProfileAndClassBalance) {
  UploadIris();
  nlohmann::json p = Get(server().url("/api/v1/datasets/iris/profile")).Json();
  EXPECT_EQ(p["rows"], 150);
  ASSERT_EQ(p["columns"].size(), 5u);
  EXPECT_DOUBLE_EQ(p["columns"][0]["min"].get<double>(), 4.3);
  EXPECT_DOUBLE_EQ(p["columns"][0]["max"].get<double>(), 7.9);
  EXPECT_EQ(p["columns"][4]["distinct"], 3);
  EXPECT_TRUE(p["quality"]["class_balance"].is_null());
  nlohmann::json t = Get(server().url("/api/v1/datasets/iris/profile?target=species")).Json();
  ASSERT_EQ(t["quality"]["class_balance"]["classes"].size(), 3u);
  EXPECT_DOUBLE_EQ(t["quality"]["class_balance"]["imbalance_ratio"].get<double>(), 1.0);
  HttpResult unknown = Get(server().url("/api/v1/datasets/iris/profile?target=nope"));
  EXPECT_EQ(unknown.status, 404) << unknown;
  EXPECT_NE(unknown.Json()["error"]["message"].get<std::string>().find("nope"),
            std::string::npos);
}

TEST_F(DatasetsApiTest, DownloadGivesTheUploadedBytes) {
  UploadIris();
  HttpResult r = Get(server().url("/api/v1/datasets/iris/download"));
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body, ReadAll(TestDataPath("iris.csv")));
  EXPECT_NE(r.Header("content-disposition").find("iris-v1.csv"), std::string::npos);
}

TEST_F(DatasetsApiTest, DeleteRemovesOneVersion) {
  UploadIris();
  UploadIris();
  HttpResult del = Delete(server().url("/api/v1/datasets/iris?version=2"));
  EXPECT_EQ(del.status, 204) << del;
  EXPECT_EQ(Get(server().url("/api/v1/datasets/iris")).Json()["version"], 1);
  EXPECT_EQ(Get(server().url("/api/v1/datasets/iris/rows?limit=1")).status, 200);
  EXPECT_EQ(Delete(server().url("/api/v1/datasets/iris?version=2")).status, 404);
  EXPECT_EQ(Delete(server().url("/api/v1/datasets/iris")).status, 204);
  EXPECT_EQ(Get(server().url("/api/v1/datasets")).Json()["total"], 0);
}

TEST_F(DatasetsApiTest, JsonLinesUpload) {
  std::string body =
      "{\"city\": \"Hanoi\", \"temp\": 31.5, \"rain\": true}\n"
      "{\"city\": \"Paris\", \"temp\": 12}\n"
      "{\"city\": \"Lima\", \"temp\": 19.25, \"rain\": false}\n";
  HttpResult r = Post(server().url("/api/v1/datasets?name=weather"), body, "application/x-ndjson");
  ASSERT_EQ(r.status, 201) << r;
  nlohmann::json ds = r.Json();
  EXPECT_EQ(ds["rows"], 3);
  EXPECT_EQ(ds["format"], "jsonl");
  EXPECT_EQ(ds["columns"][1]["type"], "float64");
  EXPECT_EQ(ds["columns"][2]["nullable"], true);
  nlohmann::json rows = Get(server().url("/api/v1/datasets/weather/rows")).Json();
  EXPECT_TRUE(rows["rows"][1][2].is_null());
}

TEST_F(DatasetsApiTest, MultipartUploadFromABrowserForm) {
  std::string csv = "a;b\n1;x\n2;y\n";
  std::string body =
      "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"semi.csv\"\r\n"
      "Content-Type: text/csv\r\n\r\n" +
      csv + "\r\n--XyZ--\r\n";
  HttpResult r =
      Post(server().url("/api/v1/datasets"), body, "multipart/form-data; boundary=XyZ");
  ASSERT_EQ(r.status, 201) << r;
  EXPECT_EQ(r.Json()["name"], "semi");
  EXPECT_EQ(r.Json()["rows"], 2);
  EXPECT_EQ(r.Json()["source"]["delimiter"], ";");
  EXPECT_EQ(Get(server().url("/api/v1/datasets/semi/download")).body, csv);
}

TEST_F(DatasetsApiTest, DatasetsSurviveARestart) {
  nlohmann::json ds = UploadIris();
  ASSERT_TRUE(server().Restart());
  nlohmann::json again = Get(server().url("/api/v1/datasets/iris")).Json();
  EXPECT_EQ(again["id"], ds["id"]);
  nlohmann::json page = Get(server().url("/api/v1/datasets/iris/rows?offset=50&limit=1")).Json();
  EXPECT_EQ(page["rows"][0][4], "versicolor");  // served from the snapshot
  EXPECT_EQ(Get(server().url("/api/v1/datasets/iris/profile")).status, 200);
}

}  // namespace
}  // namespace lathe::testing
