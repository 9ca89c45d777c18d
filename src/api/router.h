// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Route table: (method, pattern) -> handler plus per-route limits. Patterns are literal path
// segments and {param} captures ("/api/v1/datasets/{id}/rows"); a literal segment wins over a
// capture. Built once at start-up, then read-only and safe to share between threads.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/http_types.h"

namespace lathe::api {

struct RouteOptions {
  uint64_t max_body_bytes = 1 << 20;  // larger bodies get 413
  bool spool_body = false;            // stream the body to a file (HttpRequest::body_file)
  bool inline_handler = false;        // cheap handler: run on the I/O thread, not the worker pool
  uint64_t inline_max_body_bytes = 0;  // also inline when the body is at most this (0: never);
                                       // small model invocations skip the thread hop this way
  std::string summary;                // one line for /api/openapi.json
};

struct Route {
  std::string method;
  std::string pattern;
  Handler handler;
  RouteOptions options;
  std::vector<std::string> segments;  // pattern split on '/'
};

struct RouteMatch {
  const Route* route = nullptr;     // set when method and path match
  bool path_matched = false;        // path known but method not (405)
  std::vector<std::string> allowed_methods;  // for the Allow header of a 405
};

class Router {
 public:
  void Add(std::string method, std::string pattern, Handler handler, RouteOptions options = {});
  // Matches a decoded path; fills `params` with captures on success.
  RouteMatch Match(std::string_view method, std::string_view path,
                   std::map<std::string, std::string>* params) const;
  // Serves GET requests that match no route and are outside /api/ (the studio's files and its
  // client-side routes).
  void SetFallback(Handler handler, RouteOptions options = {});
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
  std::optional<Route> fallback_;
};

}  // namespace lathe::api
