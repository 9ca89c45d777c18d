// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Route table: (method, pattern) -> handler plus per-route limits. Patterns are literal path
// segments and {param} captures ("/api/v1/datasets/{id}/rows"); a literal segment wins over a
// capture (the pattern with the most literal segments wins; on a tie, the one added first).
// Built once at start-up, then read-only and safe to share between threads. Routes are indexed
// by segment count and first segment, so a lookup only compares the few patterns that can fit
// the path (not every route).
#pragma once

#include <cstdint>
#include <functional>
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
  std::string summary{};              // one line for /api/openapi.json
  std::string scope = "admin";        // who may call it: "public" (anyone), "invoke" (invoke or
                                      // admin keys), "admin" (admin keys; see auth/scope.h)
  bool aws_errors = false;            // the guard answers AWS rest-json errors (X-Amzn-ErrorType,
                                      // {"message","Message"}) instead of Lathe's error JSON
};

struct Route {
  std::string method;
  std::string pattern;
  Handler handler;
  RouteOptions options;
  std::vector<std::string> segments;  // pattern split on '/'
};

// When the Dispatcher consults the guard: once the header is in (refusing then saves reading the
// body), and again with the body, right before the handler.
enum class GuardPhase { kHeaders, kBody };

// Access control run by the Dispatcher for every matched route: a response refuses the request,
// nullopt lets it through. Must be thread-safe.
using RouteGuard = std::function<std::optional<HttpResponse>(const Route&, const HttpRequest&,
                                                             RequestContext&, GuardPhase)>;

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
  // Installs the guard the Dispatcher runs before handlers (set before serving starts).
  void SetGuard(RouteGuard guard) { guard_ = std::move(guard); }
  const RouteGuard& guard() const { return guard_; }

 private:
  // The routes that can match a path of some number of segments: by the pattern's first segment
  // when it is literal, or all of them when it is a capture (or the pattern has no segment).
  // Indices into routes_, in the order the routes were added.
  struct Bucket {
    std::map<std::string, std::vector<uint32_t>, std::less<>> by_first;
    std::vector<uint32_t> capture_first;
  };
  // Calls `fn(route)` for every route with as many segments as `parts` whose first segment can
  // fit, in the order the routes were added.
  template <typename Parts, typename Fn>
  void ForCandidates(const Parts& parts, Fn&& fn) const;

  std::vector<Route> routes_;
  std::vector<Bucket> buckets_;  // by segment count
  std::optional<Route> fallback_;
  RouteGuard guard_;
};

}  // namespace lathe::api
