// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "api/router.h"

#include <algorithm>
#include <array>

namespace lathe::api {
namespace {

// A request path split on '/', as views into it (no allocation per request). Longer paths than
// kMaxPathSegments match no route: no pattern has that many segments.
constexpr size_t kMaxPathSegments = 32;
struct PathSegments {
  std::array<std::string_view, kMaxPathSegments> items;
  size_t count = 0;
  bool too_long = false;
  size_t size() const { return count; }
  std::string_view operator[](size_t i) const { return items[i]; }
};

PathSegments SplitPathViews(std::string_view path) {
  PathSegments out;
  size_t pos = 0;
  while (pos < path.size()) {
    if (path[pos] == '/') {
      ++pos;
      continue;
    }
    size_t next = path.find('/', pos);
    if (next == std::string_view::npos) next = path.size();
    if (out.count == kMaxPathSegments) {
      out.too_long = true;
      return out;
    }
    out.items[out.count++] = path.substr(pos, next - pos);
    pos = next;
  }
  return out;
}

std::vector<std::string> SplitPath(std::string_view path) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < path.size()) {
    if (path[pos] == '/') {
      ++pos;
      continue;
    }
    size_t next = path.find('/', pos);
    if (next == std::string_view::npos) next = path.size();
    out.emplace_back(path.substr(pos, next - pos));
    pos = next;
  }
  return out;
}

bool IsCapture(const std::string& segment) {
  return segment.size() >= 2 && segment.front() == '{' && segment.back() == '}';
}

// Number of literal segments matched, or -1 when the path does not fit the pattern.
int MatchSegments(const Route& route, const PathSegments& parts,
                  std::map<std::string, std::string>* params) {
  if (parts.too_long || route.segments.size() != parts.size()) return -1;
  int literals = 0;
  for (size_t i = 0; i < parts.size(); ++i) {
    const std::string& seg = route.segments[i];
    if (IsCapture(seg)) {
      if (params) (*params)[seg.substr(1, seg.size() - 2)] = std::string(parts[i]);
    } else if (seg == parts[i]) {
      ++literals;
    } else {
      return -1;
    }
  }
  return literals;
}

}  // namespace

void Router::Add(std::string method, std::string pattern, Handler handler, RouteOptions options) {
  Route r;
  r.segments = SplitPath(pattern);
  const auto index = static_cast<uint32_t>(routes_.size());
  if (buckets_.size() <= r.segments.size()) buckets_.resize(r.segments.size() + 1);
  Bucket& bucket = buckets_[r.segments.size()];
  if (r.segments.empty() || IsCapture(r.segments.front())) {
    bucket.capture_first.push_back(index);
  } else {
    bucket.by_first[r.segments.front()].push_back(index);
  }
  r.method = std::move(method);
  r.pattern = std::move(pattern);
  r.handler = std::move(handler);
  r.options = std::move(options);
  routes_.push_back(std::move(r));
}

void Router::SetFallback(Handler handler, RouteOptions options) {
  Route r;
  r.method = "GET";
  r.pattern = "/{path}";
  r.handler = std::move(handler);
  r.options = std::move(options);
  fallback_ = std::move(r);
}

template <typename Parts, typename Fn>
void Router::ForCandidates(const Parts& parts, Fn&& fn) const {
  if (parts.too_long || parts.size() >= buckets_.size()) return;
  const Bucket& bucket = buckets_[parts.size()];
  static const std::vector<uint32_t> kNone;
  const std::vector<uint32_t>* literal = &kNone;
  if (parts.size() > 0) {
    if (auto it = bucket.by_first.find(parts[0]); it != bucket.by_first.end()) literal = &it->second;
  }
  // Both lists are in insertion order: merge them, so that ties go to the route added first.
  const std::vector<uint32_t>& capture = bucket.capture_first;
  size_t i = 0, j = 0;
  while (i < literal->size() || j < capture.size()) {
    uint32_t next;
    if (j == capture.size() || (i < literal->size() && (*literal)[i] < capture[j])) {
      next = (*literal)[i++];
    } else {
      next = capture[j++];
    }
    fn(routes_[next]);
  }
}

RouteMatch Router::Match(std::string_view method, std::string_view path,
                         std::map<std::string, std::string>* params) const {
  const PathSegments parts = SplitPathViews(path);
  RouteMatch match;
  int best_literals = -1;
  int best_path_literals = -1;
  ForCandidates(parts, [&](const Route& route) {
    const int literals = MatchSegments(route, parts, nullptr);
    if (literals < 0) return;
    best_path_literals = std::max(best_path_literals, literals);
    if (literals > best_literals && route.method == method) {
      best_literals = literals;
      match.route = &route;
    }
  });
  match.path_matched = best_path_literals >= 0;
  if (!match.path_matched && fallback_ && (method == "GET" || method == "HEAD") &&
      !path.starts_with("/api/") && path != "/api") {
    match.route = &*fallback_;
    return match;
  }
  if (match.route != nullptr && best_literals < best_path_literals) {
    // A more specific pattern exists for this path but not for this method: 405.
    match.route = nullptr;
  }
  if (match.route != nullptr) {
    if (params != nullptr) MatchSegments(*match.route, parts, params);
    return match;
  }
  // No route for this method: the methods of the most specific patterns, for a 405's Allow
  // (a second pass, so that a matched request allocates no list).
  ForCandidates(parts, [&](const Route& route) {
    if (best_path_literals >= 0 && MatchSegments(route, parts, nullptr) == best_path_literals) {
      match.allowed_methods.push_back(route.method);
    }
  });
  std::sort(match.allowed_methods.begin(), match.allowed_methods.end());
  match.allowed_methods.erase(
      std::unique(match.allowed_methods.begin(), match.allowed_methods.end()),
      match.allowed_methods.end());
  return match;
}

}  // namespace lathe::api
