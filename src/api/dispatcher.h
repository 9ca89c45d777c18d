// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Dispatcher: everything between the socket and a handler that is not HTTP framing. Resolves the
// route once the header is in (so the server knows the body limit and whether to spool), then runs
// the handler inside the one guard that turns any failure into the error JSON, and records the
// access log line and the per-route metrics. The router's RouteGuard (access control) runs in
// Resolve, on the header, and again in Run, with the body. Thread-safe; shared by all connections.
#pragma once

#include <chrono>
#include <optional>

#include "api/http_types.h"
#include "api/router.h"

namespace lathe::api {

class Dispatcher {
 public:
  explicit Dispatcher(const Router& router) : router_(router) {}

  struct Resolved {
    const Route* route = nullptr;         // set when a handler will run
    std::optional<HttpResponse> refusal;  // set instead when the request is refused early
  };
  // Matches the route (404 / 405 otherwise), asks the router's guard, if any, about the header
  // (GuardPhase::kHeaders; 403 / 429) and checks the declared body size (413).
  Resolved Resolve(HttpRequest& request, RequestContext& context,
                   std::optional<uint64_t> content_length) const;
  // Asks the router's guard about the whole request (GuardPhase::kBody), then runs the handler;
  // never throws. Adds X-Request-Id.
  HttpResponse Run(const Route& route, HttpRequest& request, RequestContext& context) const;
  // Records metrics and writes the access log line for a finished exchange.
  void Record(const HttpRequest& request, const RequestContext& context, int status,
              std::chrono::steady_clock::duration elapsed) const;

 private:
  const Router& router_;
};

// A fresh request id, "req_" + 16 hex digits (unique per process, not guessable).
std::string NewRequestId();

}  // namespace lathe::api
