// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// The one table from StatusCode to HTTP status and API error code, and the one error JSON shape:
//   {"error": {"code": "ValidationError", "message": "...", "details": {...}, "request_id": "..."}}
#pragma once

#include <string_view>

#include "api/http_types.h"
#include "core/status.h"

namespace lathe::api {

struct ErrorMapping {
  int http_status;
  std::string_view api_code;
};

ErrorMapping MapStatus(StatusCode code);

// The error response for a non-OK status.
HttpResponse ErrorResponse(const Status& status, std::string_view request_id);
// The same shape with an explicit status and code (405 MethodNotAllowed, 415, ...).
HttpResponse ErrorResponseWith(ErrorMapping mapping, const Status& status,
                               std::string_view request_id);

}  // namespace lathe::api
