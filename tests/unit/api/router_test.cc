// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "api/router.h"

#include <gtest/gtest.h>

#include <random>

namespace lathe::api {
namespace {

Handler Named(std::string name) {
  return [name](HttpRequest&, RequestContext&) -> Result<HttpResponse> {
    return HttpResponse::Text(200, name);
  };
}

std::string HandlerName(const Route* route) {
  HttpRequest req;
  RequestContext ctx;
  return (*route->handler(req, ctx)).body;
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.Add("GET", "/api/v1/datasets", Named("list"));
    router_.Add("POST", "/api/v1/datasets", Named("upload"));
    router_.Add("GET", "/api/v1/datasets/{id}", Named("get"));
    router_.Add("GET", "/api/v1/datasets/{id}/rows", Named("rows"));
    router_.Add("GET", "/api/v1/datasets/latest", Named("latest"));
  }
  Router router_;
};

TEST_F(RouterTest, CapturesPathParameters) {
  std::map<std::string, std::string> params;
  RouteMatch m = router_.Match("GET", "/api/v1/datasets/ds_12/rows", &params);
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(HandlerName(m.route), "rows");
  EXPECT_EQ(params["id"], "ds_12");
}

TEST_F(RouterTest, LiteralSegmentWinsOverCapture) {
  std::map<std::string, std::string> params;
  RouteMatch m = router_.Match("GET", "/api/v1/datasets/latest", &params);
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(HandlerName(m.route), "latest");
}

TEST_F(RouterTest, KnownPathWrongMethodListsAllowedMethods) {
  RouteMatch m = router_.Match("DELETE", "/api/v1/datasets", nullptr);
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.path_matched);
  EXPECT_EQ(m.allowed_methods, (std::vector<std::string>{"GET", "POST"}));
}

// A route matched for its method lists no methods; a path whose most specific pattern lacks the
// method is a 405 listing that pattern's methods only (not those of the {id} capture).
TEST_F(RouterTest, AllowedMethodsComeFromTheMostSpecificPatternOnly) {
  router_.Add("DELETE", "/api/v1/datasets/{id}", Named("delete"));
  router_.Add("PUT", "/api/v1/datasets/latest", Named("put-latest"));
  std::map<std::string, std::string> params;
  RouteMatch ok = router_.Match("DELETE", "/api/v1/datasets/ds_1", &params);
  ASSERT_NE(ok.route, nullptr);
  EXPECT_EQ(HandlerName(ok.route), "delete");
  EXPECT_EQ(params["id"], "ds_1");
  EXPECT_TRUE(ok.allowed_methods.empty());
  RouteMatch m = router_.Match("DELETE", "/api/v1/datasets/latest", &params);
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.path_matched);
  EXPECT_EQ(m.allowed_methods, (std::vector<std::string>{"GET", "PUT"}));
}

TEST_F(RouterTest, UnknownPathMatchesNothing) {
  RouteMatch m = router_.Match("GET", "/api/v1/models", nullptr);
  EXPECT_EQ(m.route, nullptr);
  EXPECT_FALSE(m.path_matched);
}

TEST_F(RouterTest, FallbackServesGetOutsideApiOnly) {
  router_.SetFallback(Named("studio"));
  RouteMatch page = router_.Match("GET", "/datasets/ds_1", nullptr);
  ASSERT_NE(page.route, nullptr);
  EXPECT_EQ(HandlerName(page.route), "studio");
  EXPECT_EQ(router_.Match("GET", "/api/v1/unknown", nullptr).route, nullptr);
  EXPECT_EQ(router_.Match("POST", "/datasets", nullptr).route, nullptr);
}

TEST_F(RouterTest, VeryLongPathsMatchNoRoute) {
  router_.Add("GET", "/{a}/{b}", Named("two"));
  std::string deep;
  for (int i = 0; i < 40; ++i) deep += "/s";
  RouteMatch m = router_.Match("GET", deep, nullptr);
  EXPECT_EQ(m.route, nullptr);
  EXPECT_FALSE(m.path_matched);
  std::map<std::string, std::string> params;
  m = router_.Match("GET", "/x/y", &params);
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(params["a"], "x");
  EXPECT_EQ(params["b"], "y");
}

TEST_F(RouterTest, TrailingAndDoubleSlashesAreIgnored) {
  EXPECT_NE(router_.Match("GET", "/api/v1/datasets/", nullptr).route, nullptr);
  EXPECT_NE(router_.Match("GET", "//api/v1//datasets", nullptr).route, nullptr);
}

