// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "api/errors.h"

#include <gtest/gtest.h>

namespace lathe::api {
namespace {

TEST(ErrorsTest, MapsCodesToHttpStatus) {
  EXPECT_EQ(MapStatus(StatusCode::kInvalidArgument).http_status, 400);
  EXPECT_EQ(MapStatus(StatusCode::kNotFound).http_status, 404);
  EXPECT_EQ(MapStatus(StatusCode::kAlreadyExists).http_status, 409);
  EXPECT_EQ(MapStatus(StatusCode::kResourceExhausted).http_status, 413);
  EXPECT_EQ(MapStatus(StatusCode::kUnavailable).http_status, 503);
  EXPECT_EQ(MapStatus(StatusCode::kInternal).http_status, 500);
  EXPECT_EQ(MapStatus(StatusCode::kNotFound).api_code, "NotFound");
}

TEST(ErrorsTest, ErrorResponseHasTheOneShape) {
  HttpResponse r = ErrorResponse(
      InvalidArgumentError("x.csv: line 7: bad").WithDetail("line", 7), "req_1");
  EXPECT_EQ(r.status, 400);
  nlohmann::json j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["error"]["code"], "ValidationError");
  EXPECT_EQ(j["error"]["message"], "x.csv: line 7: bad");
  EXPECT_EQ(j["error"]["details"]["line"], 7);
  EXPECT_EQ(j["error"]["request_id"], "req_1");
}

}  // namespace
}  // namespace lathe::api
