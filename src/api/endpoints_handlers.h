// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// HTTP handlers for real-time endpoints (docs/api/deploy.md): create / list / get / update /
// delete, per-second metrics, data-capture files, and InvokeEndpoint as SageMaker Runtime
// defines it (POST /endpoints/{name}/invocations), whose errors follow AWS rest-json
// (X-Amzn-ErrorType header, {"message"} body) so the aws CLI and SDKs report them by name.
#pragma once

#include "api/app.h"
#include "api/http_types.h"

namespace lathe::api {

Result<HttpResponse> CreateEndpoint(App& app, HttpRequest& request, RequestContext& context);
Result<HttpResponse> ListEndpoints(App& app, HttpRequest& request, RequestContext& context);
Result<HttpResponse> GetEndpoint(App& app, HttpRequest& request, RequestContext& context);
Result<HttpResponse> UpdateEndpoint(App& app, HttpRequest& request, RequestContext& context);
Result<HttpResponse> DeleteEndpoint(App& app, HttpRequest& request, RequestContext& context);
Result<HttpResponse> GetEndpointMetrics(App& app, HttpRequest& request, RequestContext& context);
Result<HttpResponse> GetEndpointCapture(App& app, HttpRequest& request, RequestContext& context);
// The request path: never returns an error Status; failures are AWS-style responses.
Result<HttpResponse> InvokeEndpoint(App& app, HttpRequest& request, RequestContext& context);

// An AWS rest-json error: `code` in X-Amzn-ErrorType, {"message", "Message"} in the body.
HttpResponse AwsErrorResponse(int status, std::string_view code, std::string_view message);

}  // namespace lathe::api
