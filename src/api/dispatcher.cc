// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "api/dispatcher.h"

#include <atomic>
#include <cstdio>
#include <exception>
#include <random>

#include "api/errors.h"
#include "core/logging.h"
#include "monitor/metrics.h"

namespace lathe::api {

std::string NewRequestId() {
  static const uint64_t kSeed = std::random_device{}() * 0x9E3779B97F4A7C15ULL;
  static std::atomic<uint64_t> counter{0};
  uint64_t x = kSeed + counter.fetch_add(1) * 0xBF58476D1CE4E5B9ULL;
  x ^= x >> 31;
  x *= 0x94D049BB133111EBULL;
  x ^= x >> 29;
  char buf[24];
  std::snprintf(buf, sizeof(buf), "req_%016llx", static_cast<unsigned long long>(x));
  return buf;
}

Dispatcher::Resolved Dispatcher::Resolve(HttpRequest& request, RequestContext& context,
                                         std::optional<uint64_t> content_length) const {
  Resolved out;
  RouteMatch match = router_.Match(request.method, request.path, &request.path_params);
  if (match.route == nullptr) {
    if (match.path_matched) {
      context.route = "(method not allowed)";
      std::string allow;
      for (const auto& m : match.allowed_methods) allow += (allow.empty() ? "" : ", ") + m;
      HttpResponse r = ErrorResponseWith(
          {405, "MethodNotAllowed"},
          InvalidArgumentError("method " + request.method + " is not allowed on " +
                               request.path + "; allowed: " + allow),
          context.request_id);
      r.headers.Set("Allow", allow);
      out.refusal = std::move(r);
    } else {
      context.route = "(unknown)";
      out.refusal = ErrorResponse(NotFoundError("no route for " + request.method + " " +
                                                request.path),
                                  context.request_id);
    }
    return out;
  }
  context.route = match.route->pattern;
  // Access first: a client without a valid key learns nothing else about the route.
  if (const RouteGuard& guard = router_.guard()) {
    std::optional<HttpResponse> refusal;
    try {
      refusal = guard(*match.route, request, context, GuardPhase::kHeaders);
    } catch (const std::exception& e) {
      refusal = ErrorResponse(InternalError(std::string("access check failed: ") + e.what()),
                              context.request_id);
    }
    if (refusal) {
      out.refusal = std::move(refusal);
      return out;
    }
  }
  if (content_length && *content_length > match.route->options.max_body_bytes) {
    out.refusal = ErrorResponse(
        ResourceExhaustedError("request body of " + std::to_string(*content_length) +
                               " bytes is over the limit of " +
                               std::to_string(match.route->options.max_body_bytes) +
                               " bytes for " + match.route->pattern)
            .WithDetail("limit_bytes", match.route->options.max_body_bytes),
        context.request_id);
    return out;
  }
  out.route = match.route;
  return out;
}

HttpResponse Dispatcher::Run(const Route& route, HttpRequest& request,
                             RequestContext& context) const {
  HttpResponse response;
  try {
    std::optional<HttpResponse> refusal;
    if (const RouteGuard& guard = router_.guard()) {
      refusal = guard(route, request, context, GuardPhase::kBody);
    }
    if (refusal) {
      response = std::move(*refusal);
    } else {
      Result<HttpResponse> result = route.handler(request, context);
      response = result.ok() ? std::move(result).value()
                             : ErrorResponse(result.status(), context.request_id);
    }
  } catch (const std::exception& e) {
    LogError(context.request_id, std::string("handler threw: ") + e.what());
    response = ErrorResponse(InternalError(std::string("internal error: ") + e.what()),
                             context.request_id);
  } catch (...) {
    response = ErrorResponse(InternalError("internal error"), context.request_id);
  }
  response.headers.Set("X-Request-Id", context.request_id);
  return response;
}

void Dispatcher::Record(const HttpRequest& request, const RequestContext& context, int status,
                        std::chrono::steady_clock::duration elapsed) const {
  double seconds = std::chrono::duration<double>(elapsed).count();
  auto& registry = monitor::MetricsRegistry::Global();
  std::string code = std::to_string(status);
  registry
      .GetCounter("lathe_http_requests_total", "HTTP requests by route, method and status",
                  {{"route", context.route}, {"method", request.method}, {"status", code}})
      .Add();
  registry
      .GetHistogram("lathe_http_request_duration_seconds",
                    "HTTP request latency by route, method and status",
                    {{"route", context.route}, {"method", request.method}, {"status", code}})
      .Observe(seconds);
  if (GetLogLevel() <= LogLevel::kInfo) {
    char buf[64];
    std::snprintf(buf, sizeof(buf), " %d %.2fms", status, seconds * 1000);
    Log(LogLevel::kInfo, context.request_id, request.method + " " + request.target + buf);
  }
}

}  // namespace lathe::api
