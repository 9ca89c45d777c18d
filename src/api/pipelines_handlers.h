// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// HTTP adapters of the pipelines API (docs/api/pipelines.md): pipeline documents in JSON or
// YAML, their runs, step logs and the run event stream.
#pragma once

#include "api/app.h"
#include "api/http_types.h"

namespace lathe::api {

Result<HttpResponse> ListPipelineStepTypes(App& app, HttpRequest& request, RequestContext& ctx);
Result<HttpResponse> CreatePipeline(App& app, HttpRequest& request, RequestContext& ctx);
Result<HttpResponse> ValidatePipelineDocument(App& app, HttpRequest& request, RequestContext& ctx);
Result<HttpResponse> ListPipelines(App& app, HttpRequest& request, RequestContext& ctx);
Result<HttpResponse> GetPipeline(App& app, HttpRequest& request, RequestContext& ctx);
Result<HttpResponse> DeletePipeline(App& app, HttpRequest& request, RequestContext& ctx);
Result<HttpResponse> StartPipelineRun(App& app, HttpRequest& request, RequestContext& ctx);
Result<HttpResponse> ListPipelineRuns(App& app, HttpRequest& request, RequestContext& ctx);
Result<HttpResponse> GetPipelineRun(App& app, HttpRequest& request, RequestContext& ctx);
Result<HttpResponse> StopPipelineRun(App& app, HttpRequest& request, RequestContext& ctx);
Result<HttpResponse> RetryPipelineRun(App& app, HttpRequest& request, RequestContext& ctx);
Result<HttpResponse> GetPipelineStepLogs(App& app, HttpRequest& request, RequestContext& ctx);
Result<HttpResponse> GetPipelineRunEvents(App& app, HttpRequest& request, RequestContext& ctx);

}  // namespace lathe::api
