// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "cli/datasets_commands.h"

#include <unistd.h>

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/api_error.h"
#include "unit/cli/fake_http_server.h"

namespace lathe::cli {
namespace {

using testing::CannedResponse;
using testing::FakeHttpServer;

constexpr char kIrisDataset[] = R"({"id": "ds_abc", "name": "iris", "version": 1, "rows": 150,
  "bytes": 3870, "created_at": "2026-11-29T11:22:33.456Z",
  "columns": [{"name": "sepal_length_cm", "type": "float64", "nullable": false},
              {"name": "species", "type": "categorical", "nullable": false}]})";

// A context over string streams talking to `base_url`.
struct Harness {
  explicit Harness(const std::string& base_url, bool json = false)
      : global{.endpoint = base_url, .api_key = "k1", .json = json},
        http(HttpClientOptions{.base_url = base_url, .api_key = "k1"}),
        context{.global = global, .http = http, .out = out, .err = err} {}

  GlobalOptions global;
  HttpClient http;
  std::ostringstream out;
  std::ostringstream err;
  CommandContext context;
};

std::string WriteTempFile(const std::string& name, const std::string& content) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("lathe_cli_" + std::to_string(::getpid()) + "_" + name);
  std::ofstream(path, std::ios::binary) << content;
  return path.string();
}

TEST(UploadContentTypeTest, FollowsFormatThenExtension) {
  EXPECT_EQ(UploadContentType("a.csv", ""), "text/csv");
  EXPECT_EQ(UploadContentType("a.TSV", ""), "text/csv");
  EXPECT_EQ(UploadContentType("a.jsonl", ""), "application/x-ndjson");
  EXPECT_EQ(UploadContentType("a.ndjson", ""), "application/x-ndjson");
  EXPECT_EQ(UploadContentType("a.txt", "jsonl"), "application/x-ndjson");
  EXPECT_EQ(UploadContentType("a.jsonl", "csv"), "text/csv");
}

TEST(UploadPathTest, EncodesNameAndOptionalParameters) {
  EXPECT_EQ(UploadPath({.file = "dir/iris.csv"}), "/api/v1/datasets?name=iris");
  EXPECT_EQ(UploadPath({.file = "x.csv",
                        .name = "my data",
                        .format = "csv",
                        .delimiter = "\t",
                        .header = "true"}),
            "/api/v1/datasets?name=my%20data&format=csv&delimiter=tab&header=true");
  EXPECT_EQ(UploadPath({.file = "x.csv", .delimiter = ";"}),
            "/api/v1/datasets?name=x&delimiter=%3B");
}

TEST(UploadDatasetTest, StreamsFileAndPrintsSchema) {
  FakeHttpServer server({CannedResponse{.status = 201, .body = kIrisDataset}});
  const std::string file = WriteTempFile("iris.csv", "a,b\n1,x\n");
  Harness harness(server.base_url());
  ASSERT_TRUE(UploadDataset(harness.context, {.file = file, .name = "iris"}).ok());
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].target, "/api/v1/datasets?name=iris");
  EXPECT_EQ(requests[0].body, "a,b\n1,x\n");
  EXPECT_NE(requests[0].head.find("Content-Type: text/csv"), std::string::npos);
  EXPECT_NE(requests[0].head.find("Content-Length: 8"), std::string::npos);
  EXPECT_NE(requests[0].head.find("Authorization: Bearer k1"), std::string::npos);
  const std::string out = harness.out.str();
  EXPECT_NE(out.find("iris"), std::string::npos);
  EXPECT_NE(out.find("ds_abc"), std::string::npos);
  EXPECT_NE(out.find("3.8 KB"), std::string::npos);
  EXPECT_NE(out.find("species          categorical  no"), std::string::npos) << out;
  std::filesystem::remove(file);
}

TEST(UploadDatasetTest, JsonFlagPrintsAnswerUnchanged) {
  FakeHttpServer server({CannedResponse{.status = 201, .body = kIrisDataset}});
  const std::string file = WriteTempFile("j.csv", "a\n1\n");
  Harness harness(server.base_url(), /*json=*/true);
  ASSERT_TRUE(UploadDataset(harness.context, {.file = file}).ok());
  EXPECT_EQ(harness.out.str(), std::string(kIrisDataset) + "\n");
  std::filesystem::remove(file);
}

TEST(UploadDatasetTest, MissingFileIsALocalError) {
  Harness harness("http://127.0.0.1:1");
  const Status status = UploadDataset(harness.context, {.file = "/nonexistent/x.csv"});
  EXPECT_EQ(status.code(), StatusCode::kNotFound);
  EXPECT_EQ(ExitCodeFor(status), kExitError);
}

TEST(UploadDatasetTest, ApiErrorKeepsDetails) {
  FakeHttpServer server({CannedResponse{
      .status = 400,
      .body =
          R"({"error": {"code": "ValidationError", "message": "r.csv: line 3: expected 2 fields, found 3",
                  "details": {"file": "r.csv", "line": 3, "column": 3}}})"}});
  const std::string file = WriteTempFile("r.csv", "a,b\n1,2\n1,2,3\n");
  Harness harness(server.base_url());
  const Status status = UploadDataset(harness.context, {.file = file});
  EXPECT_EQ(FormatError(status),
            "error: r.csv: line 3: expected 2 fields, found 3\n  line 3, column 3\n");
  EXPECT_TRUE(harness.out.str().empty());
  std::filesystem::remove(file);
}

