// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "api/errors.h"

namespace lathe::api {

ErrorMapping MapStatus(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return {200, "OK"};
    case StatusCode::kInvalidArgument: return {400, "ValidationError"};
    case StatusCode::kOutOfRange: return {400, "ValidationError"};
    case StatusCode::kFailedPrecondition: return {409, "Conflict"};
    case StatusCode::kAlreadyExists: return {409, "Conflict"};
    case StatusCode::kAborted: return {409, "Conflict"};
    case StatusCode::kNotFound: return {404, "NotFound"};
    case StatusCode::kUnauthenticated: return {401, "Unauthenticated"};
    case StatusCode::kPermissionDenied: return {403, "AccessDenied"};
    case StatusCode::kResourceExhausted: return {413, "PayloadTooLarge"};
    case StatusCode::kUnimplemented: return {501, "NotImplemented"};
    case StatusCode::kUnavailable: return {503, "ServiceUnavailable"};
    case StatusCode::kDeadlineExceeded: return {504, "Timeout"};
    case StatusCode::kCancelled: return {499, "Cancelled"};
    case StatusCode::kDataLoss: return {500, "DataLoss"};
    case StatusCode::kInternal:
    case StatusCode::kUnknown: return {500, "InternalError"};
  }
  return {500, "InternalError"};
}

HttpResponse ErrorResponse(const Status& status, std::string_view request_id) {
  return ErrorResponseWith(MapStatus(status.code()), status, request_id);
}

HttpResponse ErrorResponseWith(ErrorMapping mapping, const Status& status,
                               std::string_view request_id) {
  nlohmann::json error = {{"code", mapping.api_code},
                          {"message", status.message()},
                          {"details", status.details()},
                          {"request_id", request_id}};
  return HttpResponse::Json(mapping.http_status, {{"error", error}});
}

}  // namespace lathe::api
