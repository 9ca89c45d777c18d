// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "cli/api_error.h"

#include <gtest/gtest.h>

#include "cli/http_client.h"

namespace lathe::cli {
namespace {

constexpr char kRaggedCsvError[] = R"({"error": {"code": "ValidationError",
  "message": "iris.csv: line 7: expected 5 fields, found 6",
  "details": {"file": "iris.csv", "line": 7, "column": 6}, "request_id": "req_abc"}})";

TEST(ApiErrorTest, FormatsMessageAndLocation) {
  const Status status = StatusFromHttpError(400, kRaggedCsvError);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(FormatError(status),
            "error: iris.csv: line 7: expected 5 fields, found 6\n"
            "  line 7, column 6\n");
  EXPECT_EQ(ExitCodeFor(status), kExitError);
}

TEST(ApiErrorTest, PrintsOtherDetailsAsKeyValue) {
  const Status status =
      StatusFromHttpError(404, R"({"error": {"code": "NotFound", "message": "no dataset named iris",
                          "details": {"dataset": "iris", "versions": [1, 2]}}})");
  EXPECT_EQ(status.code(), StatusCode::kNotFound);
  EXPECT_EQ(FormatError(status),
            "error: no dataset named iris\n"
            "  dataset: iris\n"
            "  versions: 1, 2\n");
}

TEST(ApiErrorTest, ShowsFileWhenMessageLacksIt) {
  const Status status =
      StatusFromHttpError(400, R"({"error": {"code": "ValidationError", "message": "bad row",
                          "details": {"file": "x.csv", "line": 3}}})");
  EXPECT_EQ(FormatError(status), "error: bad row\n  line 3\n  file: x.csv\n");
}

TEST(ApiErrorTest, ColumnNameIsAPlainDetail) {
  const Status status = StatusFromHttpError(
      404, R"({"error": {"code": "NotFound", "message": "target column 'nope' not found",
                          "details": {"column": "nope"}}})");
  EXPECT_EQ(FormatError(status), "error: target column 'nope' not found\n  column: nope\n");
  EXPECT_EQ(FormatError(StatusFromHttpError(
                400, R"({"error": {"message": "m", "details": {"column": 2}}})")),
            "error: m\n  column 2\n");
}

TEST(ApiErrorTest, ShowsRequestIdForServerFaults) {
  const Status status = StatusFromHttpError(
      500,
      R"({"error": {"code": "InternalError", "message": "disk full", "request_id": "req_1"}})");
  EXPECT_EQ(status.code(), StatusCode::kInternal);
  EXPECT_EQ(FormatError(status), "error: disk full\n  request id: req_1\n");
}

TEST(ApiErrorTest, FallsBackToHttpStatusForNonJsonBodies) {
  const Status status = StatusFromHttpError(502, "<html>Bad Gateway</html>\nmore");
  EXPECT_EQ(FormatError(status), "error: HTTP 502: <html>Bad Gateway</html>\n");
  EXPECT_EQ(FormatError(StatusFromHttpError(404, "")), "error: HTTP 404\n");
}

TEST(ApiErrorTest, UsesCodeWhenMessageIsMissing) {
  EXPECT_EQ(FormatError(StatusFromHttpError(409, R"({"error": {"code": "Conflict"}})")),
            "error: Conflict\n");
}

TEST(ApiErrorTest, MapsHttpStatusToCanonicalCodes) {
  EXPECT_EQ(StatusCodeFromHttp(404), StatusCode::kNotFound);
  EXPECT_EQ(StatusCodeFromHttp(409), StatusCode::kAlreadyExists);
  EXPECT_EQ(StatusCodeFromHttp(413), StatusCode::kResourceExhausted);
  EXPECT_EQ(StatusCodeFromHttp(503), StatusCode::kUnavailable);
  EXPECT_EQ(StatusCodeFromHttp(418), StatusCode::kInvalidArgument);
  EXPECT_EQ(StatusCodeFromHttp(599), StatusCode::kInternal);
}

TEST(ApiErrorTest, ServiceUnavailableAnswerIsNotAConnectionError) {
  const Status status = StatusFromHttpError(
      503, R"({"error": {"code": "ServiceUnavailable", "message": "stores not open"}})");
  EXPECT_FALSE(IsConnectionError(status));
  EXPECT_EQ(ExitCodeFor(status), kExitError);
}

TEST(ApiErrorTest, ConnectionErrorsExitWithTwo) {
  const Status status = UnavailableError("cannot reach").WithDetail("connection_error", true);
  EXPECT_EQ(ExitCodeFor(status), kExitConnection);
  EXPECT_EQ(FormatError(status), "error: cannot reach\n");
  EXPECT_EQ(ExitCodeFor(Status::Ok()), kExitOk);
}

}  // namespace
}  // namespace lathe::cli