// The index by segment count and first segment must not change which route wins: a pattern whose
// first segment is a capture competes with literal first segments, more literal segments win,
// and a tie goes to the route added first.
TEST_F(RouterTest, CaptureFirstSegmentCompetesWithLiteralOnes) {
  router_.Add("POST", "/endpoints/{name}/invocations", Named("invoke"));
  router_.Add("POST", "/{any}/{name}/invocations", Named("generic"));
  router_.Add("POST", "/{any}/special/invocations", Named("special"));
  router_.Add("POST", "/endpoints/{name}/{action}", Named("action"));
  router_.Add("POST", "/{a}/{b}/{c}", Named("first-of-three-captures"));
  router_.Add("POST", "/{x}/{y}/{z}", Named("second-of-three-captures"));
  std::map<std::string, std::string> params;
  RouteMatch m = router_.Match("POST", "/endpoints/bench/invocations", &params);
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(HandlerName(m.route), "invoke");
  EXPECT_EQ(params["name"], "bench");
  m = router_.Match("POST", "/endpoints/special/invocations", nullptr);
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(HandlerName(m.route), "invoke");  // 2 literals each: the one added first
  m = router_.Match("POST", "/models/special/invocations", nullptr);
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(HandlerName(m.route), "special");  // 2 literals against generic's 1
  m = router_.Match("POST", "/models/m1/invocations", nullptr);
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(HandlerName(m.route), "generic");
  m = router_.Match("POST", "/endpoints/bench/stop", nullptr);
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(HandlerName(m.route), "action");
  params.clear();
  m = router_.Match("POST", "/a/b/c", &params);
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(HandlerName(m.route), "first-of-three-captures");
  EXPECT_EQ(params["a"], "a");
  // A literal-first pattern of the wrong method still makes the path known (405 with its
  // methods), even though a capture-first pattern of that method fits with fewer literals.
  m = router_.Match("POST", "/api/v1/datasets/latest", nullptr);
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.path_matched);
  EXPECT_EQ(m.allowed_methods, (std::vector<std::string>{"GET"}));
  // The root path and a pattern with no segment.
  EXPECT_EQ(router_.Match("GET", "/", nullptr).route, nullptr);
  router_.Add("GET", "/", Named("root"));
  m = router_.Match("GET", "/", nullptr);
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(HandlerName(m.route), "root");
}

// Reference: the router's rule by scanning every route (what Match did before it had an index).
std::pair<const Route*, int> ScanAllRoutes(const Router& router, const std::string& method,
                                           const std::vector<std::string>& parts) {
  const Route* best = nullptr;
  int best_literals = -1, best_path_literals = -1;
  for (const Route& route : router.routes()) {
    if (route.segments.size() != parts.size()) continue;
    int literals = 0;
    for (size_t i = 0; i < parts.size() && literals >= 0; ++i) {
      const std::string& seg = route.segments[i];
      if (seg.front() == '{') continue;
      literals = seg == parts[i] ? literals + 1 : -1;
    }
    if (literals < 0) continue;
    best_path_literals = std::max(best_path_literals, literals);
    if (route.method == method && literals > best_literals) {
      best_literals = literals;
      best = &route;
    }
  }
  if (best != nullptr && best_literals < best_path_literals) best = nullptr;
  return {best, best_path_literals};
}

TEST_F(RouterTest, IndexedLookupAgreesWithAScanOfEveryRoute) {
  std::mt19937 rng(7);
  const std::vector<std::string> words = {"api", "v1", "endpoints", "models", "x", "invocations"};
  const std::vector<std::string> methods = {"GET", "POST", "DELETE"};
  auto pick = [&](const std::vector<std::string>& from) { return from[rng() % from.size()]; };
  Router router;
  for (int r = 0; r < 300; ++r) {
    std::string pattern;
    const int n = 1 + static_cast<int>(rng() % 4);
    for (int i = 0; i < n; ++i) {
      pattern += "/" + (rng() % 3 == 0 ? "{p" + std::to_string(i) + "}" : pick(words));
    }
    router.Add(pick(methods), pattern, Named(std::to_string(r)));
  }
  int matched = 0, refused = 0;
  for (int q = 0; q < 5000; ++q) {
    std::vector<std::string> parts;
    std::string path;
    const int n = 1 + static_cast<int>(rng() % 4);
    for (int i = 0; i < n; ++i) {
      parts.push_back(rng() % 5 == 0 ? "other" : pick(words));
      path += "/" + parts.back();
    }
    const std::string method = pick(methods);
    const auto [expected, path_literals] = ScanAllRoutes(router, method, parts);
    RouteMatch m = router.Match(method, path, nullptr);
    ASSERT_EQ(m.route, expected) << method << " " << path;
    EXPECT_EQ(m.path_matched, path_literals >= 0) << method << " " << path;
    (m.route != nullptr ? matched : refused) += 1;
  }
  EXPECT_GT(matched, 500);  // both outcomes were exercised
  EXPECT_GT(refused, 500);
}

}  // namespace
}  // namespace lathe::api
