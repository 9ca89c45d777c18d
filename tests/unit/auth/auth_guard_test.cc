// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// The access guard inside the Dispatcher, without sockets: refusals in the header phase (before
// a body would be read), SigV4 over the body in the body phase, Lathe and AWS error shapes,
// Retry-After, public routes.
#include "api/auth_guard.h"

#include <unistd.h>

#include <filesystem>

#include <gtest/gtest.h>

#include "api/dispatcher.h"
#include "auth/crypto.h"

namespace lathe::api {
namespace {

class AuthGuardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "lathe-guard-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
    store_ = std::move(store::OpenSqliteMetadataStore((dir_ / "lathe.db").string())).value();
    keys_ = std::move(auth::KeyService::Open(*store_, (dir_ / "keys").string())).value();
    auth::KeyOptions limited;
    limited.scope = auth::Scope::kInvoke;
    limited.rate_per_second = 0.01;
    limited.burst = 1;
    invoke_ = *keys_->Create(limited);
    auth::AccessPolicyOptions options;
    options.bound_to_loopback = false;
    options.now_unix = [] { return int64_t{1767225600}; };  // 2026-01-01T00:00:00Z
    policy_ = std::make_unique<auth::AccessPolicy>(*keys_, options);
    auto ok = [this](HttpRequest&, RequestContext&) -> Result<HttpResponse> {
      ++handled_;
      return HttpResponse::Text(200, "ok");
    };
    RouteOptions public_route;
    public_route.scope = "public";
    router_.Add("GET", "/healthz", ok, public_route);
    router_.Add("POST", "/api/v1/datasets", ok);
    RouteOptions invocation;
    invocation.scope = "invoke";
    invocation.aws_errors = true;
    router_.Add("POST", "/endpoints/{name}/invocations", ok, invocation);
    router_.SetGuard(MakeAuthGuard(*policy_));
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  HttpRequest Request(const std::string& method, const std::string& path) {
    HttpRequest r;
    r.method = method;
    r.target = path;
    r.path = path;
    r.remote_address = "203.0.113.9";
    return r;
  }

