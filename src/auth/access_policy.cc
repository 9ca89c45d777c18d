// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "auth/access_policy.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>

namespace lathe::auth {
namespace {

constexpr std::string_view kEndpointsPrefix = "/api/v1/endpoints";

std::string_view HeaderValue(const HeaderList& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (key == name) return value;
  }
  return {};
}

bool HasHeader(const HeaderList& headers, std::string_view name) {
  for (const auto& entry : headers) {
    if (entry.first == name) return true;
  }
  return false;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t idx = 0; idx < a.size(); ++idx) {
    if (std::tolower(static_cast<unsigned char>(a[idx])) !=
        std::tolower(static_cast<unsigned char>(b[idx]))) {
      return false;
    }
  }
  return true;
}

std::string FormatRate(double rate) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%g", rate);
  return buf;
}

}  // namespace

bool IsLoopbackAddress(std::string_view address) {
  return address.starts_with("127.") || address == "::1" || address.starts_with("::ffff:127.");
}

bool ScopeAllows(Scope granted, Scope required, std::string_view method, std::string_view path) {
  if (required == Scope::kPublic || granted == Scope::kAdmin) return true;
  if (granted != Scope::kInvoke) return false;
  if (required == Scope::kInvoke) return true;
  const bool endpoints_path =
      path.starts_with(kEndpointsPrefix) &&
      (path.size() == kEndpointsPrefix.size() || path[kEndpointsPrefix.size()] == '/');
  return endpoints_path && (method == "GET" || method == "HEAD");
}

AccessPolicy::AccessPolicy(const KeyService& keys, AccessPolicyOptions options)
    : keys_(keys), options_(std::move(options)) {
  if (!options_.now_unix) options_.now_unix = [] { return static_cast<int64_t>(std::time(nullptr)); };
  if (!options_.now_steady_ns) options_.now_steady_ns = SteadyNowNanos;
}

std::optional<AuthDenial> AccessPolicy::Check(Scope required, const AccessRequest& request,
                                              AccessPhase phase) const {
  if (required == Scope::kPublic) return std::nullopt;
  const HeaderList& headers = *request.headers;
  if (!HasHeader(headers, "authorization")) {
    if (phase == AccessPhase::kBody) return std::nullopt;  // decided with the header
    const bool loopback = request.remote_address.empty()
                              ? options_.bound_to_loopback
                              : IsLoopbackAddress(request.remote_address);
    if (loopback && !options_.require_auth) return std::nullopt;
    return AuthDenial{AuthError::kMissingToken,
                      std::string("the request has no credentials: send 'Authorization: Bearer "
                                  "<access_key_id>.<secret>' or sign it with AWS Signature V4") +
                          (loopback ? " (this server runs with --require-auth)"
                                    : " (only loopback clients may call without a key)")};
  }
  std::string_view header = HeaderValue(headers, "authorization");
  while (!header.empty() && header.front() == ' ') header.remove_prefix(1);
  const std::string_view scheme = header.substr(0, header.find(' '));
  if (EqualsIgnoreCase(scheme, "Bearer")) {
    if (phase == AccessPhase::kBody) return std::nullopt;  // verified with the header
    std::string_view token = header.substr(scheme.size());
    while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
    while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
    return CheckBearer(required, request, token);
  }
  if (scheme == kSigV4Algorithm) return CheckSigV4(required, request, header, phase);
  return AuthDenial{AuthError::kIncompleteSignature,
                    "unsupported Authorization scheme '" + std::string(scheme.substr(0, 32)) +
                        "': use 'Bearer <access_key_id>.<secret>' or AWS4-HMAC-SHA256"};
}

std::optional<AuthDenial> AccessPolicy::CheckBearer(Scope required, const AccessRequest& request,
                                                    std::string_view token) const {
  Result<std::shared_ptr<const ActiveKey>> key = keys_.VerifyToken(token);
  if (!key.ok()) return AuthDenial{AuthError::kUnrecognizedClient, key.status().message()};
  return CheckScopeAndRate(**key, required, request, /*take_token=*/true);
}

std::optional<AuthDenial> AccessPolicy::CheckSigV4(Scope required, const AccessRequest& request,
                                                   std::string_view header,
                                                   AccessPhase phase) const {
  Result<SigV4Authorization> parsed = ParseSigV4Authorization(header);
  if (!parsed.ok()) {
    return AuthDenial{AuthError::kIncompleteSignature, parsed.status().message()};
  }
  std::shared_ptr<const ActiveKey> key = keys_.Find(parsed->access_key_id);
  if (key == nullptr) {
    return AuthDenial{AuthError::kUnrecognizedClient,
                      "The security token included in the request is invalid: access key id '" +
                          parsed->access_key_id.substr(0, 32) + "' is not a key of this server"};
  }
  if (phase == AccessPhase::kHeaders) {
    return CheckScopeAndRate(*key, required, request, /*take_token=*/false);
  }
  if (key->secret.empty()) {
    return AuthDenial{AuthError::kInvalidSignature,
                      "access key " + key->info.access_key_id +
                          " cannot verify signatures on this server: " + key->unseal_error};
  }
  Result<std::string> payload = request.payload_sha256();
  if (!payload.ok()) {
    return AuthDenial{AuthError::kInternal,
                      "cannot hash the request body: " + payload.status().message()};
  }
  SigV4Request signed_request{.method = request.method,
                              .target = request.target,
                              .headers = request.headers,
                              .payload_sha256 = std::move(payload).value()};
  Status verified = VerifySigV4(signed_request, *parsed, key->secret, options_.now_unix(),
                                options_.max_clock_skew_seconds);
  if (!verified.ok()) return AuthDenial{AuthError::kInvalidSignature, verified.message()};
  return CheckScopeAndRate(*key, required, request, /*take_token=*/true);
}

std::optional<AuthDenial> AccessPolicy::CheckScopeAndRate(const ActiveKey& key, Scope required,
                                                          const AccessRequest& request,
                                                          bool take_token) const {
  if (!ScopeAllows(key.info.scope, required, request.method, request.path)) {
    return AuthDenial{AuthError::kAccessDenied,
                      "access key " + key.info.access_key_id + " has scope '" +
                          std::string(ScopeName(key.info.scope)) + "', which does not allow " +
                          std::string(request.method) + " " + std::string(request.path) +
                          " (needs '" + std::string(ScopeName(required)) + "')"};
  }
  if (!take_token || key.limiter == nullptr) return std::nullopt;
  const int64_t wait_ns = key.limiter->TryAcquire(options_.now_steady_ns());
  if (wait_ns <= 0) return std::nullopt;
  const int64_t seconds = std::max<int64_t>(1, (wait_ns + 999999999) / 1000000000);
  return AuthDenial{AuthError::kThrottled,
                    "rate limit of " + FormatRate(key.limiter->rate_per_second()) +
                        " requests/s (burst " + std::to_string(key.limiter->burst()) +
                        ") exceeded for access key " + key.info.access_key_id + "; retry after " +
                        std::to_string(seconds) + " s",
                    seconds};
}

}  // namespace lathe::auth
