// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "api/router.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace lathe::api
