// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// The HTTP request and response that handlers see. No Boost.Beast types: handlers are plain
// functions from HttpRequest to Result<HttpResponse>, testable without sockets.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace lathe::api {

// Case-insensitive header map (names are stored lower-cased).
class Headers {
 public:
  void Set(std::string_view name, std::string value);
  void Add(std::string_view name, std::string value);  // keeps earlier values
  // First value of `name` (any case; no allocation), or nullopt.
  std::optional<std::string_view> Get(std::string_view name) const;
  void Clear() { entries_.clear(); }
  const std::vector<std::pair<std::string, std::string>>& entries() const { return entries_; }

 private:
  std::vector<std::pair<std::string, std::string>> entries_;
};

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // raw request target: path plus query
  std::string path;    // percent-decoded path, no query
  std::map<std::string, std::string> query;        // decoded query parameters (last wins)
  std::map<std::string, std::string> path_params;  // from the route pattern, e.g. {id}
  Headers headers;
  std::string body;       // the body, unless the route spools it to a file
  std::string body_file;  // path of the spooled body for spooling routes ("" otherwise);
                          // the handler may move it; the server deletes it if still there
  uint64_t body_bytes = 0;
  std::string remote_address;

  // Query parameter or nullopt.
  std::optional<std::string_view> Query(std::string_view name) const;
  // Empties every field for the connection's next request, except remote_address (the same
  // peer), keeping the strings' capacity; a body over 64 KiB is released.
  void Reset();
};

// A response body produced over time (Server-Sent Events, live logs). The server polls it from
// the connection's I/O thread about every 50 ms and sends what it returns as HTTP/1.1 chunks,
// until Poll returns false, the client goes away or the server stops. Poll must not block.
class BodyStream {
 public:
  virtual ~BodyStream() = default;
  // Appends the bytes ready now (maybe none) to *out. Returns false once the stream has ended;
  // bytes appended by that last call are still sent.
  virtual bool Poll(std::string* out) = 0;
};

struct HttpResponse {
  int status = 200;
  Headers headers;
  std::string body;
  std::string body_file;  // when set, the file's contents are sent instead of body
  std::shared_ptr<BodyStream> stream;  // when set, sent chunked instead of body

  static HttpResponse Json(int status, const nlohmann::json& value);
  static HttpResponse Text(int status, std::string body,
                           std::string content_type = "text/plain; charset=utf-8");
  static HttpResponse NoContent();
};

struct RequestContext {
  std::string request_id;
  std::string route;  // the matched route pattern, "/api/v1/datasets/{id}" (for metrics)
  // The request's Host header, for AWS JSON operations, which never see the request (set by
  // AwsJsonDispatcher; "" elsewhere and when the request had none). Pass it to AbsoluteUrl.
  std::string host;
};

using Handler = std::function<Result<HttpResponse>(HttpRequest&, RequestContext&)>;

// Percent-decodes a URL component ('+' as space when `plus_as_space`). InvalidArgument on a
// malformed escape.
Result<std::string> PercentDecode(std::string_view text, bool plus_as_space);
// Splits "a=1&b=x%20y" into decoded pairs.
Result<std::map<std::string, std::string>> ParseQuery(std::string_view query);

// "http://<host><path>": a link to this server as the client called it (`host` from the Host
// header, "name[:port]"). Just `path` when `host` is empty or not a plain host[:port].
std::string AbsoluteUrl(std::string_view host, std::string_view path);

}  // namespace lathe::api
