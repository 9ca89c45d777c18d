// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "cli/api_error.h"

#include <set>

#include <nlohmann/json.hpp>

#include "cli/format.h"
#include "cli/http_client.h"

namespace lathe::cli {
namespace {

using nlohmann::json;

// Detail keys the CLI adds itself or renders specially; never printed as "key: value".
const std::set<std::string>& ReservedDetailKeys() {
  static const std::set<std::string> keys = {"connection_error", "url", "http_status",
                                             "request_id"};
  return keys;
}

std::string FirstLine(std::string_view text, size_t max_length) {
  const size_t end = text.find_first_of("\r\n");
  std::string line(text.substr(0, std::min(end, max_length)));
  return line;
}

std::string DetailValue(const json& value) {
  if (!value.is_array()) return FormatJsonValue(value);
  std::string joined;
  for (const auto& item : value) {
    if (!joined.empty()) joined += ", ";
    joined += FormatJsonValue(item);
  }
  return joined;
}

}  // namespace

StatusCode StatusCodeFromHttp(long http_status) {
  switch (http_status) {
    case 400:
      return StatusCode::kInvalidArgument;
    case 401:
      return StatusCode::kUnauthenticated;
    case 403:
      return StatusCode::kPermissionDenied;
    case 404:
      return StatusCode::kNotFound;
    case 405:
      return StatusCode::kUnimplemented;
    case 408:
      return StatusCode::kDeadlineExceeded;
    case 409:
      return StatusCode::kAlreadyExists;
    case 412:
      return StatusCode::kFailedPrecondition;
    case 413:
      return StatusCode::kResourceExhausted;
    case 415:
      return StatusCode::kInvalidArgument;
    case 429:
      return StatusCode::kResourceExhausted;
    case 501:
      return StatusCode::kUnimplemented;
    case 503:
      return StatusCode::kUnavailable;
    case 504:
      return StatusCode::kDeadlineExceeded;
    default:
      break;
  }
  if (http_status >= 500) return StatusCode::kInternal;
  if (http_status >= 400) return StatusCode::kInvalidArgument;
  return StatusCode::kUnknown;
}

Status StatusFromHttpError(long http_status, std::string_view body) {
  const StatusCode code = StatusCodeFromHttp(http_status);
  const json parsed = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_object() && parsed.contains("error") && parsed["error"].is_object()) {
    const json& error = parsed["error"];
    std::string message = error.value("message", "");
    if (message.empty()) message = error.value("code", "HTTP " + std::to_string(http_status));
    Status status(code, std::move(message));
    if (error.contains("details") && error["details"].is_object()) {
      for (const auto& [key, value] : error["details"].items()) status.WithDetail(key, value);
    }
    if (error.contains("request_id")) status.WithDetail("request_id", error["request_id"]);
    return std::move(status).WithDetail("http_status", http_status);
  }
  std::string message = "HTTP " + std::to_string(http_status);
  const std::string first_line = FirstLine(body, 200);
  if (!first_line.empty()) message += ": " + first_line;
  return Status(code, std::move(message)).WithDetail("http_status", http_status);
}

std::string FormatError(const Status& status) {
  if (status.ok()) return "";
  std::string text = "error: " + status.message() + "\n";
  const json& details = status.details();
  // A numeric line / column is the location in the uploaded file; anything else (a column name)
  // prints as a plain detail below.
  const bool has_line = details.contains("line") && details["line"].is_number();
  const bool has_column = details.contains("column") && details["column"].is_number();
  if (has_line || has_column) {
    text += has_line ? "  line " + FormatJsonValue(details["line"]) : std::string("  column ");
    if (has_line && has_column) text += ", column ";
    if (has_column) text += FormatJsonValue(details["column"]);
    text += "\n";
  }
  for (const auto& [key, value] : details.items()) {
    if (ReservedDetailKeys().count(key) > 0) continue;
    if ((key == "line" && has_line) || (key == "column" && has_column)) continue;
    // The file name is usually in the message already.
    if (key == "file" && value.is_string() &&
        status.message().find(value.get<std::string>()) != std::string::npos) {
      continue;
    }
    text += "  " + key + ": " + DetailValue(value) + "\n";
  }
  if (details.contains("request_id") && details.value("http_status", 0L) >= 500) {
    text += "  request id: " + FormatJsonValue(details["request_id"]) + "\n";
  }
  return text;
}

int ExitCodeFor(const Status& status) {
  if (status.ok()) return kExitOk;
  return IsConnectionError(status) ? kExitConnection : kExitError;
}

}  // namespace lathe::cli
