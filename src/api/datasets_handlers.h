// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// HTTP handlers for /api/v1/datasets (docs/api/datasets.md): JSON in and out, over
// DatasetService. Each handler is a plain function of (App, request, context).
#pragma once

#include "api/app.h"
#include "api/http_types.h"

namespace lathe::api {

Result<HttpResponse> UploadDataset(App& app, HttpRequest& request, RequestContext& context);
Result<HttpResponse> ListDatasets(App& app, HttpRequest& request, RequestContext& context);
Result<HttpResponse> GetDataset(App& app, HttpRequest& request, RequestContext& context);
Result<HttpResponse> GetDatasetRows(App& app, HttpRequest& request, RequestContext& context);
Result<HttpResponse> GetDatasetProfile(App& app, HttpRequest& request, RequestContext& context);
Result<HttpResponse> PostDatasetProfile(App& app, HttpRequest& request, RequestContext& context);
Result<HttpResponse> DownloadDataset(App& app, HttpRequest& request, RequestContext& context);
Result<HttpResponse> DeleteDataset(App& app, HttpRequest& request, RequestContext& context);

// The dataset object of the API.
nlohmann::json DatasetJson(const store::DatasetRecord& record);

}  // namespace lathe::api