  // Resolve then Run, as the server does; the response of whichever answered.
  HttpResponse Exchange(HttpRequest& request) {
    Dispatcher dispatcher(router_);
    RequestContext context{.request_id = "req_test"};
    Dispatcher::Resolved resolved = dispatcher.Resolve(request, context, request.body.size());
    if (resolved.refusal) return *resolved.refusal;
    return dispatcher.Run(*resolved.route, request, context);
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::MetadataStore> store_;
  std::unique_ptr<auth::KeyService> keys_;
  std::unique_ptr<auth::AccessPolicy> policy_;
  auth::CreatedKey invoke_;
  Router router_;
  int handled_ = 0;
};

TEST_F(AuthGuardTest, RefusesInTheHeaderPhaseWithLatheErrors) {
  HttpRequest request = Request("POST", "/api/v1/datasets");
  Dispatcher dispatcher(router_);
  RequestContext context{.request_id = "req_1"};
  Dispatcher::Resolved resolved = dispatcher.Resolve(request, context, uint64_t{1} << 30);
  ASSERT_TRUE(resolved.refusal.has_value());  // before any of the body is read
  EXPECT_EQ(resolved.refusal->status, 403);
  nlohmann::json body = nlohmann::json::parse(resolved.refusal->body);
  EXPECT_EQ(body["error"]["code"], "MissingAuthenticationToken");
  EXPECT_EQ(body["error"]["request_id"], "req_1");
  EXPECT_EQ(handled_, 0);
}

TEST_F(AuthGuardTest, PublicRoutesNeedNothing) {
  HttpRequest request = Request("GET", "/healthz");
  EXPECT_EQ(Exchange(request).status, 200);
  EXPECT_EQ(handled_, 1);
}

TEST_F(AuthGuardTest, AwsRoutesAnswerRestJsonErrors) {
  HttpRequest request = Request("POST", "/endpoints/e/invocations");
  request.headers.Set("Authorization", "Bearer " + invoke_.info.access_key_id + ".nope");
  HttpResponse response = Exchange(request);
  EXPECT_EQ(response.status, 403);
  EXPECT_EQ(response.headers.Get("x-amzn-errortype").value_or(""), "UnrecognizedClientException");
  nlohmann::json body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["message"], body["Message"]);
  EXPECT_NE(body["message"].get<std::string>().find("secret is wrong"), std::string::npos);
}

TEST_F(AuthGuardTest, ThrottledAwsRouteGivesThrottlingExceptionAndRetryAfter) {
  HttpRequest first = Request("POST", "/endpoints/e/invocations");
  first.headers.Set("Authorization", "Bearer " + invoke_.token);
  EXPECT_EQ(Exchange(first).status, 200);
  HttpRequest second = Request("POST", "/endpoints/e/invocations");
  second.headers.Set("Authorization", "Bearer " + invoke_.token);
  HttpResponse response = Exchange(second);
  EXPECT_EQ(response.status, 429);
  EXPECT_EQ(response.headers.Get("x-amzn-errortype").value_or(""), "ThrottlingException");
  const int retry_after = std::stoi(std::string(response.headers.Get("retry-after").value_or("0")));
  EXPECT_GE(retry_after, 99);  // one token per 100 s
  EXPECT_LE(retry_after, 100);
  EXPECT_EQ(handled_, 1);
}

// A SigV4-signed invocation of `signed_body`, carrying `sent_body`.
HttpRequest SignedInvocation(const auth::CreatedKey& key, const std::string& signed_body,
                             const std::string& sent_body) {
  HttpRequest request;
  request.method = "POST";
  request.target = "/endpoints/e/invocations?x=1";
  request.path = "/endpoints/e/invocations";
  request.remote_address = "203.0.113.9";
  request.body = sent_body;
  request.headers.Set("Host", "lathe.test");
  request.headers.Set("X-Amz-Date", "20260101T000000Z");
  auth::SigV4Authorization a;
  a.access_key_id = key.info.access_key_id;
  a.date = "20260101";
  a.region = "us-east-1";
  a.service = "sagemaker";
  a.signed_headers = "host;x-amz-date";
  a.signed_header_names = {"host", "x-amz-date"};
  const auth::HeaderList& entries = request.headers.entries();
  auth::SigV4Request signed_request{.method = "POST", .target = request.target, .headers = &entries,
                                    .payload_sha256 = auth::HexEncode(auth::Sha256Raw(signed_body))};
  const std::string signature = auth::HexEncode(auth::HmacSha256(
      auth::DeriveSigningKey(key.secret_access_key, a.date, a.region, a.service),
      auth::StringToSign("20260101T000000Z", a.CredentialScope(),
                         *auth::CanonicalRequest(signed_request, a))));
  request.headers.Set("Authorization", "AWS4-HMAC-SHA256 Credential=" + a.access_key_id + "/" +
                                           a.CredentialScope() +
                                           ", SignedHeaders=host;x-amz-date, Signature=" +
                                           signature);
  return request;
}

TEST_F(AuthGuardTest, SigV4OverTheBodyIsVerifiedBeforeTheHandler) {
  HttpRequest good = SignedInvocation(invoke_, "1,2,3", "1,2,3");
  EXPECT_EQ(Exchange(good).status, 200);
  EXPECT_EQ(handled_, 1);
  HttpRequest altered = SignedInvocation(invoke_, "1,2,3", "6,6,6");
  HttpResponse response = Exchange(altered);
  EXPECT_EQ(response.status, 403);
  EXPECT_EQ(response.headers.Get("x-amzn-errortype").value_or(""), "InvalidSignatureException");
  EXPECT_NE(response.body.find("does not match"), std::string::npos) << response.body;
  EXPECT_EQ(handled_, 1);
}

}  // namespace
}  // namespace lathe::api
