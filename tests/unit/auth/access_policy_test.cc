// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "auth/access_policy.h"

#include <unistd.h>

#include <filesystem>

#include <gtest/gtest.h>

#include "auth/crypto.h"

namespace lathe::auth {
namespace {

constexpr int64_t kNow = 1767225600;  // 2026-01-01T00:00:00Z
constexpr char kAmzDate[] = "20260101T000000Z";

class AccessPolicyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "lathe-acl-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
    store_ = std::move(store::OpenSqliteMetadataStore((dir_ / "lathe.db").string())).value();
    keys_ = std::move(KeyService::Open(*store_, (dir_ / "keys").string())).value();
    admin_ = *keys_->Create({.scope = Scope::kAdmin});
    invoke_ = *keys_->Create({.scope = Scope::kInvoke, .rate_per_second = 1, .burst = 2});
  }
  void TearDown() override {
    keys_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  AccessPolicy Policy(bool require_auth = false) {
    return AccessPolicy(*keys_, {.require_auth = require_auth,
                                 .now_unix = [] { return kNow; },
                                 .now_steady_ns = [this] { return steady_ns_; }});
  }

  // Runs both phases, as the dispatcher does.
  std::optional<AuthDenial> Check(const AccessPolicy& policy, Scope scope,
                                  const std::string& method, const std::string& path,
                                  const HeaderList& headers, const std::string& remote,
                                  const std::string& body = "") {
    AccessRequest request{.method = method, .path = path, .target = path, .headers = &headers,
                          .remote_address = remote,
                          .payload_sha256 = [body] { return HexEncode(Sha256Raw(body)); }};
    if (auto d = policy.Check(scope, request, AccessPhase::kHeaders)) return d;
    return policy.Check(scope, request, AccessPhase::kBody);
  }

  // Headers of a request signed with SigV4 (the signing steps are checked against AWS's
  // published vectors in sigv4_test.cc).
  HeaderList Signed(const CreatedKey& key, const std::string& secret, const std::string& method,
                    const std::string& path, const std::string& body) {
    HeaderList headers = {{"host", "127.0.0.1:8080"}, {"x-amz-date", kAmzDate}};
    SigV4Authorization a;
    a.access_key_id = key.info.access_key_id;
    a.date = "20260101";
    a.region = "us-east-1";
    a.service = "sagemaker";
    a.signed_headers = "host;x-amz-date";
    a.signed_header_names = {"host", "x-amz-date"};
    SigV4Request r{.method = method, .target = path, .headers = &headers,
                   .payload_sha256 = HexEncode(Sha256Raw(body))};
    std::string signature = HexEncode(HmacSha256(
        DeriveSigningKey(secret, a.date, a.region, a.service),
        StringToSign(kAmzDate, a.CredentialScope(), *CanonicalRequest(r, a))));
    headers.emplace_back("authorization", "AWS4-HMAC-SHA256 Credential=" + a.access_key_id +
                                              "/" + a.CredentialScope() +
                                              ", SignedHeaders=host;x-amz-date, Signature=" +
                                              signature);
    return headers;
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::MetadataStore> store_;
  std::unique_ptr<KeyService> keys_;
  CreatedKey admin_;
  CreatedKey invoke_;
  int64_t steady_ns_ = 1000000000;
};

HeaderList Bearer(const std::string& token) { return {{"authorization", "Bearer " + token}}; }

TEST(ScopeTest, InvokeKeysReachInvocationsAndReadEndpointsOnly) {
  EXPECT_TRUE(ScopeAllows(Scope::kInvoke, Scope::kInvoke, "POST", "/endpoints/x/invocations"));
  EXPECT_TRUE(ScopeAllows(Scope::kInvoke, Scope::kAdmin, "GET", "/api/v1/endpoints"));
  EXPECT_TRUE(ScopeAllows(Scope::kInvoke, Scope::kAdmin, "GET", "/api/v1/endpoints/x/metrics"));
  EXPECT_FALSE(ScopeAllows(Scope::kInvoke, Scope::kAdmin, "DELETE", "/api/v1/endpoints/x"));
  EXPECT_FALSE(ScopeAllows(Scope::kInvoke, Scope::kAdmin, "GET", "/api/v1/endpointsX"));
  EXPECT_FALSE(ScopeAllows(Scope::kInvoke, Scope::kAdmin, "GET", "/api/v1/datasets"));
  EXPECT_TRUE(ScopeAllows(Scope::kAdmin, Scope::kAdmin, "POST", "/api/v1/keys"));
  EXPECT_TRUE(ScopeAllows(Scope::kInvoke, Scope::kPublic, "GET", "/healthz"));
}

TEST(LoopbackTest, RecognisesLoopbackAddresses) {
  EXPECT_TRUE(IsLoopbackAddress("127.0.0.1"));
  EXPECT_TRUE(IsLoopbackAddress("127.8.9.10"));
  EXPECT_TRUE(IsLoopbackAddress("::1"));
  EXPECT_TRUE(IsLoopbackAddress("::ffff:127.0.0.1"));
  EXPECT_FALSE(IsLoopbackAddress("10.0.0.1"));
  EXPECT_FALSE(IsLoopbackAddress("::ffff:10.0.0.1"));
  EXPECT_FALSE(IsLoopbackAddress(""));
}

TEST_F(AccessPolicyTest, NoCredentialsOnlyFromLoopbackWithoutRequireAuth) {
  AccessPolicy open = Policy();
  EXPECT_FALSE(Check(open, Scope::kAdmin, "GET", "/api/v1/datasets", {}, "127.0.0.1"));
  auto remote = Check(open, Scope::kAdmin, "GET", "/api/v1/datasets", {}, "192.168.1.5");
  ASSERT_TRUE(remote);
  EXPECT_EQ(remote->error, AuthError::kMissingToken);
  EXPECT_NE(remote->message.find("only loopback"), std::string::npos);
  AccessPolicy strict = Policy(/*require_auth=*/true);
  auto local = Check(strict, Scope::kAdmin, "GET", "/api/v1/datasets", {}, "127.0.0.1");
  ASSERT_TRUE(local);
  EXPECT_EQ(local->error, AuthError::kMissingToken);
  EXPECT_NE(local->message.find("--require-auth"), std::string::npos);
  EXPECT_FALSE(Check(strict, Scope::kPublic, "GET", "/healthz", {}, "192.168.1.5"));
}

TEST_F(AccessPolicyTest, UnknownPeerFollowsTheBindAddress) {
  AccessPolicy loopback_bound(*keys_, {.bound_to_loopback = true});
  EXPECT_FALSE(Check(loopback_bound, Scope::kAdmin, "GET", "/api/v1/keys", {}, ""));
  AccessPolicy public_bound(*keys_, {.bound_to_loopback = false});
  EXPECT_TRUE(Check(public_bound, Scope::kAdmin, "GET", "/api/v1/keys", {}, ""));
}

TEST_F(AccessPolicyTest, PresentCredentialsAreVerifiedEvenFromLoopback) {
  AccessPolicy policy = Policy();
  EXPECT_FALSE(Check(policy, Scope::kAdmin, "GET", "/api/v1/keys", Bearer(admin_.token),
                     "127.0.0.1"));
  auto wrong = Check(policy, Scope::kAdmin, "GET", "/api/v1/keys",
                     Bearer(admin_.info.access_key_id + ".wrong"), "127.0.0.1");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->error, AuthError::kUnrecognizedClient);
  auto basic = Check(policy, Scope::kAdmin, "GET", "/api/v1/keys",
                     {{"authorization", "Basic dXNlcjpwdw=="}}, "127.0.0.1");
  ASSERT_TRUE(basic);
  EXPECT_EQ(basic->error, AuthError::kIncompleteSignature);
  EXPECT_NE(basic->message.find("'Basic'"), std::string::npos);
}

TEST_F(AccessPolicyTest, InvokeKeyIsRefusedOnAdminRoutes) {
  AccessPolicy policy = Policy();
  auto denied = Check(policy, Scope::kAdmin, "POST", "/api/v1/datasets", Bearer(invoke_.token),
                      "10.1.1.1");
  ASSERT_TRUE(denied);
  EXPECT_EQ(denied->error, AuthError::kAccessDenied);
  EXPECT_NE(denied->message.find("scope 'invoke'"), std::string::npos) << denied->message;
  EXPECT_NE(denied->message.find("POST /api/v1/datasets"), std::string::npos);
  EXPECT_FALSE(Check(policy, Scope::kAdmin, "GET", "/api/v1/endpoints", Bearer(invoke_.token),
                     "10.1.1.1"));
}

TEST_F(AccessPolicyTest, RateLimitGivesRetryAfterAndRefills) {
  AccessPolicy policy = Policy();
  const std::string path = "/endpoints/e/invocations";
  EXPECT_FALSE(Check(policy, Scope::kInvoke, "POST", path, Bearer(invoke_.token), "10.0.0.2"));
  EXPECT_FALSE(Check(policy, Scope::kInvoke, "POST", path, Bearer(invoke_.token), "10.0.0.2"));
  auto throttled = Check(policy, Scope::kInvoke, "POST", path, Bearer(invoke_.token), "10.0.0.2");
  ASSERT_TRUE(throttled);
  EXPECT_EQ(throttled->error, AuthError::kThrottled);
  EXPECT_EQ(throttled->retry_after_seconds, 1);
  steady_ns_ += 1000000000;
  EXPECT_FALSE(Check(policy, Scope::kInvoke, "POST", path, Bearer(invoke_.token), "10.0.0.2"));
  // Admin key without a limit is unaffected.
  for (int idx = 0; idx < 50; ++idx) {
    ASSERT_FALSE(Check(policy, Scope::kAdmin, "GET", "/api/v1/keys", Bearer(admin_.token), "::1"));
  }
}

TEST_F(AccessPolicyTest, SigV4RightSecretPassesAndWrongSecretFails) {
  AccessPolicy policy = Policy();
  const std::string path = "/endpoints/e/invocations";
  HeaderList good = Signed(admin_, admin_.secret_access_key, "POST", path, "1,2,3");
  EXPECT_FALSE(Check(policy, Scope::kInvoke, "POST", path, good, "127.0.0.1", "1,2,3"));
  // The body is part of the signature.
  auto other_body = Check(policy, Scope::kInvoke, "POST", path, good, "127.0.0.1", "9,9,9");
  ASSERT_TRUE(other_body);
  EXPECT_EQ(other_body->error, AuthError::kInvalidSignature);
  HeaderList bad = Signed(admin_, "not-the-secret", "POST", path, "1,2,3");
  auto wrong = Check(policy, Scope::kInvoke, "POST", path, bad, "127.0.0.1", "1,2,3");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->error, AuthError::kInvalidSignature);
  EXPECT_NE(wrong->message.find("does not match"), std::string::npos);
}

TEST_F(AccessPolicyTest, SigV4UnknownKeyAndScopeAreRefusedBeforeTheBody) {
  AccessPolicy policy = Policy();
  CreatedKey ghost = admin_;
  ghost.info.access_key_id = "LKAAAAAAAAAAAAAAAAAA";
  HeaderList unknown = Signed(ghost, "x", "GET", "/api/v1/keys", "");
  AccessRequest request{.method = "GET", .path = "/api/v1/keys", .target = "/api/v1/keys",
                        .headers = &unknown, .remote_address = "127.0.0.1",
                        .payload_sha256 = []() -> Result<std::string> {
                          ADD_FAILURE() << "body hashed in the header phase";
                          return std::string();
                        }};
  auto d = policy.Check(Scope::kAdmin, request, AccessPhase::kHeaders);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->error, AuthError::kUnrecognizedClient);
  HeaderList invoke = Signed(invoke_, invoke_.secret_access_key, "DELETE", "/api/v1/keys/x", "");
  request.method = "DELETE";
  request.headers = &invoke;
  d = policy.Check(Scope::kAdmin, request, AccessPhase::kHeaders);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->error, AuthError::kAccessDenied);
}

}  // namespace
}  // namespace lathe::auth
