// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "api/dispatcher.h"

#include <atomic>
#include <cstdio>
#include <exception>
#include <random>
#include <string>
#include <vector>

#include "api/errors.h"
#include "core/logging.h"
#include "monitor/metrics.h"

namespace lathe::api {
namespace {

// The registry's two metrics of one (route, method, status).
struct RouteMetrics {
  std::string route;
  std::string method;
  int status = 0;
  monitor::Counter* requests = nullptr;
  monitor::Histogram* duration = nullptr;
};

// Per thread, the metrics already looked up: the registry's lookup builds and sorts label strings
// and takes its lock, on every request otherwise. Bounded: past kMaxCachedRouteMetrics distinct
// keys (odd statuses on many routes) the registry is asked directly.
constexpr size_t kMaxCachedRouteMetrics = 256;

RouteMetrics LookUpRouteMetrics(const std::string& route, const std::string& method, int status) {
  auto& registry = monitor::MetricsRegistry::Global();
  std::string code = std::to_string(status);
  RouteMetrics m{.route = route, .method = method, .status = status};
  m.requests = &registry.GetCounter("lathe_http_requests_total",
                                    "HTTP requests by route, method and status",
                                    {{"route", route}, {"method", method}, {"status", code}});
  m.duration = &registry.GetHistogram("lathe_http_request_duration_seconds",
                                      "HTTP request latency by route, method and status",
                                      {{"route", route}, {"method", method}, {"status", code}});
  return m;
}

const RouteMetrics& MetricsFor(const std::string& route, const std::string& method, int status) {
  thread_local std::vector<RouteMetrics> cache;
  for (const RouteMetrics& m : cache) {
    if (m.status == status && m.route == route && m.method == method) return m;
  }
  if (cache.size() < kMaxCachedRouteMetrics) {
    cache.push_back(LookUpRouteMetrics(route, method, status));
    return cache.back();
  }
  thread_local RouteMetrics uncached;
  uncached = LookUpRouteMetrics(route, method, status);
  return uncached;
}

}  // namespace

std::string NewRequestId() {
  static const uint64_t kSeed = std::random_device{}() * 0x9E3779B97F4A7C15ULL;
  static std::atomic<uint64_t> counter{0};
  uint64_t x = kSeed + counter.fetch_add(1) * 0xBF58476D1CE4E5B9ULL;
  x ^= x >> 31;
  x *= 0x94D049BB133111EBULL;
  x ^= x >> 29;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id = "req_0000000000000000";
  for (size_t i = id.size(); x != 0; x >>= 4) id[--i] = kHex[x & 0xF];
  return id;
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
  const RouteMetrics& metrics = MetricsFor(context.route, request.method, status);
  metrics.requests->Add();
  metrics.duration->Observe(seconds);
  if (GetLogLevel() <= LogLevel::kInfo) {
    char buf[64];
    std::snprintf(buf, sizeof(buf), " %d %.2fms", status, seconds * 1000);
    Log(LogLevel::kInfo, context.request_id, request.method + " " + request.target + buf);
  }
}

}  // namespace lathe::api
