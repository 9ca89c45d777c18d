// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "api/http_types.h"

#include <gtest/gtest.h>

namespace lathe::api {
namespace {

TEST(HttpTypesTest, HeadersAreCaseInsensitive) {
  Headers h;
  h.Set("Content-Type", "text/csv");
  EXPECT_EQ(h.Get("content-type").value_or(""), "text/csv");
  h.Set("CONTENT-TYPE", "application/json");
  EXPECT_EQ(h.entries().size(), 1u);
  EXPECT_EQ(h.Get("Content-type").value_or(""), "application/json");
  EXPECT_FALSE(h.Get("accept").has_value());
}

TEST(HttpTypesTest, GetMatchesAnyCaseOfLongNames) {
  Headers h;
  h.Add("X-Amzn-SageMaker-Target-Variant", "blue");
  EXPECT_EQ(h.Get("x-amzn-sagemaker-target-variant").value_or(""), "blue");
  EXPECT_EQ(h.Get("X-AMZN-SAGEMAKER-TARGET-VARIANT").value_or(""), "blue");
  EXPECT_FALSE(h.Get("x-amzn-sagemaker-target-variants").has_value());
  EXPECT_FALSE(h.Get("x-amzn-sagemaker-target-varianT ").has_value());
}

TEST(HttpTypesTest, ResetEmptiesTheRequestButKeepsThePeer) {
  HttpRequest r;
  r.method = "POST";
  r.target = "/a?b=1";
  r.path = "/a";
  r.query["b"] = "1";
  r.path_params["name"] = "x";
  r.headers.Add("Content-Type", "text/csv");
  r.body = std::string(100 * 1024, 'x');
  r.body_file = "/tmp/f";
  r.body_bytes = 7;
  r.remote_address = "127.0.0.1";
  r.Reset();
  EXPECT_TRUE(r.method.empty() && r.target.empty() && r.path.empty());
  EXPECT_TRUE(r.query.empty() && r.path_params.empty() && r.headers.entries().empty());
  EXPECT_TRUE(r.body.empty() && r.body_file.empty());
  EXPECT_LE(r.body.capacity(), 64u * 1024);  // a big body is not kept per connection
  EXPECT_EQ(r.body_bytes, 0u);
  EXPECT_EQ(r.remote_address, "127.0.0.1");
}

TEST(HttpTypesTest, PercentDecode) {
  EXPECT_EQ(*PercentDecode("a%20b+c", true), "a b c");
  EXPECT_EQ(*PercentDecode("a%2Fb+c", false), "a/b+c");
  EXPECT_FALSE(PercentDecode("bad%2", false).ok());
  EXPECT_FALSE(PercentDecode("bad%zz", false).ok());
  EXPECT_FALSE(PercentDecode("%", false).ok());
}

TEST(HttpTypesTest, ParseQuery) {
  auto q = ParseQuery("name=iris&limit=10&flag&empty=&x=a%26b");
  ASSERT_TRUE(q.ok());
  EXPECT_EQ((*q)["name"], "iris");
  EXPECT_EQ((*q)["limit"], "10");
  EXPECT_EQ(q->count("flag"), 1u);
  EXPECT_EQ((*q)["empty"], "");
  EXPECT_EQ((*q)["x"], "a&b");
  EXPECT_TRUE(ParseQuery("").ok());
  EXPECT_FALSE(ParseQuery("a=%G1").ok());
}

TEST(HttpTypesTest, JsonResponseReplacesInvalidUtf8) {
  HttpResponse r = HttpResponse::Json(200, {{"v", std::string("caf\xe9")}});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.headers.Get("content-type").value_or(""), "application/json");
  EXPECT_NE(r.body.find("caf"), std::string::npos);
}

}  // namespace
}  // namespace lathe::api
