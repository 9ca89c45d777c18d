// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// The RouteGuard that puts auth::AccessPolicy in front of every route: it reads the route's
// `scope`, hands the policy the request (peer address, headers, raw target, a lazy body hash for
// SigV4) and turns a denial into a response through the one table of auth errors: 403 / 429 /
// 500 with Lathe's error JSON, or, on routes with `aws_errors`, AWS rest-json errors
// (X-Amzn-ErrorType, {"message","Message"}). A 429 carries Retry-After. Thread-safe.
//
//   auth::AccessPolicy policy(*app->keys, {.require_auth = flags.require_auth});
//   router.SetGuard(MakeAuthGuard(policy));   // policy must outlive the server
#pragma once

#include "api/router.h"
#include "auth/access_policy.h"

namespace lathe::api {

// `policy` is not owned and must outlive every request.
RouteGuard MakeAuthGuard(const auth::AccessPolicy& policy);

// The response for a denial, as the guard sends it (exposed for tests).
HttpResponse AuthDenialResponse(const auth::AuthDenial& denial, bool aws_errors,
                                std::string_view request_id);

}  // namespace lathe::api
