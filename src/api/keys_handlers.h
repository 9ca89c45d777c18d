// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// HTTP handlers for API keys (docs/api/deploy.md, "Access: API keys and SigV4"): create (the
// only answer that carries the secret), list (never secrets), delete. The work is
// auth::KeyService's; this file parses and shapes JSON.
#pragma once

#include "api/app.h"
#include "api/http_types.h"

namespace lathe::api {

Result<HttpResponse> CreateKey(App& app, HttpRequest& request, RequestContext& context);
Result<HttpResponse> ListKeys(App& app, HttpRequest& request, RequestContext& context);
Result<HttpResponse> DeleteKey(App& app, HttpRequest& request, RequestContext& context);

}  // namespace lathe::api