TEST(ListDatasetsTest, PrintsTableAndPaginationNote) {
  const std::string list = std::string(R"({"datasets": [)") + kIrisDataset +
                           R"(], "total": 3, "limit": 1, "offset": 0})";
  FakeHttpServer server({CannedResponse{.body = list}});
  Harness harness(server.base_url());
  ASSERT_TRUE(ListDatasets(harness.context, {.name = "iris", .limit = 1}).ok());
  EXPECT_EQ(server.requests().at(0).target, "/api/v1/datasets?limit=1&name=iris");
  EXPECT_EQ(harness.out.str(),
            "NAME  VERSION  ID      ROWS  COLUMNS    SIZE  CREATED\n"
            "iris        1  ds_abc   150        2  3.8 KB  2026-11-29 11:22:33\n");
  EXPECT_EQ(harness.err.str(), "(showing 1 of 3; use --limit for more)\n");
}

TEST(ShowDatasetTest, EncodesNameAndVersion) {
  FakeHttpServer server({CannedResponse{.body = kIrisDataset}});
  Harness harness(server.base_url());
  ASSERT_TRUE(ShowDataset(harness.context, {.dataset = "my data", .version = 2}).ok());
  EXPECT_EQ(server.requests().at(0).target, "/api/v1/datasets/my%20data?version=2");
}

TEST(HeadDatasetTest, RequestsRowsPage) {
  FakeHttpServer server({CannedResponse{
      .body = R"({"columns": ["x", "s"], "types": ["int64", "text"], "rows": [[1, "a"], [22, null]],
                 "offset": 0, "limit": 2, "total_rows": 5})"}});
  Harness harness(server.base_url());
  ASSERT_TRUE(HeadDataset(harness.context, {.dataset = "iris", .rows = 2}).ok());
  EXPECT_EQ(server.requests().at(0).target, "/api/v1/datasets/iris/rows?offset=0&limit=2");
  EXPECT_EQ(harness.out.str(), " x  s\n 1  a\n22  null\n");
  EXPECT_EQ(harness.err.str(), "(2 of 5 rows)\n");
}

TEST(ProfileDatasetTest, PassesTarget) {
  FakeHttpServer server({CannedResponse{.body = R"({"rows": 0, "columns": [], "quality": {}})"}});
  Harness harness(server.base_url());
  ASSERT_TRUE(ProfileDataset(harness.context, {.dataset = "iris", .target = "species"}).ok());
  EXPECT_EQ(server.requests().at(0).target, "/api/v1/datasets/iris/profile?target=species");
}

TEST(RemoveDatasetTest, DeletesAndReportsNotFound) {
  FakeHttpServer server(
      {CannedResponse{.status = 204, .content_type = ""},
       CannedResponse{.status = 404,
                      .body = R"({"error": {"code": "NotFound", "message": "no dataset iris"}})"}});
  Harness harness(server.base_url());
  ASSERT_TRUE(RemoveDataset(harness.context, {.dataset = "iris"}).ok());
  EXPECT_EQ(server.requests().at(0).method, "DELETE");
  EXPECT_EQ(harness.out.str(), "deleted iris\n");
  const Status status = RemoveDataset(harness.context, {.dataset = "iris"});
  EXPECT_EQ(status.code(), StatusCode::kNotFound);
  EXPECT_EQ(status.message(), "no dataset iris");
}

TEST(DownloadDatasetTest, WritesToRequestedFile) {
  FakeHttpServer server(
      {CannedResponse{.content_type = "text/csv",
                      .body = "a,b\n1,2\n",
                      .headers = {R"(Content-Disposition: attachment; filename="iris.csv")"}}});
  const std::string target = WriteTempFile("download.csv", "old");
  Harness harness(server.base_url());
  ASSERT_TRUE(DownloadDataset(harness.context, {.dataset = "iris", .output = target}).ok());
  std::ifstream in(target);
  std::stringstream content;
  content << in.rdbuf();
  EXPECT_EQ(content.str(), "a,b\n1,2\n");
  EXPECT_NE(harness.err.str().find("saved"), std::string::npos);
  std::filesystem::remove(target);
}

TEST(DownloadDatasetTest, ErrorBodyIsNotWrittenToFile) {
  FakeHttpServer server({CannedResponse{
      .status = 404, .body = R"({"error": {"code": "NotFound", "message": "no dataset x"}})"}});
  const auto target = std::filesystem::temp_directory_path() / "lathe_cli_never_written.csv";
  Harness harness(server.base_url());
  const Status status =
      DownloadDataset(harness.context, {.dataset = "x", .output = target.string()});
  EXPECT_EQ(status.code(), StatusCode::kNotFound);
  EXPECT_FALSE(std::filesystem::exists(target));
}

}  // namespace
}  // namespace lathe::cli
