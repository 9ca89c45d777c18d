// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Health, readiness, metrics, the OpenAPI document and the studio's static files.
#pragma once

#include "api/app.h"
#include "api/http_types.h"
#include "api/router.h"

namespace lathe::api {

Result<HttpResponse> Healthz(HttpRequest& request, RequestContext& context);
Result<HttpResponse> Readyz(App& app, HttpRequest& request, RequestContext& context);
Result<HttpResponse> Metrics(HttpRequest& request, RequestContext& context);
// The OpenAPI 3 document generated from the route table.
Result<HttpResponse> OpenApi(const Router& router, HttpRequest& request, RequestContext& context);
// The studio: embedded assets (or --web-dir), with index.html for client-side routes.
Result<HttpResponse> StudioAsset(App& app, HttpRequest& request, RequestContext& context);

}  // namespace lathe::api
