// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "cli/http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>

#include "common/test_helpers.h"
#include <gtest/gtest.h>

#include "unit/cli/fake_http_server.h"

namespace lathe::cli {
namespace {

using ::lathe::testing_util::UnusedPort;

TEST(UrlEncodeTest, KeepsUnreservedAndEscapesTheRest) {
  EXPECT_EQ(UrlEncode("iris-v2_1.csv~"), "iris-v2_1.csv~");
  EXPECT_EQ(UrlEncode("a b/c?d&e=é"), "a%20b%2Fc%3Fd%26e%3D%C3%A9");
}

TEST(HttpClientTest, UnreachableServerIsAConnectionError) {
  const std::string base = "http://127.0.0.1:" + std::to_string(UnusedPort());
  HttpClient http({.base_url = base});
  auto response = http.Get("/healthz");
  ASSERT_FALSE(response.ok());
  EXPECT_TRUE(IsConnectionError(response.status()));
  EXPECT_EQ(response.status().message().rfind("cannot reach the Lathe server at " + base + ": ", 0),
            0u)
      << response.status().message();
  EXPECT_NE(response.status().message().find("(is `lathe serve` running?)"), std::string::npos);
}

TEST(HttpClientTest, ReturnsStatusBodyAndHeaders) {
  testing::FakeHttpServer server(
      {testing::CannedResponse{.status = 404, .body = "nope", .headers = {"X-Request-Id: req_7"}}});
  HttpClient http({.base_url = server.base_url() + "/"});
  auto response = http.Get("/missing");
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 404);
  EXPECT_EQ(response->body, "nope");
  EXPECT_EQ(response->Header("x-request-id"), "req_7");
  EXPECT_EQ(response->Header("CONTENT-TYPE"), "application/json");
  EXPECT_EQ(response->Header("absent"), "");
  EXPECT_EQ(server.requests().at(0).target, "/missing");
}

TEST(HttpClientTest, PostSendsBodyAndContentType) {
  testing::FakeHttpServer server({testing::CannedResponse{.status = 201, .body = "{}"}});
  HttpClient http({.base_url = server.base_url()});
  auto response = http.Post(server.base_url() + "/x", "{\"a\":1}", "application/json");
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status, 201);
  const auto request = server.requests().at(0);
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.body, "{\"a\":1}");
  EXPECT_NE(request.head.find("Content-Type: application/json"), std::string::npos);
  EXPECT_EQ(request.head.find("Expect:"), std::string::npos);
}

TEST(HttpClientTest, PostFileReportsProgressAndMissingFiles) {
  testing::FakeHttpServer server({testing::CannedResponse{.status = 201, .body = "{}"}});
  HttpClient http({.base_url = server.base_url()});
  const auto path =
      std::filesystem::temp_directory_path() / ("lathe_post_" + std::to_string(::getpid()));
  {
    std::ofstream out(path, std::ios::binary);
    out << std::string(3 * 1024 * 1024, 'x');
  }
  int64_t last_sent = 0, last_total = 0;
  auto response = http.PostFile("/up", path, "text/csv", [&](int64_t sent, int64_t total) {
    last_sent = sent;
    last_total = total;
  });
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(server.requests().at(0).body.size(), 3u * 1024 * 1024);
  EXPECT_EQ(last_total, 3 * 1024 * 1024);
  EXPECT_EQ(last_sent, last_total);
  std::filesystem::remove(path);
  EXPECT_EQ(http.PostFile("/up", path, "text/csv", nullptr).status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace lathe::cli
