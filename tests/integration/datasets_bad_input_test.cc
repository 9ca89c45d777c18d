// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
// The bad-input catalogue for dataset uploads: each gets a 4xx naming where the problem is,
// nothing is stored, no spool file is left, and the server keeps serving.
#include <gtest/gtest.h>

#include "integration/server_fixture.h"

namespace lathe::testing {
namespace {

struct BadUpload {
  std::string name;          // test case name
  std::string body;          // the uploaded bytes
  std::string query;         // query string after ?
  std::string content_type;  // request content type
  int status;                // expected HTTP status
  nlohmann::json details;    // expected subset of error.details
  std::string message_part;  // expected substring of error.message
};

std::string ManyColumns(int n) {
  std::string header, row;
  for (int i = 0; i < n; ++i) {
    header += (i ? ",c" : "c") + std::to_string(i);
    row += (i ? ",1" : "1");
  }
  return header + "\n" + row + "\n";
}

std::vector<BadUpload> Catalogue() {
  return {
      {"RaggedRow", "a,b,c\n1,2,3\n4,5\n", "name=r", "text/csv", 400,
       {{"line", 3}}, "line 3"},
      {"TooManyFieldsInRow", "a,b\n1,2\n3,4\n5,6,7\n", "name=r", "text/csv", 400,
       {{"line", 4}, {"column", 3}}, "line 4"},
      {"UnterminatedQuote", "a,b\n1,2\n3,\"never closed\n4,5\n", "name=q", "text/csv", 400,
       {{"line", 3}}, "quote"},
      {"InvalidUtf8", "a,b\n1,ok\n2,caf\xe9\n", "name=u", "text/csv", 400, {{"line", 3}}, "UTF-8"},
      {"EmptyFile", "", "name=e", "text/csv", 400, nlohmann::json::object(), "empty"},
      {"HeaderOnly", "alpha,beta,gamma\n", "name=h", "text/csv", 400, nlohmann::json::object(),
       "no data rows"},
      {"TenThousandColumns", ManyColumns(10000), "name=w", "text/csv", 400, {{"line", 1}},
       "10000"},
      {"MalformedJsonLine", "{\"a\": 1}\n{\"a\": 2,}\n", "name=j", "application/x-ndjson", 400,
       {{"line", 2}}, "line 2"},
      {"BadName", "a\n1\n", "name=../etc", "text/csv", 400, {{"field", "name"}}, "name"},
      {"MissingName", "a\n1\n", "", "text/csv", 400, {{"field", "name"}}, "name"},
      {"BadDelimiter", "a\n1\n", "name=d&delimiter=x", "text/csv", 400, {{"field", "delimiter"}},
       "delimiter"},
      {"BadFormat", "a\n1\n", "name=f&format=xml", "text/csv", 400, {{"field", "format"}},
       "format"},
      {"JsonDocumentIsNotADataset", "{\"a\": [1, 2]}", "name=j", "application/json", 400,
       {{"field", "Content-Type"}}, "JSON Lines"},
      {"BadMultipart", "no boundary here", "name=m", "multipart/form-data; boundary=B", 400,
       {{"offset", 0}}, "multipart"},
  };
}

class DatasetsBadInputTest : public ServerTest {};

TEST_F(DatasetsBadInputTest, EveryCaseIsRefusedPreciselyAndStoresNothing) {
  // One good dataset first: it must come out of the whole catalogue untouched.
  HttpResult good = Post(server().url("/api/v1/datasets?name=good"), "x,y\n1,2\n3,4\n", "text/csv");
  ASSERT_EQ(good.status, 201) << good;
  for (const BadUpload& c : Catalogue()) {
    SCOPED_TRACE(c.name);
    HttpResult r = Post(server().url("/api/v1/datasets?" + c.query), c.body, c.content_type);
    ASSERT_EQ(r.status, c.status) << r;
    nlohmann::json error = r.Json()["error"];
    EXPECT_NE(error["message"].get<std::string>().find(c.message_part), std::string::npos)
        << error["message"];
    for (const auto& [key, value] : c.details.items()) {
      EXPECT_EQ(error["details"][key], value) << key << " in " << error["details"];
    }
    EXPECT_EQ(Get(server().url("/healthz")).status, 200);
  }
  nlohmann::json list = Get(server().url("/api/v1/datasets")).Json();
  EXPECT_EQ(list["total"], 1);
  EXPECT_EQ(Get(server().url("/api/v1/datasets/good/rows")).Json()["rows"][1][1], 4);
  EXPECT_TRUE(std::filesystem::is_empty(server().data_dir() / "spool"))
      << "upload spool files were left behind";
}

TEST_F(DatasetsBadInputTest, FiftyMegabyteFieldIsRefusedWithItsPosition) {
  std::string body = "id,blob\n1,small\n2,\"" + std::string(50 << 20, 'x') + "\"\n";
  HttpResult r = Post(server().url("/api/v1/datasets?name=blob"), body, "text/csv");
  ASSERT_EQ(r.status, 413) << r.status << " " << r.body.substr(0, 300);
  EXPECT_EQ(r.Json()["error"]["details"]["line"], 3);
  EXPECT_EQ(r.Json()["error"]["details"]["column"], 2);
  EXPECT_EQ(Get(server().url("/api/v1/datasets")).Json()["total"], 0);
}

}  // namespace
}  // namespace lathe::testing
