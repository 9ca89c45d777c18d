// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "api/auth_guard.h"

#include "api/errors.h"
#include "core/sha256.h"

namespace lathe::api {
namespace {

struct AuthErrorCodes {
  int http_status;
  std::string_view lathe_code;  // in Lathe's error JSON
  std::string_view aws_code;    // X-Amzn-ErrorType on aws_errors routes
};

// The one table from auth errors to HTTP status and error codes.
AuthErrorCodes CodesFor(auth::AuthError error) {
  switch (error) {
    case auth::AuthError::kMissingToken:
      return {403, "MissingAuthenticationToken", "MissingAuthenticationTokenException"};
    case auth::AuthError::kIncompleteSignature:
      return {403, "IncompleteSignature", "IncompleteSignatureException"};
    case auth::AuthError::kUnrecognizedClient:
      return {403, "UnrecognizedClient", "UnrecognizedClientException"};
    case auth::AuthError::kInvalidSignature:
      return {403, "InvalidSignature", "InvalidSignatureException"};
    case auth::AuthError::kAccessDenied: return {403, "AccessDenied", "AccessDeniedException"};
    case auth::AuthError::kThrottled: return {429, "RateLimited", "ThrottlingException"};
    case auth::AuthError::kInternal: return {500, "InternalError", "InternalFailure"};
  }
  return {403, "AccessDenied", "AccessDeniedException"};
}

}  // namespace

HttpResponse AuthDenialResponse(const auth::AuthDenial& denial, bool aws_errors,
                                std::string_view request_id) {
  const AuthErrorCodes codes = CodesFor(denial.error);
  HttpResponse response;
  if (aws_errors) {
    // rest-json clients read X-Amzn-ErrorType; JSON 1.1 ones (Comprehend, Textract) read __type.
    response = HttpResponse::Json(codes.http_status, {{"__type", codes.aws_code},
                                                      {"message", denial.message},
                                                      {"Message", denial.message}});
    response.headers.Set("X-Amzn-ErrorType", std::string(codes.aws_code));
    response.headers.Set("x-amzn-RequestId", std::string(request_id));
  } else {
    const StatusCode code = denial.error == auth::AuthError::kThrottled
                                ? StatusCode::kResourceExhausted
                                : StatusCode::kPermissionDenied;
    response = ErrorResponseWith({codes.http_status, codes.lathe_code},
                                 Status(code, denial.message), request_id);
  }
  if (denial.error == auth::AuthError::kThrottled) {
    response.headers.Set("Retry-After", std::to_string(denial.retry_after_seconds));
  }
  return response;
}

RouteGuard MakeAuthGuard(const auth::AccessPolicy& policy) {
  return [&policy](const Route& route, const HttpRequest& request, RequestContext& context,
                   GuardPhase phase) -> std::optional<HttpResponse> {
    // An unknown scope name is a programmer error; it fails closed as admin.
    const auth::Scope scope = auth::ParseScope(route.options.scope).value_or(auth::Scope::kAdmin);
    if (scope == auth::Scope::kPublic) return std::nullopt;
    auth::AccessRequest access{
        .method = request.method,
        .path = request.path,
        .target = request.target,
        .headers = &request.headers.entries(),
        .remote_address = request.remote_address,
        .payload_sha256 = [&request]() -> Result<std::string> {
          if (!request.body_file.empty()) return Sha256File(request.body_file);
          return Sha256Hex(request.body);
        }};
    std::optional<auth::AuthDenial> denial = policy.Check(
        scope, access,
        phase == GuardPhase::kHeaders ? auth::AccessPhase::kHeaders : auth::AccessPhase::kBody);
    if (!denial) return std::nullopt;
    return AuthDenialResponse(*denial, route.options.aws_errors, context.request_id);
  };
}

}  // namespace lathe::api
