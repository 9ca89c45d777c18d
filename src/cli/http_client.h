// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// HttpClient: a small blocking HTTP/1.1 client over libcurl for the `lathe` CLI and the
// integration tests. Each call uses its own curl easy handle (RAII), so one client may be used
// from several threads at once. Uploads stream from disk and downloads stream to a BodySink; no
// call holds a whole file in memory.
//
//   HttpClient http({.base_url = "http://127.0.0.1:8080"});
//   Result<HttpResponse> r = http.Get("/api/v1/datasets");
//   if (!r.ok()) ...           // transport failure: IsConnectionError(r.status()) is true
//   else if (r->status >= 400) // API error: body holds the error JSON
//
// Results are not OK only for transport failures (cannot connect, timeout, reset) or local I/O;
// HTTP 4xx/5xx answers are OK results, the caller reads `status`.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace lathe::cli {

struct HttpClientOptions {
  std::string base_url;               // Prefixed to paths starting with '/'; full URLs pass as-is.
  std::string api_key;                // Sent as "Authorization: Bearer <key>" when non-empty.
  long connect_timeout_seconds = 10;  // Time allowed to open the TCP connection.
  long timeout_seconds = 300;         // Whole-request limit for Send/Get/Post/Delete; 0 = none.
  std::string user_agent = "lathe-cli";  // User-Agent header.
};

struct HttpResponse {
  long status = 0;   // HTTP status code, e.g. 200.
  std::string body;  // Whole body (for streamed downloads: only when status >= 400).
  std::vector<std::pair<std::string, std::string>> headers;  // Names lower-cased, in order.

  // Returns the first value of header `name` (case-insensitive), or "" when absent.
  std::string Header(std::string_view name) const;
};

struct HttpRequest {
  std::string method = "GET";        // Any method; a body is sent when `body` is non-empty.
  std::string url;                   // Path ("/api/v1/datasets") or full URL.
  std::string body;                  // Request body.
  std::string content_type;          // Content-Type of the body, if any.
  std::vector<std::string> headers;  // Extra "Name: value" lines.
};

// Called during uploads with bytes sent so far and the total.
using ProgressFn = std::function<void(int64_t sent, int64_t total)>;

// Receives a successful (status < 400) response body as it arrives. Begin is called once with the
// status and headers before the first chunk (also for an empty body). Returning an error aborts
// the transfer and becomes the result of the call.
class BodySink {
 public:
  virtual ~BodySink() = default;
  virtual Status Begin(const HttpResponse& head) = 0;
  virtual Status Write(std::string_view chunk) = 0;
};

class HttpClient {
 public:
  explicit HttpClient(HttpClientOptions options);

  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends `request` and returns the whole response.
  Result<HttpResponse> Send(const HttpRequest& request) const;
  Result<HttpResponse> Get(const std::string& url) const;
  Result<HttpResponse> Delete(const std::string& url) const;
  Result<HttpResponse> Post(const std::string& url, std::string body,
                            std::string content_type) const;

  // POSTs the file at `path` as the raw body, streamed from disk with a Content-Length. Calls
  // `progress` (may be empty) as bytes go out. No whole-request timeout: big files take time.
  // Fails with NotFound / FailedPrecondition when the file cannot be opened.
  Result<HttpResponse> PostFile(const std::string& url, const std::filesystem::path& path,
                                const std::string& content_type, const ProgressFn& progress) const;

  // GETs `url` streaming a successful body into `sink`; an error body (status >= 400) is kept in
  // the response instead. No whole-request timeout.
  Result<HttpResponse> GetToSink(const std::string& url, BodySink& sink) const;

  // Returns the absolute URL for `url` (base_url + path, or `url` itself when absolute).
  std::string ResolveUrl(const std::string& url) const;
  const HttpClientOptions& options() const { return options_; }

 private:
  HttpClientOptions options_;
};

// Percent-encodes `text` for one URL path segment or query value (RFC 3986 unreserved kept).
std::string UrlEncode(std::string_view text);

// True when `status` came from a transport failure (server unreachable, timeout, reset), which
// the CLI reports with exit code 2. Such statuses carry the detail "connection_error": true.
bool IsConnectionError(const Status& status);

}  // namespace lathe::cli
