// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// HTTP handlers for batch transform jobs (docs/api/deploy.md, "Batch transform"): submit (202 +
// Location), list, get, and stop (DELETE). The request JSON is parsed here into a
// jobs::TransformRequest; the work is jobs::TransformService's.
#pragma once

#include <nlohmann/json.hpp>

#include "api/app.h"
#include "api/http_types.h"
#include "store/metadata_store.h"

namespace lathe::api {

Result<HttpResponse> CreateTransformJob(App& app, HttpRequest& request, RequestContext& context);
Result<HttpResponse> ListTransformJobs(App& app, HttpRequest& request, RequestContext& context);
Result<HttpResponse> GetTransformJob(App& app, HttpRequest& request, RequestContext& context);
Result<HttpResponse> StopTransformJob(App& app, HttpRequest& request, RequestContext& context);

// The API form of a stored job: {"id", "state", "created_at", "updated_at", ...its body, "links"}.
nlohmann::json TransformJobJson(const store::ResourceRecord& record);

}  // namespace lathe::api
