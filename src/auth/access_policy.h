// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// AccessPolicy: who may call a route. Public routes need nothing. Otherwise a request carries
// `Authorization: Bearer <access_key_id>.<secret>` or an AWS Signature V4, and credentials that
// are present are always verified; a request without any is allowed only from a loopback address
// and only when the server does not run with --require-auth. The key's scope must cover the route
// (an invoke key also reaches GET /api/v1/endpoints*), then its token bucket must have a token.
// Checks run in two phases: kHeaders once the header is in (refuses early, before a body is
// read), kBody right before the handler (verifies SigV4 over the body, takes the SigV4 token).
// Reads KeyService snapshots only: no lock on the request path. Thread-safe.
//
//   AccessPolicy policy(keys, {.require_auth = false});
//   if (auto denial = policy.Check(Scope::kAdmin, request, AccessPhase::kHeaders)) ... 403/429
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "auth/key_service.h"
#include "auth/scope.h"
#include "auth/sigv4.h"

namespace lathe::auth {

struct AccessPolicyOptions {
  bool require_auth = false;        // refuse credential-less requests from loopback too
  bool bound_to_loopback = true;    // the server listens on loopback only: a request whose peer
                                    // address is unknown ("") then comes from this machine
  int64_t max_clock_skew_seconds = 900;    // SigV4 X-Amz-Date tolerance (15 minutes)
  std::function<int64_t()> now_unix;       // wall clock (seconds); default time(nullptr)
  std::function<int64_t()> now_steady_ns;  // rate-limit clock; default SteadyNowNanos
};

enum class AuthError {
  kMissingToken,         // no credentials where they are required
  kIncompleteSignature,  // malformed Authorization header, unsupported scheme
  kUnrecognizedClient,   // unknown access key id, wrong Bearer secret
  kInvalidSignature,     // SigV4 signature, date or payload hash does not verify
  kAccessDenied,         // the key's scope does not cover the route
  kThrottled,            // the key's rate limit is exceeded
  kInternal,             // the body could not be read to hash it
};

struct AuthDenial {
  AuthError error = AuthError::kAccessDenied;
  std::string message;              // what was wrong, never a secret
  int64_t retry_after_seconds = 0;  // kThrottled: >= 1
};

// What the policy needs of a request.
struct AccessRequest {
  std::string_view method;
  std::string_view path;    // decoded path, for scope rules
  std::string_view target;  // raw request target (path and query as sent), for SigV4
  const HeaderList* headers = nullptr;
  std::string_view remote_address;  // peer IP as text; "" if unknown
  // Hex SHA-256 of the body; called only in the kBody phase of a SigV4 request.
  std::function<Result<std::string>()> payload_sha256;
};

enum class AccessPhase { kHeaders, kBody };

class AccessPolicy {
 public:
  // `keys` is not owned and must outlive the policy.
  AccessPolicy(const KeyService& keys, AccessPolicyOptions options);

  // nullopt when the request may go on to the next phase / the handler.
  std::optional<AuthDenial> Check(Scope required, const AccessRequest& request,
                                  AccessPhase phase) const;

  const AccessPolicyOptions& options() const { return options_; }

 private:
  std::optional<AuthDenial> CheckBearer(Scope required, const AccessRequest& request,
                                        std::string_view token) const;
  std::optional<AuthDenial> CheckSigV4(Scope required, const AccessRequest& request,
                                       std::string_view header, AccessPhase phase) const;
  std::optional<AuthDenial> CheckScopeAndRate(const ActiveKey& key, Scope required,
                                              const AccessRequest& request, bool take_token) const;

  const KeyService& keys_;
  AccessPolicyOptions options_;
};

// True for 127.0.0.0/8, ::1 and IPv4-mapped 127.x addresses.
bool IsLoopbackAddress(std::string_view address);

// True if a key of scope `granted` may call a route that requires `required`, by `method` on
// the decoded `path`.
bool ScopeAllows(Scope granted, Scope required, std::string_view method, std::string_view path);

}  // namespace lathe::auth
