// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// How the `lathe` CLI turns failures into messages and exit codes. An API error answer
// ({"error": {"code", "message", "details", "request_id"}}, docs/api/datasets.md) becomes a Status
// whose details are the server's details plus "http_status" and "request_id"; FormatError renders
// any Status for stderr ("error: ..." then indented detail lines). Pure functions, thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace lathe::cli {

// Process exit codes of the `lathe` command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitError = 1;       // The API answered with an error, or a local failure.
inline constexpr int kExitConnection = 2;  // The server could not be reached (or the link broke).
inline constexpr int kExitUsage = 64;      // Bad command line (EX_USAGE from sysexits.h).

// Returns the StatusCode that matches an HTTP status (404 -> kNotFound, 413 ->
// kResourceExhausted, 503 -> kUnavailable, other 4xx -> kInvalidArgument/..., 5xx -> kInternal).
StatusCode StatusCodeFromHttp(long http_status);

// Returns a non-OK Status for an HTTP error answer. Uses error.message and error.details when
// `body` is the API's error JSON; otherwise "HTTP <status>" plus the first line of the body.
Status StatusFromHttpError(long http_status, std::string_view body);

// Returns the text printed on stderr for a failed `status`, ending in a newline:
//   error: iris.csv: line 7: expected 5 fields, found 6
//     line 7, column 6
// Other details follow as "  key: value"; the request id is shown for server faults (5xx).
std::string FormatError(const Status& status);

// Returns kExitConnection for transport failures, else kExitError (kExitOk for an OK status).
int ExitCodeFor(const Status& status);

}  // namespace lathe::cli
