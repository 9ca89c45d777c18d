// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "api/json_body.h"

#include <gtest/gtest.h>

namespace lathe::api {
namespace {

Result<nlohmann::json> Parse(std::string body) {
  HttpRequest r;
  r.body = std::move(body);
  return ParseJsonObjectBody(r);
}

TEST(JsonBodyTest, EmptyBodyIsAnEmptyObject) { EXPECT_TRUE(Parse("")->empty()); }

TEST(JsonBodyTest, MalformedJsonNamesTheByteOffset) {
  auto r = Parse(R"({"a": 1,, "b": 2})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().details()["offset"], 8);
  EXPECT_NE(r.status().message().find("offset 8"), std::string::npos);
}

TEST(JsonBodyTest, TopLevelMustBeAnObject) {
  auto r = Parse("[1, 2]");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("object"), std::string::npos);
}

}  // namespace
}  // namespace lathe::api
